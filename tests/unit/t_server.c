/* t_server.c — the server's public interface, the way the API will use it: two servers on
 * one event loop (A passive with an Adj-RIB-In, B announcing from its configuration), then
 * B driven through server.h — routes announced and withdrawn through the store, a teardown,
 * a peer created and deleted, peer information, the event hook and its JSON — and both shut
 * down. Loopback only; every wait is bounded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgp/speaker.h"
#include "config/settings.h"
#include "core/event.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "server/server.h"
#include "wire/family.h"
#include "tap.h"

struct seen {
	int up, down, updates, json_ok;
	bool wanted_without_api;
	uint8_t notification[64];       /* the body (after the header) of the last one received */
	size_t notification_len;
	struct server *srv;
};

static void hook(void *ctx, struct server_peer *p, const struct bgp_event *ev)
{
	struct seen *s = ctx;
	if (ev->type == BGP_EVENT_UP)
		s->up++;
	if (ev->type == BGP_EVENT_DOWN)
		s->down++;
	if (ev->type == BGP_EVENT_NOTIFICATION && !ev->sent && ev->msg_len >= 19) {
		s->notification_len = ev->msg_len - 19 < sizeof(s->notification) ? ev->msg_len - 19 : sizeof(s->notification);
		memcpy(s->notification, ev->msg + 19, s->notification_len);
	}
	if (ev->type == BGP_EVENT_UPDATE) {
		s->updates++;
		struct buf out = BUF_INIT;
		if (server_event_json(s->srv, p, ev, &out) == 0 && strstr(buf_cstr(&out), "\"type\": \"update\""))
			s->json_ok++;
		buf_free(&out);
		s->wanted_without_api |= server_peer_wants(p, ev);
	}
}

static size_t rib_in_count(struct server *srv, struct server_peer *p)
{
	struct rib_store *s = server_rib_in(srv);
	struct adjout *a = server_peer_adj_rib_in(p);
	if (s == NULL || a == NULL)
		return 0;
	struct rib_iter it;
	rib_iter_init(&it, 0, 0, a);
	size_t n = 0;
	while (rib_iter_next(s, &it))
		n++;
	return n;
}

/* Turn the loop until want routes are in A's Adj-RIB-In (or ms pass). */
static bool wait_count(struct event_loop *loop, struct server *a, struct server_peer *pa, size_t want, int ms)
{
	uint64_t end = event_loop_now(loop) + (uint64_t)ms;
	while (event_loop_now(loop) < end) {
		if (rib_in_count(a, pa) == want)
			return true;
		event_loop_turn(loop, 20);
	}
	return rib_in_count(a, pa) == want;
}

static bool done_a, done_b;
static void stopped(struct server *srv, void *arg)
{
	(void)srv;
	*(bool *)arg = true;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static int parse_route(struct update_collection *c, const char *text)
{
	struct route_text_opts opts = {0, 0};
	struct route_text_error err;
	return route_text_parse(c, text, strlen(text), &opts, &err);
}

/* Every statement with an engine counterpart reaches the session's settings. */
static void test_settings(const char *dir)
{
	char path[128], err[800];
	snprintf(path, sizeof(path), "%s/settings.conf", dir);
	write_file(path, "neighbor 192.0.2.7 {\n\trouter-id 192.0.2.1;\n\tlocal-address 192.0.2.1;\n"
			 "\tlocal-as 4200000001;\n\tpeer-as 65007;\n\thold-time 30;\n\tpassive;\n"
			 "\tconnect 1790;\n\tlisten 1791;\n\toutgoing-ttl 10;\n\tincoming-ttl 254;\n"
			 "\tmd5-password czNjcmV0;\n\tmd5-base64 true;\n\thost-name edge;\n\tdomain-name example.net;\n"
			 "\tmanual-eor true;\n\tgroup-updates false;\n\tadj-rib-in true;\n"
			 "\tfamily { ipv4 unicast prefix-limit 100; ipv6 unicast; }\n"
			 "\tnexthop { ipv4 unicast ipv6; }\n"
			 "\tcapability { graceful-restart 120; add-path send/receive; route-refresh; "
			 "software-version enable; }\n}\n");
	struct event_loop *loop = event_loop_new();
	const char *paths[] = {path};
	struct server_options o = {.paths = paths, .npaths = 1, .software = "attobgp/test", .host = "test"};
	struct server *srv = server_new(loop, &o, err, sizeof(err));
	ok(srv != NULL, "a neighbour with every mapped statement loads");
	if (srv == NULL) {
		printf("# %s\n", err);
		event_loop_free(loop);
		return;
	}
	const struct bgp_session_settings *s = bgp_session_settings(server_peer_session(server_peer_at(srv, 0)));
	char addr[BGP_ADDRESS_STR_MAX];
	is_str(bgp_address_format(&s->peer_address, addr), "192.0.2.7", "peer address");
	is_str(bgp_address_format(&s->local_address, addr), "192.0.2.1", "local address");
	ok(s->local_as == 4200000001u && s->peer_as == 65007 && s->asn4, "ASes, asn4");
	is_int(s->router_id, 0xc0000201, "router-id");
	is_int(s->hold_time, 30, "hold-time");
	ok(s->passive && s->peer_port == 1790, "passive, connect");
	ok(s->outgoing_ttl == 10 && s->incoming_ttl == 254, "outgoing-ttl, incoming-ttl (GTSM)");
	ok(s->md5_len == 6 && memcmp(s->md5_key, "s3cret", 6) == 0, "md5-password, base64-decoded");
	ok(s->hostname && strcmp(s->host_name, "edge") == 0 && strcmp(s->domain_name, "example.net") == 0,
	   "host-name, domain-name");
	ok(s->manual_eor && !s->group_updates && s->adj_rib_in, "manual-eor, group-updates, adj-rib-in");
	uint64_t v4 = family_bit(AFI_IPV4, SAFI_UNICAST), v6 = family_bit(AFI_IPV6, SAFI_UNICAST);
	ok(s->families == (v4 | v6), "families");
	is_int(s->max_prefix[family_index(AFI_IPV4, SAFI_UNICAST)], 100, "prefix-limit: max-prefix");
	ok(s->nexthop_count == 1 && s->nexthop[0].afi == AFI_IPV4 && s->nexthop[0].nh_afi == AFI_IPV6,
	   "nexthop: ipv4 unicast over ipv6");
	ok(s->graceful_restart && s->graceful_restart_time == 120, "graceful-restart 120");
	ok(s->addpath_send == (v4 | v6) && s->addpath_receive == (v4 | v6), "add-path send/receive");
	ok(s->route_refresh, "route-refresh");
	is_str(s->software_version, "attobgp/test", "software-version: the server's text");
	ok(server_peer_adj_rib_in(server_peer_at(srv, 0)) != NULL, "adj-rib-in: an Adj-RIB-In");
	server_free(srv);
	event_loop_free(loop);
	unlink(path);

	/* what the engine cannot do refuses the neighbour, with the file's position */
	write_file(path, "neighbor 192.0.2.0/24 {\n\tlocal-as 1;\n\tpeer-as 2;\n\tpassive;\n}\n");
	loop = event_loop_new();
	srv = server_new(loop, &o, err, sizeof(err));
	ok(srv == NULL && strstr(err, "settings.conf:1:") && strstr(err, "range of peers"),
	   "a range of peers is refused, with FILE:LINE");
	printf("# %s\n", err);
	server_free(srv);
	event_loop_free(loop);
	unlink(path);
}

int main(void)
{
	char dir[] = "/tmp/attobgp-t_server-XXXXXX", pa_path[128], pb_path[128], err[800];
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(pa_path, sizeof(pa_path), "%s/a.conf", dir);
	snprintf(pb_path, sizeof(pb_path), "%s/b.conf", dir);
	write_file(pa_path, "neighbor 127.0.0.2 {\n\trouter-id 10.0.0.1;\n\tlocal-address 127.0.0.1;\n"
			    "\tlocal-as 65001;\n\tpeer-as 65002;\n\tpassive;\n\tadj-rib-in true;\n"
			    "\tfamily { ipv4 unicast; }\n}\n");
	write_file(pb_path, "neighbor 127.0.0.1 {\n\trouter-id 10.0.0.2;\n\tlocal-address 127.0.0.2;\n"
			    "\tlocal-as 65002;\n\tpeer-as 65001;\n\tfamily { ipv4 unicast; }\n\tstatic {\n"
			    "\t\troute 10.0.1.0/24 next-hop 192.0.2.1;\n\t\troute 10.0.2.0/24 next-hop 192.0.2.1;\n"
			    "\t\troute 10.0.3.0/24 next-hop 192.0.2.1 med 3;\n\t}\n}\n");

	test_settings(dir);

	struct event_loop *loop = event_loop_new();
	const char *a_paths[] = {pa_path}, *b_paths[] = {pb_path};
	struct server_options oa = {.paths = a_paths, .npaths = 1, .host = "test"}, ob = oa;
	ob.paths = b_paths;
	oa.env.bind_set = true; /* listen on 127.0.0.1, any free port */
	oa.env.nbind = 1;
	bgp_address_parse(&oa.env.bind[0], "127.0.0.1");
	struct server *a = server_new(loop, &oa, err, sizeof(err));
	ok(a != NULL, "server A from its file");
	if (a == NULL) {
		printf("# %s\n", err);
		return done_testing();
	}
	struct seen sa = {.srv = a};
	server_set_event_hook(a, hook, &sa);
	ok(server_start(a, err, sizeof(err)) == 0, "A listens");
	uint16_t port = bgp_speaker_listen_port(server_speaker(a), 0);
	ok(port != 0, "on a free port (%u)", port);

	ob.env.port = port;
	ob.env.bind_set = true; /* B does not listen */
	struct server *b = server_new(loop, &ob, err, sizeof(err));
	ok(b != NULL, "server B from its file");
	struct seen sb = {.srv = b};
	server_set_event_hook(b, hook, &sb);
	ok(server_start(b, err, sizeof(err)) == 0, "B starts");

	is_int(server_peer_count(a), 1, "A has one peer");
	struct server_peer *pa = server_peer_at(a, 0), *pb = server_peer_at(b, 0);
	struct bgp_address addr;
	bgp_address_parse(&addr, "127.0.0.1");
	ok(server_peer_find(b, &addr, NULL) == pb, "server_peer_find by peer address");
	is_str(server_peer_name(pb), "neighbor 127.0.0.1", "the peer's name");
	ok(server_peer_adj_rib_in(pa) != NULL && server_peer_adj_rib_in(pb) == NULL,
	   "adj-rib-in true gives A's peer an Adj-RIB-In, B's has none");
	ok(server_peer_of_session(server_peer_session(pb)) == pb, "a session leads back to its peer");

	ok(wait_count(loop, a, pa, 3, 5000), "B's three configured routes reach A's Adj-RIB-In");
	struct server_peer_info info;
	server_peer_info(pb, &info);
	ok(info.state == BGP_ESTABLISHED && info.negotiated != NULL, "B's peer: Established, negotiated");
	is_int(info.adjout.routes, 3, "B's Adj-RIB-Out holds 3 routes");
	ok(sa.up == 1 && sa.updates >= 1 && sa.json_ok == sa.updates, "A's hook saw the session up and the UPDATEs as JSON");
	ok(!sa.wanted_without_api, "without an api block no event is selected");

	/* the API's announce and withdraw, through the store */
	struct update_collection c;
	update_collection_init(&c);
	ok(parse_route(&c, "route 10.0.9.0/24 next-hop 192.0.2.9 community [ 65002:9 ]") == 0 && c.count == 1,
	   "route text for the API's announce");
	uint32_t every = server_peers_select(b, NULL, 0);
	ok(server_route_announce(b, &c.routes[0], every) == 0, "server_route_announce");
	ok(wait_count(loop, a, pa, 4, 3000), "the announced route reaches A");
	server_peer_info(pb, &info);
	is_int(info.adjout.routes, 4, "B's Adj-RIB-Out holds 4 routes");
	is_int(server_route_withdraw(b, &c.routes[0].nlri, every), 1, "server_route_withdraw");
	ok(wait_count(loop, a, pa, 3, 3000), "the withdrawal reaches A");
	rib_peers_unref(server_store(b), every);
	struct server_peer *one[] = {pb};
	uint32_t only = server_peers_select(b, one, 1);
	ok(only != 0, "a selection of one peer");
	rib_peers_unref(server_store(b), only);
	update_collection_fini(&c);

	/* teardown: A's Adj-RIB-In is flushed with the session, then refilled */
	int downs = sa.down;
	server_peer_teardown(pb, 4, "reset by test");
	uint64_t end = event_loop_now(loop) + 3000;
	while (sa.down == downs && event_loop_now(loop) < end)
		event_loop_turn(loop, 20);
	ok(sa.down > downs, "teardown: A sees the session go down");
	ok(sa.notification_len == 2 + 1 + 13 && memcmp(sa.notification, "\x06\x04\x0dreset by test", 16) == 0,
	   "teardown: Cease / Administrative Reset with its Shutdown Communication");
	is_int(rib_in_count(a, pa), 0, "A's Adj-RIB-In is flushed with it");
	ok(wait_count(loop, a, pa, 3, 5000), "B reconnects and A has the routes again");

	/* teardown without text: the subcode's name as the communication (ExaBGP, api-teardown.ci) */
	downs = sa.down;
	sa.notification_len = 0;
	server_peer_teardown(pb, 4, NULL);
	end = event_loop_now(loop) + 3000;
	while (sa.down == downs && event_loop_now(loop) < end)
		event_loop_turn(loop, 20);
	ok(sa.notification_len == 2 + 1 + 20 && memcmp(sa.notification, "\x06\x04\x14" "Administrative Reset", 23) == 0,
	   "teardown 4 without text: Cease / Administrative Reset, \"Administrative Reset\"");
	ok(wait_count(loop, a, pa, 3, 5000), "B reconnects again");

	/* a peer the files do not configure */
	struct settings_neighbor n;
	settings_neighbor_init(&n);
	settings_ip_parse("127.0.0.9", &n.session.peer_address);
	settings_ip_parse("127.0.0.2", &n.session.local_address);
	n.session.local_as = 65002;
	n.session.peer_as = 65009;
	n.session.passive = true;
	n.given = settings_neighbor_changed(&n);
	struct server_peer *extra = server_peer_create(b, &n, err, sizeof(err));
	ok(extra != NULL, "server_peer_create");
	if (extra == NULL)
		printf("# %s\n", err);
	is_int(server_peer_count(b), 2, "B has two peers");
	ok(server_peer_create(b, &n, err, sizeof(err)) == NULL, "the same peer twice is refused");
	if (extra)
		server_peer_delete(b, extra);
	is_int(server_peer_count(b), 1, "server_peer_delete");
	ok(wait_count(loop, a, pa, 3, 1000), "the first session is untouched");

	/* reload of B's unchanged file: nothing moves */
	ok(server_reload(b, err, sizeof(err)) == 0, "server_reload");
	is_int(server_peer_count(b), 1, "still one peer");
	ok(server_peer_at(b, 0) == pb, "the same peer (its session was kept)");

	server_shutdown(b, "bye", stopped, &done_b);
	end = event_loop_now(loop) + 3000;
	while (!done_b && event_loop_now(loop) < end)
		event_loop_turn(loop, 20);
	ok(done_b, "B's shutdown completes");
	server_shutdown(a, NULL, stopped, &done_a);
	end = event_loop_now(loop) + 3000;
	while (!done_a && event_loop_now(loop) < end)
		event_loop_turn(loop, 20);
	ok(done_a, "A's shutdown completes");
	server_free(b);
	server_free(a);
	event_loop_free(loop);
	unlink(pa_path);
	unlink(pb_path);
	rmdir(dir);
	return done_testing();
}
