/* buf.c — see buf.h. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/xalloc.h"

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_grow(struct buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 64;
	while (cap - b->len < need + 1) /* +1 keeps room for buf_cstr's NUL */
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

char *buf_steal(struct buf *b)
{
	buf_cstr(b);
	char *s = (char *)b->data;
	buf_init(b);
	return s;
}

const char *buf_cstr(struct buf *b)
{
	buf_reserve(b, 1);
	b->data[b->len] = '\0';
	return (const char *)b->data;
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	size_t room = b->cap - b->len;
	int n = vsnprintf(room ? (char *)b->data + b->len : NULL, room, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		buf_reserve(b, (size_t)n + 1);
		vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Decimal printing without printf: JSON output of a million routes spends its time here. */
void buf_put_uint(struct buf *b, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_reserve(b, n);
	while (n)
		b->data[b->len++] = (uint8_t)tmp[--n];
}

void buf_put_int(struct buf *b, int64_t v)
{
	if (v < 0) {
		buf_putc(b, '-');
		buf_put_uint(b, (uint64_t)0 - (uint64_t)v);
	} else {
		buf_put_uint(b, (uint64_t)v);
	}
}
