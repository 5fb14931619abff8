/* shortcut.c — the table of legacy commands and their v6 forms (see shortcut.h).
 *
 * Each row: the words a legacy command starts with, the v6 words they become, and how the
 * rest of the line is carried over:
 *   PREFIX         the rest follows the v6 words unchanged
 *                  (`announce route ...` → `peer * announce route ...`)
 *   NEIGHBOR       a legacy selector list, then the verb and its rest
 *                  (`neighbor A, neighbor B teardown 2` → `peer [A, B] teardown 2`)
 *   SHOW_NEIGHBOR  `show neighbor [A [qualifiers]] [summary|extensive|configuration] [json]`
 *                  → `peer A show summary` (json/text dropped: answers are JSON anyway)
 * Rows are tried in order; longer prefixes of the same first word come first.
 */
#include "api/shortcut.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/lex.h"
#include "api/selector.h"

enum {
	SC_PREFIX,
	SC_NEIGHBOR,
	SC_SHOW_NEIGHBOR,
};

const struct api_shortcut api_shortcuts[] = {
	/* the daemon */
	{"shutdown", "daemon shutdown", SC_PREFIX},
	{"reload", "daemon reload", SC_PREFIX},
	{"restart", "daemon restart", SC_PREFIX},
	{"status", "daemon status", SC_PREFIX},
	/* the client's own session */
	{"enable-ack", "session ack enable", SC_PREFIX},
	{"disable-ack", "session ack disable", SC_PREFIX},
	{"silence-ack", "session ack silence", SC_PREFIX},
	{"enable-sync", "session sync enable", SC_PREFIX},
	{"disable-sync", "session sync disable", SC_PREFIX},
	{"reset", "session reset", SC_PREFIX},
	{"ping", "session ping", SC_PREFIX},
	{"bye", "session bye", SC_PREFIX},
	/* about the system */
	{"help", "system help", SC_PREFIX},
	{"version", "system version", SC_PREFIX},
	{"queue-status", "system queue-status", SC_PREFIX},
	{"api version", "system api version", SC_PREFIX},
	/* the RIBs */
	{"show adj-rib in", "rib show in", SC_PREFIX},
	{"show adj-rib out", "rib show out", SC_PREFIX},
	{"show adj-rib-in", "rib show in", SC_PREFIX},
	{"show adj-rib-out", "rib show out", SC_PREFIX},
	{"flush adj-rib out", "rib flush out", SC_PREFIX},
	{"flush adj-rib-out", "rib flush out", SC_PREFIX},
	{"clear adj-rib in", "rib clear in", SC_PREFIX},
	{"clear adj-rib out", "rib clear out", SC_PREFIX},
	{"clear adj-rib-in", "rib clear in", SC_PREFIX},
	{"clear adj-rib-out", "rib clear out", SC_PREFIX},
	/* peers */
	{"show neighbor", "peer", SC_SHOW_NEIGHBOR},
	{"show neighbors", "peer", SC_SHOW_NEIGHBOR},
	{"create neighbor", "peer create", SC_PREFIX},
	{"delete neighbor", "peer delete", SC_PREFIX},
	{"neighbor", "peer", SC_NEIGHBOR},
	{"neighbour", "peer", SC_NEIGHBOR},
	/* every peer of the client */
	{"teardown", "peer * teardown", SC_PREFIX},
	{"announce", "peer * announce", SC_PREFIX},
	{"withdraw", "peer * withdraw", SC_PREFIX},
	{"group", "peer * group", SC_PREFIX},
	{"routes", "peer * routes", SC_PREFIX},
};
const size_t api_shortcut_count = sizeof(api_shortcuts) / sizeof(api_shortcuts[0]);

/* Whether the line starts with the words of legacy; on success lx is past them. */
static bool match_words(struct api_lex *lx, const char *legacy)
{
	struct api_lex save = *lx;
	const char *w = legacy;

	while (*w) {
		size_t n = strcspn(w, " ");
		struct api_token t = api_lex_next(lx);
		if (t.s == NULL || t.len != n || strncasecmp(t.s, w, n) != 0) {
			*lx = save;
			return false;
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	return true;
}

static void put_rest(struct buf *out, const struct api_lex *lx)
{
	size_t len;
	const char *rest = api_lex_rest(lx, &len);
	if (len) {
		buf_putc(out, ' ');
		buf_put(out, rest, len);
	}
}

/* neighbor ITEM (',' ['neighbor'] ITEM)* VERB ... — ITEM is ADDRESS|'*' qualifier* */
static int rewrite_neighbor(struct api_lex *lx, const struct api_shortcut *sc, struct buf *out,
			    struct api_error *err)
{
	struct api_selector sel;
	char word[64];

	memset(&sel, 0, sizeof(sel));
	for (;;) {
		struct api_token t = api_lex_next(lx);
		if (sel.n == API_SELECTOR_MAX) {
			snprintf(err->why, sizeof(err->why), "neighbor: more than %d peers", API_SELECTOR_MAX);
			return -1;
		}
		struct api_peer_match *m = &sel.match[sel.n];
		if (t.s == NULL) {
			snprintf(err->why, sizeof(err->why), "neighbor: a peer address or '*' is missing");
			return -1;
		}
		memset(m, 0, sizeof(*m));
		if (!api_tok_is(&t, "*") && !api_token_address(&t, &m->peer)) {
			snprintf(err->why, sizeof(err->why), "neighbor: '%s' is not a peer address or '*'",
				 api_tok_text(&t, word, sizeof(word)));
			return -1;
		}
		int rc;
		while ((rc = api_selector_qualifier(lx, m, err)) == 1)
			;
		if (rc < 0)
			return -1;
		sel.n++;
		struct api_token sep = api_lex_peek(lx);
		if (!api_tok_is(&sep, ","))
			break;
		api_lex_next(lx);
		sep = api_lex_peek(lx);
		if (api_tok_is(&sep, "neighbor") || api_tok_is(&sep, "neighbour"))
			api_lex_next(lx);
	}
	/* `neighbor *` alone, or any `*` in the list: every peer */
	for (size_t i = 0; i < sel.n; i++)
		if (sel.match[i].peer.afi == 0 && sel.match[i].fields == 0)
			sel.n = 0;
	if (api_lex_at_end(lx)) {
		snprintf(err->why, sizeof(err->why), "neighbor: a command must follow the peers");
		return -1;
	}
	buf_puts(out, sc->v6);
	buf_putc(out, ' ');
	api_selector_format(&sel, out);
	put_rest(out, lx);
	return 1;
}

/* show neighbor [ADDRESS qualifier*] [summary|extensive|configuration] [json|text] */
static int rewrite_show_neighbor(struct api_lex *lx, struct buf *out, struct api_error *err)
{
	struct api_selector sel;
	const char *mode = NULL;
	bool have_sel = false;
	char word[64];

	memset(&sel, 0, sizeof(sel));
	for (;;) {
		struct api_token t = api_lex_peek(lx);
		if (t.s == NULL)
			break;
		if (api_tok_is(&t, "summary") || api_tok_is(&t, "extensive") || api_tok_is(&t, "configuration")) {
			mode = api_tok_is(&t, "summary") ? "summary" : api_tok_is(&t, "extensive") ? "extensive" : "configuration";
			api_lex_next(lx);
			continue;
		}
		if (api_tok_is(&t, "json") || api_tok_is(&t, "text")) {
			api_lex_next(lx);
			continue;
		}
		if (!have_sel && api_selector_starts(&t)) {
			if (api_selector_parse(lx, &sel, err) < 0)
				return -1;
			have_sel = true;
			continue;
		}
		snprintf(err->why, sizeof(err->why), "show neighbor: '%s' is not an address, summary, extensive or configuration",
			 api_tok_text(&t, word, sizeof(word)));
		return -1;
	}
	buf_puts(out, "peer ");
	api_selector_format(&sel, out);
	buf_puts(out, " show");
	if (mode) {
		buf_putc(out, ' ');
		buf_puts(out, mode);
	}
	return 1;
}

int api_shortcut_rewrite(const char *line, size_t len, struct buf *out, struct api_error *err)
{
	struct api_lex lx;

	api_lex_init(&lx, line, len);
	/* the first word decides most lines at once: v6 commands (the hot path: a helper's
	 * `peer * routes add ...`) match no row */
	struct api_token first = api_lex_peek(&lx);
	if (first.s == NULL || api_tok_is(&first, "peer"))
		return 0;
	for (size_t i = 0; i < api_shortcut_count; i++) {
		const struct api_shortcut *sc = &api_shortcuts[i];
		size_t n = strcspn(sc->legacy, " ");
		if (first.len != n || strncasecmp(first.s, sc->legacy, n) != 0)
			continue;
		struct api_lex at = lx;
		if (!match_words(&at, sc->legacy))
			continue;
		switch (sc->kind) {
		case SC_NEIGHBOR:
			return rewrite_neighbor(&at, sc, out, err);
		case SC_SHOW_NEIGHBOR:
			return rewrite_show_neighbor(&at, out, err);
		default:
			buf_puts(out, sc->v6);
			put_rest(out, &at);
			return 1;
		}
	}
	return 0;
}
