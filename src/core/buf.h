/* buf.h — a growable byte buffer for everything we write: wire messages, JSON, text.
 *
 * Owns: its data array (freed by buf_free). Growth cannot fail (xalloc policy).
 * Writers append; buf_reserve_at lets a writer leave room for a length it patches later.
 * Must not know: anything about BGP.
 */
#ifndef CORE_BUF_H
#define CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_grow(struct buf *b, size_t need);
/* Detach the data (NUL-terminated, caller frees) and leave b empty. */
char *buf_steal(struct buf *b);

static inline void buf_reset(struct buf *b) { b->len = 0; }

static inline void buf_reserve(struct buf *b, size_t extra)
{
	if (b->cap - b->len < extra)
		buf_grow(b, extra);
}

static inline void buf_put_u8(struct buf *b, uint8_t v)
{
	buf_reserve(b, 1);
	b->data[b->len++] = v;
}

static inline void buf_put_u16(struct buf *b, uint16_t v)
{
	buf_reserve(b, 2);
	b->data[b->len++] = (uint8_t)(v >> 8);
	b->data[b->len++] = (uint8_t)v;
}

static inline void buf_put_u32(struct buf *b, uint32_t v)
{
	buf_reserve(b, 4);
	b->data[b->len++] = (uint8_t)(v >> 24);
	b->data[b->len++] = (uint8_t)(v >> 16);
	b->data[b->len++] = (uint8_t)(v >> 8);
	b->data[b->len++] = (uint8_t)v;
}

static inline void buf_put_u64(struct buf *b, uint64_t v)
{
	buf_put_u32(b, (uint32_t)(v >> 32));
	buf_put_u32(b, (uint32_t)v);
}

static inline void buf_put(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void buf_puts(struct buf *b, const char *s) { buf_put(b, s, strlen(s)); }
static inline void buf_putc(struct buf *b, char c) { buf_put_u8(b, (uint8_t)c); }

/* Reserve n bytes at the end and return their offset, to be patched later. */
static inline size_t buf_reserve_at(struct buf *b, size_t n)
{
	size_t at = b->len;
	buf_reserve(b, n);
	memset(b->data + at, 0, n);
	b->len += n;
	return at;
}

static inline void buf_patch_u16(struct buf *b, size_t at, uint16_t v)
{
	b->data[at] = (uint8_t)(v >> 8);
	b->data[at + 1] = (uint8_t)v;
}

void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_put_uint(struct buf *b, uint64_t v);
void buf_put_int(struct buf *b, int64_t v);

/* A NUL after the data (not counted in len), so text buffers can be used as C strings. */
const char *buf_cstr(struct buf *b);

#endif
