/* env.h — ExaBGP's API environment knobs, as attobgp honours them, and where the control
 * socket lives.
 *
 *   exabgp.api.ack          acknowledge commands (done / error); default true
 *   exabgp.api.respawn      restart helpers that end; default true
 *   exabgp.api.terminate    stop the daemon when a helper ends for good; default false
 *   exabgp.api.cli          open the control socket; default true
 *   exabgp.api.socketname   the socket's name: NAME.sock; default "attobgp" (ExaBGP's is
 *                           "exabgp": a different default lets both run on one machine)
 *   exabgp.api.socketpath   the socket's full path (ExaBGP 6's override); wins over the name
 *   attobgp.api.queue       octets of events a helper may have waiting (64 MiB)
 *   attobgp.api.line        the longest command line, in octets (256 KiB)
 * Each name is also read with underscores (exabgp_api_ack), as ExaBGP does; the dotted
 * form wins when both are set. Booleans are ExaBGP's: 1, yes, on, enable, true (any case)
 * are true; 0, no, off, disable, false are false; anything else is an error.
 *
 * Where the socket is, without socketpath: NAME.sock in the first of these directories
 * that (for the server) exists and is writable, or (for the CLI) holds NAME.sock —
 * ExaBGP's search list, with the user's runtime directory where it has none:
 *     /run/attobgp/  /run/UID/  $XDG_RUNTIME_DIR/  /run/  /var/run/attobgp/
 *     /var/run/UID/  /var/run/
 * Owns: reading and validating these values. Must not know: sockets themselves.
 */
#ifndef API_ENV_H
#define API_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "api/api.h"

#define API_SOCKET_PATH_MAX 108   /* sun_path */

struct api_env {
	bool ack, respawn, terminate, cli;
	bool socket_chosen; /* socketpath or socketname was set: that socket or nothing */
	char socketname[64];
	char socketpath[API_SOCKET_PATH_MAX];  /* "" when not given */
	size_t queue_max;                      /* 0: the default */
	size_t line_max;
};

typedef const char *(*api_env_lookup_fn)(const char *name);

/* Read every knob (lookup: getenv, or a table in tests). 0, or -1 with err (a value that
 * does not parse should stop a daemon, not be ignored). */
int api_env_read(struct api_env *e, api_env_lookup_fn lookup, char *err, size_t errlen);
/* Copy what the knobs say into an API configuration. */
void api_env_apply(const struct api_env *e, struct api_config *cfg);

/* The control socket's path (see above) into out. server: for listening (a writable
 * directory), else for connecting (where the socket is; when none is found, where a server
 * would put it). 0, or -1 when no directory fits (out then names the last tried). */
int api_socket_path(const struct api_env *e, bool server, char *out, size_t size);

#endif
