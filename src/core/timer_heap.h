/* timer_heap.h — a binary min-heap of deadlines, for many timers with O(log n) add and cancel.
 *
 * Owns: the ordering of the nodes it holds (earliest deadline first; equal deadlines in the
 * order they were added, so timers armed for the same instant fire first-come first-served).
 * Nodes are embedded in their owner's structure and carry their own heap position, which is
 * what makes removal of an arbitrary node O(log n) without a search.
 * Must not know: clocks, callbacks, anything about what a timer does (event.c does).
 */
#ifndef CORE_TIMER_HEAP_H
#define CORE_TIMER_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMER_HEAP_NONE SIZE_MAX /* index of a node that is not in a heap */

struct heap_node {
	uint64_t when;  /* the deadline (any unit; the user's clock) */
	uint64_t seq;   /* insertion order, breaks ties between equal deadlines */
	size_t index;   /* position in the heap, TIMER_HEAP_NONE when not in one */
};

struct timer_heap {
	struct heap_node **v;
	size_t len, cap;
	uint64_t seq;   /* next insertion number */
};

void timer_heap_init(struct timer_heap *h);
/* Frees the array; the nodes belong to their owners and are only marked as out. */
void timer_heap_fini(struct timer_heap *h);

static inline void heap_node_init(struct heap_node *n)
{
	n->when = 0;
	n->seq = 0;
	n->index = TIMER_HEAP_NONE;
}

static inline bool heap_node_queued(const struct heap_node *n) { return n->index != TIMER_HEAP_NONE; }

/* Insert n with deadline when; a node already in the heap is moved to its new place. */
void timer_heap_add(struct timer_heap *h, struct heap_node *n, uint64_t when);
/* Take n out of the heap; harmless when it is not in it. */
void timer_heap_remove(struct timer_heap *h, struct heap_node *n);
/* The earliest node, or NULL when the heap is empty. */
static inline struct heap_node *timer_heap_peek(const struct timer_heap *h)
{
	return h->len ? h->v[0] : NULL;
}

#endif
