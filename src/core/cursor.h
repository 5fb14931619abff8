/* cursor.h — the one bounds-checked reader every parser of untrusted bytes goes through.
 *
 * Owns: reading big-endian integers and byte runs from a view, failing (returning -1 and
 * leaving the cursor unmoved) when the view is too short. Sub-views let a parser hand a
 * length-delimited field to another parser without that parser being able to read past it.
 * `base` is the offset of data[0] within the enclosing message, so errors can name the
 * absolute offset of the field at fault.
 * Must not know: anything about BGP.
 *
 * Pattern (OpenBGPD ibuf): every getter checks; parsers never index raw pointers.
 */
#ifndef CORE_CURSOR_H
#define CORE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
	const uint8_t *data;
	size_t len;
	size_t pos;
	size_t base;
};

static inline struct cursor cursor_make(const uint8_t *data, size_t len, size_t base)
{
	struct cursor c = {data, len, 0, base};
	return c;
}

static inline size_t cursor_left(const struct cursor *c) { return c->len - c->pos; }
static inline bool cursor_empty(const struct cursor *c) { return c->pos >= c->len; }
/* Absolute offset (within the enclosing message) of the next byte to be read. */
static inline size_t cursor_offset(const struct cursor *c) { return c->base + c->pos; }
static inline const uint8_t *cursor_ptr(const struct cursor *c) { return c->data + c->pos; }

static inline int cursor_u8(struct cursor *c, uint8_t *out)
{
	if (cursor_left(c) < 1)
		return -1;
	*out = c->data[c->pos++];
	return 0;
}

static inline int cursor_u16(struct cursor *c, uint16_t *out)
{
	if (cursor_left(c) < 2)
		return -1;
	const uint8_t *p = c->data + c->pos;
	*out = (uint16_t)((p[0] << 8) | p[1]);
	c->pos += 2;
	return 0;
}

static inline int cursor_u24(struct cursor *c, uint32_t *out)
{
	if (cursor_left(c) < 3)
		return -1;
	const uint8_t *p = c->data + c->pos;
	*out = ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
	c->pos += 3;
	return 0;
}

static inline int cursor_u32(struct cursor *c, uint32_t *out)
{
	if (cursor_left(c) < 4)
		return -1;
	const uint8_t *p = c->data + c->pos;
	*out = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
	c->pos += 4;
	return 0;
}

static inline int cursor_u64(struct cursor *c, uint64_t *out)
{
	uint32_t hi, lo;
	if (cursor_left(c) < 8)
		return -1;
	cursor_u32(c, &hi);
	cursor_u32(c, &lo);
	*out = ((uint64_t)hi << 32) | lo;
	return 0;
}

static inline int cursor_bytes(struct cursor *c, void *out, size_t n)
{
	if (cursor_left(c) < n)
		return -1;
	if (n)
		memcpy(out, c->data + c->pos, n);
	c->pos += n;
	return 0;
}

/* Borrow n bytes in place: *out points into the cursor's data. */
static inline int cursor_view(struct cursor *c, size_t n, const uint8_t **out)
{
	if (cursor_left(c) < n)
		return -1;
	*out = c->data + c->pos;
	c->pos += n;
	return 0;
}

static inline int cursor_skip(struct cursor *c, size_t n)
{
	if (cursor_left(c) < n)
		return -1;
	c->pos += n;
	return 0;
}

/* Split off the next n bytes as a sub-cursor (its base carries the absolute offset). */
static inline int cursor_sub(struct cursor *c, size_t n, struct cursor *sub)
{
	if (cursor_left(c) < n)
		return -1;
	*sub = cursor_make(c->data + c->pos, n, c->base + c->pos);
	c->pos += n;
	return 0;
}

/* Big-endian loads and stores for code that has already checked its lengths. */
static inline uint16_t be16_load(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static inline uint32_t be32_load(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void be16_store(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void be32_store(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

#endif
