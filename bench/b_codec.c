/* b_codec.c — encode and decode throughput on simple unicast UPDATEs, one core.
 *
 *   b_codec [N]     N messages each way (default 1,000,000)
 *
 * Encode: N UPDATEs, each one IPv4 /24 with ORIGIN, AS_PATH, NEXT_HOP, MED, COMMUNITIES
 * (the route is built once from text, its prefix rewritten per message, then packed).
 * Decode: the same N messages parsed into routes and written as ExaBGP 6 JSON.
 * Prints "encode <msgs/s>" and "decode <msgs/s>" lines for bench/run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/json_update.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/message.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	const char *text = "route 10.0.0.0/24 next-hop 192.0.2.1 origin igp as-path [ 65001 65002 ] "
			   "med 100 community [ 65000:1 65000:2 ]";
	struct route_text_opts topts = {0, 0};
	struct route_text_error terr;
	struct update_collection c;
	struct open_context_pool *pool = open_context_pool_new();
	const struct open_context *ctx =
		open_context_get(pool, AFI_IPV4, SAFI_UNICAST, false, true, 4096, 65001, 65002);
	struct pack_options popts = {NULL, NULL, NULL, true};
	struct wire_error err;
	struct buf wire = BUF_INIT, json = BUF_INIT;
	size_t messages = 0;

	update_collection_init(&c);
	if (route_text_parse(&c, text, strlen(text), &topts, &terr) < 0 || c.count != 1) {
		fprintf(stderr, "b_codec: %s\n", terr.why);
		return 1;
	}
	/* the route's prefix bytes, rewritten for each message so no two are the same */
	uint8_t prefix[4] = {24, 10, 0, 0};
	c.routes[0].nlri.data = prefix;
	c.routes[0].nlri.len = 4;

	double t0 = now();
	for (size_t i = 0; i < n; i++) {
		prefix[2] = (uint8_t)(i >> 8);
		prefix[3] = (uint8_t)i;
		prefix[1] = (uint8_t)(10 + (i >> 16));
		if (update_collection_pack(&c, ctx, &popts, &wire, &messages, &err) < 0) {
			fprintf(stderr, "b_codec: pack: %s\n", err.why);
			return 1;
		}
	}
	double t1 = now();
	printf("encode %.0f\n", (double)n / (t1 - t0));

	struct update_collection d;
	struct json_envelope env;
	update_collection_init(&d);
	memset(&env, 0, sizeof(env));
	env.shape = JSON_SHAPE_V6;
	env.host = "bench";
	env.local_address = "127.0.0.1";
	env.peer_address = "127.0.0.2";
	env.local_as = 65001;
	env.peer_as = 65002;
	env.router_id = "127.0.0.1";
	env.direction = "in";
	size_t json_bytes = 0;
	double t2 = now();
	for (size_t off = 0; off < wire.len;) {
		size_t len = be16_load(wire.data + off + 16);
		if (update_collection_parse(&d, wire.data + off, len, ctx, 0) < 0) {
			fprintf(stderr, "b_codec: parse: %s\n", d.error.why);
			return 1;
		}
		struct json j;
		buf_reset(&json);
		json_init(&j, &json, JSON_STYLE_EXABGP);
		env.counter++;
		json_update_write(&j, &env, &d);
		json_bytes += json.len;
		off += len;
	}
	double t3 = now();
	printf("decode %.0f\n", (double)messages / (t3 - t2));
	printf("# %zu messages, %zu wire octets, %zu JSON octets\n", messages, wire.len, json_bytes);

	update_collection_fini(&c);
	update_collection_fini(&d);
	buf_free(&wire);
	buf_free(&json);
	open_context_pool_free(pool);
	return 0;
}
