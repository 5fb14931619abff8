/* export.c — see export.h. A small state machine: each call writes one chunk (the
 * processes, a block's head, up to CONFIG_EXPORT_ROUTES routes, or a block's tail) and
 * remembers where it stopped. */
#include "config/export.h"

#include <string.h>

#include "config/fields.h"
#include "wire/family.h"
#include "wire/ip.h"

enum { PHASE_PROCESSES, PHASE_TEMPLATES, PHASE_NEIGHBORS, PHASE_DONE };
enum { PART_HEAD, PART_ROUTES, PART_TAIL };
enum { BLOCK_NONE, BLOCK_STATIC, BLOCK_ANNOUNCE };

void config_export_init(struct config_export *e, const struct config *c)
{
	memset(e, 0, sizeof(*e));
	e->c = c;
	e->open_afi = -1;
}

static void indent(struct buf *out, unsigned depth)
{
	for (unsigned i = 0; i < depth; i++)
		buf_putc(out, '\t');
}

static void line(struct buf *out, unsigned depth, const char *text)
{
	indent(out, depth);
	buf_puts(out, text);
	buf_putc(out, '\n');
}

/* ---- processes -------------------------------------------------------------------- */

static void put_process(struct buf *out, const struct settings_process *p)
{
	buf_puts(out, "process ");
	cfg_word_put(out, p->name, strlen(p->name));
	buf_puts(out, " {\n\trun");
	for (size_t i = 0; i < p->nrun; i++) {
		buf_putc(out, ' ');
		cfg_word_put(out, p->run[i], strlen(p->run[i]));
	}
	buf_puts(out, ";\n");
	if (p->given & SPF_ENCODER)
		line(out, 1, p->encoder == ENCODER_JSON ? "encoder json;" : "encoder text;");
	if (p->given & SPF_RESPAWN)
		line(out, 1, p->respawn ? "respawn true;" : "respawn false;");
	if (p->given & SPF_ON_EXIT)
		line(out, 1, p->on_exit == ON_EXIT_KEEP ? "on-exit keep;" : "on-exit withdraw;");
	buf_puts(out, "}\n\n");
}

/* ---- a neighbour's statements ----------------------------------------------------- */

static void put_fields(struct buf *out, const struct settings_neighbor *n, enum field_block block, unsigned depth)
{
	for (size_t i = 0; i < field_count; i++) {
		const struct field_desc *d = &field_table[i];
		if (d->block != block || d->field == SF_PEER_ADDRESS || !(n->given & SETTINGS_BIT(d->field)))
			continue;
		indent(out, depth);
		buf_puts(out, d->keyword);
		buf_putc(out, ' ');
		field_format(d, n, out);
		buf_puts(out, ";\n");
	}
}

static bool block_given(const struct settings_neighbor *n, enum field_block block)
{
	for (size_t i = 0; i < field_count; i++)
		if (field_table[i].block == block && (n->given & SETTINGS_BIT(field_table[i].field)))
			return true;
	return false;
}

static void put_families(struct buf *out, const char *name, struct family_set set, const uint32_t *prefix_limit,
			 const uint16_t *paths_limit, bool nexthop, unsigned depth)
{
	if (family_set_empty(set))
		return;
	indent(out, depth);
	buf_printf(out, "%s {\n", name);
	for (int i = 0; i < CONFIG_FAMILY_COUNT; i++) {
		if (!family_set_has_index(set, i))
			continue;
		const struct config_family *f = &config_family_table[i];
		indent(out, depth + 1);
		buf_printf(out, "%s %s", f->afi_name, f->safi_name);
		if (nexthop)
			buf_puts(out, f->afi == AFI_IPV4 ? " ipv6" : " ipv4");
		if (prefix_limit && prefix_limit[i])
			buf_printf(out, " prefix-limit %u", prefix_limit[i]);
		if (paths_limit && paths_limit[i])
			buf_printf(out, " limit %u", paths_limit[i]);
		buf_puts(out, ";\n");
	}
	line(out, depth, "}");
}

static void put_names(struct buf *out, const char *kw, const char *const *names, size_t n, unsigned depth)
{
	if (n == 0)
		return;
	indent(out, depth);
	buf_printf(out, "%s [", kw);
	for (size_t i = 0; i < n; i++) {
		buf_putc(out, ' ');
		cfg_word_put(out, names[i], strlen(names[i]));
	}
	buf_puts(out, " ];\n");
}

static void put_direction(struct buf *out, const char *name, uint16_t bits, unsigned depth)
{
	if (bits == 0)
		return;
	indent(out, depth);
	buf_printf(out, "%s {\n", name);
	for (int i = 0; i < API_MSG_COUNT; i++)
		if (bits & (1u << i)) {
			indent(out, depth + 1);
			buf_printf(out, "%s;\n", settings_api_message_names[i]);
		}
	line(out, depth, "}");
}

static void put_api(struct buf *out, const struct settings_api *api, unsigned depth)
{
	static const char *const flags[] = {"neighbor-changes", "negotiated", "fsm", "signal"};
	indent(out, depth);
	buf_puts(out, "api ");
	if (api->name) {
		cfg_word_put(out, api->name, strlen(api->name));
		buf_putc(out, ' ');
	}
	buf_puts(out, "{\n");
	put_names(out, "processes", api->processes, api->nprocesses, depth + 1);
	put_names(out, "processes-match", api->processes_match, api->nprocesses_match, depth + 1);
	for (int i = 0; i < 4; i++)
		if (api->flags & (1u << i)) {
			indent(out, depth + 1);
			buf_printf(out, "%s;\n", flags[i]);
		}
	put_direction(out, "send", api->send, depth + 1);
	put_direction(out, "receive", api->receive, depth + 1);
	line(out, depth, "}");
}

static void put_head(struct buf *out, const struct config_neighbor *n, unsigned depth)
{
	const struct settings_neighbor *s = &n->own;
	indent(out, depth);
	if (n->name) {
		buf_puts(out, "neighbor ");
		cfg_word_put(out, n->name, strlen(n->name));
	} else {
		const struct field_desc *d = field_of(SF_PEER_ADDRESS);
		buf_puts(out, "neighbor ");
		field_format(d, s, out);
	}
	buf_puts(out, " {\n");
	depth++;
	if (n->ninherit == 1) {
		indent(out, depth);
		buf_printf(out, "inherit %s;\n", n->inherit[0]);
	} else if (n->ninherit > 1) {
		indent(out, depth);
		buf_puts(out, "inherit [");
		for (size_t i = 0; i < n->ninherit; i++)
			buf_printf(out, " %s", n->inherit[i]);
		buf_puts(out, " ];\n");
	}
	put_fields(out, s, FB_NEIGHBOR, depth);
	if (block_given(s, FB_CAPABILITY)) {
		line(out, depth, "capability {");
		put_fields(out, s, FB_CAPABILITY, depth + 1);
		line(out, depth, "}");
	}
	if (block_given(s, FB_TCP_AO)) {
		line(out, depth, "tcp-ao {");
		put_fields(out, s, FB_TCP_AO, depth + 1);
		line(out, depth, "}");
	}
	put_families(out, "family", s->families, s->prefix_limit, NULL, false, depth);
	put_families(out, "add-path", s->addpath, NULL, s->paths_limit, false, depth);
	put_families(out, "nexthop", s->nexthop, NULL, NULL, true, depth);
	for (size_t i = 0; i < s->napi; i++)
		put_api(out, &s->api[i], depth);
}

/* ---- routes ----------------------------------------------------------------------- */

static void close_block(struct config_export *e, struct buf *out, unsigned depth)
{
	if (e->open_block == BLOCK_STATIC) {
		line(out, depth, "}");
	} else if (e->open_block == BLOCK_ANNOUNCE) {
		line(out, depth + 1, "}");
		line(out, depth, "}");
	}
	e->open_block = BLOCK_NONE;
	e->open_afi = -1;
}

/* Write up to CONFIG_EXPORT_ROUTES routes; true when the block's routes are all written. */
static bool put_routes(struct config_export *e, struct buf *out, const struct config_neighbor *n, unsigned depth)
{
	struct route r;
	size_t written = 0;
	while (e->route < n->routes.count && written < CONFIG_EXPORT_ROUTES) {
		config_route_view(&n->routes.v[e->route], &e->c->attrs, &r);
		bool plain = config_route_static_form(&r);
		int afi = r.nlri.afi == AFI_IPV4 ? 0 : r.nlri.afi == AFI_L2VPN ? 2 : 1;
		if (plain && e->open_block != BLOCK_STATIC) {
			close_block(e, out, depth);
			line(out, depth, "static {");
			e->open_block = BLOCK_STATIC;
		} else if (!plain && (e->open_block != BLOCK_ANNOUNCE || e->open_afi != afi)) {
			close_block(e, out, depth);
			line(out, depth, "announce {");
			line(out, depth + 1, afi == 0 ? "ipv4 {" : afi == 2 ? "l2vpn {" : "ipv6 {");
			e->open_block = BLOCK_ANNOUNCE;
			e->open_afi = afi;
		}
		indent(out, depth + (plain ? 1 : 2));
		config_route_format(out, &r, !plain);
		buf_puts(out, ";\n");
		e->route++;
		written++;
	}
	if (e->route < n->routes.count)
		return false;
	close_block(e, out, depth);
	return true;
}

/* ---- kept statements -------------------------------------------------------------- */

static void put_text(struct buf *out, const char *text, unsigned depth)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		indent(out, depth);
		buf_put(out, text, len);
		buf_putc(out, '\n');
		text += len + (nl ? 1 : 0);
	}
}

static const char *place_block(uint8_t place)
{
	switch (place) {
	case RAW_STATIC: return "static {";
	case RAW_ANNOUNCE: return "announce {";
	case RAW_FLOW: return "flow {";
	case RAW_L2VPN: return "l2vpn {";
	default: return NULL;
	}
}

static void put_raws(struct buf *out, const struct config_neighbor *n, unsigned depth)
{
	size_t i = 0;
	while (i < n->nraw) {
		const struct config_raw *first = &n->raw[i];
		const char *open = place_block(first->place);
		if (open == NULL) {
			put_text(out, first->text, depth);
			i++;
			continue;
		}
		/* the statements kept for one block go in one block */
		line(out, depth, open);
		unsigned inner = depth + 1;
		if (first->place == RAW_ANNOUNCE) {
			indent(out, inner);
			buf_printf(out, "%s {\n", first->afi_name ? first->afi_name : "ipv4");
			inner++;
		}
		while (i < n->nraw && n->raw[i].place == first->place &&
		       (first->place != RAW_ANNOUNCE ||
			(n->raw[i].afi_name && first->afi_name && strcmp(n->raw[i].afi_name, first->afi_name) == 0))) {
			put_text(out, n->raw[i].text, inner);
			i++;
		}
		if (first->place == RAW_ANNOUNCE)
			line(out, depth + 1, "}");
		line(out, depth, "}");
	}
}

/* ---- the writer ------------------------------------------------------------------- */

static const struct config_neighbor *current(const struct config_export *e)
{
	if (e->phase == PHASE_TEMPLATES)
		return e->c->templates[e->item];
	return e->c->neighbors[e->item];
}

static size_t phase_count(const struct config_export *e)
{
	return e->phase == PHASE_TEMPLATES ? e->c->ntemplates : e->c->nneighbors;
}

int config_export_next(struct config_export *e, struct buf *out)
{
	const struct config *c = e->c;

	for (;;) {
		switch (e->phase) {
		case PHASE_PROCESSES:
			for (size_t i = 0; i < c->nprocesses; i++)
				put_process(out, &c->processes[i]);
			e->phase = PHASE_TEMPLATES;
			e->item = 0;
			if (c->nprocesses)
				return 1;
			break;
		case PHASE_TEMPLATES:
		case PHASE_NEIGHBORS: {
			if (e->item >= phase_count(e)) {
				e->phase++;
				e->item = 0;
				e->part = PART_HEAD;
				break;
			}
			const struct config_neighbor *n = current(e);
			unsigned depth = e->phase == PHASE_TEMPLATES ? 1 : 0;
			switch (e->part) {
			case PART_HEAD:
				if (e->phase == PHASE_TEMPLATES && e->item == 0)
					buf_puts(out, "template {\n");
				put_head(out, n, depth);
				e->part = PART_ROUTES;
				e->route = 0;
				e->open_block = BLOCK_NONE;
				return 1;
			case PART_ROUTES:
				if (put_routes(e, out, n, depth + 1))
					e->part = PART_TAIL;
				return 1;
			default:
				put_raws(out, n, depth + 1);
				line(out, depth, "}");
				e->item++;
				e->part = PART_HEAD;
				if (e->phase == PHASE_TEMPLATES && e->item == c->ntemplates)
					buf_puts(out, "}\n");
				if (e->phase == PHASE_NEIGHBORS && e->item < c->nneighbors)
					buf_putc(out, '\n');
				if (e->phase == PHASE_TEMPLATES && e->item == c->ntemplates)
					buf_putc(out, '\n');
				return e->phase == PHASE_NEIGHBORS && e->item == c->nneighbors ? 0 : 1;
			}
			break;
		}
		default:
			return 0;
		}
	}
}

void config_export_neighbor(const struct config *c, const struct config_neighbor *n, struct buf *out)
{
	struct config_export e;
	config_export_init(&e, c);
	put_head(out, n, 0);
	e.route = 0;
	e.open_block = BLOCK_NONE;
	while (!put_routes(&e, out, n, 1))
		;
	put_raws(out, n, 1);
	line(out, 0, "}");
}

void config_export(const struct config *c, struct buf *out)
{
	struct config_export e;
	config_export_init(&e, c);
	while (config_export_next(&e, out))
		;
}
