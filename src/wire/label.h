/* label.h — MPLS label stacks as BGP carries them in NLRI (RFC 8277 2, RFC 3032).
 *
 * Owns: the 3-octet label stack entry (20-bit label, 3 bits formerly EXP, bottom-of-stack
 * bit), reading a stack from a labelled NLRI and writing one back, and ExaBGP's text of a
 * label value. Shared by every family whose NLRI carries labels (nlri-mpls, mpls-vpn, and
 * later vpls / evpn / mup).
 * Must not know: RDs, prefixes, NLRI layouts around the stack, JSON.
 *
 *   one entry:  | label (20 bits) | TC (3) | S (1) |
 *   S = 1 on the last entry (bottom of stack). An entry is kept as its raw 24-bit value so
 *   that a received stack prints and re-packs exactly as it came (ExaBGP's raw_labels).
 *
 * RFC 8277 2.4 / RFC 3107 3: a withdrawal may carry the single entry 0x800000 in place of
 * the stack; when reading a withdrawal that entry ends the stack whatever its S bit.
 */
#ifndef WIRE_LABEL_H
#define WIRE_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cursor.h"

#define LABEL_ENTRY_LEN 3
#define LABEL_VALUE_MAX 0xFFFFFu       /* 2^20 - 1 */
#define LABEL_BOS 0x000001u            /* bottom-of-stack bit of a raw entry */
#define LABEL_WITHDRAW_RAW 0x800000u   /* RFC 8277 2.4 compatibility withdraw entry */
/* No NLRI length octet can cover more: 10 entries are 240 bits. */
#define LABEL_STACK_MAX 10

struct label_stack {
	uint8_t count;
	uint32_t raw[LABEL_STACK_MAX]; /* raw 24-bit entries, wire order */
};

static inline uint32_t label_value(uint32_t raw) { return raw >> 4; }

/* The stack of n label values as ExaBGP builds it: each value shifted past TC and S, S set on
 * the last. Returns 0, or -1 when n exceeds LABEL_STACK_MAX, a value exceeds LABEL_VALUE_MAX,
 * or 0 or 524288 (entries 0 and 0x800000, which end a stack when read) is not the last. */
int label_stack_from_values(struct label_stack *out, const uint32_t *values, size_t n);

/* Read a stack from c. *bits is the NLRI's length in bits still unread, and what the stack
 * takes is subtracted from it; `reserved` bits (an RD behind the stack) are never read as
 * labels. Entries are read while at least 24 bits are left beyond `reserved`, and the stack
 * ends at an entry with S set, at the all-zero entry, or, when `withdraw`, at 0x800000 (ExaBGP's
 * reading, RFC 8277 2.4). Returns 0, or -1 when the bytes run out or the stack exceeds
 * LABEL_STACK_MAX entries (the caller reports the NLRI as malformed). */
int label_stack_read(struct cursor *c, unsigned *bits, unsigned reserved, bool withdraw,
		     struct label_stack *out);

/* Append the stack's entries (3 octets each). */
void label_stack_put(struct buf *out, const struct label_stack *s);
static inline unsigned label_stack_bits(const struct label_stack *s) { return s->count * 24u; }

/* Whether two stacks carry the same label values (TC and S ignored, as ExaBGP compares). */
bool label_stack_same_values(const struct label_stack *a, const struct label_stack *b);

/* Parse a label value "100" (decimal, 0..LABEL_VALUE_MAX). 0 or -1. */
int label_value_parse(const char *s, size_t len, uint32_t *out);

#endif
