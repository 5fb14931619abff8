/* t_config_export.c — a configuration route printed back reads back the same, attribute
 * for attribute: thousands of random routes (AS paths with sets and confederation
 * segments, well-known and numeric communities, any extended community octets, large
 * communities, cluster lists, AIGP, OTC, IPv6 extended communities and unknown attributes
 * given as generic attributes), each printed with config_route_format and read again
 * through a configuration file's static block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/export.h"
#include "core/buf.h"
#include "model/route_text.h"
#include "wire/family.h"
#include "tap.h"

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)(state % n);
}

static void random_route(struct buf *b, int i)
{
	static const char *const named[] = {"no-export", "no-advertise", "no-export-subconfed", "blackhole",
					    "no-peer", "no-export"};
	bool v6 = rnd(4) == 0;
	if (v6)
		buf_printf(b, "route 2001:db8:%x::/48 next-hop %s", i, rnd(2) ? "2001:db8::1" : "self");
	else
		buf_printf(b, "route 10.%d.%d.0/24 next-hop %s", (i >> 8) & 255, i & 255, rnd(3) ? "192.0.2.1" : "self");
	if (rnd(2))
		buf_printf(b, " origin %s", rnd(2) ? "igp" : rnd(2) ? "egp" : "incomplete");
	if (rnd(2)) {
		/* groups one after the other: sequences, sets, confederation segments */
		buf_puts(b, " as-path \"");
		for (uint32_t g = 0, groups = 1 + rnd(3); g < groups; g++) {
			uint32_t kind = rnd(4);
			buf_puts(b, kind == 0 || kind == 2 ? "[ " : "( ");
			if (kind >= 2)
				buf_puts(b, "{ ");
			for (uint32_t k = 0, n = 1 + rnd(4); k < n; k++)
				buf_printf(b, "%u ", rnd(2) ? 64512 + rnd(1000) : 4200000000u + rnd(1000));
			if (kind >= 2)
				buf_puts(b, "} ");
			buf_puts(b, kind == 0 || kind == 2 ? "] " : ") ");
		}
		buf_puts(b, "\"");
	}
	if (rnd(3) == 0)
		buf_printf(b, " med %u", rnd(1000000));
	if (rnd(3) == 0)
		buf_printf(b, " local-preference %u", rnd(1000));
	if (rnd(5) == 0)
		buf_puts(b, " atomic-aggregate");
	if (rnd(5) == 0)
		buf_printf(b, " aggregator ( %u:192.0.2.%u )", rnd(70000), rnd(255));
	if (rnd(2)) {
		buf_puts(b, " community [");
		for (uint32_t k = 0, n = 1 + rnd(4); k < n; k++) {
			if (rnd(4) == 0)
				buf_printf(b, " %s", named[rnd(6)]);
			else
				buf_printf(b, " %u:%u", rnd(65536), rnd(65536));
		}
		buf_puts(b, " ]");
	}
	if (rnd(3) == 0) {
		buf_puts(b, " extended-community [");
		for (uint32_t k = 0, n = 1 + rnd(3); k < n; k++) {
			if (rnd(3) == 0)
				buf_printf(b, " target:%u:%u", rnd(65536), rnd(1000));
			else
				buf_printf(b, " 0x%02x%02x%08x%04x", rnd(4) == 0 ? 0x80 + rnd(16) : rnd(16), rnd(256), rnd(0xFFFFFFFFu),
					   rnd(65536));
		}
		buf_puts(b, " ]");
	}
	if (rnd(4) == 0)
		buf_printf(b, " large-community [ %u:%u:%u %u:%u:%u ]", rnd(1000), rnd(1000), rnd(1000), 4200000000u, rnd(9),
			   rnd(9));
	if (rnd(5) == 0)
		buf_printf(b, " originator-id 192.0.2.%u cluster-list [ 10.0.0.%u 10.0.1.%u ]", rnd(255), rnd(255), rnd(255));
	if (rnd(5) == 0)
		buf_printf(b, " aigp %u", rnd(0xFFFFFFFFu));
	else if (rnd(6) == 0)
		buf_printf(b, " attribute [ 0x1a 0x80 0x01000b%016x00 ]", rnd(2)); /* AIGP with a trailing byte: generic */
	if (rnd(5) == 0)
		buf_printf(b, " attribute [ 0x23 0xc0 0x%08x ]", rnd(0xFFFFFFFFu));
	if (rnd(6) == 0)
		buf_printf(b, " attribute [ 0x19 0xc0 0x0002%036x ]", rnd(100));
	if (rnd(4) == 0)
		buf_printf(b, " attribute [ 0x%02x 0x%02x 0x%06x ]", 0x80 + rnd(100), (rnd(4) << 6) | (rnd(2) << 4), rnd(99999));
	if (rnd(6) == 0)
		buf_printf(b, " path-information %u", rnd(1000));
	if (rnd(8) == 0)
		buf_printf(b, " watchdog w%u", rnd(5));
	if (rnd(8) == 0)
		buf_printf(b, " name n%u", rnd(5));
	if (rnd(10) == 0)
		buf_puts(b, " withdraw");
}

int main(void)
{
	struct buf text = BUF_INIT, route = BUF_INIT, printed = BUF_INIT;
	struct config_error err;
	size_t routes = 0, differ = 0;
	const int n = 3000;

	buf_puts(&text, "neighbor 127.0.0.1 {\n\tlocal-as 1;\n\tpeer-as 2;\n\tlocal-address 127.0.0.2;\n"
			"\tfamily {\n\t\tipv4 unicast;\n\t\tipv6 unicast;\n\t}\n\tstatic {\n");
	for (int i = 0; i < n; i++) {
		buf_puts(&text, "\t\t");
		random_route(&text, i);
		buf_puts(&text, ";\n");
	}
	buf_puts(&text, "\t}\n}\n");
	struct config *a = config_parse_text("random.conf", (const char *)text.data, text.len, &err);
	ok(a != NULL, "%d random routes parse", n);
	if (a == NULL) {
		printf("#   %s\n", err.message);
		return done_testing();
	}
	config_export(a, &printed);
	struct config *b = config_parse_text("printed.conf", (const char *)printed.data, printed.len, &err);
	ok(b != NULL, "their printed text parses");
	if (b == NULL) {
		printf("#   %s\n", err.message);
		return done_testing();
	}
	ok(config_equal(a, b), "parse(print(c)) == c");

	/* route by route, to name the first that differs */
	const struct config_routes *ra = &a->neighbors[0]->routes, *rb = &b->neighbors[0]->routes;
	is_int(rb->count, ra->count, "as many routes");
	for (size_t i = 0; i < ra->count && i < rb->count; i++) {
		routes++;
		if (config_route_equal(&ra->v[i], &a->attrs, &rb->v[i], &b->attrs))
			continue;
		if (differ++ == 0) {
			struct route r;
			config_route_view(&ra->v[i], &a->attrs, &r);
			buf_reset(&route);
			config_route_format(&route, &r, false);
			printf("#   differs: %s\n", buf_cstr(&route));
		}
	}
	is_int(differ, 0, "every one of %zu routes reads back identical", routes);
	ok(a->attrs.count == b->attrs.count, "the same number of interned attribute sets (%zu)", a->attrs.count);
	config_free(a);
	config_free(b);
	buf_free(&text);
	buf_free(&route);
	buf_free(&printed);
	return done_testing();
}
