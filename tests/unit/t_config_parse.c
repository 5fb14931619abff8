/* t_config_parse.c — what a configuration means: each statement's value, ExaBGP's
 * defaults, template inheritance (a template's value wins, lists add up, routes are
 * shared), families, ADD-PATH and nexthop resolution, api and process blocks, kept
 * statements for unsupported families, and the routes' interned attributes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/export.h"
#include "config/family_set.h"
#include "core/buf.h"
#include "model/route_text.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "tap.h"

static struct config *parse(const char *text)
{
	struct config_error err;
	struct config *c = config_parse_text("t.conf", text, strlen(text), &err);
	if (c == NULL)
		printf("#   %s\n", err.message);
	return c;
}

static const char *family_text(struct family_set s)
{
	static char text[512];
	struct buf b = BUF_INIT;
	family_set_format(&b, s);
	snprintf(text, sizeof(text), "%s", buf_cstr(&b));
	buf_free(&b);
	return text;
}

#define NEIGHBOR_HEAD "neighbor 192.0.2.1 {\n\tlocal-as 65001;\n\tpeer-as 65002;\n"

static void defaults(void)
{
	struct config *c = parse(NEIGHBOR_HEAD "\tlocal-address 192.0.2.2;\n}\n");
	ok(c != NULL && c->nneighbors == 1, "a minimal neighbour");
	if (!c)
		return;
	const struct settings_neighbor *s = &c->neighbors[0]->settings;
	is_int(s->hold_time, 180, "hold-time defaults to 180");
	is_int(s->capability.asn4, CAPA_ENABLE, "asn4 on by default");
	is_int(s->capability.extended_message, CAPA_ENABLE, "extended-message on by default");
	is_int(s->capability.route_refresh, CAPA_DISABLE, "route-refresh off by default");
	is_int(s->capability.add_path, ADD_PATH_DISABLE, "add-path off by default");
	ok(!s->capability.graceful_restart, "graceful-restart off by default");
	ok(s->group_updates && s->auto_flush && !s->adj_rib_in && !s->adj_rib_out && !s->manual_eor,
	   "group-updates, auto-flush on; adj-rib-in/out, manual-eor off");
	ok(!s->session.passive, "passive off");
	ok(s->session.has_router_id && memcmp(s->session.router_id, "\xc0\x00\x02\x02", 4) == 0,
	   "router-id defaults to an IPv4 local-address");
	is_str(family_text(s->families), family_text(family_default()), "no family block: ExaBGP's default families");
	ok(!family_set_has(s->families, AFI_IPV4, SAFI_RTC), "the default has no ipv4 rtc");
	ok(family_set_has(family_all(), AFI_IPV4, SAFI_RTC), "family all has it");
	is_int(s->session.outgoing_ttl, -1, "no outgoing TTL");
	is_int(c->neighbors[0]->own.given,
	       SETTINGS_BIT(SF_LOCAL_AS) | SETTINGS_BIT(SF_PEER_AS) | SETTINGS_BIT(SF_LOCAL_ADDRESS) |
		       SETTINGS_BIT(SF_PEER_ADDRESS),
	       "what the block gave is recorded");
	config_free(c);
}

static void values(void)
{
	struct config *c = parse(
		"neighbor 2001:db8::1 {\n"
		"\tdescription \"two words\";\n\trouter-id 10.0.0.1;\n\tlocal-address 2001:db8::2;\n"
		"\tlocal-as 1.10;\n\tpeer-as 4200000000;\n\thost-name r1.example;\n\tdomain-name example.net;\n"
		"\thold-time 0;\n\trate-limit 100;\n\tpassive;\n\tlisten 1179;\n\tconnect 2179;\n"
		"\toutgoing-ttl 255;\n\tincoming-ttl disable;\n\tmd5-password s3cr3t;\n\tmd5-ip 2001:db8::2;\n"
		"\tgroup-updates false;\n\tauto-flush disable;\n\tadj-rib-in enabled;\n\tadj-rib-out yes;\n"
		"\tmanual-eor true;\n\tsource-interface eth0;\n\tlocal-link-local fe80::1;\n"
		"\tcapability {\n\t\troute-refresh;\n\t\tasn4 disable;\n\t\tgraceful-restart;\n\t\tadd-path send;\n"
		"\t\textended-message require;\n\t\tsoftware-version enable;\n\t\tmulti-session;\n"
		"\t\tlink-local-nexthop enable;\n\t\tlink-local-prefer true;\n\t}\n"
		"}\n");
	ok(c != NULL, "every neighbour statement");
	if (!c)
		return;
	const struct settings_neighbor *s = &c->neighbors[0]->settings;
	is_str(s->description, "two words", "description");
	is_int(s->session.local_as, 65546, "local-as in asdot (1.10)");
	is_int(s->session.peer_as, 4200000000u, "a 4-octet peer-as");
	is_str(s->host_name, "r1.example", "host-name");
	is_str(s->domain_name, "example.net", "domain-name");
	is_int(s->hold_time, 0, "hold-time 0 is allowed");
	is_int(s->rate_limit, 100, "rate-limit");
	ok(s->session.passive, "a bare passive is true");
	ok(s->session.listen == 1179 && s->session.connect == 2179, "listen and connect");
	ok(s->session.outgoing_ttl == 255 && s->session.incoming_ttl == -1, "TTLs");
	is_str(s->session.md5_password, "s3cr3t", "md5-password");
	ok(!s->group_updates && !s->auto_flush && s->adj_rib_in && s->adj_rib_out && s->manual_eor, "booleans");
	is_str(s->session.source_interface, "eth0", "source-interface");
	is_int(s->capability.route_refresh, CAPA_ENABLE, "a bare route-refresh is enable");
	is_int(s->capability.asn4, CAPA_DISABLE, "asn4 disable");
	ok(s->capability.graceful_restart && s->capability.graceful_restart_time == 0,
	   "a bare graceful-restart takes the hold time (0 here)");
	is_int(s->capability.add_path, ADD_PATH_SEND, "add-path send");
	is_int(s->capability.extended_message, CAPA_REQUIRE, "extended-message require");
	is_int(s->capability.software_version, CAPA_ENABLE, "software-version enable");
	ok(s->capability.multi_session && s->capability.link_local_prefer, "multi-session, link-local-prefer");
	ok(s->given & SETTINGS_BIT(SF_LOCAL_LINK_LOCAL), "local-link-local");
	config_free(c);

	c = parse(NEIGHBOR_HEAD "\thold-time 90;\n\tcapability { graceful-restart; }\n}\n");
	ok(c && c->neighbors[0]->settings.capability.graceful_restart_time == 90,
	   "graceful-restart without a time is the hold time");
	config_free(c);
	c = parse(NEIGHBOR_HEAD "\thold-time 90;\n\thold-time 120;\n}\n");
	ok(c && c->neighbors[0]->settings.hold_time == 120, "a statement given twice keeps the last (ExaBGP)");
	config_free(c);
	c = parse("peer 192.0.2.1 { local-as 1; peer-as 1; }\n");
	ok(c && c->nneighbors == 1, "`peer` is `neighbor`");
	config_free(c);
	c = parse("neighbor 10.0.0.0/24 { local-as 1; peer-as 1; passive true; }\n");
	ok(c && c->neighbors[0]->settings.session.peer_prefix_len == 24, "a passive range of peers");
	config_free(c);
	c = parse("neighbor 10.0.0.1 { local-as auto; peer-as 65000; }\n");
	ok(c && c->neighbors[0]->settings.session.local_as_auto, "local-as auto");
	config_free(c);
	c = parse("neighbor 10.0.0.1 { local-as 1; peer-as 1; local-address auto; }\n");
	ok(c && c->neighbors[0]->settings.session.local_address.afi == 0 && !c->neighbors[0]->settings.session.has_router_id,
	   "local-address auto: no router-id yet (found at connection)");
	config_free(c);
}

static void families(void)
{
	struct config *c = parse(NEIGHBOR_HEAD
				 "\tfamily {\n\t\tipv6 unicast;\n\t\tipv4 UNICAST prefix-limit 10;\n\t\tl2vpn vpls;\n\t}\n"
				 "\tfamily { bgp-ls bgp-ls; ipv6 labeled-unicast; }\n"
				 "\tcapability { add-path send/receive; }\n"
				 "\tadd-path { ipv4 unicast limit 4; ipv4 flow; }\n"
				 "\tnexthop { ipv4 unicast ipv6; ipv4 multicast ipv6; }\n"
				 "}\n");
	ok(c != NULL, "family, add-path and nexthop blocks");
	if (!c)
		return;
	const struct settings_neighbor *s = &c->neighbors[0]->settings;
	is_str(family_text(s->families), "ipv4 unicast ipv6 unicast ipv6 nlri-mpls l2vpn vpls bgp-ls bgp-ls",
	       "families add up across blocks, sorted as ExaBGP negotiates them");
	is_int(s->prefix_limit[config_family_index(AFI_IPV4, SAFI_UNICAST)], 10, "prefix-limit");
	is_str(family_text(s->addpath), "ipv4 unicast", "add-path keeps only negotiated families");
	is_int(s->paths_limit[config_family_index(AFI_IPV4, SAFI_UNICAST)], 4, "paths limit");
	is_str(family_text(s->nexthop), "ipv4 unicast", "nexthop keeps families whose both AFIs are negotiated");
	is_int(s->capability.nexthop, CAPA_ENABLE, "a nexthop block turns the capability on");
	config_free(c);

	c = parse(NEIGHBOR_HEAD "\tfamily { ipv4 unicast; ipv6 unicast; }\n\tcapability { add-path receive; }\n}\n");
	ok(c && c->neighbors[0]->settings.addpath.bits == c->neighbors[0]->settings.families.bits,
	   "add-path without a block: every negotiated family");
	config_free(c);
	c = parse(NEIGHBOR_HEAD "\tfamily { ipv4 unicast; }\n\tadd-path { ipv4 unicast; }\n}\n");
	ok(c && family_set_empty(c->neighbors[0]->settings.addpath), "add-path families without the capability: none");
	config_free(c);
	c = parse(NEIGHBOR_HEAD "\tfamily { all; }\n}\n");
	ok(c && c->neighbors[0]->settings.families.bits == family_all().bits, "family all");
	config_free(c);
	c = parse(NEIGHBOR_HEAD "\tfamily { }\n}\n");
	ok(c && c->neighbors[0]->settings.families.bits == family_default().bits, "an empty family block: the default");
	config_free(c);
}

static void inheritance(void)
{
	const char *text = "template {\n"
			   "\tneighbor base {\n\t\thold-time 90;\n\t\tlocal-as 65001;\n\t\tfamily { ipv4 unicast; }\n"
			   "\t\tapi { processes [ p ]; }\n"
			   "\t\tstatic { route 10.0.0.0/24 next-hop 192.0.2.1; route 10.0.1.0/24 next-hop 192.0.2.1; }\n\t}\n"
			   "\tneighbor more {\n\t\tdescription more;\n\t\tfamily { ipv6 unicast; }\n\t}\n"
			   "}\n"
			   "process p { run /bin/cat; }\n"
			   "neighbor 192.0.2.1 {\n\tinherit base;\n\thold-time 30;\n\tpeer-as 65002;\n"
			   "\tstatic { route 10.9.0.0/24 next-hop 192.0.2.9; }\n}\n"
			   "neighbor 192.0.2.2 {\n\tinherit [ base, more ];\n\tpeer-as 65003;\n\tdescription mine;\n}\n";
	struct config *c = parse(text);
	ok(c != NULL && c->ntemplates == 2 && c->nneighbors == 2, "templates and inherit");
	if (!c)
		return;
	const struct config_neighbor *a = c->neighbors[0], *b = c->neighbors[1];
	is_int(a->settings.hold_time, 90, "a template's value replaces the neighbour's own (ExaBGP's transfer)");
	is_int(a->own.hold_time, 30, "the neighbour's own value is kept as written");
	is_int(a->settings.session.local_as, 65001, "what only the template gives");
	is_int(a->settings.napi, 1, "the template's api block");
	is_int(config_neighbor_route_count(a), 3, "own routes and the template's");
	is_int(a->nblocks, 2, "two route blocks: its own, then the template's");
	ok(a->blocks[1] == &c->templates[0]->routes && b->blocks[1] == a->blocks[1],
	   "the template's routes are shared by the neighbours, not copied");
	is_str(b->settings.description, "more", "the later template wins over the neighbour");
	is_str(family_text(b->settings.families), "ipv4 unicast ipv6 unicast", "families of both templates");
	config_free(c);
}

static void routes(void)
{
	const char *text = NEIGHBOR_HEAD
		"\tfamily { ipv4 unicast; ipv4 multicast; ipv6 unicast; ipv6 multicast; }\n"
		"\tstatic {\n"
		"\t\troute 10.0.0.0/24 next-hop 192.0.2.1 med 10 community [ 65000:1 ];\n"
		"\t\troute 10.0.1.0/24 next-hop 192.0.2.1 med 10 community [ 65000:1 ];\n"
		"\t\troute 10.0.2.0/24 {\n\t\t\tnext-hop 192.0.2.1;\n\t\t\tmed 10;\n\t\t\tcommunity [ 65000:1 ];\n\t\t}\n"
		"\t\troute 10.1.0.0/23 next-hop self split /24;\n"
		"\t\troute 224.1.0.0/16 next-hop 192.0.2.1;\n"
		"\t\tattributes next-hop 192.0.2.3 local-preference 5 nlri 10.2.0.0/24 10.3.0.0/24;\n"
		"\t\troute 10.4.0.0/24 next-hop 192.0.2.1 path-information 1.2.3.4 watchdog w name n withdraw;\n"
		"\t}\n"
		"\tannounce {\n\t\tipv4 {\n\t\t\tmulticast 10.5.0.0/24 next-hop 192.0.2.1;\n\t\t}\n"
		"\t\tipv6 {\n\t\t\tunicast 2001:db8::/32 next-hop 2001:db8::1;\n\t\t\tmulticast ff0e::/16 next-hop 2001:db8::1;\n\t\t}\n\t}\n"
		"}\n";
	struct config *c = parse(text);
	ok(c != NULL, "static and announce routes");
	if (!c)
		return;
	const struct config_routes *r = &c->neighbors[0]->routes;
	is_int(r->count, 12, "every route (split makes two, attributes ... nlri two)");
	ok(r->v[0].attrs == r->v[1].attrs && r->v[1].attrs == r->v[2].attrs,
	   "equal attributes are one interned entry, block form included");
	ok(r->v[3].attrs == r->v[4].attrs && r->v[3].attrs != r->v[0].attrs, "split routes share theirs");
	is_int(c->attrs.count, 6, "six distinct attribute entries");
	struct route view;
	char text_prefix[NLRI_PREFIX_STR_MAX];
	config_route_view(&r->v[5], &c->attrs, &view);
	ok(view.nlri.safi == SAFI_MULTICAST && strcmp(nlri_prefix_format(&view.nlri, text_prefix), "224.1.0.0/16") == 0,
	   "224.0.0.0/4 is multicast");
	config_route_view(&r->v[8], &c->attrs, &view);
	ok(view.nlri.has_path_id && view.nlri.path_id == 0x01020304 && view.start_withdrawn &&
		   strcmp(view.watchdog, "w") == 0 && strcmp(view.name, "n") == 0,
	   "path-information, watchdog, name, withdraw");
	config_route_view(&r->v[9], &c->attrs, &view);
	ok(view.nlri.afi == AFI_IPV4 && view.nlri.safi == SAFI_MULTICAST, "announce ipv4 multicast of a unicast prefix");
	config_route_view(&r->v[11], &c->attrs, &view);
	ok(view.nlri.afi == AFI_IPV6 && view.nlri.safi == SAFI_MULTICAST, "announce ipv6 multicast");
	config_route_view(&r->v[3], &c->attrs, &view);
	ok(view.nexthop.self && view.nexthop.len == 4, "next-hop self stays unresolved");

	/* the cache of attribute texts gives what the grammar gives */
	struct update_collection direct;
	update_collection_init(&direct);
	route_text_parse(&direct, "route 10.0.1.0/24 next-hop 192.0.2.1 med 10 community [ 65000:1 ]", 65, NULL, NULL);
	config_route_view(&r->v[1], &c->attrs, &view);
	ok(direct.count == 1 && attr_set_equal(direct.routes[0].attrs, view.attrs) &&
		   nexthop_equal(&direct.routes[0].nexthop, &view.nexthop) && direct.routes[0].nlri.len == view.nlri.len &&
		   memcmp(direct.routes[0].nlri.data, view.nlri.data, view.nlri.len) == 0,
	   "a route read through the cache is the route the grammar reads");
	update_collection_fini(&direct);
	config_free(c);
}

/* Statements whose words after the prefix repeat go through the cache of attribute texts:
 * each stored route must be the one the grammar gives for its statement alone. */
static void cache(void)
{
	static const char *const rests[] = {
		"next-hop self med 5",
		"next-hop 192.0.2.1 community [ 65000:1 ] path-information 9",
		"next-hop 2001:db8::1 origin egp withdraw",
		"next-hop self watchdog w name n",
	};
	struct buf text = BUF_INIT, one = BUF_INIT;
	buf_puts(&text, NEIGHBOR_HEAD "\tfamily { ipv4 unicast; ipv6 unicast; }\n\tstatic {\n");
	for (int i = 0; i < 64; i++) {
		if (i % 3 == 2)
			buf_printf(&text, "\t\troute 2001:db8:%x::/48 %s;\n", i, rests[i % 4]);
		else
			buf_printf(&text, "\t\troute 10.%d.0.0/16 %s;\n", i, rests[i % 4]);
	}
	buf_puts(&text, "\t}\n}\n");
	struct config *c = parse(buf_cstr(&text));
	ok(c != NULL && c->neighbors[0]->routes.count == 64, "64 routes, four attribute texts, two AFIs");
	size_t same = 0;
	struct update_collection direct;
	update_collection_init(&direct);
	for (int i = 0; c && i < 64; i++) {
		buf_reset(&one);
		if (i % 3 == 2)
			buf_printf(&one, "route 2001:db8:%x::/48 %s", i, rests[i % 4]);
		else
			buf_printf(&one, "route 10.%d.0.0/16 %s", i, rests[i % 4]);
		update_collection_reset(&direct);
		struct route view;
		config_route_view(&c->neighbors[0]->routes.v[i], &c->attrs, &view);
		if (route_text_parse(&direct, (const char *)one.data, one.len, NULL, NULL) == 0 && direct.count == 1) {
			const struct route *r = &direct.routes[0];
			if (attr_set_equal(r->attrs, view.attrs) && nexthop_equal(&r->nexthop, &view.nexthop) &&
			    r->nlri.afi == view.nlri.afi && r->nlri.safi == view.nlri.safi && r->nlri.len == view.nlri.len &&
			    memcmp(r->nlri.data, view.nlri.data, r->nlri.len) == 0 && r->nlri.has_path_id == view.nlri.has_path_id &&
			    r->nlri.path_id == view.nlri.path_id && r->start_withdrawn == view.start_withdrawn &&
			    ((r->watchdog == NULL) == (view.watchdog == NULL)))
				same++;
		}
	}
	is_int(same, 64, "every cached route is the grammar's (next-hop self takes each prefix's AFI)");
	update_collection_fini(&direct);
	buf_free(&text);
	buf_free(&one);
	config_free(c);
}

static void kept(void)
{
	const char *text = NEIGHBOR_HEAD
		"\tfamily { ipv4 unicast; ipv4 mpls-vpn; ipv4 flow; l2vpn vpls; ipv4 mcast-vpn; }\n"
		"\tstatic { route 10.0.0.0/24 rd 65000:1 next-hop 192.0.2.1 label 100 bgp-prefix-sid-srv6 ( l3-service 2001:1:: ); }\n"
		"\tflow { route f { match { source 10.0.0.1/32; } then { discard; } } }\n"
		"\tl2vpn { vpls endpoint 5 base 1 offset 1 size 8 rd 1:1 next-hop 192.0.2.1; }\n"
		"\tannounce { ipv4 { mcast-vpn source-ad source 10.0.0.1 group 239.0.0.1 rd 1:1 next-hop 192.0.2.1; } }\n"
		"\toperational { asm afi ipv4 safi unicast advisory \"x\"; }\n"
		"}\n";
	struct config *c = parse(text);
	ok(c != NULL, "unsupported families parse into settings");
	if (!c)
		return;
	const struct config_neighbor *n = c->neighbors[0];
	is_int(n->nraw, 1, "one statement kept");
	is_int(n->routes.count, 4, "the SRv6 VPN, flow, vpls and mcast-vpn ones are routes");
	ok(n->routes.v[0].nlri_len > 0 && n->routes.v[0].attrs != n->routes.v[1].attrs, "a route with an SRv6 prefix SID");
	ok(config_family_table[n->routes.v[1].family].safi == SAFI_FLOW, "of family ipv4 flow");
	ok(config_family_table[n->routes.v[2].family].safi == SAFI_VPLS, "vpls");
	ok(config_family_table[n->routes.v[3].family].safi == SAFI_MCAST_VPN, "mcast-vpn");
	ok(n->raw[0].place == RAW_NEIGHBOR, "operational");
	struct buf out = BUF_INIT;
	size_t items = config_unsupported(c, &out);
	ok(items == 1, "reported: each kept statement (%zu)", items);
	ok(strstr(buf_cstr(&out), "t.conf:9:") != NULL,
	   "with its position");
	buf_free(&out);
	config_free(c);
}

static void processes(void)
{
	struct config *c = parse("process a {\n\trun /usr/bin/env python3 -u \"x y\";\n\tencoder json;\n\trespawn false;\n}\n"
				 "process b-2 { run b; on-exit keep; }\n"
				 "neighbor 192.0.2.1 {\n\tlocal-as 1; peer-as 1;\n"
				 "\tapi speak {\n\t\tprocesses [ a b-2 ];\n\t\tneighbor-changes;\n"
				 "\t\tsend { packets; update; }\n\t\treceive { parsed; update false; open; }\n\t}\n"
				 "\tapi { processes-match [ ^b ]; }\n}\n");
	ok(c != NULL && c->nprocesses == 2, "processes and api blocks");
	if (!c)
		return;
	const struct settings_process *p = &c->processes[0];
	ok(p->nrun == 4 && strcmp(p->run[3], "x y") == 0, "run keeps the program and its arguments");
	ok(p->encoder == ENCODER_JSON && !p->respawn && c->processes[1].on_exit == ON_EXIT_KEEP, "encoder, respawn, on-exit");
	ok(c->processes[1].encoder == ENCODER_TEXT && c->processes[1].respawn, "ExaBGP 6's defaults: text, respawn");
	const struct settings_neighbor *s = &c->neighbors[0]->settings;
	ok(s->napi == 2 && strcmp(s->api[0].name, "speak") == 0 && s->api[1].name == NULL, "named and unnamed api blocks");
	ok(s->api[0].nprocesses == 2 && s->api[0].flags == API_NEIGHBOR_CHANGES, "processes, neighbor-changes");
	ok(s->api[0].send == (API_MSG_PACKETS | API_MSG_UPDATE) && s->api[0].receive == (API_MSG_PARSED | API_MSG_OPEN),
	   "send and receive");
	config_free(c);
}

int main(void)
{
	defaults();
	values();
	families();
	inheritance();
	routes();
	cache();
	kept();
	processes();
	return done_testing();
}
