/* wqueue.h — the write queue of one BGP connection: whole messages, non-blocking writes,
 * high and low water marks, and a lane for messages that must not wait.
 *
 * Owns: two lanes of whole messages and the writing of them to a non-blocking fd.
 *   - the bulk lane holds UPDATEs (and what must stay ordered with them: End-of-RIB, the
 *     BoRR/EoRR markers of RFC 7313) as chunks, possibly shared with other sessions;
 *   - the urgent lane holds KEEPALIVE, NOTIFICATION, OPEN and ROUTE-REFRESH requests. They
 *     overtake queued UPDATEs at the next message boundary — a message already begun is
 *     always finished first, so the peer's framing never breaks. RFC 4271 puts no order
 *     between a KEEPALIVE and UPDATEs, and a NOTIFICATION ends the session anyway; this is
 *     what keeps a hold timer alive behind megabytes of routes.
 * The bulk lane counts its unsent bytes against three marks: above `high` the producer must
 * stop (bgp_wqueue_writable is false), below `low` it is asked to resume, and nothing is
 * accepted beyond `max` (the hard bound on a slow peer's memory).
 * Must not know: what the messages say, sessions, the event loop.
 */
#ifndef BGP_WQUEUE_H
#define BGP_WQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/chunk.h"
#include "core/buf.h"

struct wq_entry {
	struct bgp_chunk *chunk;
	size_t off;       /* bytes of the chunk already written */
	size_t msg_left;  /* bytes left of the message being written; 0 at a boundary */
};

struct bgp_wqueue {
	struct buf urgent;
	size_t urgent_off;     /* bytes of `urgent` already written */
	struct wq_entry *v;    /* ring of bulk entries */
	size_t head, count, cap;
	size_t bulk_bytes;     /* unsent bytes in the bulk lane */
	size_t high, low, max;
	uint64_t written;      /* bytes written since init, for statistics and progress */
};

void bgp_wqueue_init(struct bgp_wqueue *q, size_t high, size_t low, size_t max);
void bgp_wqueue_fini(struct bgp_wqueue *q);

/* Queue a chunk of whole messages in the bulk lane (the queue takes its own reference).
 * -1, nothing queued, when it would take the lane past max. */
int bgp_wqueue_push(struct bgp_wqueue *q, struct bgp_chunk *c);
/* Queue whole messages in the urgent lane (copied). */
void bgp_wqueue_urgent(struct bgp_wqueue *q, const uint8_t *data, size_t len);

/* Write as much as the fd takes. Returns the bytes written (0 when it would block or there
 * was nothing to write), or -1 on a write error (errno set; EAGAIN is not an error). */
long bgp_wqueue_flush(struct bgp_wqueue *q, int fd);

/* Forget every bulk message not yet begun (a NOTIFICATION is about to end the session); a
 * message half-written is kept so it can be finished. */
void bgp_wqueue_drop_bulk(struct bgp_wqueue *q);

static inline size_t bgp_wqueue_bytes(const struct bgp_wqueue *q)
{
	return q->bulk_bytes + (q->urgent.len - q->urgent_off);
}
static inline bool bgp_wqueue_empty(const struct bgp_wqueue *q) { return bgp_wqueue_bytes(q) == 0; }
/* Whether a producer may queue more: the bulk lane is below its high mark. */
static inline bool bgp_wqueue_writable(const struct bgp_wqueue *q) { return q->bulk_bytes < q->high; }
/* Whether a paused producer should resume: the bulk lane drained below its low mark. */
static inline bool bgp_wqueue_drained(const struct bgp_wqueue *q) { return q->bulk_bytes <= q->low; }
/* Whether urgent messages are waiting (a KEEPALIVE behind a slow peer, a NOTIFICATION). */
static inline bool bgp_wqueue_urgent_pending(const struct bgp_wqueue *q) { return q->urgent.len > q->urgent_off; }

#endif
