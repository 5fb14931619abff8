/* backend.h — what the API asks of the daemon: the operations table a server implements.
 *
 * Owns: the contract between src/api (the command dispatcher, helper processes, the control
 * socket) and whoever owns the sessions, the route store and the configuration (the server,
 * src/server). The API parses and validates a command completely before it calls anything
 * here, and makes at most ONE changing call per command (a `group` is one call): so "no
 * command is half-applied" comes down to each changing operation below doing all it was
 * asked or, returning -1 with err filled, nothing at all.
 * Must not know: sessions, the configuration, sockets. (api includes core, wire, model and
 * rib only: everything it needs from bgp/ or config/ comes through this table.)
 *
 * Calling conventions, for every operation:
 *   - `be` is the backend's own context, given to api_new();
 *   - every operation is called from the event loop's thread, never re-entered, and must
 *     not block (a save is asynchronous: see `save`);
 *   - an operation returning int returns 0, or -1 with err->why set to a sentence the API
 *     sends as {"error": "..."} (no trailing period needed; it must not contain the command
 *     itself, the API says which command failed when it logs);
 *   - pointers handed to the backend are valid for the call only, unless said otherwise;
 *     pointers the backend hands back (routes, strings in api_peer_info) must stay valid
 *     until the next call into the backend.
 * Optional operations may be NULL: the command that needs one then answers
 * {"error": "... is not available in this server"} (never a silent success). They are
 * peer_config, peer_create, peer_delete, watchdog, when_sent and log; the rest are
 * required (persistent may return false when nothing is saved).
 *
 * Peers. A command names peers with a selector (struct api_selector, parsed by the API
 * from `peer *`, `peer 10.0.0.1 peer-as 65000`, `peer [a, b]`, or the legacy
 * `neighbor A [, neighbor B]`); the backend resolves it once per command into a target
 * (select), the API passes the target to the operations, then releases it. Resolution is
 * ExaBGP's: only the peers that serve the client are candidates (a helper process serves
 * the neighbours whose `api { processes [...] }` names it, or matches processes-match; the
 * control socket, service NULL, serves every neighbour), then each match of the selector
 * is ANDed over its fields and the matches ORed. A target stays valid until released,
 * even across event-loop turns (a long `routes list` walks it in steps): a peer deleted
 * meanwhile simply yields nothing any more.
 *
 * Routes. The API hands routes as a model update_collection (route_text_parse's output:
 * announces and withdraws in command order, next-hop self unresolved, attributes in the
 * collection's arena). The backend stores them (rib_route_announce / rib_route_remove
 * with the target's neighbour set) and copies what it keeps.
 */
#ifndef API_BACKEND_H
#define API_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "model/route.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/ip.h"

#define API_ERROR_MAX 512

struct api_error {
	char why[API_ERROR_MAX];
};

/* ---- choosing peers ---------------------------------------------------------------- */

/* An IPv4 or IPv6 address; afi 0 when not given (or `*`). */
struct api_address {
	uint16_t afi;      /* AFI_IPV4 (4 octets used), AFI_IPV6 (16), 0: any */
	uint8_t addr[16];
};

/* The qualifiers of one selector match (ExaBGP's `local-ip`, `local-as`, ...). */
enum api_match_field {
	API_MATCH_LOCAL_IP = 1u << 0,
	API_MATCH_LOCAL_AS = 1u << 1,
	API_MATCH_PEER_AS = 1u << 2,
	API_MATCH_ROUTER_ID = 1u << 3,
	API_MATCH_FAMILY = 1u << 4,     /* family-allowed AFI-SAFI: the peer is configured for it */
};

struct api_peer_match {
	struct api_address peer;   /* afi 0: any peer (`*` with qualifiers) */
	unsigned fields;           /* enum api_match_field: which of the following are given */
	struct api_address local_ip;
	uint32_t local_as;
	uint32_t peer_as;
	uint8_t router_id[4];
	uint16_t afi;              /* family-allowed */
	uint8_t safi;
};

#define API_SELECTOR_MAX 64

struct api_selector {
	/* The helper process the command came from (its configured name), NULL for the
	 * control socket: only the peers serving it are candidates (see above). */
	const char *service;
	size_t n;                  /* 0: every candidate (`*`, or no selector given) */
	struct api_peer_match match[API_SELECTOR_MAX];
};

/* A resolved selection: how many peers, and the backend's own representation. */
struct api_target {
	size_t count;
	void *handle;
};

/* ---- what peers look like to `peer list`, `peer show`, `daemon status` ----------- */

/* The session's state and counters, read by the API and rendered as ExaBGP's JSON
 * (neighbor.py as_dict). Strings point into the backend (valid until its next call). */
#define API_PEER_CAPS_MAX 24
#define API_PEER_MESSAGES_MAX 8

struct api_peer_info {
	char peer_address[IP_STR_MAX];
	char local_address[IP_STR_MAX];    /* "" when not known yet (auto) */
	uint32_t local_as, peer_as;
	bool peer_as_known;                /* false until an OPEN said it (peer-as auto) */
	char local_id[IP_STR_MAX];         /* router ids, dotted quad; "" when unknown */
	char peer_id[IP_STR_MAX];
	uint16_t local_hold, peer_hold;    /* peer_hold 0: not known (no OPEN yet) */
	const char *state;                 /* the FSM state as ExaBGP names it: "IDLE", "ACTIVE",
					    * "CONNECT", "OPENSENT", "OPENCONFIRM", "ESTABLISHED" */
	bool up;                           /* Established */
	uint64_t duration;                 /* seconds in the current up/down period */
	const char *description;           /* NULL: none */
	size_t ncaps;
	struct {
		const char *name;          /* "four-bytes-asn", "route-refresh", "add-path", ... */
		int8_t local, peer;        /* 1 advertised, 0 not, -1 not known (no OPEN yet) */
	} caps[API_PEER_CAPS_MAX];
	size_t nfamilies;
	struct {
		uint16_t afi;
		uint8_t safi;
		bool local, peer;          /* configured by us / advertised by the peer */
		bool addpath_send, addpath_receive;
	} families[FAMILY_COUNT];
	size_t nmessages;
	struct {
		const char *name;          /* "open", "update", "keepalive", "notification", "refresh" */
		uint64_t sent, received;
	} messages[API_PEER_MESSAGES_MAX];
};

/* `peer create IP local-as N peer-as N [local-address IP] [router-id IP]
 *  [family-allowed AFI-SAFI[/AFI-SAFI...]] [graceful-restart S] [group-updates true|false]
 *  [api PROCESS]...` (ExaBGP 6's create neighbor) */
#define API_PEER_PROCESSES_MAX 8

struct api_peer_spec {
	struct api_address peer;
	struct api_address local;          /* afi 0: not given (found when connecting) */
	uint32_t local_as, peer_as;
	bool has_router_id;
	uint8_t router_id[4];
	size_t nfamilies;                  /* 0: not given (the backend's default: ipv4 unicast) */
	struct family families[FAMILY_COUNT];
	int32_t graceful_restart;          /* seconds; -1: not given */
	int8_t group_updates;              /* 0/1; -1: not given */
	size_t nprocesses;
	const char *processes[API_PEER_PROCESSES_MAX];
};

/* ---- walking routes ---------------------------------------------------------------- */

enum api_rib {
	API_RIB_ROUTES,   /* `routes list`: every route some target peer's Adj-RIB-Out holds, once
			   * per distinct (NLRI, path) whatever the number of peers holding it */
	API_RIB_OUT,      /* `rib show out`: per target peer, its Adj-RIB-Out, peer after peer (every
			   * route of one peer before the next one's: the answer groups them) */
	API_RIB_IN,       /* `rib show in`: per target peer, its Adj-RIB-In (error when not kept) */
};

/* A walk's position: zero to start; the backend keeps its own cursor in it (a route id,
 * a peer index), never a pointer, so the store may change between steps: routes added
 * behind the position are not seen, routes removed are skipped. */
struct api_walk {
	uint64_t pos[2];
};

/* One route of a walk. peer: the target peer it belongs to (its index, as peer_info
 * counts), or SIZE_MAX for API_RIB_ROUTES. r is valid for the call only. Return 0 to go
 * on; non-zero stops the walk step (the same position is not resumed). */
typedef int (*api_route_fn)(void *ctx, size_t peer, const struct route *r);

/* ---- daemon-wide actions ----------------------------------------------------------- */

enum api_daemon_action {
	API_DAEMON_SHUTDOWN,   /* stop: sessions closed with Cease, helpers told (api_stop), exit */
	API_DAEMON_RELOAD,     /* reread the configuration (SIGUSR1, ExaBGP's reload) */
	API_DAEMON_RESTART,    /* reload, and restart every session */
};

/* Persistence: called once when the save started by `save` is over. status 0: every change
 * applied before `save` was called is durable on disk. -1: it is not (why says what the
 * storage layer said). Called later, from the event loop (it may also be called before
 * `save` returns; the API copes). `when_sent` reports the same way. */
typedef void (*api_save_done_fn)(void *arg, int status, const char *why);

/* ---- the table ---------------------------------------------------------------------- */

struct api_backend_ops {
	/* ---- peers ---- */

	/* Resolve sel (see above) into t; t->count may be 0 (the API then answers
	 * "no peer matches"). 0, or -1 when the selection cannot be made at all. */
	int (*select)(void *be, const struct api_selector *sel, struct api_target *t, struct api_error *err);
	void (*release)(void *be, struct api_target *t);

	/* The state of target peer i (0 <= i < t->count). 0, or -1 when it is gone. */
	int (*peer_info)(void *be, const struct api_target *t, size_t i, struct api_peer_info *out);
	/* Optional. The neighbour block of target peer i as configuration text (export's
	 * canonical form), appended to out. */
	int (*peer_config)(void *be, const struct api_target *t, size_t i, struct buf *out,
			   struct api_error *err);
	/* Close the Established sessions of the target with a NOTIFICATION code/subcode
	 * (Cease 6 / Administrative Shutdown 2 by default, as ExaBGP 6) and an RFC 9003 text ("" for none).
	 * Sessions not established are left alone (ExaBGP). They reconnect as configured. */
	int (*teardown)(void *be, const struct api_target *t, uint8_t code, uint8_t subcode, const char *text,
			struct api_error *err);
	/* Optional. A new neighbour, started at once (dynamic peer). Refused (-1, nothing
	 * changed) when it exists, or its settings cannot work. Becomes part of the
	 * configuration: the API calls `save` afterwards when persistent. */
	int (*peer_create)(void *be, const struct api_peer_spec *spec, struct api_error *err);
	/* Optional. Remove the target neighbours (their sessions closed with Cease /
	 * Peer De-configured), from the configuration too. All or nothing. */
	int (*peer_delete)(void *be, const struct api_target *t, struct api_error *err);

	/* ---- routes ---- */

	/* Apply the routes of c (announces and withdraws, in order; never an End-of-RIB) to
	 * the Adj-RIB-Out of every target peer. flags: API_APPLY_CONFIG for `routes add` /
	 * `routes remove` — the routes also join or leave the configuration of those peers
	 * (what `save` writes and a restart reads back); without it they are only announced
	 * (ExaBGP's `announce route`). Validates everything first (a family no target peer
	 * is configured for, a route the store cannot hold): -1 changes nothing. On success
	 * *withdrawn_missing (if not NULL) counts the withdraws that found no target peer
	 * holding the route (not an error: ExaBGP answers done and logs it). */
	int (*routes_apply)(void *be, const struct api_target *t, const struct update_collection *c, unsigned flags,
			    size_t *withdrawn_missing, struct api_error *err);
	/* The route the store holds under n (its first version, as rib_route_model gives it;
	 * next-hop self unresolved). 0 with *out filled (valid until the next backend call:
	 * the API copies it before calling anything else), or -1 when there is none. For
	 * `announce index HEX`, and to say which routes a multi-route `routes remove` found. */
	int (*route_find)(void *be, const struct nlri *n, struct route *out);
	/* Walk routes of family afi/safi (0: any; safi 0: any of afi) held by the target (see
	 * enum api_rib), at most max routes per call, from *w on. Returns 1 when more may
	 * remain (call again with the same w), 0 when the walk is over, -1 with err. */
	int (*rib_walk)(void *be, const struct api_target *t, enum api_rib which, uint16_t afi, uint8_t safi,
			struct api_walk *w, size_t max, api_route_fn each, void *ctx, struct api_error *err);
	/* Send an End-of-RIB for afi/safi to the target peers whose session is Established
	 * with that family; -1 when none is (ExaBGP 6 answers error then too). */
	int (*send_eor)(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err);
	/* Ask the target peers for a ROUTE-REFRESH of afi/safi (RFC 2918); -1 when no target
	 * peer is Established with the family and the capability. */
	int (*send_refresh)(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err);
	/* Optional. `announce watchdog NAME` / `withdraw watchdog NAME`: announce (or withdraw
	 * while keeping) the routes given `watchdog NAME` for the target peers. */
	int (*watchdog)(void *be, const struct api_target *t, const char *name, bool announce, struct api_error *err);
	/* `rib flush out`: resend every route of the target peers' Adj-RIB-Out. */
	int (*rib_flush)(void *be, const struct api_target *t, struct api_error *err);
	/* `rib clear out`: withdraw everything from the target peers' Adj-RIB-Out (the
	 * configuration keeps its routes); `rib clear in`: forget their Adj-RIB-In. */
	int (*rib_clear)(void *be, const struct api_target *t, enum api_rib which, struct api_error *err);

	/* ---- the daemon ---- */

	/* Start the action. The API calls this from a deferred task, after the command's
	 * answer was queued and no client is being read, so it may act at once (api_stop()
	 * included). A shutdown must go through api_stop() so the helpers hear "shutdown" and
	 * are reaped before the process exits; a reload calls api_processes_set() again. */
	int (*daemon)(void *be, enum api_daemon_action action, struct api_error *err);

	/* ---- persistence (group commit: see api/persist.c) ---- */

	/* Whether changes are saved (the server was started from a file). */
	bool (*persistent)(void *be);
	/* Write the configuration as it is now (every change applied so far: the routes
	 * routes_apply added with API_APPLY_CONFIG in their neighbours' static blocks, the
	 * peers peer_create / peer_delete changed) to its file, so that a restart from it
	 * gives the same routes and therefore the same indexes: cooperatively
	 * (config_export_next chunks of <= 1000 routes into storage_append, one chunk per
	 * event-loop turn), then storage_commit; call done(arg, ...) once. The API never
	 * starts a second save before the first one's done. Returns 0, or -1 when it cannot
	 * start (done is then NOT called; err says why). bench/b_api.c has a small one. */
	int (*save)(void *be, api_save_done_fn done, void *arg, struct api_error *err);
	/* Optional (`session sync enable` needs it). Call done(arg, 0, NULL) once everything
	 * routes_apply changed so far has been packed and written to the sockets of the
	 * sessions that were Established (a session that goes down meanwhile counts as done;
	 * -1 with why if it cannot tell). Same rules as save: one at a time, done once, 0 or -1
	 * (then done is not called). */
	int (*when_sent)(void *be, api_save_done_fn done, void *arg, struct api_error *err);

	/* ---- logging ---- */

	/* Optional. A line for the daemon's log (level: LOG_ERR, LOG_WARNING, LOG_INFO,
	 * LOG_DEBUG from syslog.h). NULL: written to stderr. */
	void (*log)(void *be, int level, const char *text);
};

/* routes_apply flags */
#define API_APPLY_CONFIG 0x1u

#endif
