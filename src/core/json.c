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

void json_escape(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0; /* bytes that need no escaping are copied in runs */

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char ubuf[7];

		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\t')
			esc = "\\t";
		else if (c < 0x20 || c == 0x7f) {
			ubuf[0] = '\\'; ubuf[1] = 'u'; ubuf[2] = '0'; ubuf[3] = '0';
			ubuf[4] = hex[c >> 4]; ubuf[5] = hex[c & 15]; ubuf[6] = '\0';
			esc = ubuf;
		}
		if (esc) {
			buf_put(out, s + i - run, run);
			run = 0;
			buf_puts(out, esc);
		} else {
			run++;
		}
	}
	buf_put(out, s + len - run, run);
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
