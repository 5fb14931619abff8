/* nlri_any.h — one NLRI of any family this build reads, by its family's reader.
 *
 * Owns: the choice of reader for an (AFI, SAFI). Every place that walks NLRIs off the wire
 * (UPDATE parsing, `attobgp decode --nlri`) goes through here, so a new family is one line.
 * Must not know: what a family's NLRI means (its own nlri_<family>.c does).
 */
#ifndef WIRE_NLRI_ANY_H
#define WIRE_NLRI_ANY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "wire/error.h"
#include "wire/nlri.h"

/* Read one NLRI of (afi, safi) from c (path id first when addpath). withdraw: it comes from
 * withdrawn routes (a labelled one may carry the 0x800000 withdraw label). Returns 0, 1 for
 * an NLRI of a route type the family does not define (read whole, kept as octets; RFC 7606
 * 5.4 has an announced one discarded), or -1 with err filled. */
int nlri_read_any(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath, bool withdraw, struct nlri *out,
		  struct wire_error *err);

#endif
