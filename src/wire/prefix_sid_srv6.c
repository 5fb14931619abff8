/* prefix_sid_srv6.c — the SRv6 service TLVs of the Prefix-SID attribute (see prefix_sid_srv6.h). */
#include "wire/prefix_sid_srv6.h"

#include <string.h>

#define SID_INFORMATION_LEN 21 /* reserved1, SID, flags, behavior, reserved2 */
#define SID_STRUCTURE_LEN 6

void prefix_sid_srv6_pack(struct buf *out, uint8_t tlv, const struct prefix_sid_srv6_sid *s)
{
	uint16_t info = SID_INFORMATION_LEN + (s->has_structure ? 3 + SID_STRUCTURE_LEN : 0);

	buf_put_u8(out, tlv);
	buf_put_u16(out, (uint16_t)(1 + 3 + info));
	buf_put_u8(out, 0);                /* reserved */
	buf_put_u8(out, 1);                /* RFC 9252 3.1: SRv6 SID Information */
	buf_put_u16(out, info);
	buf_put_u8(out, 0);                /* reserved1 */
	buf_put(out, s->sid, 16);
	buf_put_u8(out, 0);                /* flags */
	buf_put_u16(out, s->behavior);
	buf_put_u8(out, 0);                /* reserved2 */
	if (s->has_structure) {
		buf_put_u8(out, 1);        /* RFC 9252 3.2.1: SRv6 SID Structure */
		buf_put_u16(out, SID_STRUCTURE_LEN);
		buf_put(out, s->structure, SID_STRUCTURE_LEN);
	}
}

bool prefix_sid_srv6_is_simple(const uint8_t *value, uint32_t len, struct prefix_sid *ps)
{
	if (prefix_sid_parse(value, len, ps) < 0 || ps->has_label_index || ps->nsrgb || !ps->service_tlv ||
	    ps->nsids != 1)
		return false;
	struct buf b = BUF_INIT;
	prefix_sid_srv6_pack(&b, ps->service_tlv, &ps->sids[0]);
	bool same = b.len == len && memcmp(b.data, value, len) == 0;
	buf_free(&b);
	return same;
}
