/* t_bgp_prefix_set.c — the prefix fingerprints max-prefix counts with: adds, re-adds,
 * removes (backward shift keeps every other member findable), path ids and families apart. */
#include <stdlib.h>
#include <string.h>

#include "bgp/prefix_set.h"
#include "wire/family.h"
#include "tap.h"

static struct nlri prefix(uint8_t storage[NLRI_PREFIX_MAX], uint32_t addr, unsigned bits, uint32_t path_id)
{
	struct nlri n;
	uint8_t a[4] = {(uint8_t)(addr >> 24), (uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr};
	nlri_prefix_make(&n, storage, AFI_IPV4, SAFI_UNICAST, a, bits);
	n.has_path_id = path_id != 0;
	n.path_id = path_id;
	return n;
}

int main(void)
{
	enum { N = 20000 };
	struct bgp_prefix_set p;
	uint8_t st[NLRI_PREFIX_MAX];
	bgp_prefix_set_init(&p, 12345);

	int added = 0, again = 0;
	for (uint32_t i = 0; i < N; i++) {
		struct nlri n = prefix(st, 0x0a000000u + (i << 8), 24, 0);
		added += bgp_prefix_set_add(&p, &n);
	}
	for (uint32_t i = 0; i < N; i++) {
		struct nlri n = prefix(st, 0x0a000000u + (i << 8), 24, 0);
		again += bgp_prefix_set_add(&p, &n);
	}
	is_int(added, N, "%d distinct prefixes added", N);
	is_int(again, 0, "announcing them again adds nothing (implicit withdraw)");
	is_int(p.len, N, "size");

	uint8_t st_other[NLRI_PREFIX_MAX], st_shorter[NLRI_PREFIX_MAX]; /* an nlri points into its storage */
	struct nlri other = prefix(st_other, 0x0a000000u, 24, 7);
	ok(bgp_prefix_set_add(&p, &other), "the same prefix with a path id is another route (RFC 7911)");
	struct nlri shorter = prefix(st_shorter, 0x0a000000u, 16, 0);
	ok(bgp_prefix_set_add(&p, &shorter), "the same address with another length is another prefix");

	int removed = 0;
	for (uint32_t i = 0; i < N; i += 2) {
		struct nlri n = prefix(st, 0x0a000000u + (i << 8), 24, 0);
		removed += bgp_prefix_set_remove(&p, &n);
	}
	is_int(removed, N / 2, "every other prefix withdrawn");
	int still = 0;
	for (uint32_t i = 1; i < N; i += 2) {
		struct nlri n = prefix(st, 0x0a000000u + (i << 8), 24, 0);
		still += !bgp_prefix_set_add(&p, &n); /* present: add says no */
	}
	is_int(still, N / 2, "the others are all still found after the deletions");
	struct nlri gone = prefix(st, 0x0a000000u, 24, 0);
	ok(!bgp_prefix_set_remove(&p, &gone), "withdrawing twice removes nothing");
	ok(bgp_prefix_set_remove(&p, &other) && bgp_prefix_set_remove(&p, &shorter), "the extra two removed");
	is_int(p.len, N / 2, "size after removals");

	bgp_prefix_set_clear(&p);
	is_int(p.len, 0, "cleared");
	struct nlri n = prefix(st, 0x0a000100u, 24, 0);
	ok(bgp_prefix_set_add(&p, &n), "usable after a clear");
	bgp_prefix_set_fini(&p);
	return done_testing();
}
