/* json_capability.c — ExaBGP's JSON for each capability of an OPEN.
 *
 * Owns: one writer per capability code, with ExaBGP's key names and its reading of repeats
 * (the JSON shows one object per code, in the order codes first appeared).
 * Must not know: the wire layout (it reads struct capabilities only).
 */
#include <stdio.h>

#include "core/hex.h"
#include "model/json_open.h"
#include "wire/family.h"

/* "ipv4/unicast", with ExaBGP's spelling of numbers it has no name for. */
static void family_name(uint16_t afi, uint16_t safi, char *out, size_t size)
{
	char name[FAMILY_NAME_MAX];
	snprintf(out, size, "%s", family_format_sep(afi, safi, '/', name));
}

#define FAMILY_TEXT_MAX 64

static void json_family_key(struct json *j, uint16_t afi, uint16_t safi)
{
	char name[FAMILY_TEXT_MAX];
	family_name(afi, safi, name, sizeof(name));
	json_key(j, name);
}

/* Whether an earlier entry of l has the same family (JSON shows a family once). */
static bool family_before(const struct cap_list *l, uint32_t i)
{
	for (uint32_t k = 0; k < i; k++)
		if (l->v[k].afi == l->v[i].afi && l->v[k].safi == l->v[i].safi)
			return true;
	return false;
}

/* The value of the last entry for the family of l->v[i]: a dict keeps a key's first place
 * and its last value, and ExaBGP keeps these capabilities in one. */
static uint16_t family_last(const struct cap_list *l, uint32_t i)
{
	uint16_t v = l->v[i].value;
	for (uint32_t k = i + 1; k < l->len; k++)
		if (l->v[k].afi == l->v[i].afi && l->v[k].safi == l->v[i].safi)
			v = l->v[k].value;
	return v;
}

static void json_name(struct json *j, const char *name)
{
	json_key(j, "name");
	json_string(j, name);
}

static void json_multiprotocol(struct json *j, const struct capabilities *c)
{
	const struct cap_list *l = &c->multiprotocol;
	char name[FAMILY_TEXT_MAX];

	json_name(j, "multiprotocol");
	json_key(j, "families");
	json_array_open(j);
	json_quirk(j, JSON_Q_EMPTY_ONE); /* ExaBGP: '[%s ]' */
	for (uint32_t i = 0; i < l->len; i++) {
		if (family_before(l, i))
			continue; /* ExaBGP ignores a family announced twice */
		family_name(l->v[i].afi, l->v[i].safi, name, sizeof(name));
		json_string(j, name);
	}
	json_array_close(j);
}

static void json_nexthop(struct json *j, const struct capabilities *c)
{
	const struct cap_list *l = &c->nexthop;
	char name[FAMILY_TEXT_MAX], conversion[FAMILY_TEXT_MAX + 24];

	json_name(j, "nexthop");
	json_key(j, "conversion");
	json_array_open(j);
	json_quirk(j, JSON_Q_EMPTY_ONE);
	for (uint32_t i = 0; i < l->len; i++) {
		bool twice = false;
		for (uint32_t k = 0; k < i; k++)
			if (l->v[k].afi == l->v[i].afi && l->v[k].safi == l->v[i].safi &&
			    l->v[k].value == l->v[i].value)
				twice = true;
		if (twice)
			continue;
		family_name(l->v[i].afi, l->v[i].safi, name, sizeof(name));
		const char *nh = afi_name(l->v[i].value);
		if (nh)
			snprintf(conversion, sizeof(conversion), "%s/%s", name, nh);
		else
			snprintf(conversion, sizeof(conversion), "%s/unknown-afi-0x%x", name, l->v[i].value);
		json_string(j, conversion);
	}
	json_array_close(j);
}

/* Multiple labels and paths-limit: {"name": ..., "ipv4/unicast": N}, one count a family.
 * Values below min mean nothing. RFC 8277 2.1 has the first triple of a family win even
 * when it means nothing (first_wins); for paths-limit ExaBGP takes the first that does. */
static void json_family_counts(struct json *j, const struct cap_list *l, const char *name,
			       uint16_t min, bool first_wins)
{
	json_name(j, name);
	for (uint32_t i = 0; i < l->len; i++) {
		bool hidden = false;
		if (l->v[i].value < min)
			continue;
		for (uint32_t k = 0; k < i; k++)
			if (l->v[k].afi == l->v[i].afi && l->v[k].safi == l->v[i].safi &&
			    (first_wins || l->v[k].value >= min))
				hidden = true;
		if (hidden)
			continue;
		json_family_key(j, l->v[i].afi, l->v[i].safi);
		json_uint(j, l->v[i].value);
	}
}

static const char *role_name(uint8_t role)
{
	static const char *const names[] = {"provider", "rs", "rs-client", "customer", "peer"};
	return role < sizeof(names) / sizeof(names[0]) ? names[role] : "unknown";
}

/* ExaBGP 6: R in the Restart Flags is "restart", F in a family's flags is "forwarding".
 * Its text: "address-family-flags": { "ipv4/unicast": [ "forwarding" ] , "ipv6/unicast": [ ] },
 * "restart-flags": [ "restart" ]  } (each list followed by a space of its own). */
static void json_graceful(struct json *j, const struct capabilities *c)
{
	const struct cap_list *l = &c->graceful;

	json_name(j, "graceful restart");
	json_key(j, "time");
	json_uint(j, c->graceful_time);
	json_key(j, "address-family-flags");
	json_object_open(j);
	json_quirk(j, JSON_Q_EMPTY_ONE | JSON_Q_CLOSE_TIGHT);
	for (uint32_t i = 0; i < l->len; i++) {
		if (family_before(l, i))
			continue;
		json_family_key(j, l->v[i].afi, l->v[i].safi);
		json_array_open(j);
		json_quirk(j, JSON_Q_EMPTY_ONE);
		if (family_last(l, i) & CAP_GR_FORWARDING)
			json_string(j, "forwarding");
		json_array_close(j);
		json_space(j);
	}
	json_object_close(j);
	json_key(j, "restart-flags");
	json_array_open(j);
	json_quirk(j, JSON_Q_EMPTY_ONE);
	if (c->graceful_flags & CAP_GR_RESTART_STATE)
		json_string(j, "restart");
	json_array_close(j);
	json_space(j);
}

static void json_multisession(struct json *j, const struct capabilities *c, uint8_t code)
{
	const struct cap_multisession *m = &c->multisession[code == CAP_MULTISESSION_CISCO];

	json_name(j, "multisession");
	json_key(j, "variant");
	json_string(j, code == CAP_MULTISESSION ? "RFC" : "Cisco");
	json_key(j, "capabilities");
	json_array_open(j);
	json_quirk(j, JSON_Q_EMPTY_ONE);
	for (uint8_t i = 0; i < m->len; i++) {
		uint8_t id = m->codes[i];
		const char *name = capability_code_name(id);
		char unknown[32];
		/* the draft has a receiver ignore multi-session itself in a Session ID */
		if (id == CAP_MULTISESSION || id == CAP_MULTISESSION_CISCO)
			continue;
		if (name == NULL) {
			snprintf(unknown, sizeof(unknown), "unknown capability 0x%x", id);
			name = unknown;
		}
		json_string(j, name);
	}
	json_array_close(j);
}

static void json_addpath(struct json *j, const struct capabilities *c)
{
	static const char *const sr[] = {"disabled", "receive", "send", "send/receive"};
	const struct cap_list *l = &c->addpath;

	json_name(j, "addpath");
	for (uint32_t i = 0; i < l->len; i++) {
		uint16_t v;
		if (family_before(l, i))
			continue;
		v = family_last(l, i);
		json_family_key(j, l->v[i].afi, l->v[i].safi);
		json_string(j, v < 4 ? sr[v] : "disabled");
		json_quirk(j, JSON_Q_SEP_COMMA); /* ExaBGP joins the families with ',' alone */
	}
}

/* ExaBGP's UnknownCapability: what IANA says of the code, and the value in upper-case hex. */
static void json_unknown(struct json *j, const struct cap_raw *r, uint8_t code)
{
	struct buf hex = BUF_INIT;
	const char *iana = code >= 128 ? "reserved" : code >= 70 ? "unassigned" : "unknown";

	if (r)
		hex_put(&hex, r->data, r->len, true);
	json_name(j, "unknown");
	json_key(j, "iana");
	json_string(j, iana);
	json_key(j, "value");
	json_uint(j, code);
	json_key(j, "raw");
	json_string_n(j, hex.len ? (const char *)hex.data : "", hex.len);
	buf_free(&hex);
}

static void json_capability(struct json *j, const struct capabilities *c, uint8_t code)
{
	if (!capabilities_decoded(c, code)) {
		json_unknown(j, capabilities_raw(c, code), code);
		return;
	}
	switch (code) {
	case CAP_MULTIPROTOCOL:
		json_multiprotocol(j, c);
		return;
	case CAP_ROUTE_REFRESH:
	case CAP_ROUTE_REFRESH_CISCO:
		json_name(j, "route-refresh");
		json_key(j, "variant");
		json_string(j, code == CAP_ROUTE_REFRESH ? "RFC" : "Cisco");
		return;
	case CAP_EXTENDED_NEXTHOP:
		json_nexthop(j, c);
		return;
	case CAP_EXTENDED_MESSAGE:
		json_name(j, "extended-message");
		json_key(j, "size");
		json_uint(j, 65535); /* RFC 8654 */
		return;
	case CAP_MULTIPLE_LABELS:
		json_family_counts(j, &c->labels, "multiple-labels", 2, true);
		return;
	case CAP_ROLE:
		json_name(j, "role");
		json_key(j, "role");
		json_string(j, role_name(c->role));
		return;
	case CAP_GRACEFUL_RESTART:
		json_graceful(j, c);
		return;
	case CAP_ASN4:
		json_name(j, "asn4");
		json_key(j, "asn4");
		json_uint(j, c->asn4);
		return;
	case CAP_MULTISESSION:
	case CAP_MULTISESSION_CISCO:
		json_multisession(j, c, code);
		return;
	case CAP_ADD_PATH:
		json_addpath(j, c);
		return;
	case CAP_ENHANCED_ROUTE_REFRESH:
		json_name(j, "enhanced-route-refresh");
		return;
	case CAP_HOSTNAME:
		json_key(j, "host-name");
		json_string_n(j, c->hostname ? c->hostname : "", c->hostname_len);
		json_key(j, "domain-name");
		json_string_n(j, c->domain ? c->domain : "", c->domain_len);
		return;
	case CAP_SOFTWARE_VERSION:
		json_key(j, "software");
		json_string_n(j, c->software ? c->software : "", c->software_len);
		return;
	case CAP_PATHS_LIMIT:
		json_family_counts(j, &c->paths_limit, "paths-limit", 1, false);
		return;
	case CAP_LINK_LOCAL_NEXTHOP:
		json_name(j, "link-local-nexthop");
		return;
	case CAP_OPERATIONAL:
		json_name(j, "operational");
		return;
	}
	json_unknown(j, capabilities_raw(c, code), code);
}

void json_capabilities_write(struct json *j, const struct capabilities *c)
{
	uint64_t done[4] = {0, 0, 0, 0};

	json_object_open(j);
	for (uint32_t i = 0; i < c->nslots; i++) {
		uint8_t code = c->slots[i].code;
		char key[4];

		if ((done[code >> 6] >> (code & 63)) & 1)
			continue;
		done[code >> 6] |= (uint64_t)1 << (code & 63);
		snprintf(key, sizeof(key), "%u", code);
		json_key(j, key);
		json_object_open(j);
		json_capability(j, c, code);
		json_object_close(j);
	}
	json_object_close(j);
}
