/* ip.h — IPv4 and IPv6 addresses as text, the way ExaBGP prints them.
 *
 * Owns: address parsing (strict dotted quad / RFC 4291 text) and printing (inet_ntop's
 * form: lower-case, "::" compression, "::ffff:1.2.3.4" for IPv4-mapped, as ExaBGP shows).
 * Must not know: routes, attributes.
 */
#ifndef WIRE_IP_H
#define WIRE_IP_H

#include <stddef.h>
#include <stdint.h>

#define IP_STR_MAX 48

/* Parse an address; sets *afi to AFI_IPV4 (4 bytes written) or AFI_IPV6 (16 bytes).
 * 0 on success, -1 when s is not an address. */
int ip_parse(const char *s, size_t len, uint16_t *afi, uint8_t out[16]);
int ipv4_parse(const char *s, size_t len, uint8_t out[4]);

/* Print 4 (AFI_IPV4) or 16 (AFI_IPV6) bytes; returns out. */
char *ip_format(uint16_t afi, const uint8_t *addr, char out[IP_STR_MAX]);
char *ipv4_format_u32(uint32_t addr, char out[IP_STR_MAX]);

#endif
