/* client.c — one command stream and its answers, whatever carries them.
 *
 * Owns: a client's life (new, free), its output queue and the writing of it to the
 * client's fd, and the rule that keeps a client's memory bounded: a client is not read
 * while it is busy — a long answer being built, or API_ANSWER_HIGH octets of answers
 * waiting (unwritten, or held back behind a save) — and is woken (on a later turn, never
 * from inside another client's processing) once it is not.
 * Must not know: what carries the bytes (pipes, sockets: the owner, through ops).
 */
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "api/api_internal.h"
#include "core/xalloc.h"

static void resume_task_run(struct event_loop *loop, struct event_task *task)
{
	struct api_client *c = task->arg;
	(void)loop;
	if (!c->paused || api_client_busy(c))
		return;
	c->paused = false;
	if (c->ops && c->ops->resume)
		c->ops->resume(c->owner);
}

static void flush_task_run(struct event_loop *loop, struct event_task *task)
{
	(void)loop;
	api_client_flush(task->arg);
}

struct api_client *api_client_new(struct api *api, enum api_channel channel, const char *service, int wfd,
				  const struct api_client_ops *ops, void *owner)
{
	struct api_client *c = xcalloc(1, sizeof(*c));
	c->api = api;
	c->id = ++api->next_id;
	c->channel = (uint8_t)channel;
	c->service = service ? xstrdup(service) : NULL;
	c->ack = api->cfg.ack;
	c->wfd = wfd;
	c->ops = ops;
	c->owner = owner;
	api_outq_init(&c->out, api->cfg.queue_max);
	buf_init(&c->pend_data);
	api_answer_init(&c->ans);
	event_task_init(&c->resume_task, resume_task_run, c);
	event_task_init(&c->flush_task, flush_task_run, c);
	c->next = api->clients;
	if (api->clients)
		api->clients->prev = c;
	api->clients = c;
	return c;
}

void api_client_free(struct api_client *c)
{
	if (c == NULL)
		return;
	struct api *api = c->api;
	api_job_cancel(c);
	event_task_cancel(api->loop, &c->resume_task);
	event_task_cancel(api->loop, &c->flush_task);
	if (c->prev)
		c->prev->next = c->next;
	else
		api->clients = c->next;
	if (c->next)
		c->next->prev = c->prev;
	api_outq_fini(&c->out);
	api_answer_fini(&c->ans);
	buf_free(&c->pend_data);
	free(c->pend);
	free(c->service);
	free(c);
}

bool api_client_busy(const struct api_client *c)
{
	if (c->job || c->closing)
		return true;
	return api_outq_waiting(&c->out) > API_ANSWER_HIGH || api_client_held(c) > API_HELD_HIGH;
}

/* A client that lost events hears how many, first thing once it has caught up (half its
 * queue free): see process.h. */
static void overflow_notice(struct api_client *c)
{
	struct api_outq *q = &c->out;
	if (!q->overflow || api_outq_waiting(q) > q->event_max / 2)
		return;
	struct buf b = BUF_INIT;
	if (c->json) {
		struct json j;
		json_init(&j, &b, JSON_STYLE_EXABGP);
		api_notice_open(c->api, &j);
		JSON_KEY(&j, "type");
		JSON_STRING(&j, "notification");
		JSON_KEY(&j, "notification");
		JSON_STRING(&j, "overflow");
		JSON_KEY(&j, "dropped");
		json_uint(&j, q->dropped);
		json_object_close(&j);
	} else {
		buf_printf(&b, "overflow dropped %llu", (unsigned long long)q->dropped);
	}
	buf_putc(&b, '\n');
	api_log(c->api, LOG_WARNING, "process %s caught up: %llu events were dropped, it is told so",
		c->service ? c->service : "?", (unsigned long long)q->dropped);
	api_outq_answer(q, b.data, b.len);
	buf_free(&b);
	q->overflow = false;
	q->dropped = 0;
}

void api_client_flush(struct api_client *c)
{
	event_task_cancel(c->api->loop, &c->flush_task);
	overflow_notice(c);
	if (c->wfd < 0)
		return;
	if (api_outq_write(&c->out, c->wfd) < 0) {
		if (c->ops && c->ops->broken)
			c->ops->broken(c->owner);
		return;
	}
	if (c->out.overflow) {
		overflow_notice(c);
		if (api_outq_write(&c->out, c->wfd) < 0) {
			if (c->ops && c->ops->broken)
				c->ops->broken(c->owner);
			return;
		}
	}
	bool waiting = api_outq_waiting(&c->out) != 0;
	if (c->ops && c->ops->write_wanted)
		c->ops->write_wanted(c->owner, waiting);
	if (!waiting && c->closing && c->pend_n == 0 && c->job == NULL && c->ops && c->ops->broken)
		c->ops->broken(c->owner); /* bye: everything is out, close */
	if (c->paused)
		api_client_wake(c);
}

void api_client_flush_later(struct api_client *c)
{
	if (c->wfd >= 0)
		event_task_defer(c->api->loop, &c->flush_task);
}

void api_client_wake(struct api_client *c)
{
	if (c->paused && !api_client_busy(c))
		event_task_defer(c->api->loop, &c->resume_task);
}

/* ---- in-process clients ---- */

struct api_client *api_client_open(struct api *api, enum api_channel channel, const char *service)
{
	return api_client_new(api, channel, service, -1, NULL, NULL);
}

void api_client_command(struct api_client *c, const char *line, size_t len)
{
	api_dispatch(c, line, len);
}

const char *api_client_output(const struct api_client *c, size_t *len)
{
	*len = api_outq_waiting(&c->out);
	return api_outq_bytes(&c->out);
}

void api_client_consume(struct api_client *c, size_t len)
{
	api_outq_consume(&c->out, len);
	overflow_notice(c);
}

bool api_client_idle(const struct api_client *c)
{
	return c->job == NULL && c->pend_n == 0;
}

void api_client_close(struct api_client *c)
{
	api_client_free(c);
}
