/* open_build.c — see open_build.h. */
#include "bgp/open_build.h"

#include <string.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/family.h"

static void refuse(struct bgp_open_fallback *f, uint8_t code)
{
	f->refused[code >> 6] |= (uint64_t)1 << (code & 63);
}

bool bgp_open_fallback_learn(struct bgp_open_fallback *f, const struct notification *n)
{
	if (n->code != BGP_ERR_OPEN)
		return false;
	if (n->subcode == BGP_OPEN_UNSUPPORTED_PARAM) {
		bool changed = !f->no_capabilities;
		f->no_capabilities = true;
		return changed;
	}
	if (n->subcode != BGP_OPEN_UNSUPPORTED_CAPABILITY)
		return false;
	/* RFC 5492 5: the Data field lists the unsupported capabilities as <code, length, value> */
	struct cursor c = cursor_make(n->data, n->data_len, 0);
	bool changed = false;
	uint8_t code, len;
	while (cursor_u8(&c, &code) == 0 && cursor_u8(&c, &len) == 0) {
		if (!bgp_open_fallback_refused(f, code)) {
			refuse(f, code);
			changed = true;
		}
		if (cursor_skip(&c, len) < 0)
			break;
	}
	return changed;
}

static bool announce(const struct bgp_open_fallback *f, uint8_t code)
{
	return !f->no_capabilities && !bgp_open_fallback_refused(f, code);
}

int bgp_open_build(const struct bgp_session_settings *s, uint32_t router_id, bool restarted,
		   const struct bgp_open_fallback *fallback, struct bgp_open *o)
{
	static const struct bgp_open_fallback none;
	const struct bgp_open_fallback *f = fallback ? fallback : &none;
	struct capabilities *c = &o->caps;

	o->version = BGP_VERSION;
	o->hold_time = s->hold_time;
	o->bgp_id = router_id;

	if (announce(f, CAP_MULTIPROTOCOL))
		for (int i = 0; i < FAMILY_COUNT; i++)
			if (s->families & ((uint64_t)1 << i))
				capabilities_add_family(c, family_table[i].afi, family_table[i].safi);

	bool asn4 = s->asn4 && announce(f, CAP_ASN4);
	if (bgp_open_set_as(o, s->local_as, asn4) < 0) {
		/* RFC 6793 4.2.2: towards a peer that refused the four-octet AS capability, a
		 * four-octet AS is AS_TRANS */
		if (!s->asn4 || s->local_as <= 0xffff)
			return -1;
		o->my_as = BGP_AS_TRANS;
	}

	if (announce(f, CAP_EXTENDED_NEXTHOP))
		for (unsigned i = 0; i < s->nexthop_count && i < BGP_NEXTHOP_FAMILIES; i++)
			capabilities_add_nexthop(c, s->nexthop[i].afi, s->nexthop[i].safi, s->nexthop[i].nh_afi);

	if (announce(f, CAP_ADD_PATH))
		for (int i = 0; i < FAMILY_COUNT; i++) {
			uint64_t bit = (uint64_t)1 << i;
			if (!(s->families & bit))
				continue;
			uint8_t sr = ((s->addpath_send & bit) ? CAP_ADDPATH_SEND : 0) |
				     ((s->addpath_receive & bit) ? CAP_ADDPATH_RECEIVE : 0);
			if (sr)
				capabilities_add_addpath(c, family_table[i].afi, family_table[i].safi, sr);
		}

	if (s->graceful_restart && announce(f, CAP_GRACEFUL_RESTART)) {
		/* RFC 4724 3: R when we restarted; F (forwarding preserved) for every family, as
		 * ExaBGP announces it */
		capabilities_set_graceful(c, restarted ? CAP_GR_RESTART_STATE : 0, s->graceful_restart_time);
		for (int i = 0; i < FAMILY_COUNT; i++)
			if (s->families & ((uint64_t)1 << i))
				capabilities_add_graceful_family(c, family_table[i].afi, family_table[i].safi,
								 CAP_GR_FORWARDING);
	}

	if (s->route_refresh) {
		if (announce(f, CAP_ROUTE_REFRESH))
			capabilities_announce(c, CAP_ROUTE_REFRESH);
		if (announce(f, CAP_ENHANCED_ROUTE_REFRESH))
			capabilities_announce(c, CAP_ENHANCED_ROUTE_REFRESH);
	}
	if (s->operational && announce(f, CAP_OPERATIONAL))
		capabilities_announce(c, CAP_OPERATIONAL);
	if (s->extended_message && announce(f, CAP_EXTENDED_MESSAGE))
		capabilities_announce(c, CAP_EXTENDED_MESSAGE);
	if (s->hostname && announce(f, CAP_HOSTNAME))
		capabilities_set_hostname(c, s->host_name, strnlen(s->host_name, BGP_NAME_MAX - 1),
					  s->domain_name, strnlen(s->domain_name, BGP_NAME_MAX - 1));
	if (s->software_version[0] && announce(f, CAP_SOFTWARE_VERSION))
		capabilities_set_software(c, s->software_version, strnlen(s->software_version, BGP_SOFTWARE_MAX - 1));
	if (s->link_local_nexthop && announce(f, CAP_LINK_LOCAL_NEXTHOP))
		capabilities_announce(c, CAP_LINK_LOCAL_NEXTHOP);
	if (s->multisession && announce(f, CAP_MULTISESSION)) {
		/* ExaBGP's form: one session per multiprotocol family, identified by code 1 */
		const uint8_t ids[] = {CAP_MULTIPROTOCOL};
		capabilities_set_multisession(c, CAP_MULTISESSION, ids, 1);
	}
	/* ExaBGP (4.x and the corpus's 6.0) gives every capability its own Capabilities
	 * optional parameter (RFC 5492 4 allows it), and the corpus checks our OPEN byte for
	 * byte: one parameter per capability TLV, in the order above */
	uint16_t param = 0;
	for (uint32_t i = 0; i < c->nslots; i++)
		if (!c->slots[i].dead)
			c->slots[i].param = param++;
	return 0;
}
