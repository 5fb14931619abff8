/* static_routes.h — a simple route source: routes given as text, sent to every session.
 *
 * Owns: a list of routes parsed from ExaBGP's route text (`route 10.0.0.0/24 next-hop ...`,
 * `announce ...`, `withdraw ...`), kept in batches of a few thousand, and a per-session
 * cursor that packs one batch of one family per produce() call for the session's
 * negotiated contexts, so a large table is produced in chunks while the write queue has
 * room. It stands in for the route store (src/rib) until that is wired in, and serves the
 * test driver.
 * Must not know: the event loop, sockets.
 */
#ifndef BGP_STATIC_ROUTES_H
#define BGP_STATIC_ROUTES_H

#include <stddef.h>
#include <stdint.h>

#include "bgp/route_source.h"

struct bgp_static_routes;

/* routes_per_batch 0: 2000. */
struct bgp_static_routes *bgp_static_routes_new(size_t routes_per_batch);
void bgp_static_routes_free(struct bgp_static_routes *r);
/* Add the routes of one text command. 0, or -1 with err (the text's error). */
int bgp_static_routes_add(struct bgp_static_routes *r, const char *text, char *err, size_t errlen);
size_t bgp_static_routes_count(const struct bgp_static_routes *r);

/* A source producing r for one session (r must outlive it). Its hooks go in
 * bgp_session_hooks.source; free it after the session. */
struct bgp_static_source;
struct bgp_static_source *bgp_static_source_new(const struct bgp_static_routes *r);
void bgp_static_source_free(struct bgp_static_source *src);
struct bgp_route_source bgp_static_source_hooks(struct bgp_static_source *src);
/* Routes that could not be packed for the session (no next hop, too large), and why the
 * last one failed. */
size_t bgp_static_source_errors(const struct bgp_static_source *src, const char **why);

#endif
