/* route_text_spec.h — everything a route statement says besides its prefixes (internal).
 *
 * Owns: reading the keywords that follow a prefix in `route PREFIX ...` (and precede `nlri`
 * in `attributes ... nlri ...`) — next-hop, path-information, the attributes, split,
 * watchdog, name, withdraw — into a spec, and turning the spec's attributes into one
 * struct attr_set in the collection's arena, shared by every route of the statement.
 * Values are built as ExaBGP builds them: communities and extended communities sorted,
 * large communities sorted without duplicates, generic attributes of known codes stored
 * as the typed attribute.
 * Must not know: prefixes, families, the shape of the statement around the keywords.
 */
#ifndef MODEL_ROUTE_TEXT_SPEC_H
#define MODEL_ROUTE_TEXT_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/route.h"
#include "model/route_text_lex.h"
#include "model/update_collection.h"
#include "wire/attr.h"
#include "wire/label.h"
#include "wire/rd.h"

/* A split may not make more than 2^RT_SPLIT_BITS_MAX routes from one prefix: a helper's
 * typo must not make us allocate gigabytes (split /32 of 0.0.0.0/0: four billion routes). */
#define RT_SPLIT_BITS_MAX 20

/* How many `attribute [...]` of unknown codes one statement may carry. */
#define RT_GENERIC_MAX 16

struct rt_generic {
	uint8_t code;
	uint8_t flags;
	const uint8_t *data;
	uint32_t len;
};

struct rt_spec {
	struct attr_set set;          /* the attributes given so far; views live in the arena */
	uint64_t given;               /* one bit per keyword seen, to refuse repeats */

	bool has_nexthop;
	bool nexthop_self;
	uint16_t nexthop_afi;         /* AFI_IPV4 / AFI_IPV6 of an address next hop */
	uint8_t nexthop_addr[16];

	bool has_path_id;
	uint32_t path_id;

	bool has_split;
	uint8_t split;                /* `split /N` */
	size_t split_off;

	const char *watchdog;         /* NUL-terminated, in the arena */
	const char *name;
	bool start_withdrawn;         /* the `withdraw` keyword */

	bool has_rd;                  /* `rd` / `route-distinguisher` (mpls_text.c) */
	uint8_t rd[RD_LEN];
	uint8_t nlabels;              /* `label` */
	uint32_t labels[LABEL_STACK_MAX];

	struct rt_generic generic[RT_GENERIC_MAX];
	size_t ngeneric;
};

void rt_spec_init(struct rt_spec *spec);

/* kw is a word just read. When it is a route keyword, read its value from lx into spec and
 * return 1 (or -1 with err filled when the value is wrong); return 0, reading nothing, when
 * kw is not a route keyword. */
int rt_spec_keyword(struct rt_spec *spec, const struct rt_token *kw, struct rt_lex *lx,
		    struct arena *arena, struct route_text_error *err);

/* Whether the statement gave any path attribute (a withdraw without any has no attr_set). */
bool rt_spec_has_attributes(const struct rt_spec *spec);

/* The attr_set of the statement, allocated in arena (generic attributes merged in, in code
 * order). Never NULL. */
const struct attr_set *rt_spec_attrs(struct rt_spec *spec, struct arena *arena);

/* The next hop of a route of family afi built from the spec ("self" takes afi's length so
 * the packer knows which local address it stands for). */
void rt_spec_nexthop(const struct rt_spec *spec, uint16_t afi, struct nexthop *out);

/* Add to c the route a family's own grammar read (vpls, mcast-vpn, mup): the packed NLRI
 * (copied into c's arena), the spec's path identifier, next hop (`self` standing for an
 * address of self_afi), attributes (none for a withdraw that gave none) and local keywords.
 * Returns the route, for a family's own touches. */
struct route *rt_spec_route_add(struct rt_spec *spec, struct update_collection *c, uint16_t afi, uint8_t safi,
				const uint8_t *nlri, size_t len, uint16_t self_afi, uint8_t action);

/* The value of `as-path` (route_text_aspath.c): canonical segments, type(1) count(1)
 * asn(4)*count, in the arena. 0, or -1 with err filled. */
int rt_aspath_parse(struct rt_lex *lx, struct arena *arena, struct bytes *out,
		    struct route_text_error *err);

#endif
