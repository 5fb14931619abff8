/* outq.c — see outq.h. */
#include "api/outq.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void api_outq_init(struct api_outq *q, size_t event_max)
{
	memset(q, 0, sizeof(*q));
	buf_init(&q->data);
	q->event_max = event_max;
}

void api_outq_fini(struct api_outq *q)
{
	buf_free(&q->data);
	memset(q, 0, sizeof(*q));
}

/* Move the waiting bytes to the front once the written ones take more room than they do:
 * each byte is moved at most once on average. */
static void compact(struct api_outq *q)
{
	size_t waiting = api_outq_waiting(q);
	if (waiting == 0) {
		q->data.len = 0;
		q->off = 0;
		return;
	}
	if (q->off < 65536 || q->off < waiting)
		return;
	memmove(q->data.data, q->data.data + q->off, waiting);
	q->data.len = waiting;
	q->off = 0;
}

void api_outq_answer(struct api_outq *q, const void *data, size_t len)
{
	compact(q);
	buf_put(&q->data, data, len);
	q->answers++;
}

bool api_outq_event(struct api_outq *q, const void *data, size_t len)
{
	if (api_outq_waiting(q) + len > q->event_max) {
		q->dropped++;
		q->dropped_total++;
		q->overflow = true;
		return false;
	}
	compact(q);
	buf_put(&q->data, data, len);
	q->events++;
	return true;
}

void api_outq_consume(struct api_outq *q, size_t n)
{
	size_t waiting = api_outq_waiting(q);
	q->off += n < waiting ? n : waiting;
	compact(q);
}

int api_outq_write(struct api_outq *q, int fd)
{
	while (api_outq_waiting(q)) {
		ssize_t n = write(fd, q->data.data + q->off, api_outq_waiting(q));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
		q->off += (size_t)n;
		q->written += (uint64_t)n;
	}
	compact(q);
	return 0;
}
