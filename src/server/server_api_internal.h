/* server_api_internal.h — the inside of the server's API backend, shared by its files:
 *   server_api.c  its life: the API object, helper processes from the configurations,
 *                 the control socket, reload, stop, daemon actions, logs;
 *   api_peers.c   peers: selection, information, teardown, create, delete;
 *   api_routes.c  routes: apply, find, walk, End-of-RIB, refresh, watchdog, flush, clear;
 *   api_save.c    persistence (the configuration files rewritten) and session sync;
 *   api_events.c  session events to the helpers, as JSON or ExaBGP's text.
 * Nothing outside src/server includes this.
 */
#ifndef SERVER_SERVER_API_INTERNAL_H
#define SERVER_SERVER_API_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/backend.h"
#include "core/event.h"
#include "server/server_api.h"
#include "server/server_internal.h"

struct server_api_save;

struct server_api {
	struct server *srv;
	struct event_loop *loop;
	struct api *api;
	struct server_api_options opt;
	struct api_config cfg;
	char socket_path[API_SOCKET_PATH_MAX];
	size_t nprocesses;            /* helper processes the current reading configures */
	struct buf line;              /* an event rendered (api_events.c) */
	struct server_api_save *save; /* the save running (api_save.c), NULL: none */
	/* session sync: everything applied so far written to the sessions (api_save.c) */
	struct event_timer sent_timer;
	api_save_done_fn sent_done;
	void *sent_arg;
	uint64_t sent_deadline;
	bool stopping;
};

/* A target (api/backend.h): the ids of the peers selected, so that a peer deleted or
 * replaced by a reload meanwhile simply yields nothing. */
struct server_api_target {
	size_t n;
	uint64_t id[];
};

/* The peer target t names at i, or NULL when it is gone. */
struct server_peer *server_api_target_peer(struct server_api *sa, const struct api_target *t, size_t i);
/* The live peers of a target, in an array the caller frees (a peer gone since the
 * selection is skipped); their count. */
size_t server_api_target_peers(struct server_api *sa, const struct api_target *t, struct server_peer ***out);

/* ---- the operations, by file ---- */

int server_api_select(void *be, const struct api_selector *sel, struct api_target *t, struct api_error *err);
void server_api_release(void *be, struct api_target *t);
int server_api_peer_info(void *be, const struct api_target *t, size_t i, struct api_peer_info *out);
int server_api_peer_config(void *be, const struct api_target *t, size_t i, struct buf *out, struct api_error *err);
int server_api_teardown(void *be, const struct api_target *t, uint8_t code, uint8_t subcode, const char *text,
			struct api_error *err);
int server_api_peer_create(void *be, const struct api_peer_spec *spec, struct api_error *err);
int server_api_peer_delete(void *be, const struct api_target *t, struct api_error *err);

int server_api_routes_apply(void *be, const struct api_target *t, const struct update_collection *c, unsigned flags,
			    size_t *withdrawn_missing, struct api_error *err);
int server_api_route_find(void *be, const struct nlri *n, struct route *out);
int server_api_rib_walk(void *be, const struct api_target *t, enum api_rib which, uint16_t afi, uint8_t safi,
			struct api_walk *w, size_t max, api_route_fn each, void *ctx, struct api_error *err);
int server_api_send_eor(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err);
int server_api_send_refresh(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err);
int server_api_watchdog(void *be, const struct api_target *t, const char *name, bool announce, struct api_error *err);
int server_api_rib_flush(void *be, const struct api_target *t, struct api_error *err);
int server_api_rib_clear(void *be, const struct api_target *t, enum api_rib which, struct api_error *err);

bool server_api_persistent(void *be);
int server_api_save(void *be, api_save_done_fn done, void *arg, struct api_error *err);
int server_api_when_sent(void *be, api_save_done_fn done, void *arg, struct api_error *err);
/* The timer of when_sent (server_api_new). */
void server_api_sent_init(struct server_api *sa);
/* Drop a running save and a pending when_sent (the server goes away). */
void server_api_save_cancel(struct server_api *sa);

/* The event hook (api_events.c). */
void server_api_on_event(void *ctx, struct server_peer *p, const struct bgp_event *ev);
/* An event in ExaBGP's text encoder (reactor/api/response/text.py), lines without the
 * last newline. 0, or -1 for an event without a text form (fsm, negotiated). */
int server_api_event_text(const struct server_peer *p, const struct bgp_event *ev, struct buf *out);

#endif
