/* srv6_text.h — the SRv6 form of the Prefix-SID attribute in ExaBGP's route text
 * (internal to model): `bgp-prefix-sid-srv6 ( l3-service|l2-service SID [BEHAVIOR [ [B,N,F,A,TL,TO] ] ] )`,
 * RFC 9252 service TLVs as ExaBGP writes them (one SID, its structure optional; a SID given
 * without a behavior gets 0xFFFF). Its JSON is mpls_text.h's mpls_json_prefix_sid.
 * Must not know: sessions, configuration files, the shape of a route statement.
 */
#ifndef MODEL_SRV6_TEXT_H
#define MODEL_SRV6_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "model/route_text_lex.h"
#include "model/route_text_spec.h"
#include "wire/attr.h"

/* The value after the keyword, into spec's generic attributes (storage in arena).
 * 0, or -1 with err filled. */
int srv6_text_prefix_sid(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
			 struct route_text_error *err);

/* " bgp-prefix-sid-srv6 ( l3-service SID 0xBEHAVIOR [B,N,F,A,TL,TO] )" for a Prefix-SID
 * attribute value that these words give back octet for octet; false (nothing written) when
 * they would not (the caller shows it another way). */
bool srv6_text_put_prefix_sid(struct buf *out, const uint8_t *value, uint32_t len);

/* The same for the Prefix-SID attribute among a's unknown ones, if it has one (the mup
 * commands of ExaBGP's decoder name it and no other generic attribute). */
void srv6_text_put_attrs(struct buf *out, const struct attr_set *a);

#endif
