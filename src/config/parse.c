/* parse.c — the top level of a configuration file: process, neighbor (or peer) and
 * template blocks; the statement reader and the error helpers every block shares.
 *
 *   process NAME { ... }
 *   neighbor ADDRESS[/LENGTH] { ... }        `peer` is the same block (ExaBGP 6's name)
 *   template { neighbor NAME { ... } ... }
 * Must not know: what the statements inside a neighbour mean (parse_neighbor.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/fields.h"
#include "config/parse_internal.h"
#include "core/xalloc.h"

/* ---- errors ----------------------------------------------------------------------- */

static int fail_v(struct cfg_parser *p, uint32_t line, uint32_t col, const char *fmt, va_list ap)
{
	struct config_error *e = p->err;
	int n;
	e->line = line;
	e->col = col;
	if (line)
		n = snprintf(e->message, sizeof(e->message), "%s:%u:%u: ", p->lx.name, line, col);
	else
		n = snprintf(e->message, sizeof(e->message), "%s: ", p->lx.name);
	if (n < 0 || (size_t)n >= sizeof(e->message))
		return -1;
	vsnprintf(e->message + n, sizeof(e->message) - (size_t)n, fmt, ap);
	return -1;
}

int cfg_fail_at(struct cfg_parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_v(p, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int cfg_fail_word(struct cfg_parser *p, const struct cfg_word *w, const char *keyword, const char *problem)
{
	/* long words are cut: the message is for a person */
	int len = w->len > 64 ? 64 : (int)w->len;
	const char *more = w->len > 64 ? "..." : "";
	if (keyword)
		return cfg_fail_at(p, w->line, w->col, "%s: '%.*s%s' %s", keyword, len, w->s, more, problem);
	return cfg_fail_at(p, w->line, w->col, "'%.*s%s' %s", len, w->s, more, problem);
}

int cfg_fail_end(struct cfg_parser *p, const char *keyword, const char *problem)
{
	return cfg_fail_at(p, p->st.line, p->st.col, "%s: %s", keyword, problem);
}

/* ---- statements ------------------------------------------------------------------- */

int cfg_next(struct cfg_parser *p)
{
	char why[200];
	uint32_t line = 0, col = 0;
	if (cfg_lex_next(&p->lx, &p->st, why, sizeof(why), &line, &col) < 0)
		return cfg_fail_at(p, line, col, "%s", why);
	return 0;
}

const char *cfg_strdup(struct cfg_parser *p, const char *s, size_t len)
{
	return arena_strndup(&p->c->arena, s, len);
}

void *cfg_array_grow(struct arena *arena, const void *array, size_t n, size_t size)
{
	void *grown = arena_alloc(arena, (n + 1) * size);
	if (n)
		memcpy(grown, array, n * size);
	return grown;
}

int cfg_block(struct cfg_parser *p, const char *what, cfg_leaf_fn leaf, cfg_leaf_fn section, void *ctx)
{
	uint32_t line = p->st.line, col = p->st.col;

	if (++p->depth > CFG_DEPTH_MAX)
		return cfg_fail_at(p, line, col, "%s: blocks nest deeper than %u", what, CFG_DEPTH_MAX);
	for (;;) {
		if (cfg_next(p) < 0)
			return -1;
		switch (p->st.end) {
		case CFG_EOF:
			return cfg_fail_at(p, line, col, "%s: the block opened here is not closed with '}'", what);
		case CFG_CLOSE:
			if (p->st.n)
				return cfg_fail_word(p, &p->st.w[0], what,
						     "starts a statement that is not ended with ';' before '}'");
			p->depth--;
			return 0;
		case CFG_SEMI:
			if (p->st.n == 0)
				continue; /* an empty statement */
			if (leaf == NULL)
				return cfg_fail_word(p, &p->st.w[0], what, "is not a statement of this block");
			if (leaf(p, ctx) < 0)
				return -1;
			break;
		case CFG_OPEN:
			if (p->st.n == 0)
				return cfg_fail_at(p, p->st.line, p->st.col, "%s: '{' opens a block without a name", what);
			if (section == NULL)
				return cfg_fail_word(p, &p->st.w[0], what, "is not a block of this block");
			if (section(p, ctx) < 0)
				return -1;
			break;
		}
	}
}

/* ---- process ---------------------------------------------------------------------- */

bool cfg_name_ok(const struct cfg_word *w)
{
	if (w->len == 0)
		return false;
	for (uint32_t i = 0; i < w->len; i++) {
		char c = w->s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* ---- template { neighbor NAME { } } ----------------------------------------------- */

static struct config_neighbor *neighbor_new(struct cfg_parser *p)
{
	struct config_neighbor *n = arena_alloc(&p->c->arena, sizeof(*n));
	memset(n, 0, sizeof(*n));
	settings_neighbor_init(&n->own);
	config_routes_init(&n->routes);
	n->line = p->st.line;
	n->col = p->st.col;
	if (p->st.n) {
		n->line = p->st.w[0].line;
		n->col = p->st.w[0].col;
	}
	return n;
}

static void push_template(struct config *c, struct config_neighbor *n)
{
	if (c->ntemplates == c->captemplates) {
		c->captemplates = c->captemplates ? c->captemplates * 2 : 8;
		c->templates = xrealloc(c->templates, c->captemplates * sizeof(*c->templates));
	}
	c->templates[c->ntemplates++] = n;
}

static void push_neighbor(struct config *c, struct config_neighbor *n)
{
	if (c->nneighbors == c->capneighbors) {
		c->capneighbors = c->capneighbors ? c->capneighbors * 2 : 8;
		c->neighbors = xrealloc(c->neighbors, c->capneighbors * sizeof(*c->neighbors));
	}
	c->neighbors[c->nneighbors++] = n;
}

static int template_section(struct cfg_parser *p, void *ctx)
{
	(void)ctx;
	const struct cfg_word *kw = &p->st.w[0];
	if (!cfg_word_is(kw, "neighbor") && !cfg_word_is(kw, "peer"))
		return cfg_fail_word(p, kw, "template", "is not a template block (neighbor NAME { ... })");
	if (p->st.n < 2)
		return cfg_fail_end(p, "template", "neighbor: the template's name is missing");
	if (p->st.n > 2)
		return cfg_fail_word(p, &p->st.w[2], "template", "is not expected after the template's name");
	const struct cfg_word *name = &p->st.w[1];
	if (!cfg_name_ok(name))
		return cfg_fail_word(p, name, "template", "is not a template name (letters, digits, '.', '-', '_')");
	for (size_t i = 0; i < p->c->ntemplates; i++)
		if (strlen(p->c->templates[i]->name) == name->len &&
		    memcmp(p->c->templates[i]->name, name->s, name->len) == 0)
			return cfg_fail_word(p, name, "template", "is the name of a template already defined");
	struct config_neighbor *t = neighbor_new(p);
	t->name = cfg_strdup(p, name->s, name->len);
	/* pushed first: its own routes are stored while it is read */
	push_template(p->c, t);
	if (cfg_neighbor_block(p, t) < 0)
		return -1;
	return cfg_neighbor_resolve(p->c, t, p->err, p->lx.name);
}

/* ---- the top level ---------------------------------------------------------------- */

static int neighbor_section(struct cfg_parser *p)
{
	const struct cfg_word *kw = &p->st.w[0];
	if (p->st.n < 2)
		return cfg_fail_end(p, kw->s, "the peer's address is missing (neighbor ADDRESS { ... })");
	if (p->st.n > 2)
		return cfg_fail_word(p, &p->st.w[2], kw->s, "is not expected after the peer's address");
	struct config_neighbor *n = neighbor_new(p);
	const struct field_desc *d = field_find(FB_NEIGHBOR, "peer-address", 12);
	struct field_fail f;
	if (field_parse(d, &n->own, &p->st.w[1], 1, &p->c->arena, &f) < 0)
		return cfg_fail_word(p, &p->st.w[1], kw->s, f.why);
	push_neighbor(p->c, n);
	if (cfg_neighbor_block(p, n) < 0)
		return -1;
	return cfg_neighbor_resolve(p->c, n, p->err, p->lx.name);
}

static int root(struct cfg_parser *p)
{
	for (;;) {
		if (cfg_next(p) < 0)
			return -1;
		if (p->st.end == CFG_EOF)
			return 0;
		if (p->st.end == CFG_CLOSE) {
			if (p->st.n)
				return cfg_fail_word(p, &p->st.w[0], NULL,
						     "starts a statement that is not ended with ';' before '}'");
			return cfg_fail_at(p, p->st.line, p->st.col, "'}' closes no block");
		}
		if (p->st.n == 0) {
			if (p->st.end == CFG_SEMI)
				continue;
			return cfg_fail_at(p, p->st.line, p->st.col, "'{' opens a block without a name");
		}
		const struct cfg_word *kw = &p->st.w[0];
		if (p->st.end == CFG_SEMI)
			return cfg_fail_word(p, kw, NULL,
					     "is not a statement of the top level (process, neighbor, template blocks)");
		int rc;
		if (cfg_word_is(kw, "neighbor") || cfg_word_is(kw, "peer")) {
			rc = neighbor_section(p);
		} else if (cfg_word_is(kw, "process")) {
			rc = cfg_process_block(p);
		} else if (cfg_word_is(kw, "template")) {
			if (p->st.n > 1)
				return cfg_fail_word(p, &p->st.w[1], "template", "is not expected: template { neighbor NAME { ... } }");
			rc = cfg_block(p, "template", NULL, template_section, NULL);
		} else {
			return cfg_fail_word(p, kw, NULL, "is not a block of the top level (process, neighbor, template)");
		}
		if (rc < 0)
			return -1;
	}
}

/* ---- entry points ----------------------------------------------------------------- */

static struct config *parse_with(struct cfg_parser *p, struct config_error *err)
{
	struct config_error scratch;
	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	p->err = err;
	update_collection_init(&p->scratch);
	route_cache_init(&p->cache);
	int rc = root(p);
	if (rc == 0)
		rc = config_check(p->c, err);
	update_collection_fini(&p->scratch);
	route_cache_fini(&p->cache);
	buf_free(&p->text);
	buf_free(&p->raw);
	free(p->tw);
	cfg_lex_fini(&p->lx);
	if (rc < 0) {
		config_free(p->c);
		return NULL;
	}
	return p->c;
}

struct config *config_parse_text(const char *name, const char *text, size_t len, struct config_error *err)
{
	struct cfg_parser p;
	memset(&p, 0, sizeof(p));
	p.c = config_new(name ? name : "<text>");
	cfg_lex_init_text(&p.lx, p.c->source, text, len);
	return parse_with(&p, err);
}

struct config *config_parse_file(const char *path, struct config_error *err)
{
	struct cfg_parser p;
	int fd;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		if (err) {
			memset(err, 0, sizeof(*err));
			snprintf(err->message, sizeof(err->message), "%s: cannot open: %s", path, strerror(errno));
		}
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.c = config_new(path);
	cfg_lex_init_fd(&p.lx, p.c->source, fd);
	struct config *c = parse_with(&p, err);
	close(fd);
	return c;
}
