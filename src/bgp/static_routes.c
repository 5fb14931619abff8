/* static_routes.c — see static_routes.h. */
#include "bgp/static_routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/chunk.h"
#include "bgp/session.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "wire/family.h"

struct bgp_static_routes {
	struct update_collection **batches;
	size_t count, cap;
	size_t per_batch;
	size_t routes;
};

struct bgp_static_routes *bgp_static_routes_new(size_t routes_per_batch)
{
	struct bgp_static_routes *r = xcalloc(1, sizeof(*r));
	r->per_batch = routes_per_batch ? routes_per_batch : 2000;
	return r;
}

void bgp_static_routes_free(struct bgp_static_routes *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->count; i++) {
		update_collection_fini(r->batches[i]);
		free(r->batches[i]);
	}
	free(r->batches);
	free(r);
}

static struct update_collection *open_batch(struct bgp_static_routes *r)
{
	if (r->count && r->batches[r->count - 1]->count < r->per_batch)
		return r->batches[r->count - 1];
	if (r->count == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 8;
		r->batches = xrealloc(r->batches, r->cap * sizeof(*r->batches));
	}
	struct update_collection *c = xmalloc(sizeof(*c));
	update_collection_init(c);
	r->batches[r->count++] = c;
	return c;
}

int bgp_static_routes_add(struct bgp_static_routes *r, const char *text, char *err, size_t errlen)
{
	struct update_collection *c = open_batch(r);
	struct route_text_opts opts = {0, 0};
	struct route_text_error terr;
	size_t before = c->count;
	if (route_text_parse(c, text, strlen(text), &opts, &terr) < 0) {
		snprintf(err, errlen, "%s", terr.why);
		return -1;
	}
	if (c->eor) {
		c->eor = false;
		snprintf(err, errlen, "End-of-RIB is sent by the session, not a route");
		return -1;
	}
	r->routes += c->count - before;
	return 0;
}

size_t bgp_static_routes_count(const struct bgp_static_routes *r) { return r->routes; }

/* ---- the per-session source ---- */

struct bgp_static_source {
	const struct bgp_static_routes *r;
	uint64_t pending;   /* families still to produce */
	int family;         /* the family under way (index), -1: none */
	size_t batch;       /* its next batch */
	size_t errors;
	char why[WIRE_WHY_MAX];
	struct buf out;
};

struct bgp_static_source *bgp_static_source_new(const struct bgp_static_routes *r)
{
	struct bgp_static_source *src = xcalloc(1, sizeof(*src));
	src->r = r;
	src->family = -1;
	buf_init(&src->out);
	return src;
}

void bgp_static_source_free(struct bgp_static_source *src)
{
	if (src == NULL)
		return;
	buf_free(&src->out);
	free(src);
}

size_t bgp_static_source_errors(const struct bgp_static_source *src, const char **why)
{
	if (why)
		*why = src->why;
	return src->errors;
}

static void source_start(void *ctx, struct bgp_session *s, uint64_t families, bool refresh)
{
	struct bgp_static_source *src = ctx;
	(void)s;
	(void)refresh;
	src->pending |= families;
	if (src->family >= 0 && (families & ((uint64_t)1 << src->family)))
		src->batch = 0; /* asked again while under way: from the start */
}

static void source_stop(void *ctx, struct bgp_session *s)
{
	struct bgp_static_source *src = ctx;
	(void)s;
	src->pending = 0;
	src->family = -1;
	src->batch = 0;
}

/* One batch of one family per call: the session calls again while its queue has room, and
 * yields to the other sessions between rounds, so a large table never holds the loop. */
static bool source_produce(void *ctx, struct bgp_session *s)
{
	struct bgp_static_source *src = ctx;
	for (;;) {
		if (src->family < 0 || src->batch >= src->r->count) {
			if (src->family >= 0)
				src->pending &= ~((uint64_t)1 << src->family);
			if (src->pending == 0) {
				src->family = -1;
				return false;
			}
			src->family = __builtin_ctzll(src->pending);
			src->batch = 0;
			continue;
		}
		const struct family *f = &family_table[src->family];
		const struct open_context *ctxt = bgp_session_context(s, f->afi, f->safi);
		if (ctxt == NULL) {
			src->batch = src->r->count; /* not negotiated: nothing to send */
			continue;
		}
		struct pack_options opts;
		uint8_t self4[4], self6[16], ll[16];
		struct wire_error err;
		bgp_session_pack_options(s, &opts, self4, self6, ll);
		wire_error_clear(&err);
		buf_reset(&src->out);
		if (update_collection_pack(src->r->batches[src->batch], ctxt, &opts, &src->out, NULL, &err) < 0) {
			src->errors++;
			snprintf(src->why, sizeof(src->why), "%s", err.why);
			src->batch++;
			continue;
		}
		if (src->out.len == 0) {
			src->batch++; /* no route of this family in the batch */
			continue;
		}
		struct bgp_chunk *chunk = bgp_chunk_adopt(&src->out);
		int rc = bgp_session_queue(s, chunk);
		bgp_chunk_unref(chunk);
		if (rc < 0 && !bgp_session_writable(s))
			return true; /* at the bound: the same batch next time */
		if (rc < 0) {
			src->errors++;
			snprintf(src->why, sizeof(src->why), "the session refused the packed UPDATEs");
		}
		src->batch++;
		return true;
	}
}

struct bgp_route_source bgp_static_source_hooks(struct bgp_static_source *src)
{
	struct bgp_route_source h = {source_start, source_produce, source_stop, src};
	return h;
}
