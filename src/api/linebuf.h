/* linebuf.h — commands arriving on a byte stream (a helper's stdout, a socket), cut into
 * lines of bounded length.
 *
 * Owns: the bytes read but not yet consumed as lines, and the length limit: a line longer
 * than max octets is reported once (so the client can be told) and skipped to its end,
 * never buffered whole, so a client that never sends '\n' costs at most max + one read.
 * A '\r' before the '\n' is dropped (a client on a terminal or a Windows script).
 * Must not know: what lines mean.
 */
#ifndef API_LINEBUF_H
#define API_LINEBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/buf.h"

struct api_linebuf {
	struct buf buf;
	size_t pos;        /* the next line starts here */
	size_t scanned;    /* buf[pos..scanned) has no '\n' */
	size_t max;
	bool skipping;     /* inside a line already reported too long */
};

void api_linebuf_init(struct api_linebuf *lb, size_t max);
void api_linebuf_fini(struct api_linebuf *lb);

#define API_LINEBUF_CHUNK 65536

/* Read what fd has now (one read of up to API_LINEBUF_CHUNK octets). Returns the octets read, 0 at end of
 * file, -1 with errno (EAGAIN: nothing yet). */
ssize_t api_linebuf_read(struct api_linebuf *lb, int fd);
/* Add bytes already read (tests, the fuzzer). */
void api_linebuf_feed(struct api_linebuf *lb, const void *data, size_t len);

enum {
	API_LINE_NONE = 0,   /* no complete line yet */
	API_LINE_OK = 1,     /* *line, *len: one line without its end, valid until the next read */
	API_LINE_LONG = 2,   /* a line longer than max was found: it is dropped (to its end) */
};
int api_linebuf_next(struct api_linebuf *lb, const char **line, size_t *len);

/* Octets buffered and not yet returned as lines. */
static inline size_t api_linebuf_pending(const struct api_linebuf *lb) { return lb->buf.len - lb->pos; }

#endif
