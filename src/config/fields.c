/* fields.c — see fields.h. Rows follow the canonical print order of each block. */
#include "config/fields.h"

#include <stdio.h>
#include <string.h>

#include "wire/family.h"
#include "wire/ip.h"

#define OFF(member) ((uint16_t)offsetof(struct settings_neighbor, member))
#define NONE 0

const struct field_desc field_table[] = {
	/* neighbour leaves */
	{SF_PEER_ADDRESS, FB_NEIGHBOR, FK_PEER, BARE_REFUSED, "peer-address", OFF(session.peer_address),
	 OFF(session.peer_prefix_len)},
	{SF_DESCRIPTION, FB_NEIGHBOR, FK_TEXT, BARE_REFUSED, "description", OFF(description), NONE},
	{SF_ROUTER_ID, FB_NEIGHBOR, FK_ROUTER_ID, BARE_REFUSED, "router-id", OFF(session.router_id),
	 OFF(session.has_router_id)},
	{SF_LOCAL_ADDRESS, FB_NEIGHBOR, FK_IP_AUTO, BARE_REFUSED, "local-address", OFF(session.local_address), NONE},
	{SF_LOCAL_LINK_LOCAL, FB_NEIGHBOR, FK_LINK_LOCAL, BARE_REFUSED, "local-link-local",
	 OFF(session.local_link_local), NONE},
	{SF_LOCAL_AS, FB_NEIGHBOR, FK_ASN, BARE_REFUSED, "local-as", OFF(session.local_as), OFF(session.local_as_auto)},
	{SF_PEER_AS, FB_NEIGHBOR, FK_ASN, BARE_REFUSED, "peer-as", OFF(session.peer_as), OFF(session.peer_as_auto)},
	{SF_HOST_NAME, FB_NEIGHBOR, FK_HOST_NAME, BARE_REFUSED, "host-name", OFF(host_name), NONE},
	{SF_DOMAIN_NAME, FB_NEIGHBOR, FK_DOMAIN_NAME, BARE_REFUSED, "domain-name", OFF(domain_name), NONE},
	{SF_HOLD_TIME, FB_NEIGHBOR, FK_HOLD_TIME, BARE_REFUSED, "hold-time", OFF(hold_time), NONE},
	{SF_RATE_LIMIT, FB_NEIGHBOR, FK_RATE_LIMIT, BARE_REFUSED, "rate-limit", OFF(rate_limit), NONE},
	{SF_PASSIVE, FB_NEIGHBOR, FK_BOOL, BARE_TRUE, "passive", OFF(session.passive), NONE},
	{SF_LISTEN, FB_NEIGHBOR, FK_PORT, BARE_REFUSED, "listen", OFF(session.listen), NONE},
	{SF_CONNECT, FB_NEIGHBOR, FK_PORT, BARE_REFUSED, "connect", OFF(session.connect), NONE},
	{SF_SOURCE_INTERFACE, FB_NEIGHBOR, FK_INTERFACE, BARE_REFUSED, "source-interface",
	 OFF(session.source_interface), NONE},
	{SF_OUTGOING_TTL, FB_NEIGHBOR, FK_TTL, BARE_REFUSED, "outgoing-ttl", OFF(session.outgoing_ttl), NONE},
	{SF_INCOMING_TTL, FB_NEIGHBOR, FK_TTL, BARE_REFUSED, "incoming-ttl", OFF(session.incoming_ttl), NONE},
	{SF_MD5_PASSWORD, FB_NEIGHBOR, FK_TEXT, BARE_REFUSED, "md5-password", OFF(session.md5_password), NONE},
	{SF_MD5_BASE64, FB_NEIGHBOR, FK_MD5_BASE64, BARE_FALSE, "md5-base64", OFF(session.md5_base64), NONE},
	{SF_MD5_IP, FB_NEIGHBOR, FK_IP, BARE_REFUSED, "md5-ip", OFF(session.md5_ip), NONE},
	{SF_GROUP_UPDATES, FB_NEIGHBOR, FK_BOOL, BARE_TRUE, "group-updates", OFF(group_updates), NONE},
	{SF_AUTO_FLUSH, FB_NEIGHBOR, FK_BOOL, BARE_TRUE, "auto-flush", OFF(auto_flush), NONE},
	{SF_ADJ_RIB_IN, FB_NEIGHBOR, FK_BOOL, BARE_FALSE, "adj-rib-in", OFF(adj_rib_in), NONE},
	{SF_ADJ_RIB_OUT, FB_NEIGHBOR, FK_BOOL, BARE_FALSE, "adj-rib-out", OFF(adj_rib_out), NONE},
	{SF_MANUAL_EOR, FB_NEIGHBOR, FK_BOOL, BARE_FALSE, "manual-eor", OFF(manual_eor), NONE},
	/* capability { } — bare values are ExaBGP 6's */
	{SF_CAP_ROUTE_REFRESH, FB_CAPABILITY, FK_CAPA, BARE_TRUE, "route-refresh", OFF(capability.route_refresh), NONE},
	{SF_CAP_ASN4, FB_CAPABILITY, FK_CAPA, BARE_TRUE, "asn4", OFF(capability.asn4), NONE},
	{SF_CAP_EXTENDED_MESSAGE, FB_CAPABILITY, FK_CAPA, BARE_TRUE, "extended-message",
	 OFF(capability.extended_message), NONE},
	{SF_CAP_ADD_PATH, FB_CAPABILITY, FK_ADD_PATH, BARE_REFUSED, "add-path", OFF(capability.add_path), NONE},
	{SF_CAP_GRACEFUL_RESTART, FB_CAPABILITY, FK_GRACEFUL_RESTART, BARE_ENABLE_GR, "graceful-restart",
	 OFF(capability.graceful_restart), OFF(capability.graceful_restart_time)},
	{SF_CAP_MULTI_SESSION, FB_CAPABILITY, FK_BOOL, BARE_TRUE, "multi-session", OFF(capability.multi_session), NONE},
	{SF_CAP_OPERATIONAL, FB_CAPABILITY, FK_CAPA, BARE_TRUE, "operational", OFF(capability.operational), NONE},
	{SF_CAP_AIGP, FB_CAPABILITY, FK_BOOL, BARE_TRUE, "aigp", OFF(capability.aigp), NONE},
	{SF_CAP_NEXTHOP, FB_CAPABILITY, FK_CAPA, BARE_TRUE, "nexthop", OFF(capability.nexthop), NONE},
	{SF_CAP_SOFTWARE_VERSION, FB_CAPABILITY, FK_CAPA, BARE_FALSE, "software-version",
	 OFF(capability.software_version), NONE},
	{SF_CAP_LINK_LOCAL_NEXTHOP, FB_CAPABILITY, FK_CAPA, BARE_TRUE, "link-local-nexthop",
	 OFF(capability.link_local_nexthop), NONE},
	{SF_CAP_LINK_LOCAL_PREFER, FB_CAPABILITY, FK_BOOL, BARE_FALSE, "link-local-prefer",
	 OFF(capability.link_local_prefer), NONE},
	/* tcp-ao { } */
	{SF_TCP_AO_KEYID, FB_TCP_AO, FK_TCP_AO_KEYID, BARE_REFUSED, "keyid", OFF(session.tcp_ao_keyid), NONE},
	{SF_TCP_AO_ALGORITHM, FB_TCP_AO, FK_TCP_AO_ALGORITHM, BARE_REFUSED, "algorithm", OFF(session.tcp_ao_algorithm),
	 NONE},
	{SF_TCP_AO_PASSWORD, FB_TCP_AO, FK_TEXT, BARE_REFUSED, "password", OFF(session.tcp_ao_password), NONE},
	{SF_TCP_AO_BASE64, FB_TCP_AO, FK_BOOL, BARE_FALSE, "base64", OFF(session.tcp_ao_base64), NONE},
};

const size_t field_count = sizeof(field_table) / sizeof(field_table[0]);

_Static_assert(sizeof(field_table) / sizeof(field_table[0]) == SF_COUNT, "one row per settings field");

static const char *const tcp_ao_algorithms[] = {"hmac-sha-1-96", "aes-128-cmac-96", "hmac-sha-256"};
static const char *const add_path_modes[] = {"disable", "receive", "send", "send/receive"};

static bool word_is(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static bool word_is_nocase(const char *s, size_t len, const char *lit)
{
	size_t i = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (lit[i] == '\0' || lit[i] != c)
			return false;
	}
	return lit[i] == '\0';
}

const struct field_desc *field_find(enum field_block block, const char *keyword, size_t len)
{
	for (size_t i = 0; i < field_count; i++)
		if (field_table[i].block == block && word_is(keyword, len, field_table[i].keyword))
			return &field_table[i];
	return NULL;
}

const struct field_desc *field_of(enum settings_field f)
{
	for (size_t i = 0; i < field_count; i++)
		if (field_table[i].field == f)
			return &field_table[i];
	return NULL;
}

const char *settings_field_name(enum settings_field f)
{
	const struct field_desc *d = field_of(f);
	return d ? d->keyword : "?";
}

/* ---- value storage ---------------------------------------------------------------- */

#define AT(n, off, type) ((type *)((char *)(n) + (off)))
#define CAT(n, off, type) ((const type *)((const char *)(n) + (off)))
/* a string field: a const char * stored in the struct */
#define STR(n, off) (*(const char *const *)((const char *)(n) + (off)))

static size_t kind_size(const struct field_desc *d)
{
	switch ((enum field_kind)d->kind) {
	case FK_BOOL:
	case FK_MD5_BASE64: return sizeof(bool);
	case FK_CAPA:
	case FK_ADD_PATH:
	case FK_TCP_AO_ALGORITHM:
	case FK_TCP_AO_KEYID: return sizeof(uint8_t);
	case FK_PORT:
	case FK_HOLD_TIME: return sizeof(uint16_t);
	case FK_RATE_LIMIT:
	case FK_ASN: return sizeof(uint32_t);
	case FK_TTL: return sizeof(int16_t);
	case FK_IP:
	case FK_IP_AUTO:
	case FK_PEER: return sizeof(struct settings_ip);
	case FK_ROUTER_ID: return 4;
	case FK_LINK_LOCAL: return 16;
	case FK_GRACEFUL_RESTART: return sizeof(bool);
	case FK_TEXT:
	case FK_HOST_NAME:
	case FK_DOMAIN_NAME:
	case FK_INTERFACE: return 0; /* a string */
	}
	return 0;
}

static size_t companion_size(const struct field_desc *d)
{
	switch ((enum field_kind)d->kind) {
	case FK_ASN:
	case FK_ROUTER_ID: return sizeof(bool);
	case FK_PEER: return sizeof(uint8_t);
	case FK_GRACEFUL_RESTART: return sizeof(uint16_t);
	default: return 0;
	}
}

static bool is_string(const struct field_desc *d)
{
	return kind_size(d) == 0;
}

void field_copy(const struct field_desc *d, struct settings_neighbor *dst, const struct settings_neighbor *src)
{
	if (is_string(d))
		*AT(dst, d->offset, const char *) = STR(src, d->offset);
	else
		memcpy((char *)dst + d->offset, (const char *)src + d->offset, kind_size(d));
	if (companion_size(d))
		memcpy((char *)dst + d->offset2, (const char *)src + d->offset2, companion_size(d));
}

bool field_equal(const struct field_desc *d, const struct settings_neighbor *a, const struct settings_neighbor *b)
{
	if (is_string(d)) {
		const char *x = STR(a, d->offset), *y = STR(b, d->offset);
		return x == y || (x && y && strcmp(x, y) == 0);
	}
	if (d->kind == FK_IP || d->kind == FK_IP_AUTO || d->kind == FK_PEER) {
		if (!settings_ip_equal(CAT(a, d->offset, struct settings_ip), CAT(b, d->offset, struct settings_ip)))
			return false;
	} else if (memcmp((const char *)a + d->offset, (const char *)b + d->offset, kind_size(d)) != 0) {
		return false;
	}
	return companion_size(d) == 0 ||
	       memcmp((const char *)a + d->offset2, (const char *)b + d->offset2, companion_size(d)) == 0;
}

/* ---- reading ---------------------------------------------------------------------- */

static int fail(struct field_fail *f, int word, const char *why)
{
	f->word = word;
	snprintf(f->why, sizeof(f->why), "%s", why);
	return -1;
}

static int decimal(const struct cfg_word *w, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (w->len == 0 || w->len > 20)
		return -1;
	for (uint32_t i = 0; i < w->len; i++) {
		if (w->s[i] < '0' || w->s[i] > '9')
			return -1;
		unsigned digit = (unsigned)(w->s[i] - '0');
		if (v > (UINT64_MAX - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* 1 true, 0 false, -1 neither (ExaBGP 6's spellings, any case) */
static int boolean_word(const struct cfg_word *w)
{
	static const char *const yes[] = {"true", "enable", "enabled", "yes", "1"};
	static const char *const no[] = {"false", "disable", "disabled", "no", "0"};
	for (size_t i = 0; i < 5; i++) {
		if (word_is_nocase(w->s, w->len, yes[i]))
			return 1;
		if (word_is_nocase(w->s, w->len, no[i]))
			return 0;
	}
	return -1;
}

/* host names: letters, digits, '.' and '-', starting and ending with a letter or digit
 * (ExaBGP's check, which also refuses a final digit and a double dot) */
static bool dns_name(const struct cfg_word *w, bool domain)
{
	if (w->len == 0 || w->len > 255)
		return false;
	for (uint32_t i = 0; i < w->len; i++) {
		char c = w->s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
			return false;
		if (c == '.' && i + 1 < w->len && w->s[i + 1] == '.')
			return false;
	}
	char first = w->s[0], last = w->s[w->len - 1];
	bool first_ok = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || (!domain && first >= '0' && first <= '9');
	bool last_ok = (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z');
	return first_ok && last_ok;
}

static int parse_asn(const struct cfg_word *w, uint32_t *out)
{
	uint64_t v;
	const char *dot = memchr(w->s, '.', w->len);
	if (dot == NULL) {
		if (decimal(w, UINT32_MAX, &v) < 0)
			return -1;
		*out = (uint32_t)v;
		return 0;
	}
	/* asdot: HIGH.LOW (RFC 5396) */
	struct cfg_word hi = {w->s, (uint32_t)(dot - w->s), 0, 0, false};
	struct cfg_word lo = {dot + 1, w->len - hi.len - 1, 0, 0, false};
	uint64_t h, l;
	if (decimal(&hi, 65535, &h) < 0 || decimal(&lo, 65535, &l) < 0)
		return -1;
	*out = (uint32_t)(h << 16 | l);
	return 0;
}

int field_parse(const struct field_desc *d, struct settings_neighbor *n, const struct cfg_word *args, size_t nargs,
		struct arena *arena, struct field_fail *f)
{
	const struct cfg_word *w = nargs ? &args[0] : NULL;
	uint64_t v;

	f->word = -1;
	f->why[0] = '\0';
	if (nargs > 1)
		return fail(f, 1, "is not expected after the value (one value, then ';')");
	if (w == NULL && d->bare == BARE_REFUSED)
		return fail(f, -1, "a value is missing");

	switch ((enum field_kind)d->kind) {
	case FK_BOOL:
	case FK_MD5_BASE64: {
		int b;
		if (w == NULL) {
			b = d->bare == BARE_TRUE;
		} else {
			if (d->kind == FK_MD5_BASE64 && word_is_nocase(w->s, w->len, "auto"))
				return fail(f, 0, "is no longer accepted: the password is base64 (true) or not (false)");
			b = boolean_word(w);
			if (b < 0)
				return fail(f, 0, "is not a boolean (true or false)");
		}
		*AT(n, d->offset, bool) = b != 0;
		break;
	}
	case FK_CAPA: {
		int b;
		if (w == NULL)
			b = d->bare == BARE_TRUE;
		else if (word_is_nocase(w->s, w->len, "require"))
			b = CAPA_REQUIRE;
		else if ((b = boolean_word(w)) < 0)
			return fail(f, 0, "is not valid (enable, disable or require)");
		*AT(n, d->offset, uint8_t) = (uint8_t)b;
		break;
	}
	case FK_PORT:
		if (decimal(w, 65535, &v) < 0 || v == 0)
			return fail(f, 0, "is not a port (1..65535)");
		*AT(n, d->offset, uint16_t) = (uint16_t)v;
		break;
	case FK_HOLD_TIME:
		if (decimal(w, 65535, &v) < 0 || (v > 0 && v < 3))
			return fail(f, 0, "is not a number (0 or 3..65535)");
		*AT(n, d->offset, uint16_t) = (uint16_t)v;
		break;
	case FK_RATE_LIMIT:
		if (word_is_nocase(w->s, w->len, "disable") || word_is_nocase(w->s, w->len, "disabled"))
			v = 0;
		else if (decimal(w, UINT32_MAX, &v) < 0 || v == 0)
			return fail(f, 0, "is not a rate (UPDATEs per second, 1..4294967295, or disable)");
		*AT(n, d->offset, uint32_t) = (uint32_t)v;
		break;
	case FK_TTL:
		if (word_is(w->s, w->len, "false") || word_is(w->s, w->len, "disable") || word_is(w->s, w->len, "disabled"))
			*AT(n, d->offset, int16_t) = -1;
		else if (decimal(w, 255, &v) < 0)
			return fail(f, 0, "is not a TTL (0..255 or disable)");
		else
			*AT(n, d->offset, int16_t) = (int16_t)v;
		break;
	case FK_ASN: {
		uint32_t asn = 0;
		bool is_auto = word_is(w->s, w->len, "auto");
		if (!is_auto && parse_asn(w, &asn) < 0)
			return fail(f, 0, "is not an AS number (0..4294967295, HIGH.LOW, or auto)");
		*AT(n, d->offset, uint32_t) = asn;
		*AT(n, d->offset2, bool) = is_auto;
		break;
	}
	case FK_IP:
	case FK_IP_AUTO: {
		struct settings_ip *ip = AT(n, d->offset, struct settings_ip);
		if (d->kind == FK_IP_AUTO && word_is(w->s, w->len, "auto")) {
			memset(ip, 0, sizeof(*ip));
			break;
		}
		memset(ip, 0, sizeof(*ip));
		if (ip_parse(w->s, w->len, &ip->afi, ip->addr) < 0)
			return fail(f, 0, d->kind == FK_IP_AUTO ? "is not an IP address (or auto)" : "is not an IP address");
		break;
	}
	case FK_PEER: {
		struct settings_ip *ip = AT(n, d->offset, struct settings_ip);
		const char *slash = memchr(w->s, '/', w->len);
		size_t iplen = slash ? (size_t)(slash - w->s) : w->len;
		memset(ip, 0, sizeof(*ip));
		if (ip_parse(w->s, iplen, &ip->afi, ip->addr) < 0)
			return fail(f, 0, "is not an IP address or range (ADDRESS[/LENGTH])");
		unsigned max = afi_addr_len(ip->afi) * 8;
		v = max;
		if (slash) {
			struct cfg_word len = {slash + 1, (uint32_t)(w->len - iplen - 1), 0, 0, false};
			if (decimal(&len, max, &v) < 0)
				return fail(f, 0, max == 32 ? "has a bad length (0..32)" : "has a bad length (0..128)");
		}
		/* a range names its network: keep the bits the length covers only */
		for (unsigned bit = (unsigned)v; bit < max; bit++)
			ip->addr[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
		*AT(n, d->offset2, uint8_t) = (uint8_t)v;
		break;
	}
	case FK_ROUTER_ID:
		if (ipv4_parse(w->s, w->len, AT(n, d->offset, uint8_t)) < 0)
			return fail(f, 0, "is not a router-id (an IPv4 address)");
		*AT(n, d->offset2, bool) = true;
		break;
	case FK_LINK_LOCAL: {
		uint16_t afi;
		uint8_t *addr = AT(n, d->offset, uint8_t);
		if (ip_parse(w->s, w->len, &afi, addr) < 0 || afi != AFI_IPV6 || addr[0] != 0xfe || (addr[1] & 0xc0) != 0x80)
			return fail(f, 0, "is not an IPv6 link-local address (fe80::/10)");
		break;
	}
	case FK_HOST_NAME:
	case FK_DOMAIN_NAME:
		if (!dns_name(w, d->kind == FK_DOMAIN_NAME))
			return fail(f, 0, d->kind == FK_HOST_NAME ? "is not a host name (letters, digits, '.', '-')"
								   : "is not a domain name (letters, digits, '.', '-')");
		*AT(n, d->offset, const char *) = arena_strndup(arena, w->s, w->len);
		break;
	case FK_INTERFACE:
		if (w->len == 0 || w->len > 15 || memchr(w->s, '/', w->len) || memchr(w->s, ' ', w->len) ||
		    memchr(w->s, '\t', w->len))
			return fail(f, 0, "is not an interface name (1..15 characters, no '/' or space)");
		*AT(n, d->offset, const char *) = arena_strndup(arena, w->s, w->len);
		break;
	case FK_TEXT:
		if (d->field == SF_MD5_PASSWORD && w->len == 0)
			return fail(f, 0, "is empty: a password is needed");
		*AT(n, d->offset, const char *) = arena_strndup(arena, w->s, w->len);
		break;
	case FK_ADD_PATH: {
		size_t i = 0;
		for (; i < 4; i++)
			if (word_is_nocase(w->s, w->len, add_path_modes[i]))
				break;
		if (i == 4 && word_is_nocase(w->s, w->len, "disabled"))
			i = 0;
		if (i == 4) {
			if (word_is_nocase(w->s, w->len, "receive/send"))
				return fail(f, 0, "is not valid: did you mean send/receive?");
			return fail(f, 0, "is not valid (send, receive, send/receive or disable)");
		}
		*AT(n, d->offset, uint8_t) = (uint8_t)i;
		break;
	}
	case FK_GRACEFUL_RESTART:
		if (w == NULL) {
			*AT(n, d->offset, bool) = true;
			*AT(n, d->offset2, uint16_t) = 0;
		} else if (word_is_nocase(w->s, w->len, "disable") || word_is_nocase(w->s, w->len, "disabled")) {
			*AT(n, d->offset, bool) = false;
			*AT(n, d->offset2, uint16_t) = 0;
		} else if (decimal(w, 4095, &v) < 0) {
			return fail(f, 0, "is not a restart time (0..4095 seconds, 0: the hold time) or disable");
		} else {
			*AT(n, d->offset, bool) = true;
			*AT(n, d->offset2, uint16_t) = (uint16_t)v;
		}
		break;
	case FK_TCP_AO_ALGORITHM: {
		size_t i = 0;
		for (; i < 3; i++)
			if (word_is(w->s, w->len, tcp_ao_algorithms[i]))
				break;
		if (i == 3)
			return fail(f, 0, "is not a TCP-AO algorithm (hmac-sha-1-96, aes-128-cmac-96, hmac-sha-256)");
		*AT(n, d->offset, uint8_t) = (uint8_t)i;
		break;
	}
	case FK_TCP_AO_KEYID:
		if (decimal(w, 255, &v) < 0)
			return fail(f, 0, "is not a key identifier (0..255)");
		*AT(n, d->offset, uint8_t) = (uint8_t)v;
		break;
	}
	n->given |= SETTINGS_BIT(d->field);
	return 0;
}

/* ---- printing --------------------------------------------------------------------- */

static bool needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return true;
	if (len == 1 && (s[0] == '[' || s[0] == ']' || s[0] == ','))
		return false; /* punctuation words read back as themselves */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7F || strchr(";{}[],#\"'\\", c))
			return true;
	}
	return false;
}

void cfg_word_put(struct buf *out, const char *s, size_t len)
{
	if (!needs_quotes(s, len)) {
		buf_put(out, s, len);
		return;
	}
	/* inside quotes everything is a word character but the quote itself; escapes are read
	 * before quotes, so a backslash and control characters are escaped */
	char q = memchr(s, '"', len) ? '\'' : '"';
	buf_putc(out, q);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\\': buf_puts(out, "\\\\"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7F)
				buf_printf(out, "\\u%04x", c);
			else
				buf_putc(out, (char)c);
		}
	}
	buf_putc(out, q);
}

static void put_ip(struct buf *out, const struct settings_ip *ip)
{
	char text[IP_STR_MAX];
	buf_puts(out, ip_format(ip->afi, ip->addr, text));
}

void field_format(const struct field_desc *d, const struct settings_neighbor *n, struct buf *out)
{
	switch ((enum field_kind)d->kind) {
	case FK_BOOL:
	case FK_MD5_BASE64:
		buf_puts(out, *CAT(n, d->offset, bool) ? "true" : "false");
		break;
	case FK_CAPA: {
		uint8_t v = *CAT(n, d->offset, uint8_t);
		buf_puts(out, v == CAPA_REQUIRE ? "require" : v ? "enable" : "disable");
		break;
	}
	case FK_PORT:
	case FK_HOLD_TIME:
		buf_put_uint(out, *CAT(n, d->offset, uint16_t));
		break;
	case FK_RATE_LIMIT: {
		uint32_t v = *CAT(n, d->offset, uint32_t);
		if (v)
			buf_put_uint(out, v);
		else
			buf_puts(out, "disable");
		break;
	}
	case FK_TTL: {
		int16_t v = *CAT(n, d->offset, int16_t);
		if (v < 0)
			buf_puts(out, "disable");
		else
			buf_put_uint(out, (uint64_t)v);
		break;
	}
	case FK_ASN:
		if (*CAT(n, d->offset2, bool))
			buf_puts(out, "auto");
		else
			buf_put_uint(out, *CAT(n, d->offset, uint32_t));
		break;
	case FK_IP:
		put_ip(out, CAT(n, d->offset, struct settings_ip));
		break;
	case FK_IP_AUTO: {
		const struct settings_ip *ip = CAT(n, d->offset, struct settings_ip);
		if (ip->afi == 0)
			buf_puts(out, "auto");
		else
			put_ip(out, ip);
		break;
	}
	case FK_PEER: {
		const struct settings_ip *ip = CAT(n, d->offset, struct settings_ip);
		uint8_t len = *CAT(n, d->offset2, uint8_t);
		put_ip(out, ip);
		if (len != afi_addr_len(ip->afi) * 8)
			buf_printf(out, "/%u", len);
		break;
	}
	case FK_ROUTER_ID: {
		char text[IP_STR_MAX];
		buf_puts(out, ip_format(AFI_IPV4, CAT(n, d->offset, uint8_t), text));
		break;
	}
	case FK_LINK_LOCAL: {
		char text[IP_STR_MAX];
		buf_puts(out, ip_format(AFI_IPV6, CAT(n, d->offset, uint8_t), text));
		break;
	}
	case FK_TEXT:
	case FK_HOST_NAME:
	case FK_DOMAIN_NAME:
	case FK_INTERFACE: {
		const char *s = STR(n, d->offset);
		if (s)
			cfg_word_put(out, s, strlen(s));
		else
			buf_puts(out, "\"\"");
		break;
	}
	case FK_ADD_PATH: {
		uint8_t v = *CAT(n, d->offset, uint8_t);
		buf_puts(out, add_path_modes[v & 3]);
		break;
	}
	case FK_GRACEFUL_RESTART:
		if (*CAT(n, d->offset, bool))
			buf_put_uint(out, *CAT(n, d->offset2, uint16_t));
		else
			buf_puts(out, "disable");
		break;
	case FK_TCP_AO_ALGORITHM:
		buf_puts(out, tcp_ao_algorithms[*CAT(n, d->offset, uint8_t) % 3]);
		break;
	case FK_TCP_AO_KEYID:
		buf_put_uint(out, *CAT(n, d->offset, uint8_t));
		break;
	}
}
