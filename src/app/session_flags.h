/* session_flags.h — the session parameters encode and decode share, from the command line.
 *
 * Owns: parsing of the flags that stand in for a neighbour (-c CONFIG, -a, -z, -f, -i,
 * --no-asn4, --msg-size, --router-id, --local-address, --peer-address, --link-local,
 * --json-v4) and turning them into OpenContexts. The neighbour is a configuration's (the
 * config layer's programmatic API): by default config_create_minimal()'s, ExaBGP's
 * encode/decode defaults (AS 65533 on both sides, 4-octet ASNs and extended messages
 * negotiated, local and peer 127.0.0.1, every family); with -c CONFIG the first neighbour
 * of that file (its ASes, router-id, addresses, families, ADD-PATH families, ASN4,
 * extended message and link-local next hop). Flags after -c change what they name.
 * Route text is parsed through the same configuration (session_flags_parse_route).
 */
#ifndef APP_SESSION_FLAGS_H
#define APP_SESSION_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/json_message.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/open_context.h"

struct config;

struct session_flags {
	uint32_t local_as;
	uint32_t peer_as;
	bool asn4;
	uint32_t msg_size;
	bool addpath;                 /* -i: ADD-PATH on every family in use */
	uint64_t addpath_families;    /* family_bit()s with ADD-PATH from -c's neighbour */
	uint64_t families;            /* family_bit()s from -f (or -c); 0 = any family */
	const char *router_id;
	const char *local_address;
	const char *peer_address;
	const char *link_local;       /* --link-local: link-local next hop capability in use */
	enum json_shape shape;
	struct config *config;        /* the configuration the neighbour comes from */
	char text[4][IP_STR_MAX];     /* the addresses above, when they come from a configuration */
};

/* Defaults from config_create_minimal(); 0, or -1 (message printed) if that fails. */
int session_flags_init(struct session_flags *f);
void session_flags_fini(struct session_flags *f);

/* Try to consume argv[*i] (and its value) as a shared flag. Returns 1 when consumed,
 * 0 when the argument is not a shared flag, -1 on a bad value (message printed). */
int session_flags_parse(struct session_flags *f, int argc, char **argv, int *i, const char *tool);

/* Parse "ipv4 unicast ipv6 unicast" (or "all") into family bits. 0 or -1. */
int session_flags_families(const char *text, uint64_t *bits);

/* Parse one route command into c (appended) through the configuration's route parser.
 * 0, or -1 with why filled. */
int session_flags_parse_route(const struct session_flags *f, const char *text, size_t len, struct update_collection *c,
			      char *why, size_t why_len);

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
