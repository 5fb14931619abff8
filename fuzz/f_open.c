/* f_open.c — fuzz the OPEN, NOTIFICATION and ROUTE-REFRESH parsers and their JSON.
 * The first byte picks the message type; what parses as an OPEN must pack and parse back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "model/json_open.h"
#include "wire/message.h"
#include "wire/notification.h"
#include "wire/open.h"
#include "wire/route_refresh.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t kind = data[0] % 3;
	data++;
	size--;

	struct wire_error err;
	struct buf out = BUF_INIT;
	struct json j;
	struct json_envelope env;
	memset(&env, 0, sizeof(env));
	wire_error_clear(&err);
	json_init(&j, &out, JSON_STYLE_EXABGP);

	if (kind == 0) {
		struct bgp_open open;
		bgp_open_init(&open);
		if (bgp_open_parse(data, size, BGP_HEADER_LEN, &open, &err) == 0) {
			json_open_write(&j, &env, &open);
			struct buf packed = BUF_INIT;
			if (bgp_open_pack(&open, &packed) == 0) {
				struct bgp_open again;
				bgp_open_init(&again);
				if (bgp_open_parse(packed.data + BGP_HEADER_LEN, packed.len - BGP_HEADER_LEN,
						   BGP_HEADER_LEN, &again, &err) < 0)
					abort(); /* an OPEN we pack must parse */
				bgp_open_fini(&again);
			}
			buf_free(&packed);
		}
		bgp_open_fini(&open);
	} else if (kind == 1) {
		struct notification n;
		if (notification_parse(data, size, BGP_HEADER_LEN, &n, &err) == 0) {
			json_notification_write(&j, &env, &n);
			buf_reset(&out);
			notification_format(&n, &out);
		}
	} else {
		struct route_refresh rr;
		if (route_refresh_parse(data, size, BGP_HEADER_LEN, &rr, &err) == 0)
			json_refresh_write(&j, &env, &rr);
	}
	buf_free(&out);
	return 0;
}
