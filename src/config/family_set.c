/* family_set.c — see family_set.h. */
#include "config/family_set.h"

#include <stdio.h>
#include <string.h>

#include "wire/family.h"

/* Sorted by AFI then SAFI: ExaBGP's Neighbor.add_family keeps its families in this order. */
const struct config_family config_family_table[CONFIG_FAMILY_COUNT] = {
	{AFI_IPV4, SAFI_UNICAST, "ipv4", "unicast", true},
	{AFI_IPV4, SAFI_MULTICAST, "ipv4", "multicast", true},
	{AFI_IPV4, SAFI_NLRI_MPLS, "ipv4", "nlri-mpls", true},
	{AFI_IPV4, SAFI_MCAST_VPN, "ipv4", "mcast-vpn", true},
	{AFI_IPV4, SAFI_SR_POLICY, "ipv4", "sr-policy", true},
	{AFI_IPV4, SAFI_MUP, "ipv4", "mup", true},
	{AFI_IPV4, SAFI_MPLS_VPN, "ipv4", "mpls-vpn", true},
	/* ExaBGP 6 negotiates route target constraint only when asked for (LISTED_ONLY) */
	{AFI_IPV4, SAFI_RTC, "ipv4", "rtc", false},
	{AFI_IPV4, SAFI_FLOW, "ipv4", "flow", true},
	{AFI_IPV4, SAFI_FLOW_VPN, "ipv4", "flow-vpn", true},
	{AFI_IPV6, SAFI_UNICAST, "ipv6", "unicast", true},
	{AFI_IPV6, SAFI_MULTICAST, "ipv6", "multicast", true},
	{AFI_IPV6, SAFI_NLRI_MPLS, "ipv6", "nlri-mpls", true},
	{AFI_IPV6, SAFI_MCAST_VPN, "ipv6", "mcast-vpn", true},
	{AFI_IPV6, SAFI_SR_POLICY, "ipv6", "sr-policy", true},
	{AFI_IPV6, SAFI_MUP, "ipv6", "mup", true},
	{AFI_IPV6, SAFI_MPLS_VPN, "ipv6", "mpls-vpn", true},
	{AFI_IPV6, SAFI_FLOW, "ipv6", "flow", true},
	{AFI_IPV6, SAFI_FLOW_VPN, "ipv6", "flow-vpn", true},
	{AFI_L2VPN, SAFI_VPLS, "l2vpn", "vpls", true},
	{AFI_L2VPN, SAFI_EVPN, "l2vpn", "evpn", true},
	{AFI_BGPLS, SAFI_BGPLS, "bgp-ls", "bgp-ls", true},
	{AFI_BGPLS, SAFI_BGPLS_VPN, "bgp-ls", "bgp-ls-vpn", true},
};

int config_family_index(uint16_t afi, uint8_t safi)
{
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++)
		if (config_family_table[i].afi == afi && config_family_table[i].safi == safi)
			return i;
	return -1;
}

static bool word_is(const char *s, size_t len, const char *lit)
{
	size_t i = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (lit[i] == '\0' || lit[i] != c)
			return false;
	}
	return lit[i] == '\0';
}

int config_family_lookup(const char *afi, size_t afi_len, const char *safi, size_t safi_len)
{
	if (word_is(safi, safi_len, "labeled-unicast")) {
		safi = "nlri-mpls";
		safi_len = 9;
	}
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++)
		if (word_is(afi, afi_len, config_family_table[i].afi_name) &&
		    word_is(safi, safi_len, config_family_table[i].safi_name))
			return i;
	return -1;
}

struct family_set family_all(void)
{
	struct family_set s = {(uint32_t)((1u << CONFIG_FAMILY_COUNT) - 1)};
	return s;
}

struct family_set family_default(void)
{
	struct family_set s = {0};
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++)
		if (config_family_table[i].in_default)
			s.bits |= 1u << i;
	return s;
}

bool family_set_has(struct family_set s, uint16_t afi, uint8_t safi)
{
	return family_set_has_index(s, config_family_index(afi, safi));
}

int family_set_add(struct family_set *s, uint16_t afi, uint8_t safi)
{
	int i = config_family_index(afi, safi);
	if (i < 0)
		return -1;
	s->bits |= 1u << i;
	return 0;
}

uint64_t family_set_wire_bits(struct family_set s)
{
	uint64_t bits = 0;
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++)
		if (family_set_has_index(s, i))
			bits |= family_bit(config_family_table[i].afi, config_family_table[i].safi);
	return bits;
}

void family_set_format(struct buf *out, struct family_set s)
{
	bool first = true;
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++) {
		if (!family_set_has_index(s, i))
			continue;
		if (!first)
			buf_putc(out, ' ');
		first = false;
		buf_puts(out, config_family_table[i].afi_name);
		buf_putc(out, ' ');
		buf_puts(out, config_family_table[i].safi_name);
	}
}

static bool separator(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r';
}

int family_parse(const char *text, struct family_set *out, char *why, size_t why_len)
{
	const char *p = text, *word[2] = {NULL, NULL};
	size_t len[2] = {0, 0};
	int n = 0;

	out->bits = 0;
	if (text == NULL)
		goto bad_empty;
	while (separator(*p))
		p++;
	size_t all_len = strcspn(p, " \t,\r\n");
	if (word_is(p, all_len, "all")) {
		const char *rest = p + all_len;
		while (separator(*rest))
			rest++;
		if (*rest == '\0') {
			*out = family_all();
			return 0;
		}
	}
	for (;;) {
		while (separator(*p))
			p++;
		if (*p == '\0')
			break;
		word[n] = p;
		len[n] = strcspn(p, " \t,\r\n");
		p += len[n];
		if (++n < 2)
			continue;
		n = 0;
		int i = config_family_lookup(word[0], len[0], word[1], len[1]);
		if (i < 0) {
			if (why)
				snprintf(why, why_len, "'%.*s %.*s' is not a family (AFI SAFI, e.g. ipv4 unicast)",
					 (int)(len[0] > 32 ? 32 : len[0]), word[0], (int)(len[1] > 32 ? 32 : len[1]),
					 word[1]);
			out->bits = 0;
			return -1;
		}
		out->bits |= 1u << i;
	}
	if (n == 1) {
		if (why)
			snprintf(why, why_len, "'%.*s' is not followed by a SAFI (AFI SAFI, e.g. ipv4 unicast)",
				 (int)(len[0] > 32 ? 32 : len[0]), word[0]);
		out->bits = 0;
		return -1;
	}
	if (out->bits)
		return 0;
bad_empty:
	if (why)
		snprintf(why, why_len, "no family given (AFI SAFI ..., or all)");
	return -1;
}
