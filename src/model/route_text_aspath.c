/* route_text_aspath.c — the value of `as-path` in route text, as canonical AS_PATH segments.
 *
 * Owns: ExaBGP's AS path syntax (a single ASN, "[ sequence ]", "( set )", "{ confederation }"
 * groups) and how it maps to segments: each group its own segment, runs longer than 255
 * ASNs split (RFC 4271 4.3 limit, as ExaBGP does), empty groups dropped.
 * Must not know: the other keywords of a route statement.
 */
#include "model/route_text_spec.h"

#include "core/cursor.h"
#include "model/text_scan.h"

/* RFC 4271 4.3: an AS_PATH segment holds at most 255 ASNs; ExaBGP splits longer runs. */
#define AS_SEGMENT_MAX 255

/* Writes canonical segments (type, count, 4-octet ASNs). With buf NULL it only measures. */
struct aspath_writer {
	uint8_t *buf;
	size_t pos;
	size_t seg;      /* offset of the open segment's header */
	uint8_t type;    /* type of the open segment, 0 when none is open */
	uint8_t count;
};

static void aspath_break(struct aspath_writer *w) { w->type = 0; }

static void aspath_add(struct aspath_writer *w, uint8_t type, uint32_t asn)
{
	if (w->type != type || w->count == AS_SEGMENT_MAX) {
		w->seg = w->pos;
		w->type = type;
		w->count = 0;
		if (w->buf) {
			w->buf[w->pos] = type;
			w->buf[w->pos + 1] = 0;
		}
		w->pos += 2;
	}
	if (w->buf) {
		be32_store(w->buf + w->pos, asn);
		w->buf[w->seg + 1] = ++w->count;
	} else {
		w->count++;
	}
	w->pos += 4;
}

static int aspath_asn(const struct rt_token *t, uint32_t *asn, struct route_text_error *err)
{
	if (t->kind != RT_WORD || scan_u32(t->s, t->len, asn) < 0)
		return rt_error_word(err, "as-path", t, "is not an AS number");
	return 0;
}

/* Members of a "{ ... }" confederation group. */
static int aspath_confed(struct aspath_writer *w, struct rt_lex *lx, uint8_t type,
			 struct route_text_error *err)
{
	aspath_break(w);
	for (;;) {
		struct rt_token t = rt_lex_next(lx);
		uint32_t asn;
		if (t.kind == RT_RBRACE)
			break;
		if (t.kind == RT_COMMA)
			continue;
		if (aspath_asn(&t, &asn, err) < 0)
			return -1;
		aspath_add(w, type, asn);
	}
	aspath_break(w);
	return 0;
}

/*
 * as-path ASN
 * as-path [ ASN ... ( ASN ... ) ASN ... { ASN ... } ]   sequence, with sets and confed
 *                                                       sequences inside
 * as-path ( ASN ... { ASN ... } )                       a set (with a confed set inside)
 * Groups may follow each other ("[ 1 2 ] ( 3 4 )"): ExaBGP's form. Each group, and each
 * nested one, is its own segment; empty groups send nothing.
 */
static int aspath_pass(struct aspath_writer *w, struct rt_lex *lx, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	uint32_t asn;

	if (t.kind == RT_WORD) {
		if (aspath_asn(&t, &asn, err) < 0)
			return -1;
		aspath_add(w, AS_SEQUENCE, asn);
		return 0;
	}
	if (t.kind != RT_LBRACKET && t.kind != RT_LPAREN)
		return rt_error_word(err, "as-path", &t, "is not an AS path ([ ASN ... ])");

	for (;;) {
		bool sequence = t.kind == RT_LBRACKET;
		enum rt_tok close = sequence ? RT_RBRACKET : RT_RPAREN;
		uint8_t type = sequence ? AS_SEQUENCE : AS_SET;
		aspath_break(w);
		for (;;) {
			t = rt_lex_next(lx);
			if (t.kind == close)
				break;
			if (t.kind == RT_COMMA)
				continue;
			if (t.kind == RT_LBRACE) {
				if (aspath_confed(w, lx, sequence ? AS_CONFED_SEQUENCE : AS_CONFED_SET, err) < 0)
					return -1;
				continue;
			}
			if (sequence && t.kind == RT_LPAREN) {
				aspath_break(w);
				for (;;) {
					t = rt_lex_next(lx);
					if (t.kind == RT_RPAREN)
						break;
					if (t.kind == RT_COMMA)
						continue;
					if (t.kind == RT_LBRACE) {
						if (aspath_confed(w, lx, AS_CONFED_SET, err) < 0)
							return -1;
						continue;
					}
					if (aspath_asn(&t, &asn, err) < 0)
						return -1;
					aspath_add(w, AS_SET, asn);
				}
				aspath_break(w);
				continue;
			}
			if (t.kind == RT_END || t.kind == RT_SEMI)
				return rt_error_at(err, t.off, "as-path: the path is not closed with '%c'",
						   sequence ? ']' : ')');
			if (aspath_asn(&t, &asn, err) < 0)
				return -1;
			aspath_add(w, type, asn);
		}
		struct rt_token next = rt_lex_peek(lx);
		if (next.kind != RT_LBRACKET && next.kind != RT_LPAREN)
			return 0;
		t = rt_lex_next(lx);
	}
}

int rt_aspath_parse(struct rt_lex *lx, struct arena *arena, struct bytes *out,
		    struct route_text_error *err)
{
	/* a first pass validates and measures, the second writes into an arena block of
	 * exactly that size: no scratch allocation per command */
	struct rt_lex start = *lx;
	struct aspath_writer w = {0};
	if (aspath_pass(&w, lx, err) < 0)
		return -1;
	size_t size = w.pos;
	struct aspath_writer fill = {0};
	fill.buf = size ? arena_alloc(arena, size) : NULL;
	*lx = start;
	aspath_pass(&fill, lx, err);
	out->ptr = fill.buf;
	out->len = (uint32_t)size;
	return 0;
}
