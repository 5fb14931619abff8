/* export.h — a configuration printed back as configuration text, in chunks.
 *
 * Owns: the canonical text of a configuration: processes, then templates, then
 * neighbours, each block's statements in one fixed order with their values in one
 * spelling (fields.c), only the statements the block gave (a template's values stay in
 * the template, its routes are not copied into the neighbours), routes one per line in
 * static { } (or announce { AFI { SAFI ... } } for a family their prefix does not say),
 * every attribute written so that it reads back to the same bytes, and the statements
 * kept for unsupported families where they were. parse(export(c)) equals c (config_equal),
 * and export is deterministic.
 * Export is cooperative: config_export_next() writes one chunk — at most
 * CONFIG_EXPORT_ROUTES routes — and returns, so a server writing a million routes to
 * disk can run its event loop between chunks (storage_append takes each chunk).
 * Must not know: files, the event loop.
 */
#ifndef CONFIG_EXPORT_H
#define CONFIG_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "core/buf.h"

#define CONFIG_EXPORT_ROUTES 1000

/* Where the writer is; a plain value, valid while the configuration is unchanged. */
struct config_export {
	const struct config *c;
	unsigned phase;           /* processes, templates, neighbours, done */
	size_t item;              /* the process / template / neighbour being written */
	unsigned part;            /* within a neighbour: head, routes, tail */
	size_t route;             /* the next route of its own block */
	int open_block;           /* the route block left open by the previous chunk */
	int open_afi;             /* its announce family (index) */
};

void config_export_init(struct config_export *e, const struct config *c);
/* Append the next chunk to out. Returns 1 when more chunks follow, 0 after the last. */
int config_export_next(struct config_export *e, struct buf *out);
/* The whole text at once (a loop over config_export_next). */
void config_export(const struct config *c, struct buf *out);

/* One neighbour's block as export writes it (the API's `peer X show configuration`). */
void config_export_neighbor(const struct config *c, const struct config_neighbor *n, struct buf *out);

/* One route as a static statement ("route 10.0.0.0/24 next-hop 192.0.2.1 ...") or, with
 * family_form, as the inside of announce { AFI { } } ("unicast 10.0.0.0/24 ..."); no
 * indentation, no ';'. static_form() says whether the static form says its family. */
bool config_route_static_form(const struct route *r);
void config_route_format(struct buf *out, const struct route *r, bool family_form);

#endif
