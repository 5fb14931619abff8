/* update_collection_core.c — the life cycle of an update_collection: init, fini, reset and
 * appending a route. Packing and parsing wire UPDATEs live in update_pack.c and update_parse.c.
 *
 * Owns: the route array's growth and the arena that the routes' bytes live in.
 * Must not know: wire formats, text syntax.
 */
#include "model/update_collection.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* Big enough that a typical UPDATE's attributes and a few hundred prefixes need one chunk. */
#define COLLECTION_ARENA_CHUNK 4096

void update_collection_init(struct update_collection *c)
{
	memset(c, 0, sizeof(*c));
	wire_error_clear(&c->error);
	arena_init(&c->arena, COLLECTION_ARENA_CHUNK);
}

void update_collection_fini(struct update_collection *c)
{
	arena_free(&c->arena);
	free(c->routes);
	memset(c, 0, sizeof(*c));
}

void update_collection_reset(struct update_collection *c)
{
	arena_reset(&c->arena);
	/* keep the route array: a reused collection (one per message) stops allocating */
	c->count = 0;
	c->eor = false;
	c->eor_afi = 0;
	c->eor_safi = 0;
	c->attrs = NULL;
	c->skipped = false;
	c->skipped_afi = 0;
	c->skipped_safi = 0;
	wire_error_clear(&c->error);
}

struct route *update_collection_add(struct update_collection *c)
{
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		c->routes = xrealloc(c->routes, cap * sizeof(*c->routes));
		c->cap = cap;
	}
	struct route *r = &c->routes[c->count++];
	memset(r, 0, sizeof(*r));
	return r;
}
