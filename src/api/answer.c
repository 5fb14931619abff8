/* answer.c — a command's answer, as its client's channel carries it, in command order.
 *
 * Owns: what each channel sends for an answer, and the acknowledgement rules:
 *   helper process (ExaBGP's model): the data line, if any, then `done`; for an error the
 *     {"error": "..."} line then `error` (ExaBGP 6 writes "error: TEXT" / "error"; the
 *     ack words are the same, so existing helpers that wait for done/error keep working);
 *     a helper started with json_acks gets ExaBGP's JSON acks instead:
 *     { "answer": "done", "message": "command completed" } / { "answer": "error", ... };
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
	a->failed = a->query = a->persist = a->change = a->close = false;
	a->ack_mode = API_ACK_DEFAULT;
	a->sync_mode = 0;
}

struct json *api_answer_json(struct api_answer *a)
{
	if (!a->json_open) {
		buf_reset(&a->json);
		json_init(&a->j, &a->json, JSON_STYLE_PYTHON);
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
	buf_puts(&a->json, "{\"error\": \"");
	json_escape(&a->json, why, strlen(why));
	buf_puts(&a->json, "\"}");
	a->failed = true;
	a->persist = a->change = false;
}

/* Put one answer on the client's queue: a held one whose save (or sending) failed is an
 * error saying so. */
static void emit(struct api_client *c, uint8_t flags, const char *json, size_t len)
{
	struct api_outq *q = &c->out;
	struct buf err = BUF_INIT;

	if ((flags & (API_PEND_SAVE_FAILED | API_PEND_SENT_FAILED)) && !(flags & API_PEND_FAILED)) {
		bool save = flags & API_PEND_SAVE_FAILED;
		const char *why = c->api->barrier[save ? API_BARRIER_SAVE : API_BARRIER_SENT].why;
		buf_puts(&err, save ? "{\"error\": \"the change is in effect but could not be saved: "
				    : "{\"error\": \"the change is in effect but could not be confirmed sent: ");
		json_escape(&err, why, strlen(why));
		buf_puts(&err, "\"}");
		json = (const char *)err.data;
		len = err.len;
		flags |= API_PEND_FAILED;
	}
	bool acked = flags & API_PEND_ACKED;
	/* ExaBGP's Answer.json_done / json_error, word for word (its error says this whatever
	 * the command's fault was) */
	static const char json_done[] = "{ \"answer\": \"done\", \"message\": \"command completed\" }\n";
	static const char json_error[] =
		"{ \"answer\": \"error\", \"message\": \"this command does not support json output\" }\n";
	if (c->channel == API_CHANNEL_PROCESS) {
		if (flags & API_PEND_FAILED) {
			if (acked) {
				api_outq_answer(q, json, len);
				api_outq_answer(q, "\n", 1);
				if (c->json_acks)
					api_outq_answer(q, json_error, sizeof(json_error) - 1);
				else
					api_outq_answer(q, "error\n", 6);
			}
		} else {
			if (len && (acked || (flags & API_PEND_QUERY))) {
				api_outq_answer(q, json, len);
				api_outq_answer(q, "\n", 1);
			}
			if (acked && c->json_acks)
				api_outq_answer(q, json_done, sizeof(json_done) - 1);
			else if (acked)
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
		api_outq_answer(q, "{\"answer\": \"done\"}\n", 19);
	}
	if (flags & API_PEND_CLOSE)
		c->closing = true;
	buf_free(&err);
}

static void hold(struct api_client *c, const uint64_t gen[API_BARRIERS], uint8_t flags, const char *json, size_t len)
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
	for (int k = 0; k < API_BARRIERS; k++)
		p->gen[k] = gen[k];
	p->len = len;
	p->flags = flags;
	buf_put(&c->pend_data, json, len);
}

static bool passed(const struct api_client *c, const struct api_pending *p)
{
	for (int k = 0; k < API_BARRIERS; k++)
		if (p->gen[k] > c->api->barrier[k].done)
			return false;
	return true;
}

void api_client_release(struct api_client *c)
{
	bool sent = false;
	while (c->pend_n) {
		struct api_pending *p = &c->pend[c->pend_head];
		if (!passed(c, p))
			break;
		const char *json = c->pend_data.data ? (const char *)c->pend_data.data + c->pend_off : "";
		emit(c, p->flags, json, p->len);
		c->pend_off += p->len;
		c->pend_head++;
		c->pend_n--;
		sent = true;
	}
	if (c->pend_n == 0) {
		c->pend_head = 0;
		c->pend_off = 0;
		buf_reset(&c->pend_data);
	} else if (c->pend_off > 65536 && c->pend_off > c->pend_data.len / 2) {
		/* a client that always has answers held (pipelining through saves) never empties
		 * the queue: drop the sent part once it is the larger one */
		size_t rest = c->pend_data.len - c->pend_off;
		memmove(c->pend_data.data, c->pend_data.data + c->pend_off, rest);
		c->pend_data.len = rest;
		c->pend_off = 0;
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
	uint64_t gen[API_BARRIERS] = {0, 0};
	if (!a->failed && a->persist)
		gen[API_BARRIER_SAVE] = api_barrier_change(api, API_BARRIER_SAVE);
	bool sync = a->sync_mode ? a->sync_mode == 1 : c->sync;
	if (!a->failed && a->change && sync)
		gen[API_BARRIER_SENT] = api_barrier_change(api, API_BARRIER_SENT);
	if (gen[API_BARRIER_SAVE] || gen[API_BARRIER_SENT] || c->pend_n)
		hold(c, gen, flags, (const char *)a->json.data, a->json.len);
	else
		emit(c, flags, a->json.data ? (const char *)a->json.data : "", a->json.len);
	api_answer_reset(a);
}
