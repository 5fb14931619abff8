/* keepalive.h — the KEEPALIVE message (RFC 4271 4.4): a header and nothing else.
 *
 * Owns: packing it, and refusing a KEEPALIVE with a body.
 * Must not know: timers (when to send one is the session's business).
 */
#ifndef WIRE_KEEPALIVE_H
#define WIRE_KEEPALIVE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/error.h"

/* Append a KEEPALIVE (19 octets). */
void keepalive_pack(struct buf *out);

/* Check a KEEPALIVE body (after the header, base its offset): it must be empty (RFC 4271
 * 6.1: a KEEPALIVE whose Length is not 19 is a Bad Message Length, Data the Length field).
 * message_header_check already refuses it; this is for callers that frame differently. */
int keepalive_parse(const uint8_t *body, size_t len, size_t base, struct wire_error *err);

#endif
