/* api_fake.h — a backend for the API (src/api/backend.h) without sessions or files, for
 * the unit tests, the benchmark, the fuzzer and the test server (tests/tools/api_server).
 *
 * Routes go into a real route store (rib/store.h), one adjout per fake peer, so what the
 * API lists and indexes is what a server's store would give. Peers are a small table the
 * test fills (address, ASes, families, whether "Established", which processes they
 * serve). Persistence is a counter: a save completes on the next loop turn (or when the
 * test says, with save_manual), with the status the test chose, and records how many
 * configuration routes it covered. Everything a command asks is recorded for the tests
 * to look at (last teardown, EoRs sent, daemon actions, log lines).
 * Header-only (static functions) so each test program includes it without a build rule.
 */
#ifndef TESTS_API_FAKE_H
#define TESTS_API_FAKE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/backend.h"
#include "core/event.h"
#include "rib/adjout.h"
#include "rib/store.h"
#include "wire/family.h"
#include "wire/ip.h"

#define FAKE_PEERS_MAX 32

struct fake_peer {
	bool used;
	struct api_address addr, local;
	uint32_t local_as, peer_as;
	uint8_t router_id[4];
	const char *processes[4];     /* the services it serves (static strings) */
	size_t nprocesses;
	uint64_t families;            /* family_bit()s */
	bool established;
	bool dynamic;
	struct adjout *adj;
	unsigned eors, refreshes, teardowns, flushes, clears;
	uint8_t code, subcode;
	char text[256];
};

struct fake_backend {
	struct event_loop *loop;
	struct rib_store *store;
	struct rib_store *config;     /* the routes `routes add` made part of the configuration */
	struct adjout *config_adj;
	struct fake_peer peers[FAKE_PEERS_MAX];
	/* persistence */
	bool persistent;
	bool save_manual;             /* saves complete when the test calls fake_save_complete */
	bool saving;
	api_save_done_fn save_done;
	void *save_arg;
	struct event_task save_task;
	unsigned saves;
	int save_status;              /* what the next saves report */
	size_t saved_routes;          /* configuration routes the last successful save covered */
	size_t save_snapshot;
	/* what was asked */
	unsigned actions;
	int last_action;
	unsigned watchdogs;
	bool watchdog_announce;
	char watchdog_name[64];
	unsigned logs;
	char last_log[1024];
	bool quiet;                   /* logs not printed */
	/* session sync: when_sent completes on the next turn, or by hand */
	bool sent_manual;
	bool sending;
	api_save_done_fn sent_done;
	void *sent_arg;
	struct event_task sent_task;
	unsigned sent_rounds;
	bool fail_apply;              /* routes_apply refuses (an injected failure) */
	unsigned applies;
};

__attribute__((unused)) static struct fake_peer *fake_peer_add(struct fake_backend *fb, const char *addr, uint32_t local_as, uint32_t peer_as)
{
	for (size_t i = 0; i < FAKE_PEERS_MAX; i++) {
		struct fake_peer *p = &fb->peers[i];
		if (p->used)
			continue;
		memset(p, 0, sizeof(*p));
		p->used = true;
		ip_parse(addr, strlen(addr), &p->addr.afi, p->addr.addr);
		p->local.afi = p->addr.afi;
		if (p->addr.afi == AFI_IPV4) {
			p->local.addr[0] = 127;
			p->local.addr[3] = 1;
		} else {
			p->local.addr[15] = 1;
		}
		p->local_as = local_as;
		p->peer_as = peer_as;
		p->router_id[0] = 1;
		p->router_id[3] = (uint8_t)(i + 1);
		p->families = family_bit(AFI_IPV4, SAFI_UNICAST) | family_bit(AFI_IPV6, SAFI_UNICAST);
		p->adj = adjout_new(fb->store);
		return p;
	}
	return NULL;
}

/* ---- targets: an array of peer slots ---- */

struct fake_target {
	size_t n;
	size_t slot[FAKE_PEERS_MAX];
};

__attribute__((unused)) static bool fake_serves(const struct fake_peer *p, const char *service)
{
	if (service == NULL)
		return true;
	for (size_t i = 0; i < p->nprocesses; i++)
		if (strcmp(p->processes[i], service) == 0)
			return true;
	return false;
}

__attribute__((unused)) static bool fake_address_equal(const struct api_address *a, const struct api_address *b)
{
	return a->afi == b->afi && memcmp(a->addr, b->addr, afi_addr_len(a->afi)) == 0;
}

__attribute__((unused)) static bool fake_matches(const struct fake_peer *p, const struct api_peer_match *m)
{
	if (m->peer.afi && !fake_address_equal(&m->peer, &p->addr))
		return false;
	if ((m->fields & API_MATCH_LOCAL_IP) && !fake_address_equal(&m->local_ip, &p->local))
		return false;
	if ((m->fields & API_MATCH_LOCAL_AS) && m->local_as != p->local_as)
		return false;
	if ((m->fields & API_MATCH_PEER_AS) && m->peer_as != p->peer_as)
		return false;
	if ((m->fields & API_MATCH_ROUTER_ID) && memcmp(m->router_id, p->router_id, 4) != 0)
		return false;
	if ((m->fields & API_MATCH_FAMILY) && !(p->families & family_bit(m->afi, m->safi)))
		return false;
	return true;
}

__attribute__((unused)) static int fake_select(void *be, const struct api_selector *sel, struct api_target *t, struct api_error *err)
{
	struct fake_backend *fb = be;
	struct fake_target *ft = calloc(1, sizeof(*ft));
	(void)err;
	for (size_t i = 0; i < FAKE_PEERS_MAX; i++) {
		const struct fake_peer *p = &fb->peers[i];
		if (!p->used || !fake_serves(p, sel->service))
			continue;
		bool hit = sel->n == 0;
		for (size_t k = 0; k < sel->n && !hit; k++)
			hit = fake_matches(p, &sel->match[k]);
		if (hit)
			ft->slot[ft->n++] = i;
	}
	t->count = ft->n;
	t->handle = ft;
	return 0;
}

__attribute__((unused)) static void fake_release(void *be, struct api_target *t)
{
	(void)be;
	free(t->handle);
	t->handle = NULL;
}

__attribute__((unused)) static struct fake_peer *fake_target_peer(struct fake_backend *fb, const struct api_target *t, size_t i)
{
	const struct fake_target *ft = t->handle;
	if (ft == NULL || i >= ft->n || !fb->peers[ft->slot[i]].used)
		return NULL;
	return &fb->peers[ft->slot[i]];
}

__attribute__((unused)) static uint32_t fake_target_set(struct fake_backend *fb, const struct api_target *t)
{
	struct adjout *list[FAKE_PEERS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(fb, t, i);
		if (p)
			list[n++] = p->adj;
	}
	return rib_peers_of(fb->store, list, n);
}

/* ---- peers ---- */

__attribute__((unused)) static int fake_peer_info(void *be, const struct api_target *t, size_t i, struct api_peer_info *out)
{
	struct fake_peer *p = fake_target_peer(be, t, i);
	if (p == NULL)
		return -1;
	ip_format(p->addr.afi, p->addr.addr, out->peer_address);
	ip_format(p->local.afi, p->local.addr, out->local_address);
	out->local_as = p->local_as;
	out->peer_as = p->peer_as;
	out->peer_as_known = true;
	ip_format(AFI_IPV4, p->router_id, out->local_id);
	out->local_hold = 180;
	out->peer_hold = p->established ? 180 : 0;
	out->state = p->established ? "ESTABLISHED" : "ACTIVE";
	out->up = p->established;
	out->duration = 42;
	out->ncaps = 1;
	out->caps[0].name = "route-refresh";
	out->caps[0].local = 1;
	out->caps[0].peer = p->established ? 1 : -1;
	for (size_t f = 0; f < FAMILY_COUNT; f++)
		if (p->families & ((uint64_t)1 << f)) {
			size_t k = out->nfamilies++;
			out->families[k].afi = family_table[f].afi;
			out->families[k].safi = family_table[f].safi;
			out->families[k].local = true;
			out->families[k].peer = p->established;
		}
	out->nmessages = 1;
	out->messages[0].name = "update";
	out->messages[0].sent = 3;
	out->messages[0].received = 4;
	return 0;
}

__attribute__((unused)) static int fake_peer_config(void *be, const struct api_target *t, size_t i, struct buf *out, struct api_error *err)
{
	struct fake_peer *p = fake_target_peer(be, t, i);
	char ip[IP_STR_MAX];
	if (p == NULL) {
		snprintf(err->why, sizeof(err->why), "gone");
		return -1;
	}
	buf_printf(out, "neighbor %s {\n\tlocal-as %u;\n\tpeer-as %u;\n}\n", ip_format(p->addr.afi, p->addr.addr, ip),
		   p->local_as, p->peer_as);
	return 0;
}

__attribute__((unused)) static int fake_teardown(void *be, const struct api_target *t, uint8_t code, uint8_t subcode, const char *text,
			 struct api_error *err)
{
	(void)err;
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(be, t, i);
		if (p == NULL || !p->established)
			continue;
		p->teardowns++;
		p->code = code;
		p->subcode = subcode;
		snprintf(p->text, sizeof(p->text), "%s", text);
	}
	return 0;
}

__attribute__((unused)) static int fake_peer_create(void *be, const struct api_peer_spec *spec, struct api_error *err)
{
	struct fake_backend *fb = be;
	char ip[IP_STR_MAX];
	for (size_t i = 0; i < FAKE_PEERS_MAX; i++)
		if (fb->peers[i].used && fake_address_equal(&fb->peers[i].addr, &spec->peer)) {
			snprintf(err->why, sizeof(err->why), "peer %s exists", ip_format(spec->peer.afi, spec->peer.addr, ip));
			return -1;
		}
	struct fake_peer *p = fake_peer_add(fb, ip_format(spec->peer.afi, spec->peer.addr, ip), spec->local_as,
					    spec->peer_as);
	if (p == NULL) {
		snprintf(err->why, sizeof(err->why), "too many peers");
		return -1;
	}
	p->dynamic = true;
	if (spec->local.afi)
		p->local = spec->local;
	if (spec->has_router_id)
		memcpy(p->router_id, spec->router_id, 4);
	if (spec->nfamilies) {
		p->families = 0;
		for (size_t k = 0; k < spec->nfamilies; k++)
			p->families |= family_bit(spec->families[k].afi, spec->families[k].safi);
	}
	return 0;
}

__attribute__((unused)) static int fake_peer_delete(void *be, const struct api_target *t, struct api_error *err)
{
	struct fake_backend *fb = be;
	(void)err;
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(fb, t, i);
		if (p == NULL)
			continue;
		adjout_free(p->adj);
		p->used = false;
	}
	return 0;
}

/* ---- routes ---- */

__attribute__((unused)) static int fake_routes_apply(void *be, const struct api_target *t, const struct update_collection *c, unsigned flags,
			     size_t *missing, struct api_error *err)
{
	struct fake_backend *fb = be;
	char name[FAMILY_NAME_MAX];
	uint64_t carried = 0;

	if (fb->fail_apply) {
		snprintf(err->why, sizeof(err->why), "injected failure");
		return -1;
	}
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(fb, t, i);
		if (p)
			carried |= p->families;
	}
	/* validate everything first: all or nothing */
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (!(carried & family_bit(r->nlri.afi, r->nlri.safi))) {
			snprintf(err->why, sizeof(err->why), "no selected peer carries %s",
				 family_format(r->nlri.afi, r->nlri.safi, name));
			return -1;
		}
		if (r->action == ROUTE_ANNOUNCE && r->attrs == NULL) {
			snprintf(err->why, sizeof(err->why), "an announce without attributes");
			return -1;
		}
	}
	fb->applies++;
	uint32_t set = fake_target_set(fb, t);
	uint32_t config = adjout_peers(fb->config_adj);
	size_t miss = 0;
	for (size_t i = 0; i < c->count; i++) {
		const struct route *r = &c->routes[i];
		if (r->action == ROUTE_ANNOUNCE) {
			rib_route_announce(fb->store, r, set);
			if (flags & API_APPLY_CONFIG)
				rib_route_announce(fb->config, r, 0 + config);
		} else {
			if (rib_route_remove(fb->store, &r->nlri, set) == 0)
				miss++;
			if (flags & API_APPLY_CONFIG)
				rib_route_remove(fb->config, &r->nlri, config);
		}
	}
	rib_peers_unref(fb->store, set);
	if (missing)
		*missing = miss;
	return 0;
}

__attribute__((unused)) static int fake_route_find(void *be, const struct nlri *n, struct route *out)
{
	struct fake_backend *fb = be;
	const struct rib_route *r = rib_route_find(fb->store, n);
	if (r == NULL)
		return -1;
	uint32_t path = rib_route_path(fb->store, r, NULL);
	if (path == 0)
		return -1;
	rib_route_model(fb->store, r, path, out);
	return 0;
}

__attribute__((unused)) static int fake_rib_walk(void *be, const struct api_target *t, enum api_rib which, uint16_t afi, uint8_t safi,
			 struct api_walk *w, size_t max, api_route_fn each, void *ctx, struct api_error *err)
{
	struct fake_backend *fb = be;
	struct rib_iter it;
	struct route model;

	if (which == API_RIB_IN) {
		snprintf(err->why, sizeof(err->why), "the Adj-RIB-In is not kept (adj-rib-in false)");
		return -1;
	}
	if (which == API_RIB_ROUTES) {
		rib_iter_init(&it, afi, safi, NULL);
		it.next = (uint32_t)w->pos[0];
		for (size_t done = 0; done < max;) {
			const struct rib_route *r = rib_iter_next(fb->store, &it);
			if (r == NULL)
				return 0;
			uint32_t path = 0;
			for (size_t i = 0; i < t->count && path == 0; i++) {
				struct fake_peer *p = fake_target_peer(fb, t, i);
				if (p)
					path = rib_route_path(fb->store, r, p->adj);
			}
			if (path == 0)
				continue;
			rib_route_model(fb->store, r, path, &model);
			w->pos[0] = it.next;
			if (each(ctx, SIZE_MAX, &model))
				return 1;
			done++;
		}
		w->pos[0] = it.next;
		return 1;
	}
	/* per peer: pos[1] the target peer, pos[0] the route position in its walk */
	size_t done = 0;
	while (w->pos[1] < t->count) {
		struct fake_peer *p = fake_target_peer(fb, t, (size_t)w->pos[1]);
		if (p) {
			rib_iter_init(&it, afi, safi, p->adj);
			it.next = (uint32_t)w->pos[0];
			const struct rib_route *r = NULL;
			while (done < max && (r = rib_iter_next(fb->store, &it)) != NULL) {
				rib_route_model(fb->store, r, rib_route_path(fb->store, r, p->adj), &model);
				w->pos[0] = it.next;
				each(ctx, (size_t)w->pos[1], &model);
				done++;
			}
			if (done == max && r != NULL)
				return 1;
		}
		w->pos[1]++;
		w->pos[0] = 0;
		if (done == max)
			return w->pos[1] < t->count ? 1 : 0;
	}
	return 0;
}

__attribute__((unused)) static int fake_send_eor(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err)
{
	char name[FAMILY_NAME_MAX];
	size_t sent = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(be, t, i);
		if (p && p->established && (p->families & family_bit(afi, safi))) {
			p->eors++;
			sent++;
		}
	}
	if (sent == 0) {
		snprintf(err->why, sizeof(err->why), "no selected peer is established with %s",
			 family_format(afi, safi, name));
		return -1;
	}
	return 0;
}

__attribute__((unused)) static int fake_send_refresh(void *be, const struct api_target *t, uint16_t afi, uint8_t safi, struct api_error *err)
{
	char name[FAMILY_NAME_MAX];
	size_t sent = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(be, t, i);
		if (p && p->established && (p->families & family_bit(afi, safi))) {
			p->refreshes++;
			sent++;
		}
	}
	if (sent == 0) {
		snprintf(err->why, sizeof(err->why), "no selected peer is established with %s",
			 family_format(afi, safi, name));
		return -1;
	}
	return 0;
}

__attribute__((unused)) static int fake_watchdog(void *be, const struct api_target *t, const char *name, bool announce, struct api_error *err)
{
	struct fake_backend *fb = be;
	(void)t;
	(void)err;
	fb->watchdogs++;
	fb->watchdog_announce = announce;
	snprintf(fb->watchdog_name, sizeof(fb->watchdog_name), "%s", name);
	return 0;
}

__attribute__((unused)) static int fake_rib_flush(void *be, const struct api_target *t, struct api_error *err)
{
	(void)err;
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(be, t, i);
		if (p)
			p->flushes++;
	}
	return 0;
}

__attribute__((unused)) static int fake_rib_clear(void *be, const struct api_target *t, enum api_rib which, struct api_error *err)
{
	(void)err;
	for (size_t i = 0; i < t->count; i++) {
		struct fake_peer *p = fake_target_peer(be, t, i);
		if (p == NULL)
			continue;
		p->clears++;
		if (which == API_RIB_OUT)
			adjout_clear(p->adj);
	}
	return 0;
}

__attribute__((unused)) static int fake_daemon(void *be, enum api_daemon_action action, struct api_error *err)
{
	struct fake_backend *fb = be;
	(void)err;
	fb->actions++;
	fb->last_action = (int)action;
	return 0;
}

/* ---- persistence ---- */

__attribute__((unused)) static size_t fake_config_routes(struct fake_backend *fb)
{
	struct rib_iter it;
	size_t n = 0;
	rib_iter_init(&it, 0, 0, NULL);
	while (rib_iter_next(fb->config, &it))
		n++;
	return n;
}

__attribute__((unused)) static bool fake_persistent(void *be)
{
	return ((struct fake_backend *)be)->persistent;
}

__attribute__((unused)) static void fake_save_complete(struct fake_backend *fb)
{
	if (!fb->saving)
		return;
	fb->saving = false;
	if (fb->save_status == 0)
		fb->saved_routes = fb->save_snapshot;
	api_save_done_fn done = fb->save_done;
	fb->save_done = NULL;
	done(fb->save_arg, fb->save_status, fb->save_status ? "injected: No space left on device" : NULL);
}

__attribute__((unused)) static void fake_save_task(struct event_loop *loop, struct event_task *task)
{
	(void)loop;
	fake_save_complete(task->arg);
}

__attribute__((unused)) static int fake_save(void *be, api_save_done_fn done, void *arg, struct api_error *err)
{
	struct fake_backend *fb = be;
	if (fb->saving) {
		snprintf(err->why, sizeof(err->why), "a save is already running (the API must not do that)");
		return -1;
	}
	fb->saving = true;
	fb->saves++;
	fb->save_done = done;
	fb->save_arg = arg;
	fb->save_snapshot = fake_config_routes(fb);
	if (!fb->save_manual)
		event_task_defer(fb->loop, &fb->save_task);
	return 0;
}

__attribute__((unused)) static void fake_sent_complete(struct fake_backend *fb)
{
	if (!fb->sending)
		return;
	fb->sending = false;
	api_save_done_fn done = fb->sent_done;
	fb->sent_done = NULL;
	done(fb->sent_arg, 0, NULL);
}

__attribute__((unused)) static void fake_sent_task(struct event_loop *loop, struct event_task *task)
{
	(void)loop;
	fake_sent_complete(task->arg);
}

__attribute__((unused)) static int fake_when_sent(void *be, api_save_done_fn done, void *arg, struct api_error *err)
{
	struct fake_backend *fb = be;
	if (fb->sending) {
		snprintf(err->why, sizeof(err->why), "already waiting (the API must not do that)");
		return -1;
	}
	fb->sending = true;
	fb->sent_rounds++;
	fb->sent_done = done;
	fb->sent_arg = arg;
	if (!fb->sent_manual)
		event_task_defer(fb->loop, &fb->sent_task);
	return 0;
}

__attribute__((unused)) static void fake_log(void *be, int level, const char *text)
{
	struct fake_backend *fb = be;
	(void)level;
	fb->logs++;
	snprintf(fb->last_log, sizeof(fb->last_log), "%s", text);
	if (!fb->quiet)
		fprintf(stderr, "# log: %s\n", text);
}

static const struct api_backend_ops fake_ops = {
	.select = fake_select,
	.release = fake_release,
	.peer_info = fake_peer_info,
	.peer_config = fake_peer_config,
	.teardown = fake_teardown,
	.peer_create = fake_peer_create,
	.peer_delete = fake_peer_delete,
	.routes_apply = fake_routes_apply,
	.route_find = fake_route_find,
	.rib_walk = fake_rib_walk,
	.send_eor = fake_send_eor,
	.send_refresh = fake_send_refresh,
	.watchdog = fake_watchdog,
	.rib_flush = fake_rib_flush,
	.rib_clear = fake_rib_clear,
	.daemon = fake_daemon,
	.persistent = fake_persistent,
	.save = fake_save,
	.when_sent = fake_when_sent,
	.log = fake_log,
};

__attribute__((unused)) static void fake_init(struct fake_backend *fb, struct event_loop *loop)
{
	memset(fb, 0, sizeof(*fb));
	fb->loop = loop;
	fb->store = rib_store_new();
	fb->config = rib_store_new();
	fb->config_adj = adjout_new(fb->config);
	event_task_init(&fb->save_task, fake_save_task, fb);
	event_task_init(&fb->sent_task, fake_sent_task, fb);
}

/* ---- a harness: one loop, one fake, one API, in-process clients ---- */

struct fake_harness {
	struct event_loop *loop;
	struct fake_backend fb;
	struct api *api;
	struct buf out;               /* the last answer(s) */
};

__attribute__((unused)) static void fake_fini(struct fake_backend *fb);

__attribute__((unused)) static void harness_init(struct fake_harness *h, const struct api_config *cfg)
{
	h->loop = event_loop_new();
	fake_init(&h->fb, h->loop);
	h->fb.quiet = true;
	h->api = api_new(h->loop, &fake_ops, &h->fb, cfg);
	buf_init(&h->out);
}

__attribute__((unused)) static void harness_fini(struct fake_harness *h)
{
	api_free(h->api);
	fake_fini(&h->fb);
	event_loop_free(h->loop);
	buf_free(&h->out);
}

/* Run the loop until c has nothing pending (jobs, held answers), at most turns turns. */
__attribute__((unused)) static void harness_settle(struct fake_harness *h, struct api_client *c, int turns)
{
	for (int i = 0; i < turns && !(api_client_idle(c) && !h->fb.saving && !h->fb.sending); i++)
		event_loop_turn(h->loop, 0);
	event_loop_turn(h->loop, 0);
}

/* What c was answered (and consume it), NUL-terminated in h->out. */
__attribute__((unused)) static const char *harness_take(struct fake_harness *h, struct api_client *c)
{
	size_t len;
	const char *o = api_client_output(c, &len);
	buf_reset(&h->out);
	buf_put(&h->out, o, len);
	api_client_consume(c, len);
	return buf_cstr(&h->out);
}

/* Run one command, settle, return its answer(s) without the final newline. */
__attribute__((unused)) static const char *harness_run(struct fake_harness *h, struct api_client *c, const char *cmd)
{
	api_client_command(c, cmd, strlen(cmd));
	harness_settle(h, c, 100000);
	harness_take(h, c);
	if (h->out.len && h->out.data[h->out.len - 1] == '\n')
		h->out.len--;
	return buf_cstr(&h->out);
}

__attribute__((unused)) static void fake_fini(struct fake_backend *fb)
{
	event_task_cancel(fb->loop, &fb->save_task);
	event_task_cancel(fb->loop, &fb->sent_task);
	for (size_t i = 0; i < FAKE_PEERS_MAX; i++)
		if (fb->peers[i].used)
			adjout_free(fb->peers[i].adj);
	adjout_free(fb->config_adj);
	rib_store_free(fb->store);
	rib_store_free(fb->config);
}

#endif
