/* t_config_settings.c — the programmatic API: family_parse / family_all, settings built in
 * code turned into the same configuration a file gives (config_from_settings), ExaBGP's
 * setup helpers (config_create_minimal, config_add_route, config_create_with_routes,
 * config_parse_route_text), and cooperative export (chunks of at most 1000 routes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/export.h"
#include "config/family_set.h"
#include "config/setup.h"
#include "core/buf.h"
#include "wire/family.h"
#include "tap.h"

static void families(void)
{
	struct family_set s;
	char why[160];

	ok(family_parse("ipv4 unicast ipv6 unicast", &s, why, sizeof(why)) == 0 && family_set_count(s) == 2 &&
		   family_set_has(s, AFI_IPV4, SAFI_UNICAST) && family_set_has(s, AFI_IPV6, SAFI_UNICAST),
	   "family_parse: two families");
	ok(family_parse("IPv4 Flow, l2vpn vpls", &s, why, sizeof(why)) == 0 && family_set_has(s, AFI_IPV4, SAFI_FLOW) &&
		   family_set_has(s, AFI_L2VPN, SAFI_VPLS),
	   "any case, commas");
	ok(family_parse("all", &s, why, sizeof(why)) == 0 && s.bits == family_all().bits, "all");
	ok(family_parse(" ipv6 labeled-unicast ", &s, why, sizeof(why)) == 0 && family_set_has(s, AFI_IPV6, SAFI_NLRI_MPLS),
	   "labeled-unicast is nlri-mpls");
	ok(family_parse("ipv4", &s, why, sizeof(why)) < 0 && strstr(why, "not followed by a SAFI"), "an AFI alone: %s", why);
	ok(family_parse("ipv4 unicorn", &s, why, sizeof(why)) < 0 && strstr(why, "'ipv4 unicorn' is not a family"),
	   "an unknown family: %s", why);
	ok(family_parse("", &s, why, sizeof(why)) < 0 && family_parse(NULL, &s, NULL, 0) < 0, "nothing is an error");
	is_int(family_set_count(family_all()), CONFIG_FAMILY_COUNT, "family_all: every family");
	struct buf b = BUF_INIT;
	family_set_format(&b, family_all());
	ok(strncmp(buf_cstr(&b), "ipv4 unicast ipv4 multicast ipv4 nlri-mpls", 42) == 0, "sorted as ExaBGP sorts them");
	buf_free(&b);
}

static bool round_trips(const struct config *c)
{
	struct buf text = BUF_INIT, again = BUF_INIT;
	struct config_error err;
	config_export(c, &text);
	struct config *b = config_parse_text("<export>", (const char *)text.data, text.len, &err);
	bool same = b && config_equal(c, b);
	if (b == NULL)
		printf("#   %s\n#   %s\n", err.message, buf_cstr(&text));
	if (b) {
		config_export(b, &again);
		same = same && again.len == text.len && memcmp(again.data, text.data, text.len) == 0;
	}
	config_free(b);
	buf_free(&text);
	buf_free(&again);
	return same;
}

static void minimal(void)
{
	struct config_error err;
	struct config *c = config_create_minimal("127.0.0.1", "127.0.0.1", 65533, 65533, "ipv4 unicast", false, &err);
	ok(c != NULL && c->nneighbors == 1, "config_create_minimal: one neighbour");
	if (!c)
		return;
	const struct settings_neighbor *s = &c->neighbors[0]->settings;
	ok(s->session.local_as == 65533 && s->session.peer_as == 65533 && s->hold_time == 180 &&
		   s->capability.asn4 == CAPA_ENABLE,
	   "its ASes, and ExaBGP's defaults");
	ok(family_set_count(s->families) == 1 && family_set_empty(s->addpath), "one family, no ADD-PATH");
	ok(round_trips(c), "it prints and reads back the same");
	config_free(c);

	c = config_create_minimal("2001:db8::1", "2001:db8::2", 1, 2, "all", true, &err);
	ok(c == NULL && strstr(err.message, "router-id is missing"), "an IPv6 neighbour needs a router-id: %.120s", err.message);
	c = config_create_minimal("10.0.0.1", "10.0.0.2", 1, 2, "all", true, &err);
	ok(c != NULL, "every family, ADD-PATH");
	if (c) {
		const struct settings_neighbor *n = &c->neighbors[0]->settings;
		ok(n->families.bits == family_all().bits && n->addpath.bits == n->families.bits &&
			   n->capability.add_path == ADD_PATH_SEND_RECEIVE,
		   "ADD-PATH on every family");
		ok(n->capability.nexthop == CAPA_ENABLE && family_set_has(n->nexthop, AFI_IPV4, SAFI_UNICAST) &&
			   family_set_has(n->nexthop, AFI_IPV6, SAFI_MPLS_VPN),
		   "with all, the nexthop capability is on for the IP families (ExaBGP's setup)");
		ok(round_trips(c), "it prints and reads back the same");
		config_free(c);
	}
	ok(config_create_minimal("nowhere", "10.0.0.2", 1, 2, NULL, false, &err) == NULL &&
		   strstr(err.message, "'nowhere' is not an IP address"),
	   "a bad address: %.120s", err.message);
	ok(config_create_minimal("10.0.0.1", "10.0.0.2", 1, 2, "ipv4 multi", false, &err) == NULL &&
		   strstr(err.message, "families:"),
	   "bad families: %.120s", err.message);
}

static void from_settings(void)
{
	struct settings_config sc;
	struct settings_neighbor n[2];
	struct settings_process proc;
	struct settings_api api;
	const char *procs[] = {"watch"};
	const char *run[] = {"/usr/bin/watch", "--all"};
	char description[32];
	struct config_error err;

	settings_config_init(&sc);
	settings_process_init(&proc);
	proc.name = "watch";
	proc.run = run;
	proc.nrun = 2;
	proc.encoder = ENCODER_JSON;
	proc.given = SPF_ENCODER;

	memset(&api, 0, sizeof(api));
	api.name = "a";
	api.processes = procs;
	api.nprocesses = 1;
	api.flags = API_NEIGHBOR_CHANGES;
	api.receive = API_MSG_PARSED | API_MSG_UPDATE;

	settings_neighbor_init(&n[0]);
	settings_ip_parse("192.0.2.1", &n[0].session.peer_address);
	settings_ip_parse("192.0.2.2", &n[0].session.local_address);
	n[0].session.local_as = 65001;
	n[0].session.peer_as = 65002;
	n[0].hold_time = 30;
	snprintf(description, sizeof(description), "built in code");
	n[0].description = description;
	n[0].capability.graceful_restart = true;
	n[0].capability.graceful_restart_time = 120;
	family_parse("ipv4 unicast ipv6 unicast", &n[0].families, NULL, 0);
	n[0].api = &api;
	n[0].napi = 1;

	settings_neighbor_init(&n[1]);
	settings_ip_parse("192.0.2.3", &n[1].session.peer_address);
	n[1].session.local_as = 65001;
	n[1].session.peer_as = 65003;
	n[1].session.passive = true;

	sc.neighbors = n;
	sc.nneighbors = 2;
	sc.processes = &proc;
	sc.nprocesses = 1;
	struct config *c = config_from_settings(&sc, &err);
	ok(c != NULL && c->nneighbors == 2 && c->nprocesses == 1, "config_from_settings");
	if (!c) {
		printf("#   %s\n", err.message);
		return;
	}
	snprintf(description, sizeof(description), "changed");
	const struct config_neighbor *a = c->neighbors[0];
	is_str(a->settings.description, "built in code", "strings are copied");
	ok(a->own.given == (SETTINGS_BIT(SF_PEER_ADDRESS) | SETTINGS_BIT(SF_LOCAL_ADDRESS) | SETTINGS_BIT(SF_LOCAL_AS) |
			    SETTINGS_BIT(SF_PEER_AS) | SETTINGS_BIT(SF_HOLD_TIME) | SETTINGS_BIT(SF_DESCRIPTION) |
			    SETTINGS_BIT(SF_CAP_GRACEFUL_RESTART)),
	   "what differs from the defaults counts as given");
	ok(a->settings.session.has_router_id && a->settings.capability.graceful_restart_time == 120,
	   "resolved as a file's: router-id from the local address");
	ok(a->settings.napi == 1 && strcmp(a->settings.api[0].processes[0], "watch") == 0, "api blocks");
	ok(c->neighbors[1]->settings.session.passive && c->neighbors[1]->settings.session.local_address.afi == 0,
	   "a passive neighbour with an automatic local address");
	ok(round_trips(c), "a configuration built in code prints and reads back the same");
	struct buf text = BUF_INIT;
	config_export(c, &text);
	ok(strstr(buf_cstr(&text), "process watch {\n\trun /usr/bin/watch --all;\n\tencoder json;\n}\n") != NULL &&
		   strstr(buf_cstr(&text), "\thold-time 30;\n") != NULL &&
		   strstr(buf_cstr(&text), "\tcapability {\n\t\tgraceful-restart 120;\n\t}\n") != NULL,
	   "its text is a file's");
	buf_free(&text);
	config_free(c);

	n[0].description = "both \" and '";
	c = config_from_settings(&sc, &err);
	ok(c == NULL && strstr(err.message, "both kinds of quote"), "a string no configuration can write is refused");
	n[0].description = "tab\tand newline\n";
	c = config_from_settings(&sc, &err);
	ok(c != NULL && round_trips(c), "tabs and newlines are written escaped, and read back");
	config_free(c);
	n[0].description = description;
	procs[0] = "missing";
	c = config_from_settings(&sc, &err);
	ok(c == NULL && strstr(err.message, "process 'missing' is not defined"), "checked as a file: %.120s", err.message);
	procs[0] = "watch";
	n[1].session.peer_address.afi = 0;
	c = config_from_settings(&sc, &err);
	ok(c == NULL && strstr(err.message, "neighbor 1: the peer address is not set"), "a neighbour needs a peer: %.120s",
	   err.message);
	n[1].session.peer_address.afi = 1;
	n[1].given = SETTINGS_BIT(SF_PASSIVE); /* given explicitly: local-as and peer-as are always counted */
	c = config_from_settings(&sc, &err);
	ok(c != NULL && c->neighbors[1]->own.given ==
			       (SETTINGS_BIT(SF_PASSIVE) | SETTINGS_BIT(SF_PEER_ADDRESS) | SETTINGS_BIT(SF_LOCAL_AS) |
				SETTINGS_BIT(SF_PEER_AS)),
	   "an explicit given mask is kept");
	config_free(c);
}

static int count_route(void *ctx, const struct route *r)
{
	(void)r;
	(*(size_t *)ctx)++;
	return 0;
}

static void routes(void)
{
	struct config_error err;
	struct config *c = config_create_minimal("127.0.0.1", "127.0.0.1", 65533, 65533, "ipv4 unicast ipv6 unicast",
						 false, &err);
	long n = config_add_route(c, "route 10.0.0.0/24 next-hop 192.0.2.1 med 5", ROUTE_ANNOUNCE, &err);
	is_int(n, 1, "config_add_route: one route to one neighbour");
	n = config_add_route(c, "announce attributes next-hop 192.0.2.1 nlri 10.0.1.0/24 10.0.2.0/24", ROUTE_ANNOUNCE, &err);
	is_int(n, 2, "an API command with several prefixes");
	n = config_add_route(c, "route 224.0.0.0/8 next-hop 192.0.2.1", ROUTE_ANNOUNCE, &err);
	is_int(n, 0, "a family no neighbour negotiates: none taken");
	n = config_add_route(c, "route 10.0.0.0/24 next-hop 192.0.2.1", ROUTE_WITHDRAW, &err);
	is_int(n, 1, "withdraw removes it");
	n = config_add_route(c, "withdraw route 10.0.1.0/24", ROUTE_ANNOUNCE, &err);
	is_int(n, 1, "so does a withdraw command");
	n = config_add_route(c, "route 10.0.0.0/24 next-hop 192.0.2.1 med x", ROUTE_ANNOUNCE, &err);
	ok(n == -1 && strstr(err.message, "med: 'x' is not a number"), "a bad route: %.120s", err.message);
	size_t count = 0;
	config_neighbor_routes(c, c->neighbors[0], count_route, &count);
	is_int(count, 1, "one route left");
	ok(round_trips(c), "routes added in code print and read back");

	struct update_collection out;
	update_collection_init(&out);
	ok(config_parse_route_text(c, "route 10.9.0.0/24 next-hop 192.0.2.1", 36, &out, &err) == 0 && out.count == 1,
	   "config_parse_route_text returns the routes");
	is_int(config_neighbor_route_count(c->neighbors[0]), 1, "and leaves the neighbours as they were");
	ok(config_parse_route_text(c, "route 10.9.0.0/24 next-hop nowhere", 34, &out, &err) < 0 &&
		   strstr(err.message, "next-hop"),
	   "its errors: %.120s", err.message);
	update_collection_fini(&out);
	config_free(c);

	c = config_create_with_routes("route 10.0.0.0/24 next-hop 192.0.2.1", "127.0.0.1", "127.0.0.1", 1, 2, NULL, false,
				      ROUTE_ANNOUNCE, &err);
	ok(c != NULL && config_neighbor_route_count(c->neighbors[0]) == 1, "config_create_with_routes");
	config_free(c);
	c = config_create_with_routes("route 2001:db8::/32 next-hop ::1", "127.0.0.1", "127.0.0.1", 1, 2, "ipv4 unicast",
				      false, ROUTE_ANNOUNCE, &err);
	ok(c == NULL && strstr(err.message, "no neighbor negotiates"), "routes no neighbour takes: %.120s", err.message);
}

/* A million routes are written 1000 at a time, the server's loop running in between. */
static void chunks(void)
{
	struct config_error err;
	struct config *c = config_create_minimal("127.0.0.1", "127.0.0.1", 1, 2, "ipv4 unicast", false, &err);
	char text[96];
	for (int i = 0; i < 2500; i++) {
		snprintf(text, sizeof(text), "route 10.%d.%d.0/24 next-hop 192.0.2.1 med %d", i >> 8, i & 255, i % 3);
		config_add_route(c, text, ROUTE_ANNOUNCE, &err);
	}
	struct config_export e;
	struct buf chunk = BUF_INIT, whole = BUF_INIT, all = BUF_INIT;
	size_t n = 0, most = 0, total = 0;
	config_export_init(&e, c);
	int more;
	do {
		buf_reset(&chunk);
		more = config_export_next(&e, &chunk);
		size_t routes = 0;
		for (const char *p = buf_cstr(&chunk); (p = strstr(p, "route ")) != NULL; p++)
			routes++;
		most = routes > most ? routes : most;
		total += routes;
		buf_put(&all, chunk.data, chunk.len);
		n++;
	} while (more);
	config_export(c, &whole);
	is_int(most, CONFIG_EXPORT_ROUTES, "no chunk holds more than 1000 routes");
	is_int(total, 2500, "every route is written");
	ok(n >= 4, "the routes took several chunks (%zu)", n);
	ok(all.len == whole.len && memcmp(all.data, whole.data, all.len) == 0, "the chunks make the whole text");
	ok(round_trips(c), "and it reads back");
	buf_free(&chunk);
	buf_free(&whole);
	buf_free(&all);
	config_free(c);
}

int main(void)
{
	families();
	minimal();
	from_settings();
	routes();
	chunks();
	return done_testing();
}
