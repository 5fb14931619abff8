/* event_json.c — see event_json.h. */
#include "bgp/event_json.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bgp/negotiate.h"
#include "bgp/session_internal.h"
#include "core/json.h"
#include "model/json_open.h"
#include "model/json_update.h"
#include "wire/ip.h"

const char *bgp_event_type_name(enum bgp_event_type t)
{
	switch (t) {
	case BGP_EVENT_FSM:
		return "fsm";
	case BGP_EVENT_CONNECTED:
	case BGP_EVENT_UP:
	case BGP_EVENT_DOWN:
		return "state";
	case BGP_EVENT_OPEN:
		return "open";
	case BGP_EVENT_NEGOTIATED:
		return "negotiated";
	case BGP_EVENT_UPDATE:
	case BGP_EVENT_EOR:
		return "update";
	case BGP_EVENT_NOTIFICATION:
		return "notification";
	case BGP_EVENT_KEEPALIVE:
		return "keepalive";
	case BGP_EVENT_REFRESH:
		return "refresh";
	}
	return "unknown";
}

/* quirks: ExaBGP joins the negotiated families with " ," and the add-path ones with ", " */
static void family_list(struct json *j, uint64_t mask, unsigned quirks)
{
	char name[FAMILY_NAME_MAX];
	json_array_open(j);
	json_quirk(j, quirks);
	for (int i = 0; i < FAMILY_COUNT; i++)
		if (mask & ((uint64_t)1 << i))
			json_string(j, family_format(family_table[i].afi, family_table[i].safi, name));
	json_array_close(j);
}

static void negotiated_body(struct json *j, const struct bgp_negotiated *n)
{
	char name[FAMILY_NAME_MAX + 8];
	JSON_KEY(j, "negotiated");
	json_object_open(j);
	JSON_KEY(j, "message_size");
	json_uint(j, n->msg_size);
	JSON_KEY(j, "hold_time");
	json_uint(j, n->hold_time);
	JSON_KEY(j, "asn4");
	json_bool(j, n->asn4);
	JSON_KEY(j, "multisession");
	json_bool(j, n->multisession);
	JSON_KEY(j, "operational");
	json_bool(j, n->operational);
	JSON_KEY(j, "refresh");
	json_string(j, bgp_refresh_name(n->refresh));
	JSON_KEY(j, "families");
	family_list(j, n->families, JSON_Q_SEP_SPACE_COMMA);
	JSON_KEY(j, "nexthop");
	json_array_open(j);
	json_quirk(j, JSON_Q_SEP_SPACE_COMMA);
	for (unsigned i = 0; i < n->nexthop_count; i++) {
		family_format(n->nexthop[i].afi, n->nexthop[i].safi, name);
		size_t len = strlen(name);
		const char *nh = afi_name(n->nexthop[i].nh_afi);
		snprintf(name + len, sizeof(name) - len, " %s", nh ? nh : "unknown");
		json_string(j, name);
	}
	json_array_close(j);
	JSON_KEY(j, "add_path");
	json_object_open(j);
	JSON_KEY(j, "send");
	family_list(j, n->addpath_send, 0);
	JSON_KEY(j, "receive");
	family_list(j, n->addpath_receive, 0);
	json_object_close(j);
	json_object_close(j);
	json_space(j); /* ExaBGP: 'negotiated': '{ %s } ' */
}

static double now_realtime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int bgp_event_json(struct buf *out, struct bgp_session *s, const struct bgp_event *ev,
		   const struct bgp_json_options *o)
{
	char router_id[IP_STR_MAX];
	const struct bgp_negotiated *neg = ev->negotiated ? ev->negotiated : bgp_session_negotiated(s);
	struct json_envelope env = {
		.shape = o->shape,
		.time = o->time ? o->time : now_realtime(),
		.host = o->host,
		.pid = o->pid,
		.ppid = o->ppid,
		.counter = ++s->json_counter,
		.local_address = bgp_session_local_text(s),
		.peer_address = bgp_session_peer_text(s),
		.local_as = s->set.local_as,
		.peer_as = neg ? neg->peer_as : s->set.peer_as,
		.router_id = NULL,
		.direction = NULL,
	};
	uint32_t id = bgp_session_router_id(s);
	if (id)
		env.router_id = ipv4_format_u32(id, router_id);
	bool message = ev->type >= BGP_EVENT_OPEN && ev->type != BGP_EVENT_NEGOTIATED;
	if (message)
		env.direction = ev->sent ? "out" : "in";

	struct json j;
	json_init(&j, out, o->style);
	switch (ev->type) {
	case BGP_EVENT_FSM:
		json_envelope_open(&j, &env, "fsm");
		JSON_KEY(&j, "state");
		json_string(&j, bgp_state_name(ev->to));
		json_envelope_close(&j);
		return 0;
	case BGP_EVENT_CONNECTED:
	case BGP_EVENT_UP:
	case BGP_EVENT_DOWN:
		json_envelope_open(&j, &env, "state");
		JSON_KEY(&j, "state");
		json_string(&j, ev->type == BGP_EVENT_CONNECTED ? "connected" : ev->type == BGP_EVENT_UP ? "up" : "down");
		if (ev->type == BGP_EVENT_DOWN) {
			JSON_KEY(&j, "reason");
			json_string(&j, ev->reason ? ev->reason : "");
		}
		json_envelope_close(&j);
		return 0;
	case BGP_EVENT_NEGOTIATED:
		if (ev->negotiated == NULL)
			return -1;
		json_envelope_open(&j, &env, "negotiated");
		negotiated_body(&j, ev->negotiated);
		json_envelope_close(&j);
		return 0;
	case BGP_EVENT_OPEN:
		if (ev->open == NULL)
			return -1;
		json_open_write(&j, &env, ev->open);
		return 0;
	case BGP_EVENT_UPDATE:
	case BGP_EVENT_EOR:
		if (ev->update == NULL)
			return -1;
		json_update_write(&j, &env, ev->update);
		return 0;
	case BGP_EVENT_NOTIFICATION:
		if (ev->notification == NULL)
			return -1;
		json_notification_write(&j, &env, ev->notification);
		return 0;
	case BGP_EVENT_KEEPALIVE:
		json_keepalive_write(&j, &env);
		return 0;
	case BGP_EVENT_REFRESH:
		if (ev->refresh == NULL)
			return -1;
		json_refresh_write(&j, &env, ev->refresh);
		return 0;
	}
	return -1;
}
