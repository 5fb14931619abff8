/* mpls_text.h — the words of labelled and VPN routes in ExaBGP's route text and JSON
 * (internal to model).
 *
 * Owns: reading `rd` / `route-distinguisher`, `label N` / `label [ N ... ]` and
 * `bgp-prefix-sid [ INDEX[, [ ( BASE,RANGE ) ... ]] ]` and
 * `bgp-prefix-sid-srv6 ( l3-service|l2-service SID [BEHAVIOR [ [B,N,F,A,TL,TO] ]] )` into a route spec; turning a spec and
 * a prefix into a labelled NLRI; printing them back (" rd X label Y", " bgp-prefix-sid [...]")
 * and writing their JSON ("label": [[100, 1601]], "rd": "65000:1", "bgp-prefix-sid": {...}).
 * Must not know: sessions, configuration files, the shape of a route statement.
 */
#ifndef MODEL_MPLS_TEXT_H
#define MODEL_MPLS_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "model/route_text_lex.h"
#include "model/route_text_spec.h"
#include "wire/nlri.h"

/* Keyword readers (the value after the keyword); 0 or -1 with err filled. */
int mpls_text_rd(struct rt_spec *spec, const char *kw, struct rt_lex *lx, struct route_text_error *err);
int mpls_text_label(struct rt_spec *spec, struct rt_lex *lx, struct route_text_error *err);
int mpls_text_prefix_sid(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
			 struct route_text_error *err);

int mpls_text_prefix_sid_srv6(struct rt_spec *spec, struct rt_lex *lx, struct arena *arena,
			      struct route_text_error *err);

/* The SAFI a `route` statement takes from its words: mpls-vpn with an RD, nlri-mpls with
 * labels only, else `safi` unchanged (ExaBGP's reading). */
uint8_t mpls_text_safi(const struct rt_spec *spec, uint8_t safi);

/* Build into out (storage in arena) the labelled NLRI of the prefix with the spec's labels
 * and RD. An announcement needs a label (without one, the RD or prefix would be read back as
 * one); a withdrawal without one gets the entry 0x800000 (RFC 8277 2.4). 0, or -1 with err
 * filled (at off) when it cannot be packed. */
int mpls_text_nlri(const struct rt_spec *spec, uint16_t afi, uint8_t safi, bool withdraw,
		   const uint8_t *addr, unsigned bits, struct arena *arena, struct nlri *out, struct route_text_error *err,
		   size_t off);

/* " rd X label Y" / " label [ A B ]" for a labelled NLRI, ExaBGP's decoder order. */
void mpls_text_put(struct buf *out, const struct nlri *n);

/* The `bgp-prefix-sid [...]` or `bgp-prefix-sid-srv6 ( ... )` words of a Prefix-SID
 * attribute value, with a leading space; false (nothing written) when they would not give
 * these octets back (prefix_sid_is_text). */
bool mpls_text_put_prefix_sid(struct buf *out, const uint8_t *value, uint32_t len);

/* JSON members of a labelled NLRI after "nlri" / "path-information": "label", "rd". */
void mpls_json_nlri(struct json *j, const struct nlri *n);

/* "bgp-prefix-sid": {...} for a Prefix-SID attribute value; false (nothing written) when the
 * value is not one we can show (the caller shows it as a generic attribute). */
bool mpls_json_prefix_sid(struct json *j, const uint8_t *value, uint32_t len);

#endif
