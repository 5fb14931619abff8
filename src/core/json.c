/* json.c — see json.h. */
#include "core/json.h"

#include <stdio.h>
#include <string.h>

void json_init(struct json *j, struct buf *out, enum json_style style)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->style = (uint8_t)style;
	j->cur = JSON_L_TOP;
}

enum json_style json_style_set(struct json *j, enum json_style style)
{
	enum json_style old = (enum json_style)j->style;
	if (old != JSON_STYLE_COMPACT)
		j->style = (uint8_t)style;
	return old;
}

/* The style the innermost container writes its keys in (a top-level key: the writer's). */
static enum json_style json_container_style(const struct json *j)
{
	return j->cur & JSON_L_TOP ? (enum json_style)j->style : (enum json_style)(j->cur & JSON_L_STYLE);
}

void json_quirk(struct json *j, unsigned quirks)
{
	if ((j->cur & (JSON_L_TOP | JSON_L_STYLE)) == JSON_STYLE_EXABGP)
		j->cur |= (uint8_t)quirks;
}

void json_space(struct json *j)
{
	if (j->style == JSON_STYLE_EXABGP)
		buf_putc(j->out, ' ');
}

/* Before an item (key or value in an array): what separates it from the previous one, or
 * (ExaBGP) the space after the opening bracket. */
void json_separate_item(struct json *j)
{
	uint8_t v = j->cur;
	if (v & JSON_L_TOP)
		return;
	if (!(v & JSON_L_ITEM)) {
		j->cur = v | JSON_L_ITEM;
		if ((v & JSON_L_STYLE) == JSON_STYLE_EXABGP)
			buf_putc(j->out, ' ');
		return;
	}
	switch (v & (JSON_L_STYLE | JSON_Q_SEP_SPACE_COMMA | JSON_Q_SEP_COMMA)) {
	case JSON_STYLE_COMPACT:
	case JSON_STYLE_EXABGP | JSON_Q_SEP_COMMA:
		buf_putc(j->out, ',');
		return;
	case JSON_STYLE_EXABGP | JSON_Q_SEP_SPACE_COMMA:
		buf_put(j->out, " ,", 2);
		return;
	default:
		buf_put(j->out, ", ", 2);
	}
}

static void json_open(struct json *j, char c)
{
	json_separate(j);
	buf_putc(j->out, c);
	if (j->depth < JSON_MAX_DEPTH)
		j->outer[j->depth] = j->cur;
	/* deeper than JSON_MAX_DEPTH (no document of ours is) the states are not kept */
	j->depth++;
	j->cur = j->style;
}

static void json_close(struct json *j, char c)
{
	uint8_t v = j->cur;
	if ((v & (JSON_L_TOP | JSON_L_STYLE)) == JSON_STYLE_EXABGP) {
		/* '{ %s }' % items: "{ a }"; with no item "{  }" */
		if (!(v & JSON_L_ITEM))
			buf_put(j->out, "  ", v & JSON_Q_EMPTY_ONE ? 1 : 2);
		else if (!(v & JSON_Q_CLOSE_TIGHT))
			buf_putc(j->out, ' ');
	}
	buf_putc(j->out, c);
	if (j->depth == 0)
		return;
	j->depth--;
	if (j->depth < JSON_MAX_DEPTH)
		j->cur = j->outer[j->depth];
}

void json_object_open(struct json *j) { json_open(j, '{'); }
void json_object_close(struct json *j) { json_close(j, '}'); }
void json_array_open(struct json *j) { json_open(j, '['); }
void json_array_close(struct json *j) { json_close(j, ']'); }

/* 1 for the bytes a JSON string cannot hold as they are: '"', '\\', controls, DEL */
static const uint8_t json_needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

void json_escape(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		/* copy the longest run that needs no escaping in one go */
		size_t run = i;
		while (run < len && !json_needs_escape[p[run]])
			run++;
		buf_put(out, p + i, run - i);
		if (run == len)
			break;
		unsigned char c = p[run];
		switch (c) {
		case '"':
			buf_put(out, "\\\"", 2);
			break;
		case '\\':
			buf_put(out, "\\\\", 2);
			break;
		case '\n':
			buf_put(out, "\\n", 2);
			break;
		case '\r':
			buf_put(out, "\\r", 2);
			break;
		case '\t':
			buf_put(out, "\\t", 2);
			break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_put(out, u, 6);
		}
		}
		i = run + 1;
	}
}

/* After a key's closing quote: ":" compact, ": " otherwise. */
static void json_colon(struct json *j)
{
	if (json_container_style(j) == JSON_STYLE_COMPACT)
		buf_putc(j->out, ':');
	else
		buf_put(j->out, ": ", 2);
	j->after_key = true;
}

void json_key_n(struct json *j, const char *key, size_t len)
{
	json_separate(j);
	buf_putc(j->out, '"');
	json_escape(j->out, key, len);
	buf_putc(j->out, '"');
	json_colon(j);
}

void json_key_loose(struct json *j, const char *key)
{
	json_separate(j);
	buf_putc(j->out, '"');
	json_escape(j->out, key, strlen(key));
	if (json_container_style(j) == JSON_STYLE_EXABGP) {
		buf_put(j->out, "\" : ", 4);
		j->after_key = true;
		return;
	}
	buf_putc(j->out, '"');
	json_colon(j);
}

void json_key(struct json *j, const char *key) { json_key_n(j, key, strlen(key)); }

void json_time(struct json *j, double t)
{
	/* seconds with microseconds, without printf: every message carries one */
	json_separate(j);
	if (!(t >= 0) || t > 1e15) {
		buf_puts(j->out, "0");
		return;
	}
	uint64_t sec = (uint64_t)t;
	uint64_t usec = (uint64_t)((t - (double)sec) * 1e6 + 0.5);
	if (usec >= 1000000) {
		sec++;
		usec -= 1000000;
	}
	buf_put_uint(j->out, sec);
	char frac[7] = {'.', 0, 0, 0, 0, 0, 0};
	for (int i = 6; i >= 1; i--) {
		frac[i] = (char)('0' + usec % 10);
		usec /= 10;
	}
	/* like Python's float repr, which ExaBGP prints: no trailing zeros, at least one digit */
	size_t n = 7;
	while (n > 2 && frac[n - 1] == '0')
		n--;
	buf_put(j->out, frac, n);
}

void json_string_n(struct json *j, const char *s, size_t len)
{
	json_separate(j);
	buf_putc(j->out, '"');
	json_escape(j->out, s, len);
	buf_putc(j->out, '"');
}

void json_string(struct json *j, const char *s) { json_string_n(j, s, strlen(s)); }

void json_uint(struct json *j, uint64_t v)
{
	json_separate(j);
	buf_put_uint(j->out, v);
}

void json_int(struct json *j, int64_t v)
{
	json_separate(j);
	buf_put_int(j->out, v);
}

void json_double(struct json *j, double v)
{
	json_separate(j);
	buf_printf(j->out, "%.17g", v);
}

void json_bool(struct json *j, bool v)
{
	json_separate(j);
	buf_puts(j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
	json_separate(j);
	buf_puts(j->out, "null");
}

void json_raw(struct json *j, const char *text, size_t len)
{
	json_separate(j);
	buf_put(j->out, text, len);
}
