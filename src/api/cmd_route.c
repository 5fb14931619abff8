/* cmd_route.c — the commands that change or list routes:
 *   peer S announce|withdraw route ... | AFI SAFI ... | attributes ... nlri ...
 *   peer S announce eor [AFI SAFI] | announce route-refresh AFI SAFI
 *   peer S announce|withdraw index HEX | watchdog NAME
 *   peer S group CMD ; CMD ...
 *   peer S routes [AFI [SAFI]] list | add SPEC | remove SPEC | remove index HEX
 *
 * Owns: turning these into one route-grammar parse (model/route_text.h, all or nothing)
 * and one backend call, and their answers: `done` for announce / withdraw / group;
 * {"index": "...", "route": "..."} for routes add (a list when SPEC makes several routes);
 * {"removed": true|false, "index": "..."} for routes remove; [{"index", "route"}, ...] for
 * routes list. An index is the store's (rib/index.h): 0101180a000000 for 10.0.0.0/24.
 * Families the grammar does not handle (evpn, bgp-ls, ...) are refused
 * with an error naming them, never dropped.
 * Must not know: how the backend stores routes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/cmd.h"
#include "core/xalloc.h"
#include "model/route_text.h"
#include "rib/index.h"
#include "wire/family.h"

/* ---- answers ---- */

static void put_index(struct json *j, const struct nlri *n)
{
	uint8_t index[RIB_INDEX_MAX];
	char small[2 * RIB_INDEX_PREFIX_MAX + 1];
	size_t len = rib_index_make(n, index);
	/* prefixes (every family this build carries) fit on the stack */
	char *hex = len <= RIB_INDEX_PREFIX_MAX ? small : xmalloc(2 * len + 1);
	rib_index_hex(index, len, hex);
	JSON_KEY(j, "index");
	json_string_trusted(j, hex, 2 * len);
	if (hex != small)
		free(hex);
}

/* The route as the seed's SPEC writes it: "10.0.0.0/24 next-hop 1.2.3.4 ..." (the
 * grammar's "route " dropped, and "ipv6 unicast " too: the prefix says it). What is left
 * reads back through `routes add`. */
static void put_route(struct api *api, struct json *j, const struct route *r)
{
	struct buf *text = &api->text;
	buf_reset(text);
	route_text_format(text, r);
	size_t skip = 0;
	static const char *const prefixes[] = {"route ", "ipv6 unicast "};
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(prefixes[i]);
		if (text->len >= n && memcmp(text->data, prefixes[i], n) == 0) {
			skip = n;
			break;
		}
	}
	JSON_KEY(j, "route");
	json_string_n(j, (const char *)text->data + skip, text->len - skip);
}

/* ---- applying ---- */

static int apply(struct api_cmd *cmd, const struct update_collection *coll, unsigned flags, size_t *missing)
{
	struct api_target t;
	struct api_error err;
	size_t miss = 0;

	if (api_cmd_select(cmd, &t, true) < 0)
		return -1;
	err.why[0] = '\0';
	int rc = cmd->api->ops->routes_apply(cmd->api->be, &t, coll, flags, &miss, &err);
	api_cmd_release(cmd, &t);
	if (rc < 0) {
		api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why[0] ? err.why : "the routes were refused");
		return -1;
	}
	if (missing)
		*missing = miss;
	cmd->ans->change = true;
	return 0;
}

/* Parse text (one route command of the grammar) into the API's collection. */
static int parse_text(struct api_cmd *cmd, const char *text, size_t len)
{
	struct route_text_error rerr;
	update_collection_reset(&cmd->api->coll);
	if (route_text_parse(&cmd->api->coll, text, len, NULL, &rerr) < 0) {
		api_answer_fail(cmd->ans, "%s: %s", cmd->path, rerr.why);
		return -1;
	}
	return 0;
}

/* "VERB REST" into api->text (the grammar wants its verb) */
static const char *with_verb(struct api_cmd *cmd, const char *verb, size_t *len)
{
	size_t rest_len;
	const char *rest = api_lex_rest(&cmd->lx, &rest_len);
	struct buf *b = &cmd->api->text;
	buf_reset(b);
	buf_puts(b, verb);
	buf_putc(b, ' ');
	buf_put(b, rest, rest_len);
	*len = b->len;
	return (const char *)b->data;
}

/* Families and message kinds this build does not carry: a clear refusal. */
static bool refuse_unsupported(struct api_cmd *cmd, const struct api_token *t)
{
	static const char *const words[][2] = {
		{"operational", "operational messages are not supported yet"},
		{"attribute", "'attribute' is not a route command: use 'attributes ... nlri ...'"},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (api_tok_is(t, words[i][0])) {
			api_answer_fail(cmd->ans, "%s: %s", cmd->path, words[i][1]);
			return true;
		}
	return false;
}

/* ---- index HEX ---- */

struct index_arg {
	struct nlri n;
	uint8_t storage[RIB_NLRI_MAX + 1];
	char hex[2 * RIB_INDEX_PREFIX_MAX + 1];  /* lower-cased, for answers (prefix indexes) */
	size_t hex_len;
};

static int read_index(struct api_cmd *cmd, struct index_arg *ix)
{
	struct api_token t = api_lex_next(&cmd->lx);
	char word[80];

	if (t.s == NULL) {
		api_answer_fail(cmd->ans, "%s: index: the index (hex) is missing", cmd->path);
		return -1;
	}
	if (t.len > 2 * RIB_INDEX_MAX || rib_index_parse(t.s, t.len, &ix->n, ix->storage) < 0) {
		api_answer_fail(cmd->ans, "%s: index: '%s' is not a route index (hex, as routes add answers)", cmd->path,
				api_tok_text(&t, word, sizeof(word)));
		return -1;
	}
	if (!api_cmd_end(cmd))
		return -1;
	ix->hex_len = t.len < sizeof(ix->hex) - 1 ? t.len : sizeof(ix->hex) - 1;
	for (size_t i = 0; i < ix->hex_len; i++) {
		char ch = t.s[i];
		ix->hex[i] = ch >= 'A' && ch <= 'F' ? (char)(ch - 'A' + 'a') : ch;
	}
	ix->hex[ix->hex_len] = '\0';
	return 0;
}

/* One withdraw of n into the API's collection. */
static void collection_withdraw(struct api *api, const struct nlri *n)
{
	update_collection_reset(&api->coll);
	struct route *r = update_collection_add(&api->coll);
	r->nlri = *n;
	r->nlri.data = arena_dup(&api->coll.arena, n->data, n->len);
	r->action = ROUTE_WITHDRAW;
}

static int index_command(struct api_cmd *cmd, bool announce)
{
	struct api *api = cmd->api;
	struct index_arg *ix = xmalloc(sizeof(*ix));

	if (read_index(cmd, ix) < 0)
		goto out;
	if (!announce) {
		collection_withdraw(api, &ix->n);
		apply(cmd, &api->coll, 0, NULL);
		goto out;
	}
	/* re-announce what the store holds under the index: copied into our collection, so
	 * nothing points into the store while the backend changes it */
	struct route found;
	if (api->ops->route_find(api->be, &ix->n, &found) < 0) {
		api_answer_fail(cmd->ans, "%s: no route has index %s", cmd->path, ix->hex);
		goto out;
	}
	update_collection_reset(&api->coll);
	struct route *r = update_collection_add(&api->coll);
	*r = found;
	r->nlri.data = arena_dup(&api->coll.arena, found.nlri.data, found.nlri.len);
	if (found.attrs) {
		struct attr_set *a = arena_alloc(&api->coll.arena, sizeof(*a));
		attr_set_copy(a, found.attrs, &api->coll.arena);
		r->attrs = a;
	}
	r->watchdog = found.watchdog ? arena_strndup(&api->coll.arena, found.watchdog, strlen(found.watchdog)) : NULL;
	r->name = found.name ? arena_strndup(&api->coll.arena, found.name, strlen(found.name)) : NULL;
	r->action = ROUTE_ANNOUNCE;
	r->start_withdrawn = false;
	apply(cmd, &api->coll, 0, NULL);
out:
	free(ix);
	return API_CMD_DONE;
}

/* ---- announce / withdraw ---- */

static int eor_command(struct api_cmd *cmd)
{
	uint16_t afi = AFI_IPV4;
	uint8_t safi = SAFI_UNICAST;
	struct api_target t;
	struct api_error err;

	int words = api_cmd_family(cmd, &afi, &safi);
	if (words < 0)
		return API_CMD_DONE;
	if (words == 0) {
		afi = AFI_IPV4;
		safi = SAFI_UNICAST;
	} else if (words == 1) {
		api_answer_fail(cmd->ans, "%s: eor: the SAFI is missing after the AFI", cmd->path);
		return API_CMD_DONE;
	}
	if (!api_cmd_end(cmd) || api_cmd_select(cmd, &t, true) < 0)
		return API_CMD_DONE;
	err.why[0] = '\0';
	if (cmd->api->ops->send_eor(cmd->api->be, &t, afi, safi, &err) < 0)
		api_answer_fail(cmd->ans, "%s: eor: %s", cmd->path, err.why);
	api_cmd_release(cmd, &t);
	return API_CMD_DONE;
}

static int refresh_command(struct api_cmd *cmd)
{
	uint16_t afi;
	uint8_t safi;
	struct api_target t;
	struct api_error err;

	int words = api_cmd_family(cmd, &afi, &safi);
	if (words < 0)
		return API_CMD_DONE;
	if (words != 2) {
		api_answer_fail(cmd->ans, "%s: route-refresh: a family (AFI SAFI) is needed", cmd->path);
		return API_CMD_DONE;
	}
	if (!api_cmd_end(cmd) || api_cmd_select(cmd, &t, true) < 0)
		return API_CMD_DONE;
	err.why[0] = '\0';
	if (cmd->api->ops->send_refresh(cmd->api->be, &t, afi, safi, &err) < 0)
		api_answer_fail(cmd->ans, "%s: route-refresh: %s", cmd->path, err.why);
	api_cmd_release(cmd, &t);
	return API_CMD_DONE;
}

static int watchdog_command(struct api_cmd *cmd, bool announce)
{
	struct api_token name = api_lex_next(&cmd->lx);
	struct api_target t;
	struct api_error err;
	char word[128];

	if (name.s == NULL) {
		api_answer_fail(cmd->ans, "%s: watchdog: its name is missing", cmd->path);
		return API_CMD_DONE;
	}
	if (name.len >= sizeof(word)) {
		api_answer_fail(cmd->ans, "%s: watchdog: the name is longer than %zu characters", cmd->path,
				sizeof(word) - 1);
		return API_CMD_DONE;
	}
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	if (cmd->api->ops->watchdog == NULL) {
		api_cmd_unavailable(cmd, "watchdog");
		return API_CMD_DONE;
	}
	memcpy(word, name.s, name.len);
	word[name.len] = '\0';
	if (api_cmd_select(cmd, &t, true) < 0)
		return API_CMD_DONE;
	err.why[0] = '\0';
	if (cmd->api->ops->watchdog(cmd->api->be, &t, word, announce, &err) < 0)
		api_answer_fail(cmd->ans, "%s: watchdog: %s", cmd->path, err.why);
	api_cmd_release(cmd, &t);
	return API_CMD_DONE;
}

static int verb_command(struct api_cmd *cmd, bool announce)
{
	struct api_token t = api_lex_peek(&cmd->lx);
	const char *verb = announce ? "announce" : "withdraw";

	if (t.s == NULL) {
		api_answer_fail(cmd->ans, "%s: what to %s is missing (route, AFI SAFI, attributes, eor, index, ...)",
				cmd->path, verb);
		return API_CMD_DONE;
	}
	if (api_tok_is(&t, "index")) {
		api_lex_next(&cmd->lx);
		return index_command(cmd, announce);
	}
	if (api_tok_is(&t, "watchdog")) {
		api_lex_next(&cmd->lx);
		return watchdog_command(cmd, announce);
	}
	if (announce && api_tok_is(&t, "eor")) {
		api_lex_next(&cmd->lx);
		return eor_command(cmd);
	}
	if (announce && api_tok_is(&t, "route-refresh")) {
		api_lex_next(&cmd->lx);
		return refresh_command(cmd);
	}
	if (refuse_unsupported(cmd, &t))
		return API_CMD_DONE;
	size_t len;
	const char *text = with_verb(cmd, verb, &len);
	if (parse_text(cmd, text, len) < 0)
		return API_CMD_DONE;
	const struct update_collection *coll = &cmd->api->coll;
	if (coll->eor) {
		api_answer_fail(cmd->ans, "%s: an End-of-RIB is announced with 'announce eor'", cmd->path);
		return API_CMD_DONE;
	}
	if (coll->count == 0 && coll->attrs == NULL) {
		api_answer_fail(cmd->ans, "%s: no route to %s", cmd->path, verb);
		return API_CMD_DONE;
	}
	apply(cmd, coll, 0, NULL);
	return API_CMD_DONE;
}

int api_cmd_announce(struct api_cmd *cmd)
{
	return verb_command(cmd, true);
}

int api_cmd_withdraw(struct api_cmd *cmd)
{
	return verb_command(cmd, false);
}

int api_cmd_group(struct api_cmd *cmd)
{
	size_t len;
	const char *text = with_verb(cmd, "group", &len);

	if (parse_text(cmd, text, len) < 0)
		return API_CMD_DONE;
	if (cmd->api->coll.count == 0) {
		api_answer_fail(cmd->ans, "%s: the group has no route", cmd->path);
		return API_CMD_DONE;
	}
	apply(cmd, &cmd->api->coll, 0, NULL);
	return API_CMD_DONE;
}

/* ---- routes ---- */

/* Check every route of the collection is of the family the command named. */
static bool family_matches(struct api_cmd *cmd, uint16_t afi, uint8_t safi)
{
	const struct update_collection *coll = &cmd->api->coll;
	char want[FAMILY_NAME_MAX], got[FAMILY_NAME_MAX];
	for (size_t i = 0; i < coll->count; i++) {
		const struct nlri *n = &coll->routes[i].nlri;
		if ((afi && n->afi != afi) || (safi && n->safi != safi)) {
			if (safi)
				family_format(afi, safi, want);
			else
				snprintf(want, sizeof(want), "%s", afi_name(afi) ? afi_name(afi) : "?");
			api_answer_fail(cmd->ans, "%s: the route is %s, not %s", cmd->path, family_format(n->afi, n->safi, got),
					want);
			return false;
		}
	}
	return true;
}

/* SPEC, or `route SPEC` (ExaBGP 6), or `AFI SAFI SPEC`, as an announce or withdraw */
static int parse_spec(struct api_cmd *cmd, const char *verb, uint16_t afi, uint8_t safi)
{
	struct api_token t = api_lex_peek(&cmd->lx);
	size_t rest_len;
	const char *rest = api_lex_rest(&cmd->lx, &rest_len);
	struct buf *b = &cmd->api->text;
	uint16_t word_afi;

	if (t.s == NULL) {
		api_answer_fail(cmd->ans, "%s: the route is missing", cmd->path);
		return -1;
	}
	if (refuse_unsupported(cmd, &t))
		return -1;
	buf_reset(b);
	buf_puts(b, verb);
	if (api_tok_is(&t, "route") || api_tok_is(&t, "attributes") || api_tok_is(&t, "vpls") ||
	    afi_parse(t.s, t.len, &word_afi) == 0) {
		buf_putc(b, ' ');
	} else if (afi && safi) {
		char name[FAMILY_NAME_MAX];
		buf_printf(b, " %s ", family_format(afi, safi, name));
	} else {
		buf_puts(b, " route ");
	}
	buf_put(b, rest, rest_len);
	/* the collection keeps nothing of the text: api->text may be reused by put_route */
	if (parse_text(cmd, (const char *)b->data, b->len) < 0)
		return -1;
	if (cmd->api->coll.eor || cmd->api->coll.count == 0) {
		api_answer_fail(cmd->ans, "%s: the route is missing", cmd->path);
		return -1;
	}
	return family_matches(cmd, afi, safi) ? 0 : -1;
}

static int routes_add(struct api_cmd *cmd, uint16_t afi, uint8_t safi)
{
	struct api *api = cmd->api;

	if (parse_spec(cmd, "announce", afi, safi) < 0)
		return API_CMD_DONE;
	if (apply(cmd, &api->coll, API_APPLY_CONFIG, NULL) < 0)
		return API_CMD_DONE;
	struct json *j = api_answer_json(cmd->ans);
	bool list = api->coll.count > 1;
	if (list)
		json_array_open(j);
	for (size_t i = 0; i < api->coll.count; i++) {
		const struct route *r = &api->coll.routes[i];
		json_object_open(j);
		put_index(j, &r->nlri);
		put_route(api, j, r);
		json_object_close(j);
	}
	if (list)
		json_array_close(j);
	cmd->ans->persist = true;
	return API_CMD_DONE;
}

static int routes_remove(struct api_cmd *cmd, uint16_t afi, uint8_t safi)
{
	struct api *api = cmd->api;
	struct api_token t = api_lex_peek(&cmd->lx);
	size_t missing = 0;

	if (api_tok_is(&t, "index")) {
		api_lex_next(&cmd->lx);
		struct index_arg *ix = xmalloc(sizeof(*ix));
		if (read_index(cmd, ix) == 0 && (afi == 0 || ix->n.afi == afi) && (safi == 0 || ix->n.safi == safi)) {
			collection_withdraw(api, &ix->n);
			if (apply(cmd, &api->coll, API_APPLY_CONFIG, &missing) == 0) {
				struct json *j = api_answer_json(cmd->ans);
				json_object_open(j);
				JSON_KEY(j, "removed");
				json_bool(j, missing == 0);
				JSON_KEY(j, "index");
				json_string_trusted(j, ix->hex, ix->hex_len);
				json_object_close(j);
				cmd->ans->persist = missing == 0;
			}
		} else if (!cmd->ans->failed) {
			api_answer_fail(cmd->ans, "%s: index %s is not a route of the family named", cmd->path, ix->hex);
		}
		free(ix);
		return API_CMD_DONE;
	}
	if (parse_spec(cmd, "withdraw", afi, safi) < 0)
		return API_CMD_DONE;
	/* which routes exist before the change, to say per route whether it was removed */
	size_t count = api->coll.count;
	bool *found = xcalloc(count ? count : 1, sizeof(bool));
	for (size_t i = 0; i < count; i++) {
		struct route r;
		found[i] = api->ops->route_find(api->be, &api->coll.routes[i].nlri, &r) == 0;
	}
	if (apply(cmd, &api->coll, API_APPLY_CONFIG, &missing) == 0) {
		struct json *j = api_answer_json(cmd->ans);
		if (count > 1)
			json_array_open(j);
		for (size_t i = 0; i < count; i++) {
			bool removed = missing == 0 ? true : missing == count ? false : found[i];
			json_object_open(j);
			JSON_KEY(j, "removed");
			json_bool(j, removed);
			put_index(j, &api->coll.routes[i].nlri);
			json_object_close(j);
		}
		if (count > 1)
			json_array_close(j);
		cmd->ans->persist = missing < count;
	}
	free(found);
	return API_CMD_DONE;
}

/* routes list: a job, a thousand routes per turn */
struct list_job {
	struct api_job job;
	struct api_target t;
	uint16_t afi;
	uint8_t safi;
	struct api_walk w;
};

static int list_each(void *ctx, size_t peer, const struct route *r)
{
	struct list_job *lj = ctx;
	struct api_client *c = lj->job.c;
	struct json *j = api_answer_json(&c->ans);
	(void)peer;
	json_object_open(j);
	put_index(j, &r->nlri);
	put_route(c->api, j, r);
	json_object_close(j);
	return 0;
}

static int list_step(struct api_job *job)
{
	struct list_job *lj = (struct list_job *)job;
	struct api_client *c = job->c;
	struct api_error err;

	err.why[0] = '\0';
	int rc = c->api->ops->rib_walk(c->api->be, &lj->t, API_RIB_ROUTES, lj->afi, lj->safi, &lj->w, 1000, list_each,
				       lj, &err);
	if (rc < 0) {
		api_answer_fail(&c->ans, "routes list: %s", err.why);
		return 0;
	}
	if (rc > 0)
		return 1;
	json_array_close(api_answer_json(&c->ans));
	return 0;
}

static void list_fini(struct api_job *job)
{
	struct list_job *lj = (struct list_job *)job;
	job->c->api->ops->release(job->c->api->be, &lj->t);
}

static int routes_list(struct api_cmd *cmd, uint16_t afi, uint8_t safi)
{
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	struct list_job *lj = xcalloc(1, sizeof(*lj));
	if (api_cmd_select(cmd, &lj->t, true) < 0) {
		free(lj);
		return API_CMD_DONE;
	}
	lj->afi = afi;
	lj->safi = safi;
	lj->job.step = list_step;
	lj->job.fini = list_fini;
	cmd->ans->query = true;
	json_array_open(api_answer_json(cmd->ans));
	api_job_start(cmd->c, &lj->job);
	return API_CMD_ASYNC;
}

int api_cmd_routes(struct api_cmd *cmd)
{
	uint16_t afi;
	uint8_t safi;

	if (api_cmd_family(cmd, &afi, &safi) < 0)
		return API_CMD_DONE;
	struct api_token t = api_lex_next(&cmd->lx);
	if (api_tok_is(&t, "list")) {
		cmd->path = "routes list";
		return routes_list(cmd, afi, safi);
	}
	if (api_tok_is(&t, "add")) {
		cmd->path = "routes add";
		return routes_add(cmd, afi, safi);
	}
	if (api_tok_is(&t, "remove")) {
		cmd->path = "routes remove";
		return routes_remove(cmd, afi, safi);
	}
	static const struct api_node actions[] = {
		{"list", NULL, NULL, NULL}, {"add", NULL, NULL, NULL}, {"remove", NULL, NULL, NULL}, {NULL, NULL, NULL, NULL}};
	api_cmd_unknown(cmd, &t, actions);
	return API_CMD_DONE;
}
