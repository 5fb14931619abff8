/* ip.c — see ip.h. */
#include "wire/ip.h"

#include <arpa/inet.h>
#include <string.h>

#include "core/cursor.h"
#include "wire/family.h"

int ipv4_parse(const char *s, size_t len, uint8_t out[4])
{
	char tmp[INET_ADDRSTRLEN];
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	/* inet_pton accepts exactly four decimal parts, no octal, no shorthand */
	return inet_pton(AF_INET, tmp, out) == 1 ? 0 : -1;
}

int ip_parse(const char *s, size_t len, uint16_t *afi, uint8_t out[16])
{
	char tmp[INET6_ADDRSTRLEN + 1];
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (memchr(tmp, ':', len)) {
		if (inet_pton(AF_INET6, tmp, out) != 1)
			return -1;
		*afi = AFI_IPV6;
		return 0;
	}
	if (inet_pton(AF_INET, tmp, out) != 1)
		return -1;
	*afi = AFI_IPV4;
	return 0;
}

/* Dotted quad without inet_ntop: JSON output prints one or more per route. */
static char *ipv4_format(const uint8_t *addr, char *out)
{
	char *p = out;
	for (int i = 0; i < 4; i++) {
		unsigned v = addr[i];
		if (v >= 100) {
			*p++ = (char)('0' + v / 100);
			*p++ = (char)('0' + v / 10 % 10);
		} else if (v >= 10) {
			*p++ = (char)('0' + v / 10);
		}
		*p++ = (char)('0' + v % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
	return out;
}

char *ip_format(uint16_t afi, const uint8_t *addr, char out[IP_STR_MAX])
{
	if (afi != AFI_IPV6)
		return ipv4_format(addr, out);
	if (inet_ntop(afi == AFI_IPV6 ? AF_INET6 : AF_INET, addr, out, IP_STR_MAX) == NULL)
		out[0] = '\0';
	return out;
}

char *ipv4_format_u32(uint32_t addr, char out[IP_STR_MAX])
{
	uint8_t b[4];
	be32_store(b, addr);
	return ip_format(AFI_IPV4, b, out);
}
