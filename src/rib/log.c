/* log.c — see log.h. */
#include "rib/log.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void log_init(struct rib_log *l)
{
	memset(l, 0, sizeof(*l));
}

void log_fini(struct rib_log *l, struct peersets *ps)
{
	log_trim(l, l->end, ps);
	for (size_t i = l->head; i < l->nblocks; i++)
		free(l->blocks[i]);
	free(l->blocks);
	memset(l, 0, sizeof(*l));
}

static uint32_t *slot_at(const struct rib_log *l, uint64_t pos)
{
	uint64_t off = pos - l->base;
	return &l->blocks[l->head + off / LOG_BLOCK][off % LOG_BLOCK];
}

static void put(struct rib_log *l, uint32_t v)
{
	uint64_t off = l->end - l->base;
	if (l->head + off / LOG_BLOCK == l->nblocks) {
		if (l->nblocks == l->cap) {
			/* slide the live block pointers down before growing the array */
			if (l->head) {
				memmove(l->blocks, l->blocks + l->head, (l->nblocks - l->head) * sizeof(*l->blocks));
				l->nblocks -= l->head;
				l->head = 0;
			}
			if (l->nblocks == l->cap) {
				l->cap = l->cap ? l->cap * 2 : 16;
				l->blocks = xrealloc(l->blocks, l->cap * sizeof(*l->blocks));
			}
		}
		l->blocks[l->nblocks++] = xmalloc(LOG_BLOCK * sizeof(uint32_t));
	}
	*slot_at(l, l->end) = v;
	l->end++;
}

void log_append(struct rib_log *l, uint32_t id, uint32_t force)
{
	if (force) {
		put(l, id | LOG_FORCE);
		put(l, force);
	} else {
		put(l, id);
	}
}

uint32_t log_read(const struct rib_log *l, uint64_t pos, uint32_t *force, uint64_t *next)
{
	uint32_t v = *slot_at(l, pos);
	if (v & LOG_FORCE) {
		*force = *slot_at(l, pos + 1);
		*next = pos + 2;
		return v & ~LOG_FORCE;
	}
	*force = 0;
	*next = pos + 1;
	return v;
}

void log_trim(struct rib_log *l, uint64_t upto, struct peersets *ps)
{
	while (l->start < upto) {
		uint32_t force;
		uint64_t next;
		log_read(l, l->start, &force, &next);
		peerset_unref(ps, force);
		l->start = next;
	}
	/* Whole blocks behind start go back; the block start is in stays, so an empty log
	 * keeps one block (16 KiB) and a steady trickle of changes does not malloc. */
	while (l->head < l->nblocks && l->start - l->base >= LOG_BLOCK) {
		free(l->blocks[l->head++]);
		l->base += LOG_BLOCK;
	}
}
