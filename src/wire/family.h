/* family.h — address families (AFI/SAFI): numbers, ExaBGP's names, a compact index.
 *
 * Owns: the list of families attobgp knows by name, and which of them this build can
 * encode and decode (family_supported). A family's compact index (0..FAMILY_COUNT-1)
 * lets per-family state live in small arrays and 64-bit masks.
 * Must not know: sessions, routes.
 */
#ifndef WIRE_FAMILY_H
#define WIRE_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum afi {
	AFI_IPV4 = 1,
	AFI_IPV6 = 2,
	AFI_L2VPN = 25,
	AFI_BGPLS = 16388,
};

enum safi {
	SAFI_UNICAST = 1,
	SAFI_MULTICAST = 2,
	SAFI_NLRI_MPLS = 4,
	SAFI_MCAST_VPN = 5,
	SAFI_VPLS = 65,
	SAFI_EVPN = 70,
	SAFI_BGPLS = 71,
	SAFI_BGPLS_VPN = 72,
	SAFI_SR_POLICY = 73,
	SAFI_MUP = 85,
	SAFI_MPLS_VPN = 128,
	SAFI_RTC = 132,
	SAFI_FLOW = 133,
	SAFI_FLOW_VPN = 134,
};

struct family {
	uint16_t afi;
	uint8_t safi;
};

/* Every family with a name, in ExaBGP's order; index i is family_index()'s value. */
#define FAMILY_COUNT 22
extern const struct family family_table[FAMILY_COUNT];

/* Compact index of a known family, or -1. */
int family_index(uint16_t afi, uint8_t safi);
static inline uint64_t family_bit(uint16_t afi, uint8_t safi)
{
	int i = family_index(afi, safi);
	return i < 0 ? 0 : (uint64_t)1 << i;
}

/* Whether this build can encode and decode routes of the family (others are kept raw). */
bool family_supported(uint16_t afi, uint8_t safi);

/* ExaBGP's names: "ipv4", "unicast", ...; NULL when unknown. */
const char *afi_name(uint16_t afi);
const char *safi_name(uint8_t safi);
/* Parse a name (exact, lower-case as ExaBGP writes it). 0 on success, -1 unknown. */
int afi_parse(const char *s, size_t len, uint16_t *afi);
int safi_parse(const char *s, size_t len, uint8_t *safi);

/* "ipv4 unicast"; unknown numbers print as ExaBGP does ("unknown-afi-0x63", "unknown safi 99").
 * out must hold FAMILY_NAME_MAX bytes. Returns out. */
#define FAMILY_NAME_MAX 48
char *family_format(uint16_t afi, uint8_t safi, char *out);
/* The same with another separator ("ipv4/unicast" in OPEN JSON); safi may be any 16-bit
 * number read from a capability. */
char *family_format_sep(uint16_t afi, uint16_t safi, char sep, char *out);

/* Address length in bytes for AFI_IPV4 / AFI_IPV6, 0 otherwise. */
static inline unsigned afi_addr_len(uint16_t afi)
{
	return afi == AFI_IPV4 ? 4 : afi == AFI_IPV6 ? 16 : 0;
}

#endif
