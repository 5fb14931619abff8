/* t_attr_set.c — attribute sets as values: attr_set_equal, attr_set_hash, attr_set_copy. */
#include "t_attr_util.h"

static const char rich[] = "40010100" "40020A02020000E1DD00001B1B" "4003040A000001" "80040400000064"
			   "40050400000064" "400600" "C00708000046E0DB76E1BD" "C00808FDE80021FDE80022"
			   "800904392302F0" "800A0803030303C0A8C901" "C010080002282B04F95C78"
			   "801A0B01000B0000000000000064" "C0200C000000010000000200000003" "C0230400010000"
			   "E0630400000001";

static void test_equal_hash(void)
{
	struct open_context c4 = ctx_make(true, true);
	struct parsed a, b;

	parse_hex(&a, rich, &c4, true);
	parse_hex(&b, rich, &c4, true);
	ok(a.set.as_path.ptr != b.set.as_path.ptr, "two parses point into two buffers");
	ok(attr_set_equal(&a.set, &b.set), "same bytes: equal");
	ok(attr_set_hash(&a.set, 1) == attr_set_hash(&b.set, 1), "same bytes: same hash");
	ok(attr_set_hash(&a.set, 1) != attr_set_hash(&a.set, 2), "the seed changes the hash");

	b.set.med = 101;
	ok(!attr_set_equal(&a.set, &b.set), "MED differs: not equal");
	ok(attr_set_hash(&a.set, 1) != attr_set_hash(&b.set, 1), "MED differs: hash differs");
	b.set.med = 100;

	b.set.present &= ~ATTR_BIT(ATTR_MED);
	ok(!attr_set_equal(&a.set, &b.set), "MED absent in one: not equal");
	a.set.present &= ~ATTR_BIT(ATTR_MED);
	a.set.med = 7;
	ok(attr_set_equal(&a.set, &b.set), "fields of absent attributes are ignored");
	ok(attr_set_hash(&a.set, 9) == attr_set_hash(&b.set, 9), "... by the hash too");

	uint8_t saved = b.bytes.data[b.bytes.len - 1];
	b.bytes.data[b.bytes.len - 1] ^= 1; /* the unknown attribute's last octet */
	ok(!attr_set_equal(&a.set, &b.set), "unknown bytes differ: not equal");
	b.bytes.data[b.bytes.len - 1] = saved;

	struct bytes keep = b.set.communities;
	b.set.communities.len = 4;
	ok(!attr_set_equal(&a.set, &b.set), "community list shorter: not equal");
	b.set.communities = keep;
	ok(attr_set_equal(&a.set, &b.set), "restored: equal again");

	struct attr_set empty1, empty2;
	memset(&empty1, 0, sizeof(empty1));
	memset(&empty2, 0xAB, sizeof(empty2));
	empty2.present = 0;
	empty2.unknown = (struct bytes){NULL, 0};
	ok(attr_set_equal(&empty1, &empty2), "empty sets are equal whatever their other fields");
	parsed_fini(&a);
	parsed_fini(&b);
}

static void test_copy(void)
{
	struct open_context c4 = ctx_make(true, true), c2 = ctx_make(false, true);
	struct parsed a, fresh;
	struct arena arena;
	struct attr_set copy;

	arena_init(&arena, 0);
	parse_hex(&a, rich, &c4, true);
	attr_set_copy(&copy, &a.set, &arena);
	memset(a.bytes.data, 0, a.bytes.len); /* the message is gone */
	parse_hex(&fresh, rich, &c4, true);
	ok(attr_set_equal(&copy, &fresh.set), "the copy survives the message");
	ok(copy.as_path.ptr < a.bytes.data || copy.as_path.ptr >= a.bytes.data + a.bytes.len,
	   "the copy's views are elsewhere");
	char *got = pack_hex(&copy, &c4, NULL, NULL);
	is_str(got, rich, "the copy packs to the original bytes");
	free(got);
	parsed_fini(&a);

	/* copy in place; views of absent attributes are dropped */
	fresh.set.present &= ~ATTR_BIT(ATTR_COMMUNITIES);
	attr_set_copy(&fresh.set, &fresh.set, &arena);
	ok(fresh.set.communities.len == 0 && fresh.set.communities.ptr == NULL, "absent view dropped by copy");
	ok(fresh.set.as_path.len == 10 && fresh.set.as_path.ptr != fresh.bytes.data + 7, "in-place copy moves views");
	parsed_fini(&fresh);

	/* a set built on a 2-octet session (views already in an arena) copies too */
	parse_hex(&a, "40020602020001FDE8", &c2, false);
	attr_set_copy(&copy, &a.set, &arena);
	parsed_fini(&a); /* frees the parse's arena */
	got = pack_hex(&copy, &c4, NULL, NULL);
	is_str(got, "40020A02020000000100" "00FDE8", "2-octet parse copied and packed for a 4-octet peer");
	free(got);

	struct attr_set none;
	memset(&none, 0, sizeof(none));
	attr_set_copy(&copy, &none, &arena);
	ok(attr_set_equal(&copy, &none), "copy of an empty set");
	arena_free(&arena);
}

int main(void)
{
	test_equal_hash();
	test_copy();
	return done_testing();
}
