/* utf8.h — checking and cleaning UTF-8 text that came from the network.
 *
 * Owns: the definition of well-formed UTF-8 we accept (RFC 3629: shortest form only, no
 * surrogates, nothing above U+10FFFF), and a lossy copy that turns every ill-formed
 * sequence into U+FFFD so that text from a peer can always be put into JSON or a log.
 * Must not know: anything about BGP.
 */
#ifndef CORE_UTF8_H
#define CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Whether s[0..len) is well-formed UTF-8 (NUL bytes included: U+0000 is well-formed). */
bool utf8_valid(const char *s, size_t len);

/* The length of the longest prefix of s[0..len) that is at most max bytes and does not
 * end inside a multi-byte sequence: where to cut text so that what is kept still decodes. */
size_t utf8_cut(const char *s, size_t len, size_t max);

/* Append s to out, each ill-formed sequence replaced by U+FFFD (EF BF BD). */
void utf8_put_lossy(struct buf *out, const char *s, size_t len);

#endif
