/* arena.h — bump allocation for objects that die together.
 *
 * Owns: a chain of chunks. Everything allocated from an arena is freed at once by
 * arena_reset (keeps the first chunk for reuse) or arena_free. Used for per-message
 * scratch (a parsed UPDATE's variable-length parts) and for route collections.
 * Must not know: anything about BGP.
 */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t chunk_size;
	size_t bytes; /* total handed out since the last reset, for memory accounting */
};

void arena_init(struct arena *a, size_t chunk_size);
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

/* Memory aligned for any object; never NULL (xalloc policy). */
void *arena_alloc(struct arena *a, size_t size);
void *arena_dup(struct arena *a, const void *p, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
