/* wqueue.c — see wqueue.h. */
#include "bgp/wqueue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "core/cursor.h"
#include "core/xalloc.h"
#include "wire/message.h"

#define WQ_IOV 64
#define WQ_WRITE_MAX (1u << 20) /* bytes per writev: plenty for one turn */

void bgp_wqueue_init(struct bgp_wqueue *q, size_t high, size_t low, size_t max)
{
	memset(q, 0, sizeof(*q));
	buf_init(&q->urgent);
	q->high = high;
	q->low = low;
	q->max = max;
}

static struct wq_entry *entry(struct bgp_wqueue *q, size_t i)
{
	return &q->v[(q->head + i) % q->cap];
}

static void pop_head(struct bgp_wqueue *q)
{
	bgp_chunk_unref(q->v[q->head].chunk);
	q->v[q->head].chunk = NULL;
	q->head = (q->head + 1) % q->cap;
	q->count--;
}

void bgp_wqueue_fini(struct bgp_wqueue *q)
{
	while (q->count)
		pop_head(q);
	free(q->v);
	buf_free(&q->urgent);
	memset(q, 0, sizeof(*q));
}

int bgp_wqueue_push(struct bgp_wqueue *q, struct bgp_chunk *c)
{
	if (c->len == 0)
		return 0;
	if (q->bulk_bytes + c->len > q->max)
		return -1;
	if (q->count == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 16;
		struct wq_entry *v = xmalloc(cap * sizeof(*v));
		for (size_t i = 0; i < q->count; i++)
			v[i] = *entry(q, i);
		free(q->v);
		q->v = v;
		q->cap = cap;
		q->head = 0;
	}
	struct wq_entry *e = entry(q, q->count++);
	e->chunk = bgp_chunk_ref(c);
	e->off = 0;
	e->msg_left = 0;
	q->bulk_bytes += c->len;
	return 0;
}

void bgp_wqueue_urgent(struct bgp_wqueue *q, const uint8_t *data, size_t len)
{
	if (q->urgent_off == q->urgent.len) {
		buf_reset(&q->urgent);
		q->urgent_off = 0;
	}
	buf_put(&q->urgent, data, len);
}

/* Move e forward by n written bytes, keeping track of where its messages end. */
static void entry_advance(struct wq_entry *e, size_t n)
{
	const uint8_t *d = e->chunk->data;
	while (n > 0) {
		if (e->msg_left == 0)
			e->msg_left = be16_load(d + e->off + BGP_MARKER_LEN);
		size_t step = n < e->msg_left ? n : e->msg_left;
		e->off += step;
		e->msg_left -= step;
		n -= step;
	}
}

static long flush_urgent(struct bgp_wqueue *q, int fd)
{
	ssize_t n = write(fd, q->urgent.data + q->urgent_off, q->urgent.len - q->urgent_off);
	if (n < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
	q->urgent_off += (size_t)n;
	if (q->urgent_off == q->urgent.len) {
		buf_reset(&q->urgent);
		q->urgent_off = 0;
	}
	return n;
}

static long flush_bulk(struct bgp_wqueue *q, int fd)
{
	struct iovec iov[WQ_IOV];
	int niov = 0;
	size_t total = 0;
	bool urgent = bgp_wqueue_urgent_pending(q);
	for (size_t i = 0; i < q->count && niov < WQ_IOV && total < WQ_WRITE_MAX; i++) {
		struct wq_entry *e = entry(q, i);
		size_t len = e->chunk->len - e->off;
		if (urgent) {
			/* only the end of the message under way, then the urgent lane */
			len = e->msg_left;
			if (len == 0)
				break;
		}
		iov[niov].iov_base = e->chunk->data + e->off;
		iov[niov].iov_len = len;
		niov++;
		total += len;
		if (urgent)
			break;
	}
	if (niov == 0)
		return 0;
	ssize_t n = writev(fd, iov, niov);
	if (n < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
	size_t left = (size_t)n;
	q->bulk_bytes -= left;
	while (left > 0) {
		struct wq_entry *e = entry(q, 0);
		size_t in_head = e->chunk->len - e->off;
		size_t step = left < in_head ? left : in_head;
		entry_advance(e, step);
		left -= step;
		if (e->off == e->chunk->len)
			pop_head(q);
	}
	return n;
}

long bgp_wqueue_flush(struct bgp_wqueue *q, int fd)
{
	long total = 0;
	for (;;) {
		long n;
		bool mid_bulk = q->count && entry(q, 0)->msg_left > 0;
		if (bgp_wqueue_urgent_pending(q) && !mid_bulk)
			n = flush_urgent(q, fd);
		else if (q->count)
			n = flush_bulk(q, fd);
		else
			break;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		total += n;
		q->written += (uint64_t)n;
		if (total >= (long)WQ_WRITE_MAX)
			break; /* let other sessions have their turn */
	}
	return total;
}

void bgp_wqueue_drop_bulk(struct bgp_wqueue *q)
{
	size_t keep = 0;
	if (q->count && entry(q, 0)->msg_left > 0)
		keep = 1;
	while (q->count > keep) {
		/* pop from the tail */
		struct wq_entry *e = entry(q, q->count - 1);
		q->bulk_bytes -= e->chunk->len - e->off;
		bgp_chunk_unref(e->chunk);
		e->chunk = NULL;
		q->count--;
	}
	if (keep) {
		/* keep only the rest of the message under way */
		struct wq_entry *e = entry(q, 0);
		size_t rest = e->chunk->len - e->off;
		q->bulk_bytes -= rest - e->msg_left;
		struct bgp_chunk *tail = bgp_chunk_copy(e->chunk->data + e->off, e->msg_left);
		bgp_chunk_unref(e->chunk);
		e->chunk = tail;
		e->off = 0;
		/* the copy starts mid-message: its remaining bytes are raw, with no header to read */
		e->msg_left = tail->len;
	}
}
