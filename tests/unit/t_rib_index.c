/* t_rib_index.c — the route index (rib/index.h): the seed's documented examples, the rule
 * behind them for each family and with ADD-PATH, and reading an index back. */
#include <stdlib.h>

#include "model/route_text.h"
#include "rib/index.h"
#include "wire/family.h"
#include "tap.h"

static char hex[2 * RIB_INDEX_MAX + 1];

/* The index of the first route of a route text, as hex. */
static const char *index_of(const char *text)
{
	struct update_collection c;
	struct route_text_error err;
	uint8_t idx[RIB_INDEX_MAX];
	update_collection_init(&c);
	if (route_text_parse(&c, text, strlen(text), NULL, &err) < 0 || c.count == 0) {
		printf("# parse: %s\n", err.why);
		update_collection_fini(&c);
		return "(parse error)";
	}
	size_t len = rib_index_make(&c.routes[0].nlri, idx);
	rib_index_hex(idx, len, hex);
	update_collection_fini(&c);
	return hex;
}

/* Read an index and print the prefix it names ("10.0.0.0/24", "+7 10.0.0.0/24" with a
 * path id), or "(invalid)". */
static const char *read_back(const char *index)
{
	static char out[128];
	struct nlri n;
	uint8_t storage[RIB_NLRI_MAX + 1];
	char prefix[NLRI_PREFIX_STR_MAX];
	if (rib_index_parse(index, strlen(index), &n, storage) < 0)
		return "(invalid)";
	nlri_prefix_format(&n, prefix);
	if (n.has_path_id)
		snprintf(out, sizeof(out), "%u %u +%u %s", n.afi, n.safi, n.path_id, prefix);
	else
		snprintf(out, sizeof(out), "%u %u %s", n.afi, n.safi, prefix);
	return out;
}

static void test_seed_examples(void)
{
	/* seed, part 2 "Route Index Format": {"index": "0101180a000000", "route": "10.0.0.0/24 ..."} */
	is_str(index_of("route 10.0.0.0/24 next-hop 1.2.3.4"), "0101180a000000",
	       "seed example 1: 10.0.0.0/24 is 0101180a000000");
	is_str(read_back("0101180a000000"), "1 1 10.0.0.0/24", "seed example 1 reads back as 10.0.0.0/24");

	/* seed: {"index": "0101200a010000", "route": "10.1.0.0/24 ..."} — the hex says /32 (0x20);
	 * the rule fixed by example 1 gives 0101180a010000 for the /24 */
	is_str(read_back("0101200a010000"), "1 1 10.1.0.0/32", "seed example 2's hex names 10.1.0.0/32");
	is_str(index_of("route 10.1.0.0/32 next-hop 1.2.3.4"), "0101200a010000", "10.1.0.0/32 is 0101200a010000");
	is_str(index_of("route 10.1.0.0/24 next-hop 1.2.3.4"), "0101180a010000",
	       "10.1.0.0/24 (seed example 2's route) is 0101180a010000 under example 1's rule");
}

static void test_rule(void)
{
	is_str(index_of("route 0.0.0.0/0 next-hop 1.2.3.4"), "01010000000000", "default route: length 0, whole address");
	is_str(index_of("route 192.0.2.1/32 next-hop 1.2.3.4"), "010120c0000201", "a /32");
	is_str(index_of("route 10.0.0.0/23 next-hop 1.2.3.4"), "0101170a000000", "a /23");
	is_str(index_of("announce ipv4 multicast 224.1.0.0/16 next-hop 1.2.3.4"), "010210e0010000",
	       "IPv4 multicast: SAFI 02");
	is_str(index_of("route 2001:db8::/32 next-hop 2001:db8::1"), "02012020010db8000000000000000000000000",
	       "IPv6 unicast: 0201, length, the 16 octets");
	is_str(index_of("announce ipv6 multicast ff0e::/16 next-hop 2001:db8::1"),
	       "020210ff0e0000000000000000000000000000", "IPv6 multicast: 0202");
}

static void test_addpath(void)
{
	/* the path identifier follows the family, as ExaBGP 6 packs it before the prefix */
	is_str(index_of("route 10.0.0.0/24 next-hop 1.2.3.4 path-information 1"), "010100000001180a000000",
	       "add-path: path id 1 between family and prefix");
	is_str(index_of("route 10.0.0.0/24 next-hop 1.2.3.4 path-information 0.0.0.7"), "010100000007180a000000",
	       "path-information as a dotted quad");
	is_str(index_of("route 10.0.0.0/24 next-hop 1.2.3.4 path-information 0"), "010100000000180a000000",
	       "path id 0 is still a path id: not the index of the route without one");
	is_str(read_back("010100000007180a000000"), "1 1 +7 10.0.0.0/24", "reads back with its path id");
	is_str(read_back("020100000009" "20" "20010db8000000000000000000000000"), "2 1 +9 2001:db8::/32",
	       "IPv6 with a path id reads back");
}

static void test_parse_errors(void)
{
	is_str(read_back("0101180A000000"), "1 1 10.0.0.0/24", "upper-case hex is accepted");
	is_str(read_back("0101180a00000"), "(invalid)", "odd number of digits");
	is_str(read_back("0101180a0000"), "(invalid)", "the 3-octet wire prefix is not an index");
	is_str(read_back("0101180a000001"), "(invalid)", "bits past the length: not canonical");
	is_str(read_back("0101210a000000"), "(invalid)", "length 33 in IPv4");
	is_str(read_back("0909180a000000"), "(invalid)", "unknown family");
	is_str(read_back("01011g0a000000"), "(invalid)", "not hex");
	is_str(read_back(""), "(invalid)", "empty");
	/* ExaBGP 6's own form, for the record: ASCII family, "disabled", wire prefix */
	is_str(read_back("3031303164697361626c6564180a0000"), "(invalid)", "ExaBGP 6's malformed index is refused");
}

static void test_other_families(void)
{
	/* a family without a prefix codec: family + the NLRI as packed */
	uint8_t bytes[] = {0x01, 0x02, 0x03};
	struct nlri n = {AFI_L2VPN, SAFI_EVPN, false, sizeof(bytes), 0, bytes};
	uint8_t idx[RIB_INDEX_MAX];
	size_t len = rib_index_make(&n, idx);
	is_str(rib_index_hex(idx, len, hex), "1946010203", "l2vpn evpn: 19 46 then the packed NLRI");
	struct nlri back;
	uint8_t storage[RIB_NLRI_MAX + 1];
	ok(rib_index_parse("1946010203", 10, &back, storage) == 0 && back.afi == AFI_L2VPN && back.safi == SAFI_EVPN &&
		   back.len == 3 && memcmp(back.data, bytes, 3) == 0 && !back.has_path_id,
	   "l2vpn evpn reads back as its packed NLRI");
	struct nlri bgpls = {AFI_BGPLS, SAFI_BGPLS, false, sizeof(bytes), 0, bytes};
	len = rib_index_make(&bgpls, idx);
	is_str(rib_index_hex(idx, len, hex), "400447010203", "BGP-LS: AFI 16388 in two octets (as %%02x prints it)");
}

int main(void)
{
	test_seed_examples();
	test_rule();
	test_addpath();
	test_parse_errors();
	test_other_families();
	return done_testing();
}
