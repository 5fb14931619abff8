/* server.h — the daemon: configurations, the route store and the BGP sessions wired
 * together on one event loop (what `attobgp server CONFIG...` runs).
 *
 * Owns: the configurations in use (reloaded on demand), one peer per configured neighbour
 * (its session settings, its session, its Adj-RIB-Out in the store, the events its api
 * blocks select), the route store filled from the configurations' routes, the listeners,
 * reload (only the differences reach the peers), shutdown, and the event hook the API
 * plugs into.
 * Must not know: argument parsing, daemonising, syslog, signals (src/app does those and
 * calls server_reload / server_shutdown), the API's commands and processes (src/api).
 *
 * Plugging it together (src/app/server.c):
 *   loop = event_loop_new();
 *   srv = server_new(loop, &options, err, sizeof(err));   // loads and checks the files
 *   server_set_event_hook(srv, print_json, ctx);           // or the API's dispatcher
 *   server_start(srv, err, sizeof(err));                   // listeners, sessions
 *   event_loop_run(loop);   // SIGHUP/SIGUSR1: server_reload; SIGTERM: server_shutdown
 *   server_free(srv);
 *
 * The API (issue 6) drives a running server through the functions below: events through
 * the hook (server_event_json renders them, server_peer_wants says what a neighbour's api
 * blocks select), routes through the store (server_route_announce / _withdraw with a
 * selection of peers, rib_iter over server_store for listing by index), sessions through
 * server_peer_teardown / server_peer_info, neighbours through server_peer_create /
 * server_peer_delete, and server_reload / server_shutdown.
 */
#ifndef SERVER_SERVER_H
#define SERVER_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/env.h"
#include "bgp/event.h"
#include "bgp/session.h"
#include "config/config.h"
#include "core/buf.h"
#include "core/event.h"
#include "model/json_message.h"
#include "model/route.h"
#include "rib/adjout.h"
#include "rib/store.h"

struct server;
struct server_peer;

enum server_log_level {
	SERVER_LOG_ERROR = 0,
	SERVER_LOG_WARNING = 1,
	SERVER_LOG_INFO = 2,
	SERVER_LOG_DEBUG = 3,
};

/* Where log lines go (stderr, syslog: src/app chooses). text has no newline. */
typedef void (*server_log_fn)(void *ctx, enum server_log_level level, const char *text);

struct server_options {
	const char *const *paths;   /* the configuration files (all run in one process) */
	size_t npaths;
	struct bgp_env env;         /* exabgp.tcp.* (bgp_env_read) */
	const char *software;       /* the software-version capability text; NULL: "attobgp/VERSION" */
	const char *shutdown_text;  /* RFC 9003 text of the Cease on shutdown; NULL or "": none */
	enum json_shape shape;      /* of the events' JSON (0: ExaBGP 6) */
	const char *host;           /* the JSON envelope's "host"; NULL: gethostname */
	server_log_fn log;          /* NULL: no logs */
	void *log_ctx;
	enum server_log_level log_level; /* lines above it are not produced */
	uint32_t retry_min_ms;      /* connect-retry back-off bounds for every session (0: the */
	uint32_t retry_max_ms;      /* engine's defaults, 1 s and 60 s) */
	/* exabgp.debug.rotate: the files are not run together but one at a time, the next
	 * one at each reload (ExaBGP's test harness reloads this way) */
	bool rotate;
};

/* Load every file of o->paths and fill the route store. NULL with err ("FILE:LINE:COL:
 * what", as the configuration layer reports it) when a file does not parse, two files
 * configure the same neighbour, or a neighbour cannot run (e.g. a range of peers). What this
 * build cannot send yet (families, kept statements, settings without an engine counterpart)
 * is logged as warnings, not refused. o's strings must outlive the server. */
struct server *server_new(struct event_loop *loop, const struct server_options *o, char *err, size_t errlen);
/* Listen (exabgp.tcp.bind, else for passive neighbours) and start every session.
 * 0, or -1 with err when a listener cannot be opened. */
int server_start(struct server *srv, char *err, size_t errlen);
/* Close everything at once (no NOTIFICATION: server_shutdown first for that). */
void server_free(struct server *srv);

/* Read the files again and apply the differences: removed neighbours get Cease / Peer
 * De-configured, changed ones (any session setting) Cease / Other Configuration Change and a
 * new session, new ones a session; for the others only the routes that changed are sent
 * (announced, replaced or withdrawn). On a file that does not parse nothing changes:
 * -1 with err. */
int server_reload(struct server *srv, char *err, size_t errlen);
/* Every session sends Cease / Administrative Shutdown (with the options' text, or text
 * when not NULL), then done runs once the NOTIFICATIONs are written (bounded: 1 s). */
void server_shutdown(struct server *srv, const char *text, void (*done)(struct server *srv, void *arg), void *arg);
/* exabgp.tcp.connections / attempts / once reached: fn runs once (usually: shut down). */
void server_on_finished(struct server *srv, void (*fn)(struct server *srv, void *arg), void *arg);

struct event_loop *server_loop(const struct server *srv);
struct rib_store *server_store(const struct server *srv);
struct bgp_speaker *server_speaker(const struct server *srv);
/* A log line through the options' sink (printf-like). */
void server_log(const struct server *srv, enum server_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- events: the hook the API plugs into ---- */

/* Every event of every session, after the server has logged it. p is the peer the
 * session belongs to. The event lives for the call (bgp/event.h). One hook: the API's
 * dispatcher replaces the default printer of src/app. */
typedef void (*server_event_fn)(void *ctx, struct server_peer *p, const struct bgp_event *ev);
void server_set_event_hook(struct server *srv, server_event_fn fn, void *ctx);
/* Whether the neighbour's api blocks select the event (ExaBGP's neighbor-changes, fsm,
 * negotiated, receive { } and send { } with parsed / packets). */
bool server_peer_wants(const struct server_peer *p, const struct bgp_event *ev);
/* The names of the processes its api blocks send events to (NULL-terminated array valid
 * until the next reload; empty when none). */
const char *const *server_peer_processes(const struct server_peer *p);
/* The processes the event goes to: those of the neighbour's api blocks that select it
 * (their processes, and those their processes-match selects), each once. Returns how
 * many were written to out (at most max); the names live until the next reload. */
size_t server_peer_event_processes(const struct server_peer *p, const struct bgp_event *ev, const char **out,
				   size_t max);
/* Append the event as one line of ExaBGP JSON (no newline), in the options' shape. 0, or
 * -1 for an event without a JSON form. */
int server_event_json(struct server *srv, struct server_peer *p, const struct bgp_event *ev, struct buf *out);
/* The same in a given shape (the API's `system api version 4` asks for ExaBGP 4's). */
int server_event_json_as(struct server *srv, struct server_peer *p, const struct bgp_event *ev, enum json_shape shape,
			 struct buf *out);

/* ---- peers ---- */

size_t server_peer_count(const struct server *srv);
struct server_peer *server_peer_at(const struct server *srv, size_t i);
/* The peer for a peer address (and local address, when several share one), or NULL. */
struct server_peer *server_peer_find(const struct server *srv, const struct bgp_address *peer,
				     const struct bgp_address *local);
struct server_peer *server_peer_of_session(const struct bgp_session *s);

struct bgp_session *server_peer_session(const struct server_peer *p);
struct adjout *server_peer_adjout(const struct server_peer *p);
/* The configuration block it comes from (resolved settings, routes) and its configuration. */
const struct config_neighbor *server_peer_neighbor(const struct server_peer *p);
const struct config *server_peer_config(const struct server_peer *p);
/* With adj-rib-in: what the peer announced and has not withdrawn, as the Adj-RIB-Out of a
 * neighbour of a second store (server_rib_in): list it with rib_iter over that store.
 * NULL when the neighbour keeps no Adj-RIB-In. */
struct adjout *server_peer_adj_rib_in(const struct server_peer *p);
struct rib_store *server_rib_in(const struct server *srv);
/* "neighbor 192.0.2.1" (ExaBGP's way of naming it in logs). */
const char *server_peer_name(const struct server_peer *p);

/* What `show neighbor` shows. */
struct server_peer_info {
	enum bgp_state state;
	struct bgp_session_stats stats;
	struct adjout_stats adjout;
	const struct bgp_negotiated *negotiated; /* NULL unless Established */
};
void server_peer_info(const struct server_peer *p, struct server_peer_info *out);

/* The API's teardown: Cease (subcode, RFC 9003 text for 2 and 4: the subcode's name when
 * text is NULL or empty, as ExaBGP), then reconnect. */
void server_peer_teardown(struct server_peer *p, uint8_t subcode, const char *text);
/* A neighbour that no file configures (the API's `peer create`): the settings are copied
 * into a configuration of its own. Routes come through server_route_announce. NULL with err
 * when the settings are refused (validation, a peer that already exists). */
struct server_peer *server_peer_create(struct server *srv, const struct settings_neighbor *n, char *err,
				       size_t errlen);
/* Stop (Cease / Peer De-configured) and forget a peer; its routes leave the store. */
void server_peer_delete(struct server *srv, struct server_peer *p);

/* ---- routes ---- */

/* A selection of peers for the store (rib_route_add's `peers`): referenced for the caller
 * (rib_peers_unref). NULL list: every peer. */
uint32_t server_peers_select(struct server *srv, struct server_peer *const *list, size_t n);
/* Announce r to (or withdraw n from) the peers of a selection, and let their sessions send
 * it. 0 / -1 (announce: a route the store refuses); withdraw returns 1 when some peer held it. */
int server_route_announce(struct server *srv, const struct route *r, uint32_t peers);
int server_route_withdraw(struct server *srv, const struct nlri *n, uint32_t peers);
/* After changing the store directly (rib_route_add, adjout_clear, ...): wake the sessions
 * that have something to send. */
void server_routes_changed(struct server *srv);
/* End-of-RIB for a family to a peer (manual-eor, the API's `announce eor`). 0 / -1. */
int server_peer_send_eor(struct server_peer *p, uint16_t afi, uint8_t safi);
/* Ask the peer to resend a family (the API's `announce route-refresh`). 0 / -1. */
int server_peer_send_refresh(struct server_peer *p, uint16_t afi, uint8_t safi);
/* Send the peer its Adj-RIB-Out again, every family (the API's `flush adj-rib out`), with
 * RFC 7313's BoRR / EoRR around it when enhanced route refresh was negotiated. 0 / -1 (not
 * Established). */
int server_peer_resend(struct server_peer *p);

#endif
