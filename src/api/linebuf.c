/* linebuf.c — see linebuf.h. */
#include "api/linebuf.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>


void api_linebuf_init(struct api_linebuf *lb, size_t max)
{
	memset(lb, 0, sizeof(*lb));
	buf_init(&lb->buf);
	lb->max = max;
}

void api_linebuf_fini(struct api_linebuf *lb)
{
	buf_free(&lb->buf);
}

/* Drop the consumed bytes: line pointers handed out before become invalid. */
static void compact(struct api_linebuf *lb)
{
	if (lb->pos == 0)
		return;
	size_t rest = lb->buf.len - lb->pos;
	if (rest)
		memmove(lb->buf.data, lb->buf.data + lb->pos, rest);
	lb->buf.len = rest;
	lb->scanned -= lb->pos;
	lb->pos = 0;
}

ssize_t api_linebuf_read(struct api_linebuf *lb, int fd)
{
	compact(lb);
	buf_reserve(&lb->buf, API_LINEBUF_CHUNK);
	for (;;) {
		ssize_t n = read(fd, lb->buf.data + lb->buf.len, API_LINEBUF_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0)
			lb->buf.len += (size_t)n;
		return n;
	}
}

void api_linebuf_feed(struct api_linebuf *lb, const void *data, size_t len)
{
	compact(lb);
	buf_put(&lb->buf, data, len);
}

int api_linebuf_next(struct api_linebuf *lb, const char **line, size_t *len)
{
	const char *base = (const char *)lb->buf.data;

	for (;;) {
		size_t from = lb->pos > lb->scanned ? lb->pos : lb->scanned;
		const char *nl = from < lb->buf.len ? memchr(base + from, '\n', lb->buf.len - from) : NULL;
		if (lb->skipping) {
			if (nl == NULL) {
				lb->pos = lb->scanned = lb->buf.len;
				return API_LINE_NONE;
			}
			lb->pos = lb->scanned = (size_t)(nl - base) + 1;
			lb->skipping = false;
			continue;
		}
		if (nl == NULL) {
			lb->scanned = lb->buf.len;
			if (lb->buf.len - lb->pos > lb->max) {
				/* no end in sight: report it now, drop what we have, skip to its end */
				lb->skipping = true;
				lb->pos = lb->scanned = lb->buf.len;
				return API_LINE_LONG;
			}
			return API_LINE_NONE;
		}
		size_t start = lb->pos;
		size_t n = (size_t)(nl - base) - start;
		lb->pos = lb->scanned = start + n + 1;
		if (n > lb->max)
			return API_LINE_LONG;
		if (n && base[start + n - 1] == '\r')
			n--;
		*line = base + start;
		*len = n;
		return API_LINE_OK;
	}
}
