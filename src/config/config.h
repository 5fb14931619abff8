/* config.h — a configuration: ExaBGP's configuration language, or the same built in code.
 *
 * Owns: struct config (processes, templates, neighbours with their own and their resolved
 * settings, their routes, and the statements of families this build cannot send yet), the
 * entry points that make one — from a file, from text, from settings — and what can be
 * asked of one (equality, unsupported parts). Export (text back, in chunks) is in export.h;
 * the convenience API (config_create_minimal, config_add_route, ...) in setup.h.
 * A configuration is immutable once made, except through config_add_route (setup.h).
 * Must not know: sessions, the route store, the event loop.
 */
#ifndef CONFIG_CONFIG_H
#define CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/routes.h"
#include "config/settings.h"
#include "core/arena.h"
#include "core/buf.h"

/* Where and why a configuration was refused. */
struct config_error {
	uint32_t line;          /* 1-based; 0 when the error is about the whole configuration */
	uint32_t col;
	char message[600];      /* "FILE:LINE:COL: what was expected", ready to print */
};

/* Where a statement the codec cannot handle yet lives (it is printed back there). */
enum config_raw_place {
	RAW_STATIC,             /* static { route ... rd ...; } and other non-unicast routes */
	RAW_ANNOUNCE,           /* announce { AFI { SAFI ...; } }: afi_name says which block */
	RAW_FLOW,               /* flow { route NAME { match { } then { } } } */
	RAW_L2VPN,              /* l2vpn { vpls ...; } */
	RAW_NEIGHBOR,           /* a block of the neighbour itself: operational { } */
};

/* A statement kept as written, for a family or feature this build does not implement yet:
 * never silently dropped, reported by config_unsupported(), printed back by export. */
struct config_raw {
	uint8_t place;          /* enum config_raw_place */
	const char *afi_name;   /* RAW_ANNOUNCE: "ipv4", "ipv6" or "l2vpn" */
	const char *text;       /* canonical text: the statement, nested blocks one per line,
				 * indented by tabs relative to the statement */
	uint16_t afi;           /* its family when known, else 0 */
	uint8_t safi;
	const char *why;        /* what is not supported: "family ipv4 flow", ... */
	uint32_t line, col;     /* where it was read (0 when built in code) */
};

struct config_neighbor {
	const char *name;                  /* a template's name; NULL for a neighbour */
	struct settings_neighbor own;      /* what its block said (own.given: which statements) */
	const char **inherit;              /* templates, in order */
	size_t ninherit;
	struct config_routes routes;       /* its own routes (static, announce), in order */
	struct config_raw *raw;            /* its own kept statements, in order */
	size_t nraw;
	uint32_t line, col;                /* of its block */
	/* A neighbour's resolution (templates merged as ExaBGP merges them: a template's value
	 * replaces the neighbour's, lists are joined, defaults fill the rest): */
	struct settings_neighbor settings;
	const struct config_routes **blocks; /* own routes first, then each template's, no copies */
	size_t nblocks;
	const struct config_raw **raws;    /* own kept statements, then each template's */
	size_t nraws;
};

struct config {
	const char *source;                /* the file name, "<text>" or "<settings>" */
	struct arena arena;                /* strings, arrays and the kept statements */
	struct settings_process *processes;
	size_t nprocesses;
	struct config_neighbor **templates;
	size_t ntemplates, captemplates;
	struct config_neighbor **neighbors;
	size_t nneighbors, capneighbors;
	struct config_attr_table attrs;    /* the attributes every route of every block shares */
};

/* Parse a file (read as a stream: a million routes are never held as text). Returns a new
 * configuration (free with config_free), or NULL with err filled. */
struct config *config_parse_file(const char *path, struct config_error *err);
/* Parse text[0..len) (need not be NUL-terminated, never read past len); name is used in
 * errors ("<text>" when NULL). */
struct config *config_parse_text(const char *name, const char *text, size_t len, struct config_error *err);
/* Build from settings, validated as a parsed file would be. Strings are copied. */
struct config *config_from_settings(const struct settings_config *s, struct config_error *err);
void config_free(struct config *c);

/* A frozen copy of c for export, made in O(routes) memory copies: it shares c's strings,
 * settings and interned attributes (c must outlive it; meanwhile c may change only
 * through setup.h's in-place functions, which never move or free those) and has its own
 * lists of neighbours and templates, route arrays and attribute index. A server writes a
 * file from a snapshot over many event-loop turns while commands keep changing c. Only
 * for export and reading; free it with config_snapshot_free. */
struct config *config_snapshot(const struct config *c);
void config_snapshot_free(struct config *s);

/* Same processes, templates, neighbours (own and resolved settings, routes, kept
 * statements), in the same order. */
bool config_equal(const struct config *a, const struct config *b);

/* A neighbour's routes, every block in order: callback per route (a model route valid for
 * the call). Stops and returns the callback's value when it is not 0. */
int config_neighbor_routes(const struct config *c, const struct config_neighbor *n,
			   int (*each)(void *ctx, const struct route *r), void *ctx);
size_t config_neighbor_route_count(const struct config_neighbor *n);

/* What this build cannot do yet, one line per item appended to out ("FILE:LINE:COL:
 * neighbor 10.0.0.1: flow route: family ipv4 flow is not supported yet (kept, not sent)"),
 * families negotiated but not encodable included. Returns the number of items. */
size_t config_unsupported(const struct config *c, struct buf *out);
/* Which of c's processes an api block's `processes-match` expression selects, as ExaBGP's
 * re.match (anchored at the start of the name): hits[i] for processes[i] (an array of
 * c->nprocesses). The number selected, or -1 when expr is not a regular expression. */
int config_processes_matching(const struct config *c, const char *expr, bool *hits);

#endif
