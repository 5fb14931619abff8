/* session_flags.h — the session parameters encode and decode share, from the command line.
 *
 * Owns: parsing of the flags that stand in for a neighbour (-a, -z, -f, -i, --no-asn4,
 * --msg-size, --router-id, --local-address, --peer-address, --json-v4) and turning them
 * into OpenContexts. Defaults are ExaBGP's encode/decode defaults: AS 65533 on both sides,
 * 4-octet ASNs and extended messages negotiated, local and peer 127.0.0.1.
 */
#ifndef APP_SESSION_FLAGS_H
#define APP_SESSION_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/json_message.h"
#include "wire/family.h"
#include "wire/open_context.h"

struct session_flags {
	uint32_t local_as;
	uint32_t peer_as;
	bool asn4;
	uint32_t msg_size;
	bool addpath;                 /* -i: ADD-PATH on every family in use */
	uint64_t families;            /* family_bit()s from -f; 0 = any family */
	const char *router_id;
	const char *local_address;
	const char *peer_address;
	const char *link_local;       /* --link-local: link-local next hop capability in use */
	enum json_shape shape;
};

void session_flags_init(struct session_flags *f);

/* Try to consume argv[*i] (and its value) as a shared flag. Returns 1 when consumed,
 * 0 when the argument is not a shared flag, -1 on a bad value (message printed). */
int session_flags_parse(struct session_flags *f, int argc, char **argv, int *i, const char *tool);

/* Parse "ipv4 unicast ipv6 unicast" into family bits. 0 or -1. */
int session_flags_families(const char *text, uint64_t *bits);

/* The addpath families mask for a receive/send direction. */
uint64_t session_flags_addpath_mask(const struct session_flags *f);

const struct open_context *session_flags_context(const struct session_flags *f,
						 struct open_context_pool *pool, uint16_t afi,
						 uint8_t safi);

/* Next-hop self and link-local addresses as pack options (storage for the bytes given).
 * -1 when --local-address / --link-local is not an address. */
struct pack_options;
int session_flags_pack_options(const struct session_flags *f, struct pack_options *opts, uint8_t self4[4],
			       uint8_t self6[16], uint8_t link_local[16]);

void session_flags_usage(void);

#endif
