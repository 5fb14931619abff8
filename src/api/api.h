/* api.h — the API as the server uses it: helper processes, the control socket, one command
 * dispatcher for both, and the persistence of the changes commands make.
 *
 * Owns: struct api (one per daemon, on the daemon's event loop), its clients (a helper
 * process, a control-socket connection, or an in-process client for tests), the events the
 * server hands over for helpers, and the orderly stop.
 * Must not know: sessions, the configuration, the route store's owner: all of that is
 * behind struct api_backend_ops (backend.h).
 *
 * Plugging it in (what src/server does):
 *   api_config_init(&cfg); api_env_read(&cfg, getenv, ...);       // exabgp.api.* knobs
 *   api = api_new(loop, &server_ops, server, &cfg);
 *   api_processes_set(api, specs, n);        // from the configuration's process blocks;
 *                                            // again after a reload (changed ones restart)
 *   api_listen(api, path, 0600, &err);       // the control socket (refuses a live one)
 *   ... for every session event a neighbour's api { } selects for some processes:
 *   api_event_send(api, &ev);                // never blocks; queues are bounded
 *   ... on shutdown:
 *   api_stop(api, done, arg);                // "shutdown" to helpers, SIGTERM, reap
 *   api_free(api);                           // after done (or at once, killing helpers)
 * Everything runs on the loop's thread; nothing here blocks the loop (pipes and sockets
 * are non-blocking, long answers are built in steps, saves are asynchronous).
 */
#ifndef API_API_H
#define API_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/backend.h"
#include "core/buf.h"
#include "core/event.h"

struct api;
struct api_client;

/* The longest command line accepted (octets), and the events a helper may have waiting. */
#define API_LINE_MAX_DEFAULT (256u * 1024u)
#define API_QUEUE_MAX_DEFAULT (64u * 1024u * 1024u)

struct api_config {
	bool ack;               /* exabgp.api.ack: commands are acknowledged (default true) */
	bool respawn;           /* exabgp.api.respawn: helpers that end are restarted (true) */
	bool terminate;         /* exabgp.api.terminate: a helper ending for good stops the daemon */
	size_t line_max;        /* the longest command line (octets) */
	size_t queue_max;       /* events waiting for one helper (octets) before they are dropped */
	unsigned respawn_max;   /* restarts allowed per respawn_window_ms (ExaBGP: 5 a minute) */
	uint64_t respawn_window_ms;
	uint64_t stop_grace_ms; /* a helper stopped gets EOF, then SIGTERM this long after (0.5 s) */
	uint64_t kill_grace_ms; /* SIGTERM, then SIGKILL after this long (2 s) */
	const char *version;    /* the daemon's own version ("0.1.0"), for `system version` */
	const char *host;       /* hostname for notices' envelopes; NULL: gethostname */
};

/* Defaults as ExaBGP 6 sets them. */
void api_config_init(struct api_config *c);

/* A new API on loop; ops and be must outlive it. cfg is copied (its strings must outlive
 * the API). Never NULL. */
struct api *api_new(struct event_loop *loop, const struct api_backend_ops *ops, void *be,
		    const struct api_config *cfg);
/* Close everything at once: helpers are killed (SIGKILL) and reaped, the socket path is
 * removed, answers still waiting are dropped. Call api_stop first for an orderly end. */
void api_free(struct api *api);

/* ---- helper processes ---- */

/* `process NAME { run PROGRAM ARGS...; encoder json|text; respawn BOOL; }` — argv[0] is
 * the program, already resolved (a relative `run` made absolute against the configuration
 * file's directory, as ExaBGP does). */
struct api_process_spec {
	const char *name;
	const char *const *argv;
	size_t argc;
	bool json;              /* encoder json (events as JSON lines; else text) */
	bool respawn;           /* the process block's own respawn (default true) */
	bool json_acks;         /* acks in ExaBGP's JSON form, {"answer": "done", ...}, instead of
				 * `done` / `error` lines (ExaBGP has it as a TODO; off by default) */
};

/* Make the running helpers be exactly specs: new ones are started, ones no longer named
 * are stopped, ones whose program, arguments or encoder changed are restarted, the rest
 * keep running (a reload). 0, or -1 when some could not be started (err names the first;
 * the others are running). */
int api_processes_set(struct api *api, const struct api_process_spec *specs, size_t n, struct api_error *err);

/* ---- the control socket ---- */

/* Listen on the Unix socket at path with the given permission bits (0: 0600). A path
 * where a server answers is refused ("another server is running on PATH", API_LISTEN_BUSY); a stale socket
 * file (nobody answers) is replaced; any other file is refused. The path is removed by
 * api_free / api_stop. 0, or -1 with err. */
int api_listen(struct api *api, const char *path, unsigned mode, struct api_error *err);
/* api_listen's answer when a server answers on the path (other errors are -1) */
#define API_LISTEN_BUSY (-2)

/* ---- events for helpers ---- */

/* One event, for the helper processes named (the neighbour's api { } selection made by
 * the server). render writes the event as one line without its newline, in JSON when
 * json is true (encoder json) or in ExaBGP's text form; it is called at most once per
 * encoder per event. It returns 0, or -1 when the event has no form in that encoder
 * (the processes using it get nothing). */
struct api_event {
	const char *const *processes;
	size_t nprocesses;
	int (*render)(void *ctx, bool json, struct buf *out);
	void *ctx;
};

/* Queue ev for its processes. Never blocks: a helper with queue_max octets of events
 * waiting loses this one (counted, logged, and it is told how many it lost once it
 * catches up: see process.h). */
void api_event_send(struct api *api, const struct api_event *ev);

/* ---- stopping ---- */

/* Stop taking commands, tell every helper "shutdown" (ExaBGP's notification), close their
 * stdin, SIGTERM them, SIGKILL those still alive after kill_grace_ms, close the socket;
 * done(arg) once every helper is reaped (from the loop, possibly before api_stop returns
 * when there is none). */
void api_stop(struct api *api, void (*done)(void *arg), void *arg);

/* ---- in-process clients: tests, benchmarks, scripted commands ---- */

enum api_channel {
	API_CHANNEL_PROCESS,   /* a helper: answer lines, then `done` / `error` */
	API_CHANNEL_SOCKET,    /* the control socket: exactly one JSON line per command */
};

/* A client whose answers stay in memory (api_client_output). service: the process name
 * it speaks for (NULL: as the control socket does, for every peer). */
struct api_client *api_client_open(struct api *api, enum api_channel channel, const char *service);
/* Run one command line (no newline) as if the client had sent it. */
void api_client_command(struct api_client *c, const char *line, size_t len);
/* What the client was answered and has not consumed: *len octets. */
const char *api_client_output(const struct api_client *c, size_t *len);
void api_client_consume(struct api_client *c, size_t len);
/* Whether the client's answers are all out (none waits for a save or a long walk). */
bool api_client_idle(const struct api_client *c);
void api_client_close(struct api_client *c);

/* The API version a client last set with `system api version 4|6` (6 by default): the
 * server renders events in ExaBGP 4.0.1's JSON shape for 4 (json_message.h JSON_SHAPE_V4). */
unsigned api_version_get(const struct api *api);

/* ---- for `system queue-status` and tests ---- */

struct api_stats {
	uint64_t commands, errors;
	uint64_t saves, saves_failed;        /* persistence: saves started, failed */
	uint64_t changes_applied, changes_durable;
	uint64_t events_queued, events_dropped;
	size_t processes, connections;
};
void api_stats(const struct api *api, struct api_stats *out);

#endif
