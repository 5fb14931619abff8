/* env.h — ExaBGP's transport environment knobs, as attobgp honours them.
 *
 *   exabgp.tcp.port         port to listen on and to connect to (179)
 *   exabgp.tcp.bind         space-separated addresses to listen on; empty: do not listen
 *   exabgp.tcp.connections  stop after N sessions have been established and closed (tests)
 *   exabgp.tcp.attempts     stop after N failed connections (ExaBGP 6)
 *   exabgp.tcp.once         one connection attempt per peer
 *
 * Each name is also accepted with underscores (exabgp_tcp_port), as ExaBGP does; the dotted
 * form wins when both are set.
 * Owns: reading and validating these values. Must not know: sockets, sessions.
 */
#ifndef BGP_ENV_H
#define BGP_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/settings.h"

#define BGP_ENV_BIND_MAX 16

struct bgp_env {
	uint16_t port;          /* 179 unless exabgp.tcp.port says otherwise */
	bool port_set;
	struct bgp_address bind[BGP_ENV_BIND_MAX];
	unsigned nbind;
	bool bind_set;          /* the knob was given (an empty value means: do not listen) */
	unsigned connections;   /* 0: run forever */
	unsigned attempts;      /* 0: run forever */
	bool once;
};

/* Where values come from: getenv, or a table in tests. */
typedef const char *(*bgp_env_lookup_fn)(const char *name);

/* The value of knob "tcp.port" (without the "exabgp." prefix) under either spelling, or NULL. */
const char *bgp_env_get(bgp_env_lookup_fn lookup, const char *knob);

/* Read every knob. 0, or -1 with a message in err (e.g. a port that is not a number, an
 * address that does not parse): a misspelt knob should stop a daemon, not be ignored. */
int bgp_env_read(struct bgp_env *e, bgp_env_lookup_fn lookup, char *err, size_t errlen);

#endif
