/* server_api.h — the API (src/api) plugged into a running server: the backend operations
 * it calls (api/backend.h) implemented over the server's peers, route store and
 * configurations; the helper processes of the configurations' `process` blocks; the
 * events their neighbours' `api { }` blocks select; the control socket; the saving of
 * API changes to the configuration files.
 *
 * Owns: struct server_api (one per server, on its loop) and everything the API object of
 * src/api needs from the daemon.
 * Must not know: argument parsing, signals, exiting (src/app: it is told through
 * server_api_options.stop when a command asks the daemon to stop).
 *
 * Plugging it in (src/app/server.c):
 *   srv = server_new(loop, &options, ...);
 *   sa = server_api_new(srv, &api_options, err, errlen);  // the API object, the event hook
 *   server_api_listen(sa, err, errlen);    // the control socket: refused when another
 *                                          // server answers on it, before any session
 *   server_start(srv, ...);
 *   server_api_start(sa, err, errlen);     // helpers started (and the socket, if not yet)
 *   ... SIGHUP: server_api_reload(sa, ...) (the files, then the helpers they name)
 *   ... stopping: server_api_stop(sa, done, arg) beside server_shutdown()
 *   server_api_free(sa); server_free(srv);
 */
#ifndef SERVER_SERVER_API_H
#define SERVER_SERVER_API_H

#include <stdbool.h>
#include <stddef.h>

#include "api/api.h"
#include "api/env.h"
#include "server/server.h"

struct server_api;

struct server_api_options {
	struct api_env env;         /* exabgp.api.* (api_env_read) */
	const char *version;        /* the daemon's version for `system version` */
	/* Save the changes `routes add|remove` and `peer create|delete` make to the
	 * configuration files (the server was started from files: true unless told not to). */
	bool save;
	/* Events for configurations without any process: where they go instead (src/app
	 * prints them on stdout). NULL: nowhere. */
	server_event_fn fallback;
	void *fallback_ctx;
	/* A command (or exabgp.api.terminate) asks the daemon to stop: src/app starts its
	 * orderly stop (which calls server_api_stop). */
	void (*stop)(void *ctx);
	void *stop_ctx;
};

/* The API for srv: its event hook is installed (helpers' events, else o->fallback).
 * NULL with err when the options cannot work. */
struct server_api *server_api_new(struct server *srv, const struct server_api_options *o, char *err,
				  size_t errlen);
/* Open the control socket (unless exabgp.api.cli is false, or it is open already). -1 with
 * err when it cannot be (another server answers on it, a file is in the way). Called
 * before server_start, so that a second server on a live socket gives up before it opens
 * a single BGP connection (a peer would see it as a new session of ours). */
int server_api_listen(struct server_api *sa, char *err, size_t errlen);
/* Start the configuration's helper processes and open the control socket if
 * server_api_listen did not. -1 with err when a helper cannot be started or the socket
 * cannot be opened. */
int server_api_start(struct server_api *sa, char *err, size_t errlen);
/* Reload the configuration files (server_reload), then make the helpers those name run. */
int server_api_reload(struct server_api *sa, char *err, size_t errlen);
/* The helpers hear "shutdown", are stopped and reaped, the socket is closed; done(arg)
 * after (from the loop). */
void server_api_stop(struct server_api *sa, void (*done)(void *arg), void *arg);
void server_api_free(struct server_api *sa);

/* The control socket's path ("" when none is open). */
const char *server_api_socket(const struct server_api *sa);
/* The API object (tests drive in-process clients through it). */
struct api *server_api_object(struct server_api *sa);

#endif
