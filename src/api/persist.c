/* persist.c — group commit: changes made by commands are saved together, and each answer
 * waits for the save that covers its change.
 *
 * Owns: the numbering of changes and the one save in flight. Every change that must be
 * saved (`routes add`, `routes remove`, `peer create`, `peer delete` on a server started
 * from a file) is applied in memory at once and numbered; its answer is held back
 * (answer.c) until a save started after it is over. A save is started at the end of the
 * turn that made a change (a deferred task, so every command read in that turn is covered
 * by it), never while another save runs; changes made meanwhile are all covered by the
 * next one. So a client pipelining 100,000 `routes add` pays one save per batch, not one
 * per command, and every other client and every session keeps running while the backend
 * exports and writes (it yields every 1000 routes, see backend.h `save`).
 * A failed save answers the changes it covered with an error (they stay in effect: the
 * next successful save writes them too).
 * Must not know: files, configuration text (the backend writes), clients' channels.
 */
#include <syslog.h>

#include "api/api_internal.h"

static void save_done(void *arg, int status, const char *why);

static void start_save(struct event_loop *loop, struct event_task *task)
{
	struct api *api = task->arg;
	struct api_persist *p = &api->persist;
	struct api_error err;
	(void)loop;

	if (p->saving || p->durable == p->applied)
		return;
	p->saving = p->applied;
	p->saves++;
	err.why[0] = '\0';
	if (api->ops->save(api->be, save_done, api, &err) < 0)
		save_done(api, -1, err.why[0] ? err.why : "the save could not start");
}

static void save_done(void *arg, int status, const char *why)
{
	struct api *api = arg;
	struct api_persist *p = &api->persist;
	uint64_t covered = p->saving;

	if (covered == 0)
		return; /* not ours: a backend calling twice */
	p->saving = 0;
	p->durable = covered;
	if (status < 0) {
		p->failed++;
		api_log(api, LOG_ERR, "saving the configuration failed: %s", why ? why : "unknown error");
	}
	for (struct api_client *c = api->clients; c; c = c->next)
		api_client_release(c, covered, status, why ? why : "unknown error");
	if (p->applied > p->durable)
		event_task_defer(api->loop, &p->task);
}

void api_persist_init(struct api *api)
{
	struct api_persist *p = &api->persist;
	p->applied = p->durable = p->saving = 0;
	p->saves = p->failed = 0;
	event_task_init(&p->task, start_save, api);
}

uint64_t api_persist_change(struct api *api)
{
	struct api_persist *p = &api->persist;
	if (api->ops->persistent == NULL || api->ops->save == NULL || !api->ops->persistent(api->be))
		return 0;
	p->applied++;
	if (!p->saving)
		event_task_defer(api->loop, &p->task);
	return p->applied;
}
