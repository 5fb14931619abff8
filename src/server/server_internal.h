/* server_internal.h — the inside of the server, shared by the files that implement it:
 *   server.c     the server's life: loading, starting, listeners, shutdown, accessors;
 *   peer.c       one peer: made from a neighbour block, started, stopped, freed;
 *   neighbor.c   a neighbour's configuration as the session engine's settings;
 *   routes.c     a neighbour's routes into the store, and brought in step on reload;
 *   source.c     the store as a session's route source (Adj-RIB-Out drained into UPDATEs);
 *   events.c     what sessions report: logs, the hook, the api blocks' selection, JSON;
 *   reload.c     a new reading of the files against the running peers.
 * Nothing outside src/server includes this.
 */
#ifndef SERVER_INTERNAL_H
#define SERVER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/settings.h"
#include "bgp/speaker.h"
#include "server/server.h"

#define SERVER_NAME_MAX 96

/* A configuration in use, shared by the peers it configures. */
struct server_config {
	struct config *config;
	unsigned refs;          /* peers pointing into it, + 1 while it is the current reading */
	const char *path;       /* the file it was read from (the options' string); NULL: none */
	bool dirty;             /* changed by the API since it was last saved */
};

struct server_peer {
	struct server *srv;
	struct server_config *cfg;
	const struct config_neighbor *neighbor;
	struct bgp_session_settings set;
	struct bgp_session *session;
	struct adjout *adj;
	struct buf out;              /* what a drain packs, handed to the session as a chunk */
	char name[SERVER_NAME_MAX];  /* "neighbor 192.0.2.1" */
	/* the union of its api blocks */
	uint8_t api_flags;           /* enum settings_api_flag */
	uint16_t api_receive, api_send; /* enum settings_api_message */
	const char **processes;      /* NULL-terminated: every process some api block names or
				      * matches (processes-match), once */
	struct server_api_block *api; /* each api block: what it selects, for which processes */
	size_t napi;
	uint64_t id;                 /* unique for the server's life (the API's targets keep ids) */
	uint64_t drain_errors;
	bool dynamic;                /* made by server_peer_create, not by a file: reload keeps it */
	unsigned generation;         /* the reading of the files that last configured it */
	struct adjout *adj_in;       /* with adj-rib-in: what the peer sent, in srv->rib_in */
};

/* One api block of a neighbour: what it selects and the processes it sends to. */
struct server_api_block {
	uint8_t flags;               /* enum settings_api_flag */
	uint16_t send, receive;      /* enum settings_api_message */
	const char **names;          /* its processes, and those processes-match selects */
	size_t n;
};

struct server_listen {
	struct bgp_address addr;
	uint16_t port;
};

struct server {
	struct event_loop *loop;
	struct server_options opt;
	char software[BGP_SOFTWARE_MAX];
	char host[256];
	struct bgp_speaker *sp;
	struct rib_store *store;
	struct rib_store *rib_in;         /* Adj-RIB-In of the peers that keep one (made on demand) */
	struct server_config **configs;   /* the current reading of opt.paths */
	size_t nconfigs;
	struct server_peer **peers;
	size_t npeers, cappeers;
	struct server_listen *listening;  /* listeners opened */
	size_t nlistening;
	bool started;
	unsigned generation;              /* readings of the files so far */
	size_t rotation;                  /* exabgp.debug.rotate: the file read now */
	server_event_fn hook;
	void *hook_ctx;
	void (*done)(struct server *srv, void *arg);
	void *done_arg;
	void (*finished)(struct server *srv, void *arg);
	void *finished_arg;
	uint64_t next_peer_id;
	struct buf *drain_own;            /* per member of a group drain (source.c) */
	size_t ndrain_own;
};

/* ---- configurations (server.c) ---- */

/* Parse every file of opt.paths. 0, or -1 with err (nothing kept). */
int server_configs_load(struct server *srv, struct server_config ***out, size_t *nout, char *err, size_t errlen);
void server_config_unref(struct server_config *sc);
/* Log what a configuration cannot do yet (families, kept statements). */
void server_config_report(struct server *srv, const struct config *c);
/* Open the listeners the peers need that are not open yet. 0, or -1 with err. */
int server_listen_update(struct server *srv, char *err, size_t errlen);

/* ---- peers (peer.c) ---- */

/* A peer for neighbour n of configuration sc (referenced), its session created (not
 * started) and, with load, its routes put in the store. NULL with err. */
struct server_peer *server_peer_new(struct server *srv, struct server_config *sc, const struct config_neighbor *n,
				    bool load, char *err, size_t errlen);
/* Stop the session with a Cease (subcode, text), free the session later and the peer now
 * (its routes leave the store). */
void server_peer_free(struct server_peer *p, uint8_t subcode, const char *text);
/* The peer's own storage freed, its session already gone (server_free: the speaker first). */
void server_peer_release(struct server_peer *p);
/* Point p at another reading of its neighbour (same session settings). */
void server_peer_rebind(struct server_peer *p, struct server_config *sc, const struct config_neighbor *n);
void server_peer_start(struct server_peer *p);
/* The API's `peer create` when changes are saved: the neighbour joins configuration sc
 * (written by the next save) and its peer is started. NULL with err (sc unchanged). */
struct server_peer *server_peer_create_in(struct server *srv, struct server_config *sc,
					  const struct settings_neighbor *n, char *err, size_t errlen);
/* The API's `peer delete`: stopped and forgot; with save, a neighbour of a file leaves its
 * configuration too (written by the next save). */
void server_peer_delete_from(struct server *srv, struct server_peer *p, bool save);
/* Remove p from the server's list (not freed). */
void server_peer_unlist(struct server *srv, struct server_peer *p);
void server_peer_list(struct server *srv, struct server_peer *p);

/* ---- settings (neighbor.c) ---- */

/* The engine's settings for neighbour n. What the engine has no counterpart for is
 * appended to warnings ("; "-separated). 0, or -1 with err when the neighbour cannot run. */
int server_neighbor_settings(const struct server *srv, const struct settings_neighbor *n,
			     struct bgp_session_settings *out, struct buf *warnings, char *err, size_t errlen);
/* Whether two settings describe the same session (a reload keeps it). */
bool server_settings_same(const struct bgp_session_settings *a, const struct bgp_session_settings *b);
/* Where a peer wants us to listen: 0 and *out filled, or -1 when it does not (active). */
int server_neighbor_listen(const struct server *srv, const struct server_peer *p, struct server_listen *out);

/* ---- routes (routes.c) ---- */

/* Put every route of neighbour n of c into the Adj-RIB-Out of the peers in `peers`.
 * Returns how many the store refused. */
/* Whether two neighbours have the same routes by construction (the same route blocks:
 * a shared template and no routes of their own), so one load can serve both. */
bool server_routes_shared(const struct config_neighbor *a, const struct config_neighbor *b);
size_t server_routes_load(struct server *srv, const struct config *c, const struct config_neighbor *n,
			  uint32_t peers);
/* Make the Adj-RIB-Out of each of np peers (which share neighbour n's route blocks) hold
 * exactly n's routes (reload): new and changed routes are added, routes n no longer has
 * removed, unchanged ones are not touched (not resent). *added and *removed count
 * (route, peer) pairs. */
void server_routes_sync(struct server *srv, struct server_peer *const *peers, size_t np, const struct config *c,
			const struct config_neighbor *n, size_t *added, size_t *removed);

/* ---- the route source (source.c) ---- */

struct bgp_route_source server_source_hooks(struct server_peer *p);

/* ---- events (events.c) ---- */

void server_on_event(void *user, struct bgp_session *s, const struct bgp_event *ev);
/* Compute p's api selection from its neighbour's api blocks (processes-match resolved
 * against the processes of its configuration). */
void server_peer_api(struct server_peer *p);
/* Free what server_peer_api made. */
void server_peer_api_free(struct server_peer *p);

#endif
