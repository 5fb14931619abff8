/* words.c — see words.h. */
#include "api/words.h"

#include <string.h>
#include <strings.h>

#include "api/cmd.h"
#include "api/lex.h"
#include "api/selector.h"
#include "api/shortcut.h"
#include "core/buf.h"

/* What may follow a leaf word (its arguments' keywords), and after a route's prefix. */
static const char *const announce_words[] = {"route", "ipv4", "ipv6", "attributes", "eor", "route-refresh", "index",
					     "watchdog", NULL};
static const char *const withdraw_words[] = {"route", "ipv4", "ipv6", "attributes", "index", "watchdog", NULL};
static const char *const routes_words[] = {"list", "add", "remove", "ipv4", "ipv6", NULL};
static const char *const show_words[] = {"summary", "extensive", "configuration", NULL};
static const char *const group_words[] = {"announce", "withdraw", "attributes", NULL};
static const char *const direction_words[] = {"in", "out", NULL};
static const char *const out_words[] = {"out", NULL};
static const char *const afi_words[] = {"ipv4", "ipv6", NULL};
static const char *const safi_words[] = {"unicast", "multicast", NULL};
static const char *const create_words[] = {"local-as", "peer-as", "local-address", "router-id", "family-allowed",
					   "graceful-restart", "group-updates", "api", NULL};
static const char *const route_keywords[] = {"next-hop", "origin", "as-path", "med", "local-preference",
					     "atomic-aggregate", "aggregator", "community", "extended-community",
					     "large-community", "originator-id", "cluster-list", "path-information",
					     "split", "watchdog", "name", NULL};
static const char *const version_words[] = {"4", "6", NULL};

static void offer(const char *const *list, void (*fn)(void *, const char *), void *ctx)
{
	for (; *list; list++)
		fn(ctx, *list);
}

static void offer_level(const struct api_node *level, void (*fn)(void *, const char *), void *ctx)
{
	for (const struct api_node *n = level; n->word; n++)
		if (n->word[0] != '#')
			fn(ctx, n->word);
}

static bool is_family_word(const struct api_token *t)
{
	return api_tok_is(t, "ipv4") || api_tok_is(t, "ipv6");
}

/* After `announce` / `withdraw` / `routes ... add|remove`: keywords by position. */
static void after_verb(struct api_lex *lx, const char *const *first, void (*fn)(void *, const char *), void *ctx)
{
	struct api_token t = api_lex_next(lx);
	if (t.s == NULL) {
		offer(first, fn, ctx);
		return;
	}
	if (api_tok_is(&t, "index") || api_tok_is(&t, "watchdog"))
		return;
	if (api_tok_is(&t, "eor") || api_tok_is(&t, "route-refresh")) {
		if (api_lex_next(lx).s == NULL)
			offer(afi_words, fn, ctx);
		else if (api_lex_next(lx).s == NULL)
			offer(safi_words, fn, ctx);
		return;
	}
	if (api_tok_is(&t, "attributes")) {
		offer(route_keywords, fn, ctx);
		fn(ctx, "nlri");
		return;
	}
	if (is_family_word(&t) && api_lex_next(lx).s == NULL) {
		offer(safi_words, fn, ctx);
		return;
	}
	/* route PREFIX ... / AFI SAFI PREFIX ...: keywords once the prefix is given */
	if (api_lex_next(lx).s != NULL)
		offer(route_keywords, fn, ctx);
}

static void after_peer_verb(const struct api_node *verb, struct api_lex *lx, void (*fn)(void *, const char *), void *ctx)
{
	if (strcmp(verb->word, "announce") == 0)
		after_verb(lx, announce_words, fn, ctx);
	else if (strcmp(verb->word, "withdraw") == 0)
		after_verb(lx, withdraw_words, fn, ctx);
	else if (strcmp(verb->word, "group") == 0 && api_lex_at_end(lx))
		offer(group_words, fn, ctx);
	else if (strcmp(verb->word, "show") == 0 && api_lex_at_end(lx))
		offer(show_words, fn, ctx);
	else if (strcmp(verb->word, "routes") == 0) {
		struct api_token t;
		while ((t = api_lex_peek(lx)).s && (is_family_word(&t) || api_tok_is(&t, "unicast") || api_tok_is(&t, "multicast")))
			api_lex_next(lx);
		t = api_lex_next(lx);
		if (t.s == NULL)
			offer(routes_words, fn, ctx);
		else if (api_tok_is(&t, "add"))
			after_verb(lx, (const char *const[]){"route", NULL}, fn, ctx);
		else if (api_tok_is(&t, "remove") && api_lex_at_end(lx))
			fn(ctx, "index");
	}
}

static void complete_v6(struct api_lex *lx, void (*fn)(void *, const char *), void *ctx)
{
	const struct api_node *level = api_tree;
	for (;;) {
		struct api_token t = api_lex_next(lx);
		if (t.s == NULL) {
			offer_level(level, fn, ctx);
			return;
		}
		const struct api_node *hit = NULL;
		for (const struct api_node *n = level; n->word; n++)
			if (api_tok_is(&t, n->word))
				hit = n;
		if (hit == NULL)
			return;
		if (strcmp(hit->word, "peer") == 0 && level == api_tree) {
			struct api_token w = api_lex_peek(lx);
			if (w.s == NULL) {
				offer_level(hit->sub, fn, ctx);
				fn(ctx, "*");
				offer_level(api_peer_verbs, fn, ctx);
				return;
			}
			if (api_tok_is(&w, "create")) {
				api_lex_next(lx);
				size_t words = 0;
				while (api_lex_next(lx).s)
					words++;
				if (words >= 1)
					offer(create_words, fn, ctx);
				return;
			}
			if (api_tok_is(&w, "list") || api_tok_is(&w, "delete"))
				return;
			struct api_selector sel;
			struct api_error err;
			memset(&sel, 0, sizeof(sel));
			int rc = api_selector_parse(lx, &sel, &err);
			if (rc < 0)
				return;
			struct api_token v = api_lex_next(lx);
			if (v.s == NULL) {
				offer_level(api_peer_verbs, fn, ctx);
				return;
			}
			for (const struct api_node *n = api_peer_verbs; n->word; n++)
				if (api_tok_is(&v, n->word))
					after_peer_verb(n, lx, fn, ctx);
			return;
		}
		if (hit->fn) {
			/* leaves with arguments of their own */
			if (strcmp(hit->word, "show") == 0 && level != api_tree) {
				if (api_lex_at_end(lx))
					offer(direction_words, fn, ctx);
				else if (api_lex_next(lx).s && api_lex_at_end(lx)) {
					fn(ctx, "extensive");
					offer(afi_words, fn, ctx);
				}
			} else if (strcmp(hit->word, "clear") == 0 && api_lex_at_end(lx)) {
				offer(direction_words, fn, ctx);
			} else if (strcmp(hit->word, "flush") == 0 && api_lex_at_end(lx)) {
				offer(out_words, fn, ctx);
			} else if (strcmp(hit->word, "version") == 0 && level != api_tree && api_lex_at_end(lx) &&
				   strcmp(level[0].word, "version") == 0) {
				offer(version_words, fn, ctx);
			}
			return;
		}
		level = hit->sub;
	}
}

void api_words_next(const char *line, size_t len, void (*fn)(void *ctx, const char *word), void *ctx)
{
	struct api_lex lx;
	struct api_error err;
	struct buf v6 = BUF_INIT;

	api_lex_init(&lx, line, len);
	/* legacy words being typed: the next word of every row they begin */
	for (size_t i = 0; i < api_shortcut_count; i++) {
		struct api_lex at = lx;
		const char *w = api_shortcuts[i].legacy;
		bool prefix = true;
		for (;;) {
			size_t n = strcspn(w, " ");
			struct api_token t = api_lex_next(&at);
			if (t.s == NULL) {
				char word[32];
				if (n < sizeof(word)) {
					memcpy(word, w, n);
					word[n] = '\0';
					fn(ctx, word);
				}
				break;
			}
			if (t.len != n || strncasecmp(t.s, w, n) != 0) {
				prefix = false;
				break;
			}
			w += n;
			while (*w == ' ')
				w++;
			if (*w == '\0')
				break;
		}
		(void)prefix;
	}
	/* a complete legacy command: complete its v6 form */
	err.why[0] = '\0';
	struct api_token first = api_lex_peek(&lx);
	if (api_shortcut_rewrite(line, len, &v6, &err) == 1) {
		api_lex_init(&lx, (const char *)v6.data, v6.len);
		/* `show neighbor` rewrites to `peer * show`: same continuations */
	} else if (api_tok_is(&first, "neighbor") || api_tok_is(&first, "neighbour")) {
		/* `neighbor A ` (no verb yet, so no rewrite): `peer A ` has the same continuations */
		buf_reset(&v6);
		buf_puts(&v6, "peer");
		buf_put(&v6, line + first.off + first.len, len - first.off - first.len);
		api_lex_init(&lx, (const char *)v6.data, v6.len);
	}
	complete_v6(&lx, fn, ctx);
	buf_free(&v6);
}
