/* open.h — the OPEN message (RFC 4271 4.2, RFC 9072), parsed into and packed from one value.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+
 *   |    Version    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     My Autonomous System      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Hold Time           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         BGP Identifier                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Opt Parm Len  |                                               |
 *   +-+-+-+-+-+-+-+-+       Optional Parameters (variable)          |
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Owns: struct bgp_open {version, my_as, hold_time, bgp_id, capabilities}, the checks RFC
 * 4271 6.2 puts on the fixed fields, the optional parameter framing in both its forms (one
 * octet lengths, and RFC 9072's extended form with two octet lengths), AS_TRANS.
 * Must not know: sessions, configuration, negotiation (what the peer's OPEN means for us).
 */
#ifndef WIRE_OPEN_H
#define WIRE_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/capability.h"
#include "wire/error.h"

#define BGP_VERSION 4
#define BGP_AS_TRANS 23456      /* RFC 6793 9 */
#define BGP_OPEN_FIXED_LEN 10   /* version .. Opt Parm Len */
#define BGP_OPEN_MAX_LEN 4096   /* RFC 8654 4: an OPEN is never larger than this */

/* RFC 4271 4.2: optional parameter types */
#define BGP_OPT_PARAM_CAPABILITIES 2 /* RFC 5492 4 */
#define BGP_OPT_PARAM_EXTENDED 255   /* RFC 9072 2: marks the extended form */

/* OPEN Message Error subcodes (RFC 4271 6.2, RFC 5492 5, RFC 9234 4.2) */
enum bgp_open_subcode {
	BGP_OPEN_UNSPECIFIC = 0,
	BGP_OPEN_UNSUPPORTED_VERSION = 1,
	BGP_OPEN_BAD_PEER_AS = 2,
	BGP_OPEN_BAD_BGP_ID = 3,
	BGP_OPEN_UNSUPPORTED_PARAM = 4,
	BGP_OPEN_UNACCEPTABLE_HOLD_TIME = 6,
	BGP_OPEN_UNSUPPORTED_CAPABILITY = 7,
	BGP_OPEN_ROLE_MISMATCH = 11,
};

struct bgp_open {
	uint8_t version;
	uint16_t my_as;     /* the two-octet field as sent: AS_TRANS for a four-octet AS */
	uint16_t hold_time; /* seconds: 0, or at least 3 */
	uint32_t bgp_id;    /* host order */
	struct capabilities caps;
};

/* An empty OPEN: version 4, no capability. */
void bgp_open_init(struct bgp_open *o);
void bgp_open_fini(struct bgp_open *o);

/* Our AS: My AS is AS_TRANS when as needs four octets (RFC 6793 4.1), and with asn4 the
 * four-octet AS capability carries the real one. -1 (nothing changed) when as needs four
 * octets but asn4 is false, or when as is 0. */
int bgp_open_set_as(struct bgp_open *o, uint32_t as, bool asn4);

/* The sender's AS: its four-octet AS capability when it sent one, else My AS. */
uint32_t bgp_open_as(const struct bgp_open *o);

/* Parse an OPEN body (the octets after the 19-octet header); base is the body's offset in
 * the message (19), so error offsets are absolute. On success *out belongs to the caller
 * (bgp_open_fini). On error err says which NOTIFICATION to send (every OPEN error resets the
 * session) and *out holds nothing to free. An Unsupported Version Number error carries no
 * data here: notification_pack_error adds the version we support (RFC 4271 6.2). */
int bgp_open_parse(const uint8_t *body, size_t len, size_t base, struct bgp_open *out,
		   struct wire_error *err);

/* Append the whole OPEN message (header included) to out. The optional parameters use the
 * one-octet form unless they need more than 255 octets (RFC 9072 2). Returns -1, leaving out
 * as it was, when a capability does not fit its one-octet length or the message would
 * exceed 4096 octets. */
int bgp_open_pack(const struct bgp_open *o, struct buf *out);

#endif
