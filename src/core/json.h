/* json.h — a streaming JSON writer into a struct buf.
 *
 * Owns: commas, nesting and string escaping (every string is escaped: '"', '\\' and all
 * control characters, so untrusted text such as a peer's shutdown message or hostname can
 * never break a consumer's parser). Keys are written in the order the caller gives them,
 * so callers control ExaBGP's key order.
 * Must not know: anything about BGP.
 *
 * Usage: json_object_open(j); json_key(j, "a"); json_uint(j, 1); json_object_close(j);
 */
#ifndef CORE_JSON_H
#define CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define JSON_MAX_DEPTH 64

struct json {
	struct buf *out;
	unsigned depth;
	bool after_key;               /* the next value completes a "key": pair */
	bool has_item[JSON_MAX_DEPTH]; /* whether the open container already holds an item */
};

void json_init(struct json *j, struct buf *out);

void json_object_open(struct json *j);
void json_object_close(struct json *j);
void json_array_open(struct json *j);
void json_array_close(struct json *j);

void json_key(struct json *j, const char *key);
void json_key_n(struct json *j, const char *key, size_t len);
/* A key or string the program wrote itself (known to need no escaping): no scan. */
void json_key_trusted(struct json *j, const char *key, size_t len);
void json_string_trusted(struct json *j, const char *s, size_t len);
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

#endif
