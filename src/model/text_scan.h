/* text_scan.h — reading numbers and addresses out of words of route text (internal to model).
 *
 * Owns: the strict number syntax of the text grammar: decimal digits only (no sign, no
 * spaces, no leading '+'), bounded, overflow-checked; "0x" hexadecimal where ExaBGP takes it.
 * Every helper takes an explicit length and never reads past it: the words come from
 * helper processes and are not NUL-terminated.
 * Must not know: what the numbers mean.
 */
#ifndef MODEL_TEXT_SCAN_H
#define MODEL_TEXT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/hex.h"

/* Decimal digits only, value <= max. 0 or -1. */
static inline int scan_dec(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (len == 0 || len > 20)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static inline int scan_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v;
	if (scan_dec(s, len, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static inline bool scan_has_hex_prefix(const char *s, size_t len)
{
	return len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

/* "0x" followed by 1..16 hex digits, value <= max. 0 or -1. */
static inline int scan_hex(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!scan_has_hex_prefix(s, len) || len == 2 || len > 18)
		return -1;
	for (size_t i = 2; i < len; i++) {
		int d = hex_digit_value(s[i]);
		if (d < 0)
			return -1;
		v = (v << 4) | (unsigned)d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Case-insensitive comparison of a word with a lower-case literal. */
static inline bool scan_word_is(const char *s, size_t len, const char *lit)
{
	size_t i = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (lit[i] == '\0' || lit[i] != c)
			return false;
	}
	return lit[i] == '\0';
}

#endif
