/* f_config.c — fuzz the configuration language (parse from memory). Whatever parses must
 * print back, parse again to an equal configuration, and print the same text again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/export.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_error err;
	struct buf first = BUF_INIT, second = BUF_INIT, report = BUF_INIT;

	if (size > 16384)
		return 0;
	struct config *a = config_parse_text("fuzz", (const char *)data, size, &err);
	if (a == NULL) {
		/* an error always says where and why */
		if (err.message[0] == '\0')
			abort();
		return 0;
	}
	config_unsupported(a, &report);
	config_export(a, &first);
	struct config *b = config_parse_text("again", (const char *)first.data, first.len, &err);
	if (b == NULL)
		abort(); /* what we print, we must read back */
	if (!config_equal(a, b))
		abort();
	config_export(b, &second);
	if (second.len != first.len || (first.len && memcmp(first.data, second.data, first.len) != 0))
		abort();
	config_free(a);
	config_free(b);
	buf_free(&first);
	buf_free(&second);
	buf_free(&report);
	return 0;
}
