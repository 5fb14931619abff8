/* parse_mup.c — mup routes the codec cannot send yet: those with the Prefix-SID attribute.
 *
 *   announce { ipv4|ipv6 { mup mup-isd ... bgp-prefix-sid-srv6 ( ... ); } }
 * The NLRI is mup_text.h's; the SRv6 SIDs of mup-isd and mup-dsd routes travel in the BGP
 * Prefix-SID attribute (RFC 8669, RFC 9252), which the route grammar does not read yet:
 * such a statement is kept as written and reported (parse_raw.c), with its own family and
 * the attribute as the reason, instead of failing the whole configuration.
 * Must not know: what the words mean beyond `bgp-prefix-sid`.
 */
#include <string.h>

#include "config/parse_internal.h"
#include "wire/family.h"

int cfg_keep_prefix_sid_route(struct cfg_parser *p, struct config_neighbor *n, const char *afi_name, uint16_t afi,
			      uint8_t safi)
{
	static const char why[] = "the BGP prefix SID attribute";
	/* the words are the lexer's: gone once the statement is captured */
	uint32_t line = p->st.w[0].line, col = p->st.w[0].col;
	if (cfg_raw_capture(p) < 0)
		return -1;
	struct config_raw *raw = cfg_raw_add(n, &p->c->arena);
	raw->place = RAW_ANNOUNCE;
	raw->afi_name = afi_name;
	raw->afi = afi;
	raw->safi = safi;
	raw->why = cfg_strdup(p, why, strlen(why));
	raw->text = cfg_strdup(p, (const char *)p->raw.data, p->raw.len);
	raw->line = line;
	raw->col = col;
	return 0;
}
