/* resolve.c — a neighbour's settings once its block is read: templates merged, defaults
 * filled, what ExaBGP derives derived, and the checks ExaBGP makes.
 *
 * The merge is ExaBGP's (Scope.transfer), accidents included where they change the result:
 *   - a value a template gives REPLACES the neighbour's own (`inherit` wins), and a later
 *     template's replaces an earlier one's;
 *   - lists add up: families, add-path and nexthop families, api blocks, routes (the
 *     neighbour's own first, then each template's in inherit order).
 * Then, as ExaBGP's neighbour post-processing does:
 *   - no family given: every family but ipv4 rtc;
 *   - ADD-PATH on (capability add-path): the add-path families negotiated, or all of them
 *     when no add-path block names any;
 *   - the nexthop capability is on when a nexthop block is given and the capability is not
 *     set; its families are kept only when both AFIs are negotiated;
 *   - router-id: the local address when it is IPv4;
 *   - graceful-restart 0: the hold time.
 * Must not know: the text syntax.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config/fields.h"
#include "config/parse_internal.h"
#include "core/arena.h"
#include "wire/family.h"
#include "wire/ip.h"

static int fail(struct config_error *err, const char *source, const struct config_neighbor *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct config_error *err, const char *source, const struct config_neighbor *n, const char *fmt, ...)
{
	va_list ap;
	char what[160];
	if (n->name) {
		snprintf(what, sizeof(what), "template %s", n->name);
	} else {
		struct buf peer = BUF_INIT;
		field_format(field_of(SF_PEER_ADDRESS), &n->own, &peer);
		snprintf(what, sizeof(what), "neighbor %s", buf_cstr(&peer));
		buf_free(&peer);
	}
	err->line = n->line;
	err->col = n->col;
	int len;
	if (n->line)
		len = snprintf(err->message, sizeof(err->message), "%s:%u:%u: %s: ", source, n->line, n->col, what);
	else
		len = snprintf(err->message, sizeof(err->message), "%s: %s: ", source, what);
	if (len > 0 && (size_t)len < sizeof(err->message)) {
		va_start(ap, fmt);
		vsnprintf(err->message + len, sizeof(err->message) - (size_t)len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const struct config_neighbor *template_named(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->ntemplates; i++)
		if (strcmp(c->templates[i]->name, name) == 0)
			return c->templates[i];
	return NULL;
}

/* Merge what src gave into dst (ExaBGP's transfer: src's values win). */
static void merge(struct settings_neighbor *dst, const struct settings_neighbor *src, struct arena *arena)
{
	for (size_t i = 0; i < field_count; i++)
		if (src->given & SETTINGS_BIT(field_table[i].field))
			field_copy(&field_table[i], dst, src);
	dst->given |= src->given;
	dst->families.bits |= src->families.bits;
	dst->addpath.bits |= src->addpath.bits;
	dst->nexthop.bits |= src->nexthop.bits;
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++) {
		if (src->prefix_limit[i])
			dst->prefix_limit[i] = src->prefix_limit[i];
		if (src->paths_limit[i])
			dst->paths_limit[i] = src->paths_limit[i];
	}
	if (src->napi) {
		struct settings_api *api = arena_alloc(arena, (dst->napi + src->napi) * sizeof(*api));
		if (dst->napi)
			memcpy(api, dst->api, dst->napi * sizeof(*api));
		memcpy(api + dst->napi, src->api, src->napi * sizeof(*api));
		dst->api = api;
		dst->napi += src->napi;
	}
}

static bool ip_link_local(const struct settings_ip *ip)
{
	return ip->afi == AFI_IPV6 && ip->addr[0] == 0xfe && (ip->addr[1] & 0xc0) == 0x80;
}

/* RFC 4648 base64, the length of what it decodes to, or -1 when it is not base64. */
static long base64_length(const char *s)
{
	size_t len = strlen(s), pad = 0;
	if (len % 4)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
		if (c == '=' && i >= len - 2) {
			pad++;
			continue;
		}
		if (!alpha || pad)
			return -1;
	}
	return (long)(len / 4 * 3 - pad);
}

static int check_routes(const struct config_neighbor *n, const struct config_routes *b, struct config_error *err,
			const char *source)
{
	int unicast = config_family_index(AFI_IPV4, SAFI_UNICAST);
	for (int f = 0; f < CONFIG_FAMILY_COUNT; f++) {
		if (b->first_line[f] == 0 || f == unicast || family_set_has_index(n->settings.families, f))
			continue;
		/* ExaBGP: "Trying to announce a route of type X when we are not announcing the family" */
		char name[FAMILY_NAME_MAX];
		family_format(config_family_table[f].afi, config_family_table[f].safi, name);
		err->line = b->first_line[f];
		err->col = b->first_col[f];
		snprintf(err->message, sizeof(err->message),
			 "%s:%u:%u: route: family %s is not negotiated with this neighbor (family { ... })", source,
			 b->first_line[f], b->first_col[f], name);
		return -1;
	}
	/* a route read before the family is known (built in code) is checked without a place */
	for (size_t i = 0; i < b->count; i++) {
		int f = b->v[i].family;
		if (f != unicast && !family_set_has_index(n->settings.families, f)) {
			char name[FAMILY_NAME_MAX];
			family_format(config_family_table[f].afi, config_family_table[f].safi, name);
			return fail(err, source, n, "a route of family %s is not negotiated with this neighbor", name);
		}
	}
	return 0;
}

static int validate(const struct config *c, const struct config_neighbor *n, struct config_error *err,
		    const char *source)
{
	const struct settings_neighbor *s = &n->settings;
	const struct settings_session *ss = &s->session;

	if (!(s->given & SETTINGS_BIT(SF_LOCAL_AS)))
		return fail(err, source, n, "local-as is missing");
	if (!(s->given & SETTINGS_BIT(SF_PEER_AS)))
		return fail(err, source, n, "peer-as is missing");
	if (ss->local_address.afi && ss->local_address.afi != ss->peer_address.afi)
		return fail(err, source, n, "local-address and the peer's address are not of the same family");
	if (!ss->has_router_id && ss->local_address.afi == AFI_IPV6)
		return fail(err, source, n, "router-id is missing, and an IPv6 local-address cannot stand for it");
	if (ss->peer_prefix_len != afi_addr_len(ss->peer_address.afi) * 8 && !ss->passive)
		return fail(err, source, n, "a range of peers can only be passive (passive true;)");
	if (ip_link_local(&ss->local_address) && s->capability.link_local_nexthop == CAPA_DISABLE)
		return fail(err, source, n,
			    "a link-local local-address requires capability { link-local-nexthop enable; }");
	if (ss->md5_password) {
		long len = ss->md5_base64 ? base64_length(ss->md5_password) : (long)strlen(ss->md5_password);
		if (len < 0)
			return fail(err, source, n, "md5-password is not valid base64 (md5-base64 true)");
		if (len > 80)
			return fail(err, source, n, "md5-password is longer than 80 characters");
	}
	uint64_t ao = SETTINGS_BIT(SF_TCP_AO_KEYID) | SETTINGS_BIT(SF_TCP_AO_ALGORITHM) | SETTINGS_BIT(SF_TCP_AO_PASSWORD);
	if ((s->given & (ao | SETTINGS_BIT(SF_TCP_AO_BASE64))) && (s->given & ao) != ao)
		return fail(err, source, n, "tcp-ao needs keyid, algorithm and password");
	if (ss->md5_password && ss->tcp_ao_password)
		return fail(err, source, n, "TCP MD5 and TCP-AO cannot be used together");
	for (size_t b = 0; b < n->nblocks; b++)
		if (check_routes(n, n->blocks[b], err, source) < 0)
			return -1;
	/* ExaBGP refuses two neighbours it would give the same name */
	for (size_t i = 0; i < c->nneighbors && c->neighbors[i] != n; i++) {
		const struct settings_neighbor *o = &c->neighbors[i]->settings;
		if (settings_ip_equal(&o->session.peer_address, &ss->peer_address) &&
		    o->session.peer_prefix_len == ss->peer_prefix_len &&
		    settings_ip_equal(&o->session.local_address, &ss->local_address) &&
		    o->families.bits == s->families.bits)
			return fail(err, source, n, "is defined twice (same peer, local address and families)");
	}
	return 0;
}

int cfg_neighbor_resolve(struct config *c, struct config_neighbor *n, struct config_error *err, const char *source)
{
	struct settings_neighbor *s = &n->settings;
	size_t nblocks = 0, nraws = 0;

	if (n->name) {
		/* a template is used as it was written; ExaBGP reads no inherit in one */
		if (n->ninherit)
			return fail(err, source, n, "inherit: a template cannot inherit another");
		return 0;
	}
	settings_neighbor_init(s);
	merge(s, &n->own, &c->arena);
	s->session.peer_address = n->own.session.peer_address;
	s->session.peer_prefix_len = n->own.session.peer_prefix_len;
	for (size_t i = 0; i < n->ninherit; i++) {
		const struct config_neighbor *t = template_named(c, n->inherit[i]);
		if (t == NULL)
			return fail(err, source, n, "inherit: '%s' is not a template", n->inherit[i]);
		merge(s, &t->own, &c->arena);
	}
	/* the peer's address is the block's: a template does not give one */
	s->session.peer_address = n->own.session.peer_address;
	s->session.peer_prefix_len = n->own.session.peer_prefix_len;

	/* routes and kept statements: the neighbour's, then each template's, shared */
	n->blocks = arena_alloc(&c->arena, (n->ninherit + 1) * sizeof(*n->blocks));
	n->blocks[nblocks++] = &n->routes;
	size_t total_raw = n->nraw;
	for (size_t i = 0; i < n->ninherit; i++) {
		const struct config_neighbor *t = template_named(c, n->inherit[i]);
		n->blocks[nblocks++] = &t->routes;
		total_raw += t->nraw;
	}
	n->nblocks = nblocks;
	n->raws = total_raw ? arena_alloc(&c->arena, total_raw * sizeof(*n->raws)) : NULL;
	for (size_t k = 0; k < n->nraw; k++)
		n->raws[nraws++] = &n->raw[k];
	for (size_t i = 0; i < n->ninherit; i++) {
		const struct config_neighbor *t = template_named(c, n->inherit[i]);
		for (size_t k = 0; k < t->nraw; k++)
			n->raws[nraws++] = &t->raw[k];
	}
	n->nraws = nraws;

	/* what ExaBGP derives */
	if (family_set_empty(s->families))
		s->families = family_default();
	if (s->capability.add_path == ADD_PATH_DISABLE)
		s->addpath.bits = 0;
	else if (family_set_empty(s->addpath))
		s->addpath = s->families;
	else
		s->addpath.bits &= s->families.bits;
	if (!(s->given & SETTINGS_BIT(SF_CAP_NEXTHOP)) && !family_set_empty(s->nexthop))
		s->capability.nexthop = CAPA_ENABLE;
	if (s->capability.nexthop == CAPA_DISABLE) {
		s->nexthop.bits = 0;
	} else {
		struct family_set kept = {0};
		for (int i = 0; i < CONFIG_FAMILY_COUNT; i++) {
			if (!family_set_has_index(s->nexthop, i) || !family_set_has_index(s->families, i))
				continue;
			const struct config_family *f = &config_family_table[i];
			uint16_t other = f->afi == AFI_IPV4 ? AFI_IPV6 : AFI_IPV4;
			if (family_set_has(s->families, other, f->safi))
				kept.bits |= 1u << i;
		}
		s->nexthop = kept;
	}
	if (!s->session.has_router_id && s->session.local_address.afi == AFI_IPV4) {
		memcpy(s->session.router_id, s->session.local_address.addr, 4);
		s->session.has_router_id = true;
	}
	if (s->capability.graceful_restart && s->capability.graceful_restart_time == 0)
		s->capability.graceful_restart_time = s->hold_time;
	if (s->session.md5_ip.afi == 0 && s->session.md5_password)
		s->session.md5_ip = s->session.local_address;
	return validate(c, n, err, source);
}
