/* answer.c — a command's answer, as its client's channel carries it, in command order.
 *
 * Owns: what each channel sends for an answer, and the acknowledgement rules:
 *   helper process (ExaBGP's model): the data line, if any, then `done`; for an error the
 *     {"error": "..."} line then `error` (ExaBGP 6 writes "error: TEXT" / "error"; the
 *     ack words are the same, so existing helpers that wait for done/error keep working);
 *   control socket: exactly one line per command: the data, {"error": "..."}, or
 *     {"answer": "done"} for a command that has nothing else to say.
 *   With acks off (exabgp.api.ack false, disable-ack, silence-ack) only data a command
 *   was asked for (show, list, version, ...) is sent; the results of changes and errors
 *   are not (ExaBGP's behaviour: the client chose not to read them); errors are logged.
 * and the order: an answer that waits for a save is held back, and so is every later
 * answer of the same client, until the save that covers it is over.
 * Must not know: which command made the answer, how bytes reach the client.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "api/api_internal.h"
#include "core/xalloc.h"

void api_answer_init(struct api_answer *a)
{
	memset(a, 0, sizeof(*a));
	buf_init(&a->json);
}

void api_answer_fini(struct api_answer *a)
{
	buf_free(&a->json);
}

void api_answer_reset(struct api_answer *a)
{
	buf_reset(&a->json);
	a->json_open = false;
	a->failed = a->query = a->persist = a->close = false;
	a->ack_mode = API_ACK_DEFAULT;
}

struct json *api_answer_json(struct api_answer *a)
{
	if (!a->json_open) {
		buf_reset(&a->json);
		json_init(&a->j, &a->json);
		a->json_open = true;
	}
	return &a->j;
}

void api_answer_fail(struct api_answer *a, const char *fmt, ...)
{
	char why[API_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	buf_reset(&a->json);
	a->json_open = false;
	buf_puts(&a->json, "{\"error\":\"");
	json_escape(&a->json, why, strlen(why));
	buf_puts(&a->json, "\"}");
	a->failed = true;
	a->persist = false;
}

/* Put one answer on the client's queue. save_why: the save covering it failed. */
static void emit(struct api_client *c, uint8_t flags, const char *json, size_t len, const char *save_why)
{
	struct api_outq *q = &c->out;
	struct buf err = BUF_INIT;

	if (save_why && !(flags & API_PEND_FAILED)) {
		buf_puts(&err, "{\"error\":\"the change is in effect but could not be saved: ");
		json_escape(&err, save_why, strlen(save_why));
		buf_puts(&err, "\"}");
		json = (const char *)err.data;
		len = err.len;
		flags |= API_PEND_FAILED;
	}
	bool acked = flags & API_PEND_ACKED;
	if (c->channel == API_CHANNEL_PROCESS) {
		if (flags & API_PEND_FAILED) {
			if (acked) {
				api_outq_answer(q, json, len);
				api_outq_answer(q, "\nerror\n", 7);
			}
		} else {
			if (len && (acked || (flags & API_PEND_QUERY))) {
				api_outq_answer(q, json, len);
				api_outq_answer(q, "\n", 1);
			}
			if (acked)
				api_outq_answer(q, "done\n", 5);
		}
	} else if (flags & API_PEND_FAILED) {
		if (acked) {
			api_outq_answer(q, json, len);
			api_outq_answer(q, "\n", 1);
		}
	} else if (len && (acked || (flags & API_PEND_QUERY))) {
		api_outq_answer(q, json, len);
		api_outq_answer(q, "\n", 1);
	} else if (acked) {
		api_outq_answer(q, "{\"answer\":\"done\"}\n", 18);
	}
	if (flags & API_PEND_CLOSE)
		c->closing = true;
	buf_free(&err);
}

static void hold(struct api_client *c, uint64_t gen, uint8_t flags, const char *json, size_t len)
{
	if (c->pend_head + c->pend_n == c->pend_cap) {
		if (c->pend_head) {
			memmove(c->pend, c->pend + c->pend_head, c->pend_n * sizeof(*c->pend));
			c->pend_head = 0;
		} else {
			c->pend_cap = c->pend_cap ? 2 * c->pend_cap : 64;
			c->pend = xrealloc(c->pend, c->pend_cap * sizeof(*c->pend));
		}
	}
	struct api_pending *p = &c->pend[c->pend_head + c->pend_n++];
	p->gen = gen;
	p->len = len;
	p->flags = flags;
	buf_put(&c->pend_data, json, len);
}

void api_client_release(struct api_client *c, uint64_t durable, int status, const char *why)
{
	bool sent = false;
	while (c->pend_n) {
		struct api_pending *p = &c->pend[c->pend_head];
		if (p->gen > durable)
			break;
		emit(c, p->flags, (const char *)c->pend_data.data + c->pend_off, p->len,
		     p->gen && status < 0 ? why : NULL);
		c->pend_off += p->len;
		c->pend_head++;
		c->pend_n--;
		sent = true;
	}
	if (c->pend_n == 0) {
		c->pend_head = 0;
		c->pend_off = 0;
		buf_reset(&c->pend_data);
	}
	if (sent)
		api_client_flush_later(c);
	api_client_wake(c);
}

void api_answer_finish(struct api_client *c)
{
	struct api *api = c->api;
	struct api_answer *a = &c->ans;
	uint8_t flags = 0;

	api->commands++;
	if (a->failed) {
		api->errors++;
		api_log(api, LOG_WARNING, "%s%s: command '%.*s' failed: %.*s", c->service ? "process " : "",
			c->service ? c->service : "control socket", (int)(c->cmd_len > 200 ? 200 : c->cmd_len),
			c->cmd ? c->cmd : "", (int)a->json.len, (const char *)a->json.data);
		flags |= API_PEND_FAILED;
	}
	if (a->query)
		flags |= API_PEND_QUERY;
	if (a->close)
		flags |= API_PEND_CLOSE;
	if (a->ack_mode == API_ACK_FORCE || (a->ack_mode == API_ACK_DEFAULT && c->ack))
		flags |= API_PEND_ACKED;
	uint64_t gen = a->persist && !a->failed ? api_persist_change(api) : 0;
	if (gen || c->pend_n)
		hold(c, gen, flags, (const char *)a->json.data, a->json.len);
	else
		emit(c, flags, (const char *)a->json.data, a->json.len, NULL);
	api_answer_reset(a);
}
