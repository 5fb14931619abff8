/* t_bgp_negotiate.c — our OPEN from settings, and pairs of OPENs → negotiated session and
 * its interned OpenContexts; RFC 5492 fallbacks. */
#include <stdlib.h>
#include <string.h>

#include "bgp/negotiate.h"
#include "bgp/open_build.h"
#include "core/buf.h"
#include "wire/message.h"
#include "tap.h"

static uint64_t fam(uint16_t afi, uint8_t safi) { return family_bit(afi, safi); }

static void base_settings(struct bgp_session_settings *s)
{
	bgp_session_settings_init(s);
	s->local_as = 65001;
	s->peer_as = 65002;
	s->hold_time = 90;
	s->families = fam(AFI_IPV4, SAFI_UNICAST) | fam(AFI_IPV6, SAFI_UNICAST);
	s->route_refresh = true;
	s->extended_message = true;
}

/* pack o, parse it back: what the peer would see */
static int roundtrip(const struct bgp_open *o, struct bgp_open *out)
{
	struct buf b = BUF_INIT;
	struct wire_error err;
	wire_error_clear(&err);
	bgp_open_init(out);
	int rc = bgp_open_pack(o, &b);
	if (rc == 0)
		rc = bgp_open_parse(b.data + BGP_HEADER_LEN, b.len - BGP_HEADER_LEN, BGP_HEADER_LEN, out, &err);
	buf_free(&b);
	return rc;
}

static void slot_codes(const struct bgp_open *o, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (uint32_t i = 0; i < o->caps.nslots && n + 5 < size; i++)
		if (!o->caps.slots[i].dead)
			n += (size_t)snprintf(out + n, size - n, "%s%u", n ? " " : "", o->caps.slots[i].code);
}

static void test_build(void)
{
	struct bgp_session_settings s;
	base_settings(&s);
	s.addpath_send = s.addpath_receive = fam(AFI_IPV4, SAFI_UNICAST);
	s.graceful_restart = true;
	s.graceful_restart_time = 120;
	s.hostname = true;
	strcpy(s.host_name, "router");
	strcpy(s.domain_name, "example.net");
	strcpy(s.software_version, "attobgp/0.1.0");
	s.multisession = true;

	struct bgp_open o, back;
	bgp_open_init(&o);
	ok(bgp_open_build(&s, 0x7f000002, true, NULL, &o) == 0, "OPEN built");
	ok(roundtrip(&o, &back) == 0, "it packs and parses back");
	char codes[128];
	slot_codes(&back, codes, sizeof(codes));
	is_str(codes, "1 1 65 69 64 2 70 6 73 75 68", "capabilities in ExaBGP's order");
	is_int(back.my_as, 65001, "My AS");
	is_int(back.hold_time, 90, "hold time");
	is_int(back.bgp_id, 0x7f000002, "BGP identifier");
	ok(back.caps.graceful_flags == CAP_GR_RESTART_STATE && back.caps.graceful_time == 120, "graceful restart R bit and time");
	is_int(capabilities_addpath(&back.caps, AFI_IPV4, SAFI_UNICAST), CAP_ADDPATH_BOTH, "add-path send/receive for ipv4 unicast");
	is_int(capabilities_addpath(&back.caps, AFI_IPV6, SAFI_UNICAST), 0, "no add-path for ipv6 unicast");
	bgp_open_fini(&back);
	bgp_open_fini(&o);

	/* a four-octet AS */
	s.local_as = 4200000001u;
	bgp_open_init(&o);
	ok(bgp_open_build(&s, 1, false, NULL, &o) == 0 && o.my_as == BGP_AS_TRANS && o.caps.asn4 == 4200000001u,
	   "four-octet AS: AS_TRANS in My AS, the real one in the capability");
	bgp_open_fini(&o);
	s.asn4 = false;
	bgp_open_init(&o);
	ok(bgp_open_build(&s, 1, false, NULL, &o) == -1, "four-octet AS without asn4 cannot be sent");
	bgp_open_fini(&o);
}

static void test_fallback(void)
{
	struct bgp_session_settings s;
	base_settings(&s);
	struct bgp_open_fallback f;
	memset(&f, 0, sizeof(f));

	/* RFC 5492 5: Unsupported Capability, data = the capabilities refused */
	const uint8_t data[] = {CAP_ASN4, 4, 0, 0, 0xfd, 0xe9, CAP_EXTENDED_MESSAGE, 0};
	struct notification n = {BGP_ERR_OPEN, BGP_OPEN_UNSUPPORTED_CAPABILITY, data, sizeof(data)};
	ok(bgp_open_fallback_learn(&f, &n), "2/7 teaches something");
	ok(!bgp_open_fallback_learn(&f, &n), "the same lesson twice changes nothing");
	struct bgp_open o;
	bgp_open_init(&o);
	bgp_open_build(&s, 1, false, &f, &o);
	ok(!capabilities_has(&o.caps, CAP_ASN4) && !capabilities_has(&o.caps, CAP_EXTENDED_MESSAGE) &&
		   capabilities_has(&o.caps, CAP_ROUTE_REFRESH),
	   "the next OPEN leaves out exactly the refused capabilities");
	bgp_open_fini(&o);

	struct notification p = {BGP_ERR_OPEN, BGP_OPEN_UNSUPPORTED_PARAM, NULL, 0};
	ok(bgp_open_fallback_learn(&f, &p), "2/4 teaches something");
	bgp_open_init(&o);
	bgp_open_build(&s, 1, false, &f, &o);
	is_int(o.caps.nslots, 0, "after 2/4 the OPEN carries no optional parameter");
	bgp_open_fini(&o);

	const uint8_t junk[] = {CAP_ROUTE_REFRESH, 9};
	struct notification t = {BGP_ERR_OPEN, BGP_OPEN_UNSUPPORTED_CAPABILITY, junk, sizeof(junk)};
	memset(&f, 0, sizeof(f));
	ok(bgp_open_fallback_learn(&f, &t) && bgp_open_fallback_refused(&f, CAP_ROUTE_REFRESH),
	   "a truncated capability list is read as far as it goes");
	struct notification cease = {BGP_ERR_CEASE, 2, NULL, 0};
	ok(!bgp_open_fallback_learn(&f, &cease), "a Cease teaches nothing");
}

struct pair {
	struct bgp_open sent, received;
	struct bgp_negotiated neg;
	struct bgp_negotiate_error err;
};

/* Negotiate settings a (ours) against the OPEN settings b would send, as the peer. */
static int negotiate(const struct bgp_session_settings *a, const struct bgp_session_settings *b, uint32_t peer_id,
		     struct open_context_pool *pool, struct pair *p)
{
	struct bgp_open theirs;
	bgp_open_init(&p->sent);
	bgp_open_init(&theirs);
	bgp_open_build(a, 0x01020304, false, NULL, &p->sent);
	bgp_open_build(b, peer_id, false, NULL, &theirs);
	roundtrip(&theirs, &p->received);
	bgp_open_fini(&theirs);
	return bgp_negotiate(a, &p->sent, &p->received, pool, &p->neg, &p->err);
}

static void pair_fini(struct pair *p)
{
	bgp_open_fini(&p->sent);
	bgp_open_fini(&p->received);
}

static void mirror(const struct bgp_session_settings *a, struct bgp_session_settings *b)
{
	*b = *a;
	b->local_as = a->peer_as;
	b->peer_as = a->local_as;
}

static void test_negotiate(void)
{
	struct open_context_pool *pool = open_context_pool_new();
	struct bgp_session_settings a, b;
	struct pair p;
	int i4 = family_index(AFI_IPV4, SAFI_UNICAST), i6 = family_index(AFI_IPV6, SAFI_UNICAST);

	/* the echo peer of ExaBGP's test suite: same capabilities */
	base_settings(&a);
	a.addpath_send = a.addpath_receive = fam(AFI_IPV4, SAFI_UNICAST);
	mirror(&a, &b);
	b.hold_time = 30;
	ok(negotiate(&a, &b, 0x01020305, pool, &p) == 0, "echoed OPEN accepted");
	ok(p.neg.asn4 && p.neg.msg_size == 65535 && p.neg.refresh == BGP_REFRESH_ENHANCED,
	   "asn4, extended message, enhanced route refresh");
	ok(p.neg.hold_time == 30 && p.neg.keepalive == 10, "smaller hold time, keepalive a third");
	is_int(p.neg.families, fam(AFI_IPV4, SAFI_UNICAST) | fam(AFI_IPV6, SAFI_UNICAST), "both families");
	ok(p.neg.addpath_send == fam(AFI_IPV4, SAFI_UNICAST) && p.neg.addpath_receive == fam(AFI_IPV4, SAFI_UNICAST),
	   "add-path both ways for ipv4 unicast");
	const struct open_context *s4 = p.neg.send[i4], *r6 = p.neg.recv[i6];
	ok(s4 && s4->addpath && s4->asn4 && s4->msg_size == 65535 && s4->local_as == 65001 && s4->peer_as == 65002,
	   "ipv4 send context");
	ok(r6 && !r6->addpath && r6->afi == AFI_IPV6, "ipv6 receive context without path ids");
	ok(p.neg.recv_base != NULL && p.neg.recv_base->asn4, "a base receive context for parsing");
	ok(p.neg.send[family_index(AFI_IPV4, SAFI_MULTICAST)] == NULL, "no context for a family not negotiated");
	pair_fini(&p);
	ok(negotiate(&a, &b, 0x01020305, pool, &p) == 0 && p.neg.send[i4] == s4, "equal sessions share the interned context");
	pair_fini(&p);

	/* the peer receives paths but does not send them */
	b.addpath_send = 0;
	negotiate(&a, &b, 0x01020305, pool, &p);
	ok(p.neg.addpath_send == fam(AFI_IPV4, SAFI_UNICAST) && p.neg.addpath_receive == 0,
	   "add-path per direction: we send, we do not receive");
	ok(p.neg.send[i4]->addpath && !p.neg.recv[i4]->addpath, "so the two contexts differ");
	pair_fini(&p);

	/* a peer with fewer capabilities */
	mirror(&a, &b);
	b.asn4 = false;
	b.extended_message = false;
	b.route_refresh = false;
	b.families = fam(AFI_IPV4, SAFI_UNICAST) | fam(AFI_IPV4, SAFI_MULTICAST);
	b.addpath_send = b.addpath_receive = 0;
	ok(negotiate(&a, &b, 0x01020305, pool, &p) == 0, "a plainer peer");
	ok(!p.neg.asn4 && !p.neg.send[i4]->asn4, "no asn4: two-octet contexts");
	is_int(p.neg.msg_size, 4096, "no extended message: 4096");
	is_int(p.neg.refresh, BGP_REFRESH_ABSENT, "no route refresh");
	is_int(p.neg.families, fam(AFI_IPV4, SAFI_UNICAST), "only the shared family");
	is_int(p.neg.unshared, fam(AFI_IPV6, SAFI_UNICAST) | fam(AFI_IPV4, SAFI_MULTICAST), "unshared ones reported");
	ok(p.neg.addpath_send == 0 && !p.neg.send[i4]->addpath, "no add-path");
	pair_fini(&p);

	/* a peer announcing no capability at all: RFC 4760 8, IPv4 unicast */
	struct bgp_open bare;
	bgp_open_init(&bare);
	bare.version = 4;
	bare.my_as = 65002;
	bare.hold_time = 180;
	bare.bgp_id = 9;
	bgp_open_init(&p.sent);
	bgp_open_build(&a, 0x01020304, false, NULL, &p.sent);
	ok(bgp_negotiate(&a, &p.sent, &bare, pool, &p.neg, &p.err) == 0, "a peer without capabilities");
	is_int(p.neg.families, fam(AFI_IPV4, SAFI_UNICAST), "implied IPv4 unicast");
	ok(p.neg.hold_time == 90 && p.neg.peer_as == 65002, "hold time and AS from the fixed fields");
	bgp_open_fini(&p.sent);
	bgp_open_fini(&bare);

	/* hold time 0: no keepalives */
	mirror(&a, &b);
	b.hold_time = 0;
	negotiate(&a, &b, 0x01020305, pool, &p);
	ok(p.neg.hold_time == 0 && p.neg.keepalive == 0, "hold time 0 on one side: none at all");
	pair_fini(&p);

	/* errors */
	mirror(&a, &b);
	b.local_as = 65009;
	ok(negotiate(&a, &b, 0x01020305, pool, &p) == -1 && p.err.code == 2 && p.err.subcode == 2,
	   "unexpected peer AS: 2/2 (%s)", p.err.why);
	pair_fini(&p);
	a.peer_as = 0;
	ok(negotiate(&a, &b, 0x01020305, pool, &p) == 0 && p.neg.peer_as == 65009, "peer AS 0 accepts any");
	pair_fini(&p);

	base_settings(&a);
	a.peer_as = 65001; /* iBGP */
	mirror(&a, &b);
	ok(negotiate(&a, &b, 0x01020304, pool, &p) == -1 && p.err.code == 2 && p.err.subcode == 3,
	   "iBGP with our own identifier: 2/3 (RFC 6286)");
	pair_fini(&p);
	a.peer_as = 65002;
	mirror(&a, &b);
	ok(negotiate(&a, &b, 0x01020304, pool, &p) == 0, "eBGP may share the identifier (RFC 6286 2.2)");
	pair_fini(&p);

	/* a four-octet peer */
	a.peer_as = 4200000002u;
	mirror(&a, &b);
	ok(negotiate(&a, &b, 5, pool, &p) == 0 && p.neg.peer_as == 4200000002u, "four-octet peer AS from the capability");
	pair_fini(&p);
	b.asn4 = false;
	b.local_as = 23456; /* what a four-octet speaker without the capability would say */
	ok(negotiate(&a, &b, 5, pool, &p) == 0 && p.neg.peer_as == BGP_AS_TRANS && !p.neg.asn4,
	   "without asn4 a four-octet peer is AS_TRANS, accepted");
	pair_fini(&p);

	/* multi-session is mandatory once announced */
	base_settings(&a);
	a.multisession = true;
	mirror(&a, &b);
	b.multisession = false;
	ok(negotiate(&a, &b, 5, pool, &p) == -1 && p.err.code == 2 && p.err.subcode == 7 && p.err.data_len == 4 &&
		   p.err.data[0] == CAP_MULTISESSION,
	   "multi-session refused: 2/7 with the capability as data");
	pair_fini(&p);
	b.multisession = true;
	ok(negotiate(&a, &b, 5, pool, &p) == 0 && p.neg.multisession, "multi-session both ways");
	pair_fini(&p);

	/* graceful restart, extended next hop, link-local */
	base_settings(&a);
	a.graceful_restart = true;
	a.graceful_restart_time = 90;
	a.nexthop[0] = (struct bgp_nexthop_family){AFI_IPV4, SAFI_UNICAST, AFI_IPV6};
	a.nexthop_count = 1;
	a.link_local_nexthop = true;
	mirror(&a, &b);
	b.graceful_restart_time = 60;
	negotiate(&a, &b, 5, pool, &p);
	ok(p.neg.graceful_restart && p.neg.peer_restart_time == 60, "graceful restart, the peer's restart time");
	ok(p.neg.nexthop_count == 1 && p.neg.nexthop[0].nh_afi == AFI_IPV6, "extended next hop ipv4 unicast over ipv6");
	ok(p.neg.link_local_nexthop, "link-local next hop");
	pair_fini(&p);
	b.graceful_restart = false;
	b.nexthop_count = 0;
	negotiate(&a, &b, 5, pool, &p);
	ok(!p.neg.graceful_restart && p.neg.nexthop_count == 0, "one-sided capabilities are not negotiated");
	pair_fini(&p);

	open_context_pool_free(pool);
}

int main(void)
{
	test_build();
	test_fallback();
	test_negotiate();
	return done_testing();
}
