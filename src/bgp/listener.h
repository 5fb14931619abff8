/* listener.h — a listening socket that accepts the peers' connections for a speaker.
 *
 * Owns: the socket, accepting from it (a bounded number per turn), and telling the speaker
 * who connected from where to where. Whether the peer is welcome is the speaker's call.
 * Must not know: sessions, BGP messages.
 */
#ifndef BGP_LISTENER_H
#define BGP_LISTENER_H

#include <stddef.h>
#include <stdint.h>

#include "bgp/settings.h"
#include "core/event.h"

struct bgp_listener;

/* Called for each accepted connection; the callee owns fd. */
typedef void (*bgp_accept_fn)(void *arg, int fd, const struct bgp_address *peer,
			      const struct bgp_address *local);

struct bgp_listener *bgp_listener_new(struct event_loop *loop, const struct bgp_address *a, uint16_t port,
				      bgp_accept_fn fn, void *arg, char *err, size_t errlen);
void bgp_listener_free(struct bgp_listener *l);
int bgp_listener_fd(const struct bgp_listener *l);
const struct bgp_address *bgp_listener_address(const struct bgp_listener *l);
uint16_t bgp_listener_port(const struct bgp_listener *l);

#endif
