/* t_attr_as4.c — RFC 6793: 2-octet sessions. Conversion of AS_PATH to the canonical 4-octet
 * form, reconstruction from AS_PATH + AS4_PATH (4.2.3) and AGGREGATOR + AS4_AGGREGATOR, and
 * generation of AS_TRANS, AS4_PATH and AS4_AGGREGATOR when packing for a 2-octet peer (4.2.2).
 */
#include "t_attr_util.h"

/* the expectation without the spaces that make the tables readable */
static char *nospace(const char *s)
{
	char *d = malloc(strlen(s) + 1), *w = d;
	for (; *s; s++)
		if (*s != ' ')
			*w++ = *s;
	*w = '\0';
	return d;
}

static char *view_hex(struct bytes v)
{
	struct buf b = BUF_INIT;
	hex_put(&b, v.ptr, v.len, true);
	buf_cstr(&b);
	return buf_steal(&b);
}

/* Parse on a 2-octet session and compare the canonical AS path (hex, segments with 4-octet
 * ASNs) and the aggregator. */
static void expect_path(const char *name, const char *section, const char *want_path)
{
	struct open_context c2 = ctx_make(false, true);
	struct parsed p;
	parse_hex(&p, section, &c2, false);
	is_int(p.rc, 0, "%s: parses", name);
	char *got = view_hex(p.set.as_path), *want = nospace(want_path);
	is_str(got, want, "%s: AS path", name);
	free(got);
	free(want);
	parsed_fini(&p);
}

/* 70000 = 0x00011170, 80000 = 0x00013880, 90000 = 0x00015F90, AS_TRANS 23456 = 0x5BA0 */
static void test_merge(void)
{
	struct open_context c2 = ctx_make(false, true);
	struct parsed p;

	parse_hex(&p, "4002060202FDE80001", &c2, false);
	char *got = view_hex(p.set.as_path);
	is_str(got, "02020000FDE800000001", "2-octet AS_PATH [65000 1] widened");
	free(got);
	ok(p.arena.bytes > 0, "widening uses the arena");
	parsed_fini(&p);

	expect_path("4.2.3: [1 AS_TRANS AS_TRANS] + AS4 [70000 80000]",
		    "40020802030001 5BA05BA0" "C0110A02020001117000013880",
		    "0203000000010001117000013880");
	expect_path("4.2.3: AS4_PATH longer than AS_PATH is ignored",
		    "400206020200015BA0" "C0110E0203000111700001388000015F90", "0202000000010000 5BA0");
	expect_path("4.2.3: leading confederation segment prepended",
		    "40020A 0301 FDE9 0202 0001 5BA0" "C0110A 0202 00000001 00011170",
		    "03010000FDE9020200000001 00011170");
	expect_path("RFC 6793 6: confederation segments of AS4_PATH are dropped",
		    "400206020200015BA0" "C0110C 0301 00011171 0201 00011170",
		    "020200000001 00011170");
	expect_path("sets count one: SEQ[1 2 T] SET[3 T] + AS4 SEQ[70000] SET[3 80000]",
		    "40020E0203000100025BA00102 00035BA0" "C01110 0201 00011170 0102 00000003 00013880",
		    "0203000000010000000200011170 010200000003 00013880");
	expect_path("a partial segment is taken: SEQ[1 2] SEQ[3 T] + AS4 SEQ[70000]",
		    "40020C 0202 00010002 0202 00035BA0" "C01106 0201 00011170",
		    "0202 00000001 00000002 0202 00000003 00011170");
	expect_path("leading confederation set, nothing else taken",
		    "40020A 0402 00010002 0201 5BA0" "C01106 0201 00011170",
		    "0402 00000001 00000002 0201 00011170");
	expect_path("AS4_PATH equal length: it is the path (plus leading confederations)",
		    "400206 0202 5BA0 5BA0" "C0110A 0202 00011170 00013880", "0202 00011170 00013880");

	/* the seam does not overflow a segment */
	struct buf hex = BUF_INIT, want = BUF_INIT;
	buf_puts(&hex, "5002 0204 02FF");
	buf_puts(&want, "02FF");
	for (int i = 0; i < 255; i++) {
		buf_puts(&hex, "0001");
		buf_puts(&want, "00000001");
	}
	buf_puts(&hex, "0201 5BA0" "C01106 0201 00011170");
	buf_puts(&want, "0201 00011170");
	expect_path("seam at a full segment starts a new one", buf_cstr(&hex), buf_cstr(&want));
	buf_free(&hex);
	buf_free(&want);
}

static void test_aggregator(void)
{
	struct open_context c2 = ctx_make(false, true);
	struct parsed p;

	/* AGGREGATOR AS_TRANS:5.6.7.8 + AS4_AGGREGATOR 70000:1.2.3.4 -> 70000:1.2.3.4 */
	parse_hex(&p, "C007065BA005060708" "C0120800011170 01020304", &c2, false);
	ok(p.rc == 0 && (p.set.present & ATTR_BIT(ATTR_AGGREGATOR)), "AS4_AGGREGATOR merge: present");
	is_int(p.set.aggregator_as, 70000, "AS4_AGGREGATOR merge: AS");
	ok(memcmp(p.set.aggregator_ip, "\x01\x02\x03\x04", 4) == 0, "AS4_AGGREGATOR merge: its address too");
	parsed_fini(&p);

	/* AGGREGATOR not AS_TRANS: AS4_AGGREGATOR and AS4_PATH are ignored */
	parse_hex(&p, "400206020200015BA0" "C00706FDE901010101" "C0110602010001 1170" "C0120800011170 02020202",
		  &c2, false);
	is_int(p.set.aggregator_as, 65001, "AGGREGATOR not AS_TRANS: kept");
	char *got = view_hex(p.set.as_path);
	is_str(got, "02020000000100005BA0", "AGGREGATOR not AS_TRANS: AS4_PATH ignored too");
	free(got);
	parsed_fini(&p);

	/* AS4_AGGREGATOR without AGGREGATOR: ignored; AS4_PATH still applies */
	parse_hex(&p, "400206020200015BA0" "C0110602010001 1170" "C0120800011170 02020202", &c2, false);
	ok(!(p.set.present & ATTR_BIT(ATTR_AGGREGATOR)), "lone AS4_AGGREGATOR: no aggregator");
	got = view_hex(p.set.as_path);
	is_str(got, "020200000001" "00011170", "lone AS4_AGGREGATOR: AS4_PATH merged");
	free(got);
	parsed_fini(&p);

	/* a malformed AGGREGATOR is discarded, and AS4_AGGREGATOR has nothing to complete */
	parse_hex(&p, "C0070800011170 01020304" "C0120800011170 01020304", &c2, false);
	ok(!(p.set.present & ATTR_BIT(ATTR_AGGREGATOR)), "8-octet AGGREGATOR on a 2-octet session: discarded");
	is_int(p.err.action, WIRE_ATTR_DISCARD, "... attribute discard");
	parsed_fini(&p);
}

static void expect_pack(const char *name, const struct attr_set *set, bool asn4, const char *want)
{
	struct open_context c = ctx_make(asn4, true);
	char *got = pack_hex(set, &c, NULL, NULL), *w = nospace(want);
	is_str(got, w, "%s", name);
	free(got);
	free(w);
}

static void set_path(struct attr_set *s, struct buf *storage, const char *hex)
{
	buf_reset(storage);
	hex_decode(hex, strlen(hex), storage, NULL);
	s->present |= ATTR_BIT(ATTR_AS_PATH);
	s->as_path = (struct bytes){storage->data, (uint32_t)storage->len};
}

static void test_generation(void)
{
	struct attr_set s;
	struct buf path = BUF_INIT;

	memset(&s, 0, sizeof(s));
	set_path(&s, &path, "0202 00000001 00011170");
	expect_pack("4.2.2: [1 70000] to a 2-octet peer", &s, false,
		    "400206020200015BA0" "C0110A02020000000100011170");
	expect_pack("[1 70000] to a 4-octet peer", &s, true, "40020A020200000001" "00011170");

	set_path(&s, &path, "0202 00000001 0000FDE8");
	expect_pack("small ASNs only: no AS4_PATH", &s, false, "40020602020001FDE8");

	set_path(&s, &path, "0202 00000001 00005BA0");
	expect_pack("AS_TRANS itself is small: no AS4_PATH", &s, false, "40020602020001" "5BA0");

	set_path(&s, &path, "0301 00011170 0201 00000001");
	expect_pack("4.2.2: confederation segments excluded from AS4_PATH", &s, false,
		    "4002080301" "5BA0" "02010001" "C01106020100000001");

	set_path(&s, &path, "0301 00011170");
	expect_pack("large ASN only in a confederation: no empty AS4_PATH", &s, false, "40020403015BA0");

	memset(&s, 0, sizeof(s));
	s.present = ATTR_BIT(ATTR_AGGREGATOR);
	s.aggregator_as = 70000;
	memcpy(s.aggregator_ip, "\x01\x02\x03\x04", 4);
	expect_pack("4.2.2: AGGREGATOR 70000 to a 2-octet peer", &s, false,
		    "C007065BA001020304" "C012080001117001020304");
	expect_pack("AGGREGATOR 70000 to a 4-octet peer", &s, true, "C007080001117001020304");
	s.aggregator_as = 65000;
	expect_pack("AGGREGATOR 65000 to a 2-octet peer", &s, false, "C00706FDE801020304");

	/* ExaBGP's order: AS4_PATH right after AS_PATH, AS4_AGGREGATOR right after AGGREGATOR */
	memset(&s, 0, sizeof(s));
	s.present = ATTR_BIT(ATTR_ORIGIN) | ATTR_BIT(ATTR_NEXT_HOP) | ATTR_BIT(ATTR_AGGREGATOR) |
		    ATTR_BIT(ATTR_COMMUNITIES);
	set_path(&s, &path, "0201 00011170");
	memcpy(s.next_hop, "\x0a\x00\x00\x01", 4);
	s.aggregator_as = 70000;
	memcpy(s.aggregator_ip, "\x01\x02\x03\x04", 4);
	static const uint8_t comm[] = {0xfd, 0xe8, 0x00, 0x01};
	s.communities = (struct bytes){comm, 4};
	expect_pack("order for a 2-octet peer", &s, false,
		    "40010100" "40020402015BA0" "C01106020100011170" "4003040A000001" "C007065BA001020304"
		    "C012080001117001020304" "C00804FDE80001");

	/* and the 2-octet round trip gives the same set back */
	struct open_context c2 = ctx_make(false, true);
	char *hex = pack_hex(&s, &c2, NULL, NULL);
	struct parsed p;
	parse_hex(&p, hex, &c2, false);
	ok(p.rc == 0 && p.err.action == WIRE_OK, "2-octet pack parses back cleanly");
	ok(attr_set_equal(&p.set, &s), "2-octet pack then parse is the identity");
	parsed_fini(&p);
	free(hex);
	buf_free(&path);
}

/* ExaBGP's conf-no-asn4: as-path [100] to a 2-octet peer */
static void test_no_asn4(void)
{
	struct open_context c2 = ctx_make(false, true);
	expect_round_trip("conf-no-asn4", "40010100400204020100644003040A00FFFE40050400000064", &c2);
}

int main(void)
{
	test_merge();
	test_aggregator();
	test_generation();
	test_no_asn4();
	return done_testing();
}
