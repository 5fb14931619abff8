/* update_collection.h — the semantic, mutable side of UPDATE messages.
 *
 * Owns: a list of routes (announces and withdraws, possibly of several families and
 * attribute sets) and the arena their bytes live in; packing them into wire UPDATEs for
 * one OpenContext; parsing a wire UPDATE into a new collection.
 *
 * Packing (update_collection_pack) follows ExaBGP byte for byte:
 *   - only routes of ctx's family are packed; callers loop over families;
 *   - default attributes are added as ExaBGP does: ORIGIN IGP when absent; AS_PATH empty
 *     for iBGP, [local-as] for eBGP, when absent; LOCAL_PREF 100 for iBGP when absent;
 *     LOCAL_PREF is never sent to an eBGP peer; NEXT_HOP only for IPv4 next hops in IPv4
 *     unicast / multicast outside MP_REACH;
 *   - announces that share attributes and next hop are grouped into one UPDATE, withdraws
 *     likewise, each message within ctx->msg_size;
 *   - IPv4 unicast uses the UPDATE's own withdrawn/NLRI fields, every other family
 *     MP_REACH_NLRI / MP_UNREACH_NLRI.
 * Must not know: sessions, text syntax, JSON.
 */
#ifndef MODEL_UPDATE_COLLECTION_H
#define MODEL_UPDATE_COLLECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "model/route.h"
#include "wire/error.h"
#include "wire/open_context.h"

struct update_collection {
	struct arena arena;     /* owns attribute sets, NLRI bytes and strings of the routes */
	struct route *routes;
	size_t count;
	size_t cap;
	bool eor;               /* an End-of-RIB marker (then count == 0) */
	uint16_t eor_afi;
	uint8_t eor_safi;
	struct wire_error error; /* set by parse: RFC 7606 outcome (treat-as-withdraw, ...) */
	const struct attr_set *attrs; /* the UPDATE's attributes (parse), or those of an UPDATE
				       * with attributes and no route (text "attributes ...") */
	bool skipped;            /* set by parse: NLRI of a family this build cannot read */
	uint16_t skipped_afi;
	uint8_t skipped_safi;
};

void update_collection_init(struct update_collection *c);
void update_collection_fini(struct update_collection *c);
/* Forget every route and free their memory, keeping the collection usable. */
void update_collection_reset(struct update_collection *c);

/* Append a zeroed route and return it (valid until the next append). */
struct route *update_collection_add(struct update_collection *c);

/* Pack the routes of ctx's family into complete BGP UPDATE messages (headers included),
 * appended back to back to out; *messages (if not NULL) is incremented per message.
 * `self4` / `self6` resolve next-hop self (NULL: routes with next-hop self are an error).
 * Returns 0, or -1 when a route cannot be packed (a prefix larger than msg_size allows, or
 * an announce without a usable next hop), with err's why set. */
struct pack_options {
	const uint8_t *self4;       /* 4 bytes */
	const uint8_t *self6;       /* 16 bytes */
	const uint8_t *link_local;  /* 16 bytes: appended to IPv6 global next hops when the
				     * link-local next hop capability is in use; NULL: not */
	bool group;                 /* group routes sharing attributes (ExaBGP group-updates) */
};
int update_collection_pack(const struct update_collection *c, const struct open_context *ctx,
			   const struct pack_options *opts, struct buf *out, size_t *messages,
			   struct wire_error *err);

/* Pack an End-of-RIB for a family (RFC 4724 2). */
void update_pack_eor(uint16_t afi, uint8_t safi, struct buf *out);

/* Parse one whole UPDATE message (header included) into c (reset first). ctx supplies
 * asn4 and the AS numbers; addpath_families the families with path identifiers. On an
 * RFC 7606 error that does not reset the session, returns 0 with c->error set (and, for
 * treat-as-withdraw, the announces turned into withdraws). Returns -1 on session reset.
 * The collection copies what it keeps, so msg may be freed afterwards. */
int update_collection_parse(struct update_collection *c, const uint8_t *msg, size_t len,
			    const struct open_context *ctx, uint64_t addpath_families);

#endif
