/* reader.h — framing of the byte stream from a peer into whole BGP messages.
 *
 * Owns: the per-connection read buffer (grown only as far as the largest message allowed,
 * 4096 octets or 65535 once extended messages are negotiated) and the header checks of
 * RFC 4271 6.1 on each message before anyone reads its body.
 * Must not know: what the messages mean, sessions, the event loop.
 */
#ifndef BGP_READER_H
#define BGP_READER_H

#include <stddef.h>
#include <stdint.h>

#include "wire/error.h"

struct bgp_reader {
	uint8_t *buf;
	size_t cap;
	size_t start;      /* first byte not yet handed out */
	size_t end;        /* one past the last byte read */
	uint32_t max_size; /* largest message accepted (message_header_check's max_size) */
};

void bgp_reader_init(struct bgp_reader *r, uint32_t max_size);
void bgp_reader_fini(struct bgp_reader *r);

/* One read() from fd into the buffer. Returns the bytes read, 0 at end of stream, or -1
 * (errno set; EAGAIN when nothing is there yet). */
long bgp_reader_fill(struct bgp_reader *r, int fd);

/* The next whole message, header included: 1 with *msg (valid until the next fill) and
 * *len set; 0 when more bytes are needed; -1 when the header is bad (err says which
 * NOTIFICATION, RFC 4271 6.1, and *msg / *len cover what was read of the message, for the
 * NOTIFICATION's data). After -1 the stream cannot be framed any further. */
int bgp_reader_next(struct bgp_reader *r, const uint8_t **msg, size_t *len, uint8_t *type,
		    struct wire_error *err);

/* Bytes read but not yet handed out. */
static inline size_t bgp_reader_pending(const struct bgp_reader *r) { return r->end - r->start; }

#endif
