/* lex.c — see lex.h. */
#include "api/lex.h"

#include <strings.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_single(char c)
{
	return c == '[' || c == ']' || c == ',' || c == ';';
}

void api_lex_init(struct api_lex *lx, const char *text, size_t len)
{
	lx->text = text ? text : "";
	lx->len = text ? len : 0;
	lx->pos = 0;
}

static struct api_token scan(const struct api_lex *lx, size_t *end)
{
	struct api_token t = {NULL, 0, lx->len};
	size_t i = lx->pos;

	while (i < lx->len && is_blank(lx->text[i]))
		i++;
	*end = i;
	if (i == lx->len)
		return t;
	t.s = lx->text + i;
	t.off = i;
	if (is_single(lx->text[i])) {
		t.len = 1;
		*end = i + 1;
		return t;
	}
	size_t j = i;
	while (j < lx->len && !is_blank(lx->text[j]) && !is_single(lx->text[j]))
		j++;
	t.len = j - i;
	*end = j;
	return t;
}

struct api_token api_lex_next(struct api_lex *lx)
{
	size_t end;
	struct api_token t = scan(lx, &end);
	lx->pos = end;
	return t;
}

struct api_token api_lex_peek(const struct api_lex *lx)
{
	size_t end;
	return scan(lx, &end);
}

const char *api_lex_rest(const struct api_lex *lx, size_t *len)
{
	size_t i = lx->pos, j = lx->len;
	while (i < j && is_blank(lx->text[i]))
		i++;
	while (j > i && is_blank(lx->text[j - 1]))
		j--;
	*len = j - i;
	return lx->text + i;
}

bool api_lex_at_end(const struct api_lex *lx)
{
	return api_lex_peek(lx).s == NULL;
}

bool api_tok_is(const struct api_token *t, const char *word)
{
	if (t->s == NULL)
		return false;
	size_t n = 0;
	while (word[n])
		n++;
	return n == t->len && strncasecmp(t->s, word, n) == 0;
}

char *api_tok_text(const struct api_token *t, char *out, size_t size)
{
	size_t n = 0;
	if (size == 0)
		return out;
	if (t->s)
		for (; n < t->len && n + 1 < size; n++) {
			unsigned char ch = (unsigned char)t->s[n];
			out[n] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
		}
	out[n] = '\0';
	return out;
}
