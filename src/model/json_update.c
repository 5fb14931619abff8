/* json_update.c — see json_update.h. */
#include "model/json_update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/hex.h"
#include "core/xalloc.h"
#include "model/attr_text.h"
#include "model/bgpls_json.h"
#include "model/evpn_text.h"
#include "model/flow_text.h"
#include "model/mpls_text.h"
#include "model/mup_text.h"
#include "model/srpolicy_text.h"
#include "model/mvpn_text.h"
#include "model/vpls_text.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_flow.h"
#include "wire/nlri_mpls.h"

static void write_ipv4(struct json *j, const uint8_t *addr)
{
	char ip[IP_STR_MAX];
	json_string(j, ip_format(AFI_IPV4, addr, ip));
}

static const char *segment_name(uint8_t type)
{
	switch (type) {
	case AS_SET:
		return "as-set";
	case AS_SEQUENCE:
		return "as-sequence";
	case AS_CONFED_SEQUENCE:
		return "confed-sequence";
	case AS_CONFED_SET:
		return "confed-set";
	}
	return "unknown";
}

/* 6.0.0: {"0": {"element": "as-sequence", "value": [1, 2]}, "1": ...}, which ExaBGP makes
 * with json.dumps: Python's spacing inside its own. */
static void write_aspath_v6(struct json *j, struct bytes path)
{
	struct aspath_iter it;
	uint8_t type, count;
	const uint8_t *asns;
	unsigned pos = 0;
	char key[12];

	JSON_KEY(j, "as-path");
	enum json_style outer = json_style_set(j, JSON_STYLE_PYTHON);
	json_object_open(j);
	aspath_iter_init(&it, path);
	while (aspath_iter_next(&it, &type, &count, &asns) == 1) {
		struct buf kb = {(uint8_t *)key, 0, sizeof(key)};
		buf_put_uint(&kb, pos++);
		json_key_trusted(j, key, kb.len);
		json_object_open(j);
		JSON_KEY(j, "element");
		json_string(j, segment_name(type));
		JSON_KEY(j, "value");
		json_array_open(j);
		for (unsigned i = 0; i < count; i++)
			json_uint(j, be32_load(asns + 4 * i));
		json_array_close(j);
		json_object_close(j);
	}
	json_object_close(j);
	json_style_set(j, outer);
}

/* 4.x: segments flattened by kind; as-path and confederation-path always, sets if any */
static void write_aspath_v4(struct json *j, struct bytes path)
{
	static const struct {
		const char *name;
		uint8_t type;
		bool always;
	} kinds[] = {
		{"as-path", AS_SEQUENCE, true},
		{"as-set", AS_SET, false},
		{"confederation-path", AS_CONFED_SEQUENCE, true},
		{"confederation-set", AS_CONFED_SET, false},
	};
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct aspath_iter it;
		uint8_t type, count;
		const uint8_t *asns;
		bool any = false;

		aspath_iter_init(&it, path);
		while (aspath_iter_next(&it, &type, &count, &asns) == 1)
			if (type == kinds[k].type && count)
				any = true;
		if (!any && !kinds[k].always)
			continue;
		json_key(j, kinds[k].name);
		if (!any) {
			json_raw(j, "[]", 2); /* ExaBGP 4's default for an empty one, unspaced */
			continue;
		}
		json_array_open(j);
		aspath_iter_init(&it, path);
		while (aspath_iter_next(&it, &type, &count, &asns) == 1)
			if (type == kinds[k].type)
				for (unsigned i = 0; i < count; i++)
					json_uint(j, be32_load(asns + 4 * i));
		json_array_close(j);
	}
}

/* A big-endian unsigned integer of any width as decimal (IPv6 extended communities are
 * 160-bit values, which ExaBGP prints as one Python integer). */
static void put_bignum_decimal(struct buf *out, const uint8_t *bytes, size_t len)
{
	uint8_t work[32];
	char digits[80];
	size_t nd = 0;

	if (len > sizeof(work))
		len = sizeof(work);
	memcpy(work, bytes, len);
	for (;;) {
		bool zero = true;
		unsigned rem = 0;
		for (size_t i = 0; i < len; i++) {
			unsigned cur = rem * 256 + work[i];
			work[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			if (work[i])
				zero = false;
		}
		digits[nd++] = (char)('0' + rem);
		if (zero || nd == sizeof(digits))
			break;
	}
	while (nd)
		buf_putc(out, digits[--nd]);
}

static void write_ext_communities(struct json *j, const char *name, struct bytes list, size_t size,
				  enum json_shape shape)
{
	struct buf text = BUF_INIT;
	json_key(j, name);
	json_array_open(j);
	for (size_t off = 0; off + size <= list.len; off += size) {
		const uint8_t *v = list.ptr + off;
		json_object_open(j);
		JSON_KEY(j, "value");
		if (size == 8) {
			json_uint(j, ((uint64_t)be32_load(v) << 32) | be32_load(v + 4));
		} else {
			struct buf num = BUF_INIT;
			put_bignum_decimal(&num, v, size);
			json_raw(j, (const char *)num.data, num.len);
			buf_free(&num);
		}
		JSON_KEY(j, "string");
		buf_reset(&text);
		/* ExaBGP gives a type it does not know an empty string */
		if (size == 8 && ext_community_known(v))
			ext_community_format(&text, v);
		else if (size == 20 && ipv6_ext_community_known(v))
			ipv6_ext_community_format(&text, v);
		json_string_n(j, (const char *)text.data, text.len);
		if (shape == JSON_SHAPE_V6 && size == 8 && (v[0] & 0x0F) == 0x07 && v[1] == 0x02 &&
		    ext_community_known(v)) {
			/* flowspec interface-set: ExaBGP 6 adds the transitivity the string leaves out */
			JSON_KEY(j, "transitive");
			json_bool(j, !(v[0] & 0x40));
		}
		json_object_close(j);
	}
	json_array_close(j);
	buf_free(&text);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_large(const void *a, const void *b)
{
	return memcmp(a, b, 12); /* big-endian: byte order is numeric order */
}

/* ExaBGP keeps communities sorted: [[65000, 1], [65000, 2]] whatever the wire order */
static void write_communities(struct json *j, struct bytes list)
{
	size_t n = list.len / 4;
	uint32_t small[64], *values = n <= 64 ? small : xmalloc(n * sizeof(*values));
	for (size_t i = 0; i < n; i++)
		values[i] = be32_load(list.ptr + 4 * i);
	qsort(values, n, sizeof(*values), cmp_u32);
	JSON_KEY(j, "community");
	json_array_open(j);
	for (size_t i = 0; i < n; i++) {
		json_array_open(j);
		json_uint(j, values[i] >> 16);
		json_uint(j, values[i] & 0xffff);
		json_array_close(j);
	}
	json_array_close(j);
	if (values != small)
		free(values);
}

/* ... and large communities sorted without repeats */
static void write_large_communities(struct json *j, struct bytes list)
{
	size_t n = list.len / 12;
	uint8_t *values = xmemdup(list.ptr, n * 12);
	qsort(values, n, 12, cmp_large);
	JSON_KEY(j, "large-community");
	json_array_open(j);
	for (size_t i = 0; i < n; i++) {
		if (i && memcmp(values + 12 * i, values + 12 * (i - 1), 12) == 0)
			continue;
		/* ExaBGP: '[ %d, %d , %d ]' */
		json_array_open(j);
		json_uint(j, be32_load(values + 12 * i));
		json_uint(j, be32_load(values + 12 * i + 4));
		json_space(j);
		json_uint(j, be32_load(values + 12 * i + 8));
		json_array_close(j);
	}
	json_array_close(j);
	free(values);
}

/* Unknown attributes: "attribute-0xCC-0xFF": "0x<hex>" (ExaBGP's GenericAttribute) */
static int write_unknown(struct json *j, struct cursor *c)
{
	struct attr_raw a;
	char key[32];
	struct buf hex = BUF_INIT;
	int rc = -1;

	if (!attr_raw_next(c, &a))
		goto out;
	uint8_t flags = a.flags, code = a.code;
	uint32_t len = a.len;
	const uint8_t *value = a.value;
	if (code == ATTR_PREFIX_SID && mpls_json_prefix_sid(j, value, len)) {
		rc = 0;
		goto out;
	}
	if (code == ATTR_BGP_LS && bgpls_attr_json(j, value, len)) {
		rc = 0;
		goto out;
	}
	if (code == ATTR_TUNNEL_ENCAP && tunnel_encap_json(j, value, len)) {
		rc = 0;
		goto out;
	}
	snprintf(key, sizeof(key), "attribute-0x%02X-0x%02X", code, flags);
	buf_puts(&hex, "0x");
	hex_put(&hex, value, len, false);
	json_key(j, key);
	json_string_n(j, (const char *)hex.data, hex.len);
	rc = 0;
out:
	buf_free(&hex);
	return rc;
}

/* The next unknown attribute's code, or 256 when there is none left. */
static unsigned peek_unknown_code(const struct cursor *c)
{
	return cursor_left(c) >= 2 ? cursor_ptr(c)[1] : 256;
}

void json_attributes_write(struct json *j, const struct attr_set *a, enum json_shape shape,
			   bool include_next_hop)
{
	struct cursor unknown = cursor_make(a->unknown.ptr, a->unknown.len, 0);
	char ip[IP_STR_MAX];

	/* Known attributes in type-code order, unknown ones slotted in by their code */
	uint64_t bits = a->present & ~(ATTR_BIT(ATTR_MP_REACH_NLRI) | ATTR_BIT(ATTR_MP_UNREACH_NLRI));
	for (;;) {
		unsigned known = bits ? (unsigned)__builtin_ctzll(bits) : 256;
		unsigned unknown_code = peek_unknown_code(&unknown);
		if (unknown_code <= known) {
			if (unknown_code == 256)
				break;
			if (write_unknown(j, &unknown) < 0)
				break; /* a view we did not build: stop rather than loop */
			continue;
		}
		bits &= bits - 1;
		unsigned code = known;
		switch (code) {
		case ATTR_ORIGIN: {
			struct buf t = BUF_INIT;
			origin_format(&t, a->origin);
			JSON_KEY(j, "origin");
			json_string_n(j, (const char *)t.data, t.len);
			buf_free(&t);
			break;
		}
		case ATTR_AS_PATH:
			/* ExaBGP omits an empty AS_PATH (iBGP routes) */
			if (a->as_path.len == 0)
				break;
			if (shape == JSON_SHAPE_V4)
				write_aspath_v4(j, a->as_path);
			else
				write_aspath_v6(j, a->as_path);
			break;
		case ATTR_NEXT_HOP:
			/* shown with the NLRI of an announce; in the attributes only beside withdrawals */
			if (include_next_hop) {
				JSON_KEY(j, "next-hop");
				write_ipv4(j, a->next_hop);
			}
			break;
		case ATTR_MED:
			JSON_KEY(j, "med");
			json_uint(j, a->med);
			break;
		case ATTR_LOCAL_PREF:
			JSON_KEY(j, "local-preference");
			json_uint(j, a->local_pref);
			break;
		case ATTR_ATOMIC_AGGREGATE:
			JSON_KEY(j, "atomic-aggregate");
			json_bool(j, true);
			break;
		case ATTR_AGGREGATOR: {
			char text[IP_STR_MAX + 16];
			snprintf(text, sizeof(text), "%u:%s", a->aggregator_as,
				 ip_format(AFI_IPV4, a->aggregator_ip, ip));
			JSON_KEY(j, "aggregator");
			json_string(j, text);
			break;
		}
		case ATTR_COMMUNITIES:
			write_communities(j, a->communities);
			break;
		case ATTR_ORIGINATOR_ID:
			JSON_KEY(j, "originator-id");
			json_string(j, ipv4_format_u32(a->originator_id, ip));
			break;
		case ATTR_CLUSTER_LIST:
			JSON_KEY(j, "cluster-list");
			json_array_open(j);
			for (uint32_t off = 0; off + 4 <= a->cluster_list.len; off += 4)
				write_ipv4(j, a->cluster_list.ptr + off);
			json_array_close(j);
			break;
		case ATTR_EXT_COMMUNITIES:
			write_ext_communities(j, "extended-community", a->ext_communities, 8, shape);
			break;
		case ATTR_IPV6_EXT_COMMUNITIES:
			write_ext_communities(j, "extended-community-ipv6", a->ipv6_ext_communities, 20, shape);
			break;
		case ATTR_AIGP: {
			/* RFC 7311 3: TLV type 1 (AIGP), length 11, an 8-octet metric */
			struct cursor t = cursor_make(a->aigp.ptr, a->aigp.len, 0);
			uint8_t type;
			uint16_t len;
			uint64_t metric;
			if (cursor_u8(&t, &type) == 0 && cursor_u16(&t, &len) == 0 && type == 1 && len == 11 &&
			    cursor_u64(&t, &metric) == 0) {
				JSON_KEY(j, "aigp");
				json_uint(j, metric);
			}
			break;
		}
		case ATTR_LARGE_COMMUNITIES:
			write_large_communities(j, a->large_communities);
			break;
		case ATTR_OTC:
			JSON_KEY(j, "otc");
			json_uint(j, a->otc);
			break;
		default:
			break;
		}
	}
}

/* Whether ExaBGP would print an "attribute" object: any attribute it keeps. */
static bool has_attributes(const struct attr_set *a)
{
	if (a == NULL)
		return false;
	uint64_t shown = a->present;
	if (a->as_path.len == 0)
		shown &= ~ATTR_BIT(ATTR_AS_PATH); /* an empty AS_PATH is not kept */
	return shown != 0 || a->unknown.len != 0;
}

static void write_nlri(struct json *j, const struct nlri *n)
{
	char prefix[NLRI_PREFIX_STR_MAX];
	if (nlri_is_flow(n)) {
		flow_json_write(j, n, NULL);
		return;
	}
	if (n->afi == AFI_L2VPN && n->safi == SAFI_VPLS) {
		vpls_json_write(j, n);
		return;
	}
	if (n->safi == SAFI_MCAST_VPN) {
		mvpn_json_write(j, n);
		return;
	}
	if (n->safi == SAFI_MUP) {
		mup_json_write(j, n);
		return;
	}
	if (n->safi == SAFI_SR_POLICY) {
		srpolicy_json_write(j, n);
		return;
	}
	if (n->afi == AFI_L2VPN && n->safi == SAFI_EVPN) {
		evpn_json_write(j, n);
		return;
	}
	if (n->afi == AFI_BGPLS) {
		bgpls_json_write(j, n, NULL);
		return;
	}
	json_object_open(j);
	JSON_KEY(j, "nlri");
	json_string(j, nlri_prefix_format(n, prefix));
	/* with ADD-PATH in use, every NLRI shows its identifier, 0.0.0.0 included */
	if (n->has_path_id) {
		char ip[IP_STR_MAX];
		JSON_KEY(j, "path-information");
		json_string(j, ipv4_format_u32(n->path_id, ip));
	}
	if (nlri_is_labelled(n->afi, n->safi))
		mpls_json_nlri(j, n);
	json_object_close(j);
}

static void format_next_hop(const struct nexthop *nh, char *out)
{
	if (nh->len == 4)
		ip_format(AFI_IPV4, nh->addr, out);
	else if (nh->len >= 16)
		ip_format(AFI_IPV6, nh->addr, out); /* the global address; a link-local one is not shown */
	else
		strcpy(out, "null");
}

static bool same_family(const struct route *a, const struct route *b)
{
	return a->nlri.afi == b->nlri.afi && a->nlri.safi == b->nlri.safi;
}

/*
 * Announcements grouped by family, then by next hop, each in order of first appearance.
 * An UPDATE has few (family, next hop) pairs (a received one at most two), so they are
 * collected first and each route matched against them: O(routes x pairs).
 */
static void write_announces(struct json *j, const struct update_collection *c, enum json_shape shape)
{
	const struct route *small[8];
	const struct route **keys = small;
	size_t nkeys = 0, cap = sizeof(small) / sizeof(small[0]);
	char fam[FAMILY_NAME_MAX], nh[IP_STR_MAX];

	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (r->action != ROUTE_ANNOUNCE)
			continue;
		size_t k = 0;
		while (k < nkeys && !(same_family(keys[k], r) && nexthop_equal(&keys[k]->nexthop, &r->nexthop)))
			k++;
		if (k < nkeys)
			continue;
		if (nkeys == cap) {
			const struct route **grown = xmalloc(sizeof(*grown) * cap * 2);
			memcpy(grown, keys, sizeof(*grown) * nkeys);
			if (keys != small)
				free(keys);
			keys = grown;
			cap *= 2;
		}
		keys[nkeys++] = r;
	}
	if (nkeys == 0)
		return;

	JSON_KEY(j, "announce");
	json_object_open(j);
	for (size_t k = 0; k < nkeys; k++) {
		bool first_of_family = true;
		for (size_t f = 0; f < k && first_of_family; f++)
			first_of_family = !same_family(keys[f], keys[k]);
		if (!first_of_family)
			continue;
		json_key(j, family_format(keys[k]->nlri.afi, keys[k]->nlri.safi, fam));
		json_object_open(j);
		for (size_t h = k; h < nkeys; h++) {
			if (!same_family(keys[h], keys[k]))
				continue;
			/* A global + link-local next hop (32 octets): ExaBGP lists the routes under
			 * each of the two addresses */
			int addresses = keys[h]->nexthop.len == 32 ? 2 : 1;
			for (int a = 0; a < addresses; a++) {
				if (a == 0)
					format_next_hop(&keys[h]->nexthop, nh);
				else
					ip_format(AFI_IPV6, keys[h]->nexthop.addr + 16, nh);
				if (keys[h]->nexthop.len == 0 && nlri_is_flow(&keys[h]->nlri))
					strcpy(nh, "no-nexthop"); /* ExaBGP's key for a flow without one */
				json_key(j, nh);
				json_array_open(j);
				for (size_t r = 0; r < c->count; r++) {
					const struct route *rt = &c->routes[r];
					if (rt->action != ROUTE_ANNOUNCE || !same_family(rt, keys[h]) ||
					    !nexthop_equal(&rt->nexthop, &keys[h]->nexthop))
						continue;
					if (nlri_is_flow(&rt->nlri)) /* ExaBGP 4 shows a flow's next hop in it */
						flow_json_write(j, &rt->nlri, shape == JSON_SHAPE_V4 ? &rt->nexthop : NULL);
					else if (rt->nlri.afi == AFI_BGPLS) /* ExaBGP repeats the next hop inside */
						bgpls_json_write(j, &rt->nlri, nh);
					else
						write_nlri(j, &rt->nlri);
				}
				json_array_close(j);
			}
		}
		json_object_close(j);
	}
	json_object_close(j);
	if (keys != small)
		free(keys);
}

static void write_withdraws(struct json *j, const struct update_collection *c)
{
	bool opened = false;
	char fam[FAMILY_NAME_MAX];

	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (r->action != ROUTE_WITHDRAW)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = c->routes[k].action == ROUTE_WITHDRAW && same_family(&c->routes[k], r);
		if (seen)
			continue;
		if (!opened) {
			JSON_KEY(j, "withdraw");
			json_object_open(j);
			opened = true;
		}
		json_key(j, family_format(r->nlri.afi, r->nlri.safi, fam));
		json_array_open(j);
		for (size_t k = i; k < c->count; k++)
			if (c->routes[k].action == ROUTE_WITHDRAW && same_family(&c->routes[k], r))
				write_nlri(j, &c->routes[k].nlri);
		json_array_close(j);
	}
	if (opened)
		json_object_close(j);
}

void json_update_write(struct json *j, const struct json_envelope *env, const struct update_collection *c)
{
	json_envelope_open(j, env, "update");
	JSON_KEY(j, "message");
	json_object_open(j);
	if (c->eor) {
		JSON_KEY(j, "eor");
		json_object_open(j);
		json_key_loose(j, "afi"); /* ExaBGP: { "afi" : "ipv4", "safi" : "unicast" } */
		json_string(j, afi_name(c->eor_afi) ? afi_name(c->eor_afi) : "unknown");
		json_key_loose(j, "safi");
		json_string(j, safi_name(c->eor_safi) ? safi_name(c->eor_safi) : "unknown");
		json_object_close(j);
	} else {
		bool withdraws = false;
		for (size_t i = 0; i < c->count && !withdraws; i++)
			withdraws = c->routes[i].action == ROUTE_WITHDRAW;
		JSON_KEY(j, "update");
		json_object_open(j);
		if (has_attributes(c->attrs)) {
			JSON_KEY(j, "attribute");
			json_object_open(j);
			json_attributes_write(j, c->attrs, env->shape, withdraws);
			json_object_close(j);
		}
		write_announces(j, c, env->shape);
		write_withdraws(j, c);
		json_object_close(j);
	}
	json_object_close(j);
	json_envelope_close(j);
}
