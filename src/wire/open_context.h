/* open_context.h — the encoding context of one family on one direction of a session.
 *
 * Owns: OpenContext {afi, safi, addpath, asn4, msg_size, local_as, peer_as}, interned in a
 * pool: equal parameters give the same pointer, so a context can key caches and two
 * neighbours with equal contexts can share one packed UPDATE. Packing code takes an
 * OpenContext, never a session.
 * Must not know: sessions, sockets, configuration.
 */
#ifndef WIRE_OPEN_CONTEXT_H
#define WIRE_OPEN_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

#define BGP_MSG_SIZE 4096          /* RFC 4271 4.1 */
#define BGP_EXT_MSG_SIZE 65535     /* RFC 8654 */

struct open_context {
	uint16_t afi;
	uint8_t safi;
	bool addpath;     /* NLRI of this family carry a path identifier in this direction */
	bool asn4;        /* 4-octet AS numbers in AS_PATH / AGGREGATOR (RFC 6793) */
	uint32_t msg_size;
	uint32_t local_as;
	uint32_t peer_as;
};

struct open_context_pool;

struct open_context_pool *open_context_pool_new(void);
void open_context_pool_free(struct open_context_pool *pool);

/* The pool's unique context equal to *proto (copied on first sight). Never NULL. */
const struct open_context *open_context_intern(struct open_context_pool *pool,
					       const struct open_context *proto);
/* Shorthand for interning the given fields. */
const struct open_context *open_context_get(struct open_context_pool *pool, uint16_t afi, uint8_t safi,
					    bool addpath, bool asn4, uint32_t msg_size, uint32_t local_as,
					    uint32_t peer_as);
/* The context for another family with the same session parameters. */
const struct open_context *open_context_for_family(struct open_context_pool *pool,
						   const struct open_context *base, uint16_t afi,
						   uint8_t safi, bool addpath);

static inline bool open_context_is_ibgp(const struct open_context *c)
{
	return c->local_as == c->peer_as;
}

#endif
