/* f_route_text.c — fuzz the route text grammar (API commands come from helper processes).
 * Whatever parses must print back and parse again to the same number of routes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "model/route_text.h"
#include "model/update_collection.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct update_collection c, again;
	struct route_text_opts opts = {0, 0};
	struct route_text_error err;
	struct buf out = BUF_INIT;

	if (size > 4096)
		return 0;
	update_collection_init(&c);
	update_collection_init(&again);
	if (route_text_parse(&c, (const char *)data, size, &opts, &err) == 0 && !c.eor && c.count < 4096) {
		for (size_t i = 0; i < c.count; i++) {
			buf_reset(&out);
			route_text_format_command(&out, &c.routes[i]);
			update_collection_reset(&again);
			if (route_text_parse(&again, (const char *)out.data, out.len, &opts, &err) < 0 || again.count != 1)
				abort(); /* what we print, we must read back */
		}
	}
	update_collection_fini(&c);
	update_collection_fini(&again);
	buf_free(&out);
	return 0;
}
