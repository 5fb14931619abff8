/* nlri_any.c — the reader of each family (see nlri_any.h). */
#include "wire/nlri_any.h"

#include "wire/family.h"
#include "wire/nlri_bgpls.h"
#include "wire/nlri_evpn.h"
#include "wire/nlri_flow.h"
#include "wire/nlri_mpls.h"
#include "wire/nlri_mup.h"
#include "wire/nlri_mvpn.h"
#include "wire/nlri_srpolicy.h"
#include "wire/nlri_vpls.h"

int nlri_read_any(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, bool withdraw, struct nlri *out,
		  struct wire_error *err)
{
	if (safi_is_flow(safi)) /* no ADD-PATH for flows; 1: malformed components, skipped */
		return nlri_flow_read(c, afi, safi, out, err);
	if (afi == AFI_BGPLS && safi == SAFI_BGPLS)
		return nlri_bgpls_read(c, addpath, out, err);
	if (afi == AFI_L2VPN && safi == SAFI_EVPN)
		return nlri_evpn_read(c, addpath, out, err);
	if (afi == AFI_L2VPN && safi == SAFI_VPLS)
		return nlri_vpls_read(c, addpath, out, err);
	if (safi == SAFI_MCAST_VPN)
		return nlri_mvpn_read(c, afi, addpath, out, err);
	if (safi == SAFI_SR_POLICY)
		return nlri_srpolicy_read(c, afi, addpath, out, err);
	if (safi == SAFI_MUP)
		return nlri_mup_read(c, afi, addpath, out, err);
	if (nlri_is_labelled(afi, safi))
		return nlri_mpls_read(c, afi, safi, addpath, withdraw, out, err);
	return nlri_prefix_read(c, afi, safi, addpath, out, err);
}
