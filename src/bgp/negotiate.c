/* negotiate.c — see negotiate.h. */
#include "bgp/negotiate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wire/capability.h"

const char *bgp_refresh_name(enum bgp_refresh r)
{
	switch (r) {
	case BGP_REFRESH_ABSENT:
		return "absent";
	case BGP_REFRESH_NORMAL:
		return "normal";
	case BGP_REFRESH_ENHANCED:
		return "enhanced";
	}
	return "unknown";
}

__attribute__((format(printf, 4, 5)))
static int refuse(struct bgp_negotiate_error *err, uint8_t code, uint8_t subcode, const char *fmt, ...)
{
	va_list ap;
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->subcode = subcode;
	va_start(ap, fmt);
	vsnprintf(err->why, sizeof(err->why), fmt, ap);
	va_end(ap);
	return -1;
}

static bool both(const struct bgp_open *a, const struct bgp_open *b, uint8_t code)
{
	return capabilities_has(&a->caps, code) && capabilities_has(&b->caps, code);
}

/* The families a speaker can carry: those of its multiprotocol capability, or IPv4 unicast
 * when it announced none (RFC 4760 8). */
static uint64_t open_families(const struct bgp_open *o)
{
	if (!capabilities_has(&o->caps, CAP_MULTIPROTOCOL))
		return family_bit(AFI_IPV4, SAFI_UNICAST);
	uint64_t mask = 0;
	for (uint32_t i = 0; i < o->caps.multiprotocol.len; i++)
		mask |= family_bit(o->caps.multiprotocol.v[i].afi, (uint8_t)o->caps.multiprotocol.v[i].safi);
	return mask;
}

static int check_peer(const struct bgp_session_settings *s, const struct bgp_open *sent,
		      const struct bgp_open *received, bool asn4, uint32_t peer_as,
		      struct bgp_negotiate_error *err)
{
	/* RFC 4271 6.2: Bad Peer AS. Without ASN4 a four-octet peer can only say AS_TRANS
	 * (RFC 6793 4.2.2), which is as much as we can check. */
	if (s->peer_as && peer_as != s->peer_as &&
	    !(!asn4 && s->peer_as > 0xffff && peer_as == BGP_AS_TRANS))
		return refuse(err, BGP_ERR_OPEN, BGP_OPEN_BAD_PEER_AS,
			      "ASN in OPEN (%u) did not match ASN expected (%u)", peer_as, s->peer_as);
	/* RFC 6286 2.2: within an AS the identifiers must differ */
	uint32_t local_as = s->local_as;
	if (peer_as == local_as && received->bgp_id == sent->bgp_id)
		return refuse(err, BGP_ERR_OPEN, BGP_OPEN_BAD_BGP_ID,
			      "BGP Identifier collision, same router-id on both sides of this IBGP session");
	/* ExaBGP's multi-session: mandatory once we announce it (RFC 5492 5: Unsupported
	 * Capability, with the capability we require as data) */
	if (capabilities_has(&sent->caps, CAP_MULTISESSION) &&
	    !capabilities_has(&received->caps, CAP_MULTISESSION) &&
	    !capabilities_has(&received->caps, CAP_MULTISESSION_CISCO)) {
		refuse(err, BGP_ERR_OPEN, BGP_OPEN_UNSUPPORTED_CAPABILITY, "multisession is mandatory with this peer");
		err->data[0] = CAP_MULTISESSION;
		err->data[1] = 2;
		err->data[2] = 0;
		err->data[3] = CAP_MULTIPROTOCOL;
		err->data_len = 4;
		return -1;
	}
	return 0;
}

int bgp_negotiate(const struct bgp_session_settings *s, const struct bgp_open *sent,
		  const struct bgp_open *received, struct open_context_pool *pool,
		  struct bgp_negotiated *out, struct bgp_negotiate_error *err)
{
	memset(out, 0, sizeof(*out));
	out->asn4 = both(sent, received, CAP_ASN4);
	/* RFC 6793 4.2.1: the four-octet AS capability carries the real AS */
	uint32_t peer_as = out->asn4 ? bgp_open_as(received) : received->my_as;
	if (check_peer(s, sent, received, out->asn4, peer_as, err) < 0)
		return -1;

	out->local_as = s->local_as;
	out->peer_as = peer_as;
	out->local_id = sent->bgp_id;
	out->peer_id = received->bgp_id;

	/* RFC 4271 4.2: the smaller hold time; keepalives at a third of it (RFC 4271 10) */
	out->hold_time = sent->hold_time < received->hold_time ? sent->hold_time : received->hold_time;
	out->keepalive = out->hold_time / 3;

	out->extended_message = both(sent, received, CAP_EXTENDED_MESSAGE);
	out->msg_size = out->extended_message ? BGP_EXT_MSG_SIZE : BGP_MSG_SIZE;

	uint64_t ours = open_families(sent), theirs = open_families(received);
	out->families = ours & theirs;
	out->unshared = ours ^ theirs;

	if (both(sent, received, CAP_ENHANCED_ROUTE_REFRESH))
		out->refresh = BGP_REFRESH_ENHANCED;
	else if (both(sent, received, CAP_ROUTE_REFRESH))
		out->refresh = BGP_REFRESH_NORMAL;

	out->graceful_restart = both(sent, received, CAP_GRACEFUL_RESTART);
	if (capabilities_has(&received->caps, CAP_GRACEFUL_RESTART)) {
		out->peer_restart_time = received->caps.graceful_time;
		out->peer_restart_flags = received->caps.graceful_flags;
	}
	out->multisession = (both(sent, received, CAP_MULTISESSION) ||
			     both(sent, received, CAP_MULTISESSION_CISCO));
	out->operational = both(sent, received, CAP_OPERATIONAL);
	out->link_local_nexthop = both(sent, received, CAP_LINK_LOCAL_NEXTHOP);

	/* RFC 8950 4: an extended next hop both announced */
	for (uint32_t i = 0; i < sent->caps.nexthop.len && out->nexthop_count < BGP_NEXTHOP_FAMILIES; i++) {
		const struct cap_family *nh = &sent->caps.nexthop.v[i];
		if (!capabilities_nexthop(&received->caps, nh->afi, nh->safi, nh->value))
			continue;
		struct bgp_nexthop_family *f = &out->nexthop[out->nexthop_count++];
		f->afi = nh->afi;
		f->safi = (uint8_t)nh->safi;
		f->nh_afi = nh->value;
	}

	for (int i = 0; i < FAMILY_COUNT; i++) {
		uint64_t bit = (uint64_t)1 << i;
		if (!(out->families & bit))
			continue;
		uint16_t afi = family_table[i].afi;
		uint8_t safi = family_table[i].safi;
		/* RFC 7911 4: we send path ids when we can send and the peer can receive, and the
		 * other way round */
		uint8_t ours_ap = capabilities_addpath(&sent->caps, afi, safi);
		uint8_t theirs_ap = capabilities_addpath(&received->caps, afi, safi);
		if ((ours_ap & CAP_ADDPATH_SEND) && (theirs_ap & CAP_ADDPATH_RECEIVE))
			out->addpath_send |= bit;
		if ((ours_ap & CAP_ADDPATH_RECEIVE) && (theirs_ap & CAP_ADDPATH_SEND))
			out->addpath_receive |= bit;
		out->send[i] = open_context_get(pool, afi, safi, (out->addpath_send & bit) != 0, out->asn4,
						out->msg_size, out->local_as, out->peer_as);
		out->recv[i] = open_context_get(pool, afi, safi, (out->addpath_receive & bit) != 0, out->asn4,
						out->msg_size, out->local_as, out->peer_as);
	}
	/* parsing needs asn4 and the AS numbers even when no family is shared */
	out->recv_base = open_context_get(pool, AFI_IPV4, SAFI_UNICAST,
					  (out->addpath_receive & family_bit(AFI_IPV4, SAFI_UNICAST)) != 0,
					  out->asn4, out->msg_size, out->local_as, out->peer_as);
	return 0;
}
