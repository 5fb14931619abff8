/* slab.h — fixed-size objects in pages, named by 32-bit ids.
 *
 * Owns: pages of one object size, a free list per page, a bitmap of the slots in use (so
 * the objects can be walked in id order and an id can be checked), and the memory of the
 * pages: a page that empties is given back (one spare kept per slab, so an add/remove at a
 * page boundary does not call malloc every time).
 * Must not know: what the objects are.
 *
 * An id is page << shift | slot: ids are dense and stable while the object lives, which is
 * what the route table, the change log and the walks need (4 bytes instead of a pointer).
 * Page memory comes from malloc; after a mass release, malloc_trim (rib_store_trim) hands
 * the freed pages back to the system.
 */
#ifndef RIB_SLAB_H
#define RIB_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SLAB_ID_BITS 27               /* ids below 2^27 (134 million objects per slab) */
#define SLAB_NONE UINT32_MAX

struct slab_page;

struct slab {
	uint32_t size;                /* object size in octets, a multiple of 4 */
	uint32_t shift;               /* log2 of the slots in a page */
	struct slab_page **pages;     /* by page number; NULL where a page was given back */
	uint32_t npages;              /* pages[] entries in use (the last one is not NULL) */
	uint32_t cap;
	uint32_t hint;                /* no page below this one has a free slot */
	struct slab_page *spare;      /* one emptied page kept for reuse */
	size_t live;                  /* objects allocated */
	size_t bytes;                 /* page memory held, spare included */
};

void slab_init(struct slab *s, uint32_t size);
void slab_fini(struct slab *s);

/* A new object (contents undefined) and its id. Never NULL (xalloc policy). */
void *slab_alloc(struct slab *s, uint32_t *id);
/* Give an allocated object back. */
void slab_free(struct slab *s, uint32_t id);

/* The object of an id known to be allocated. */
static inline void *slab_ptr(const struct slab *s, uint32_t id);
/* The object of any id, or NULL when no object has it. */
void *slab_get(const struct slab *s, uint32_t id);
/* The first allocated id >= from, or SLAB_NONE. */
uint32_t slab_next(const struct slab *s, uint32_t from);

/* Page layout, for slab_ptr's inline path. */
struct slab_page {
	uint32_t live;                /* slots in use */
	uint32_t free_head;           /* a freed slot, or SLAB_NONE; freed slots chain */
	uint32_t fresh;               /* slots never handed out start here */
	uint32_t pad;
	unsigned char *objects;       /* (1 << shift) * size octets */
	uint64_t used[];              /* bit per slot */
};

static inline void *slab_ptr(const struct slab *s, uint32_t id)
{
	const struct slab_page *p = s->pages[id >> s->shift];
	return p->objects + (size_t)(id & ((1u << s->shift) - 1)) * s->size;
}

#endif
