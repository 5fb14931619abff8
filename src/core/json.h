/* json.h — a streaming JSON writer into a struct buf.
 *
 * Owns: commas, nesting and string escaping (every string is escaped: '"', '\\' and all
 * control characters, so untrusted text such as a peer's shutdown message or hostname can
 * never break a consumer's parser). Keys are written in the order the caller gives them,
 * so callers control ExaBGP's key order.
 * Must not know: anything about BGP.
 *
 * Three spacings (styles), because users' scripts grep the text and not only parse it:
 *   JSON_STYLE_EXABGP   { "a": 1, "b": [ 1, 2 ], "c": {  } }   ExaBGP's hand-built event text:
 *                       '{ %s }' templates, so an empty container is "{  }"
 *   JSON_STYLE_PYTHON   {"a": 1, "b": [1, 2], "c": {}}         Python's json.dumps (API answers)
 *   JSON_STYLE_COMPACT  {"a":1,"b":[1,2],"c":{}}               no spaces at all
 * A container keeps the style it was opened with; json_style_set changes the style of the
 * containers opened after it (ExaBGP embeds json.dumps text in its own, e.g. the 6.0.0
 * as-path), except in the compact style, which stays compact throughout.
 * ExaBGP's text has irregular bits (`"host" : `, `} ,`, `[ a ,b ]`); the quirk calls below
 * reproduce them and do nothing outside the ExaBGP style.
 *
 * Usage: json_init(j, out, JSON_STYLE_EXABGP); json_object_open(j); json_key(j, "a");
 *        json_uint(j, 1); json_object_close(j);
 */
#ifndef CORE_JSON_H
#define CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"

#define JSON_MAX_DEPTH 64

enum json_style {
	JSON_STYLE_EXABGP = 0, /* ExaBGP's event text (the default for events and decode) */
	JSON_STYLE_PYTHON = 1, /* Python's json.dumps: ExaBGP's API answers */
	JSON_STYLE_COMPACT = 2,
};

/* Quirks of one ExaBGP container (json_quirk), for the items written after the call: */
#define JSON_Q_SEP_SPACE_COMMA 0x10 /* items joined by " ," ("families": [ "a" ,"b" ]) */
#define JSON_Q_SEP_COMMA 0x20       /* items joined by "," alone */
#define JSON_Q_EMPTY_ONE 0x40       /* empty as "[ ]", not "[  ]" */
#define JSON_Q_CLOSE_TIGHT 0x80     /* no space before the closing bracket (the items end
				     * with their own, written with json_space) */

struct json {
	struct buf *out;
	unsigned depth;
	uint8_t style;                /* enum json_style of the next container opened */
	bool after_key;               /* the next value completes a "key": pair */
	uint8_t cur;                  /* the innermost container: style | JSON_L_* | quirks */
	uint8_t outer[JSON_MAX_DEPTH]; /* the enclosing containers' states, innermost last */
};

/* Container state bits (the writer's own; JSON_Q_* are the quirks) */
#define JSON_L_STYLE 0x03 /* the container's enum json_style */
#define JSON_L_ITEM 0x04  /* the container already holds an item */
#define JSON_L_TOP 0x08   /* no container: nothing to separate */

void json_init(struct json *j, struct buf *out, enum json_style style);
/* The style of the containers opened from now on (the compact style is kept); returns the
 * previous one, to give back to json_style_set after the embedded part. */
enum json_style json_style_set(struct json *j, enum json_style style);
static inline enum json_style json_style(const struct json *j) { return (enum json_style)j->style; }
/* ExaBGP style only: quirks of the innermost open container (JSON_Q_*). */
void json_quirk(struct json *j, unsigned quirks);
/* ExaBGP style only: one space, where ExaBGP's templates leave one ("} ,"). */
void json_space(struct json *j);
/* A key ExaBGP writes with a space before its colon: "host" : "vm". */
void json_key_loose(struct json *j, const char *key);

void json_object_open(struct json *j);
void json_object_close(struct json *j);
void json_array_open(struct json *j);
void json_array_close(struct json *j);

void json_key(struct json *j, const char *key);
void json_key_n(struct json *j, const char *key, size_t len);
/* A key or string the program wrote itself (known to need no escaping): no scan. */
static inline void json_key_trusted(struct json *j, const char *key, size_t len);
static inline void json_string_trusted(struct json *j, const char *s, size_t len);
#define JSON_KEY(j, literal) json_key_trusted((j), "" literal "", sizeof(literal) - 1)
#define JSON_STRING(j, literal) json_string_trusted((j), "" literal "", sizeof(literal) - 1)
/* Seconds since the epoch with microseconds, as a JSON number. */
void json_time(struct json *j, double t);

void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t len);
void json_uint(struct json *j, uint64_t v);
void json_int(struct json *j, int64_t v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* A value already serialised as JSON by the caller (trusted text only). */
void json_raw(struct json *j, const char *text, size_t len);

/* Append s to out as the body of a JSON string (no quotes), escaped. */
void json_escape(struct buf *out, const char *s, size_t len);

/* ---- inline fast paths (every message has a dozen keys; JSON_KEY's memcpy of a literal
 * is then a few moves) ---- */

/* What goes before an item of the current container; json_separate is the whole rule. */
void json_separate_item(struct json *j);

static inline void json_separate(struct json *j)
{
	if (j->after_key)
		j->after_key = false;
	else
		json_separate_item(j);
}

static inline void json_key_trusted(struct json *j, const char *key, size_t len)
{
	json_separate_item(j); /* a key never completes a pair */
	buf_reserve(j->out, len + 4);
	uint8_t *p = j->out->data + j->out->len;
	*p++ = '"';
	memcpy(p, key, len);
	p += len;
	*p++ = '"';
	*p++ = ':';
	if ((j->cur & JSON_L_STYLE) != JSON_STYLE_COMPACT)
		*p++ = ' ';
	j->out->len = (size_t)(p - j->out->data);
	j->after_key = true;
}

static inline void json_string_trusted(struct json *j, const char *s, size_t len)
{
	json_separate(j);
	buf_reserve(j->out, len + 2);
	uint8_t *p = j->out->data + j->out->len;
	*p++ = '"';
	memcpy(p, s, len);
	p += len;
	*p++ = '"';
	j->out->len = (size_t)(p - j->out->data);
}

#endif
