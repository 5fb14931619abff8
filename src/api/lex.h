/* lex.h — the words of a command line, for the dispatcher and the shortcut table.
 *
 * Owns: splitting a line into words (runs of non-blank characters; '[', ']', ',' and ';'
 * are words of their own even when written against their neighbours, so a selector can be
 * `[10.0.0.1,10.0.0.2]`), case-insensitive keyword tests, and "the rest of the line" (what
 * follows the words consumed so far, handed untouched to the route grammar).
 * Must not know: what the words mean. Never reads past the given length: lines come from
 * helper processes and sockets, and need not be NUL-terminated.
 */
#ifndef API_LEX_H
#define API_LEX_H

#include <stdbool.h>
#include <stddef.h>

struct api_token {
	const char *s;   /* NULL at the end of the line */
	size_t len;
	size_t off;      /* where the word starts in the line */
};

struct api_lex {
	const char *text;
	size_t len;
	size_t pos;
};

void api_lex_init(struct api_lex *lx, const char *text, size_t len);
/* The next word (consumed), or a token with s NULL at the end. */
struct api_token api_lex_next(struct api_lex *lx);
/* The next word without consuming it. */
struct api_token api_lex_peek(const struct api_lex *lx);
/* What is left, blanks skipped at both ends (*len 0 when nothing). */
const char *api_lex_rest(const struct api_lex *lx, size_t *len);
bool api_lex_at_end(const struct api_lex *lx);

/* Whether the token is word (ASCII case-insensitive). */
bool api_tok_is(const struct api_token *t, const char *word);
/* A word as a C string for messages: copied into out (cut to size, control characters
 * replaced by '?'), returns out. */
char *api_tok_text(const struct api_token *t, char *out, size_t size);

#endif
