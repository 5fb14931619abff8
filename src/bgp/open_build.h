/* open_build.h — the OPEN we send, from the session's settings.
 *
 * Owns: which capabilities we announce and in which order (ExaBGP's: multiprotocol, asn4,
 * extended next hop, add-path, graceful restart, route refresh and enhanced route refresh,
 * operational, extended message, hostname, software version, link-local next hop,
 * multi-session last) each in a Capabilities optional parameter of its own (as ExaBGP), and
 * the RFC 5492 fallbacks: capabilities a peer refused with an
 * Unsupported Capability NOTIFICATION are left out of the next OPEN, and after an
 * Unsupported Optional Parameter the next OPEN carries no capabilities at all.
 * Must not know: sockets, negotiation (negotiate.c reads the result back).
 */
#ifndef BGP_OPEN_BUILD_H
#define BGP_OPEN_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/settings.h"
#include "wire/notification.h"
#include "wire/open.h"

/* What earlier attempts taught us about the peer (kept across reconnections). */
struct bgp_open_fallback {
	uint64_t refused[4];     /* capability codes the peer said it does not support */
	bool no_capabilities;    /* the peer does not take optional parameters at all */
};

static inline bool bgp_open_fallback_refused(const struct bgp_open_fallback *f, uint8_t code)
{
	return (f->refused[code >> 6] >> (code & 63)) & 1;
}

/* Learn from a NOTIFICATION the peer sent in answer to our OPEN (RFC 5492 5): 2/7 names the
 * capabilities it does not support in its data (code, length, value triples), 2/4 says it
 * does not support optional parameters. Returns true when the next OPEN will differ. */
bool bgp_open_fallback_learn(struct bgp_open_fallback *f, const struct notification *n);

/* Fill o (bgp_open_init first; the caller bgp_open_fini's it) with our OPEN. router_id is
 * the BGP Identifier to send (host order), restarted sets graceful restart's R bit (ExaBGP
 * sets it on every OPEN it sends after a start). A four-octet local AS goes as AS_TRANS
 * without the capability when the peer refused it (RFC 6793 4.2.2). Returns 0, or -1 when
 * the local AS is 0, or needs four octets while asn4 is off in the settings. */
int bgp_open_build(const struct bgp_session_settings *s, uint32_t router_id, bool restarted,
		   const struct bgp_open_fallback *fallback, struct bgp_open *o);

#endif
