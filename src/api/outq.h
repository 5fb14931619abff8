/* outq.h — what a client has to read: a byte queue drained into a non-blocking fd.
 *
 * Owns: the bytes not yet written, and the two classes of what is queued:
 *   answers — never dropped: the client asked for them, and whoever produces them (the
 *             client's own commands) is paused by the caller above a high-water mark;
 *   events  — dropped, and counted, once event_max octets wait unwritten: a helper that
 *             stops reading must cost bounded memory and never block the loop.
 * Must not know: what the bytes say, who reads them, the event loop (the owner watches
 * the fd and calls api_outq_write when it is writable).
 */
#ifndef API_OUTQ_H
#define API_OUTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct api_outq {
	struct buf data;
	size_t off;              /* data[off..len) is waiting */
	size_t event_max;        /* events are dropped while this many octets wait */
	uint64_t dropped;        /* events dropped since the last notice was queued */
	uint64_t dropped_total;
	uint64_t written;        /* octets written, ever */
	uint64_t events, answers;/* items queued, ever */
	bool overflow;           /* dropping started and no notice was queued since */
};

void api_outq_init(struct api_outq *q, size_t event_max);
void api_outq_fini(struct api_outq *q);

static inline size_t api_outq_waiting(const struct api_outq *q) { return q->data.len - q->off; }
/* The waiting bytes (for an in-memory client: what it was answered). */
static inline const char *api_outq_bytes(const struct api_outq *q)
{
	/* nothing queued yet: no buffer either (NULL + 0 is undefined in C) */
	return q->data.data ? (const char *)q->data.data + q->off : "";
}

/* Queue an answer (never dropped). */
void api_outq_answer(struct api_outq *q, const void *data, size_t len);
/* Queue an event; false (counted in dropped, overflow set) when event_max octets already wait. */
bool api_outq_event(struct api_outq *q, const void *data, size_t len);
/* Forget n waiting octets (an in-memory client consumed them). */
void api_outq_consume(struct api_outq *q, size_t n);

/* Write what fd takes without blocking. Returns 0 (everything written, or the fd is full:
 * watch it for writing while api_outq_waiting is not 0), or -1 on a write error with errno
 * set (EPIPE: the reader is gone). */
int api_outq_write(struct api_outq *q, int fd);

#endif
