/* t_api_dispatch.c — every command of the dispatcher and its answer, against the fake
 * backend (api_fake.h): the v6 tree, the legacy commands through the shortcut table,
 * selectors and the peers a helper serves, indexes, the atomic group, and the rule that a
 * bad command gets {"error": ...} and changes nothing. */
#include <string.h>

#include "api/api.h"
#include "api_fake.h"
#include "jsoncmp.h"
#include "tap.h"

static struct fake_harness h;
static struct api_client *sock; /* the control socket's channel: one JSON line a command */
static struct fake_peer *pa, *pb, *pc;

static const char *run(const char *cmd)
{
	return harness_run(&h, sock, cmd);
}

static void answer_is(const char *cmd, const char *want)
{
	const char *got = run(cmd);
	is_str(got, want, "%s", cmd);
}

static void answer_json(const char *cmd, const char *want)
{
	char why[256];
	const char *got = run(cmd);
	static const char *const ignore[] = {NULL};
	bool same = jsoncmp_equal(got, want, ignore, why, sizeof(why));
	ok(same, "%s", cmd);
	if (!same)
		printf("#   got  %s\n#   want %s\n#   %s\n", got, want, why);
}

static size_t held(const struct fake_peer *p)
{
	struct rib_iter it;
	size_t n = 0;
	rib_iter_init(&it, 0, 0, p->adj);
	while (rib_iter_next(h.fb.store, &it))
		n++;
	return n;
}

static bool holds(const struct fake_peer *p, const char *prefix)
{
	struct rib_iter it;
	char text[NLRI_PREFIX_STR_MAX];
	struct nlri n;
	const struct rib_route *r;
	rib_iter_init(&it, 0, 0, p->adj);
	while ((r = rib_iter_next(h.fb.store, &it)) != NULL) {
		rib_route_nlri(r, &n);
		if (strcmp(nlri_prefix_format(&n, text), prefix) == 0)
			return true;
	}
	return false;
}

/* A bad command: {"error": "..."} naming the problem, and nothing changed. */
static void refused(const char *cmd, const char *part)
{
	size_t a = held(pa), b = held(pb), c = held(pc);
	unsigned applies = h.fb.applies, actions = h.fb.actions;
	const char *got = run(cmd);
	bool is_error = strncmp(got, "{\"error\": \"", 11) == 0 && jsoncmp_valid(got);
	ok(is_error && strstr(got, part) != NULL, "'%s' is refused: %s", cmd, got);
	ok(held(pa) == a && held(pb) == b && held(pc) == c && h.fb.applies == applies && h.fb.actions == actions,
	   "... and changes nothing");
}

static void setup(void)
{
	harness_init(&h, NULL);
	pa = fake_peer_add(&h.fb, "10.0.0.1", 65000, 65001);
	pa->established = true;
	pa->processes[pa->nprocesses++] = "helper-a";
	pb = fake_peer_add(&h.fb, "10.0.0.2", 65000, 65002);
	pb->processes[pb->nprocesses++] = "helper-b";
	pc = fake_peer_add(&h.fb, "2001:db8::1", 65000, 65001);
	pc->established = true;
	pc->processes[pc->nprocesses++] = "helper-a";
	pc->processes[pc->nprocesses++] = "helper-b";
	sock = api_client_open(h.api, API_CHANNEL_SOCKET, NULL);
}

static void test_routes(void)
{
	/* the seed's example, exactly: the index is the store's */
	answer_is("peer * routes add 10.0.0.0/24 next-hop 1.2.3.4",
		  "{\"index\": \"0101180a000000\", \"route\": \"10.0.0.0/24 next-hop 1.2.3.4\"}");
	ok(holds(pa, "10.0.0.0/24") && holds(pb, "10.0.0.0/24") && holds(pc, "10.0.0.0/24"), "peer * : every peer holds it");
	/* ExaBGP 6's form, and the family form */
	answer_is("peer 10.0.0.1 routes add route 10.1.0.0/24 next-hop 1.2.3.4 med 10",
		  "{\"index\": \"0101180a010000\", \"route\": \"10.1.0.0/24 next-hop 1.2.3.4 med 10\"}");
	ok(holds(pa, "10.1.0.0/24") && !holds(pb, "10.1.0.0/24"), "peer 10.0.0.1: only it holds the route");
	answer_is("peer 10.0.0.2 routes ipv4 unicast add 10.1.0.0/32 next-hop self",
		  "{\"index\": \"0101200a010000\", \"route\": \"10.1.0.0/32 next-hop self\"}");
	answer_is("routes ipv6 unicast add 2001:db8:1::/48 next-hop 2001:db8::ff",
		  "{\"index\": \"02013020010db8000100000000000000000000\", \"route\": \"2001:db8:1::/48 next-hop 2001:db8::ff\"}");
	answer_is("routes ipv6 add ipv6 unicast 2001:db8:2::/48 next-hop 2001:db8::ff",
		  "{\"index\": \"02013020010db8000200000000000000000000\", \"route\": \"2001:db8:2::/48 next-hop 2001:db8::ff\"}");
	/* several routes from one SPEC: a list */
	answer_is("peer 10.0.0.1 routes add attributes next-hop 1.1.1.1 nlri 11.0.0.0/8 12.0.0.0/8",
		  "[{\"index\": \"0101080b000000\", \"route\": \"11.0.0.0/8 next-hop 1.1.1.1\"}, "
		  "{\"index\": \"0101080c000000\", \"route\": \"12.0.0.0/8 next-hop 1.1.1.1\"}]");
	answer_is("peer 10.0.0.2 routes list",
		  "[{\"index\": \"0101180a000000\", \"route\": \"10.0.0.0/24 next-hop 1.2.3.4\"}, "
		  "{\"index\": \"0101200a010000\", \"route\": \"10.1.0.0/32 next-hop self\"}, "
		  "{\"index\": \"02013020010db8000100000000000000000000\", \"route\": \"2001:db8:1::/48 next-hop 2001:db8::ff\"}, "
		  "{\"index\": \"02013020010db8000200000000000000000000\", \"route\": \"2001:db8:2::/48 next-hop 2001:db8::ff\"}]");
	answer_is("routes ipv6 list",
		  "[{\"index\": \"02013020010db8000100000000000000000000\", \"route\": \"2001:db8:1::/48 next-hop 2001:db8::ff\"}, "
		  "{\"index\": \"02013020010db8000200000000000000000000\", \"route\": \"2001:db8:2::/48 next-hop 2001:db8::ff\"}]");
	answer_is("neighbor 10.0.0.1 routes ipv4 unicast list",
		  "[{\"index\": \"0101180a000000\", \"route\": \"10.0.0.0/24 next-hop 1.2.3.4\"}, "
		  "{\"index\": \"0101180a010000\", \"route\": \"10.1.0.0/24 next-hop 1.2.3.4 med 10\"}, "
		  "{\"index\": \"0101080b000000\", \"route\": \"11.0.0.0/8 next-hop 1.1.1.1\"}, "
		  "{\"index\": \"0101080c000000\", \"route\": \"12.0.0.0/8 next-hop 1.1.1.1\"}]");
	/* remove by SPEC and by index (either case), removed false when nothing held it */
	answer_is("routes remove 11.0.0.0/8", "{\"removed\": true, \"index\": \"0101080b000000\"}");
	ok(!holds(pa, "11.0.0.0/8"), "removed from the peer");
	answer_is("routes remove 11.0.0.0/8", "{\"removed\": false, \"index\": \"0101080b000000\"}");
	answer_is("peer 10.0.0.1 routes remove index 0101080C000000", "{\"removed\": true, \"index\": \"0101080c000000\"}");
	answer_is("peer 10.0.0.1 routes remove index 0101080c000000", "{\"removed\": false, \"index\": \"0101080c000000\"}");
	/* announce / withdraw by index: the store's route to other peers */
	answer_is("peer 10.0.0.2 announce index 0101180a010000", "{\"answer\": \"done\"}");
	ok(holds(pb, "10.1.0.0/24"), "announce index: 10.0.0.2 now holds 10.1.0.0/24 too");
	answer_is("peer 10.0.0.2 withdraw index 0101180a010000", "{\"answer\": \"done\"}");
	ok(!holds(pb, "10.1.0.0/24") && holds(pa, "10.1.0.0/24"), "withdraw index: from 10.0.0.2 only");
	refused("announce index 0101180b000000", "no route has index 0101180b000000");
	refused("routes remove index zz", "'zz' is not a route index");
	refused("routes remove index 0101180a000001", "is not a route index");
	refused("routes remove index", "the index (hex) is missing");
	refused("routes ipv6 remove index 0101180a000000", "is not a route of the family named");
	refused("withdraw index 0101180a000000 extra", "'extra' is not expected here");
}

static void test_errors(void)
{
	refused("bogus", "unknown command 'bogus'");
	refused("peer", "peer: a word is missing");
	refused("peer 1.2.3.4 show", "no peer matches 1.2.3.4");
	refused("peer 300.1.1.1 announce route 1.0.0.0/8 next-hop 1.1.1.1", "'300.1.1.1' is not a peer address");
	refused("peer [10.0.0.1 routes list", "'routes' is not a qualifier");
	refused("peer * frobnicate", "'frobnicate' is not one of show, teardown, announce, withdraw, group, routes");
	refused("routes", "routes: a word is missing (list, add, remove)");
	refused("routes frobnicate", "'frobnicate' is not one of list, add, remove");
	refused("routes add", "the route is missing");
	refused("routes add 10.9.0.0/24", "is announced without a next-hop");
	refused("routes add 10.9.0.0/24 next-hop 1.1.1.1 med x", "med");
	refused("routes add 10.9.0.1/24 next-hop 1.1.1.1", "has bits set beyond its prefix length");
	refused("routes ipv4 add 2001:db8:9::/48 next-hop ::1", "the route is ipv6 unicast, not ipv4");
	refused("routes list extra", "'extra' is not expected here");
	refused("announce", "what to announce is missing");
	refused("announce route 10.9.0.0/24 next-hop 1.1.1.1 frobnicate 3", "'frobnicate' is not a route keyword");
	refused("withdraw route", "route: a value is missing");
	refused("announce flow route { match { destination 10.0.0.0/24; } then { discard; }", "not closed");
	refused("announce ipv4 flow destination 10.0.0.0/24 protocol =bogus", "not valid for the component");
	refused("announce ipv4 mcast-vpn shared-join rp 10.99.199.1 group 239.251.255.228 rd 65000:99999 source-as 65000",
		"mcast-vpn: the route is announced without a next-hop");
	refused("announce vpls endpoint 5 base 10 offset 1 size 8 rd 192.168.201.1:123 next-hop 1.1.1.1",
		"no selected peer carries l2vpn vpls");
	refused("announce operational adm afi ipv4 safi unicast advisory \"x\"", "operational messages are not supported yet");
	refused("announce eor ipv4", "the SAFI is missing");
	refused("announce eor ipv4 unicast extra", "'extra' is not expected here");
	refused("neighbor 10.0.0.2 announce eor", "no selected peer is established with ipv4 unicast");
	refused("announce route-refresh", "a family (AFI SAFI) is needed");
	refused("announce watchdog", "its name is missing");
	refused("teardown 300", "'300' is not a value from 0 to 255");
	refused("daemon", "daemon: a word is missing (shutdown, reload, restart, status)");
	refused("daemon explode", "daemon: 'explode' is not one of shutdown, reload, restart, status");
	refused("daemon shutdown now", "'now' is not expected here");
	refused("session ack maybe", "'maybe' is not one of enable, disable, silence");
	refused("system api version 5", "API version must be 4 or 6");
	refused("rib show sideways", "'sideways' is not 'in' or 'out'");
	refused("rib flush in", "'in' is not 'out'");
	refused("rib show in", "the Adj-RIB-In is not kept");
	refused("peer create 10.9.9.9 local-as 1", "peer-as is missing");
	refused("peer create x local-as 1 peer-as 2", "'x' is not a peer address");
	refused("peer create 10.9.9.9 local-as 1 peer-as 2 local-as 3", "local-as is given twice");
	refused("peer create 10.9.9.9 local-as 1 peer-as 2 color blue", "'color' is not one of");
	refused("peer create 10.9.9.9 local-as 1 peer-as 2 family-allowed ipv4", "family-allowed: 'ipv4' is not AFI-SAFI");
	refused("peer create 10.0.0.1 local-as 1 peer-as 2", "peer 10.0.0.1 exists");
	refused("peer create 10.9.9.9 local-as 1 peer-as 2 local-address ::1", "not of the same family");
	refused("peer delete", "which peers?");
	refused("peer delete 9.9.9.9", "no peer matches 9.9.9.9");
	/* a family no selected peer carries: the backend refuses, nothing changes */
	refused("neighbor 10.0.0.1 announce ipv4 multicast 224.1.0.0/16 next-hop 1.1.1.1",
		"no selected peer carries ipv4 multicast");
	/* the backend refusing a change: nothing changes, the error says why */
	h.fb.fail_apply = true;
	refused("announce route 10.9.0.0/24 next-hop 1.1.1.1", "injected failure");
	h.fb.fail_apply = false;
	/* every answer above was one well-formed JSON line */
	answer_is("announce route 10.9.0.0/24 next-hop 1.1.1.1 name my-name", "{\"answer\": \"done\"}");
	ok(holds(pa, "10.9.0.0/24"), "a route with a name is taken");
	answer_is("withdraw route 10.9.0.0/24", "{\"answer\": \"done\"}");
}

static void test_group(void)
{
	unsigned applies = h.fb.applies;
	refused("group announce route 9.0.0.0/8 next-hop 1.1.1.1 ; announce route 9.1.0.0/16 next-hop bad",
		"next-hop: 'bad' is not an IP address");
	ok(!holds(pa, "9.0.0.0/8"), "a group with one bad command applies none of it");
	refused("group announce route 9.0.0.0/8 next-hop 1.1.1.1 ; announce ipv4 multicast 224.1.0.0/16 next-hop 1.1.1.1",
		"no selected peer carries ipv4 multicast");
	ok(!holds(pa, "9.0.0.0/8"), "... nor one the backend refuses");
	refused("group", "no command follows");
	refused("group announce eor", "an End-of-RIB is a message of its own");
	answer_is("peer 10.0.0.1 group announce route 9.0.0.0/8 next-hop 1.1.1.1 ; announce route 9.1.0.0/16 next-hop "
		  "1.1.1.1 ; withdraw route 10.0.0.0/24",
		  "{\"answer\": \"done\"}");
	ok(holds(pa, "9.0.0.0/8") && holds(pa, "9.1.0.0/16") && !holds(pa, "10.0.0.0/24"), "a good group applies all of it");
	is_int(h.fb.applies - applies, 1, "... in one backend call");
	answer_is("group attributes next-hop 1.1.1.1 med 3 ; withdraw route 9.0.0.0/8 ; withdraw route 9.1.0.0/16",
		  "{\"answer\": \"done\"}");
	ok(!holds(pa, "9.0.0.0/8") && !holds(pa, "9.1.0.0/16"), "a group of withdraws with their attributes");
}

static void test_legacy(void)
{
	answer_is("announce route 1.0.0.0/8 next-hop 1.1.1.1 origin igp local-preference 100", "{\"answer\": \"done\"}");
	ok(holds(pa, "1.0.0.0/8") && holds(pb, "1.0.0.0/8") && holds(pc, "1.0.0.0/8"), "announce route: every peer");
	answer_is("neighbor 10.0.0.2 announce route 2.0.0.0/8 next-hop 1.1.1.1", "{\"answer\": \"done\"}");
	ok(holds(pb, "2.0.0.0/8") && !holds(pa, "2.0.0.0/8"), "neighbor A announce: A only");
	answer_is("neighbor 10.0.0.1, neighbor 10.0.0.2 withdraw route 1.0.0.0/8", "{\"answer\": \"done\"}");
	ok(!holds(pa, "1.0.0.0/8") && !holds(pb, "1.0.0.0/8") && holds(pc, "1.0.0.0/8"), "neighbor A, neighbor B: both");
	answer_is("announce attributes next-hop 1.1.1.1 nlri 3.0.0.0/8 3.1.0.0/16", "{\"answer\": \"done\"}");
	ok(holds(pb, "3.0.0.0/8") && holds(pb, "3.1.0.0/16"), "announce attributes ... nlri ...");
	answer_is("withdraw attributes nlri 3.0.0.0/8 3.1.0.0/16", "{\"answer\": \"done\"}");
	ok(!holds(pb, "3.0.0.0/8") && !holds(pb, "3.1.0.0/16"), "withdraw attributes ... nlri ...");
	answer_is("announce ipv6 unicast 2001:db8:5::/48 next-hop 2001:db8::ff", "{\"answer\": \"done\"}");
	ok(holds(pc, "2001:db8:5::/48"), "announce AFI SAFI ...");
	unsigned eors = pa->eors + pc->eors;
	answer_is("announce eor ipv4 unicast", "{\"answer\": \"done\"}");
	answer_is("announce eor", "{\"answer\": \"done\"}");
	is_int(pa->eors + pc->eors - eors, 4, "announce eor: to the established peers");
	answer_is("announce route-refresh ipv4 unicast", "{\"answer\": \"done\"}");
	is_int(pa->refreshes, 1, "announce route-refresh");
	answer_is("neighbor * peer-as 65001 teardown 4 \"maintenance now\"", "{\"answer\": \"done\"}");
	ok(pa->teardowns == 1 && pc->teardowns == 1 && pb->teardowns == 0 && pa->code == 6 && pa->subcode == 4 &&
	       strcmp(pa->text, "maintenance now") == 0,
	   "neighbor * peer-as X teardown SUBCODE TEXT");
	answer_is("teardown", "{\"answer\": \"done\"}");
	ok(pa->teardowns == 2 && pa->code == 6 && pa->subcode == 2, "teardown: Cease / Administrative Shutdown");
	answer_is("peer 10.0.0.1 teardown 3 1", "{\"answer\": \"done\"}");
	ok(pa->code == 3 && pa->subcode == 1, "teardown CODE SUBCODE");
	answer_is("announce watchdog dog-1", "{\"answer\": \"done\"}");
	ok(h.fb.watchdogs == 1 && h.fb.watchdog_announce && strcmp(h.fb.watchdog_name, "dog-1") == 0, "announce watchdog");
	answer_is("withdraw watchdog dog-1", "{\"answer\": \"done\"}");
	ok(h.fb.watchdogs == 2 && !h.fb.watchdog_announce, "withdraw watchdog");
	answer_is("flush adj-rib out", "{\"answer\": \"done\"}");
	ok(pa->flushes == 1 && pb->flushes == 1, "flush adj-rib out: every peer");
	answer_is("clear adj-rib out", "{\"answer\": \"done\"}");
	ok(pb->clears == 1 && held(pb) == 0, "clear adj-rib out: the Adj-RIB-Out is withdrawn");
	answer_is("rib clear in 10.0.0.1", "{\"answer\": \"done\"}");
	ok(pa->clears == 2 && pb->clears == 1, "rib clear in PEER");
	answer_is("# just a comment", "{\"answer\": \"done\"}");
	answer_is("", "{\"answer\": \"done\"}");
	answer_is("announce route 4.0.0.0/8 next-hop 1.1.1.1 json", "{\"answer\": \"done\"}");
	ok(holds(pa, "4.0.0.0/8"), "a trailing 'json' is dropped");
	answer_is("version", "{\"version\": \"6.0.0\", \"application\": \"exabgp\", \"implementation\": \"attobgp\", \"attobgp\": \"0.1.0\"}");
	unsigned actions = h.fb.actions;
	answer_is("shutdown", "{\"status\": \"shutdown in progress\"}");
	is_int(h.fb.actions, actions + 1, "shutdown: the backend is asked (after the answer)");
	is_int(h.fb.last_action, API_DAEMON_SHUTDOWN, "... to shut down");
	answer_is("reload", "{\"status\": \"reload in progress\"}");
	is_int(h.fb.last_action, API_DAEMON_RELOAD, "reload");
	answer_is("restart", "{\"status\": \"restart in progress\"}");
	is_int(h.fb.last_action, API_DAEMON_RESTART, "restart");
}

static void test_queries(void)
{
	answer_json("peer list", "[{\"peer-address\": \"10.0.0.1\", \"local-address\": \"127.0.0.1\", \"peer-as\": 65001, \"local-as\": 65000, "
				 "\"state\": \"ESTABLISHED\"}, {\"peer-address\": \"10.0.0.2\", \"local-address\": \"127.0.0.1\", "
				 "\"peer-as\": 65002, \"local-as\": 65000, \"state\": \"ACTIVE\"}, {\"peer-address\": \"2001:db8::1\", \"local-address\": \"::1\", \"peer-as\": 65001, \"local-as\": 65000, \"state\": \"ESTABLISHED\"}]");
	answer_json("show neighbor 10.0.0.2 summary",
		    "[{\"peer-address\": \"10.0.0.2\", \"peer-as\": 65002, \"state\": \"down\", \"duration\": 42, \"fsm\": \"ACTIVE\", "
		    "\"sent\": 3, \"received\": 4}]");
	const char *ext = run("peer 10.0.0.1 show extensive");
	ok(jsoncmp_valid(ext) && strstr(ext, "\"state\": \"up\"") && strstr(ext, "\"fsm\": \"ESTABLISHED\"") &&
	       strstr(ext, "\"families\": [\"ipv4 unicast\", \"ipv6 unicast\"]"),
	   "peer A show extensive: ExaBGP's as_dict");
	answer_json("peer [10.0.0.1, 10.0.0.2] show configuration",
		    "[{\"peer-address\": \"10.0.0.1\", \"configuration\": \"neighbor 10.0.0.1 {\\n\\tlocal-as 65000;\\n\\tpeer-as "
		    "65001;\\n}\\n\"},{\"peer-address\":\"10.0.0.2\",\"configuration\":\"neighbor 10.0.0.2 {\\n\\tlocal-as "
		    "65000;\\n\\tpeer-as 65002;\\n}\\n\"}]");
	const char *st = run("daemon status");
	ok(jsoncmp_valid(st) && strstr(st, "\"uuid\":") && strstr(st, "\"pid\":") &&
	       strstr(st, "\"peers\": {\"10.0.0.1\": \"ESTABLISHED\", \"10.0.0.2\": \"ACTIVE\", \"2001:db8::1\": \"ESTABLISHED\"}"),
	   "daemon status");
	const char *pong = run("session ping");
	ok(strncmp(pong, "{\"pong\": \"", 10) == 0 && strstr(pong, "\"active\": true"), "session ping");
	const char *help = run("system help");
	ok(jsoncmp_valid(help) && strstr(help, "\"command\": \"peer SELECTOR routes\"") &&
	       strstr(help, "{\"legacy\": \"show neighbor\", \"v6\": \"peer\"}"),
	   "system help: the tree and the shortcut table");
	answer_is("system api version", "{\"api_version\": 6, \"description\": \"json-only\"}");
	answer_is("system api version 4",
		  "{\"status\": \"API version set\", \"version\": 4, \"note\": \"effective on next process restart\"}");
	answer_is("system queue-status", "{}");
	answer_is("session reset", "{\"status\": \"asynchronous queue cleared\"}");
	answer_is("rib show out 10.0.0.2", "{\"10.0.0.2\": {\"routes\": [{\"prefix\": \"4.0.0.0/8\", \"family\": \"ipv4 unicast\"}]}}");
	const char *out;
	out = run("show adj-rib out extensive");
	ok(jsoncmp_valid(out) && strstr(out, "\"index\": \"01010804000000\", \"route\": \"route 4.0.0.0/8 next-hop 1.1.1.1\""),
	   "show adj-rib out extensive: %s", out);
	answer_is("peer 2001:db8::1 routes add 2001:db8:1::/48 next-hop 2001:db8::ff", "{\"index\": \"02013020010db8000100000000000000000000\", \"route\": \"2001:db8:1::/48 next-hop 2001:db8::ff\"}");
	answer_is("peer 2001:db8::1 routes add 2001:db8:2::/48 next-hop 2001:db8::ff", "{\"index\": \"02013020010db8000200000000000000000000\", \"route\": \"2001:db8:2::/48 next-hop 2001:db8::ff\"}");
	answer_is("peer 2001:db8::1 announce ipv6 unicast 2001:db8:5::/48 next-hop 2001:db8::ff", "{\"answer\": \"done\"}");
	answer_is("rib show out ipv6 unicast",
		  "{\"2001:db8::1\": {\"routes\": [{\"prefix\": \"2001:db8:1::/48\", \"family\": \"ipv6 unicast\"}, "
		  "{\"prefix\": \"2001:db8:2::/48\", \"family\": \"ipv6 unicast\"}, {\"prefix\": \"2001:db8:5::/48\", \"family\": "
		  "\"ipv6 unicast\"}]}}");
}

/* A helper process speaks for the neighbours that name it in their api { } only. */
static void test_services(void)
{
	struct api_client *b = api_client_open(h.api, API_CHANNEL_PROCESS, "helper-b");
	is_str(harness_run(&h, b, "announce route 5.0.0.0/8 next-hop 1.1.1.1"), "done", "helper-b: announce route");
	ok(holds(pb, "5.0.0.0/8") && holds(pc, "5.0.0.0/8") && !holds(pa, "5.0.0.0/8"),
	   "... reaches the neighbours whose api names helper-b only");
	const char *got = harness_run(&h, b, "neighbor 10.0.0.1 announce route 6.0.0.0/8 next-hop 1.1.1.1");
	ok(strstr(got, "no peer matches 10.0.0.1") && strstr(got, "\nerror") && !holds(pa, "6.0.0.0/8"),
	   "helper-b cannot name a neighbour it does not serve");
	struct api_client *none = api_client_open(h.api, API_CHANNEL_PROCESS, "helper-none");
	got = harness_run(&h, none, "announce route 6.0.0.0/8 next-hop 1.1.1.1");
	ok(strstr(got, "process helper-none serves no neighbor") != NULL, "a helper with no neighbour is told");
	api_client_close(none);
	api_client_close(b);
	/* selectors */
	answer_is("peer * peer-as 65001 announce route 7.0.0.0/8 next-hop 1.1.1.1", "{\"answer\": \"done\"}");
	ok(holds(pa, "7.0.0.0/8") && holds(pc, "7.0.0.0/8") && !holds(pb, "7.0.0.0/8"), "peer * peer-as X");
	answer_is("peer [10.0.0.2, 2001:db8::1 local-as 65000] announce route 8.0.0.0/8 next-hop 1.1.1.1",
		  "{\"answer\": \"done\"}");
	ok(!holds(pa, "8.0.0.0/8") && holds(pb, "8.0.0.0/8") && holds(pc, "8.0.0.0/8"), "peer [A, B qualifiers]");
	answer_is("peer 10.0.0.1 router-id 1.0.0.1 announce route 8.1.0.0/16 next-hop 1.1.1.1", "{\"answer\": \"done\"}");
	ok(holds(pa, "8.1.0.0/16"), "peer A router-id X");
	refused("peer 10.0.0.1 router-id 9.9.9.9 announce route 8.2.0.0/16 next-hop 1.1.1.1", "no peer matches");
	answer_is("peer * family-allowed ipv6-unicast announce route 8.3.0.0/16 next-hop 1.1.1.1", "{\"answer\": \"done\"}");
	ok(holds(pa, "8.3.0.0/16") && holds(pb, "8.3.0.0/16"), "family-allowed (every fake peer has ipv6 unicast)");
}

static void test_dynamic_peers(void)
{
	answer_is("peer create 10.0.0.9 local-as 65000 peer-as 65009 local-address 10.0.0.254 router-id 9.9.9.9 "
		  "family-allowed ipv4-unicast/ipv6-unicast api helper-a",
		  "{\"answer\": \"done\"}");
	const char *list = run("peer 10.0.0.9 show summary");
	ok(strstr(list, "\"peer-address\": \"10.0.0.9\"") && strstr(list, "\"peer-as\": 65009"), "peer create: it exists");
	answer_is("create neighbor 10.0.0.10 local-as 65000 peer-as 65010", "{\"answer\": \"done\"}");
	answer_is("peer delete [10.0.0.9, 10.0.0.10]", "{\"answer\": \"done\"}");
	answer_is("peer 10.0.0.9 show", "{\"error\": \"no peer matches 10.0.0.9\"}");
	answer_is("create neighbor 10.0.0.11 local-as 65000 peer-as 65010", "{\"answer\": \"done\"}");
	answer_is("delete neighbor 10.0.0.11", "{\"answer\": \"done\"}");
}

int main(void)
{
	setup();
	test_routes();
	test_errors();
	test_group();
	test_legacy();
	test_queries();
	test_services();
	test_dynamic_peers();
	api_client_close(sock);
	harness_fini(&h);
	return done_testing();
}
