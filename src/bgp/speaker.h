/* speaker.h — all the BGP sessions of one daemon, and what they share.
 *
 * Owns: the sessions (created, found, removed and freed here), the listening sockets and
 * the accepting of connections (each routed to the session configured for the peer's
 * address, anything else closed at once), the OpenContext pool every session interns into,
 * connections still flushing their last NOTIFICATION after their session let go of them,
 * and the environment knobs that are not per session (exabgp.tcp.port as the default port,
 * exabgp.tcp.connections / attempts / once: when the whole speaker is finished).
 * Must not know: configuration syntax, routes, the API.
 *
 * Plugging it together (what src/app does):
 *   loop = event_loop_new();
 *   sp = bgp_speaker_new(loop, &env);          // env from bgp_env_read(getenv)
 *   bgp_speaker_listen(sp, &addr, env.port);   // for each exabgp.tcp.bind address
 *   s = bgp_speaker_add(sp, &settings, &hooks);   // per neighbour; hooks: events, source
 *   bgp_session_start(s);
 *   event_loop_run(loop);                       // SIGTERM: bgp_speaker_shutdown(...)
 */
#ifndef BGP_SPEAKER_H
#define BGP_SPEAKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/env.h"
#include "bgp/session.h"
#include "bgp/settings.h"
#include "core/event.h"
#include "wire/open_context.h"

struct bgp_speaker;

/* A speaker on loop. env may be NULL (port 179, no limits). Never NULL. */
struct bgp_speaker *bgp_speaker_new(struct event_loop *loop, const struct bgp_env *env);
/* Close everything at once (no NOTIFICATION; use bgp_speaker_shutdown first for that). */
void bgp_speaker_free(struct bgp_speaker *sp);

struct event_loop *bgp_speaker_loop(const struct bgp_speaker *sp);
struct open_context_pool *bgp_speaker_pool(const struct bgp_speaker *sp);
/* The port sessions connect to when their settings say 0. */
uint16_t bgp_speaker_port(const struct bgp_speaker *sp);

/* Listen on a:port (port 0: any free port). 0, or -1 with err. */
int bgp_speaker_listen(struct bgp_speaker *sp, const struct bgp_address *a, uint16_t port, char *err,
		       size_t errlen);
/* The port listener i is bound to (0 when there is no such listener). */
uint16_t bgp_speaker_listen_port(const struct bgp_speaker *sp, unsigned i);

/* A new session (Idle: bgp_session_start it). hooks are copied. Returns NULL with err when
 * the settings cannot work (no peer address, local AS 0, a four-octet local AS without
 * asn4, another session for the same peer and local address). */
struct bgp_session *bgp_speaker_add(struct bgp_speaker *sp, const struct bgp_session_settings *s,
				    const struct bgp_session_hooks *hooks, char *err, size_t errlen);
/* Stop the session (Cease subcode, RFC 9003 text) and free it on a later turn. */
void bgp_speaker_remove(struct bgp_speaker *sp, struct bgp_session *s, uint8_t subcode, const char *text);
/* The session for a peer address (and local address, when several sessions share a peer),
 * or NULL. */
struct bgp_session *bgp_speaker_find(const struct bgp_speaker *sp, const struct bgp_address *peer,
				     const struct bgp_address *local);
/* Every session, for iteration: index 0 .. count - 1 (order of creation). */
size_t bgp_speaker_count(const struct bgp_speaker *sp);
struct bgp_session *bgp_speaker_session(const struct bgp_speaker *sp, size_t i);

/* Stop every session with Cease / Administrative Shutdown and text, then call done once
 * every NOTIFICATION is written or could not be within a second (SIGTERM). */
void bgp_speaker_shutdown(struct bgp_speaker *sp, const char *text,
			  void (*done)(struct bgp_speaker *sp, void *arg), void *arg);

/* Called once when the environment's limits are reached (exabgp.tcp.connections sessions
 * ended, exabgp.tcp.attempts connections failed, or with exabgp.tcp.once every session gave
 * up). The caller usually shuts down and exits. */
void bgp_speaker_on_finished(struct bgp_speaker *sp, void (*fn)(struct bgp_speaker *sp, void *arg),
			     void *arg);

#endif
