/* bgpls_json.c — see bgpls_json.h. */
#include "model/bgpls_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/hex.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_bgpls.h"

static const char *const nlri_names[] = {NULL, "bgpls-node", "bgpls-link", "bgpls-prefix-v4", "bgpls-prefix-v6"};

static void json_ip(struct json *j, uint16_t afi, const uint8_t *p)
{
	char ip[IP_STR_MAX];
	json_string(j, ip_format(afi, p, ip));
}

static void json_hexstr(struct json *j, const uint8_t *p, size_t len, bool prefix)
{
	struct buf b = BUF_INIT;
	if (prefix)
		buf_puts(&b, "0x");
	hex_put(&b, p, len, true);
	json_string_n(j, (const char *)b.data, b.len);
	buf_free(&b);
}

static uint64_t be_uint(const uint8_t *p, size_t len)
{
	uint64_t v = 0;
	for (size_t i = 0; i < len && i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* ---- NLRI ------------------------------------------------------------------------------ */

/* RFC 9552 5.2.1.4: the IGP Router-ID by Protocol-ID: IS-IS a system ID (+ pseudonode),
 * OSPF a router ID (+ the designated router's) */
static void node_descriptors(struct json *j, const uint8_t *p, uint16_t len, uint8_t proto)
{
	struct cursor c = cursor_make(p, len, 0);
	uint16_t type, l;
	const uint8_t *v;
	json_array_open(j);
	while (bgpls_tlv_next(&c, &type, &v, &l) > 0) {
		json_object_open(j);
		if (type == 512 && l == 4) {
			JSON_KEY(j, "autonomous-system");
			json_uint(j, be32_load(v));
		} else if (type == 513 && l == 4) {
			char n[12];
			snprintf(n, sizeof(n), "%u", be32_load(v));
			JSON_KEY(j, "bgp-ls-identifier");
			json_string(j, n);
		} else if (type == 514 && (l == 4 || l == 16)) {
			JSON_KEY(j, "ospf-area-id");
			json_ip(j, l == 4 ? AFI_IPV4 : AFI_IPV6, v);
		} else if (type == 515 && (proto == 1 || proto == 2) && (l == 6 || l == 7)) {
			JSON_KEY(j, "router-id");
			json_hexstr(j, v, l, false);
			if (l == 7 && v[6]) {
				char n[4];
				snprintf(n, sizeof(n), "%u", v[6]);
				JSON_KEY(j, "psn");
				json_string(j, n);
			}
		} else if (type == 515 && (l == 4 || l == 8)) {
			JSON_KEY(j, "router-id");
			json_ip(j, AFI_IPV4, v);
			if (l == 8) {
				JSON_KEY(j, "designated-router-id");
				json_ip(j, AFI_IPV4, v + 4);
			}
		}
		json_object_close(j);
	}
	json_array_close(j);
}

static void addresses(struct json *j, const char *key, const uint8_t *p, uint16_t len, uint16_t v4, uint16_t v6)
{
	struct cursor c = cursor_make(p, len, 0);
	uint16_t type, l;
	const uint8_t *v;
	json_key(j, key);
	json_array_open(j);
	while (bgpls_tlv_next(&c, &type, &v, &l) > 0)
		if ((type == v4 && l == 4) || (type == v6 && l == 16))
			json_ip(j, l == 4 ? AFI_IPV4 : AFI_IPV6, v);
	json_array_close(j);
}

static bool find_tlv(const uint8_t *p, uint16_t len, uint16_t want, const uint8_t **value, uint16_t *vlen)
{
	struct cursor c = cursor_make(p, len, 0);
	uint16_t type;
	while (bgpls_tlv_next(&c, &type, value, vlen) > 0)
		if (type == want)
			return true;
	return false;
}

void bgpls_json_write(struct json *j, const struct nlri *n, const char *nexthop)
{
	uint16_t type = n->len >= 4 ? be16_load(n->data) : 0;
	json_object_open(j);
	if (type < BGPLS_NODE || type > BGPLS_PREFIX_V6 || n->len < 13) {
		JSON_KEY(j, "ls-nlri-type");
		json_uint(j, type);
		JSON_KEY(j, "raw");
		json_hexstr(j, n->data, n->len, false);
		json_object_close(j);
		return;
	}
	uint8_t proto = n->data[4];
	const uint8_t *tlvs = n->data + 13, *v;
	uint16_t tlen = (uint16_t)(n->len - 13), l;
	JSON_KEY(j, "ls-nlri-type");
	json_string(j, nlri_names[type]);
	JSON_KEY(j, "l3-routing-topology");
	json_uint(j, be_uint(n->data + 5, 8));
	JSON_KEY(j, "protocol-id");
	json_uint(j, proto);
	if (type == BGPLS_LINK) {
		JSON_KEY(j, "local-node-descriptors");
		if (find_tlv(tlvs, tlen, 256, &v, &l))
			node_descriptors(j, v, l, proto);
		else
			node_descriptors(j, NULL, 0, proto);
		JSON_KEY(j, "remote-node-descriptors");
		if (find_tlv(tlvs, tlen, 257, &v, &l))
			node_descriptors(j, v, l, proto);
		else
			node_descriptors(j, NULL, 0, proto);
		addresses(j, "interface-addresses", tlvs, tlen, 259, 261);
		addresses(j, "neighbor-addresses", tlvs, tlen, 260, 262);
		JSON_KEY(j, "multi-topology-ids");
		json_array_open(j);
		struct cursor c = cursor_make(tlvs, tlen, 0);
		uint16_t t;
		while (bgpls_tlv_next(&c, &t, &v, &l) > 0)
			if (t == 263)
				for (uint16_t i = 0; i + 2 <= l; i += 2)
					json_uint(j, be16_load(v + i) & 0x0FFF);
		json_array_close(j);
		JSON_KEY(j, "link-identifiers");
		json_array_open(j);
		if (find_tlv(tlvs, tlen, 258, &v, &l) && l == 8) {
			json_object_open(j);
			JSON_KEY(j, "link-local-id");
			json_uint(j, be32_load(v));
			JSON_KEY(j, "link-remote-id");
			json_uint(j, be32_load(v + 4));
			json_object_close(j);
		}
		json_array_close(j);
		json_object_close(j);
		return;
	}
	JSON_KEY(j, "node-descriptors");
	if (find_tlv(tlvs, tlen, 256, &v, &l))
		node_descriptors(j, v, l, proto);
	else
		node_descriptors(j, NULL, 0, proto);
	if (type != BGPLS_NODE && find_tlv(tlvs, tlen, 265, &v, &l) && l >= 1) {
		uint8_t addr[16] = {0};
		uint16_t afi = type == BGPLS_PREFIX_V4 ? AFI_IPV4 : AFI_IPV6;
		unsigned bytes = (v[0] + 7u) / 8u;
		if (bytes <= afi_addr_len(afi) && bytes + 1u <= l)
			memcpy(addr, v + 1, bytes);
		char ip[IP_STR_MAX], text[IP_STR_MAX + 8];
		snprintf(text, sizeof(text), "%s/%u", ip_format(afi, addr, ip), v[0]);
		JSON_KEY(j, "ip-reachability-tlv");
		json_string(j, text);
		JSON_KEY(j, "ip-reach-prefix");
		json_string(j, text);
	}
	JSON_KEY(j, "nexthop");
	json_string(j, nexthop ? nexthop : "None");
	if (type != BGPLS_NODE && find_tlv(tlvs, tlen, 264, &v, &l) && l == 1) {
		JSON_KEY(j, "ospf-route-type");
		json_uint(j, v[0]);
	}
	json_object_close(j);
}

void bgpls_text_format(struct buf *out, const struct nlri *n)
{
	struct json j;
	json_init(&j, out, JSON_STYLE_EXABGP);
	bgpls_json_write(&j, n, NULL);
}

/* ---- the BGP-LS attribute (RFC 9552 5.3) -------------------------------------------------- */

/* Python's repr of a float (ExaBGP's bandwidths are IEEE floats in bytes per second): the
 * shortest digits that read back the same, positional from 1e-4 to below 1e16 */
static void json_float(struct json *j, double d)
{
	char e[40], s[64];
	size_t n = 0;
	if (d != d || d == HUGE_VAL || d == -HUGE_VAL) {
		json_raw(j, d != d ? "NaN" : d > 0 ? "Infinity" : "-Infinity", d != d ? 3 : d > 0 ? 8 : 9);
		return;
	}
	for (int prec = 0; prec <= 16; prec++) {
		snprintf(e, sizeof(e), "%.*e", prec, d);
		if (strtod(e, NULL) == d)
			break;
	}
	char digits[24];
	size_t nd = 0;
	const char *p = e;
	if (*p == '-')
		s[n++] = *p++;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	int exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (exp >= -4 && exp < 16) {
		if (exp < 0) {
			s[n++] = '0';
			s[n++] = '.';
			for (int i = -1; i > exp; i--)
				s[n++] = '0';
			for (size_t i = 0; i < nd; i++)
				s[n++] = digits[i];
		} else {
			for (int i = 0; i <= exp; i++)
				s[n++] = (size_t)i < nd ? digits[i] : '0';
			s[n++] = '.';
			if ((size_t)exp + 1 < nd)
				for (size_t i = (size_t)exp + 1; i < nd; i++)
					s[n++] = digits[i];
			else
				s[n++] = '0';
		}
	} else {
		s[n++] = digits[0];
		if (nd > 1) {
			s[n++] = '.';
			for (size_t i = 1; i < nd; i++)
				s[n++] = digits[i];
		}
		n += (size_t)snprintf(s + n, sizeof(s) - n, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	}
	json_raw(j, s, n);
}

static double be_float(const uint8_t *p)
{
	uint32_t u = be32_load(p);
	float f;
	memcpy(&f, &u, sizeof(f));
	return (double)f;
}

/* flags as {"A": bit, ..., "RSV": the rest} from the high bit down */
static void json_flags(struct json *j, uint8_t v, const char *const *names, unsigned n)
{
	json_object_open(j);
	for (unsigned i = 0; i < n; i++) {
		json_key(j, names[i]);
		json_uint(j, (v >> (7 - i)) & 1);
	}
	JSON_KEY(j, "RSV");
	json_uint(j, v & (0xFFu >> n));
	json_object_close(j);
}

/* A decimal string of a big-endian unsigned number of any length (ExaBGP's area IDs). */
static void json_bigint(struct json *j, const uint8_t *p, uint16_t len)
{
	char digits[64 * 3 + 2];
	size_t nd = 0;
	uint8_t num[64];
	if (len > sizeof(num)) {
		json_hexstr(j, p, len, true);
		return;
	}
	memcpy(num, p, len);
	for (;;) {
		bool zero = true;
		unsigned rem = 0;
		for (uint16_t i = 0; i < len; i++) {
			unsigned cur = rem << 8 | num[i];
			num[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			zero = zero && num[i] == 0;
		}
		digits[nd++] = (char)('0' + rem);
		if (zero)
			break;
	}
	char s[sizeof(digits)];
	for (size_t i = 0; i < nd; i++)
		s[i] = digits[nd - 1 - i];
	json_string_n(j, s, nd);
}

/* The TLVs whose key repeats gather into one list (ExaBGP merges them). */
enum { L_AREA, L_LOCAL_RID, L_REMOTE_RID, L_SR_ADJ, L_SRV6_ENDX, L_SRV6_LAN_ENDX };

static bool list_key(uint16_t type, int *which)
{
	switch (type) {
	case 1027: *which = L_AREA; return true;
	case 1028: case 1029: *which = L_LOCAL_RID; return true;
	case 1030: case 1031: *which = L_REMOTE_RID; return true;
	case 1099: *which = L_SR_ADJ; return true;
	case 1106: *which = L_SRV6_ENDX; return true;
	case 1107: *which = L_SRV6_LAN_ENDX; return true;
	default: return false;
	}
}

/* RFC 9514 4 / 8: Behavior (2) | Flags (1) | Algorithm (1) | Weight (1) | Reserved (1) |
 * [IS-IS LAN: neighbor system ID (6)] | SID (16) | sub-TLVs (the SID Structure, 1252) */
static void srv6_endx(struct json *j, const uint8_t *v, uint16_t l, bool lan)
{
	static const char *const flags[] = {"B", "S", "P"};
	unsigned sid_at = lan ? 12 : 6;
	json_object_open(j);
	JSON_KEY(j, "flags");
	json_flags(j, v[2], flags, 3);
	if (lan) {
		JSON_KEY(j, "neighbor-id");
		json_hexstr(j, v + 6, 6, false);
	}
	JSON_KEY(j, "behavior");
	json_uint(j, be16_load(v));
	JSON_KEY(j, "algorithm");
	json_uint(j, v[3]);
	JSON_KEY(j, "weight");
	json_uint(j, v[4]);
	JSON_KEY(j, "sid");
	json_ip(j, AFI_IPV6, v + sid_at);
	struct cursor c = cursor_make(v + sid_at + 16, l - sid_at - 16u, 0);
	uint16_t t, sl;
	const uint8_t *sv;
	while (bgpls_tlv_next(&c, &t, &sv, &sl) > 0) {
		if (t != 1252 || sl != 4)
			continue;
		JSON_KEY(j, "srv6-sid-structure");
		json_object_open(j);
		JSON_KEY(j, "loc_block_len");
		json_uint(j, sv[0]);
		JSON_KEY(j, "loc_node_len");
		json_uint(j, sv[1]);
		JSON_KEY(j, "func_len");
		json_uint(j, sv[2]);
		JSON_KEY(j, "arg_len");
		json_uint(j, sv[3]);
		json_object_close(j);
	}
	json_object_close(j);
}

/* RFC 8667 2.2.1 Adjacency SID: Flags (1) | Weight (1) | Reserved (2) | label (3) or index (4) */
static void sr_adj(struct json *j, const uint8_t *v, uint16_t l)
{
	static const char *const flags[] = {"F", "B", "V", "L", "S", "P"};
	json_object_open(j);
	JSON_KEY(j, "flags");
	json_flags(j, v[0], flags, 6);
	JSON_KEY(j, "sids");
	json_array_open(j);
	if (l == 7)
		json_uint(j, be_uint(v + 4, 3) & 0xFFFFF);
	else if (l == 8)
		json_uint(j, be32_load(v + 4));
	json_array_close(j);
	JSON_KEY(j, "weight");
	json_uint(j, v[1]);
	JSON_KEY(j, "undecoded-sids");
	json_array_open(j);
	json_array_close(j);
	json_object_close(j);
}

static void list_item(struct json *j, uint16_t type, const uint8_t *v, uint16_t l)
{
	if (type == 1099 && (l == 7 || l == 8))
		sr_adj(j, v, l);
	else if (type == 1106 && l >= 22)
		srv6_endx(j, v, l, false);
	else if (type == 1107 && l >= 28)
		srv6_endx(j, v, l, true);
	else if (type == 1027)
		json_bigint(j, v, l);
	else if ((type == 1028 || type == 1030) && l == 4)
		json_ip(j, AFI_IPV4, v);
	else if ((type == 1029 || type == 1031) && l == 16)
		json_ip(j, AFI_IPV6, v);
	else
		json_hexstr(j, v, l, true);
}

static const char *list_name(uint16_t type)
{
	switch (type) {
	case 1027: return "area-ids";
	case 1028: case 1029: return "local-router-ids";
	case 1030: case 1031: return "remote-router-ids";
	case 1099: return "sr-adjs";
	case 1106: return "srv6-endx";
	default: return "srv6-lan-endx-isis";
	}
}

static bool is_known(uint16_t type, uint16_t l);

static void one_tlv(struct json *j, uint16_t type, const uint8_t *v, uint16_t l)
{
	static const char *const node_flags[] = {"O", "T", "E", "B", "R", "V"};
	static const char *const sr_cap[] = {"I", "V"};
	static const char *const prefix_flags[] = {"X", "R", "N"};
	switch (type) {
	case 258:
		JSON_KEY(j, "link-local-remote-identifiers");
		json_object_open(j);
		JSON_KEY(j, "local-id");
		json_uint(j, be32_load(v));
		JSON_KEY(j, "remote-id");
		json_uint(j, be32_load(v + 4));
		json_object_close(j);
		break;
	case 1024:
		JSON_KEY(j, "node-flags");
		json_flags(j, v[0], node_flags, 6);
		break;
	case 1026:
		JSON_KEY(j, "node-name");
		json_string_n(j, (const char *)v, l);
		break;
	case 1034: {
		JSON_KEY(j, "sr-capability-flags");
		json_flags(j, v[0], sr_cap, 2);
		JSON_KEY(j, "sids");
		json_array_open(j);
		struct cursor c = cursor_make(v + 2, l - 2u, 0);
		uint32_t range;
		uint16_t t, sl;
		const uint8_t *sv;
		while (cursor_u24(&c, &range) == 0 && bgpls_tlv_next(&c, &t, &sv, &sl) > 0) {
			json_array_open(j);
			json_uint(j, range);
			json_uint(j, sl == 3 ? be_uint(sv, 3) & 0xFFFFF : be_uint(sv, sl));
			json_array_close(j);
		}
		json_array_close(j);
		break;
	}
	case 1035:
		JSON_KEY(j, "sr-algorithms");
		json_array_open(j);
		for (uint16_t i = 0; i < l; i++)
			json_uint(j, v[i]);
		json_array_close(j);
		break;
	case 1088:
		JSON_KEY(j, "admin-group-mask");
		json_uint(j, be32_load(v));
		break;
	case 1089:
		JSON_KEY(j, "maximum-link-bandwidth");
		json_float(j, be_float(v));
		break;
	case 1090:
		JSON_KEY(j, "maximum-reservable-link-bandwidth");
		json_float(j, be_float(v));
		break;
	case 1091:
		JSON_KEY(j, "unreserved-bandwidth");
		json_array_open(j);
		for (int i = 0; i < 8; i++)
			json_float(j, be_float(v + 4 * i));
		json_array_close(j);
		break;
	case 1092:
		JSON_KEY(j, "te-metric");
		json_uint(j, be_uint(v, l));
		break;
	case 1095:
		JSON_KEY(j, "igp-metric");
		json_uint(j, be_uint(v, l));
		break;
	case 1114:
		JSON_KEY(j, "unidirectional-link-delay");
		json_object_open(j);
		JSON_KEY(j, "delay-us");
		json_uint(j, be_uint(v + 1, 3));
		JSON_KEY(j, "anomalous");
		json_bool(j, (v[0] & 0x80) != 0);
		json_object_close(j);
		break;
	case 1115:
		JSON_KEY(j, "minmax-unidirectional-link-delay");
		json_object_open(j);
		JSON_KEY(j, "min-delay-us");
		json_uint(j, be_uint(v + 1, 3));
		JSON_KEY(j, "max-delay-us");
		json_uint(j, be_uint(v + 5, 3));
		JSON_KEY(j, "anomalous");
		json_bool(j, (v[0] & 0x80) != 0);
		json_object_close(j);
		break;
	case 1116:
		JSON_KEY(j, "unidirectional-delay-variation");
		json_uint(j, be_uint(v + 1, 3));
		break;
	case 1155:
		JSON_KEY(j, "prefix-metric");
		json_uint(j, be32_load(v));
		break;
	case 1170:
		JSON_KEY(j, "sr-prefix-attribute-flags");
		json_flags(j, v[0], prefix_flags, 3);
		break;
	}
}

static bool is_known(uint16_t type, uint16_t l)
{
	switch (type) {
	case 258: return l == 8;
	case 1024: case 1170: return l >= 1;
	case 1026: return true;
	case 1034: return l >= 2;
	case 1035: return true;
	case 1088: case 1089: case 1090: case 1155: return l == 4;
	case 1091: return l == 32;
	case 1092: case 1095: return l >= 1 && l <= 4;
	case 1114: case 1116: return l == 4;
	case 1115: return l == 8;
	default: return false;
	}
}

bool bgpls_attr_json(struct json *j, const uint8_t *value, uint32_t len)
{
	struct cursor c = cursor_make(value, len, 0);
	uint16_t type, l;
	const uint8_t *v;
	int rc;
	while ((rc = bgpls_tlv_next(&c, &type, &v, &l)) > 0)
		;
	if (rc < 0)
		return false;
	JSON_KEY(j, "bgp-ls");
	json_object_open(j);
	c = cursor_make(value, len, 0);
	size_t at = 0;
	while (bgpls_tlv_next(&c, &type, &v, &l) > 0) {
		size_t here = at;
		at = cursor_offset(&c);
		int which = -1;
		bool list = list_key(type, &which);
		bool generic = !list && !is_known(type, l);
		if (list || generic) {
			/* the first of its key: the list of every one of them */
			struct cursor before = cursor_make(value, here, 0);
			uint16_t t2, l2;
			const uint8_t *v2;
			bool seen = false;
			while (!seen && bgpls_tlv_next(&before, &t2, &v2, &l2) > 0) {
				int w2;
				seen = generic ? t2 == type : list_key(t2, &w2) && w2 == which;
			}
			if (seen)
				continue;
			char key[32];
			if (generic)
				snprintf(key, sizeof(key), "generic-lsid-%u", type);
			json_key(j, generic ? key : list_name(type));
			json_array_open(j);
			struct cursor rest = cursor_make(value, len, 0);
			cursor_skip(&rest, here);
			while (bgpls_tlv_next(&rest, &t2, &v2, &l2) > 0) {
				int w2;
				if (generic ? t2 == type && !is_known(t2, l2) : list_key(t2, &w2) && w2 == which)
					list_item(j, generic ? 0 : t2, v2, l2);
			}
			json_array_close(j);
			continue;
		}
		one_tlv(j, type, v, l);
	}
	json_object_close(j);
	return true;
}
