/* wirehelp.h — building test messages from hex, and comparing packed bytes with hex. */
#ifndef TESTS_WIREHELP_H
#define TESTS_WIREHELP_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/hex.h"
#include "wire/message.h"

/* A whole message of the given type whose body is body_hex (spaces allowed); the length
 * field is set from the body unless length is non-zero. */
static inline void msg_build(struct buf *out, uint8_t type, const char *body_hex, uint16_t length)
{
	size_t start;

	buf_reset(out);
	start = message_begin(out, type);
	if (hex_decode(body_hex, strlen(body_hex), out, NULL) < 0) {
		printf("# bad hex in test: %s\n", body_hex);
		return;
	}
	message_finish(out, start);
	if (length)
		buf_patch_u16(out, start + 16, length);
}

/* Whether data[0..len) is what hex says; prints both when not. */
static inline bool bytes_are(const uint8_t *data, size_t len, const char *hex)
{
	struct buf want = BUF_INIT, got = BUF_INIT;
	bool same;

	hex_decode(hex, strlen(hex), &want, NULL);
	same = want.len == len && (len == 0 || memcmp(want.data, data, len) == 0);
	if (!same) {
		hex_put(&got, data, len, true);
		printf("#   got  %s\n", buf_cstr(&got));
		buf_reset(&got);
		hex_put(&got, want.data, want.len, true);
		printf("#   want %s\n", buf_cstr(&got));
	}
	buf_free(&want);
	buf_free(&got);
	return same;
}

#endif
