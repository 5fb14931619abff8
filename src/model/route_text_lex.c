/* route_text_lex.c — see route_text_lex.h. */
#include "model/route_text_lex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/text_scan.h"

/* Words longer than this are cut in error messages (why[] is 200 bytes). */
#define RT_ERROR_WORD_MAX 48

static enum rt_tok punct_kind(char c)
{
	switch (c) {
	case '[': return RT_LBRACKET;
	case ']': return RT_RBRACKET;
	case '(': return RT_LPAREN;
	case ')': return RT_RPAREN;
	case '{': return RT_LBRACE;
	case '}': return RT_RBRACE;
	case ',': return RT_COMMA;
	case ';': return RT_SEMI;
	default: return RT_END;
	}
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static bool is_control(char c) { return (unsigned char)c < 0x20 || c == 0x7f; }

struct rt_token rt_lex_next(struct rt_lex *lx)
{
	struct rt_token t = {RT_END, NULL, 0, lx->len};

	while (lx->pos < lx->len && is_space(lx->text[lx->pos]))
		lx->pos++;
	if (lx->pos == lx->len)
		return t;

	t.s = lx->text + lx->pos;
	t.off = lx->pos;
	char c = lx->text[lx->pos];
	if (is_control(c)) {
		t.kind = RT_BAD;
		t.len = 1;
		lx->pos++;
		return t;
	}
	enum rt_tok p = punct_kind(c);
	if (p != RT_END) {
		t.kind = p;
		t.len = 1;
		lx->pos++;
		return t;
	}
	size_t start = lx->pos;
	while (lx->pos < lx->len) {
		c = lx->text[lx->pos];
		if (is_space(c) || is_control(c) || punct_kind(c) != RT_END)
			break;
		lx->pos++;
	}
	t.kind = RT_WORD;
	t.len = lx->pos - start;
	return t;
}

int rt_error_at(struct route_text_error *err, size_t off, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(err->why)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err->offset = off;
	/* keep room for the position: it is the part a user needs to find the mistake */
	size_t room = sizeof(err->why) - 24;
	snprintf(err->why, sizeof(err->why), "%.*s (at %zu)", (int)room, msg, off);
	return -1;
}

int rt_error_word(struct route_text_error *err, const char *keyword, const struct rt_token *t,
		  const char *problem)
{
	if (t->kind == RT_END) {
		if (keyword)
			return rt_error_at(err, t->off, "%s: a value is missing", keyword);
		return rt_error_at(err, t->off, "the command ends too early");
	}
	if (t->kind == RT_BAD)
		return rt_error_at(err, t->off, "%s%scontrol character 0x%02x in the command",
				   keyword ? keyword : "", keyword ? ": " : "", (unsigned char)t->s[0]);
	int shown = t->len > RT_ERROR_WORD_MAX ? RT_ERROR_WORD_MAX : (int)t->len;
	return rt_error_at(err, t->off, "%s%s'%.*s%s' %s", keyword ? keyword : "", keyword ? ": " : "",
			   shown, t->s, t->len > RT_ERROR_WORD_MAX ? "..." : "", problem);
}

int rt_expect_word(struct rt_lex *lx, const char *word, const char *route, struct route_text_error *err)
{
	struct rt_token t = rt_lex_next(lx);
	if (t.kind == RT_WORD && scan_word_is(t.s, t.len, word))
		return 0;
	if (t.kind == RT_END || t.kind == RT_SEMI)
		return rt_error_at(err, t.off, "%s: '%s' is missing", route, word);
	char problem[64];
	snprintf(problem, sizeof(problem), "found where '%s' is expected", word);
	return rt_error_word(err, route, &t, problem);
}

int rt_expect_value(struct rt_lex *lx, const char *word, const char *route, struct route_text_error *err,
		    struct rt_token *value)
{
	if (rt_expect_word(lx, word, route, err) < 0)
		return -1;
	*value = rt_lex_next(lx);
	if (value->kind != RT_WORD)
		return rt_error_at(err, value->off, "%s: a value is missing", word);
	return 0;
}
