/* f_attrs.c — libFuzzer target for the Path Attributes codec (wire/attr.h).
 *
 * Input: one octet of options (bit 0: 4-octet AS session, bit 1: iBGP, bit 2: the UPDATE has
 * NLRI), then a Path Attributes field. attrs_parse must never read outside it; whatever it
 * accepts without a session reset, attrs_pack must turn into bytes that parse again without
 * a session reset and are stable: on a 4-octet session pack(parse(pack(x))) == pack(x) and
 * the sets are equal; on a 2-octet session the AS4_PATH reconciliation may normalise a path
 * once (confederation segments are not carried in AS4_PATH), so stability is required from
 * the second round on. Any violation aborts.
 *
 * Build: clang -fsanitize=fuzzer,address -Isrc -D_GNU_SOURCE fuzz/f_attrs.c src/core/(all .c)
 *        src/wire/(all .c)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "wire/attr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct round {
	struct arena arena;
	struct attr_set set;
	struct attr_mp mp;
	struct wire_error err;
	struct buf reach, unreach, packed;
	int rc;
};

static void round_init(struct round *r)
{
	arena_init(&r->arena, 0);
	buf_init(&r->reach);
	buf_init(&r->unreach);
	buf_init(&r->packed);
	wire_error_clear(&r->err);
}

static void round_fini(struct round *r)
{
	arena_free(&r->arena);
	buf_free(&r->reach);
	buf_free(&r->unreach);
	buf_free(&r->packed);
}

/* Parse bytes (a private exact-size copy, so any overread is caught), then pack the result. */
static void round_run(struct round *r, const uint8_t *bytes, size_t len, const struct open_context *ctx,
		      bool has_nlri)
{
	uint8_t *copy = malloc(len ? len : 1);
	if (len)
		memcpy(copy, bytes, len);
	struct cursor c = cursor_make(copy, len, 23);
	r->rc = attrs_parse(&c, ctx, has_nlri, &r->set, &r->mp, &r->arena, &r->err);
	if (r->rc == 0) {
		/* the set's views may point into copy: pack before freeing it */
		if (r->mp.has_reach)
			attr_put(&r->reach, ATTR_FLAG_OPTIONAL, ATTR_MP_REACH_NLRI, r->mp.reach.ptr, r->mp.reach.len);
		if (r->mp.has_unreach)
			attr_put(&r->unreach, ATTR_FLAG_OPTIONAL, ATTR_MP_UNREACH_NLRI, r->mp.unreach.ptr,
				 r->mp.unreach.len);
		struct bytes reach = {r->reach.data, (uint32_t)r->reach.len};
		struct bytes unreach = {r->unreach.data, (uint32_t)r->unreach.len};
		attrs_pack(&r->set, ctx, r->mp.has_reach ? &reach : NULL, r->mp.has_unreach ? &unreach : NULL,
			   &r->packed);
		/* keep the set valid after copy is freed */
		attr_set_copy(&r->set, &r->set, &r->arena);
	}
	free(copy);
}

static bool same_bytes(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct open_context ctx = {.afi = 1, .safi = 1, .asn4 = (data[0] & 1) != 0, .msg_size = 65535,
				   .local_as = 65000, .peer_as = (data[0] & 2) ? 65000 : 65001};
	bool has_nlri = (data[0] & 4) != 0;
	struct round r1, r2, r3;

	round_init(&r1);
	round_init(&r2);
	round_init(&r3);
	round_run(&r1, data + 1, size - 1, &ctx, has_nlri);
	if (r1.rc != 0)
		goto out;
	round_run(&r2, r1.packed.data, r1.packed.len, &ctx, has_nlri);
	if (r2.rc != 0 || r2.err.action == WIRE_SESSION_RESET)
		abort(); /* what we pack must never reset a session */
	if (ctx.asn4) {
		if (!same_bytes(&r1.packed, &r2.packed) || !attr_set_equal(&r1.set, &r2.set))
			abort();
	} else {
		round_run(&r3, r2.packed.data, r2.packed.len, &ctx, has_nlri);
		if (r3.rc != 0 || !same_bytes(&r2.packed, &r3.packed) || !attr_set_equal(&r2.set, &r3.set))
			abort();
	}
	if (attr_set_hash(&r1.set, 7) != attr_set_hash(&r1.set, 7))
		abort();
out:
	round_fini(&r1);
	round_fini(&r2);
	round_fini(&r3);
	return 0;
}
