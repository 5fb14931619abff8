/* setup.c — see setup.h; and config_from_settings, which setup's helpers end in. */
#include "config/setup.h"

#include <stdio.h>
#include <string.h>

#include "config/family_set.h"
#include "config/parse_internal.h"
#include "core/xalloc.h"
#include "model/route_text.h"
#include "wire/family.h"

/* ---- config_from_settings --------------------------------------------------------- */

static const char *dup_str(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

static const char **dup_strs(struct arena *a, const char *const *v, size_t n)
{
	if (n == 0)
		return NULL;
	const char **out = arena_alloc(a, n * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = dup_str(a, v[i]);
	return out;
}

static void copy_neighbor(struct arena *a, struct settings_neighbor *dst, const struct settings_neighbor *src)
{
	*dst = *src;
	dst->description = dup_str(a, src->description);
	dst->host_name = dup_str(a, src->host_name);
	dst->domain_name = dup_str(a, src->domain_name);
	dst->session.source_interface = dup_str(a, src->session.source_interface);
	dst->session.md5_password = dup_str(a, src->session.md5_password);
	dst->session.tcp_ao_password = dup_str(a, src->session.tcp_ao_password);
	dst->api = src->napi ? arena_alloc(a, src->napi * sizeof(*dst->api)) : NULL;
	for (size_t i = 0; i < src->napi; i++) {
		dst->api[i] = src->api[i];
		dst->api[i].name = dup_str(a, src->api[i].name);
		dst->api[i].processes = dup_strs(a, src->api[i].processes, src->api[i].nprocesses);
		dst->api[i].processes_match = dup_strs(a, src->api[i].processes_match, src->api[i].nprocesses_match);
	}
}

/* A string the configuration language can write back: no control character but tab, CR
 * and LF (escaped in quotes), and not both kinds of quote (a word can hold only one). */
static bool writable(const char *s)
{
	if (s == NULL)
		return true;
	bool dq = strchr(s, '"') != NULL, sq = strchr(s, '\'') != NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
			return false;
	return !(dq && sq);
}

static bool neighbor_writable(const struct settings_neighbor *n)
{
	if (!writable(n->description) || !writable(n->host_name) || !writable(n->domain_name) ||
	    !writable(n->session.source_interface) || !writable(n->session.md5_password) ||
	    !writable(n->session.tcp_ao_password))
		return false;
	for (size_t i = 0; i < n->napi; i++) {
		if (!writable(n->api[i].name))
			return false;
		for (size_t k = 0; k < n->api[i].nprocesses; k++)
			if (!writable(n->api[i].processes[k]))
				return false;
		for (size_t k = 0; k < n->api[i].nprocesses_match; k++)
			if (!writable(n->api[i].processes_match[k]))
				return false;
	}
	return true;
}

static int settings_fail(struct config_error *err, const char *what, size_t index, const char *problem)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->message, sizeof(err->message), "<settings>: %s %zu: %s", what, index, problem);
	return -1;
}

/* Neighbour src (the index-th given) into c: copied, resolved. NULL with err. */
static struct config_neighbor *neighbor_add(struct config *c, const struct settings_neighbor *src, size_t index,
					    struct config_error *err)
{
	if (src->session.peer_address.afi != AFI_IPV4 && src->session.peer_address.afi != AFI_IPV6) {
		settings_fail(err, "neighbor", index, "the peer address is not set");
		return NULL;
	}
	if (!neighbor_writable(src)) {
		settings_fail(err, "neighbor", index, "a string holds a control character or both kinds of quote");
		return NULL;
	}
	struct config_neighbor *n = arena_alloc(&c->arena, sizeof(*n));
	memset(n, 0, sizeof(*n));
	config_routes_init(&n->routes);
	copy_neighbor(&c->arena, &n->own, src);
	unsigned full = afi_addr_len(src->session.peer_address.afi) * 8;
	if (n->own.session.peer_prefix_len == 0 || n->own.session.peer_prefix_len > full)
		n->own.session.peer_prefix_len = (uint8_t)full; /* 0: the address alone */
	/* what a neighbour built in code gave: what differs from the defaults */
	n->own.given = src->given ? src->given : settings_neighbor_changed(&n->own);
	n->own.given |= SETTINGS_BIT(SF_PEER_ADDRESS) | SETTINGS_BIT(SF_LOCAL_AS) | SETTINGS_BIT(SF_PEER_AS);
	if (c->nneighbors == c->capneighbors) {
		c->capneighbors = c->capneighbors ? c->capneighbors * 2 : 8;
		c->neighbors = xrealloc(c->neighbors, c->capneighbors * sizeof(*c->neighbors));
	}
	c->neighbors[c->nneighbors++] = n;
	if (cfg_neighbor_resolve(c, n, err, c->source) < 0)
		return NULL; /* listed: freed with c */
	return n;
}

struct config *config_from_settings(const struct settings_config *s, struct config_error *err)
{
	struct config_error scratch;
	struct config *c = config_new("<settings>");

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	for (size_t i = 0; i < s->nprocesses; i++) {
		const struct settings_process *src = &s->processes[i];
		if (src->name == NULL || src->nrun == 0) {
			settings_fail(err, "process", i, "a name and a program (run) are needed");
			goto out_free;
		}
		bool ok = writable(src->name);
		for (size_t k = 0; k < src->nrun && ok; k++)
			ok = src->run[k] != NULL && writable(src->run[k]);
		if (!ok) {
			settings_fail(err, "process", i, "a string holds a control character or both kinds of quote");
			goto out_free;
		}
		for (size_t k = 0; k < c->nprocesses; k++)
			if (strcmp(c->processes[k].name, src->name) == 0) {
				settings_fail(err, "process", i, "its name is already used");
				goto out_free;
			}
		c->processes = cfg_array_grow(&c->arena, c->processes, c->nprocesses, sizeof(*c->processes));
		struct settings_process *p = &c->processes[c->nprocesses++];
		*p = *src;
		p->name = dup_str(&c->arena, src->name);
		p->run = dup_strs(&c->arena, src->run, src->nrun);
	}
	/* freed by config_free, as a parsed configuration's */
	c->neighbors = xcalloc(s->nneighbors ? s->nneighbors : 1, sizeof(*c->neighbors));
	c->capneighbors = s->nneighbors ? s->nneighbors : 1;
	for (size_t i = 0; i < s->nneighbors; i++)
		if (neighbor_add(c, &s->neighbors[i], i, err) == NULL)
			goto out_free;
	if (config_check(c, err) < 0)
		goto out_free;
	return c;
out_free:
	config_free(c);
	return NULL;
}

/* ---- the helpers ------------------------------------------------------------------ */

struct config *config_create_minimal(const char *peer_address, const char *local_address, uint32_t local_as,
				     uint32_t peer_as, const char *families, bool add_path, struct config_error *err)
{
	struct config_error scratch;
	struct settings_neighbor n;
	struct settings_config s;
	char why[160];

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	settings_neighbor_init(&n);
	if (settings_ip_parse(peer_address, &n.session.peer_address) < 0) {
		snprintf(err->message, sizeof(err->message), "peer address: '%s' is not an IP address",
			 peer_address ? peer_address : "");
		return NULL;
	}
	if (local_address && settings_ip_parse(local_address, &n.session.local_address) < 0) {
		snprintf(err->message, sizeof(err->message), "local address: '%s' is not an IP address", local_address);
		return NULL;
	}
	n.session.local_as = local_as;
	n.session.peer_as = peer_as;
	if (family_parse(families ? families : "ipv4 unicast", &n.families, why, sizeof(why)) < 0) {
		snprintf(err->message, sizeof(err->message), "families: %s", why);
		return NULL;
	}
	if (add_path) {
		n.capability.add_path = ADD_PATH_SEND_RECEIVE;
		n.addpath = n.families;
	}
	if (families && n.families.bits == family_all().bits) {
		/* ExaBGP's setup: with every family, every IP family may take a next hop of the
		 * other AFI (RFC 8950), so what a peer may send decodes */
		static const uint8_t safis[] = {SAFI_UNICAST, SAFI_MULTICAST, SAFI_NLRI_MPLS, SAFI_MPLS_VPN};
		for (size_t i = 0; i < sizeof(safis); i++) {
			family_set_add(&n.nexthop, AFI_IPV4, safis[i]);
			family_set_add(&n.nexthop, AFI_IPV6, safis[i]);
		}
		n.capability.nexthop = CAPA_ENABLE;
	}
	settings_config_init(&s);
	s.neighbors = &n;
	s.nneighbors = 1;
	return config_from_settings(&s, err);
}

static int route_text_fail(struct config_error *err, const struct route_text_error *e)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->message, sizeof(err->message), "route text: %s", e->why);
	return -1;
}

int config_parse_route_text(const struct config *c, const char *text, size_t len, struct update_collection *out,
			    struct config_error *err)
{
	struct route_text_error e;
	struct config_error scratch;
	(void)c; /* the grammar needs nothing of the neighbours: their routes stay as they are */
	if (err == NULL)
		err = &scratch;
	if (route_text_parse(out, text, len, NULL, &e) < 0)
		return route_text_fail(err, &e);
	return 0;
}

long config_add_route(struct config *c, const char *text, enum route_action action, struct config_error *err)
{
	struct update_collection routes;
	long changed = 0;

	update_collection_init(&routes);
	if (config_parse_route_text(c, text, text ? strlen(text) : 0, &routes, err) < 0) {
		update_collection_fini(&routes);
		return -1;
	}
	for (size_t i = 0; i < c->nneighbors; i++) {
		struct config_neighbor *n = c->neighbors[i];
		for (size_t k = 0; k < routes.count; k++) {
			const struct route *r = &routes.routes[k];
			if (!family_set_has(n->settings.families, r->nlri.afi, r->nlri.safi))
				continue;
			/* a withdraw command names routes; an announce in it (none) would be stored */
			if (action == ROUTE_WITHDRAW || r->action == ROUTE_WITHDRAW) {
				changed += (long)config_routes_remove(&n->routes, r);
				continue;
			}
			uint32_t attrs = config_attr_intern(&c->attrs, r->attrs, &r->nexthop, r->watchdog, r->name);
			if (config_routes_add(&n->routes, r, attrs) == 0)
				changed++;
		}
	}
	update_collection_fini(&routes);
	return changed;
}

/* ---- changing a configuration in place ---- */

int config_neighbor_route_set(struct config *c, struct config_neighbor *n, const struct route *r)
{
	if (config_family_index(r->nlri.afi, r->nlri.safi) < 0 || r->nlri.len > CONFIG_NLRI_MAX)
		return -1;
	uint32_t attrs = config_attr_intern(&c->attrs, r->attrs, &r->nexthop, r->watchdog, r->name);
	return config_routes_set(&n->routes, r, attrs);
}

int config_neighbor_route_unset(struct config_neighbor *n, const struct nlri *nl)
{
	return config_routes_unset(&n->routes, nl);
}

const char *config_neighbor_route_template(struct config *c, const struct config_neighbor *n, const struct nlri *nl)
{
	for (size_t i = 0; i < n->ninherit; i++)
		for (size_t k = 0; k < c->ntemplates; k++) {
			struct config_neighbor *t = c->templates[k];
			if (strcmp(t->name, n->inherit[i]) == 0 && t->routes.count && config_routes_find(&t->routes, nl) >= 0)
				return t->name;
		}
	return NULL;
}

struct config_neighbor *config_neighbor_add(struct config *c, const struct settings_neighbor *s,
					    struct config_error *err)
{
	struct config_error scratch;
	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	size_t before = c->nneighbors;
	struct config_neighbor *n = neighbor_add(c, s, c->nneighbors, err);
	if (n && config_check(c, err) == 0)
		return n;
	/* refused: the configuration is as it was (the block stays in the arena, unused) */
	if (c->nneighbors > before) {
		config_routes_fini(&c->neighbors[c->nneighbors - 1]->routes);
		c->nneighbors--;
	}
	return NULL;
}

void config_neighbor_remove(struct config *c, struct config_neighbor *n)
{
	for (size_t i = 0; i < c->nneighbors; i++) {
		if (c->neighbors[i] != n)
			continue;
		memmove(&c->neighbors[i], &c->neighbors[i + 1], (c->nneighbors - i - 1) * sizeof(*c->neighbors));
		c->nneighbors--;
		config_routes_fini(&n->routes);
		return;
	}
}

struct config *config_create_with_routes(const char *text, const char *peer_address, const char *local_address,
					 uint32_t local_as, uint32_t peer_as, const char *families, bool add_path,
					 enum route_action action, struct config_error *err)
{
	struct config_error scratch;
	if (err == NULL)
		err = &scratch;
	struct config *c = config_create_minimal(peer_address, local_address, local_as, peer_as, families, add_path, err);
	if (c == NULL)
		return NULL;
	long changed = config_add_route(c, text, action, err);
	if (changed <= 0) {
		if (changed == 0)
			snprintf(err->message, sizeof(err->message), "route text: no neighbor negotiates its family");
		config_free(c);
		return NULL;
	}
	return c;
}
