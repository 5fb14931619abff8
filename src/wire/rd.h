/* rd.h — the route distinguisher (RFC 4364 4.2): eight octets that make a VPN route unique.
 *
 * Owns: RD text as ExaBGP reads and prints it, and its eight wire octets. Shared by every
 * family that carries one (mpls-vpn, flow-vpn, mcast-vpn, mup, vpls).
 * Must not know: NLRI layouts (each family places the RD itself), JSON.
 *
 *   type (2) | administrator and assigned number (6)
 *   0: 2-octet AS : 4-octet number     "65000:1"
 *   1: IPv4 address : 2-octet number   "192.0.2.1:1"
 *   2: 4-octet AS : 2-octet number     "4200000000:1"
 * Any other type prints as "0x" and the eight octets in upper-case hex (ExaBGP's form).
 */
#ifndef WIRE_RD_H
#define WIRE_RD_H

#include <stddef.h>
#include <stdint.h>

#define RD_LEN 8
#define RD_STR_MAX 24

/* "ADMIN:NUMBER" into out. As ExaBGP: an address administrator gives type 1; a number
 * below 65536 gives type 0 (number up to 2^32-1), else type 2 (number up to 65535).
 * 0, or -1 with a reason in why (static text) when s is not an RD. */
int rd_parse(const char *s, size_t len, uint8_t out[RD_LEN], const char **why);

/* The text of eight octets; returns out. */
char *rd_format(const uint8_t rd[RD_LEN], char out[RD_STR_MAX]);

#endif
