/* timer_heap.c — see timer_heap.h. */
#include "core/timer_heap.h"

#include <stdlib.h>

#include "core/xalloc.h"

void timer_heap_init(struct timer_heap *h)
{
	h->v = NULL;
	h->len = 0;
	h->cap = 0;
	h->seq = 0;
}

void timer_heap_fini(struct timer_heap *h)
{
	for (size_t i = 0; i < h->len; i++)
		h->v[i]->index = TIMER_HEAP_NONE;
	free(h->v);
	timer_heap_init(h);
}

static bool node_before(const struct heap_node *a, const struct heap_node *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void place(struct timer_heap *h, size_t i, struct heap_node *n)
{
	h->v[i] = n;
	n->index = i;
}

static void sift_up(struct timer_heap *h, size_t i)
{
	struct heap_node *n = h->v[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!node_before(n, h->v[parent]))
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	place(h, i, n);
}

static void sift_down(struct timer_heap *h, size_t i)
{
	struct heap_node *n = h->v[i];
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= h->len)
			break;
		if (child + 1 < h->len && node_before(h->v[child + 1], h->v[child]))
			child++;
		if (!node_before(h->v[child], n))
			break;
		place(h, i, h->v[child]);
		i = child;
	}
	place(h, i, n);
}

void timer_heap_remove(struct timer_heap *h, struct heap_node *n)
{
	size_t i = n->index;
	if (i == TIMER_HEAP_NONE || i >= h->len || h->v[i] != n)
		return;
	n->index = TIMER_HEAP_NONE;
	struct heap_node *last = h->v[--h->len];
	if (i == h->len)
		return;
	place(h, i, last);
	/* the moved node may belong above or below its new position */
	if (i > 0 && node_before(last, h->v[(i - 1) / 2]))
		sift_up(h, i);
	else
		sift_down(h, i);
}

void timer_heap_add(struct timer_heap *h, struct heap_node *n, uint64_t when)
{
	timer_heap_remove(h, n);
	if (h->len == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
	}
	n->when = when;
	n->seq = h->seq++;
	place(h, h->len++, n);
	sift_up(h, n->index);
}
