/* t_bgp_fsm.c — the connection state machine on every (state, event), the connect-retry
 * back-off sequence, jitter bounds, and the environment knobs. */
#include <stdlib.h>
#include <string.h>

#include "bgp/backoff.h"
#include "bgp/env.h"
#include "bgp/fsm.h"
#include "tap.h"

#define S_ BGP_ACT_SEND_NOTIFICATION
#define C_ BGP_ACT_CLOSE

struct expect {
	enum bgp_state next;
	uint32_t actions;
	uint8_t code, subcode;
};

/* what each event does from OpenSent, OpenConfirm and Established (RFC 4271 8.2.2, RFC 6608,
 * RFC 9687), in enum bgp_fsm_event order */
static const struct expect opensent[BGP_EV_COUNT] = {
	[BGP_EV_MANUAL_STOP] = {BGP_IDLE, S_ | C_, 6, 2},
	[BGP_EV_HOLD_EXPIRES] = {BGP_IDLE, S_ | C_, 4, 0},
	[BGP_EV_KEEPALIVE_EXPIRES] = {BGP_OPENSENT, 0, 0, 0},
	[BGP_EV_SEND_HOLD_EXPIRES] = {BGP_IDLE, S_ | C_, 8, 0},
	[BGP_EV_TCP_CONNECTED] = {BGP_OPENSENT, 0, 0, 0},
	[BGP_EV_TCP_ACCEPTED] = {BGP_OPENSENT, 0, 0, 0},
	[BGP_EV_TCP_FAILS] = {BGP_IDLE, C_, 0, 0},
	[BGP_EV_OPEN] = {BGP_OPENCONFIRM, BGP_ACT_PROCESS | BGP_ACT_SEND_KEEPALIVE | BGP_ACT_START_TIMERS, 0, 0},
	[BGP_EV_HEADER_ERROR] = {BGP_IDLE, BGP_ACT_SEND_ERROR | C_, 0, 0},
	[BGP_EV_OPEN_ERROR] = {BGP_IDLE, BGP_ACT_SEND_ERROR | C_, 0, 0},
	[BGP_EV_COLLISION_DUMP] = {BGP_IDLE, S_ | C_, 6, 7},
	[BGP_EV_NOTIFICATION] = {BGP_IDLE, C_, 0, 0},
	[BGP_EV_KEEPALIVE] = {BGP_IDLE, S_ | C_, 5, 1},
	[BGP_EV_UPDATE] = {BGP_IDLE, S_ | C_, 5, 1},
	[BGP_EV_UPDATE_ERROR] = {BGP_IDLE, S_ | C_, 5, 1},
	[BGP_EV_ROUTE_REFRESH] = {BGP_IDLE, S_ | C_, 5, 1},
};

static const struct expect openconfirm[BGP_EV_COUNT] = {
	[BGP_EV_MANUAL_STOP] = {BGP_IDLE, S_ | C_, 6, 2},
	[BGP_EV_HOLD_EXPIRES] = {BGP_IDLE, S_ | C_, 4, 0},
	[BGP_EV_KEEPALIVE_EXPIRES] = {BGP_OPENCONFIRM, BGP_ACT_SEND_KEEPALIVE, 0, 0},
	[BGP_EV_SEND_HOLD_EXPIRES] = {BGP_IDLE, S_ | C_, 8, 0},
	[BGP_EV_TCP_CONNECTED] = {BGP_OPENCONFIRM, 0, 0, 0},
	[BGP_EV_TCP_ACCEPTED] = {BGP_OPENCONFIRM, 0, 0, 0},
	[BGP_EV_TCP_FAILS] = {BGP_IDLE, C_, 0, 0},
	[BGP_EV_OPEN] = {BGP_IDLE, S_ | C_, 5, 2},
	[BGP_EV_HEADER_ERROR] = {BGP_IDLE, BGP_ACT_SEND_ERROR | C_, 0, 0},
	[BGP_EV_OPEN_ERROR] = {BGP_IDLE, BGP_ACT_SEND_ERROR | C_, 0, 0},
	[BGP_EV_COLLISION_DUMP] = {BGP_IDLE, S_ | C_, 6, 7},
	[BGP_EV_NOTIFICATION] = {BGP_IDLE, C_, 0, 0},
	[BGP_EV_KEEPALIVE] = {BGP_ESTABLISHED, BGP_ACT_RESTART_HOLD | BGP_ACT_ESTABLISHED, 0, 0},
	[BGP_EV_UPDATE] = {BGP_IDLE, S_ | C_, 5, 2},
	[BGP_EV_UPDATE_ERROR] = {BGP_IDLE, S_ | C_, 5, 2},
	[BGP_EV_ROUTE_REFRESH] = {BGP_IDLE, S_ | C_, 5, 2},
};

static const struct expect established[BGP_EV_COUNT] = {
	[BGP_EV_MANUAL_STOP] = {BGP_IDLE, S_ | C_, 6, 2},
	[BGP_EV_HOLD_EXPIRES] = {BGP_IDLE, S_ | C_, 4, 0},
	[BGP_EV_KEEPALIVE_EXPIRES] = {BGP_ESTABLISHED, BGP_ACT_SEND_KEEPALIVE, 0, 0},
	[BGP_EV_SEND_HOLD_EXPIRES] = {BGP_IDLE, S_ | C_, 8, 0},
	[BGP_EV_TCP_CONNECTED] = {BGP_ESTABLISHED, 0, 0, 0},
	[BGP_EV_TCP_ACCEPTED] = {BGP_ESTABLISHED, 0, 0, 0},
	[BGP_EV_TCP_FAILS] = {BGP_IDLE, C_, 0, 0},
	[BGP_EV_OPEN] = {BGP_IDLE, S_ | C_, 5, 3},
	[BGP_EV_HEADER_ERROR] = {BGP_IDLE, BGP_ACT_SEND_ERROR | C_, 0, 0},
	[BGP_EV_OPEN_ERROR] = {BGP_IDLE, BGP_ACT_SEND_ERROR | C_, 0, 0},
	[BGP_EV_COLLISION_DUMP] = {BGP_IDLE, S_ | C_, 6, 7},
	[BGP_EV_NOTIFICATION] = {BGP_IDLE, C_, 0, 0},
	[BGP_EV_KEEPALIVE] = {BGP_ESTABLISHED, BGP_ACT_RESTART_HOLD, 0, 0},
	[BGP_EV_UPDATE] = {BGP_ESTABLISHED, BGP_ACT_RESTART_HOLD | BGP_ACT_PROCESS, 0, 0},
	[BGP_EV_UPDATE_ERROR] = {BGP_IDLE, BGP_ACT_SEND_ERROR | C_, 0, 0},
	[BGP_EV_ROUTE_REFRESH] = {BGP_ESTABLISHED, BGP_ACT_RESTART_HOLD | BGP_ACT_PROCESS, 0, 0},
};

static void check_row(enum bgp_state st, const struct expect *row)
{
	for (int ev = 0; ev < BGP_EV_COUNT; ev++) {
		struct bgp_fsm_step out;
		bgp_fsm_step(st, (enum bgp_fsm_event)ev, 2, &out);
		const struct expect *e = &row[ev];
		bool same = out.next == e->next && out.actions == e->actions &&
			    (!(e->actions & S_) || (out.code == e->code && out.subcode == e->subcode));
		ok(same, "%s + %s -> %s (actions %#x, notification %u/%u)", bgp_state_name(st),
		   bgp_fsm_event_name((enum bgp_fsm_event)ev), bgp_state_name(e->next), e->actions, e->code,
		   e->subcode);
		if (!same)
			printf("#   got %s actions %#x notification %u/%u\n", bgp_state_name(out.next), out.actions,
			       out.code, out.subcode);
	}
}

static void test_fsm(void)
{
	struct bgp_fsm_step out;
	/* before any BGP message: the TCP connection completes and we open, or it is dropped */
	bgp_fsm_step(BGP_CONNECT, BGP_EV_TCP_CONNECTED, 0, &out);
	ok(out.next == BGP_OPENSENT && out.actions == (BGP_ACT_SEND_OPEN | BGP_ACT_OPEN_WAIT),
	   "CONNECT + Tcp_CR_Acked -> OPENSENT, OPEN sent, hold timer for the OPEN");
	bgp_fsm_step(BGP_ACTIVE, BGP_EV_TCP_ACCEPTED, 0, &out);
	ok(out.next == BGP_OPENSENT && out.actions == (BGP_ACT_SEND_OPEN | BGP_ACT_OPEN_WAIT),
	   "ACTIVE + TcpConnectionConfirmed -> OPENSENT");
	int silent = 0;
	for (int ev = 0; ev < BGP_EV_COUNT; ev++) {
		if (ev == BGP_EV_TCP_CONNECTED || ev == BGP_EV_TCP_ACCEPTED)
			continue;
		bgp_fsm_step(BGP_CONNECT, (enum bgp_fsm_event)ev, 2, &out);
		silent += out.next == BGP_IDLE && out.actions == BGP_ACT_CLOSE;
		bgp_fsm_step(BGP_ACTIVE, (enum bgp_fsm_event)ev, 2, &out);
		silent += out.next == BGP_IDLE && out.actions == BGP_ACT_CLOSE;
	}
	is_int(silent, 2 * (BGP_EV_COUNT - 2), "CONNECT/ACTIVE: any other event drops the connection without a NOTIFICATION");
	bgp_fsm_step(BGP_ACTIVE, BGP_EV_TCP_CONNECTED, 0, &out);
	ok(out.next == BGP_IDLE, "ACTIVE (the peer's connection) + Tcp_CR_Acked is not ours: dropped");

	int ignored = 0;
	for (int ev = 0; ev < BGP_EV_COUNT; ev++) {
		bgp_fsm_step(BGP_IDLE, (enum bgp_fsm_event)ev, 2, &out);
		ignored += out.next == BGP_IDLE && out.actions == 0;
	}
	is_int(ignored, BGP_EV_COUNT, "IDLE ignores every event");

	check_row(BGP_OPENSENT, opensent);
	check_row(BGP_OPENCONFIRM, openconfirm);
	check_row(BGP_ESTABLISHED, established);

	bgp_fsm_step(BGP_ESTABLISHED, BGP_EV_MANUAL_STOP, 3, &out);
	ok(out.code == 6 && out.subcode == 3, "ManualStop carries the caller's Cease subcode");
	is_str(bgp_state_name(BGP_OPENCONFIRM), "OPENCONFIRM", "ExaBGP's state names");
}

static void test_collision(void)
{
	/* RFC 4271 6.8: the higher identifier's connection survives */
	ok(bgp_collision_keep_incoming(0x01010101, 0x02020202, 65001, 65002), "peer's identifier higher: keep its connection");
	ok(!bgp_collision_keep_incoming(0x02020202, 0x01010101, 65001, 65002), "ours higher: keep ours");
	/* identifiers compare as unsigned host-order integers, not as signed or byte-swapped */
	ok(bgp_collision_keep_incoming(0x7f000001, 0x80000001, 1, 1), "128.0.0.1 beats 127.0.0.1 (unsigned)");
	ok(!bgp_collision_keep_incoming(0x0a000002, 0x0b000001, 1, 1) == false, "11.0.0.1 beats 10.0.0.2 (host order)");
	/* RFC 6286 2.3: equal identifiers, the higher AS */
	ok(bgp_collision_keep_incoming(0x01010101, 0x01010101, 65001, 65002), "same identifier: the peer's higher AS wins");
	ok(!bgp_collision_keep_incoming(0x01010101, 0x01010101, 65003, 65002), "same identifier: our higher AS wins");
}

static void test_backoff(void)
{
	struct bgp_backoff b;
	bgp_backoff_init(&b, 1000, 30000, 42);
	const uint32_t nominal[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
	bool in_range = true, grows = true;
	uint32_t prev = 0;
	for (size_t i = 0; i < sizeof(nominal) / sizeof(nominal[0]); i++) {
		uint32_t d = bgp_backoff_fail(&b);
		if (d < nominal[i] * 3 / 4 || d > nominal[i])
			in_range = false;
		if (i > 0 && i < 5 && d <= prev)
			grows = false;
		prev = d;
	}
	ok(in_range, "each delay is its nominal value jittered to 75..100 %%");
	ok(grows, "delays grow while doubling");
	is_int(b.nominal_ms, 30000, "bounded by the maximum");
	is_int(b.failures, 8, "failures counted");
	bgp_backoff_reset(&b);
	uint32_t d = bgp_backoff_fail(&b);
	ok(d >= 750 && d <= 1000, "after a reset the next delay starts from the minimum (%u)", d);

	/* jitter spreads: not always the same value, always within bounds */
	uint64_t rng = 7;
	uint32_t lo = UINT32_MAX, hi = 0;
	for (int i = 0; i < 10000; i++) {
		uint32_t j = bgp_jitter(&rng, 10000);
		lo = j < lo ? j : lo;
		hi = j > hi ? j : hi;
	}
	ok(lo >= 7500 && hi <= 10000, "jitter within [0.75, 1.0] (%u..%u)", lo, hi);
	ok(lo < 7600 && hi > 9900, "jitter covers the range");

	/* two sessions seeded differently do not retry in lock step */
	struct bgp_backoff a, c;
	bgp_backoff_init(&a, 1000, 60000, 1);
	bgp_backoff_init(&c, 1000, 60000, 2);
	int same = 0;
	for (int i = 0; i < 5; i++)
		same += bgp_backoff_fail(&a) == bgp_backoff_fail(&c);
	ok(same < 5, "differently seeded back-offs differ");
}

static const char *const *env_table;
static const char *fake_getenv(const char *name)
{
	for (const char *const *p = env_table; p && p[0]; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

static void test_env(void)
{
	struct bgp_env e;
	char err[160];
	static const char *const none[] = {NULL};
	env_table = none;
	ok(bgp_env_read(&e, fake_getenv, err, sizeof(err)) == 0 && e.port == 179 && !e.bind_set &&
		   e.connections == 0,
	   "defaults: port 179, no bind, no limit");

	static const char *const underscores[] = {"exabgp_tcp_port", "32179", "exabgp_tcp_bind",
						  "127.0.0.2 ::1", "exabgp_tcp_connections", "2",
						  "exabgp_tcp_once", "true", NULL};
	env_table = underscores;
	ok(bgp_env_read(&e, fake_getenv, err, sizeof(err)) == 0, "underscore names read");
	is_int(e.port, 32179, "port");
	ok(e.bind_set && e.nbind == 2 && e.bind[0].afi == 1 && e.bind[1].afi == 2, "two bind addresses");
	is_int(e.connections, 2, "connections");
	ok(e.once, "once");

	static const char *const dots[] = {"exabgp.tcp.port", "1790", "exabgp_tcp_port", "1", "exabgp.tcp.bind", "",
					   NULL};
	env_table = dots;
	ok(bgp_env_read(&e, fake_getenv, err, sizeof(err)) == 0 && e.port == 1790, "dotted name wins");
	ok(e.bind_set && e.nbind == 0, "empty bind: do not listen");

	static const char *const bad[] = {"exabgp.tcp.port", "http", NULL};
	env_table = bad;
	ok(bgp_env_read(&e, fake_getenv, err, sizeof(err)) == -1 && strstr(err, "tcp.port"), "bad port refused: %s", err);
	static const char *const badip[] = {"exabgp.tcp.bind", "127.0.0.300", NULL};
	env_table = badip;
	ok(bgp_env_read(&e, fake_getenv, err, sizeof(err)) == -1, "bad bind address refused: %s", err);
}

int main(void)
{
	test_fsm();
	test_collision();
	test_backoff();
	test_env();
	return done_testing();
}
