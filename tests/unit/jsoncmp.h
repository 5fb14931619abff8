/* jsoncmp.h — compare two JSON texts as values, for tests against ExaBGP's output.
 *
 * Objects compare as sets of keys (order ignored, as a JSON consumer reads them), arrays in
 * order, numbers by value, strings after unescaping. Keys named in `ignore` are skipped at
 * every depth (ExaBGP's "time", "pid", ... differ from run to run). Also a strict
 * validator: jsoncmp_valid() says whether a text is one well-formed JSON value.
 * Test-only: recursive, small inputs, no error recovery.
 */
#ifndef TESTS_JSONCMP_H
#define TESTS_JSONCMP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype type;
	bool b;
	double num;
	char *str;            /* J_STR: unescaped; J_OBJ member: its key */
	size_t str_len;
	struct jnode *kids;   /* J_ARR items / J_OBJ members (each member's value in kids[i]) */
	char **keys;
	size_t *key_lens;
	size_t n;
};

struct jparser {
	const char *s;
	size_t pos, len;
	bool bad;
};

static inline void jskip(struct jparser *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]))
		p->pos++;
}

static inline void jput_utf8(char **out, size_t *len, uint32_t cp)
{
	char *o = *out + *len;
	if (cp < 0x80) {
		o[0] = (char)cp;
		*len += 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		*len += 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		*len += 3;
	} else {
		o[0] = (char)(0xf0 | cp >> 18);
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[3] = (char)(0x80 | (cp & 0x3f));
		*len += 4;
	}
}

static inline bool jhex4(struct jparser *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c;
		if (p->pos >= p->len)
			return false;
		c = p->s[p->pos++];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return false;
	}
	return true;
}

static inline char *jstring(struct jparser *p, size_t *out_len)
{
	char *out = malloc(p->len + 1);
	size_t n = 0;

	p->pos++; /* opening quote */
	while (p->pos < p->len && p->s[p->pos] != '"') {
		unsigned char c = (unsigned char)p->s[p->pos++];
		if (c < 0x20) {
			p->bad = true; /* a raw control character is not JSON */
			break;
		}
		if (c != '\\') {
			out[n++] = (char)c;
			continue;
		}
		if (p->pos >= p->len)
			break;
		c = (unsigned char)p->s[p->pos++];
		switch (c) {
		case '"': out[n++] = '"'; break;
		case '\\': out[n++] = '\\'; break;
		case '/': out[n++] = '/'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u': {
			uint32_t cp, lo;
			if (!jhex4(p, &cp)) {
				p->bad = true;
				break;
			}
			if (cp >= 0xd800 && cp < 0xdc00 && p->pos + 1 < p->len && p->s[p->pos] == '\\' &&
			    p->s[p->pos + 1] == 'u') {
				p->pos += 2;
				if (!jhex4(p, &lo)) {
					p->bad = true;
					break;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			jput_utf8(&out, &n, cp);
			break;
		}
		default:
			p->bad = true;
		}
	}
	if (p->pos >= p->len)
		p->bad = true;
	else
		p->pos++; /* closing quote */
	out[n] = '\0';
	*out_len = n;
	return out;
}

static inline void jvalue(struct jparser *p, struct jnode *v);

static inline void jpush(struct jnode *v, char *key, size_t key_len, struct jparser *p)
{
	v->kids = realloc(v->kids, (v->n + 1) * sizeof(*v->kids));
	v->keys = realloc(v->keys, (v->n + 1) * sizeof(*v->keys));
	v->key_lens = realloc(v->key_lens, (v->n + 1) * sizeof(*v->key_lens));
	v->keys[v->n] = key;
	v->key_lens[v->n] = key_len;
	jvalue(p, &v->kids[v->n]);
	v->n++;
}

static inline void jvalue(struct jparser *p, struct jnode *v)
{
	memset(v, 0, sizeof(*v));
	jskip(p);
	if (p->pos >= p->len) {
		p->bad = true;
		return;
	}
	char c = p->s[p->pos];
	if (c == '{' || c == '[') {
		bool obj = c == '{';
		v->type = obj ? J_OBJ : J_ARR;
		p->pos++;
		jskip(p);
		if (p->pos < p->len && p->s[p->pos] == (obj ? '}' : ']')) {
			p->pos++;
			return;
		}
		while (!p->bad) {
			char *key = NULL;
			size_t key_len = 0;
			jskip(p);
			if (obj) {
				if (p->pos >= p->len || p->s[p->pos] != '"') {
					p->bad = true;
					return;
				}
				key = jstring(p, &key_len);
				jskip(p);
				if (p->pos >= p->len || p->s[p->pos] != ':') {
					free(key);
					p->bad = true;
					return;
				}
				p->pos++;
			}
			jpush(v, key, key_len, p);
			jskip(p);
			if (p->pos < p->len && p->s[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->pos < p->len && p->s[p->pos] == (obj ? '}' : ']')) {
				p->pos++;
				return;
			}
			p->bad = true;
		}
		return;
	}
	if (c == '"') {
		v->type = J_STR;
		v->str = jstring(p, &v->str_len);
		return;
	}
	if (strncmp(p->s + p->pos, "true", 4) == 0 || strncmp(p->s + p->pos, "false", 5) == 0) {
		v->type = J_BOOL;
		v->b = c == 't';
		p->pos += v->b ? 4 : 5;
		return;
	}
	if (strncmp(p->s + p->pos, "null", 4) == 0) {
		v->type = J_NULL;
		p->pos += 4;
		return;
	}
	char *end = NULL;
	v->type = J_NUM;
	v->num = strtod(p->s + p->pos, &end);
	if (end == p->s + p->pos)
		p->bad = true;
	p->pos = (size_t)(end - p->s);
}

static inline void jfree(struct jnode *v)
{
	for (size_t i = 0; i < v->n; i++) {
		jfree(&v->kids[i]);
		free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	free(v->key_lens);
	free(v->str);
}

static inline bool jignored(const char *key, const char *const *ignore)
{
	for (size_t i = 0; ignore && ignore[i]; i++)
		if (strcmp(key, ignore[i]) == 0)
			return true;
	return false;
}

static inline bool jequal(const struct jnode *a, const struct jnode *b, const char *const *ignore,
		   char *why, size_t why_len)
{
	if (a->type != b->type) {
		snprintf(why, why_len, "type %d vs %d", a->type, b->type);
		return false;
	}
	switch (a->type) {
	case J_NULL:
		return true;
	case J_BOOL:
		return a->b == b->b;
	case J_NUM:
		if (a->num != b->num)
			snprintf(why, why_len, "number %g vs %g", a->num, b->num);
		return a->num == b->num;
	case J_STR:
		if (a->str_len != b->str_len || memcmp(a->str, b->str, a->str_len) != 0) {
			snprintf(why, why_len, "string '%s' vs '%s'", a->str, b->str);
			return false;
		}
		return true;
	case J_ARR:
		if (a->n != b->n) {
			snprintf(why, why_len, "array of %zu vs %zu", a->n, b->n);
			return false;
		}
		for (size_t i = 0; i < a->n; i++)
			if (!jequal(&a->kids[i], &b->kids[i], ignore, why, why_len))
				return false;
		return true;
	case J_OBJ:
		for (int pass = 0; pass < 2; pass++) {
			const struct jnode *x = pass ? b : a, *y = pass ? a : b;
			for (size_t i = 0; i < x->n; i++) {
				size_t k;
				if (jignored(x->keys[i], ignore))
					continue;
				for (k = 0; k < y->n; k++)
					if (strcmp(x->keys[i], y->keys[k]) == 0)
						break;
				if (k == y->n) {
					snprintf(why, why_len, "key '%s' only on one side", x->keys[i]);
					return false;
				}
				if (pass == 0 && !jequal(&x->kids[i], &y->kids[k], ignore, why, why_len)) {
					size_t used = strlen(why);
					snprintf(why + used, why_len - used, " (under '%s')", x->keys[i]);
					return false;
				}
			}
		}
		return true;
	}
	return false;
}

static inline bool jparse(const char *text, struct jnode *out)
{
	struct jparser p = {text, 0, strlen(text), false};
	jvalue(&p, out);
	jskip(&p);
	return !p.bad && p.pos == p.len;
}

/* Whether text is one well-formed JSON value (strings without raw control characters). */
static inline bool jsoncmp_valid(const char *text)
{
	struct jnode v;
	bool ok = jparse(text, &v);
	jfree(&v);
	return ok;
}

/* Whether a and b are the same JSON value, keys in ignore aside; why says where not. */
static inline bool jsoncmp_equal(const char *a, const char *b, const char *const *ignore,
				 char *why, size_t why_len)
{
	struct jnode x, y;
	bool ok;

	why[0] = '\0';
	if (!jparse(a, &x)) {
		snprintf(why, why_len, "first text is not JSON");
		jfree(&x);
		return false;
	}
	if (!jparse(b, &y)) {
		snprintf(why, why_len, "second text is not JSON");
		jfree(&x);
		jfree(&y);
		return false;
	}
	ok = jequal(&x, &y, ignore, why, why_len);
	jfree(&x);
	jfree(&y);
	return ok;
}

#endif
