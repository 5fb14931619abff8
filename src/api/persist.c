/* persist.c — group commit: answers that wait for something slow (a save to disk, the
 * routes reaching the sessions' sockets) wait together, one round for all of them.
 *
 * Owns: the two barriers and their rounds.
 *   SAVE  every change that must be saved (`routes add`, `routes remove`, `peer create`,
 *         `peer delete` on a server started from a file) is applied in memory at once and
 *         numbered; its answer is held back (answer.c) until a save started after it is
 *         over (backend `save`).
 *   SENT  with `session sync enable`, a route change's answer waits until the backend
 *         confirms everything applied before it was written to the Established sessions
 *         (backend `when_sent`).
 * A round starts at the end of the turn that made a change (a deferred task, so every
 * command read in that turn is covered by it), never while another round of the same
 * barrier runs; changes made meanwhile are all covered by the next round. So a client
 * pipelining 100,000 `routes add` pays one save per batch, not one per command, and every
 * other client and every session keeps running while the backend exports and writes (it
 * yields every 1000 routes: backend.h `save`).
 * A failed round answers the changes it covered with an error (they stay in effect: the
 * next successful save writes them too).
 * Must not know: files, configuration text, sockets (the backend does the work), clients'
 * channels.
 */
#include <stdio.h>
#include <syslog.h>

#include "api/api_internal.h"

static const char *const barrier_name[API_BARRIERS] = {"saving the configuration", "sending the changes"};

static void round_done(void *arg, int status, const char *why);

static int round_start(struct api *api, enum api_barrier_kind kind, struct api_barrier *b, struct api_error *err)
{
	if (kind == API_BARRIER_SAVE)
		return api->ops->save(api->be, round_done, b, err);
	return api->ops->when_sent(api->be, round_done, b, err);
}

static void start_task(struct event_loop *loop, struct event_task *task)
{
	struct api_barrier *b = task->arg;
	struct api_error err;
	(void)loop;

	if (b->running || b->done == b->applied)
		return;
	b->running = b->applied;
	b->rounds++;
	err.why[0] = '\0';
	if (round_start(b->api, (enum api_barrier_kind)b->kind, b, &err) < 0)
		round_done(b, -1, err.why[0] ? err.why : "it could not start");
}

static void round_done(void *arg, int status, const char *why)
{
	struct api_barrier *b = arg;
	struct api *api = b->api;
	uint64_t from = b->done, covered = b->running;

	if (covered == 0)
		return; /* not a round of ours: a backend calling twice */
	b->running = 0;
	b->done = covered;
	if (status < 0) {
		b->failed++;
		snprintf(b->why, sizeof(b->why), "%s", why ? why : "unknown error");
		api_log(api, LOG_ERR, "%s failed: %s", barrier_name[b->kind], b->why);
		uint8_t flag = b->kind == API_BARRIER_SAVE ? API_PEND_SAVE_FAILED : API_PEND_SENT_FAILED;
		for (struct api_client *c = api->clients; c; c = c->next)
			for (size_t i = 0; i < c->pend_n; i++) {
				struct api_pending *p = &c->pend[c->pend_head + i];
				if (p->gen[b->kind] > from && p->gen[b->kind] <= covered)
					p->flags |= flag;
			}
	}
	for (struct api_client *c = api->clients; c; c = c->next)
		api_client_release(c);
	if (b->applied > b->done)
		event_task_defer(api->loop, &b->task);
}

void api_barriers_init(struct api *api)
{
	for (int k = 0; k < API_BARRIERS; k++) {
		struct api_barrier *b = &api->barrier[k];
		b->api = api;
		b->kind = (uint8_t)k;
		b->applied = b->done = b->running = 0;
		b->rounds = b->failed = 0;
		b->why[0] = '\0';
		event_task_init(&b->task, start_task, b);
	}
}

void api_barriers_fini(struct api *api)
{
	for (int k = 0; k < API_BARRIERS; k++)
		event_task_cancel(api->loop, &api->barrier[k].task);
}

uint64_t api_barrier_change(struct api *api, enum api_barrier_kind kind)
{
	struct api_barrier *b = &api->barrier[kind];
	if (kind == API_BARRIER_SAVE &&
	    (api->ops->persistent == NULL || api->ops->save == NULL || !api->ops->persistent(api->be)))
		return 0;
	if (kind == API_BARRIER_SENT && api->ops->when_sent == NULL)
		return 0;
	b->applied++;
	if (!b->running)
		event_task_defer(api->loop, &b->task);
	return b->applied;
}
