/* fsm.c — see fsm.h. Cited rules: RFC 4271 8.2.2 (per state), RFC 6608 (FSM Error subcodes),
 * RFC 9687 (Send Hold Timer Expired). */
#include "bgp/fsm.h"

#include "wire/error.h"
#include "wire/notification.h"

/* RFC 6608 3: FSM Error subcodes */
#define FSM_UNEXPECTED_OPENSENT 1
#define FSM_UNEXPECTED_OPENCONFIRM 2
#define FSM_UNEXPECTED_ESTABLISHED 3

const char *bgp_state_name(enum bgp_state s)
{
	static const char *const names[BGP_STATE_COUNT] = {
		"IDLE", "CONNECT", "ACTIVE", "OPENSENT", "OPENCONFIRM", "ESTABLISHED",
	};
	return (unsigned)s < BGP_STATE_COUNT ? names[s] : "INVALID";
}

const char *bgp_fsm_event_name(enum bgp_fsm_event ev)
{
	static const char *const names[BGP_EV_COUNT] = {
		"ManualStop", "HoldTimer_Expires", "KeepaliveTimer_Expires", "SendHoldTimer_Expires",
		"Tcp_CR_Acked", "TcpConnectionConfirmed", "TcpConnectionFails", "BGPOpen",
		"BGPHeaderErr", "BGPOpenMsgErr", "OpenCollisionDump", "NotifMsg", "KeepAliveMsg",
		"UpdateMsg", "UpdateMsgErr", "RouteRefreshMsg",
	};
	return (unsigned)ev < BGP_EV_COUNT ? names[ev] : "Invalid";
}

static void go(struct bgp_fsm_step *out, enum bgp_state next, uint32_t actions)
{
	out->next = next;
	out->actions = actions;
	out->code = out->subcode = 0;
}

static void fail(struct bgp_fsm_step *out, uint8_t code, uint8_t subcode)
{
	go(out, BGP_IDLE, BGP_ACT_SEND_NOTIFICATION | BGP_ACT_CLOSE);
	out->code = code;
	out->subcode = subcode;
}

/* Before any BGP message was sent (CONNECT, ACTIVE): the TCP connection either completes
 * and we open, or anything else drops it without a word (RFC 4271 8.2.2, Connect state:
 * "any other event ... drops the TCP connection"). */
static void step_unopened(enum bgp_fsm_event ev, struct bgp_fsm_step *out, enum bgp_fsm_event ready)
{
	if (ev == ready)
		go(out, BGP_OPENSENT, BGP_ACT_SEND_OPEN | BGP_ACT_OPEN_WAIT);
	else
		go(out, BGP_IDLE, BGP_ACT_CLOSE);
}

/* The events every state from OpenSent on answers alike. Returns 1 when handled. */
static int step_common(enum bgp_fsm_event ev, uint8_t cease_subcode, struct bgp_fsm_step *out)
{
	switch (ev) {
	case BGP_EV_MANUAL_STOP:
		fail(out, BGP_ERR_CEASE, cease_subcode);
		return 1;
	case BGP_EV_HOLD_EXPIRES:
		fail(out, BGP_ERR_HOLD_TIMER, 0);
		return 1;
	case BGP_EV_SEND_HOLD_EXPIRES:
		fail(out, BGP_ERR_SEND_HOLD_TIMER, 0);
		return 1;
	case BGP_EV_TCP_FAILS:
	case BGP_EV_NOTIFICATION: /* RFC 4271 6.5: never answer a NOTIFICATION */
		go(out, BGP_IDLE, BGP_ACT_CLOSE);
		return 1;
	case BGP_EV_HEADER_ERROR:
	case BGP_EV_OPEN_ERROR:
		go(out, BGP_IDLE, BGP_ACT_SEND_ERROR | BGP_ACT_CLOSE);
		return 1;
	case BGP_EV_COLLISION_DUMP:
		fail(out, BGP_ERR_CEASE, BGP_CEASE_COLLISION_RESOLUTION);
		return 1;
	case BGP_EV_TCP_CONNECTED:
	case BGP_EV_TCP_ACCEPTED:
		/* the connection is already up: nothing new (cannot happen from the session) */
		return -1;
	default:
		return 0;
	}
}

void bgp_fsm_step(enum bgp_state state, enum bgp_fsm_event ev, uint8_t cease_subcode,
		  struct bgp_fsm_step *out)
{
	go(out, state, 0);
	switch (state) {
	case BGP_IDLE:
	case BGP_STATE_COUNT:
		/* RFC 4271 8.2.2 Idle: "any other event ... is ignored" (starting is session.c's) */
		go(out, BGP_IDLE, 0);
		return;
	case BGP_CONNECT:
		step_unopened(ev, out, BGP_EV_TCP_CONNECTED);
		return;
	case BGP_ACTIVE:
		step_unopened(ev, out, BGP_EV_TCP_ACCEPTED);
		return;
	default:
		break;
	}

	int common = step_common(ev, cease_subcode, out);
	if (common == -1) {
		go(out, state, 0);
		return;
	}
	if (common)
		return;

	switch (state) {
	case BGP_OPENSENT:
		switch (ev) {
		case BGP_EV_OPEN:
			/* RFC 4271 8.2.2 OpenSent, Event 19: KEEPALIVE, timers, OpenConfirm */
			go(out, BGP_OPENCONFIRM, BGP_ACT_PROCESS | BGP_ACT_SEND_KEEPALIVE | BGP_ACT_START_TIMERS);
			return;
		case BGP_EV_KEEPALIVE_EXPIRES:
			/* no keepalive timer runs before OpenConfirm: a stale expiry, ignored */
			return;
		default:
			fail(out, BGP_ERR_FSM, FSM_UNEXPECTED_OPENSENT);
			return;
		}
	case BGP_OPENCONFIRM:
		switch (ev) {
		case BGP_EV_KEEPALIVE:
			go(out, BGP_ESTABLISHED, BGP_ACT_RESTART_HOLD | BGP_ACT_ESTABLISHED);
			return;
		case BGP_EV_KEEPALIVE_EXPIRES:
			go(out, BGP_OPENCONFIRM, BGP_ACT_SEND_KEEPALIVE);
			return;
		default: /* a second OPEN, an UPDATE, a ROUTE-REFRESH */
			fail(out, BGP_ERR_FSM, FSM_UNEXPECTED_OPENCONFIRM);
			return;
		}
	case BGP_ESTABLISHED:
		switch (ev) {
		case BGP_EV_KEEPALIVE:
			go(out, BGP_ESTABLISHED, BGP_ACT_RESTART_HOLD);
			return;
		case BGP_EV_UPDATE:
		case BGP_EV_ROUTE_REFRESH:
			go(out, BGP_ESTABLISHED, BGP_ACT_RESTART_HOLD | BGP_ACT_PROCESS);
			return;
		case BGP_EV_UPDATE_ERROR:
			go(out, BGP_IDLE, BGP_ACT_SEND_ERROR | BGP_ACT_CLOSE);
			return;
		case BGP_EV_KEEPALIVE_EXPIRES:
			go(out, BGP_ESTABLISHED, BGP_ACT_SEND_KEEPALIVE);
			return;
		default: /* an OPEN */
			fail(out, BGP_ERR_FSM, FSM_UNEXPECTED_ESTABLISHED);
			return;
		}
	default:
		return;
	}
}

bool bgp_collision_keep_incoming(uint32_t local_id, uint32_t peer_id, uint32_t local_as, uint32_t peer_as)
{
	return local_id < peer_id || (local_id == peer_id && local_as < peer_as);
}
