/* lex.c — see lex.h. Lines are read, joined at trailing backslashes, then cut into words
 * and statements in one pass that tracks each word's physical line and column. */
#include "config/lex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"

#define CFG_READ_CHUNK 65536

struct cfg_line {
	const char *s;
	size_t len;
	const struct cfg_segment *seg;
	size_t nseg;
};

void cfg_lex_init_text(struct cfg_lexer *lx, const char *name, const char *text, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->name = name;
	lx->text = text ? text : "";
	lx->len = text ? len : 0;
	lx->fd = -1;
	lx->line = 1;
}

void cfg_lex_init_fd(struct cfg_lexer *lx, const char *name, int fd)
{
	memset(lx, 0, sizeof(*lx));
	lx->name = name;
	lx->fd = fd;
	lx->line = 1;
}

void cfg_lex_fini(struct cfg_lexer *lx)
{
	buf_free(&lx->in);
	buf_free(&lx->chars);
	buf_free(&lx->joined);
	free(lx->words);
	free(lx->pending);
	free(lx->seg);
	memset(lx, 0, sizeof(*lx));
	lx->fd = -1;
}

/* ---- physical lines --------------------------------------------------------------- */

/* The next physical line (without its '\n') from memory. 1, or 0 at the end. */
static int line_from_text(struct cfg_lexer *lx, const char **s, size_t *len)
{
	if (lx->pos >= lx->len)
		return 0;
	const char *start = lx->text + lx->pos;
	const char *nl = memchr(start, '\n', lx->len - lx->pos);
	size_t n = nl ? (size_t)(nl - start) : lx->len - lx->pos;
	lx->pos += n + (nl ? 1 : 0);
	*s = start;
	*len = n;
	return 1;
}

/* The next physical line from the descriptor: 1, 0 at the end, -1 on a read error or a
 * line longer than CFG_LINE_MAX. The line stays valid until the next call. */
static int line_from_fd(struct cfg_lexer *lx, const char **s, size_t *len, char *why, size_t why_len)
{
	for (;;) {
		const char *start = (const char *)lx->in.data + lx->in_pos;
		size_t avail = lx->in.len - lx->in_pos;
		const char *nl = avail ? memchr(start, '\n', avail) : NULL;
		if (nl) {
			*s = start;
			*len = (size_t)(nl - start);
			lx->in_pos += *len + 1;
			return 1;
		}
		if (lx->in_eof) {
			if (avail == 0)
				return 0;
			*s = start;
			*len = avail;
			lx->in_pos = lx->in.len;
			return 1;
		}
		if (avail > CFG_LINE_MAX) {
			snprintf(why, why_len, "a line is longer than %u bytes", CFG_LINE_MAX);
			return -1;
		}
		/* keep the unconsumed tail, then read more behind it */
		if (lx->in_pos) {
			memmove(lx->in.data, lx->in.data + lx->in_pos, avail);
			lx->in.len = avail;
			lx->in_pos = 0;
		}
		buf_reserve(&lx->in, CFG_READ_CHUNK + 1);
		ssize_t got;
		do
			got = read(lx->fd, lx->in.data + lx->in.len, CFG_READ_CHUNK);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			snprintf(why, why_len, "cannot read: %s", strerror(errno));
			return -1;
		}
		if (got == 0)
			lx->in_eof = true;
		lx->in.len += (size_t)got;
	}
}

static bool trailing_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* The next logical line: physical lines, right-stripped, joined while they end with a
 * backslash (dropped). 1, 0 at the end, -1 on error. */
static int logical_line(struct cfg_lexer *lx, struct cfg_line *out, char *why, size_t why_len)
{
	size_t nseg = 0;
	out->nseg = 0;
	buf_reset(&lx->joined);
	for (;;) {
		const char *s;
		size_t len;
		int rc = lx->fd >= 0 ? line_from_fd(lx, &s, &len, why, why_len) : line_from_text(lx, &s, &len);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (nseg == 0)
				return 0;
			break; /* a continuation on the last line: nothing to join */
		}
		uint32_t number = lx->line++;
		while (len > 0 && trailing_space(s[len - 1]))
			len--;
		bool more = len > 0 && s[len - 1] == '\\';
		if (more)
			len--;
		if (lx->joined.len + len > CFG_LINE_MAX) {
			snprintf(why, why_len, "a line is longer than %u bytes", CFG_LINE_MAX);
			return -1;
		}
		if (nseg == lx->capseg) {
			lx->capseg = lx->capseg ? lx->capseg * 2 : 8;
			lx->seg = xrealloc(lx->seg, lx->capseg * sizeof(*lx->seg));
		}
		/* the common case, one line, is used in place (a read line stays valid until the next) */
		if (nseg == 0 && !more) {
			lx->seg[0] = (struct cfg_segment){0, number};
			out->s = s;
			out->len = len;
			out->seg = lx->seg;
			out->nseg = 1;
			return 1;
		}
		lx->seg[nseg++] = (struct cfg_segment){lx->joined.len, number};
		buf_put(&lx->joined, s, len);
		if (!more)
			break;
	}
	out->seg = lx->seg;
	out->nseg = nseg;
	out->s = lx->joined.len ? (const char *)lx->joined.data : "";
	out->len = lx->joined.len;
	return 1;
}

static void position(const struct cfg_line *ln, size_t at, uint32_t *line, uint32_t *col)
{
	if (ln->nseg == 1) {
		*line = ln->seg[0].line;
		*col = (uint32_t)(at + 1);
		return;
	}
	size_t k = 0;
	while (k + 1 < ln->nseg && ln->seg[k + 1].offset <= at)
		k++;
	*line = ln->seg[k].line;
	*col = (uint32_t)(at - ln->seg[k].offset + 1);
}

/* ---- words ------------------------------------------------------------------------ */

struct cfg_cut {
	struct cfg_lexer *lx;
	const struct cfg_line *ln;
	bool in_word;
	size_t word_at;      /* offset in the line of the word's first character */
	size_t word_start;   /* offset in lx->chars */
	bool quoted_word;
	size_t first_word;   /* index in lx->words of the current statement's first word */
};

static void word_begin(struct cfg_cut *c, size_t at)
{
	if (c->in_word)
		return;
	c->in_word = true;
	c->word_at = at;
	c->word_start = c->lx->chars.len;
	c->quoted_word = false;
}

static void word_end(struct cfg_cut *c)
{
	struct cfg_lexer *lx = c->lx;
	if (!c->in_word)
		return;
	if (lx->nwords == lx->capwords) {
		lx->capwords = lx->capwords ? lx->capwords * 2 : 64;
		lx->words = xrealloc(lx->words, lx->capwords * sizeof(*lx->words));
	}
	struct cfg_word *w = &lx->words[lx->nwords++];
	w->s = (const char *)(uintptr_t)c->word_start; /* an offset until the line is done */
	w->len = (uint32_t)(lx->chars.len - c->word_start);
	w->quoted = c->quoted_word;
	position(c->ln, c->word_at, &w->line, &w->col);
	buf_putc(&lx->chars, '\0');
	c->in_word = false;
}

static void punctuation(struct cfg_cut *c, char ch, size_t at)
{
	word_end(c);
	word_begin(c, at);
	buf_putc(&c->lx->chars, ch);
	word_end(c);
}

static void statement_end(struct cfg_cut *c, enum cfg_end end, size_t at)
{
	struct cfg_lexer *lx = c->lx;
	word_end(c);
	if (lx->npending == lx->cappending) {
		lx->cappending = lx->cappending ? lx->cappending * 2 : 16;
		lx->pending = xrealloc(lx->pending, lx->cappending * sizeof(*lx->pending));
	}
	struct cfg_statement *st = &lx->pending[lx->npending++];
	st->w = (struct cfg_word *)(uintptr_t)c->first_word; /* an index until the line is done */
	st->n = lx->nwords - c->first_word;
	st->end = end;
	position(c->ln, at, &st->line, &st->col);
	c->first_word = lx->nwords;
}

static int fail_at(const struct cfg_line *ln, size_t at, uint32_t *line, uint32_t *col)
{
	position(ln, at, line, col);
	return -1;
}

static int hex4(const char *s, size_t avail, uint32_t *out)
{
	uint32_t v = 0;
	if (avail < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char ch = s[i];
		int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

static void put_utf8(struct buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xC0 | cp >> 6));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(b, (char)(0xE0 | cp >> 12));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Bytes that are always part of a word outside quotes: copied a run at a time. */
static bool plain_char(unsigned char c)
{
	return c > ' ' && c != 0x7F && c != ';' && c != '{' && c != '}' && c != '[' && c != ']' && c != ',' &&
	       c != '"' && c != '\'' && c != '#' && c != '\\';
}

/* Cut one logical line into pending statements. 0, or -1 with why at line:col. */
static int cut_line(struct cfg_lexer *lx, const struct cfg_line *ln, char *why, size_t why_len,
		    uint32_t *line, uint32_t *col)
{
	struct cfg_cut c = {lx, ln, false, 0, 0, false, 0};
	char quote = 0;
	size_t quote_at = 0;

	for (size_t i = 0; i < ln->len; i++) {
		size_t at = i;
		unsigned char ch = (unsigned char)ln->s[i];
		bool multibyte = false;
		uint32_t cp = 0;
		if (ch == '\\') {
			/* ExaBGP unescapes the whole line before cutting it: an escaped character
			 * is then read like any other */
			if (i + 1 >= ln->len)
				break; /* only a last line ending in a backslash has one left: dropped */
			char e = ln->s[++i];
			switch (e) {
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'u':
				if (hex4(ln->s + i + 1, ln->len - i - 1, &cp) < 0) {
					snprintf(why, why_len, "'\\u' is not followed by four hexadecimal digits");
					return fail_at(ln, at, line, col);
				}
				i += 4;
				if (cp >= 0xD800 && cp <= 0xDFFF) {
					snprintf(why, why_len, "'\\u%04X' is not a character", (unsigned)cp);
					return fail_at(ln, at, line, col);
				}
				if (cp >= 0x80)
					multibyte = true;
				else
					ch = (unsigned char)cp;
				break;
			default: ch = (unsigned char)e; break;
			}
		}
		if (multibyte) {
			word_begin(&c, at);
			put_utf8(&lx->chars, cp);
			continue;
		}
		if (quote) {
			if (ch == (unsigned char)quote) {
				quote = 0;
				word_end(&c);
			} else if (ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\n') {
				goto control;
			} else if (ch == 0x7F) {
				goto control;
			} else {
				buf_putc(&lx->chars, (char)ch);
			}
			continue;
		}
		switch (ch) {
		case '#':
			if (c.in_word) {
				snprintf(why, why_len, "a comment ('#') is glued to a word: put a space before it");
				return fail_at(ln, at, line, col);
			}
			i = ln->len; /* the rest of the line is a comment */
			break;
		case ';':
			statement_end(&c, CFG_SEMI, at);
			break;
		case '{':
			statement_end(&c, CFG_OPEN, at);
			break;
		case '}':
			statement_end(&c, CFG_CLOSE, at);
			break;
		case ',':
		case '[':
		case ']':
			punctuation(&c, (char)ch, at);
			break;
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			word_end(&c);
			break;
		case '"':
		case '\'':
			word_begin(&c, at);
			c.quoted_word = true;
			quote = (char)ch;
			quote_at = at;
			break;
		default: {
			if (ch < 0x20 || ch == 0x7F)
				goto control;
			word_begin(&c, at);
			/* the rest of a run of ordinary characters in one copy (an escaped
			 * character starts no run: it is this one) */
			size_t end = i + 1;
			if (at == i)
				while (end < ln->len && plain_char((unsigned char)ln->s[end]))
					end++;
			if (at == i && end > i + 1) {
				buf_put(&lx->chars, ln->s + i, end - i);
				i = end - 1;
			} else {
				buf_putc(&lx->chars, (char)ch);
			}
			break;
		}
		}
		continue;
control:
		snprintf(why, why_len, "control character 0x%02X in the text", ch);
		return fail_at(ln, at, line, col);
	}
	if (quote) {
		snprintf(why, why_len, "the quote (%c) is not closed on its line", quote);
		return fail_at(ln, quote_at, line, col);
	}
	word_end(&c);
	if (lx->nwords > c.first_word) {
		const struct cfg_word *w = &lx->words[c.first_word];
		*line = w->line;
		*col = w->col;
		snprintf(why, why_len, "the statement starting here does not end on its line with ';', '{' or '}'");
		return -1;
	}
	/* offsets become pointers now that the buffers stop moving */
	for (size_t k = 0; k < lx->nwords; k++)
		lx->words[k].s = (const char *)lx->chars.data + (uintptr_t)lx->words[k].s;
	for (size_t k = 0; k < lx->npending; k++)
		lx->pending[k].w = lx->words ? lx->words + (uintptr_t)lx->pending[k].w : NULL; /* NULL: no words yet */
	return 0;
}

int cfg_lex_next(struct cfg_lexer *lx, struct cfg_statement *st, char *why, size_t why_len,
		 uint32_t *line, uint32_t *col)
{
	struct cfg_line ln;

	while (lx->next >= lx->npending) {
		lx->next = lx->npending = lx->nwords = 0;
		buf_reset(&lx->chars);
		int got = logical_line(lx, &ln, why, why_len);
		if (got < 0) {
			*line = lx->line > 1 ? lx->line - 1 : 1;
			*col = 1;
			return -1;
		}
		if (got == 0) {
			memset(st, 0, sizeof(*st));
			st->end = CFG_EOF;
			st->line = lx->line > 1 ? lx->line - 1 : 1;
			st->col = 1;
			return 0;
		}
		if (cut_line(lx, &ln, why, why_len, line, col) < 0) {
			lx->npending = lx->nwords = 0;
			return -1;
		}
	}
	*st = lx->pending[lx->next++];
	return 0;
}
