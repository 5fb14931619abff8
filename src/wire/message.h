/* message.h — BGP message framing (RFC 4271 4.1) shared by every message type.
 *
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           Marker (16)                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Length               |      Type     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Owns: the header layout, message type numbers and names, the per-type minimum lengths and
 * the header checks of RFC 4271 6.1 (marker, length within 19..msg_size and the type's
 * minimum, known type), and writing a header in front of a body.
 * Must not know: the bodies.
 */
#ifndef WIRE_MESSAGE_H
#define WIRE_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/error.h"

#define BGP_HEADER_LEN 19
#define BGP_MARKER_LEN 16

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
};

/* Message Header Error subcodes (RFC 4271 6.1) */
enum bgp_header_subcode {
	BGP_HDR_NOT_SYNCHRONIZED = 1,
	BGP_HDR_BAD_LENGTH = 2,
	BGP_HDR_BAD_TYPE = 3,
};

const char *bgp_msg_type_name(uint8_t type);

/* Check the header at data (at least BGP_HEADER_LEN bytes available). On success sets
 * *type and *length (whole message) and returns 0; otherwise fills err (session reset,
 * with the NOTIFICATION data RFC 4271 6.1 asks for) and returns -1. max_size is 4096, or
 * 65535 once the extended message capability is negotiated (RFC 8654). */
int message_header_check(const uint8_t *data, size_t avail, uint32_t max_size, uint8_t *type,
			 uint16_t *length, struct wire_error *err);

/* Start a message in out: marker, a length placeholder, type. Returns the message's start
 * offset, to pass to message_finish once the body is written. */
size_t message_begin(struct buf *out, uint8_t type);
/* Patch the length of the message started at start. */
void message_finish(struct buf *out, size_t start);

#endif
