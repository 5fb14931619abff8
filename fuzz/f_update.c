/* f_update.c — fuzz the UPDATE parser and everything that consumes its result.
 *
 * The input is one message (header included, as received). Whatever parses must also
 * print as JSON and as API commands, and pack back into UPDATEs that parse again without
 * a session reset. The first input byte picks the session: 2- or 4-octet ASNs, iBGP or
 * eBGP, ADD-PATH or not.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/json_update.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	data++;
	size--;

	struct open_context_pool *pool = open_context_pool_new();
	bool asn4 = mode & 1, ibgp = mode & 2, addpath = mode & 4;
	const struct open_context *ctx =
		open_context_get(pool, AFI_IPV4, SAFI_UNICAST, addpath, asn4, BGP_EXT_MSG_SIZE, 65001,
				 ibgp ? 65001 : 65002);
	uint64_t addpath_families = addpath ? ~(uint64_t)0 : 0;
	struct update_collection c, again;
	struct buf out = BUF_INIT;

	update_collection_init(&c);
	update_collection_init(&again);
	if (update_collection_parse(&c, data, size, ctx, addpath_families) == 0) {
		struct json j;
		struct json_envelope env;
		memset(&env, 0, sizeof(env));
		env.shape = (mode & 8) ? JSON_SHAPE_V4 : JSON_SHAPE_V6;
		json_init(&j, &out, JSON_STYLE_EXABGP);
		json_update_write(&j, &env, &c);
		buf_reset(&out);
		route_text_format_collection(&out, &c);

		/* pack each family's routes back and parse the result */
		for (int f = 0; f < FAMILY_COUNT; f++) {
			if (!family_supported(family_table[f].afi, family_table[f].safi))
				continue;
			const struct open_context *fctx =
				open_context_for_family(pool, ctx, family_table[f].afi, family_table[f].safi, addpath);
			struct wire_error err;
			struct pack_options popts = {NULL, NULL, NULL, true};
			wire_error_clear(&err);
			buf_reset(&out);
			if (update_collection_pack(&c, fctx, &popts, &out, NULL, &err) < 0)
				continue;
			for (size_t off = 0; off + BGP_HEADER_LEN <= out.len;) {
				size_t len = be16_load(out.data + off + 16);
				if (update_collection_parse(&again, out.data + off, len, ctx, addpath_families) < 0)
					abort(); /* what we pack must never reset a session */
				off += len;
			}
		}
	}
	update_collection_fini(&c);
	update_collection_fini(&again);
	buf_free(&out);
	open_context_pool_free(pool);
	return 0;
}
