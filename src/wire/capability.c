/* capability.c — the capabilities container: storage, layout, builders, look-ups, names.
 * The wire format of each capability is in capability_codec.c. */
#include "wire/capability.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void capabilities_init(struct capabilities *c)
{
	memset(c, 0, sizeof(*c));
}

void capabilities_fini(struct capabilities *c)
{
	free(c->slots);
	free(c->multiprotocol.v);
	free(c->nexthop.v);
	free(c->labels.v);
	free(c->graceful.v);
	free(c->addpath.v);
	free(c->paths_limit.v);
	free(c->hostname);
	free(c->domain);
	free(c->software);
	for (uint32_t i = 0; i < c->nunknown; i++)
		free(c->unknown[i].data);
	free(c->unknown);
	memset(c, 0, sizeof(*c));
}

/* The names ExaBGP gives capability codes (its CapabilityCode.names), which also name the
 * Session ID codes of a multi-session capability in JSON. */
const char *capability_code_name(uint8_t code)
{
	switch (code) {
	case 0: return "reserved";
	case CAP_MULTIPROTOCOL: return "multiprotocol";
	case CAP_ROUTE_REFRESH: return "route-refresh";
	case 3: return "outbound-route-filtering";
	case 4: return "multiple-routes";
	case CAP_EXTENDED_NEXTHOP: return "nexthop";
	case CAP_EXTENDED_MESSAGE: return "extended-message";
	case CAP_MULTIPLE_LABELS: return "multiple-labels";
	case CAP_ROLE: return "role";
	case CAP_GRACEFUL_RESTART: return "graceful-restart";
	case CAP_ASN4: return "asn4";
	case 67: return "dynamic-capability";
	case CAP_MULTISESSION: return "multi-session";
	case CAP_ADD_PATH: return "add-path";
	case CAP_ENHANCED_ROUTE_REFRESH: return "enhanced-route-refresh";
	case CAP_HOSTNAME: return "hostname";
	case CAP_SOFTWARE_VERSION: return "software-version";
	case CAP_PATHS_LIMIT: return "paths-limit";
	case CAP_LINK_LOCAL_NEXTHOP: return "link-local-nexthop";
	case CAP_ROUTE_REFRESH_CISCO: return "cisco-route-refresh";
	case CAP_MULTISESSION_CISCO: return "cisco-multi-sesion"; /* sic, as ExaBGP spells it */
	case CAP_OPERATIONAL: return "operational";
	}
	return NULL;
}

/* ---- layout ---- */

struct cap_slot *capabilities_slot_new(struct capabilities *c, uint8_t code, uint16_t param)
{
	if (c->nslots == c->slots_cap) {
		c->slots_cap = c->slots_cap ? c->slots_cap * 2 : 16;
		c->slots = xrealloc(c->slots, c->slots_cap * sizeof(*c->slots));
	}
	struct cap_slot *s = &c->slots[c->nslots++];
	memset(s, 0, sizeof(*s));
	s->code = code;
	s->param = param;
	c->present[code >> 6] |= (uint64_t)1 << (code & 63);
	return s;
}

uint16_t capabilities_params(const struct capabilities *c)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < c->nslots; i++)
		if (!c->slots[i].dead && c->slots[i].param + 1u > n)
			n = c->slots[i].param + 1u;
	return (uint16_t)n;
}

struct cap_family *cap_list_push(struct cap_list *l)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	struct cap_family *f = &l->v[l->len++];
	memset(f, 0, sizeof(*f));
	return f;
}

struct cap_raw *capabilities_raw_push(struct capabilities *c, uint8_t code, const uint8_t *data,
				      uint8_t len)
{
	if (c->nunknown == c->unknown_cap) {
		c->unknown_cap = c->unknown_cap ? c->unknown_cap * 2 : 4;
		c->unknown = xrealloc(c->unknown, c->unknown_cap * sizeof(*c->unknown));
	}
	struct cap_raw *r = &c->unknown[c->nunknown++];
	r->code = code;
	r->len = len;
	r->data = len ? xmemdup(data, len) : NULL;
	return r;
}

/* ---- building ---- */

/* The last live, understood slot of code, or NULL. */
static struct cap_slot *slot_live(struct capabilities *c, uint8_t code)
{
	for (uint32_t i = c->nslots; i-- > 0;)
		if (c->slots[i].code == code && !c->slots[i].dead && !c->slots[i].raw)
			return &c->slots[i];
	return NULL;
}

static struct cap_slot *slot_single(struct capabilities *c, uint8_t code)
{
	struct cap_slot *s = slot_live(c, code);
	if (s == NULL) {
		s = capabilities_slot_new(c, code, 0);
		s->count = 1;
	}
	return s;
}

/* Append an entry to the one TLV of a per-family capability we send (RFC 7911 4 and the
 * others ask for a single instance carrying every family). */
static struct cap_family *list_add(struct capabilities *c, uint8_t code, struct cap_list *l)
{
	struct cap_slot *s = slot_live(c, code);
	if (s == NULL || s->first + s->count != l->len) {
		s = capabilities_slot_new(c, code, 0);
		s->first = l->len;
	}
	s->count++;
	return cap_list_push(l);
}

void capabilities_announce(struct capabilities *c, uint8_t code)
{
	slot_single(c, code);
}

void capabilities_add_family(struct capabilities *c, uint16_t afi, uint8_t safi)
{
	if (capabilities_family(c, afi, safi))
		return;
	struct cap_slot *s = capabilities_slot_new(c, CAP_MULTIPROTOCOL, 0);
	s->first = c->multiprotocol.len;
	s->count = 1;
	struct cap_family *f = cap_list_push(&c->multiprotocol);
	f->afi = afi;
	f->safi = safi;
}

void capabilities_add_nexthop(struct capabilities *c, uint16_t afi, uint16_t safi, uint16_t nh_afi)
{
	struct cap_family *f = list_add(c, CAP_EXTENDED_NEXTHOP, &c->nexthop);
	f->afi = afi;
	f->safi = safi;
	f->value = nh_afi;
}

void capabilities_add_labels(struct capabilities *c, uint16_t afi, uint8_t safi, uint8_t count)
{
	struct cap_family *f = list_add(c, CAP_MULTIPLE_LABELS, &c->labels);
	f->afi = afi;
	f->safi = safi;
	f->value = count;
}

void capabilities_set_role(struct capabilities *c, uint8_t role)
{
	slot_single(c, CAP_ROLE);
	c->role = role;
}

void capabilities_set_graceful(struct capabilities *c, uint8_t flags, uint16_t time)
{
	struct cap_slot *s = slot_live(c, CAP_GRACEFUL_RESTART);
	if (s == NULL) {
		s = capabilities_slot_new(c, CAP_GRACEFUL_RESTART, 0);
		s->first = c->graceful.len;
	}
	c->graceful_flags = flags & 0xf;
	c->graceful_time = time & CAP_GR_TIME_MAX;
}

void capabilities_add_graceful_family(struct capabilities *c, uint16_t afi, uint8_t safi, uint8_t flags)
{
	if (slot_live(c, CAP_GRACEFUL_RESTART) == NULL)
		capabilities_set_graceful(c, 0, 0);
	struct cap_family *f = list_add(c, CAP_GRACEFUL_RESTART, &c->graceful);
	f->afi = afi;
	f->safi = safi;
	f->value = flags;
}

void capabilities_set_asn4(struct capabilities *c, uint32_t asn)
{
	slot_single(c, CAP_ASN4);
	c->asn4 = asn;
}

void capabilities_set_multisession(struct capabilities *c, uint8_t code, const uint8_t *ids, uint8_t n)
{
	struct cap_multisession *m = &c->multisession[code == CAP_MULTISESSION_CISCO];
	slot_single(c, code == CAP_MULTISESSION_CISCO ? CAP_MULTISESSION_CISCO : CAP_MULTISESSION);
	m->flags = 0;
	m->len = n < 254 ? n : 254; /* the flags octet and the ids share one 255 octet value */
	if (m->len)
		memcpy(m->codes, ids, m->len);
}

void capabilities_add_addpath(struct capabilities *c, uint16_t afi, uint8_t safi, uint8_t sr)
{
	struct cap_family *f = list_add(c, CAP_ADD_PATH, &c->addpath);
	f->afi = afi;
	f->safi = safi;
	f->value = sr;
}

void capabilities_add_paths_limit(struct capabilities *c, uint16_t afi, uint8_t safi, uint16_t limit)
{
	struct cap_family *f = list_add(c, CAP_PATHS_LIMIT, &c->paths_limit);
	f->afi = afi;
	f->safi = safi;
	f->value = limit;
}

static void text_set(char **dst, uint8_t *dst_len, const char *s, size_t len)
{
	free(*dst);
	*dst = xmalloc(len + 1);
	if (len)
		memcpy(*dst, s, len);
	(*dst)[len] = '\0';
	*dst_len = (uint8_t)len;
}

int capabilities_set_hostname(struct capabilities *c, const char *host, size_t host_len,
			      const char *domain, size_t domain_len)
{
	if (2 + host_len + domain_len > 255)
		return -1;
	slot_single(c, CAP_HOSTNAME);
	text_set(&c->hostname, &c->hostname_len, host, host_len);
	text_set(&c->domain, &c->domain_len, domain, domain_len);
	return 0;
}

int capabilities_set_software(struct capabilities *c, const char *text, size_t len)
{
	if (1 + len > 255)
		return -1;
	slot_single(c, CAP_SOFTWARE_VERSION);
	text_set(&c->software, &c->software_len, text, len);
	return 0;
}

void capabilities_add_raw(struct capabilities *c, uint8_t code, const uint8_t *data, uint8_t len)
{
	struct cap_slot *s = capabilities_slot_new(c, code, 0);
	s->raw = true;
	s->first = c->nunknown;
	s->count = 1;
	capabilities_raw_push(c, code, data, len);
}

/* ---- looking up ---- */

static const struct cap_family *list_find(const struct cap_list *l, uint16_t afi, uint16_t safi)
{
	for (uint32_t i = 0; i < l->len; i++)
		if (l->v[i].afi == afi && l->v[i].safi == safi)
			return &l->v[i];
	return NULL;
}

bool capabilities_family(const struct capabilities *c, uint16_t afi, uint8_t safi)
{
	return list_find(&c->multiprotocol, afi, safi) != NULL;
}

uint8_t capabilities_addpath(const struct capabilities *c, uint16_t afi, uint8_t safi)
{
	uint8_t sr = 0;
	/* ExaBGP keeps the last value given for a family; RFC 7911 4 asks for one instance */
	for (uint32_t i = 0; i < c->addpath.len; i++)
		if (c->addpath.v[i].afi == afi && c->addpath.v[i].safi == safi)
			sr = (uint8_t)c->addpath.v[i].value;
	return sr;
}

bool capabilities_nexthop(const struct capabilities *c, uint16_t afi, uint16_t safi, uint16_t nh_afi)
{
	for (uint32_t i = 0; i < c->nexthop.len; i++) {
		const struct cap_family *f = &c->nexthop.v[i];
		if (f->afi == afi && f->safi == safi && f->value == nh_afi)
			return true;
	}
	return false;
}

bool capabilities_graceful_family(const struct capabilities *c, uint16_t afi, uint8_t safi,
				  uint8_t *flags)
{
	const struct cap_family *f;
	if (!capabilities_has(c, CAP_GRACEFUL_RESTART))
		return false;
	f = list_find(&c->graceful, afi, safi);
	if (f && flags)
		*flags = (uint8_t)f->value;
	return f != NULL;
}

uint8_t capabilities_labels(const struct capabilities *c, uint16_t afi, uint8_t safi)
{
	/* RFC 8277 2.1: only the first triple for a family counts; a count of 0 or 1 is the
	 * same as none */
	const struct cap_family *f = list_find(&c->labels, afi, safi);
	return f && f->value >= 2 ? (uint8_t)f->value : 0;
}

uint16_t capabilities_paths_limit(const struct capabilities *c, uint16_t afi, uint8_t safi)
{
	/* as ExaBGP reads it: a zero limit is skipped, the first other one for a family wins */
	for (uint32_t i = 0; i < c->paths_limit.len; i++) {
		const struct cap_family *f = &c->paths_limit.v[i];
		if (f->afi == afi && f->safi == safi && f->value != 0)
			return f->value;
	}
	return 0;
}

const struct cap_raw *capabilities_raw(const struct capabilities *c, uint8_t code)
{
	for (uint32_t i = c->nunknown; i-- > 0;)
		if (c->unknown[i].code == code)
			return &c->unknown[i];
	return NULL;
}

bool capabilities_decoded(const struct capabilities *c, uint8_t code)
{
	for (uint32_t i = 0; i < c->nslots; i++)
		if (c->slots[i].code == code && !c->slots[i].dead && !c->slots[i].raw)
			return true;
	return false;
}
