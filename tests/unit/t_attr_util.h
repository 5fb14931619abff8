/* t_attr_util.h — helpers shared by the t_attr*.c tests: contexts, hex in and out, and one
 * parse-and-check call per case so each test reads as a table of bytes and expectations.
 */
#ifndef TESTS_T_ATTR_UTIL_H
#define TESTS_T_ATTR_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/hex.h"
#include "wire/attr.h"
#include "tap.h"

/* iBGP / eBGP, 4-octet / 2-octet AS contexts (not interned: tests build them directly) */
static inline struct open_context ctx_make(bool asn4, bool ibgp)
{
	struct open_context c = {.afi = 1, .safi = 1, .addpath = false, .asn4 = asn4, .msg_size = 4096,
				 .local_as = 65000, .peer_as = ibgp ? 65000 : 65001};
	return c;
}

/* One parse: the bytes stay in `bytes` (views point there), scratch in `arena`. */
struct parsed {
	struct buf bytes;
	struct arena arena;
	struct attr_set set;
	struct attr_mp mp;
	struct wire_error err;
	int rc;
};

static inline void parsed_fini(struct parsed *p)
{
	buf_free(&p->bytes);
	arena_free(&p->arena);
}

/* Parse hex as a Path Attributes field found at offset 23 of a message. */
static inline int parse_hex(struct parsed *p, const char *hex, const struct open_context *ctx, bool has_nlri)
{
	memset(p, 0, sizeof(*p));
	arena_init(&p->arena, 0);
	wire_error_clear(&p->err);
	if (hex_decode(hex, strlen(hex), &p->bytes, NULL) < 0) {
		ok(0, "test hex is valid: %.64s", hex);
		return p->rc = -2;
	}
	/* an exact-size heap copy, so ASan sees any read past the section */
	size_t len = p->bytes.len;
	uint8_t *copy = malloc(len ? len : 1);
	if (len)
		memcpy(copy, p->bytes.data, len);
	buf_free(&p->bytes);
	p->bytes.data = copy;
	p->bytes.len = p->bytes.cap = len;
	struct cursor c = cursor_make(p->bytes.data, p->bytes.len, 23);
	p->rc = attrs_parse(&c, ctx, has_nlri, &p->set, &p->mp, &p->arena, &p->err);
	return p->rc;
}

/* attrs_pack of set as upper-case hex; the caller frees. */
static inline char *pack_hex(const struct attr_set *set, const struct open_context *ctx, const struct bytes *reach,
			     const struct bytes *unreach)
{
	struct buf out = BUF_INIT, text = BUF_INIT;
	attrs_pack(set, ctx, reach, unreach, &out);
	hex_put(&text, out.data, out.len, true);
	buf_cstr(&text);
	buf_free(&out);
	char *s = buf_steal(&text);
	return s;
}

/* Parse hex and check the outcome: return code, action, code/subcode (when an error). */
#define expect_parse(name, hex, ctxp, has_nlri, want_rc, want_action, want_subcode)                       \
	do {                                                                                               \
		struct parsed p_;                                                                          \
		parse_hex(&p_, hex, ctxp, has_nlri);                                                       \
		is_int(p_.rc, want_rc, "%s: return code", name);                                           \
		is_int(p_.err.action, want_action, "%s: action %s (%s)", name, wire_action_name(want_action), \
		       p_.err.why);                                                                        \
		if ((want_action) != WIRE_OK) {                                                            \
			is_int(p_.err.code, BGP_ERR_UPDATE, "%s: UPDATE Message Error", name);             \
			is_int(p_.err.subcode, want_subcode, "%s: subcode", name);                         \
		}                                                                                          \
		parsed_fini(&p_);                                                                          \
	} while (0)

/* Parse canonical hex without error, pack it back and compare. */
#define expect_round_trip(name, hex, ctxp)                                                                 \
	do {                                                                                               \
		struct parsed p_;                                                                          \
		parse_hex(&p_, hex, ctxp, false);                                                          \
		is_int(p_.rc, 0, "%s: parses", name);                                                      \
		is_int(p_.err.action, WIRE_OK, "%s: no error (%s)", name, p_.err.why);                     \
		char *got_ = pack_hex(&p_.set, ctxp, NULL, NULL);                                          \
		is_str(got_, hex, "%s: packs back identically", name);                                     \
		free(got_);                                                                                \
		parsed_fini(&p_);                                                                          \
	} while (0)

#endif
