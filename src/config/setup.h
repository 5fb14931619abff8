/* setup.h — configurations built in code: ExaBGP's setup.py (create_minimal_configuration,
 * add_route_to_config, create_configuration_with_routes, parse_route_text) in C.
 *
 *   struct config *c = config_create_minimal("127.0.0.1", "127.0.0.1", 65533, 65533,
 *                                            "ipv4 unicast", false, &err);
 *   config_add_route(c, "route 10.0.0.0/24 next-hop 192.0.2.1", ROUTE_ANNOUNCE, &err);
 * Each returns what config_from_settings (config.h) returns: the same object a file gives.
 * Must not know: sessions, files.
 */
#ifndef CONFIG_SETUP_H
#define CONFIG_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "model/route.h"
#include "model/update_collection.h"

/* One neighbour: peer and local addresses (text), ASes, families ("ipv4 unicast ipv6
 * unicast" or "all"; NULL: "ipv4 unicast"), ADD-PATH on every family when add_path. As
 * ExaBGP's, "all" also turns the nexthop capability on for every IP family (RFC 8950), so
 * IPv6 next hops of IPv4 routes decode. NULL with err filled on a bad argument. */
struct config *config_create_minimal(const char *peer_address, const char *local_address, uint32_t local_as,
				     uint32_t peer_as, const char *families, bool add_path, struct config_error *err);

/* Parse route text ("route 10.0.0.0/24 next-hop ...", or any command of route_text.h) and
 * announce its routes to (ROUTE_ANNOUNCE), or withdraw them from (ROUTE_WITHDRAW), every
 * neighbour negotiating their family. Returns how many (route, neighbour) pairs changed
 * (0: no neighbour takes the family), or -1 with err filled when the text does not parse. */
long config_add_route(struct config *c, const char *text, enum route_action action, struct config_error *err);

/* config_create_minimal, then config_add_route; NULL when either fails or no neighbour
 * takes the routes. */
struct config *config_create_with_routes(const char *text, const char *peer_address, const char *local_address,
					 uint32_t local_as, uint32_t peer_as, const char *families, bool add_path,
					 enum route_action action, struct config_error *err);

/* ---- changing a configuration in place (the API's saved changes) ----
 * A configuration made from a file or from settings may be changed by these while it is
 * used: export (export.h) then writes the changes, so a restart from the file reads them
 * back. Neighbours are changed one by one; templates never are (a template's route is
 * every inheriting neighbour's: config_neighbor_route_template says when a change would
 * have to be made there). */

/* Put r (an announce) in n's own routes, replacing the route with its NLRI (its family,
 * path identifier and prefix), in O(1). 0, or -1 when r's family or length cannot be kept. */
int config_neighbor_route_set(struct config *c, struct config_neighbor *n, const struct route *r);
/* Take the route with nl's NLRI out of n's own routes. 1 when it was there, else 0. */
int config_neighbor_route_unset(struct config_neighbor *n, const struct nlri *nl);
/* The name of the template n inherits a route with nl's NLRI from, or NULL. */
const char *config_neighbor_route_template(struct config *c, const struct config_neighbor *n, const struct nlri *nl);

/* A neighbour made from settings (strings copied), resolved and checked as
 * config_from_settings does, appended to c. The new neighbour, or NULL with err (c is
 * then unchanged). */
struct config_neighbor *config_neighbor_add(struct config *c, const struct settings_neighbor *s,
					    struct config_error *err);
/* Take neighbour n out of c (its routes are freed; the block itself lives in c's arena
 * until c is freed, so pointers to it stay readable). */
void config_neighbor_remove(struct config *c, struct config_neighbor *n);

/* Parse route text into out (appended, as route_text_parse) without touching the
 * neighbours. 0, or -1 with err filled ("route text: med: 'x' is not a number (at 31)"). */
int config_parse_route_text(const struct config *c, const char *text, size_t len, struct update_collection *out,
			    struct config_error *err);

#endif
