/* parse_internal.h — the state shared by the block parsers (internal to config).
 *
 * Owns: the parser (the lexer, the statement being read, the configuration being filled,
 * the scratch space route statements are built in) and the error helpers every block uses,
 * so that every message reads "FILE:LINE:COL: keyword: 'word' problem".
 * Each block has its own file: parse.c (the top level, templates), parse_neighbor.c,
 * parse_family.c, parse_api.c (api and process), parse_routes.c (static, announce),
 * parse_raw.c (flow, l2vpn, operational: kept as written).
 * Must not know: export, sessions.
 */
#ifndef CONFIG_PARSE_INTERNAL_H
#define CONFIG_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config/config.h"
#include "config/lex.h"
#include "config/route_cache.h"
#include "core/buf.h"
#include "model/update_collection.h"

/* Where a word of a route statement starts in the text given to the route grammar. */
struct cfg_text_word {
	size_t offset;
	uint32_t line, col;
};

struct cfg_parser {
	struct config *c;
	struct cfg_lexer lx;
	struct config_error *err;
	struct cfg_statement st;          /* the statement just read */
	struct update_collection scratch; /* routes of one statement, before they are stored */
	struct buf text;                  /* a route statement as route text */
	struct cfg_text_word *tw;         /* its words' positions */
	size_t ntw, captw;
	struct buf raw;                   /* a kept statement being written */
	const char **api_names;           /* api block names are unique in the whole file */
	size_t napi_names, capapi_names;
	unsigned depth;                   /* nesting of blocks, bounded */
	bool raw_ipv6, raw_rd;            /* what a kept statement said: an IPv6 prefix, a rd */
	struct route_cache cache;         /* static routes' attributes by their text */
};

#define CFG_DEPTH_MAX 32

/* A new, empty configuration (config.c). */
struct config *config_new(const char *source);
/* Checks across blocks once everything is read: the processes api blocks name exist. */
int config_check(const struct config *c, struct config_error *err);

/* Read the next statement into p->st. 0, or -1 (error set). */
int cfg_next(struct cfg_parser *p);

/* Errors: each returns -1. */
int cfg_fail_at(struct cfg_parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "KEYWORD: 'WORD' PROBLEM" at the word (keyword may be NULL). */
int cfg_fail_word(struct cfg_parser *p, const struct cfg_word *w, const char *keyword, const char *problem);
/* "KEYWORD: PROBLEM" at the end of the statement (a value that is missing). */
int cfg_fail_end(struct cfg_parser *p, const char *keyword, const char *problem);

static inline bool cfg_word_is(const struct cfg_word *w, const char *lit)
{
	size_t n = strlen(lit);
	return w->len == n && memcmp(w->s, lit, n) == 0;
}

/* Expect the block just opened by p->st (its words already used) to be closed, reading
 * statements with leaf() for ';' and section() for '{'. Each returns 0 or -1. */
typedef int (*cfg_leaf_fn)(struct cfg_parser *p, void *ctx);
int cfg_block(struct cfg_parser *p, const char *what, cfg_leaf_fn leaf, cfg_leaf_fn section, void *ctx);

/* A name of a template, process or api block: letters, digits, '.', '-', '_' (ExaBGP). */
bool cfg_name_ok(const struct cfg_word *w);

/* Strings in the configuration's arena. */
const char *cfg_strdup(struct cfg_parser *p, const char *s, size_t len);
/* A copy of array (n items of size bytes) with room for one more, in arena: the short
 * lists of a configuration (inherit, api blocks, process names) live with it. */
void *cfg_array_grow(struct arena *arena, const void *array, size_t n, size_t size);

/* The blocks. */
int cfg_neighbor_block(struct cfg_parser *p, struct config_neighbor *n);
int cfg_process_block(struct cfg_parser *p);
int cfg_family_block(struct cfg_parser *p, struct settings_neighbor *n, int kind);
int cfg_api_block(struct cfg_parser *p, struct settings_neighbor *n);
int cfg_static_block(struct cfg_parser *p, struct config_neighbor *n);
int cfg_announce_block(struct cfg_parser *p, struct config_neighbor *n);
/* flow { route [NAME] { ... } }: the routes themselves (parse_flow.c). */
int cfg_flow_routes_block(struct cfg_parser *p, struct config_neighbor *n);
int cfg_l2vpn_block(struct cfg_parser *p, struct config_neighbor *n);
/* A route statement built word by word (parse_routes.c): begin, add words (a text with
 * its place, or the words of one or more statements), then parse them as one route text
 * and store its routes in n; errors are placed at the word they name. */
void cfg_route_text_begin(struct cfg_parser *p);
void cfg_route_text_add(struct cfg_parser *p, const char *s, size_t len, uint32_t line, uint32_t col);
void cfg_route_text_add_words(struct cfg_parser *p, const struct cfg_word *w, size_t n);
int cfg_route_text_store(struct cfg_parser *p, struct config_neighbor *n);
int cfg_raw_block(struct cfg_parser *p, struct config_neighbor *n, uint8_t place, const char *why);

/* family { } / add-path { } / nexthop { } */
enum { CFG_FAMILY = 0, CFG_ADD_PATH = 1, CFG_NEXTHOP = 2 };

/* Keep a statement (the current one, and its block when it opens one) as written. */
struct config_raw *cfg_raw_add(struct config_neighbor *n, struct arena *arena);
/* Write p->st (and, when it opens a block, everything up to its close) into p->raw in
 * canonical form. 0 or -1. */
int cfg_raw_capture(struct cfg_parser *p);


/* A neighbour or template is complete: merge its templates, apply defaults, validate. */
int cfg_neighbor_resolve(struct config *c, struct config_neighbor *n, struct config_error *err,
			 const char *source);

#endif
