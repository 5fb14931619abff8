/* api_events.c — session events to the helper processes: each event goes to the processes
 * of the neighbour's api blocks that select it (events.c), rendered once per encoder — JSON
 * in the shape the API's `system api version` says, or ExaBGP's text encoder
 * (reactor/api/response/text.py) — and queued by the API without ever blocking.
 * A configuration without any process keeps the fallback (src/app prints JSON on stdout).
 *
 * Owns: ExaBGP's text form of the events.
 * Must not know: pipes and queues (src/api), sessions' inner workings.
 */
#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "server/server_api_internal.h"
#include "wire/family.h"
#include "wire/notification.h"
#include "wire/open.h"
#include "wire/route_refresh.h"

#define EVENT_PROCESSES_MAX 64

struct render_ctx {
	struct server_api *sa;
	struct server_peer *p;
	const struct bgp_event *ev;
};

static int render(void *ctx, bool json, struct buf *out)
{
	struct render_ctx *rc = ctx;
	if (!json)
		return server_api_event_text(rc->p, rc->ev, out);
	enum json_shape shape = api_version_get(rc->sa->api) == 4 ? JSON_SHAPE_V4 : rc->sa->srv->opt.shape;
	return server_event_json_as(rc->sa->srv, rc->p, rc->ev, shape, out);
}

void server_api_on_event(void *ctx, struct server_peer *p, const struct bgp_event *ev)
{
	struct server_api *sa = ctx;
	if (sa->nprocesses == 0) {
		if (sa->opt.fallback)
			sa->opt.fallback(sa->opt.fallback_ctx, p, ev);
		return;
	}
	const char *names[EVENT_PROCESSES_MAX];
	size_t n = server_peer_event_processes(p, ev, names, EVENT_PROCESSES_MAX);
	if (n == 0)
		return;
	struct render_ctx rc = {sa, p, ev};
	struct api_event e = {names, n, render, &rc};
	api_event_send(sa->api, &e);
}

/* ---- ExaBGP's text encoder ---- */

static void prefix(struct buf *out, const struct server_peer *p)
{
	char addr[BGP_ADDRESS_STR_MAX];
	buf_printf(out, "neighbor %s ", bgp_address_format(&p->set.peer_address, addr));
}

static const char *direction(const struct bgp_event *ev)
{
	return ev->sent ? "send" : "receive";
}

static void hex_upper(struct buf *out, const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		buf_putc(out, digits[data[i] >> 4]);
		buf_putc(out, digits[data[i] & 15]);
	}
}

/* The route as ExaBGP's text encoder shows an announce: "10.0.0.0/24 next-hop 1.2.3.4
 * origin igp ..." (the route grammar's statement without its leading word). */
static void route_words(struct buf *out, const struct route *r)
{
	struct buf text = BUF_INIT;
	route_text_format(&text, r);
	const char *s = buf_cstr(&text);
	static const char *const lead[] = {"route ", "ipv6 unicast ", "ipv4 unicast "};
	for (size_t i = 0; i < 3; i++)
		if (strncmp(s, lead[i], strlen(lead[i])) == 0) {
			s += strlen(lead[i]);
			break;
		}
	buf_puts(out, s);
	buf_free(&text);
}

/* One line per route between "update start" and "update end", as text.py writes them. */
static void update_text(struct buf *out, const struct server_peer *p, const struct bgp_event *ev)
{
	const struct update_collection *c = ev->update;
	char fam[FAMILY_NAME_MAX];
	prefix(out, p);
	buf_printf(out, "%s update start", direction(ev));
	if (ev->type == BGP_EVENT_EOR) {
		buf_putc(out, '\n');
		prefix(out, p);
		buf_printf(out, "%s update route %s eor", direction(ev), family_format(c->eor_afi, c->eor_safi, fam));
	}
	for (size_t i = 0; c && ev->type == BGP_EVENT_UPDATE && i < c->count; i++) {
		const struct route *r = &c->routes[i];
		buf_putc(out, '\n');
		prefix(out, p);
		if (r->action == ROUTE_ANNOUNCE && r->attrs) {
			buf_printf(out, "%s update announced ", direction(ev));
			route_words(out, r);
		} else {
			struct route w = *r;
			w.attrs = NULL;
			w.nexthop.len = 0;
			w.nexthop.self = false;
			buf_printf(out, "%s update withdrawn ", direction(ev));
			route_words(out, &w);
		}
	}
	buf_putc(out, '\n');
	prefix(out, p);
	buf_printf(out, "%s update end", direction(ev));
}

int server_api_event_text(const struct server_peer *p, const struct bgp_event *ev, struct buf *out)
{
	char id[16];
	switch (ev->type) {
	case BGP_EVENT_CONNECTED:
		prefix(out, p);
		buf_puts(out, "connected");
		return 0;
	case BGP_EVENT_UP:
		prefix(out, p);
		buf_puts(out, "up");
		return 0;
	case BGP_EVENT_DOWN:
		prefix(out, p);
		buf_printf(out, "down - %s", ev->reason ? ev->reason : "");
		return 0;
	case BGP_EVENT_NOTIFICATION:
		if (ev->notification == NULL)
			return -1;
		prefix(out, p);
		buf_printf(out, "%s notification code %u subcode %u data ", direction(ev), ev->notification->code,
			   ev->notification->subcode);
		hex_upper(out, ev->notification->data, ev->notification->data_len);
		return 0;
	case BGP_EVENT_KEEPALIVE:
		prefix(out, p);
		buf_printf(out, "%s keepalive", direction(ev));
		return 0;
	case BGP_EVENT_OPEN:
		if (ev->open == NULL)
			return -1;
		snprintf(id, sizeof(id), "%u.%u.%u.%u", ev->open->bgp_id >> 24, (ev->open->bgp_id >> 16) & 255,
			 (ev->open->bgp_id >> 8) & 255, ev->open->bgp_id & 255);
		prefix(out, p);
		buf_printf(out, "%s open version %u asn %u hold_time %u router_id %s", direction(ev), ev->open->version,
			   ev->open->my_as, ev->open->hold_time, id);
		return 0;
	case BGP_EVENT_UPDATE:
	case BGP_EVENT_EOR:
		if (ev->update == NULL)
			return -1;
		update_text(out, p, ev);
		return 0;
	case BGP_EVENT_REFRESH: {
		if (ev->refresh == NULL)
			return -1;
		static const char *const kinds[] = {"query", "begin", "end"};
		prefix(out, p);
		buf_printf(out, "%s route-refresh afi %s safi %s %s", direction(ev),
			   afi_name(ev->refresh->afi) ? afi_name(ev->refresh->afi) : "unknown",
			   safi_name(ev->refresh->safi) ? safi_name(ev->refresh->safi) : "unknown",
			   ev->refresh->subtype < 3 ? kinds[ev->refresh->subtype] : "reserved");
		return 0;
	}
	default:
		return -1; /* fsm, negotiated: text.py has none */
	}
}
