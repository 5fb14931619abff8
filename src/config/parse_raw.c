/* parse_raw.c — statements kept as written: the families and features the codec does not
 * have yet (flow { }, operational { }, and the routes parse_routes.c hands
 * over). They are never dropped: each is kept in canonical text — its words, quoted only
 * where needed, one statement per line, nested blocks indented by a tab — with its
 * position, its family and what is missing, then printed back by export and reported
 * at start-up (config_unsupported).
 *
 *   flow  { route [NAME] { match { ... } then { ... } [scope { ... }] [rd ...;] [next-hop ...;] } }
 * Must not know: what the kept words mean, beyond guessing their family.
 */
#include <stdio.h>
#include <string.h>

#include "config/fields.h"
#include "config/parse_internal.h"
#include "wire/family.h"

struct config_raw *cfg_raw_add(struct config_neighbor *n, struct arena *arena)
{
	n->raw = cfg_array_grow(arena, n->raw, n->nraw, sizeof(*n->raw));
	struct config_raw *raw = &n->raw[n->nraw++];
	memset(raw, 0, sizeof(*raw));
	return raw;
}

static void indent(struct buf *out, unsigned depth)
{
	for (unsigned i = 0; i < depth; i++)
		buf_putc(out, '\t');
}

static void note_words(struct cfg_parser *p, const struct cfg_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (cfg_word_is(&w[i], "rd") || cfg_word_is(&w[i], "route-distinguisher"))
			p->raw_rd = true;
		if (cfg_word_is(&w[i], "next-header") || cfg_word_is(&w[i], "flow-label") ||
		    cfg_word_is(&w[i], "traffic-class"))
			p->raw_ipv6 = true;
		if (memchr(w[i].s, ':', w[i].len) && memchr(w[i].s, '/', w[i].len))
			p->raw_ipv6 = true;
	}
}

static void put_words(struct buf *out, const struct cfg_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ' ');
		cfg_word_put(out, w[i].s, w[i].len);
	}
}

int cfg_raw_capture(struct cfg_parser *p)
{
	struct buf *out = &p->raw;
	uint32_t line = p->st.line, col = p->st.col;
	unsigned depth = 0;

	buf_reset(out);
	p->raw_ipv6 = p->raw_rd = false;
	note_words(p, p->st.w, p->st.n);
	put_words(out, p->st.w, p->st.n);
	if (p->st.end == CFG_SEMI) {
		buf_putc(out, ';');
		return 0;
	}
	if (p->st.n)
		line = p->st.w[0].line, col = p->st.w[0].col;
	buf_puts(out, " {");
	depth = 1;
	while (depth) {
		if (depth > CFG_DEPTH_MAX)
			return cfg_fail_at(p, line, col, "blocks nest deeper than %u", CFG_DEPTH_MAX);
		if (cfg_next(p) < 0)
			return -1;
		switch (p->st.end) {
		case CFG_EOF:
			return cfg_fail_at(p, line, col, "the block opened here is not closed with '}'");
		case CFG_CLOSE:
			if (p->st.n)
				return cfg_fail_word(p, &p->st.w[0], NULL,
						     "starts a statement that is not ended with ';' before '}'");
			depth--;
			buf_putc(out, '\n');
			indent(out, depth);
			buf_putc(out, '}');
			break;
		case CFG_SEMI:
			if (p->st.n == 0)
				break;
			note_words(p, p->st.w, p->st.n);
			buf_putc(out, '\n');
			indent(out, depth);
			put_words(out, p->st.w, p->st.n);
			buf_putc(out, ';');
			break;
		case CFG_OPEN:
			if (p->st.n == 0)
				return cfg_fail_at(p, p->st.line, p->st.col, "'{' opens a block without a name");
			note_words(p, p->st.w, p->st.n);
			buf_putc(out, '\n');
			indent(out, depth);
			put_words(out, p->st.w, p->st.n);
			buf_puts(out, " {");
			depth++;
			break;
		}
	}
	return 0;
}

static int keep(struct cfg_parser *p, struct config_neighbor *n, uint8_t place, uint16_t afi, uint8_t safi,
		const char *why)
{
	uint32_t line = p->st.n ? p->st.w[0].line : p->st.line, col = p->st.n ? p->st.w[0].col : p->st.col;
	if (cfg_raw_capture(p) < 0)
		return -1;
	struct config_raw *raw = cfg_raw_add(n, &p->c->arena);
	raw->place = place;
	raw->afi = afi;
	raw->safi = safi;
	raw->why = cfg_strdup(p, why, strlen(why));
	raw->text = cfg_strdup(p, (const char *)p->raw.data, p->raw.len);
	raw->line = line;
	raw->col = col;
	return 0;
}

int cfg_raw_block(struct cfg_parser *p, struct config_neighbor *n, uint8_t place, const char *why)
{
	return keep(p, n, place, 0, 0, why);
}

/* l2vpn { } is parse_vpls.c's */
