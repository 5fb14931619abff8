/* keepalive.c — see keepalive.h. */
#include "wire/keepalive.h"

#include "wire/message.h"

void keepalive_pack(struct buf *out)
{
	message_finish(out, message_begin(out, BGP_MSG_KEEPALIVE));
}

int keepalive_parse(const uint8_t *body, size_t len, size_t base, struct wire_error *err)
{
	(void)body;
	if (len == 0)
		return 0;
	wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH,
		       base >= 3 ? base - 3 : 0, "KEEPALIVE with a %zu octet body", len);
	if (err && base >= BGP_HEADER_LEN) { /* Data is the erroneous Length field */
		err->data_offset = (uint32_t)(base - 3);
		err->data_len = 2;
	}
	return -1;
}
