/* route_refresh.h — the ROUTE-REFRESH message (RFC 2918 3, RFC 7313 3).
 *
 *    0       7      15      23      31
 *   +-------+-------+-------+-------+
 *   |      AFI      |Subtype| SAFI  |
 *   +-------+-------+-------+-------+
 *
 * RFC 2918 calls the Subtype octet Reserved (0); RFC 7313 gives it meaning: 0 a normal
 * route refresh, 1 Beginning of Route Refresh (BoRR), 2 End of Route Refresh (EoRR).
 * Owns: parsing and packing it, and its error rules (RFC 7313 5).
 * Must not know: Adj-RIB-Out (what a refresh makes the session do).
 */
#ifndef WIRE_ROUTE_REFRESH_H
#define WIRE_ROUTE_REFRESH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/error.h"

#define ROUTE_REFRESH_BODY_LEN 4

enum route_refresh_subtype {
	ROUTE_REFRESH_NORMAL = 0,
	ROUTE_REFRESH_BORR = 1,
	ROUTE_REFRESH_EORR = 2,
};

/* ROUTE-REFRESH Message Error subcodes (RFC 7313 5) */
enum bgp_route_refresh_subcode {
	BGP_RR_INVALID_LENGTH = 1,
};

struct route_refresh {
	uint16_t afi;
	uint8_t subtype;
	uint8_t safi;
};

/* Parse a ROUTE-REFRESH body (after the header, base its offset: 19). A body that is not 4
 * octets is a ROUTE-REFRESH Message Error / Invalid Message Length whose Data is the whole
 * message (RFC 7313 5): err's data range covers it, so the message must start at base - 19. */
int route_refresh_parse(const uint8_t *body, size_t len, size_t base, struct route_refresh *out,
			struct wire_error *err);

/* RFC 7313 5: a subtype other than 0, 1 and 2 parses, but the message MUST be ignored. */
static inline bool route_refresh_ignored(const struct route_refresh *rr)
{
	return rr->subtype > ROUTE_REFRESH_EORR;
}

/* Append a whole ROUTE-REFRESH message. */
void route_refresh_pack(struct buf *out, uint16_t afi, uint8_t safi, uint8_t subtype);

/* ExaBGP's names for a subtype: "query", "begin", "end", or "invalid". */
const char *route_refresh_subtype_name(uint8_t subtype);

#endif
