/* utf8.c — see utf8.h. */
#include "core/utf8.h"

#include <stdint.h>

/* The length of the well-formed sequence starting at s[0] (1..4), or 0 when it is not one.
 * RFC 3629 4 (the table of well-formed byte sequences): the second byte's range depends on
 * the first so that overlong forms, surrogates and code points above U+10FFFF are refused. */
static size_t utf8_sequence(const uint8_t *s, size_t left)
{
	uint8_t c = s[0];
	size_t n;
	uint8_t lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0; /* continuation byte, or an overlong two-byte form */
	if (c < 0xe0) {
		n = 2;
	} else if (c < 0xf0) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c < 0xf5) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_sequence(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t utf8_cut(const char *s, size_t len, size_t max)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_sequence(p + i, len - i);
		if (n == 0)
			n = 1; /* an ill-formed byte is cut like a character of its own */
		if (i + n > max)
			break;
		i += n;
	}
	return i;
}

void utf8_put_lossy(struct buf *out, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, run = 0;

	while (i < len) {
		size_t n = utf8_sequence(p + i, len - i);
		if (n) {
			i += n;
			run += n;
			continue;
		}
		buf_put(out, p + i - run, run);
		run = 0;
		buf_put(out, "\xef\xbf\xbd", 3);
		i++;
	}
	buf_put(out, p + len - run, run);
}
