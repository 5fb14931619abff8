/* route_text_collection.h — a whole decoded UPDATE as the API commands that re-create it.
 *
 * Owns: choosing between one "announce route ..." line per route and ExaBGP's
 * "announce attributes <attributes> nlri P1 P2 ..." form for routes that share their
 * attributes and next hop, as ExaBGP's decode_to_api_command does (what `decode -m` prints).
 * Must not know: sessions, JSON.
 */
#ifndef MODEL_ROUTE_TEXT_COLLECTION_H
#define MODEL_ROUTE_TEXT_COLLECTION_H

#include "core/buf.h"
#include "model/update_collection.h"

/* Append one command per line (each ending in '\n'). */
void route_text_format_collection(struct buf *out, const struct update_collection *c);

#endif
