/* family.c — see family.h. */
#include "wire/family.h"

#include <stdio.h>
#include <string.h>

const struct family family_table[FAMILY_COUNT] = {
	{AFI_IPV4, SAFI_UNICAST},   {AFI_IPV4, SAFI_MULTICAST}, {AFI_IPV4, SAFI_NLRI_MPLS},
	{AFI_IPV4, SAFI_MPLS_VPN},  {AFI_IPV4, SAFI_MCAST_VPN}, {AFI_IPV4, SAFI_FLOW},
	{AFI_IPV4, SAFI_FLOW_VPN},  {AFI_IPV4, SAFI_MUP},       {AFI_IPV4, SAFI_RTC},
	{AFI_IPV4, SAFI_SR_POLICY}, {AFI_IPV6, SAFI_UNICAST},   {AFI_IPV6, SAFI_MULTICAST},
	{AFI_IPV6, SAFI_NLRI_MPLS}, {AFI_IPV6, SAFI_MPLS_VPN},  {AFI_IPV6, SAFI_MCAST_VPN},
	{AFI_IPV6, SAFI_FLOW},      {AFI_IPV6, SAFI_FLOW_VPN},  {AFI_IPV6, SAFI_MUP},
	{AFI_IPV6, SAFI_SR_POLICY}, {AFI_L2VPN, SAFI_VPLS},     {AFI_L2VPN, SAFI_EVPN},
	{AFI_BGPLS, SAFI_BGPLS},
};

int family_index(uint16_t afi, uint8_t safi)
{
	for (int i = 0; i < FAMILY_COUNT; i++)
		if (family_table[i].afi == afi && family_table[i].safi == safi)
			return i;
	return -1;
}

bool family_supported(uint16_t afi, uint8_t safi)
{
	return ((afi == AFI_IPV4 || afi == AFI_IPV6) && (safi == SAFI_UNICAST || safi == SAFI_MULTICAST ||
							 safi == SAFI_NLRI_MPLS || safi == SAFI_MPLS_VPN ||
							 safi == SAFI_MCAST_VPN || safi == SAFI_MUP || safi == SAFI_FLOW ||
							 safi == SAFI_FLOW_VPN || safi == SAFI_SR_POLICY)) ||
	       (afi == AFI_L2VPN && (safi == SAFI_VPLS || safi == SAFI_EVPN)) || (afi == AFI_BGPLS && safi == SAFI_BGPLS);
}

static const struct {
	uint16_t value;
	const char *name;
} afi_names[] = {
	{AFI_IPV4, "ipv4"}, {AFI_IPV6, "ipv6"}, {AFI_L2VPN, "l2vpn"}, {AFI_BGPLS, "bgp-ls"},
};

static const struct {
	uint8_t value;
	const char *name;
} safi_names[] = {
	{SAFI_UNICAST, "unicast"},   {SAFI_MULTICAST, "multicast"}, {SAFI_NLRI_MPLS, "nlri-mpls"},
	{SAFI_MCAST_VPN, "mcast-vpn"}, {SAFI_VPLS, "vpls"},         {SAFI_EVPN, "evpn"},
	{SAFI_BGPLS, "bgp-ls"},      {SAFI_BGPLS_VPN, "bgp-ls-vpn"}, {SAFI_SR_POLICY, "sr-policy"},
	{SAFI_MUP, "mup"},           {SAFI_MPLS_VPN, "mpls-vpn"},   {SAFI_RTC, "rtc"},
	{SAFI_FLOW, "flow"},         {SAFI_FLOW_VPN, "flow-vpn"},
};

const char *afi_name(uint16_t afi)
{
	for (size_t i = 0; i < sizeof(afi_names) / sizeof(afi_names[0]); i++)
		if (afi_names[i].value == afi)
			return afi_names[i].name;
	return NULL;
}

const char *safi_name(uint8_t safi)
{
	for (size_t i = 0; i < sizeof(safi_names) / sizeof(safi_names[0]); i++)
		if (safi_names[i].value == safi)
			return safi_names[i].name;
	return NULL;
}

int afi_parse(const char *s, size_t len, uint16_t *afi)
{
	for (size_t i = 0; i < sizeof(afi_names) / sizeof(afi_names[0]); i++)
		if (strlen(afi_names[i].name) == len && memcmp(afi_names[i].name, s, len) == 0) {
			*afi = afi_names[i].value;
			return 0;
		}
	return -1;
}

int safi_parse(const char *s, size_t len, uint8_t *safi)
{
	for (size_t i = 0; i < sizeof(safi_names) / sizeof(safi_names[0]); i++)
		if (strlen(safi_names[i].name) == len && memcmp(safi_names[i].name, s, len) == 0) {
			*safi = safi_names[i].value;
			return 0;
		}
	/* ExaBGP accepts these spellings too */
	if (len == 15 && memcmp(s, "labeled-unicast", 15) == 0) {
		*safi = SAFI_NLRI_MPLS;
		return 0;
	}
	return -1;
}

char *family_format_sep(uint16_t afi, uint16_t safi, char sep, char *out)
{
	const char *a = afi_name(afi), *s = safi <= 0xff ? safi_name((uint8_t)safi) : NULL;
	if (a && s) { /* the common case, without printf */
		size_t la = strlen(a), ls = strlen(s);
		memcpy(out, a, la);
		out[la] = sep;
		memcpy(out + la + 1, s, ls + 1);
		return out;
	}
	char abuf[24], sbuf[24];
	if (a == NULL) {
		snprintf(abuf, sizeof(abuf), "unknown-afi-0x%x", afi);
		a = abuf;
	}
	if (s == NULL) {
		snprintf(sbuf, sizeof(sbuf), "unknown safi %u", safi);
		s = sbuf;
	}
	snprintf(out, FAMILY_NAME_MAX, "%s%c%s", a, sep, s);
	return out;
}

char *family_format(uint16_t afi, uint8_t safi, char *out)
{
	return family_format_sep(afi, safi, ' ', out);
}
