/* json.c — see json.h. */
#include "core/json.h"

#include <stdio.h>
#include <string.h>

void json_init(struct json *j, struct buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

/* Before any value or key: the comma that separates it from its previous sibling. */
static void json_separate(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->has_item[j->depth - 1])
			buf_putc(j->out, ',');
		j->has_item[j->depth - 1] = true;
	}
}

static void json_open(struct json *j, char c)
{
	json_separate(j);
	buf_putc(j->out, c);
	if (j->depth < JSON_MAX_DEPTH)
		j->has_item[j->depth] = false;
	j->depth++;
}

static void json_close(struct json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	buf_putc(j->out, c);
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

void json_key_n(struct json *j, const char *key, size_t len)
{
	json_separate(j);
	buf_putc(j->out, '"');
	json_escape(j->out, key, len);
	buf_put(j->out, "\":", 2);
	j->after_key = true;
}

void json_key(struct json *j, const char *key) { json_key_n(j, key, strlen(key)); }

void json_key_trusted(struct json *j, const char *key, size_t len)
{
	json_separate(j);
	buf_reserve(j->out, len + 3);
	j->out->data[j->out->len++] = '"';
	memcpy(j->out->data + j->out->len, key, len);
	j->out->len += len;
	j->out->data[j->out->len++] = '"';
	j->out->data[j->out->len++] = ':';
	j->after_key = true;
}

void json_string_trusted(struct json *j, const char *s, size_t len)
{
	json_separate(j);
	buf_reserve(j->out, len + 2);
	j->out->data[j->out->len++] = '"';
	memcpy(j->out->data + j->out->len, s, len);
	j->out->len += len;
	j->out->data[j->out->len++] = '"';
}

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
