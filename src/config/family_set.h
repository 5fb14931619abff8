/* family_set.h — the address families a neighbour negotiates, as a small set.
 *
 * Owns: the families the configuration language names (ExaBGP's `family { }` block,
 * `add-path { }`, `nexthop { }`), in the order ExaBGP negotiates them — sorted by AFI then
 * SAFI number — and a set of them as a bit mask over that order, so sets compare, merge and
 * print canonically. Includes the families the codec does not handle yet (flow, VPN,
 * BGP-LS, ...): a configuration keeps them and start-up reports them (family_supported).
 * Must not know: neighbours, sessions, routes.
 */
#ifndef CONFIG_FAMILY_SET_H
#define CONFIG_FAMILY_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define CONFIG_FAMILY_COUNT 23

struct family_set {
	uint32_t bits; /* bit i: config_family_table[i] */
};

struct config_family {
	uint16_t afi;
	uint8_t safi;
	const char *afi_name;   /* "ipv4", "bgp-ls", ... as the configuration writes them */
	const char *safi_name;  /* "unicast", "flow-vpn", ... */
	bool in_default;        /* negotiated when a neighbour has no family block */
};

extern const struct config_family config_family_table[CONFIG_FAMILY_COUNT];

/* Index of (afi, safi) in config_family_table, or -1. */
int config_family_index(uint16_t afi, uint8_t safi);

/* Index of an AFI name and a SAFI name (ExaBGP's spellings, any case, "labeled-unicast" for
 * nlri-mpls), or -1. */
int config_family_lookup(const char *afi, size_t afi_len, const char *safi, size_t safi_len);

/* "ipv4 unicast ipv6 unicast" (pairs separated by spaces, tabs or commas) or "all" into *out.
 * Returns 0, or -1 with why (when not NULL) naming the word at fault. */
int family_parse(const char *text, struct family_set *out, char *why, size_t why_len);

/* Every family ExaBGP knows (`family { all; }`), and the ones a neighbour without a family
 * block negotiates (all but ipv4 rtc, as ExaBGP 6). */
struct family_set family_all(void);
struct family_set family_default(void);

static inline bool family_set_empty(struct family_set s) { return s.bits == 0; }
static inline bool family_set_has_index(struct family_set s, int i)
{
	return i >= 0 && (s.bits >> i) & 1;
}
bool family_set_has(struct family_set s, uint16_t afi, uint8_t safi);
/* 0, or -1 when the family is not one of config_family_table. */
int family_set_add(struct family_set *s, uint16_t afi, uint8_t safi);
static inline size_t family_set_count(struct family_set s) { return (size_t)__builtin_popcount(s.bits); }

/* The wire layer's family_bit() mask of the families in s (those wire knows). */
uint64_t family_set_wire_bits(struct family_set s);

/* "ipv4 unicast ipv6 unicast" (space separated, table order) appended to out. */
void family_set_format(struct buf *out, struct family_set s);

#endif
