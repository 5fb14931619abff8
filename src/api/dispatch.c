/* dispatch.c — one dispatcher for every channel: a line becomes a v6 command, the v6
 * tree chooses its handler.
 *
 * Owns: the v6 command tree (ExaBGP 6's dispatch/v6.py, with `routes` added), the order
 * of what happens to a line —
 *   1. blanks trimmed; an empty line or one starting with '#' is a comment (done);
 *   2. trailing `json` / `text` / `sync` / `async` words read off the end (ExaBGP's: answers
 *      here are JSON anyway; `sync` / `async` override the client's session sync for this
 *      command);
 *   3. a legacy (ExaBGP 4) command rewritten by the shortcut table;
 *   4. the tree walked word by word; under `peer`, a selector where one may be;
 *   5. the handler run, the answer finished (or left to a job);
 * and the helpers handlers share (peer selection, end of line, unknown words).
 * Must not know: what handlers do, channels.
 */
#include <stdio.h>
#include <string.h>

#include "api/cmd.h"
#include "api/selector.h"
#include "api/shortcut.h"
#include "wire/family.h"

static int peer_node(struct api_cmd *cmd);

static const struct api_node daemon_words[] = {
	{"shutdown", api_cmd_daemon_shutdown, NULL, "stop the daemon"},
	{"reload", api_cmd_daemon_reload, NULL, "reread the configuration"},
	{"restart", api_cmd_daemon_restart, NULL, "reread the configuration and restart every session"},
	{"status", api_cmd_daemon_status, NULL, "version, uuid, pid, uptime, peers"},
	{NULL, NULL, NULL, NULL},
};

static const struct api_node ack_words[] = {
	{"enable", api_cmd_ack_enable, NULL, "acknowledge every command (done / error)"},
	{"disable", api_cmd_ack_disable, NULL, "stop acknowledging, after this command"},
	{"silence", api_cmd_ack_silence, NULL, "stop acknowledging, this command included"},
	{NULL, NULL, NULL, NULL},
};

static const struct api_node sync_words[] = {
	{"enable", api_cmd_sync_enable, NULL, "acknowledge changes once sent on the wire"},
	{"disable", api_cmd_sync_disable, NULL, "acknowledge changes once in the route store"},
	{NULL, NULL, NULL, NULL},
};

static const struct api_node session_words[] = {
	{"ack", NULL, ack_words, NULL},
	{"sync", NULL, sync_words, NULL},
	{"reset", api_cmd_session_reset, NULL, "forget this client's queued work"},
	{"ping", api_cmd_session_ping, NULL, "is the daemon alive"},
	{"bye", api_cmd_session_bye, NULL, "end this connection"},
	{NULL, NULL, NULL, NULL},
};

static const struct api_node api_words[] = {
	{"version", api_cmd_api_version, NULL, "the API version (6), or set it: 4 | 6"},
	{NULL, NULL, NULL, NULL},
};

static const struct api_node system_words[] = {
	{"help", api_cmd_system_help, NULL, "this list"},
	{"version", api_cmd_system_version, NULL, "the daemon's version"},
	{"queue-status", api_cmd_queue_status, NULL, "what each helper has waiting"},
	{"api", NULL, api_words, NULL},
	{NULL, NULL, NULL, NULL},
};

static const struct api_node rib_words[] = {
	{"show", api_cmd_rib_show, NULL, "in|out [PEER] [extensive] [AFI [SAFI]]"},
	{"flush", api_cmd_rib_flush, NULL, "out [PEER]: resend the Adj-RIB-Out"},
	{"clear", api_cmd_rib_clear, NULL, "in|out [PEER]: forget the Adj-RIB-In / withdraw the Adj-RIB-Out"},
	{NULL, NULL, NULL, NULL},
};

const struct api_node api_peer_verbs[] = {
	{"show", api_cmd_peer_show, NULL, "[summary|extensive|configuration]"},
	{"teardown", api_cmd_peer_teardown, NULL, "[[CODE] SUBCODE] [TEXT]: close the sessions"},
	{"announce", api_cmd_announce, NULL,
	 "route ... | AFI SAFI ... | attributes ... nlri ... | eor [AFI SAFI] | route-refresh AFI SAFI | "
	 "index HEX | watchdog NAME"},
	{"withdraw", api_cmd_withdraw, NULL, "route ... | AFI SAFI ... | attributes ... nlri ... | index HEX | watchdog NAME"},
	{"group", api_cmd_group, NULL, "CMD ; CMD ...: announces and withdraws applied together"},
	{"routes", api_cmd_routes, NULL, "[AFI [SAFI]] list | add SPEC | remove SPEC | remove index HEX"},
	{NULL, NULL, NULL, NULL},
};

/* `peer` is a leaf whose handler (peer_node) walks this itself: a selector may come first */
static const struct api_node peer_words[] = {
	{"list", api_cmd_peer_list, NULL, "every peer: address, AS, state"},
	{"create", api_cmd_peer_create, NULL, "IP local-as ASN peer-as ASN [local-address IP] [router-id IP] "
					      "[family-allowed AFI-SAFI[/...]]: a new peer"},
	{"delete", api_cmd_peer_delete, NULL, "SELECTOR: remove peers"},
	{"show", api_cmd_peer_show, NULL, "[summary|extensive|configuration]"},
	{NULL, NULL, NULL, NULL},
};

const struct api_node api_tree[] = {
	{"#", api_cmd_comment, NULL, "a comment"},
	{"peer", peer_node, peer_words, "[SELECTOR] show|teardown|announce|withdraw|group|routes ..."},
	{"daemon", NULL, daemon_words, NULL},
	{"session", NULL, session_words, NULL},
	{"system", NULL, system_words, NULL},
	{"rib", NULL, rib_words, NULL},
	{NULL, NULL, NULL, NULL},
};

/* ---- helpers ---- */

int api_cmd_select(struct api_cmd *cmd, struct api_target *t, bool need_peers)
{
	struct api_error err;

	memset(t, 0, sizeof(*t));
	err.why[0] = '\0';
	cmd->sel.service = cmd->c->service;
	if (cmd->api->ops->select(cmd->api->be, &cmd->sel, t, &err) < 0) {
		api_answer_fail(cmd->ans, "%s", err.why[0] ? err.why : "the peers cannot be selected");
		return -1;
	}
	if (need_peers && t->count == 0) {
		struct buf text = BUF_INIT;
		api_selector_format(&cmd->sel, &text);
		if (cmd->sel.n == 0 && cmd->c->service)
			api_answer_fail(cmd->ans, "no peer: process %s serves no neighbor", cmd->c->service);
		else if (cmd->sel.n == 0)
			api_answer_fail(cmd->ans, "no peer is configured");
		else
			api_answer_fail(cmd->ans, "no peer matches %s", buf_cstr(&text));
		buf_free(&text);
		cmd->api->ops->release(cmd->api->be, t);
		return -1;
	}
	return 0;
}

void api_cmd_release(struct api_cmd *cmd, struct api_target *t)
{
	cmd->api->ops->release(cmd->api->be, t);
}

bool api_cmd_end(struct api_cmd *cmd)
{
	struct api_token t = api_lex_peek(&cmd->lx);
	char word[64];
	if (t.s == NULL)
		return true;
	api_answer_fail(cmd->ans, "%s: '%s' is not expected here", cmd->path, api_tok_text(&t, word, sizeof(word)));
	return false;
}

void api_cmd_unknown(struct api_cmd *cmd, const struct api_token *t, const struct api_node *choices)
{
	struct buf list = BUF_INIT;
	char word[64];

	for (const struct api_node *n = choices; n->word; n++) {
		if (n->word[0] == '#')
			continue;
		if (list.len)
			buf_puts(&list, ", ");
		buf_puts(&list, n->word);
	}
	if (t->s == NULL && cmd->path[0] == '\0')
		api_answer_fail(cmd->ans, "the command is empty");
	else if (t->s == NULL)
		api_answer_fail(cmd->ans, "%s: a word is missing (%s)", cmd->path, buf_cstr(&list));
	else if (cmd->path[0] == '\0')
		api_answer_fail(cmd->ans, "unknown command '%s' (%s)", api_tok_text(t, word, sizeof(word)), buf_cstr(&list));
	else
		api_answer_fail(cmd->ans, "%s: '%s' is not one of %s", cmd->path, api_tok_text(t, word, sizeof(word)),
				buf_cstr(&list));
	buf_free(&list);
}

void api_cmd_unavailable(struct api_cmd *cmd, const char *what)
{
	api_answer_fail(cmd->ans, "%s is not available in this server", what);
}

int api_cmd_family(struct api_cmd *cmd, uint16_t *afi, uint8_t *safi)
{
	struct api_token t = api_lex_peek(&cmd->lx);
	char word[64];

	*afi = 0;
	*safi = 0;
	if (t.s == NULL || afi_parse(t.s, t.len, afi) < 0) {
		*afi = 0;
		return 0;
	}
	api_lex_next(&cmd->lx);
	t = api_lex_peek(&cmd->lx);
	if (t.s == NULL || safi_parse(t.s, t.len, safi) < 0) {
		*safi = 0;
		return 1;
	}
	api_lex_next(&cmd->lx);
	if (family_index(*afi, *safi) < 0) {
		api_answer_fail(cmd->ans, "%s: '%s' is not a family", cmd->path, api_tok_text(&t, word, sizeof(word)));
		return -1;
	}
	return 2;
}

/* ---- the walk ---- */

static void path_add(char *path, size_t size, const char *word)
{
	size_t n = strlen(path);
	snprintf(path + n, size - n, "%s%s", n ? " " : "", word);
}

/* peer [SELECTOR] VERB ...: list/create/delete/show first, then a selector or a verb of
 * api_peer_verbs (no selector: every peer of the client) */
static int peer_node(struct api_cmd *cmd)
{
	struct api_token t = api_lex_peek(&cmd->lx);
	struct api_error err;

	for (const struct api_node *n = peer_words; n->word; n++)
		if (api_tok_is(&t, n->word)) {
			api_lex_next(&cmd->lx);
			cmd->path = n->word[0] == 's' ? "show" : n->word[0] == 'l' ? "peer list"
				  : n->word[0] == 'c' ? "peer create" : "peer delete";
			return n->fn(cmd);
		}
	err.why[0] = '\0';
	int rc = api_selector_parse(&cmd->lx, &cmd->sel, &err);
	if (rc < 0) {
		api_answer_fail(cmd->ans, "peer: %s", err.why);
		return API_CMD_DONE;
	}
	t = api_lex_next(&cmd->lx);
	for (const struct api_node *n = api_peer_verbs; n->word; n++)
		if (api_tok_is(&t, n->word)) {
			cmd->path = n->word; /* messages name the verb: "announce: ..." */
			return n->fn(cmd);
		}
	if (rc == 0 && t.s) {
		char word[64];
		api_answer_fail(cmd->ans, "peer: '%s' is not a peer address, '*', '[...]' or one of list, create, delete, "
					  "show, teardown, announce, withdraw, group, routes",
				api_tok_text(&t, word, sizeof(word)));
		return API_CMD_DONE;
	}
	api_cmd_unknown(cmd, &t, api_peer_verbs);
	return API_CMD_DONE;
}

/* Drop ExaBGP's trailing encoding and sync words (at most two, in any order); *sync is
 * set to 1 for `sync`, 2 for `async` (0: neither). */
static size_t strip_trailing(const char *line, size_t len, uint8_t *sync)
{
	for (int i = 0; i < 2; i++) {
		size_t end = len;
		while (end && (line[end - 1] == ' ' || line[end - 1] == '\t'))
			end--;
		size_t start = end;
		while (start && line[start - 1] != ' ' && line[start - 1] != '\t')
			start--;
		if (start == 0)
			break;
		struct api_token t = {line + start, end - start, start};
		if (api_tok_is(&t, "sync"))
			*sync = 1;
		else if (api_tok_is(&t, "async"))
			*sync = 2;
		else if (!api_tok_is(&t, "json") && !api_tok_is(&t, "text"))
			break;
		len = start;
	}
	return len;
}

static int walk(struct api_cmd *cmd, char *path, size_t path_size)
{
	const struct api_node *level = api_tree;

	for (;;) {
		struct api_token t = api_lex_peek(&cmd->lx);
		const struct api_node *hit = NULL;
		for (const struct api_node *n = level; n->word; n++)
			if (api_tok_is(&t, n->word)) {
				hit = n;
				break;
			}
		if (hit == NULL) {
			cmd->path = path;
			api_cmd_unknown(cmd, &t, level);
			return API_CMD_DONE;
		}
		api_lex_next(&cmd->lx);
		path_add(path, path_size, hit->word);
		cmd->path = path;
		if (hit->fn)
			return hit->fn(cmd);
		level = hit->sub;
	}
}

void api_dispatch(struct api_client *c, const char *line, size_t len)
{
	struct api *api = c->api;
	struct api_cmd cmd;
	struct api_error err;
	char path[64] = "";

	/* trim */
	while (len && (line[0] == ' ' || line[0] == '\t'))
		line++, len--;
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	c->cmd = line;
	c->cmd_len = len;
	api_answer_reset(&c->ans);

	memset(&cmd, 0, sizeof(cmd));
	cmd.api = api;
	cmd.c = c;
	cmd.ans = &c->ans;
	cmd.path = path;

	int rc = API_CMD_DONE;
	if (len == 0 || line[0] == '#')
		goto finish; /* a comment: done */
	len = strip_trailing(line, len, &c->ans.sync_mode);
	if (c->ans.sync_mode == 1 && api->ops->when_sent == NULL) {
		api_answer_fail(cmd.ans, "sync: this server cannot tell when routes are on the wire");
		goto finish;
	}

	buf_reset(&api->line);
	err.why[0] = '\0';
	int rewritten = api_shortcut_rewrite(line, len, &api->line, &err);
	if (rewritten < 0) {
		api_answer_fail(cmd.ans, "%s", err.why);
		goto finish;
	}
	if (rewritten)
		api_lex_init(&cmd.lx, (const char *)api->line.data, api->line.len);
	else
		api_lex_init(&cmd.lx, line, len);
	rc = walk(&cmd, path, sizeof(path));
finish:
	if (rc == API_CMD_DONE)
		api_answer_finish(c);
	c->cmd = NULL;
	c->cmd_len = 0;
}
