/* chunk.h — whole BGP messages, packed once, queued to any number of sessions.
 *
 * Owns: a reference-counted byte run holding one or more complete messages back to back.
 * The route store packs an UPDATE run once for every neighbour whose OpenContext (and
 * resolved next hop) is equal and queues the same chunk to each of them; the last session
 * to write it frees it.
 * Must not know: sockets, sessions.
 */
#ifndef BGP_CHUNK_H
#define BGP_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct bgp_chunk {
	uint32_t refs;
	size_t len;
	uint8_t *data;
};

/* A chunk holding a copy of data (one reference, the caller's). */
struct bgp_chunk *bgp_chunk_copy(const uint8_t *data, size_t len);
/* A chunk taking b's bytes without copying; b is left empty. */
struct bgp_chunk *bgp_chunk_adopt(struct buf *b);
struct bgp_chunk *bgp_chunk_ref(struct bgp_chunk *c);
void bgp_chunk_unref(struct bgp_chunk *c);

/* Whether data is a run of whole messages: every length field at least 19, at most max_size,
 * and they add up to len exactly. A session refuses anything else, so a producer's bug can
 * not desynchronise the peer's framing. */
bool bgp_messages_whole(const uint8_t *data, size_t len, uint32_t max_size);

#endif
