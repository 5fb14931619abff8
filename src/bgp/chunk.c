/* chunk.c — see chunk.h. */
#include "bgp/chunk.h"

#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/xalloc.h"
#include "wire/message.h"

struct bgp_chunk *bgp_chunk_copy(const uint8_t *data, size_t len)
{
	struct bgp_chunk *c = xmalloc(sizeof(*c));
	c->refs = 1;
	c->len = len;
	c->data = xmemdup(data, len);
	return c;
}

struct bgp_chunk *bgp_chunk_adopt(struct buf *b)
{
	struct bgp_chunk *c = xmalloc(sizeof(*c));
	c->refs = 1;
	c->len = b->len;
	c->data = b->data;
	buf_init(b);
	return c;
}

struct bgp_chunk *bgp_chunk_ref(struct bgp_chunk *c)
{
	c->refs++;
	return c;
}

void bgp_chunk_unref(struct bgp_chunk *c)
{
	if (c == NULL || --c->refs > 0)
		return;
	free(c->data);
	free(c);
}

bool bgp_messages_whole(const uint8_t *data, size_t len, uint32_t max_size)
{
	size_t off = 0;
	while (off < len) {
		if (len - off < BGP_HEADER_LEN)
			return false;
		uint16_t mlen = be16_load(data + off + BGP_MARKER_LEN);
		if (mlen < BGP_HEADER_LEN || mlen > max_size || mlen > len - off)
			return false;
		off += mlen;
	}
	return true;
}
