/* selector.h — which peers a command is for: ExaBGP's peer selectors, read into
 * struct api_selector (backend.h), which the backend resolves.
 *
 * Owns: the v6 selector grammar
 *     selector := '*' qualifier*  |  ADDRESS qualifier*  |  '[' item (',' item)* ']'
 *     item     := ('*' | ADDRESS) qualifier*
 *     qualifier:= local-ip ADDRESS | local-address ADDRESS | local-as ASN | peer-as ASN
 *               | router-id IPV4 | family-allowed AFI-SAFI
 * and printing a selector back in that form (the shortcut table rewrites the legacy
 * `neighbor A k v, neighbor B` into it). Must not know: which peers exist.
 */
#ifndef API_SELECTOR_H
#define API_SELECTOR_H

#include <stdbool.h>

#include "api/backend.h"
#include "api/lex.h"
#include "core/buf.h"

/* Whether t is an IP address (then *a is filled). */
bool api_token_address(const struct api_token *t, struct api_address *a);

/* Whether t can start a selector: '*', '[' or an IP address. */
bool api_selector_starts(const struct api_token *t);

/* Read a selector at lx into sel (sel->service is left alone). Returns 1 when one was
 * read, 0 when the next word cannot start one (nothing consumed), -1 when it is malformed
 * (err names the word). */
int api_selector_parse(struct api_lex *lx, struct api_selector *sel, struct api_error *err);

/* Read one qualifier (key at lx, then its value) into m. Returns 1 when the next word is
 * a qualifier key and its value is good, 0 when it is not a key (nothing consumed), -1 on
 * a bad or missing value. */
int api_selector_qualifier(struct api_lex *lx, struct api_peer_match *m, struct api_error *err);

/* The selector as v6 text: "*", "10.0.0.1 peer-as 65000", "[10.0.0.1, 10.0.0.2]". */
void api_selector_format(const struct api_selector *sel, struct buf *out);

/* A decimal number (no sign, no leading '+'), up to max. 0 or -1. */
int api_parse_uint(const char *s, size_t len, unsigned long long max, unsigned long long *out);

#endif
