/* hex.h — hexadecimal text to bytes and back.
 *
 * Owns: the leniency of our hex input (colons, spaces and tabs ignored, as `exabgp decode`
 * accepts) and the case of our hex output.
 * Must not know: anything about BGP.
 */
#ifndef CORE_HEX_H
#define CORE_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Decode hex text (separators ' ', ':', '\t' ignored; an optional leading "0x" allowed)
 * into out. Returns the byte count, or -1 on a non-hex character or an odd digit count
 * (then *bad_at, if given, is the index of the offending character). */
long hex_decode(const char *text, size_t len, struct buf *out, size_t *bad_at);

void hex_put(struct buf *out, const uint8_t *data, size_t len, bool upper);
int hex_digit_value(char c);

#endif
