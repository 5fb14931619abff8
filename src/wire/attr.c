/* attr.c — the Path Attributes field of an UPDATE: the parse loop and the packer.
 *
 * Owns: walking the attributes (RFC 4271 4.3) with RFC 7606's rules for everything that is
 * not one attribute's value — section framing (4), flag conflicts (3 c), duplicates (3 g),
 * missing well-known attributes (3 d), eBGP-only discards (7.5, 7.9, 7.10), locating
 * MP_REACH_NLRI / MP_UNREACH_NLRI (7.11, 7.12) — the RFC 6793 4.2.3 reconciliation of
 * AS4_PATH / AS4_AGGREGATOR, keeping unrecognized attributes raw, and the order in which
 * attrs_pack writes attributes.
 * Must not know: values (the descriptor rows' functions do), NLRI, routes.
 *
 * Each attribute (RFC 4271 4.3):
 *
 *    0                   1                   2                   3
 *   +---------------+---------------+---------------+---------------+
 *   |O|T|P|E| 0 0 0 0|  Type Code   | Length (1, or 2 when E is set)|
 *   +---------------+---------------+---------------+---------------+
 *   |  Value (Length octets) ...
 *   +---------------+----
 *
 * Performance: on a 4-octet session, parsing allocates nothing; every view points into the
 * message. The arena is used only to widen a 2-octet AS_PATH, to merge AS4_PATH, and to
 * assemble `unknown` when it holds several attributes or one whose Partial bit we set.
 */
#include <stddef.h>
#include <string.h>

#include "wire/attr_internal.h"

/* An attribute kept raw for `unknown`: where it is in the message and the flags to write. */
struct raw_attr {
	const uint8_t *at;  /* the flags octet */
	uint32_t len;       /* header + value */
	uint8_t code;
	uint8_t flags;
};

struct parse_state {
	const struct open_context *ctx;
	struct attr_set *out;
	struct attr_mp *mp;
	struct arena *arena;
	struct wire_error *err;
	uint64_t seen[4];             /* every code met, for RFC 7606 3 g */
	bool as4_path_seen, as4_aggregator_seen;
	struct bytes as4_path;
	uint32_t as4_aggregator_as;
	uint8_t as4_aggregator_ip[4];
	size_t raw_count;
	bool raw_rewrite;             /* a flags octet changes: `unknown` cannot be a plain view */
	struct raw_attr raw[256];     /* duplicates are dropped, so one per code at most */
};

/* The attribute being looked at. */
struct attr_here {
	size_t start;                 /* absolute offset of its flags octet */
	const uint8_t *ptr;           /* its flags octet */
	uint32_t total;               /* header + value */
	uint8_t flags, code;
	struct cursor value;
};

/* Record an error about one attribute; when it becomes the recorded error, the attribute is
 * what a NOTIFICATION carries as Data (RFC 4271 6.3). Returns -1 on session reset. */
static int attr_error(struct parse_state *st, const struct attr_here *a, enum wire_action action, uint8_t subcode,
		      size_t at, const char *what)
{
	enum wire_action before = st->err->action;
	const struct attr_desc *d = attr_desc_find(a->code);
	int rc = wire_error_set(st->err, action, BGP_ERR_UPDATE, subcode, at, "%s (code %u): %s",
				d ? d->name : "attribute", a->code, what);
	if (st->err->action > before) {
		st->err->data_offset = (uint32_t)a->start;
		st->err->data_len = a->total;
	}
	return rc;
}

static void raw_keep(struct parse_state *st, const struct attr_here *a, uint8_t flags)
{
	struct raw_attr *r = &st->raw[st->raw_count++];
	r->at = a->ptr;
	r->len = a->total;
	r->code = a->code;
	r->flags = flags;
	if (flags != a->flags || st->raw_count > 1)
		st->raw_rewrite = true;
}

/*
 * An attribute without a row. RFC 4271 5: an unrecognized optional non-transitive attribute
 * is quietly ignored; an unrecognized optional transitive one is passed on with the Partial
 * bit set. ExaBGP 6 (collection.py parse) keeps every transitive unknown attribute as a
 * GenericAttribute with `flag | PARTIAL`, the unrecognized well-known ones included (where
 * RFC 4271 6.3 would reset the session with "Unrecognized Well-known Attribute"), and its
 * own test conf-generic-attribute decodes such attributes (flags 0x60 and 0x70), so we are as
 * lenient. The Partial bit is set here, on receipt, not by attrs_pack: a set built from route
 * text (`attribute [0x99 0x40 ...]`) is sent with exactly the flags given, as ExaBGP's
 * GenericAttribute.pack_attribute does, and a received one is then sent on with Partial set.
 * The Extended Length bit is kept as received (GenericAttribute keeps it too), so the
 * attribute is re-packed byte for byte.
 */
static void unknown_parse(struct parse_state *st, const struct attr_here *a)
{
	if (!(a->flags & ATTR_FLAG_TRANSITIVE))
		return;
	raw_keep(st, a, (uint8_t)(a->flags | ATTR_FLAG_PARTIAL));
}

/* `unknown`: one raw attribute kept as received is a view into the message; anything else is
 * assembled in the arena, in increasing code order. */
static void raw_finish(struct parse_state *st)
{
	struct attr_set *out = st->out;

	if (st->raw_count == 0)
		return;
	if (!st->raw_rewrite) {
		out->unknown.ptr = st->raw[0].at;
		out->unknown.len = st->raw[0].len;
		return;
	}
	/* insertion sort: a handful of entries at most in practice */
	for (size_t i = 1; i < st->raw_count; i++) {
		struct raw_attr r = st->raw[i];
		size_t j = i;
		while (j > 0 && st->raw[j - 1].code > r.code) {
			st->raw[j] = st->raw[j - 1];
			j--;
		}
		st->raw[j] = r;
	}
	size_t total = 0;
	for (size_t i = 0; i < st->raw_count; i++)
		total += st->raw[i].len;
	uint8_t *dst = arena_alloc(st->arena, total);
	size_t w = 0;
	for (size_t i = 0; i < st->raw_count; i++) {
		memcpy(dst + w, st->raw[i].at, st->raw[i].len);
		dst[w] = st->raw[i].flags;
		w += st->raw[i].len;
	}
	out->unknown.ptr = dst;
	out->unknown.len = (uint32_t)total;
}

/* MP_REACH_NLRI / MP_UNREACH_NLRI: located, checked for the fixed part only (the NLRI side
 * checks the rest). RFC 7606 7.11 / 7.12: malformed: session reset.
 *   MP_REACH_NLRI:   AFI (2) SAFI (1) next hop length (1) next hop reserved (1) NLRI
 *   MP_UNREACH_NLRI: AFI (2) SAFI (1) withdrawn NLRI */
static int mp_parse(struct parse_state *st, const struct attr_here *a, bool reach)
{
	size_t len = cursor_left(&a->value), min = reach ? 5 : 3;
	const uint8_t *p;
	struct cursor v = a->value;

	if (len < min)
		return attr_error(st, a, WIRE_SESSION_RESET, BGP_UPD_OPTIONAL_ATTR, a->start,
				  reach ? "MP_REACH_NLRI too short" : "MP_UNREACH_NLRI too short");
	cursor_view(&v, len, &p);
	if (reach) {
		st->mp->has_reach = true;
		st->mp->reach.ptr = p;
		st->mp->reach.len = (uint32_t)len;
		st->mp->reach_offset = (uint32_t)cursor_offset(&a->value);
	} else {
		st->mp->has_unreach = true;
		st->mp->unreach.ptr = p;
		st->mp->unreach.len = (uint32_t)len;
		st->mp->unreach_offset = (uint32_t)cursor_offset(&a->value);
	}
	return 0;
}

/* AS4_PATH / AS4_AGGREGATOR, kept aside for as4_reconcile. RFC 6793: a NEW speaker never
 * sends them to a NEW speaker, and one received from a NEW speaker is discarded; a
 * malformed one is discarded (RFC 6793 6). */
static int as4_parse(struct parse_state *st, const struct attr_here *a, bool path)
{
	size_t segments, asns, bad_at;
	const char *why;
	struct cursor v = a->value;
	const uint8_t *p;

	if (st->ctx->asn4)
		return attr_error(st, a, WIRE_ATTR_DISCARD, 0, a->start,
				  "discarded: only a 2-octet AS speaker may send it (RFC 6793)");
	if (path) {
		/* RFC 7606 5: only AS_PATH and ATOMIC_AGGREGATE may be empty */
		if (cursor_empty(&v))
			return attr_error(st, a, WIRE_ATTR_DISCARD, BGP_UPD_ATTR_LENGTH, a->start, "empty AS4_PATH");
		if (aspath_check(&v, 4, &segments, &asns, &bad_at, &why) < 0)
			return attr_error(st, a, WIRE_ATTR_DISCARD, BGP_UPD_MALFORMED_AS_PATH, bad_at, why);
		size_t len = cursor_left(&v);
		cursor_view(&v, len, &p);
		st->as4_path.ptr = p;
		st->as4_path.len = (uint32_t)len;
		st->as4_path_seen = true;
		return 0;
	}
	if (cursor_left(&v) != 8)
		return attr_error(st, a, WIRE_ATTR_DISCARD, BGP_UPD_ATTR_LENGTH, a->start,
				  "AS4_AGGREGATOR length is not 8");
	cursor_u32(&v, &st->as4_aggregator_as);
	cursor_bytes(&v, st->as4_aggregator_ip, 4);
	st->as4_aggregator_seen = true;
	return 0;
}

/*
 * RFC 6793 4.2.3, for an UPDATE from a 2-octet speaker: "When both of the attributes
 * [AGGREGATOR and AS4_AGGREGATOR] are received, if the AS number in the AGGREGATOR attribute
 * is not AS_TRANS, then the AS4_AGGREGATOR attribute and the AS4_PATH attribute SHALL be
 * ignored [...]. Otherwise, the AGGREGATOR attribute SHALL be ignored, [and] the
 * AS4_AGGREGATOR attribute SHALL be taken as the information about the aggregating node."
 * The RFC says nothing of an AS4_AGGREGATOR without AGGREGATOR: it completes nothing, so it
 * is ignored. The path itself: aspath_merge_as4.
 */
static void as4_reconcile(struct parse_state *st)
{
	struct attr_set *out = st->out;
	bool use_as4_path = st->as4_path_seen;

	if (st->as4_aggregator_seen && (out->present & ATTR_BIT(ATTR_AGGREGATOR))) {
		if (out->aggregator_as != AS_TRANS) {
			use_as4_path = false;
		} else {
			out->aggregator_as = st->as4_aggregator_as;
			memcpy(out->aggregator_ip, st->as4_aggregator_ip, 4);
		}
	}
	if (!use_as4_path || !(out->present & ATTR_BIT(ATTR_AS_PATH)))
		return;
	struct bytes merged;
	int rc = aspath_merge_as4(out->as_path, st->as4_path, st->arena, &merged);
	if (rc == 0)
		out->as_path = merged;
	else if (rc < 0)
		wire_error_set(st->err, WIRE_ATTR_DISCARD, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_AS_PATH, 0,
			       "AS4_PATH discarded: the merged AS path would not fit one attribute");
	/* rc == 1: AS4_PATH counts more ASNs than AS_PATH and "SHALL be ignored": not an error */
}

/* One attribute with a row. Returns -1 on session reset. */
static int known_parse(struct parse_state *st, const struct attr_row *row, struct attr_here *a)
{
	/* RFC 7606 3 c: Optional or Transitive bits in conflict with the attribute's definition:
	 * treat-as-withdraw unless its specification says otherwise (row.on_flags). The Partial
	 * and Extended Length bits are not checked (RFC 7606 3 c names only O and T). */
	if (row->on_flags != WIRE_OK &&
	    (a->flags & (ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE)) != row->desc.flags)
		return attr_error(st, a, row->on_flags, BGP_UPD_ATTR_FLAGS, a->start, "conflicting attribute flags");

	switch (row->kind) {
	case ATTR_KIND_VALUE:
		/* RFC 7606 7.5, 7.9, 7.10: from an external peer: attribute discard */
		if ((row->rules & ATTR_RULE_IBGP_ONLY) && !open_context_is_ibgp(st->ctx))
			return attr_error(st, a, WIRE_ATTR_DISCARD, 0, a->start, "discarded: received from an external peer");
		{
			enum wire_action before = st->err->action;
			if (row->desc.parse(&a->value, a->flags, st->ctx, st->out, st->arena, st->err) < 0) {
				if (st->err->action > before) {
					st->err->data_offset = (uint32_t)a->start;
					st->err->data_len = a->total;
				}
				return st->err->action == WIRE_SESSION_RESET ? -1 : 0;
			}
		}
		st->out->present |= ATTR_BIT(a->code);
		return 0;
	case ATTR_KIND_MP_REACH:
		return mp_parse(st, a, true);
	case ATTR_KIND_MP_UNREACH:
		return mp_parse(st, a, false);
	case ATTR_KIND_AS4_PATH:
		return as4_parse(st, a, true);
	case ATTR_KIND_AS4_AGGREGATOR:
		return as4_parse(st, a, false);
	case ATTR_KIND_RAW:
		/* decoded elsewhere from the raw bytes; kept exactly as received */
		raw_keep(st, a, a->flags);
		return 0;
	}
	return 0;
}

/* RFC 7606 3 d: a missing well-known mandatory attribute: treat-as-withdraw. ORIGIN and
 * AS_PATH are needed by any UPDATE that announces routes; NEXT_HOP only when IPv4 routes are
 * in the NLRI field (RFC 4760 makes it optional for MP_REACH_NLRI routes). */
static void mandatory_check(struct parse_state *st, bool has_nlri, size_t section_at)
{
	static const struct {
		uint8_t code;
		const char *name;
	} wanted[] = {{ATTR_ORIGIN, "ORIGIN"}, {ATTR_AS_PATH, "AS_PATH"}, {ATTR_NEXT_HOP, "NEXT_HOP"}};
	bool announces = has_nlri || st->mp->has_reach;

	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		bool needed = wanted[i].code == ATTR_NEXT_HOP ? has_nlri : announces;
		if (needed && !(st->out->present & ATTR_BIT(wanted[i].code)))
			wire_error_set(st->err, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPDATE, BGP_UPD_MISSING_WELLKNOWN,
				       section_at, "missing well-known attribute %s", wanted[i].name);
	}
}

/* Read one attribute header and carve its value. Returns 0, 1 at a framing error (the rest
 * of the section cannot be read; error recorded), -1 on session reset. */
static int header_read(struct parse_state *st, struct cursor *attrs, struct attr_here *a)
{
	uint16_t len;
	uint8_t len8;
	size_t left = cursor_left(attrs);

	a->start = cursor_offset(attrs);
	a->ptr = cursor_ptr(attrs);
	/* RFC 7606 4: fewer than 3 octets (4 with Extended Length) left for a header:
	 * treat-as-withdraw, and the Total Path Attribute Length still locates the NLRI. */
	if (cursor_u8(attrs, &a->flags) < 0 || cursor_u8(attrs, &a->code) < 0)
		goto truncated;
	if (a->flags & ATTR_FLAG_EXTENDED) {
		if (cursor_u16(attrs, &len) < 0)
			goto truncated;
	} else {
		if (cursor_u8(attrs, &len8) < 0)
			goto truncated;
		len = len8;
	}
	/* RFC 7606 4: an attribute length running past the section: treat-as-withdraw. But an
	 * MP_REACH_NLRI / MP_UNREACH_NLRI cut short hides NLRI we cannot withdraw (RFC 7606 3 j),
	 * so that one resets the session. */
	if (cursor_sub(attrs, len, &a->value) < 0) {
		bool mp = a->code == ATTR_MP_REACH_NLRI || a->code == ATTR_MP_UNREACH_NLRI;
		wire_error_set(st->err, mp ? WIRE_SESSION_RESET : WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPDATE,
			       mp ? BGP_UPD_OPTIONAL_ATTR : BGP_UPD_ATTR_LENGTH, a->start,
			       "attribute %u length %u overruns the path attributes (%zu octets left)", a->code, len,
			       cursor_left(attrs));
		cursor_skip(attrs, cursor_left(attrs));
		return st->err->action == WIRE_SESSION_RESET ? -1 : 1;
	}
	a->total = (uint32_t)(cursor_offset(attrs) - a->start);
	return 0;
truncated:
	wire_error_set(st->err, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTR_LIST, a->start,
		       "%zu trailing octets cannot hold an attribute header", left);
	cursor_skip(attrs, cursor_left(attrs));
	return 1;
}

int attrs_parse(struct cursor *attrs, const struct open_context *ctx, bool has_nlri, struct attr_set *out,
		struct attr_mp *mp, struct arena *arena, struct wire_error *err)
{
	struct wire_error scratch_err;
	struct attr_mp scratch_mp;
	struct parse_state st;
	size_t section_at = cursor_offset(attrs);

	if (err == NULL) {
		wire_error_clear(&scratch_err);
		err = &scratch_err;
	}
	if (mp == NULL)
		mp = &scratch_mp;
	memset(out, 0, sizeof(*out));
	memset(mp, 0, sizeof(*mp));
	/* raw[] is written before it is read; leave it uninitialised */
	memset(&st, 0, offsetof(struct parse_state, raw));
	st.ctx = ctx;
	st.out = out;
	st.mp = mp;
	st.arena = arena;
	st.err = err;

	while (!cursor_empty(attrs)) {
		struct attr_here a;
		int rc = header_read(&st, attrs, &a);
		if (rc < 0)
			return -1;
		if (rc > 0)
			break;

		/* RFC 7606 3 g: a repeated MP_REACH_NLRI / MP_UNREACH_NLRI: session reset
		 * (Malformed Attribute List); any other repeated attribute: keep the first. */
		uint64_t bit = (uint64_t)1 << (a.code & 63);
		if (st.seen[a.code >> 6] & bit) {
			if (a.code == ATTR_MP_REACH_NLRI || a.code == ATTR_MP_UNREACH_NLRI)
				return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE,
						      BGP_UPD_MALFORMED_ATTR_LIST, a.start, "attribute %u repeated",
						      a.code);
			wire_error_set(err, WIRE_ATTR_DISCARD, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTR_LIST, a.start,
				       "repeated attribute %u discarded", a.code);
			continue;
		}
		st.seen[a.code >> 6] |= bit;

		const struct attr_row *row = attr_row_find(a.code);
		if (row == NULL) {
			unknown_parse(&st, &a);
			continue;
		}
		if (known_parse(&st, row, &a) < 0)
			return -1;
	}

	raw_finish(&st);
	if (st.as4_path_seen || st.as4_aggregator_seen)
		as4_reconcile(&st);
	mandatory_check(&st, has_nlri, section_at);
	return err->action == WIRE_SESSION_RESET ? -1 : 0;
}

/* Write the raw attributes of *u whose code is below limit (`unknown` is in code order).
 * A malformed `unknown` built by a caller stops the walk rather than writing garbage. */
static void unknown_put_below(struct cursor *u, unsigned limit, struct buf *out)
{
	while (!cursor_empty(u)) {
		struct cursor peek = *u;
		uint8_t flags, code, len8;
		uint16_t len;

		if (cursor_u8(&peek, &flags) < 0 || cursor_u8(&peek, &code) < 0)
			goto bad;
		if (code >= limit)
			return;
		if (flags & ATTR_FLAG_EXTENDED) {
			if (cursor_u16(&peek, &len) < 0)
				goto bad;
		} else {
			if (cursor_u8(&peek, &len8) < 0)
				goto bad;
			len = len8;
		}
		if (cursor_skip(&peek, len) < 0)
			goto bad;
		buf_put(out, cursor_ptr(u), peek.pos - u->pos);
		*u = peek;
	}
	return;
bad:
	cursor_skip(u, cursor_left(u));
}

/*
 * Order, as ExaBGP 6 sends it (checked against every UPDATE of its functional tests, e.g.
 * conf-flow: 1 2 5 16 14, and withdrawals: 15 1 2 5 16): MP_UNREACH_NLRI first, then the
 * attributes in increasing type code, then MP_REACH_NLRI last. Unknown attributes are
 * interleaved at their codes, written as stored. For a 2-octet context, AS4_PATH and
 * AS4_AGGREGATOR follow AS_PATH and AGGREGATOR directly (ExaBGP again).
 */
void attrs_pack(const struct attr_set *set, const struct open_context *ctx, const struct bytes *mp_reach,
		const struct bytes *mp_unreach, struct buf *out)
{
	struct cursor u = cursor_make(set->unknown.ptr, set->unknown.len, 0);
	uint64_t bits = set->present & attr_packable_mask;

	if (mp_unreach && mp_unreach->len)
		buf_put(out, mp_unreach->ptr, mp_unreach->len);
	while (bits) {
		unsigned code = (unsigned)__builtin_ctzll(bits);
		bits &= bits - 1;
		unknown_put_below(&u, code, out);
		attr_row_find((uint8_t)code)->desc.pack(set, ctx, out);
	}
	unknown_put_below(&u, 256, out);
	if (mp_reach && mp_reach->len)
		buf_put(out, mp_reach->ptr, mp_reach->len);
}
