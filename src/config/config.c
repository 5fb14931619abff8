/* config.c — the life of a configuration: making an empty one, freeing it, comparing two,
 * walking a neighbour's routes, and what it holds that this build cannot do yet. */
#include "config/config.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/fields.h"
#include "config/parse_internal.h"
#include "core/xalloc.h"
#include "wire/family.h"
#include "wire/ip.h"

struct config *config_new(const char *source)
{
	struct config *c = xcalloc(1, sizeof(*c));
	arena_init(&c->arena, 16384);
	c->source = arena_strndup(&c->arena, source, strlen(source));
	/* a fixed seed: configuration text is the operator's, not a peer's, and a fixed seed
	 * keeps interning (and so export) deterministic */
	config_attr_table_init(&c->attrs, 0x5eed0f4a77ab1e5ULL);
	return c;
}

static void neighbor_free(struct config_neighbor *n)
{
	config_routes_fini(&n->routes);
}

void config_free(struct config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->ntemplates; i++)
		neighbor_free(c->templates[i]);
	for (size_t i = 0; i < c->nneighbors; i++)
		neighbor_free(c->neighbors[i]);
	free(c->templates);
	free(c->neighbors);
	config_attr_table_fini(&c->attrs);
	arena_free(&c->arena);
	free(c);
}

/* ---- snapshots -------------------------------------------------------------------- */

static struct config_neighbor *neighbor_snapshot(const struct config_neighbor *n)
{
	struct config_neighbor *copy = xmalloc(sizeof(*copy));
	*copy = *n;
	copy->routes.slots = NULL;
	copy->routes.nslots = 0;
	copy->routes.cap = n->routes.count;
	copy->routes.v = NULL;
	if (n->routes.count) {
		copy->routes.v = xmalloc(n->routes.count * sizeof(*copy->routes.v));
		memcpy(copy->routes.v, n->routes.v, n->routes.count * sizeof(*copy->routes.v));
	}
	return copy;
}

static struct config_neighbor **neighbors_snapshot(struct config_neighbor *const *v, size_t n)
{
	struct config_neighbor **out = xcalloc(n ? n : 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = neighbor_snapshot(v[i]);
	return out;
}

struct config *config_snapshot(const struct config *c)
{
	struct config *s = xmalloc(sizeof(*s));
	*s = *c;
	/* never allocated from nor freed: the strings stay c's */
	memset(&s->arena, 0, sizeof(s->arena));
	s->templates = neighbors_snapshot(c->templates, c->ntemplates);
	s->captemplates = c->ntemplates;
	s->neighbors = neighbors_snapshot(c->neighbors, c->nneighbors);
	s->capneighbors = c->nneighbors;
	/* the entries never move; the array of pointers to them may grow */
	s->attrs.v = xcalloc(c->attrs.count ? c->attrs.count : 1, sizeof(*s->attrs.v));
	if (c->attrs.count)
		memcpy(s->attrs.v, c->attrs.v, c->attrs.count * sizeof(*s->attrs.v));
	s->attrs.cap = c->attrs.count;
	s->attrs.slots = NULL;
	s->attrs.nslots = 0;
	memset(&s->attrs.arena, 0, sizeof(s->attrs.arena));
	return s;
}

void config_snapshot_free(struct config *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->ntemplates; i++) {
		free(s->templates[i]->routes.v);
		free(s->templates[i]);
	}
	for (size_t i = 0; i < s->nneighbors; i++) {
		free(s->neighbors[i]->routes.v);
		free(s->neighbors[i]);
	}
	free(s->templates);
	free(s->neighbors);
	free(s->attrs.v);
	free(s);
}

/* ---- checks across blocks --------------------------------------------------------- */

static bool process_named(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nprocesses; i++)
		if (strcmp(c->processes[i].name, name) == 0)
			return true;
	return false;
}

int config_processes_matching(const struct config *c, const char *expr, bool *hits)
{
	regex_t re;
	size_t len = strlen(expr);
	char *anchored = xmalloc(len + 5);
	snprintf(anchored, len + 5, "^(%s)", expr); /* Python's re.match: anchored at the start */
	int rc = regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB);
	free(anchored);
	if (rc != 0)
		return -1;
	int count = 0;
	for (size_t i = 0; i < c->nprocesses; i++) {
		hits[i] = regexec(&re, c->processes[i].name, 0, NULL, 0) == 0;
		count += hits[i];
	}
	regfree(&re);
	return count;
}

static int check_fail(struct config_error *err, const char *source, const struct config_neighbor *n,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int check_fail(struct config_error *err, const char *source, const struct config_neighbor *n,
		      const char *fmt, ...)
{
	va_list ap;
	struct buf peer = BUF_INIT;
	if (!n->name)
		field_format(field_of(SF_PEER_ADDRESS), &n->own, &peer);
	const char *what = n->name ? n->name : buf_cstr(&peer);
	err->line = n->line;
	err->col = n->col;
	int len = n->line ? snprintf(err->message, sizeof(err->message), "%s:%u:%u: %s %s: ", source, n->line, n->col,
				     n->name ? "template" : "neighbor", what)
			  : snprintf(err->message, sizeof(err->message), "%s: %s %s: ", source,
				     n->name ? "template" : "neighbor", what);
	if (len > 0 && (size_t)len < sizeof(err->message)) {
		va_start(ap, fmt);
		vsnprintf(err->message + len, sizeof(err->message) - (size_t)len, fmt, ap);
		va_end(ap);
	}
	buf_free(&peer);
	return -1;
}

static int check_api(const struct config *c, const struct config_neighbor *n, const struct settings_neighbor *s,
		     struct config_error *err)
{
	for (size_t a = 0; a < s->napi; a++) {
		const struct settings_api *api = &s->api[a];
		for (size_t i = 0; i < api->nprocesses; i++)
			if (!process_named(c, api->processes[i]))
				return check_fail(err, c->source, n, "api: process '%s' is not defined", api->processes[i]);
		bool any = api->nprocesses_match == 0;
		bool *hits = xcalloc(c->nprocesses ? c->nprocesses : 1, sizeof(*hits));
		for (size_t i = 0; i < api->nprocesses_match; i++) {
			int matched = config_processes_matching(c, api->processes_match[i], hits);
			if (matched < 0) {
				free(hits);
				return check_fail(err, c->source, n, "api: processes-match '%s' is not a regular expression",
						  api->processes_match[i]);
			}
			any = any || matched > 0;
		}
		free(hits);
		if (!any)
			return check_fail(err, c->source, n, "api: processes-match '%s' matches no process",
					  api->processes_match[0]);
	}
	return 0;
}

int config_check(const struct config *c, struct config_error *err)
{
	for (size_t i = 0; i < c->nneighbors; i++)
		if (check_api(c, c->neighbors[i], &c->neighbors[i]->settings, err) < 0)
			return -1;
	return 0;
}

/* ---- equality --------------------------------------------------------------------- */

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool strs_same(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_same(a[i], b[i]))
			return false;
	return true;
}

static bool api_same(const struct settings_api *a, const struct settings_api *b)
{
	return str_same(a->name, b->name) && strs_same(a->processes, a->nprocesses, b->processes, b->nprocesses) &&
	       strs_same(a->processes_match, a->nprocesses_match, b->processes_match, b->nprocesses_match) &&
	       a->flags == b->flags && a->send == b->send && a->receive == b->receive;
}

/* Compares values, and which statements were given when `given` is set. */
static bool settings_same(const struct settings_neighbor *a, const struct settings_neighbor *b, bool given)
{
	if (given && a->given != b->given)
		return false;
	for (size_t i = 0; i < field_count; i++) {
		const struct field_desc *d = &field_table[i];
		if (given && !(a->given & SETTINGS_BIT(d->field)))
			continue;
		if (!field_equal(d, a, b))
			return false;
	}
	if (a->families.bits != b->families.bits || a->addpath.bits != b->addpath.bits ||
	    a->nexthop.bits != b->nexthop.bits || memcmp(a->prefix_limit, b->prefix_limit, sizeof(a->prefix_limit)) ||
	    memcmp(a->paths_limit, b->paths_limit, sizeof(a->paths_limit)) || a->napi != b->napi)
		return false;
	for (size_t i = 0; i < a->napi; i++)
		if (!api_same(&a->api[i], &b->api[i]))
			return false;
	return true;
}

static bool routes_same(const struct config_routes *a, const struct config_attr_table *ta,
			const struct config_routes *b, const struct config_attr_table *tb)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (!config_route_equal(&a->v[i], ta, &b->v[i], tb))
			return false;
	return true;
}

static bool raw_same(const struct config_raw *a, const struct config_raw *b)
{
	return a->place == b->place && str_same(a->afi_name, b->afi_name) && str_same(a->text, b->text) &&
	       a->afi == b->afi && a->safi == b->safi && str_same(a->why, b->why);
}

static bool neighbor_same(const struct config *ca, const struct config_neighbor *a, const struct config *cb,
			  const struct config_neighbor *b)
{
	if (!str_same(a->name, b->name) || !strs_same(a->inherit, a->ninherit, b->inherit, b->ninherit) ||
	    !settings_same(&a->own, &b->own, true) || !routes_same(&a->routes, &ca->attrs, &b->routes, &cb->attrs) ||
	    a->nraw != b->nraw)
		return false;
	if (!settings_ip_equal(&a->own.session.peer_address, &b->own.session.peer_address) ||
	    a->own.session.peer_prefix_len != b->own.session.peer_prefix_len)
		return false;
	for (size_t i = 0; i < a->nraw; i++)
		if (!raw_same(&a->raw[i], &b->raw[i]))
			return false;
	if (a->name)
		return true;
	if (!settings_same(&a->settings, &b->settings, false) || a->nblocks != b->nblocks || a->nraws != b->nraws)
		return false;
	for (size_t i = 0; i < a->nblocks; i++)
		if (!routes_same(a->blocks[i], &ca->attrs, b->blocks[i], &cb->attrs))
			return false;
	for (size_t i = 0; i < a->nraws; i++)
		if (!raw_same(a->raws[i], b->raws[i]))
			return false;
	return true;
}

static bool process_same(const struct settings_process *a, const struct settings_process *b)
{
	return str_same(a->name, b->name) && strs_same(a->run, a->nrun, b->run, b->nrun) && a->encoder == b->encoder &&
	       a->respawn == b->respawn && a->on_exit == b->on_exit && a->given == b->given;
}

bool config_equal(const struct config *a, const struct config *b)
{
	if (a->nprocesses != b->nprocesses || a->ntemplates != b->ntemplates || a->nneighbors != b->nneighbors)
		return false;
	for (size_t i = 0; i < a->nprocesses; i++)
		if (!process_same(&a->processes[i], &b->processes[i]))
			return false;
	for (size_t i = 0; i < a->ntemplates; i++)
		if (!neighbor_same(a, a->templates[i], b, b->templates[i]))
			return false;
	for (size_t i = 0; i < a->nneighbors; i++)
		if (!neighbor_same(a, a->neighbors[i], b, b->neighbors[i]))
			return false;
	return true;
}

/* ---- routes ----------------------------------------------------------------------- */

int config_neighbor_routes(const struct config *c, const struct config_neighbor *n,
			   int (*each)(void *ctx, const struct route *r), void *ctx)
{
	struct route r;
	for (size_t b = 0; b < n->nblocks; b++)
		for (size_t i = 0; i < n->blocks[b]->count; i++) {
			config_route_view(&n->blocks[b]->v[i], &c->attrs, &r);
			int rc = each(ctx, &r);
			if (rc)
				return rc;
		}
	return 0;
}

size_t config_neighbor_route_count(const struct config_neighbor *n)
{
	size_t count = 0;
	for (size_t b = 0; b < n->nblocks; b++)
		count += n->blocks[b]->count;
	return count;
}

/* ---- what this build cannot do yet ------------------------------------------------ */

/* Whether a neighbour negotiates ExaBGP's default families: no family block, its own or
 * a template's, names any. */
static bool default_families(const struct config *c, const struct config_neighbor *n)
{
	if (!family_set_empty(n->own.families))
		return false;
	for (size_t i = 0; i < n->ninherit; i++)
		for (size_t k = 0; k < c->ntemplates; k++)
			if (strcmp(c->templates[k]->name, n->inherit[i]) == 0 && !family_set_empty(c->templates[k]->own.families))
				return false;
	return true;
}

size_t config_unsupported(const struct config *c, struct buf *out)
{
	size_t items = 0;
	char peer[IP_STR_MAX + 4], fam[FAMILY_NAME_MAX];

	for (size_t i = 0; i < c->nneighbors; i++) {
		const struct config_neighbor *n = c->neighbors[i];
		const struct settings_neighbor *s = &n->settings;
		struct buf name = BUF_INIT;
		field_format(field_of(SF_PEER_ADDRESS), &n->own, &name);
		snprintf(peer, sizeof(peer), "%s", buf_cstr(&name));
		buf_free(&name);
		bool first = true;
		for (int f = 0; f < CONFIG_FAMILY_COUNT; f++) {
			const struct config_family *cf = &config_family_table[f];
			if (!family_set_has_index(s->families, f) || family_supported(cf->afi, cf->safi))
				continue;
			if (first)
				buf_printf(out, "%s:%u:%u: neighbor %s: %s not supported yet "
					   "(no routes of theirs are sent or decoded):", c->source, n->line, n->col, peer,
					   default_families(c, n) ? "no family block: ExaBGP's default families include some"
								  : "families negotiated but");
			buf_printf(out, "%s %s", first ? "" : ",", family_format(cf->afi, cf->safi, fam));
			first = false;
		}
		if (!first) {
			buf_putc(out, '\n');
			items++;
		}
		for (size_t k = 0; k < n->nraws; k++) {
			const struct config_raw *r = n->raws[k];
			const char *nl = strchr(r->text, '\n');
			int len = nl ? (int)(nl - r->text) : (int)strlen(r->text);
			if (len > 72)
				len = 72;
			buf_printf(out, "%s:%u:%u: neighbor %s: %s is not supported yet (kept, not sent): %.*s%s\n",
				   c->source, r->line, r->col, peer, r->why, len, r->text, nl || len == 72 ? " ..." : "");
			items++;
		}
	}
	return items;
}
