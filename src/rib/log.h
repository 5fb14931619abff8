/* log.h — the change log: the one queue of pending changes every neighbour drains.
 *
 * Owns: an append-only sequence of route ids in blocks, addressed by absolute 64-bit
 * positions; an entry may carry a "force" set (the neighbours that must be sent the route
 * again even though they have a version of it: it was replaced). Each neighbour whose
 * session is up keeps a cursor; entries behind every cursor are dropped block by block.
 * Must not know: what a neighbour does with an entry (drain.c), routes' layout.
 *
 * Why one log rather than a queue per neighbour: a change for ten neighbours is written
 * once (4 octets), not ten times, and a neighbour's queue is just its cursor. A route that
 * changes twice before a neighbour drains appears twice; the second visit finds the
 * neighbour already in step and sends nothing (drain.c decides from the route's state,
 * never from the entry). Entries name route ids, not routes: an id whose route is gone,
 * or reused by another route, is harmless for the same reason.
 */
#ifndef RIB_LOG_H
#define RIB_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "rib/peerset.h"

#define LOG_BLOCK 4096                 /* entries per block (16 KiB) */
#define LOG_FORCE 0x80000000u          /* entry flag: the next entry is a force set id */

struct rib_log {
	uint32_t **blocks;                 /* blocks[head .. nblocks) are live */
	size_t head;
	size_t nblocks;
	size_t cap;
	uint64_t base;                     /* position of blocks[head][0] */
	uint64_t start;                    /* first live entry (an entry boundary) */
	uint64_t end;                      /* next position to write */
};

void log_init(struct rib_log *l);
/* Frees the blocks and drops the references of the force sets still in them. */
void log_fini(struct rib_log *l, struct peersets *ps);

/* Append a change of route id; force (0: none) is a referenced peer set the log now owns. */
void log_append(struct rib_log *l, uint32_t id, uint32_t force);

/* Read the entry at pos (start <= pos < end): the route id, its force set (0 if none),
 * and the position of the next entry. */
uint32_t log_read(const struct rib_log *l, uint64_t pos, uint32_t *force, uint64_t *next);

/* Drop every entry before upto (an entry boundary, <= end), releasing force sets. */
void log_trim(struct rib_log *l, uint64_t upto, struct peersets *ps);

static inline size_t log_bytes(const struct rib_log *l)
{
	return (l->nblocks - l->head) * LOG_BLOCK * sizeof(uint32_t) + l->cap * sizeof(uint32_t *);
}

#endif
