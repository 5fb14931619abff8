/* attr_text.h — attribute values in ExaBGP's text syntax, both directions.
 *
 * Owns: how each attribute value is written in route text (`community [65000:1 no-export]`,
 * `extended-community [target:65000:1]`, `as-path [1 2 ( 3 4 )]`, ...) and parsed back,
 * byte for byte as ExaBGP 6 prints them. JSON reuses these for its "string" fields
 * (extended communities) so the two can never disagree.
 * Must not know: routes, JSON structure, sessions.
 */
#ifndef MODEL_ATTR_TEXT_H
#define MODEL_ATTR_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/attr.h"

void community_format(struct buf *out, uint32_t value);
void ext_community_format(struct buf *out, const uint8_t value[8]);
void ipv6_ext_community_format(struct buf *out, const uint8_t value[20]);
void large_community_format(struct buf *out, const uint8_t value[12]);
void origin_format(struct buf *out, uint8_t origin);

/* Whether ExaBGP knows the (sub)type. Unknown ones are formatted as hex ("0x0123...")
 * above, but ExaBGP's JSON gives them an empty "string". */
bool ext_community_known(const uint8_t value[8]);
bool ipv6_ext_community_known(const uint8_t value[20]);

/* Each parser takes one word (no spaces) and returns 0, or -1 when it is not valid. */
int community_parse(const char *s, size_t len, uint32_t *out);
int ext_community_parse(const char *s, size_t len, uint8_t out[8]);
int large_community_parse(const char *s, size_t len, uint8_t out[12]);
int origin_parse(const char *s, size_t len, uint8_t *out);

#endif
