/* reader.c — see reader.h. */
#include "bgp/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "wire/message.h"

#define READER_INITIAL 16384

void bgp_reader_init(struct bgp_reader *r, uint32_t max_size)
{
	memset(r, 0, sizeof(*r));
	r->max_size = max_size;
}

void bgp_reader_fini(struct bgp_reader *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

long bgp_reader_fill(struct bgp_reader *r, int fd)
{
	/* room for at least one largest message after the unread bytes, and some more */
	size_t want = 2 * (size_t)r->max_size;
	if (want < READER_INITIAL)
		want = READER_INITIAL;
	if (r->start > 0 && (r->start == r->end || r->cap - r->end < r->max_size)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap < want) {
		r->buf = xrealloc(r->buf, want);
		r->cap = want;
	}
	ssize_t n;
	do
		n = read(fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		r->end += (size_t)n;
	return n;
}

int bgp_reader_next(struct bgp_reader *r, const uint8_t **msg, size_t *len, uint8_t *type,
		    struct wire_error *err)
{
	size_t avail = r->end - r->start;
	if (avail < BGP_HEADER_LEN)
		return 0;
	const uint8_t *p = r->buf + r->start;
	uint16_t length;
	wire_error_clear(err);
	if (message_header_check(p, avail, r->max_size, type, &length, err) < 0) {
		*msg = p;
		*len = avail;
		return -1;
	}
	if (avail < length)
		return 0;
	*msg = p;
	*len = length;
	r->start += length;
	return 1;
}
