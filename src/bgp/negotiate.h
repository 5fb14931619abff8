/* negotiate.h — what both sides of a session speak, from the two OPENs.
 *
 * Owns: the checks on the peer's OPEN that need the session (peer AS, BGP Identifier,
 * RFC 6286 iBGP identifier uniqueness) and the agreement on every capability: hold time,
 * ASN4, extended messages, families, ADD-PATH per family and direction, route refresh
 * (normal or enhanced), graceful restart, extended and link-local next hops. The result
 * carries one interned OpenContext per negotiated family and direction, which is what
 * packing (send) and parsing (receive) use.
 * Must not know: sockets, timers, the state machine.
 *
 * Fallbacks when the peer did not announce a capability (RFC 5492 3, as ExaBGP): no asn4 →
 * two-octet AS numbers; no extended message → 4096; no add-path → no path identifiers; no
 * route refresh → we never send ROUTE-REFRESH; no multiprotocol capability at all → IPv4
 * unicast only (RFC 4760 8: the implied family of a speaker without the extension).
 * Families one side announced and the other did not are reported in `unshared` and not
 * used; that is not an error (ExaBGP logs it).
 */
#ifndef BGP_NEGOTIATE_H
#define BGP_NEGOTIATE_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/settings.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/open.h"
#include "wire/open_context.h"

enum bgp_refresh {
	BGP_REFRESH_ABSENT = 0,
	BGP_REFRESH_NORMAL,   /* RFC 2918 */
	BGP_REFRESH_ENHANCED, /* RFC 7313 */
};

/* ExaBGP's names: "absent", "normal", "enhanced". */
const char *bgp_refresh_name(enum bgp_refresh r);

struct bgp_negotiated {
	uint16_t hold_time;       /* the smaller of both; 0: neither keepalives nor hold timer */
	uint16_t keepalive;       /* hold_time / 3 (RFC 4271 10) */
	bool asn4;
	bool extended_message;
	uint32_t msg_size;        /* 4096, or 65535 with extended messages (RFC 8654) */
	uint32_t local_as, peer_as;
	uint32_t local_id, peer_id;
	uint64_t families;        /* usable on this session (family_bit masks) */
	uint64_t unshared;        /* announced by one side only */
	uint64_t addpath_send;    /* we send path identifiers (RFC 7911 4) */
	uint64_t addpath_receive; /* the peer sends them */
	enum bgp_refresh refresh;
	bool graceful_restart;    /* both announced RFC 4724 */
	uint16_t peer_restart_time;
	uint8_t peer_restart_flags;
	bool multisession;
	bool operational;
	bool link_local_nexthop;
	struct bgp_nexthop_family nexthop[BGP_NEXTHOP_FAMILIES]; /* RFC 8950, both announced */
	uint8_t nexthop_count;
	/* per family index (family_index()), NULL for families not in `families` */
	const struct open_context *send[FAMILY_COUNT];
	const struct open_context *recv[FAMILY_COUNT];
	const struct open_context *recv_base; /* for parsing an UPDATE: any family's receive
					       * context (asn4, AS numbers, message size) */
};

/* Why the peer's OPEN is refused: the NOTIFICATION to send. */
struct bgp_negotiate_error {
	uint8_t code, subcode;  /* an OPEN Message Error */
	uint8_t data[8];        /* its Data (RFC 5492 5: the capability we require) */
	uint8_t data_len;
	char why[WIRE_WHY_MAX];
};

/* Agree on the session from our OPEN (sent) and the peer's (received, already through
 * bgp_open_parse). 0, or -1 with err filled: an OPEN Message Error to send (Bad Peer AS,
 * Bad BGP Identifier, Unsupported Capability) — every one resets the session. */
int bgp_negotiate(const struct bgp_session_settings *s, const struct bgp_open *sent,
		  const struct bgp_open *received, struct open_context_pool *pool,
		  struct bgp_negotiated *out, struct bgp_negotiate_error *err);

#endif
