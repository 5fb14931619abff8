/* routes.h — the routes of a configuration, kept compactly and shared.
 *
 * Owns: route blocks (the routes one neighbour or template block gives, in order) and the
 * table of interned route attributes they point to. A route is a fixed 28-byte record —
 * family, flags, path identifier, packed NLRI and the index of its attributes — and the
 * attributes (path attributes, next hop, watchdog, name) are interned: a million routes
 * sharing a few hundred attribute sets keep a few hundred of them. A block is written
 * once while the configuration is read, then only read: the neighbours that inherit a
 * template all point to the template's block (no per-neighbour copies), and the route
 * store can take blocks and attributes by reference for as long as the configuration lives.
 * Must not know: the text syntax, neighbours, sessions.
 */
#ifndef CONFIG_ROUTES_H
#define CONFIG_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/family_set.h"
#include "core/arena.h"
#include "model/route.h"
#include "model/update_collection.h"
#include "wire/nlri.h"

enum config_route_flag {
	CONFIG_ROUTE_PATH_ID = 1 << 0,          /* path_id is given (ADD-PATH) */
	CONFIG_ROUTE_START_WITHDRAWN = 1 << 1,  /* the `withdraw` keyword: kept for its watchdog */
	CONFIG_ROUTE_LONG_NLRI = 1 << 2,        /* nlri holds a pointer and a length (flow routes) */
};

/* One route: 28 bytes. */
struct config_route {
	uint32_t attrs;                   /* index in the configuration's attribute table */
	uint32_t path_id;
	uint8_t family;                   /* index in config_family_table */
	uint8_t flags;                    /* enum config_route_flag */
	uint8_t nlri_len;                 /* bytes used in nlri */
	uint8_t nlri[NLRI_PREFIX_MAX];    /* the packed NLRI (prefix length, then its bytes); for
					   * a longer one (a flow), where it is in long_nlri */
};

/* The longest NLRI a configuration keeps (a flow NLRI: 2 length octets and 4095). */
#define CONFIG_NLRI_MAX 4097

/* The attributes routes share: one interned entry per distinct value. */
struct config_route_attrs {
	struct attr_set set;              /* views point into the table's arena */
	struct nexthop nexthop;
	const char *watchdog;             /* NULL or a name */
	const char *name;
	uint64_t hash;
};

struct config_attr_table {
	struct arena arena;               /* the entries, their sets' bytes and strings */
	struct config_route_attrs **v;    /* by index; an entry never moves */
	size_t count, cap;
	uint32_t *slots;                  /* open addressing: index + 1, 0 empty */
	size_t nslots;
	uint64_t seed;
};

/* A block's routes, in order. Its array grows while routes are added (the configuration is
 * read, or config_add_route): refer to a route by its index, or copy it. */
struct config_routes {
	struct config_route *v;
	size_t count, cap;
	/* where the first route of each family was read (line 0: none, or built in code), so
	 * a family the neighbour does not negotiate is reported at a route */
	uint32_t first_line[CONFIG_FAMILY_COUNT];
	uint32_t first_col[CONFIG_FAMILY_COUNT];
	/* The routes by NLRI (family, path identifier, prefix), for config_routes_find / set /
	 * unset: open addressing over positions + 1 (0: empty), made on first use and kept in
	 * step by set and unset; add and remove drop it (it is made again when needed). */
	uint32_t *slots;
	size_t nslots;
	struct arena *long_nlri;          /* the bytes of NLRIs longer than NLRI_PREFIX_MAX */
};

void config_attr_table_init(struct config_attr_table *t, uint64_t seed);
void config_attr_table_fini(struct config_attr_table *t);
/* The index of the entry equal to (set, nexthop, watchdog, name), added (deep-copied) when
 * new. set may be NULL (a withdraw without attributes): an empty set. */
uint32_t config_attr_intern(struct config_attr_table *t, const struct attr_set *set, const struct nexthop *nh,
			    const char *watchdog, const char *name);

void config_routes_init(struct config_routes *b);
void config_routes_fini(struct config_routes *b);
/* Append model route r (an NLRI of a family in config_family_table, at most
 * CONFIG_NLRI_MAX bytes) with the attributes index attrs. 0, or -1 when r does not fit. */
int config_routes_add(struct config_routes *b, const struct route *r, uint32_t attrs);
/* Remove every route with the same family, path identifier and NLRI as r; the number removed. */
size_t config_routes_remove(struct config_routes *b, const struct route *r);

/* By NLRI, in O(1) (the index is made on first use: O(n) once). The first use also drops
 * the earlier of two routes with the same NLRI (a file may repeat a prefix; the later one
 * is what the neighbour announces). */
/* The position of the route with n's family, path identifier and prefix, or -1. */
long config_routes_find(struct config_routes *b, const struct nlri *n);
/* Put r in the block with attributes attrs: the route with the same NLRI is replaced where
 * it is, else r is appended. 0, or -1 when r does not fit (family, length). */
int config_routes_set(struct config_routes *b, const struct route *r, uint32_t attrs);
/* Take out the route with n's NLRI (the last route takes its place). 1 when one was there,
 * 0 when none was. */
int config_routes_unset(struct config_routes *b, const struct nlri *n);

/* Fill out (a model route, action announce) from a stored route; its NLRI points into the
 * record (valid until the block grows) and its attributes into the table (valid while the
 * table lives: interned entries never move, so a route store may keep the pointer). */
void config_route_view(const struct config_route *cr, const struct config_attr_table *t, struct route *out);

bool config_route_equal(const struct config_route *a, const struct config_attr_table *ta,
			const struct config_route *b, const struct config_attr_table *tb);

#endif
