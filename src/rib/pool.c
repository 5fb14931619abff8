/* pool.c — see pool.h. */
#include "rib/pool.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void pool_init(struct rib_pool *p)
{
	memset(p, 0, sizeof(*p));
	p->n = 1; /* id 0 means "none" */
	table_init(&p->table);
}

void pool_fini(struct rib_pool *p)
{
	free(p->objs);
	free(p->free_ids);
	table_fini(&p->table);
	memset(p, 0, sizeof(*p));
}

uint32_t pool_add(struct rib_pool *p, void *obj, size_t bytes)
{
	uint32_t id;
	if (p->nfree) {
		id = p->free_ids[--p->nfree];
	} else {
		if (p->n >= p->cap) {
			p->cap = p->cap ? p->cap * 2 : 64;
			p->objs = xrealloc(p->objs, (size_t)p->cap * sizeof(*p->objs));
			p->objs[0] = NULL;
		}
		id = p->n++;
	}
	p->objs[id] = obj;
	p->count++;
	p->bytes += bytes;
	return id;
}

void pool_del(struct rib_pool *p, uint32_t id, size_t bytes)
{
	p->objs[id] = NULL;
	if (p->nfree == p->free_cap) {
		p->free_cap = p->free_cap ? p->free_cap * 2 : 64;
		p->free_ids = xrealloc(p->free_ids, (size_t)p->free_cap * sizeof(*p->free_ids));
	}
	p->free_ids[p->nfree++] = id;
	p->count--;
	p->bytes -= bytes;
	/* all gone: forget the ids, so a store emptied and refilled starts from id 1 again */
	if (p->count == 0) {
		p->n = 1;
		p->nfree = 0;
	}
}
