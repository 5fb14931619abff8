/* parse_api.c — the blocks that name helper processes: process { } at the top level and
 * a neighbour's api { }.
 *
 *   process NAME { run PROGRAM [ARG ...]; encoder text|json; respawn BOOL; on-exit withdraw|keep; }
 *   api [NAME] {
 *       processes [ NAME ... ];            (or one NAME)
 *       processes-match [ REGEX ... ];
 *       neighbor-changes; negotiated; fsm; signal;          (each BOOL, bare: true)
 *       send { parsed; packets; consolidate; open; update; notification; keepalive;
 *              refresh; operational; }
 *       receive { ... the same ... }
 *   }
 * Process and api names are unique in a file (ExaBGP). Processes are checked against the
 * api blocks that name them once the file is read (config.c).
 * Must not know: how processes are run.
 */
#include <string.h>

#include "config/parse_internal.h"

static int boolean(struct cfg_parser *p, const char *what, bool *out)
{
	static const char *const yes[] = {"true", "enable", "enabled", "yes", "1"};
	static const char *const no[] = {"false", "disable", "disabled", "no", "0"};
	if (p->st.n == 1) {
		*out = true;
		return 0;
	}
	if (p->st.n > 2)
		return cfg_fail_word(p, &p->st.w[2], what, "is not expected after the value");
	for (size_t i = 0; i < 5; i++) {
		if (cfg_word_is(&p->st.w[1], yes[i])) {
			*out = true;
			return 0;
		}
		if (cfg_word_is(&p->st.w[1], no[i])) {
			*out = false;
			return 0;
		}
	}
	return cfg_fail_word(p, &p->st.w[1], what, "is not a boolean (true or false)");
}

/* NAME, or [ NAME ... ] with optional commas, into an arena array. */
static int name_list(struct cfg_parser *p, const char *what, const char ***out, size_t *count)
{
	const struct cfg_word *w = &p->st.w[1];
	size_t nw = p->st.n - 1, first = 0, last = nw;

	if (nw == 0)
		return cfg_fail_end(p, what, "a name is missing (NAME, or [ NAME ... ])");
	if (cfg_word_is(&w[0], "[")) {
		if (nw < 2 || !cfg_word_is(&w[nw - 1], "]"))
			return cfg_fail_word(p, &w[0], what, "opens a list that is not closed with ']'");
		first = 1;
		last = nw - 1;
	} else if (nw > 1) {
		return cfg_fail_word(p, &w[1], what, "is not expected: several names go in [ ]");
	}
	for (size_t i = first; i < last; i++) {
		if (cfg_word_is(&w[i], ","))
			continue;
		if (cfg_word_is(&w[i], "[") || cfg_word_is(&w[i], "]"))
			return cfg_fail_word(p, &w[i], what, "is not expected inside the list");
		*out = cfg_array_grow(&p->c->arena, *out, *count, sizeof(**out));
		(*out)[(*count)++] = cfg_strdup(p, w[i].s, w[i].len);
	}
	return 0;
}

/* ---- api { } ---------------------------------------------------------------------- */

struct direction_ctx {
	uint16_t *bits;
	const char *what;
};

static int direction_leaf(struct cfg_parser *p, void *vctx)
{
	struct direction_ctx *ctx = vctx;
	const struct cfg_word *kw = &p->st.w[0];
	for (int i = 0; i < API_MSG_COUNT; i++) {
		if (!cfg_word_is(kw, settings_api_message_names[i]))
			continue;
		bool on;
		if (boolean(p, settings_api_message_names[i], &on) < 0)
			return -1;
		if (on)
			*ctx->bits |= (uint16_t)(1u << i);
		else
			*ctx->bits &= (uint16_t)~(1u << i);
		return 0;
	}
	return cfg_fail_word(p, kw, ctx->what,
			     "is not a message (parsed, packets, consolidate, open, update, notification, keepalive, refresh, operational)");
}

static int api_leaf(struct cfg_parser *p, void *vctx)
{
	struct settings_api *api = vctx;
	const struct cfg_word *kw = &p->st.w[0];
	static const struct {
		const char *name;
		uint8_t flag;
	} flags[] = {
		{"neighbor-changes", API_NEIGHBOR_CHANGES},
		{"negotiated", API_NEGOTIATED},
		{"fsm", API_FSM},
		{"signal", API_SIGNAL},
	};

	if (cfg_word_is(kw, "processes"))
		return name_list(p, "processes", &api->processes, &api->nprocesses);
	if (cfg_word_is(kw, "processes-match"))
		return name_list(p, "processes-match", &api->processes_match, &api->nprocesses_match);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!cfg_word_is(kw, flags[i].name))
			continue;
		bool on;
		if (boolean(p, flags[i].name, &on) < 0)
			return -1;
		if (on)
			api->flags |= flags[i].flag;
		else
			api->flags &= (uint8_t)~flags[i].flag;
		return 0;
	}
	return cfg_fail_word(p, kw, "api",
			     "is not an api statement (processes, processes-match, neighbor-changes, negotiated, fsm, signal)");
}

static int api_section(struct cfg_parser *p, void *vctx)
{
	struct settings_api *api = vctx;
	const struct cfg_word *kw = &p->st.w[0];
	struct direction_ctx ctx;

	if (p->st.n > 1)
		return cfg_fail_word(p, &p->st.w[1], kw->s, "is not expected: the block takes no argument");
	if (cfg_word_is(kw, "send"))
		ctx = (struct direction_ctx){&api->send, "send"};
	else if (cfg_word_is(kw, "receive"))
		ctx = (struct direction_ctx){&api->receive, "receive"};
	else
		return cfg_fail_word(p, kw, "api", "is not an api block (send, receive)");
	return cfg_block(p, ctx.what, direction_leaf, NULL, &ctx);
}

int cfg_api_block(struct cfg_parser *p, struct settings_neighbor *n)
{
	struct settings_api api;

	memset(&api, 0, sizeof(api));
	if (p->st.n > 2)
		return cfg_fail_word(p, &p->st.w[2], "api", "is not expected after the api's name");
	if (p->st.n == 2) {
		const struct cfg_word *name = &p->st.w[1];
		if (!cfg_name_ok(name))
			return cfg_fail_word(p, name, "api", "is not a name (letters, digits, '.', '-', '_')");
		for (size_t i = 0; i < p->napi_names; i++)
			if (strlen(p->api_names[i]) == name->len && memcmp(p->api_names[i], name->s, name->len) == 0)
				return cfg_fail_word(p, name, "api", "is the name of an api block already defined");
		api.name = cfg_strdup(p, name->s, name->len);
		p->api_names = cfg_array_grow(&p->c->arena, p->api_names, p->napi_names, sizeof(*p->api_names));
		p->api_names[p->napi_names++] = api.name;
	}
	if (cfg_block(p, "api", api_leaf, api_section, &api) < 0)
		return -1;
	if (api.nprocesses && api.nprocesses_match)
		return cfg_fail_at(p, p->st.line, p->st.col,
				   "api: processes and processes-match cannot be used together");
	n->api = cfg_array_grow(&p->c->arena, n->api, n->napi, sizeof(*n->api));
	n->api[n->napi++] = api;
	return 0;
}

/* ---- process NAME { } ------------------------------------------------------------- */

static int process_leaf(struct cfg_parser *p, void *vctx)
{
	struct settings_process *proc = vctx;
	const struct cfg_word *kw = &p->st.w[0];
	const struct cfg_word *w = &p->st.w[1];
	size_t nw = p->st.n - 1;

	if (cfg_word_is(kw, "run")) {
		if (nw == 0)
			return cfg_fail_end(p, "run", "the program is missing");
		proc->run = NULL;
		proc->nrun = 0;
		for (size_t i = 0; i < nw; i++) {
			proc->run = cfg_array_grow(&p->c->arena, proc->run, proc->nrun, sizeof(*proc->run));
			proc->run[proc->nrun++] = cfg_strdup(p, w[i].s, w[i].len);
		}
		return 0;
	}
	if (cfg_word_is(kw, "encoder")) {
		if (nw != 1)
			return nw ? cfg_fail_word(p, &w[1], "encoder", "is not expected after the value")
				  : cfg_fail_end(p, "encoder", "a value is missing (text or json)");
		if (cfg_word_is(&w[0], "text"))
			proc->encoder = ENCODER_TEXT;
		else if (cfg_word_is(&w[0], "json"))
			proc->encoder = ENCODER_JSON;
		else
			return cfg_fail_word(p, &w[0], "encoder", "is not an encoder (text or json)");
		proc->given |= SPF_ENCODER;
		return 0;
	}
	if (cfg_word_is(kw, "respawn")) {
		if (boolean(p, "respawn", &proc->respawn) < 0)
			return -1;
		proc->given |= SPF_RESPAWN;
		return 0;
	}
	if (cfg_word_is(kw, "on-exit")) {
		if (nw != 1)
			return nw ? cfg_fail_word(p, &w[1], "on-exit", "is not expected after the value")
				  : cfg_fail_end(p, "on-exit", "a value is missing (withdraw or keep)");
		if (cfg_word_is(&w[0], "withdraw"))
			proc->on_exit = ON_EXIT_WITHDRAW;
		else if (cfg_word_is(&w[0], "keep"))
			proc->on_exit = ON_EXIT_KEEP;
		else
			return cfg_fail_word(p, &w[0], "on-exit", "is not valid (withdraw or keep)");
		proc->given |= SPF_ON_EXIT;
		return 0;
	}
	return cfg_fail_word(p, kw, "process", "is not a process statement (run, encoder, respawn, on-exit)");
}

int cfg_process_block(struct cfg_parser *p)
{
	struct config *c = p->c;
	struct settings_process proc;
	uint32_t line, col;

	if (p->st.n < 2)
		return cfg_fail_end(p, "process", "the process's name is missing (process NAME { ... })");
	if (p->st.n > 2)
		return cfg_fail_word(p, &p->st.w[2], "process", "is not expected after the process's name");
	const struct cfg_word *name = &p->st.w[1];
	if (!cfg_name_ok(name))
		return cfg_fail_word(p, name, "process", "is not a name (letters, digits, '.', '-', '_')");
	for (size_t i = 0; i < c->nprocesses; i++)
		if (strlen(c->processes[i].name) == name->len && memcmp(c->processes[i].name, name->s, name->len) == 0)
			return cfg_fail_word(p, name, "process", "is the name of a process already defined");
	line = name->line;
	col = name->col;
	settings_process_init(&proc);
	proc.name = cfg_strdup(p, name->s, name->len);
	if (cfg_block(p, "process", process_leaf, NULL, &proc) < 0)
		return -1;
	if (proc.nrun == 0)
		return cfg_fail_at(p, line, col, "process %s: run is missing (the program to start)", proc.name);
	c->processes = cfg_array_grow(&c->arena, c->processes, c->nprocesses, sizeof(*c->processes));
	c->processes[c->nprocesses++] = proc;
	return 0;
}
