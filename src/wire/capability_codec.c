/* capability_codec.c — the wire format of each capability: one table row per code, with the
 * parser and the packer of its value.
 *
 * Owns: the RFC layout and the validity rules of every capability value we understand, and
 * the <code, length, value> framing inside a Capabilities Optional Parameter (RFC 5492 4).
 * Must not know: sessions, JSON, what we ourselves support.
 *
 * A value we understand but find malformed is an OPEN Message Error with subcode 0,
 * Unspecific: RFC 4271 6.2, "If one of the Optional Parameters in the OPEN message is
 * recognized, but is malformed, then the Error Subcode MUST be set to 0 (Unspecific)".
 * A code we do not understand is kept raw and is never an error (RFC 5492 3).
 */
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/xalloc.h"
#include "wire/capability.h"
#include "wire/error.h"
#include "wire/open.h"

/* ---- per-family entries ----
 *
 * Each per-family capability is a run of fixed-size entries:
 *   multiprotocol (RFC 4760 8)  AFI (2) | Res. (1) | SAFI (1)
 *   extended next hop (RFC 8950 3) NLRI AFI (2) | NLRI SAFI (2) | Nexthop AFI (2)
 *   multiple labels (RFC 8277 2.1) AFI (2) | SAFI (1) | Count (1)
 *   graceful restart (RFC 4724 3)  AFI (2) | SAFI (1) | Flags (1)   after a 2 octet header
 *   add-path (RFC 7911 4)          AFI (2) | SAFI (1) | Send/Receive (1)
 *   paths-limit                    AFI (2) | SAFI (1) | Paths Limit (2)
 */
struct entry_format {
	uint8_t size;
	bool reserved;     /* an octet between AFI and SAFI, sent as 0, ignored on receipt */
	uint8_t safi_len;  /* 1 or 2 */
	uint8_t value_len; /* 0, 1 or 2 */
};

static const struct entry_format FMT_MP = {4, true, 1, 0};
static const struct entry_format FMT_NEXTHOP = {6, false, 2, 2};
static const struct entry_format FMT_BYTE = {4, false, 1, 1};  /* labels, graceful, add-path */
static const struct entry_format FMT_LIMIT = {5, false, 1, 2};

/* Read entries until v is empty; the caller has checked that its length is a multiple of
 * the entry size, so every read below succeeds. */
static void entries_read(struct cap_list *l, struct cursor *v, const struct entry_format *fmt)
{
	while (cursor_left(v) >= fmt->size) {
		struct cap_family *f = cap_list_push(l);
		uint8_t u8 = 0;
		cursor_u16(v, &f->afi);
		if (fmt->reserved)
			cursor_skip(v, 1);
		if (fmt->safi_len == 2) {
			cursor_u16(v, &f->safi);
		} else {
			cursor_u8(v, &u8);
			f->safi = u8;
		}
		if (fmt->value_len == 2) {
			cursor_u16(v, &f->value);
		} else if (fmt->value_len == 1) {
			cursor_u8(v, &u8);
			f->value = u8;
		}
	}
}

static void entries_write(const struct cap_list *l, const struct cap_slot *s, struct buf *out,
			  const struct entry_format *fmt)
{
	for (uint32_t i = s->first; i < s->first + s->count && i < l->len; i++) {
		const struct cap_family *f = &l->v[i];
		buf_put_u16(out, f->afi);
		if (fmt->reserved)
			buf_put_u8(out, 0);
		if (fmt->safi_len == 2)
			buf_put_u16(out, f->safi);
		else
			buf_put_u8(out, (uint8_t)f->safi);
		if (fmt->value_len == 2)
			buf_put_u16(out, f->value);
		else if (fmt->value_len == 1)
			buf_put_u8(out, (uint8_t)f->value);
	}
}

/* Whether an earlier instance of s's code was understood. */
static bool seen_before(const struct capabilities *c, const struct cap_slot *s)
{
	for (uint32_t i = 0; i < c->nslots; i++)
		if (&c->slots[i] != s && c->slots[i].code == s->code && !c->slots[i].raw &&
		    !c->slots[i].dead)
			return true;
	return false;
}

static int malformed(struct wire_error *err, size_t at, uint8_t code, const char *what)
{
	return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC, at,
			      "capability %u: %s", code, what);
}

/* A per-family capability whose value is a whole number of entries (possibly none). */
static int list_parse(struct cap_list *l, struct cap_slot *s, struct cursor *v, size_t at,
		      const struct entry_format *fmt, struct wire_error *err)
{
	if (cursor_left(v) % fmt->size)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC, at,
				      "capability %u: length %zu is not a multiple of %u", s->code,
				      cursor_left(v), fmt->size);
	s->first = l->len;
	entries_read(l, v, fmt);
	s->count = l->len - s->first;
	return 0;
}

/* ---- one parser and one packer per capability ---- */

struct capability_codec {
	uint8_t code;
	/* v is the value (exactly its length); at is the absolute offset of the TLV */
	int (*parse)(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
		     struct wire_error *err);
	void (*pack)(const struct capabilities *c, const struct cap_slot *s, struct buf *out);
};

/* RFC 4760 8: one <AFI, SAFI> per capability, length 4 */
static int mp_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
		    struct wire_error *err)
{
	if (cursor_left(v) != FMT_MP.size)
		return malformed(err, at, s->code, "multiprotocol length is not 4 (RFC 4760 8)");
	return list_parse(&c->multiprotocol, s, v, at, &FMT_MP, err);
}

static void mp_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	entries_write(&c->multiprotocol, s, out, &FMT_MP);
}

/* Capabilities whose value is empty: route refresh (RFC 2918 2, and Cisco's 128), extended
 * message (RFC 8654 3), enhanced route refresh (RFC 7313 3), link-local next hop, ExaBGP's
 * operational. Each instance is the same, so all are kept and packed back. */
static int empty_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
		       struct wire_error *err)
{
	(void)c;
	if (!cursor_empty(v))
		return malformed(err, at, s->code, "the value must be empty");
	s->count = 1;
	return 0;
}

static void empty_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	(void)c;
	(void)s;
	(void)out;
}

static int nexthop_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			 struct wire_error *err)
{
	return list_parse(&c->nexthop, s, v, at, &FMT_NEXTHOP, err);
}

static void nexthop_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	entries_write(&c->nexthop, s, out, &FMT_NEXTHOP);
}

static int labels_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			struct wire_error *err)
{
	/* RFC 8277 2.1: a length that is not a multiple of four is malformed */
	return list_parse(&c->labels, s, v, at, &FMT_BYTE, err);
}

static void labels_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	entries_write(&c->labels, s, out, &FMT_BYTE);
}

/* RFC 9234 4.1: one octet, the sender's role */
static int role_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
		      struct wire_error *err)
{
	uint8_t role;
	bool again = seen_before(c, s);

	if (cursor_left(v) != 1 || cursor_u8(v, &role) < 0)
		return malformed(err, at, s->code, "role length is not 1 (RFC 9234 4.1)");
	/* RFC 9234 4.2 treats a role no allowed pair can satisfy as a mismatch, and so two
	 * instances that disagree (ExaBGP answers an unassigned value the same way) */
	if (role > CAP_ROLE_PEER)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_ROLE_MISMATCH, at,
				      "role %u is not assigned", role);
	if (again && c->role != role)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_ROLE_MISMATCH, at,
				      "role sent twice, %u then %u", c->role, role);
	c->role = role;
	s->count = 1;
	return 0;
}

static void role_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	(void)s;
	buf_put_u8(out, c->role);
}

/* RFC 4724 3:
 *   +--------------------------------------------------+
 *   | Restart Flags (4 bits)                           |
 *   | Restart Time in seconds (12 bits)                |
 *   +--------------------------------------------------+
 *   | AFI (16 bits) | SAFI (8 bits) | Flags (8 bits)   |  repeated
 *   +--------------------------------------------------+
 */
static int graceful_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			  struct wire_error *err)
{
	uint16_t head;

	if (cursor_u16(v, &head) < 0)
		return malformed(err, at, s->code, "graceful restart shorter than 2 octets (RFC 4724 3)");
	if (cursor_left(v) % FMT_BYTE.size)
		return malformed(err, at, s->code, "graceful restart families are not 4 octets each");
	/* RFC 4724 3: "If more than one instance of the Graceful Restart Capability is carried
	 * in the capability advertisement, the receiver of the advertisement MUST ignore all
	 * but the last instance" */
	for (uint32_t i = 0; i < c->nslots; i++)
		if (&c->slots[i] != s && c->slots[i].code == CAP_GRACEFUL_RESTART)
			c->slots[i].dead = true;
	c->graceful.len = 0;
	c->graceful_flags = (uint8_t)(head >> 12);
	c->graceful_time = head & CAP_GR_TIME_MAX;
	return list_parse(&c->graceful, s, v, at, &FMT_BYTE, err);
}

static void graceful_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	buf_put_u16(out, (uint16_t)((c->graceful_flags & 0xf) << 12 | (c->graceful_time & CAP_GR_TIME_MAX)));
	entries_write(&c->graceful, s, out, &FMT_BYTE);
}

/* RFC 6793 3: the sender's four-octet AS number */
static int asn4_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
		      struct wire_error *err)
{
	uint32_t asn;

	if (cursor_left(v) != 4 || cursor_u32(v, &asn) < 0)
		return malformed(err, at, s->code, "four-octet AS length is not 4 (RFC 6793 3)");
	/* RFC 7607 2: an AS of zero in an OPEN is a Bad Peer AS */
	if (asn == 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_BAD_PEER_AS, at,
				      "four-octet AS is 0 (RFC 7607 2)");
	c->asn4 = asn; /* a repeat replaces it, as ExaBGP does */
	s->count = 1;
	return 0;
}

static void asn4_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	(void)s;
	buf_put_u32(out, c->asn4);
}

/* draft-ietf-idr-bgp-multisession-07 4: Flags (1) then the Session ID, capability codes */
static int multisession_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			      struct wire_error *err)
{
	struct cap_multisession *m = &c->multisession[s->code == CAP_MULTISESSION_CISCO];

	s->count = 1;
	/* RFC 5492 lets a receiver keep one instance; ExaBGP keeps the first and ignores the
	 * rest unread. The repeat is still packed back (with the first one's value). */
	if (seen_before(c, s))
		return 0;
	if (cursor_u8(v, &m->flags) < 0)
		return malformed(err, at, s->code, "multi-session without its flags octet");
	m->len = (uint8_t)cursor_left(v);
	cursor_bytes(v, m->codes, m->len);
	return 0;
}

static void multisession_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	const struct cap_multisession *m = &c->multisession[s->code == CAP_MULTISESSION_CISCO];
	buf_put_u8(out, m->flags);
	buf_put(out, m->codes, m->len);
}

/* RFC 7911 4 */
static int addpath_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			 struct wire_error *err)
{
	struct cursor look = *v;

	if (cursor_left(v) % FMT_BYTE.size)
		return malformed(err, at, s->code, "add-path length is not a multiple of 4 (RFC 7911 4)");
	/* RFC 7911 4: "If any other value is received, then the capability SHOULD be treated as
	 * not understood and ignored": kept raw, it announces no family */
	while (cursor_left(&look) >= FMT_BYTE.size) {
		uint8_t sr = 0;
		cursor_skip(&look, 3);
		cursor_u8(&look, &sr);
		if (sr < CAP_ADDPATH_RECEIVE || sr > CAP_ADDPATH_BOTH) {
			size_t len = cursor_left(v);
			const uint8_t *raw = NULL;
			cursor_view(v, len, &raw); /* all of v */
			s->raw = true;
			s->first = c->nunknown;
			s->count = 1;
			capabilities_raw_push(c, s->code, raw, (uint8_t)len);
			return 0;
		}
	}
	return list_parse(&c->addpath, s, v, at, &FMT_BYTE, err);
}

static void addpath_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	entries_write(&c->addpath, s, out, &FMT_BYTE);
}

static int paths_limit_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			     struct wire_error *err)
{
	return list_parse(&c->paths_limit, s, v, at, &FMT_LIMIT, err);
}

static void paths_limit_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	entries_write(&c->paths_limit, s, out, &FMT_LIMIT);
}

/* Read a length-prefixed UTF-8 string. ExaBGP refuses text that is not UTF-8 with an OPEN
 * Message Error, and so do we: a name we cannot show faithfully is a malformed one. */
static int text_read(struct cursor *v, char **dst, uint8_t *dst_len, const char **why)
{
	uint8_t n;
	const uint8_t *p;

	if (cursor_u8(v, &n) < 0) {
		*why = "length octet missing";
		return -1;
	}
	if (cursor_view(v, n, &p) < 0) {
		*why = "text runs past the capability";
		return -1;
	}
	if (!utf8_valid((const char *)p, n)) {
		*why = "text is not UTF-8";
		return -1;
	}
	free(*dst);
	*dst = xmalloc((size_t)n + 1);
	if (n)
		memcpy(*dst, p, n);
	(*dst)[n] = '\0';
	*dst_len = n;
	return 0;
}

/* draft-walton-bgp-hostname-capability-02 3:
 *   Hostname Length (1) | Hostname (variable) | Domain Name Length (1) | Domain Name
 */
static int hostname_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			  struct wire_error *err)
{
	const char *why = NULL;

	if (text_read(v, &c->hostname, &c->hostname_len, &why) < 0 ||
	    text_read(v, &c->domain, &c->domain_len, &why) < 0)
		return malformed(err, at, s->code, why);
	if (!cursor_empty(v))
		return malformed(err, at, s->code, "octets after the domain name");
	s->count = 1;
	return 0;
}

static void hostname_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	(void)s;
	buf_put_u8(out, c->hostname_len);
	buf_put(out, c->hostname, c->hostname_len);
	buf_put_u8(out, c->domain_len);
	buf_put(out, c->domain, c->domain_len);
}

/* draft-ietf-idr-software-version 2: Length (1) | Software Version (UTF-8) */
static int software_parse(struct capabilities *c, struct cap_slot *s, struct cursor *v, size_t at,
			  struct wire_error *err)
{
	const char *why = NULL;

	if (text_read(v, &c->software, &c->software_len, &why) < 0)
		return malformed(err, at, s->code, why);
	if (!cursor_empty(v))
		return malformed(err, at, s->code, "octets after the software version");
	s->count = 1;
	return 0;
}

static void software_pack(const struct capabilities *c, const struct cap_slot *s, struct buf *out)
{
	(void)s;
	buf_put_u8(out, c->software_len);
	buf_put(out, c->software, c->software_len);
}

static const struct capability_codec codecs[] = {
	{CAP_MULTIPROTOCOL, mp_parse, mp_pack},
	{CAP_ROUTE_REFRESH, empty_parse, empty_pack},
	{CAP_EXTENDED_NEXTHOP, nexthop_parse, nexthop_pack},
	{CAP_EXTENDED_MESSAGE, empty_parse, empty_pack},
	{CAP_MULTIPLE_LABELS, labels_parse, labels_pack},
	{CAP_ROLE, role_parse, role_pack},
	{CAP_GRACEFUL_RESTART, graceful_parse, graceful_pack},
	{CAP_ASN4, asn4_parse, asn4_pack},
	{CAP_MULTISESSION, multisession_parse, multisession_pack},
	{CAP_ADD_PATH, addpath_parse, addpath_pack},
	{CAP_ENHANCED_ROUTE_REFRESH, empty_parse, empty_pack},
	{CAP_HOSTNAME, hostname_parse, hostname_pack},
	{CAP_SOFTWARE_VERSION, software_parse, software_pack},
	{CAP_PATHS_LIMIT, paths_limit_parse, paths_limit_pack},
	{CAP_LINK_LOCAL_NEXTHOP, empty_parse, empty_pack},
	{CAP_ROUTE_REFRESH_CISCO, empty_parse, empty_pack},
	{CAP_MULTISESSION_CISCO, multisession_parse, multisession_pack},
	{CAP_OPERATIONAL, empty_parse, empty_pack},
};

static const struct capability_codec *codec_find(uint8_t code)
{
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		if (codecs[i].code == code)
			return &codecs[i];
	return NULL;
}

/* ---- the Capabilities Optional Parameter ----
 *
 * RFC 5492 4: the parameter value is a run of
 *   +------------------------------+
 *   | Capability Code (1 octet)    |
 *   | Capability Length (1 octet)  |
 *   | Capability Value (variable)  |
 *   +------------------------------+
 */
int capabilities_parse(struct capabilities *c, struct cursor *value, uint16_t param,
		       struct wire_error *err)
{
	while (!cursor_empty(value)) {
		size_t at = cursor_offset(value);
		uint8_t code, len;
		struct cursor v;
		const struct capability_codec *codec;
		struct cap_slot *s;

		if (cursor_u8(value, &code) < 0 || cursor_u8(value, &len) < 0)
			return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC,
					      at, "capability header cut short by its parameter");
		if (cursor_sub(value, len, &v) < 0)
			return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC,
					      at, "capability %u of %u octets runs past its parameter",
					      code, len);
		s = capabilities_slot_new(c, code, param);
		codec = codec_find(code);
		if (codec == NULL) {
			/* RFC 5492 3: a capability we do not understand is ignored, not refused */
			const uint8_t *raw = NULL;
			cursor_view(&v, len, &raw); /* v is exactly len long */
			s->raw = true;
			s->first = c->nunknown;
			s->count = 1;
			capabilities_raw_push(c, code, raw, len);
			continue;
		}
		if (codec->parse(c, s, &v, at, err) < 0)
			return -1;
	}
	return 0;
}

int capabilities_pack(const struct capabilities *c, uint16_t param, struct buf *out)
{
	for (uint32_t i = 0; i < c->nslots; i++) {
		const struct cap_slot *s = &c->slots[i];
		const struct capability_codec *codec;
		size_t at, len;

		if (s->dead || s->param != param)
			continue;
		buf_put_u8(out, s->code);
		at = buf_reserve_at(out, 1);
		codec = s->raw ? NULL : codec_find(s->code);
		if (codec) {
			codec->pack(c, s, out);
		} else if (s->first < c->nunknown) {
			const struct cap_raw *r = &c->unknown[s->first];
			buf_put(out, r->data, r->len);
		}
		len = out->len - at - 1;
		if (len > 255)
			return -1;
		out->data[at] = (uint8_t)len;
	}
	return 0;
}
