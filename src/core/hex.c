/* hex.c — see hex.h. */
#include "core/hex.h"

int hex_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long hex_decode(const char *text, size_t len, struct buf *out, size_t *bad_at)
{
	size_t start = out->len;
	int high = -1;
	size_t i = 0;

	if (len >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
		i = 2;
	for (; i < len; i++) {
		char c = text[i];
		if (c == ' ' || c == ':' || c == '\t' || c == '\r' || c == '\n')
			continue;
		int v = hex_digit_value(c);
		if (v < 0) {
			if (bad_at)
				*bad_at = i;
			out->len = start;
			return -1;
		}
		if (high < 0) {
			high = v;
		} else {
			buf_put_u8(out, (uint8_t)(high << 4 | v));
			high = -1;
		}
	}
	if (high >= 0) {
		if (bad_at)
			*bad_at = len;
		out->len = start;
		return -1;
	}
	return (long)(out->len - start);
}

void hex_put(struct buf *out, const uint8_t *data, size_t len, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	buf_reserve(out, len * 2);
	for (size_t i = 0; i < len; i++) {
		out->data[out->len++] = (uint8_t)digits[data[i] >> 4];
		out->data[out->len++] = (uint8_t)digits[data[i] & 15];
	}
}
