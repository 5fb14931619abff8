/* t_attr_rfc7606.c — malformed Path Attributes: each case's exact RFC 7606 action, code and
 * subcode; what survives of the set; NOTIFICATION data; and that attrs_parse never reads
 * past its cursor (every truncation of a valid section, and garbage after the section).
 */
#include "t_attr_util.h"

enum ctxk { C4I, C4E, C2I, C2E }; /* 4/2-octet AS, iBGP/eBGP */

struct bad_case {
	const char *name;
	enum ctxk ctx;
	bool has_nlri;
	const char *hex;
	int rc;
	enum wire_action action;
	uint8_t subcode;
};

/* Valid ORIGIN + AS_PATH + NEXT_HOP, to put before a case when the UPDATE has NLRI. */
#define BASE "40010100" "400200" "4003040A000001"

static const struct bad_case cases[] = {
	/* RFC 7606 4: section framing */
	{"one trailing octet", C4I, false, "40", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_MALFORMED_ATTR_LIST},
	{"two trailing octets", C4I, false, "4001", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_MALFORMED_ATTR_LIST},
	{"extended header cut", C4I, false, "500100", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_MALFORMED_ATTR_LIST},
	{"header after a valid attribute", C4I, false, "4001010040", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MALFORMED_ATTR_LIST},
	{"length overruns the section", C4I, false, "40010200", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"extended length overruns", C4I, false, "D008000800000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_LENGTH},
	{"MP_REACH overruns: reset", C4I, false, "800E0A0001", -1, WIRE_SESSION_RESET, BGP_UPD_OPTIONAL_ATTR},
	{"MP_UNREACH extended overruns: reset", C4I, false, "900F00FF0001", -1, WIRE_SESSION_RESET,
	 BGP_UPD_OPTIONAL_ATTR},

	/* RFC 7606 3 c: Optional / Transitive conflicts */
	{"ORIGIN optional", C4I, false, "C0010100", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"ORIGIN non-transitive", C4I, false, "00010100", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"ORIGIN with Partial is not a conflict", C4I, false, "60010100", 0, WIRE_OK, 0},
	{"AS_PATH optional", C4I, false, "800200", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"NEXT_HOP optional transitive", C4I, false, "C003040A000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_FLAGS},
	{"MED well-known", C4I, false, "40040400000064", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"MED with Partial", C4I, false, "A0040400000064", 0, WIRE_OK, 0},
	{"LOCAL_PREF optional", C4I, false, "80050400000064", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"ATOMIC_AGGREGATE optional", C4I, false, "800600", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"AGGREGATOR non-transitive", C4I, false, "80070800000001 01020304", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_FLAGS},
	{"COMMUNITIES non-transitive", C4I, false, "80080400000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_FLAGS},
	{"ORIGINATOR_ID transitive", C4I, false, "C00904C0000201", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"EXTENDED_COMMUNITIES well-known", C4I, false, "4010080002282B04F95C78", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_FLAGS},
	{"LARGE_COMMUNITIES non-transitive", C4I, false, "80200C000000010000000200000003", 0,
	 WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"OTC non-transitive", C4I, false, "80230400000001", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_FLAGS},
	{"MP_REACH transitive: reset", C4I, false, "C00E0D000101040A00000100180A0001", -1, WIRE_SESSION_RESET,
	 BGP_UPD_ATTR_FLAGS},
	{"MP_UNREACH well-known: reset", C4I, false, "400F03000201", -1, WIRE_SESSION_RESET, BGP_UPD_ATTR_FLAGS},
	{"AS4_PATH non-transitive: discard (RFC 6793 6)", C2I, false, "801106020100000001", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_ATTR_FLAGS},
	{"BGP-LS flags are its decoder's business", C4I, false, "C01D0104", 0, WIRE_OK, 0},

	/* RFC 7606 7.1 ORIGIN */
	{"ORIGIN length 2", C4I, false, "4001020000", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"ORIGIN empty", C4I, false, "400100", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"ORIGIN 3", C4I, false, "40010103", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_INVALID_ORIGIN},
	/* RFC 7606 7.2 AS_PATH */
	{"AS_PATH segment type 0", C4I, false, "400206000100000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MALFORMED_AS_PATH},
	{"AS_PATH segment type 5", C4I, false, "400206050100000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MALFORMED_AS_PATH},
	{"AS_PATH empty segment", C4I, false, "4002020200", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_MALFORMED_AS_PATH},
	{"AS_PATH segment overrun", C4I, false, "400206020200000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MALFORMED_AS_PATH},
	{"AS_PATH one octet underrun", C4I, false, "40020702010000000102", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MALFORMED_AS_PATH},
	{"AS_PATH 4-octet layout on a 2-octet session", C2I, false, "40020E02030000AAAA0000AAAA0000AAAA", 0,
	 WIRE_TREAT_AS_WITHDRAW, BGP_UPD_MALFORMED_AS_PATH},
	{"AS_PATH 2-octet segment overrun", C2I, false, "4002040202FDE8", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MALFORMED_AS_PATH},
	/* RFC 7606 7.3 NEXT_HOP */
	{"NEXT_HOP length 3", C4I, false, "400303010203", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"NEXT_HOP empty", C4I, false, "400300", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"NEXT_HOP IPv6-sized", C4I, false, "40031020010DB8000000000000000000000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_LENGTH},
	/* RFC 7606 7.4 MED */
	{"MED length 3", C4I, false, "800403000064", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"MED length 5", C4I, false, "8004050000006400", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"MED empty", C4I, false, "800400", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	/* RFC 7606 7.5 LOCAL_PREF */
	{"LOCAL_PREF length 2 (iBGP)", C4I, false, "4005020064", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"LOCAL_PREF from eBGP: discard", C4E, false, "40050400000064", 0, WIRE_ATTR_DISCARD, 0},
	{"LOCAL_PREF malformed from eBGP: discard", C4E, false, "4005020064", 0, WIRE_ATTR_DISCARD, 0},
	/* RFC 7606 7.6 ATOMIC_AGGREGATE */
	{"ATOMIC_AGGREGATE length 1", C4I, false, "40060100", 0, WIRE_ATTR_DISCARD, BGP_UPD_ATTR_LENGTH},
	/* RFC 7606 7.7 AGGREGATOR */
	{"AGGREGATOR 6 on a 4-octet session", C4I, false, "C00706FDE801020304", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_ATTR_LENGTH},
	{"AGGREGATOR 8 on a 2-octet session", C2I, false, "C0070800AA00AA0A0A0A0A", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_ATTR_LENGTH},
	{"AGGREGATOR 7", C4I, false, "C0070700AA00AA0A0A0A", 0, WIRE_ATTR_DISCARD, BGP_UPD_ATTR_LENGTH},
	{"AGGREGATOR empty", C4I, false, "C00700", 0, WIRE_ATTR_DISCARD, BGP_UPD_ATTR_LENGTH},
	/* RFC 7606 7.8 COMMUNITIES */
	{"COMMUNITIES empty", C4I, false, "C00800", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"COMMUNITIES length 3", C4I, false, "C00803000001", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"COMMUNITIES length 5", C4I, false, "C0080500000001FF", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	/* RFC 7606 7.9 ORIGINATOR_ID, 7.10 CLUSTER_LIST */
	{"ORIGINATOR_ID length 3", C4I, false, "800903C00002", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"ORIGINATOR_ID from eBGP: discard", C4E, false, "800904C0000201", 0, WIRE_ATTR_DISCARD, 0},
	{"CLUSTER_LIST empty", C4I, false, "800A00", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"CLUSTER_LIST length 6", C4I, false, "800A06C00002010000", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"CLUSTER_LIST from eBGP: discard", C4E, false, "800A04C0000201", 0, WIRE_ATTR_DISCARD, 0},
	/* RFC 7606 7.11 / 7.12 MP_REACH_NLRI / MP_UNREACH_NLRI (the fixed part) */
	{"MP_REACH shorter than its fixed part", C4I, false, "800E0400010104", -1, WIRE_SESSION_RESET,
	 BGP_UPD_OPTIONAL_ATTR},
	{"MP_UNREACH shorter than AFI+SAFI", C4I, false, "800F020001", -1, WIRE_SESSION_RESET,
	 BGP_UPD_OPTIONAL_ATTR},
	{"MP_UNREACH empty", C4I, false, "800F00", -1, WIRE_SESSION_RESET, BGP_UPD_OPTIONAL_ATTR},
	/* RFC 7606 7.14, 7.15, RFC 8092 6, RFC 9234 5, RFC 7311 3 */
	{"EXTENDED_COMMUNITIES empty", C4I, false, "C01000", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"EXTENDED_COMMUNITIES length 12", C4I, false, "C0100C0002282B04F95C7800000000", 0,
	 WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"IPv6 EXTENDED_COMMUNITIES length 8", C4I, false, "C019080002282B04F95C78", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_LENGTH},
	{"LARGE_COMMUNITIES length 8", C4I, false, "C020080000000100000002", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_LENGTH},
	{"LARGE_COMMUNITIES empty", C4I, false, "C02000", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"OTC length 2", C4I, false, "C0230200FF", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
	{"AIGP transitive: discard (RFC 7311 3)", C4I, false, "C01A0B01000B0000000000000064", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_ATTR_FLAGS},
	{"AIGP empty: discard", C4I, false, "801A00", 0, WIRE_ATTR_DISCARD, BGP_UPD_ATTR_LENGTH},
	{"AIGP TLV length 2: discard", C4I, false, "801A03010002", 0, WIRE_ATTR_DISCARD, BGP_UPD_OPTIONAL_ATTR},
	{"AIGP TLV overrun: discard", C4I, false, "801A0501000B0000", 0, WIRE_ATTR_DISCARD, BGP_UPD_OPTIONAL_ATTR},
	{"AIGP TLV 1 of length 7: discard", C4I, false, "801A0701000700000064", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_OPTIONAL_ATTR},
	{"AIGP header cut: discard", C4I, false, "801A020100", 0, WIRE_ATTR_DISCARD, BGP_UPD_OPTIONAL_ATTR},
	/* RFC 6793 AS4_PATH / AS4_AGGREGATOR */
	{"AS4_PATH on a 4-octet session: discard", C4I, false, "C01106020100000001", 0, WIRE_ATTR_DISCARD, 0},
	{"AS4_AGGREGATOR on a 4-octet session: discard", C4I, false, "C0120800010000 01020304", 0,
	 WIRE_ATTR_DISCARD, 0},
	{"AS4_PATH malformed: discard", C2I, false, "4002040201FDE8C01106020200000001", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_MALFORMED_AS_PATH},
	{"AS4_PATH empty segment: discard", C2I, false, "4002040201FDE8C011020200", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_MALFORMED_AS_PATH},
	{"AS4_PATH empty: discard", C2I, false, "4002040201FDE8C01100", 0, WIRE_ATTR_DISCARD, BGP_UPD_ATTR_LENGTH},
	{"AS4_AGGREGATOR length 6: discard", C2I, false, "C01206000101020304", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_ATTR_LENGTH},

	/* RFC 7606 3 g: duplicates */
	{"ORIGIN twice: second discarded", C4I, false, "4001010040010102", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_MALFORMED_ATTR_LIST},
	{"MP_REACH twice: reset", C4I, false, "800E0D000101040A00000100180A0001800E0D000101040A00000100180A0002",
	 -1, WIRE_SESSION_RESET, BGP_UPD_MALFORMED_ATTR_LIST},
	{"MP_UNREACH twice: reset", C4I, false, "800F03000201800F03000101", -1, WIRE_SESSION_RESET,
	 BGP_UPD_MALFORMED_ATTR_LIST},
	{"unknown attribute twice: second discarded", C4I, false, "C0630101C0630102", 0, WIRE_ATTR_DISCARD,
	 BGP_UPD_MALFORMED_ATTR_LIST},

	/* RFC 7606 3 d: missing well-known attributes */
	{"NLRI without ORIGIN", C4I, true, "4002004003040A000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MISSING_WELLKNOWN},
	{"NLRI without AS_PATH", C4I, true, "400101004003040A000001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MISSING_WELLKNOWN},
	{"NLRI without NEXT_HOP", C4I, true, "40010100400200", 0, WIRE_TREAT_AS_WITHDRAW, BGP_UPD_MISSING_WELLKNOWN},
	{"NLRI with everything", C4I, true, BASE, 0, WIRE_OK, 0},
	{"MP_REACH without ORIGIN", C4I, false, "400200800E0D000101040A00000100180A0001", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_MISSING_WELLKNOWN},
	{"no routes, no mandatory attributes", C4I, false, "80040400000064", 0, WIRE_OK, 0},

	/* RFC 7606 3 h: the strongest action wins */
	{"discard then withdraw", C4I, true, BASE "40060100" "800403000064", 0, WIRE_TREAT_AS_WITHDRAW,
	 BGP_UPD_ATTR_LENGTH},
	{"withdraw then reset", C4I, true, BASE "800403000064" "800F00", -1, WIRE_SESSION_RESET,
	 BGP_UPD_OPTIONAL_ATTR},
	{"withdraw then discard keeps the withdraw", C4I, true, BASE "800403000064" "40060100", 0,
	 WIRE_TREAT_AS_WITHDRAW, BGP_UPD_ATTR_LENGTH},
};

static struct open_context ctx_of(enum ctxk k)
{
	return ctx_make(k == C4I || k == C4E, k == C4I || k == C2I);
}

static void test_cases(void)
{
	char hex[512];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_case *c = &cases[i];
		struct open_context ctx = ctx_of(c->ctx);
		/* allow spaces in the table for readability */
		size_t n = 0;
		for (const char *s = c->hex; *s && n + 1 < sizeof(hex); s++)
			if (*s != ' ')
				hex[n++] = *s;
		hex[n] = '\0';
		expect_parse(c->name, hex, &ctx, c->has_nlri, c->rc, c->action, c->subcode);
	}
}

/* What survives: a discarded or malformed attribute leaves no present bit; the rest stays. */
static void test_survivors(void)
{
	struct open_context c4 = ctx_make(true, true), c4e = ctx_make(true, false);
	struct parsed p;

	parse_hex(&p, BASE "40060100" "80040400000064", &c4, true);
	ok(!(p.set.present & ATTR_BIT(ATTR_ATOMIC_AGGREGATE)), "discarded ATOMIC_AGGREGATE is absent");
	ok((p.set.present & ATTR_BIT(ATTR_MED)) && p.set.med == 100, "MED after it is kept");
	ok(p.set.present & ATTR_BIT(ATTR_NEXT_HOP), "NEXT_HOP before it is kept");
	parsed_fini(&p);

	parse_hex(&p, BASE "40050400000064", &c4e, true);
	ok(!(p.set.present & ATTR_BIT(ATTR_LOCAL_PREF)), "LOCAL_PREF from eBGP is absent");
	is_int(p.err.action, WIRE_ATTR_DISCARD, "... and it was an attribute discard");
	parsed_fini(&p);

	parse_hex(&p, "4001010040010102", &c4, false);
	is_int(p.set.origin, ORIGIN_IGP, "duplicate: the first ORIGIN is kept");
	parsed_fini(&p);

	parse_hex(&p, "4001010340010100", &c4, false);
	ok(!(p.set.present & ATTR_BIT(ATTR_ORIGIN)), "duplicate after a malformed first: both gone");
	is_int(p.err.action, WIRE_TREAT_AS_WITHDRAW, "... treat-as-withdraw");
	parsed_fini(&p);

	/* treat-as-withdraw keeps parsing: the MP_REACH after a bad MED is still located */
	parse_hex(&p, "800403000064" "40010100400200" "800E0D000101040A00000100180A0001", &c4, false);
	ok(p.rc == 0 && p.mp.has_reach && p.mp.reach.len == 13, "MP_REACH found after a malformed attribute");
	is_int(p.err.action, WIRE_TREAT_AS_WITHDRAW, "... and the UPDATE is treat-as-withdraw");
	parsed_fini(&p);

	/* AS4_PATH on a 4-octet session leaves AS_PATH alone */
	parse_hex(&p, "40020602010000FDE8" "C01106020100011170", &c4, false);
	ok(p.set.as_path.len == 6 && be32_load(p.set.as_path.ptr + 2) == 65000, "4-octet session ignores AS4_PATH");
	parsed_fini(&p);
}

/* Error locations: offset of the field at fault, and the attribute as NOTIFICATION data. */
static void test_locations(void)
{
	struct open_context c4 = ctx_make(true, true);
	struct parsed p;

	parse_hex(&p, "40010100" "C0020100", &c4, false);
	is_int(p.err.offset, 27, "flag conflict: offset of the attribute (section at 23)");
	is_int(p.err.data_offset, 27, "flag conflict: data is the attribute");
	is_int(p.err.data_len, 4, "flag conflict: data length");
	parsed_fini(&p);

	parse_hex(&p, "40010103", &c4, false);
	is_int(p.err.offset, 26, "bad ORIGIN value: offset of the value");
	is_int(p.err.data_offset, 23, "bad ORIGIN value: data starts at the attribute");
	is_int(p.err.data_len, 4, "bad ORIGIN value: data is the whole attribute");
	parsed_fini(&p);

	parse_hex(&p, "400200" "40020C020100000001020100000002", &c4, false);
	is_int(p.err.action, WIRE_ATTR_DISCARD, "second AS_PATH: discarded as a duplicate");
	parsed_fini(&p);

	parse_hex(&p, "40020C02010000000102020000000100", &c4, false);
	is_int(p.err.offset, 23 + 3 + 6, "AS_PATH: offset of the bad segment");
	parsed_fini(&p);

	parse_hex(&p, "800F00", &c4, false);
	ok(strstr(p.err.why, "mp-unreach-nlri") != NULL, "the reason names the attribute: %s", p.err.why);
	parsed_fini(&p);
}

/*
 * Bounds: attrs_parse over every prefix of a rich valid section, each in an exact-size heap
 * buffer (ASan reports any read beyond), must return without a session reset unless an MP
 * attribute was cut; and over the section followed by poison bytes that are not in its
 * cursor, must give exactly the result of the exact-size run.
 */
static void test_truncations(void)
{
	static const char full[] =
		"40010100" "40020E02030000AAAA0000AAAA0000AAAA" "4003040A000001" "80040400000064"
		"40050400000064" "400600" "C00708000046E0DB76E1BD" "C00808FDE80021FDE80022" "800904392302F0"
		"800A0803030303C0A8C901" "C010080002282B04F95C78" "C01914000220010DB80000000000000000000000010064"
		"801A0B01000B0000000000000064" "C0200C000000010000000200000003" "C0230400010000" "E0630400000001"
		"801D0704030003010203";
	struct open_context contexts[] = {ctx_make(true, true), ctx_make(false, true), ctx_make(true, false)};
	struct buf bytes = BUF_INIT;
	int bad = 0, resets = 0, mismatches = 0, cuts_flagged = 0, cuts = 0;

	hex_decode(full, strlen(full), &bytes, NULL);
	for (size_t k = 0; k < sizeof(contexts) / sizeof(contexts[0]); k++) {
		for (size_t n = 0; n <= bytes.len; n++) {
			uint8_t *exact = malloc(n ? n : 1);
			uint8_t *poisoned = malloc(n + 64);
			memcpy(exact, bytes.data, n);
			memcpy(poisoned, bytes.data, n);
			memset(poisoned + n, 0xEE, 64);

			struct arena a1, a2;
			struct attr_set s1, s2;
			struct attr_mp m1, m2;
			struct wire_error e1, e2;
			arena_init(&a1, 0);
			arena_init(&a2, 0);
			wire_error_clear(&e1);
			wire_error_clear(&e2);
			struct cursor c1 = cursor_make(exact, n, 23), c2 = cursor_make(poisoned, n, 23);
			int r1 = attrs_parse(&c1, &contexts[k], true, &s1, &m1, &a1, &e1);
			int r2 = attrs_parse(&c2, &contexts[k], true, &s2, &m2, &a2, &e2);
			bad += !cursor_empty(&c1);
			resets += r1 < 0;
			/* results must not depend on bytes beyond the cursor */
			mismatches += r1 != r2 || e1.action != e2.action || e1.offset != e2.offset ||
				      s1.present != s2.present || s1.as_path.len != s2.as_path.len ||
				      s1.unknown.len != s2.unknown.len;
			if (n < bytes.len && k == 0) {
				cuts++;
				cuts_flagged += e1.action != WIRE_OK;
			}
			arena_free(&a1);
			arena_free(&a2);
			free(exact);
			free(poisoned);
		}
	}
	is_int(bad, 0, "every truncation consumes its cursor");
	is_int(resets, 0, "no truncation resets the session (no MP attribute in the section)");
	is_int(mismatches, 0, "bytes after the cursor never change the result");
	/* a cut exactly between attributes loses trailing attributes silently, except that the
	 * mandatory ones must be there: every cut inside the first three shows an error */
	ok(cuts_flagged > 0 && cuts_flagged <= cuts, "%d of %d cuts flagged", cuts_flagged, cuts);
	buf_free(&bytes);
}

/* The same with an MP_REACH_NLRI in the section: a cut inside it resets the session. */
static void test_truncated_mp(void)
{
	static const char full[] = "40010100" "400200" "800E0D000101040A00000100180A0001";
	struct open_context c4 = ctx_make(true, true);
	struct buf bytes = BUF_INIT;
	int wrong = 0;

	hex_decode(full, strlen(full), &bytes, NULL);
	for (size_t n = 0; n <= bytes.len; n++) {
		uint8_t *exact = malloc(n ? n : 1);
		memcpy(exact, bytes.data, n);
		struct arena a;
		struct attr_set s;
		struct attr_mp m;
		struct wire_error e;
		arena_init(&a, 0);
		wire_error_clear(&e);
		struct cursor c = cursor_make(exact, n, 23);
		int r = attrs_parse(&c, &c4, false, &s, &m, &a, &e);
		/* 7..9: MP header cut (fewer than 3 octets: framing, treat-as-withdraw);
		 * 10..22: MP value cut: reset */
		int want = (n >= 10 && n < bytes.len) ? -1 : 0;
		wrong += r != want;
		arena_free(&a);
		free(exact);
	}
	is_int(wrong, 0, "a cut inside MP_REACH_NLRI resets the session, elsewhere it does not");
	buf_free(&bytes);
}

int main(void)
{
	test_cases();
	test_survivors();
	test_locations();
	test_truncations();
	test_truncated_mp();
	return done_testing();
}
