/* api_save.c — the API's persistence over the configuration files, and its session sync.
 *
 * save: every configuration the API changed since its last save (server_config.dirty:
 * routes set or unset in a neighbour's own block, a neighbour added or removed) is written
 * back to its file through safe storage (config/storage.h: temp file, fsync, rename,
 * directory fsync, one backup), one after the other. Each is first frozen
 * (config_snapshot: the route arrays copied, strings and attributes shared) so that
 * commands keep changing it while its text is written, one export chunk (at most 1000
 * routes) per event-loop turn: sessions and other clients keep flowing during a save of a
 * million routes. done() once every file is durable, or at the first failure.
 * when_sent: polls (every few milliseconds) until every Established session has nothing
 * left to pack in its Adj-RIB-Out and nothing waiting in its write queue.
 *
 * Owns: the save in progress (one at a time: the API never starts a second).
 * Must not know: the API's group commit (api/persist.c decides when to save).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/export.h"
#include "config/storage.h"
#include "core/xalloc.h"
#include "server/server_api_internal.h"

#define SENT_POLL_MS 5

struct server_api_save {
	struct server_api *sa;
	struct server_config **todo;     /* referenced until written */
	size_t n, at;
	struct config *snap;             /* the one being written */
	struct config_export e;
	struct storage_write *w;
	struct storage_error err;
	struct buf chunk;
	struct event_task task;
	api_save_done_fn done;
	void *arg;
	size_t written;                  /* files */
};

bool server_api_persistent(void *be)
{
	struct server_api *sa = be;
	return sa->opt.save;
}

static void save_free(struct server_api_save *sv)
{
	struct server_api *sa = sv->sa;
	event_task_cancel(sa->loop, &sv->task);
	storage_abort(sv->w);
	config_snapshot_free(sv->snap);
	for (size_t i = sv->at; i < sv->n; i++)
		server_config_unref(sv->todo[i]);
	free(sv->todo);
	buf_free(&sv->chunk);
	free(sv);
	sa->save = NULL;
}

static void save_end(struct server_api_save *sv, int status, const char *why)
{
	api_save_done_fn done = sv->done;
	void *arg = sv->arg;
	char text[STORAGE_ERROR_MAX + 64];
	snprintf(text, sizeof(text), "%s", why ? why : "");
	if (status < 0)
		server_log(sv->sa->srv, SERVER_LOG_ERROR, "api: saving the configuration failed: %s", text);
	save_free(sv);
	done(arg, status, status < 0 ? text : NULL);
}

/* The configuration being written could not be: it is dirty again, so that the next save
 * writes what this one could not (persist.c: a failed save's changes stay in effect and
 * the next successful save writes them too; without this, a later change to another file
 * would save that file only, and a restart would lose the change whose save failed). */
static void save_failed(struct server_api_save *sv)
{
	if (sv->at < sv->n)
		sv->todo[sv->at]->dirty = true;
	save_end(sv, -1, sv->err.text);
}

/* Start writing the next configuration: its snapshot, its temporary file. */
static int save_open(struct server_api_save *sv)
{
	struct server_config *sc = sv->todo[sv->at];
	sv->snap = config_snapshot(sc->config);
	sc->dirty = false; /* what changes from now on waits for the next save */
	config_export_init(&sv->e, sv->snap);
	sv->w = storage_begin(sc->path, &sv->err);
	return sv->w ? 0 : -1;
}

static void save_step(struct event_loop *loop, struct event_task *task)
{
	struct server_api_save *sv = task->arg;
	buf_reset(&sv->chunk);
	int more = config_export_next(&sv->e, &sv->chunk);
	if (storage_append(sv->w, sv->chunk.data, sv->chunk.len) < 0) {
		save_failed(sv);
		return;
	}
	if (more) {
		event_task_defer(loop, task); /* the next chunk on the next turn */
		return;
	}
	int rc = storage_commit(sv->w);
	sv->w = NULL;
	config_snapshot_free(sv->snap);
	sv->snap = NULL;
	if (rc < 0) {
		save_failed(sv);
		return;
	}
	server_config_unref(sv->todo[sv->at]);
	sv->at++;
	sv->written++;
	if (sv->at == sv->n) {
		server_log(sv->sa->srv, SERVER_LOG_DEBUG, "api: %zu configuration file(s) saved", sv->written);
		save_end(sv, 0, NULL);
		return;
	}
	if (save_open(sv) < 0) {
		save_failed(sv);
		return;
	}
	event_task_defer(loop, task);
}

int server_api_save(void *be, api_save_done_fn done, void *arg, struct api_error *err)
{
	struct server_api *sa = be;
	struct server *srv = sa->srv;

	if (sa->save) {
		snprintf(err->why, sizeof(err->why), "a save is already running");
		return -1;
	}
	struct server_api_save *sv = xcalloc(1, sizeof(*sv));
	sv->sa = sa;
	sv->done = done;
	sv->arg = arg;
	buf_init(&sv->chunk);
	event_task_init(&sv->task, save_step, sv);
	/* the configurations of this reading, and those peers still point into (a
	 * configuration a reload replaced is not written: the file is the new reading's) */
	sv->todo = xcalloc(srv->nconfigs + 1, sizeof(*sv->todo));
	for (size_t i = 0; i < srv->nconfigs; i++)
		if (srv->configs[i]->dirty && srv->configs[i]->path) {
			sv->todo[sv->n++] = srv->configs[i];
			srv->configs[i]->refs++;
		}
	sa->save = sv;
	if (sv->n == 0) {
		/* no file changed: done at once (the API copes with that) */
		save_end(sv, 0, NULL);
		return 0;
	}
	if (save_open(sv) < 0) {
		snprintf(err->why, sizeof(err->why), "%.400s", sv->err.text);
		sv->todo[sv->at]->dirty = true; /* as save_failed: the next save tries again */
		save_free(sv);
		return -1;
	}
	event_task_defer(sa->loop, &sv->task);
	return 0;
}

/* ---- session sync ---- */

static bool all_sent(struct server *srv)
{
	for (size_t i = 0; i < srv->npeers; i++) {
		struct server_peer *p = srv->peers[i];
		if (bgp_session_state(p->session) != BGP_ESTABLISHED)
			continue; /* a session that is not up counts as done */
		struct bgp_session_stats st;
		bgp_session_stats(p->session, &st);
		if (adjout_pending(p->adj) || st.queued_bytes)
			return false;
	}
	return true;
}

static void sent_poll(struct event_loop *loop, struct event_timer *t)
{
	struct server_api *sa = t->arg;
	if (!all_sent(sa->srv)) {
		event_timer_after(loop, t, SENT_POLL_MS);
		return;
	}
	api_save_done_fn done = sa->sent_done;
	sa->sent_done = NULL;
	done(sa->sent_arg, 0, NULL);
}

int server_api_when_sent(void *be, api_save_done_fn done, void *arg, struct api_error *err)
{
	struct server_api *sa = be;
	if (sa->sent_done) {
		snprintf(err->why, sizeof(err->why), "already waiting for the sessions");
		return -1;
	}
	sa->sent_done = done;
	sa->sent_arg = arg;
	/* the sessions were woken by the change: look once they had a turn */
	event_timer_after(sa->loop, &sa->sent_timer, 0);
	return 0;
}

void server_api_save_cancel(struct server_api *sa)
{
	if (sa->save)
		save_free(sa->save);
	event_timer_cancel(sa->loop, &sa->sent_timer);
	sa->sent_done = NULL;
}

void server_api_sent_init(struct server_api *sa)
{
	event_timer_init(&sa->sent_timer, sent_poll, sa);
}
