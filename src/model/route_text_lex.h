/* route_text_lex.h — words of route text, and the errors that name them (internal to model).
 *
 * Owns: splitting a command into words and punctuation the way ExaBGP's tokeniser does
 * ("[", "]", "(", ")", "{", "}", ",", ";" stand alone even when glued to a word, so
 * "[1:1 2:2]" and "[ 1:1 2:2 ]" read the same), each word with its byte offset; and the
 * one error shape of the grammar: "keyword: 'word' problem (at N)".
 * The lexer reads only text[0..len): commands come from helper processes, unterminated and
 * untrusted. A control character is an error, never part of a word.
 * Must not know: what the words mean.
 */
#ifndef MODEL_ROUTE_TEXT_LEX_H
#define MODEL_ROUTE_TEXT_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "model/route_text.h"

enum rt_tok {
	RT_END = 0,   /* no more text */
	RT_WORD,
	RT_LBRACKET,  /* [ */
	RT_RBRACKET,  /* ] */
	RT_LPAREN,    /* ( */
	RT_RPAREN,    /* ) */
	RT_LBRACE,    /* { */
	RT_RBRACE,    /* } */
	RT_COMMA,     /* , */
	RT_SEMI,      /* ; separates the commands of a group */
	RT_BAD,       /* a control character */
};

struct rt_token {
	enum rt_tok kind;
	const char *s;   /* the word (or the punctuation character) */
	size_t len;
	size_t off;      /* byte offset in the whole text */
};

/* A lexer is a plain value: copy it to look ahead, assign it back to rewind. */
struct rt_lex {
	const char *text;
	size_t len;
	size_t pos;
};

static inline struct rt_lex rt_lex_make(const char *text, size_t len)
{
	struct rt_lex lx = {text, len, 0};
	return lx;
}

/* The next token (RT_END at the end, forever). */
struct rt_token rt_lex_next(struct rt_lex *lx);
static inline struct rt_token rt_lex_peek(const struct rt_lex *lx)
{
	struct rt_lex copy = *lx;
	return rt_lex_next(&copy);
}

/* Fill err: why = "<prefix>'<word>' <problem> (at <off>)" — prefix is "keyword: " or "".
 * Long words are cut. Returns -1 so a parser can `return rt_error(...)`. */
int rt_error_word(struct route_text_error *err, const char *keyword, const struct rt_token *t,
		  const char *problem);
/* The next token must be the word `word` (a family grammar's fixed keyword): 0, or -1 with
 * err saying it is missing or what was found instead, `route` naming the statement. */
int rt_expect_word(struct rt_lex *lx, const char *word, const char *route, struct route_text_error *err);
/* The same, then the word after it, its value, in *value. */
int rt_expect_value(struct rt_lex *lx, const char *word, const char *route, struct route_text_error *err,
		    struct rt_token *value);

/* Fill err with a free-form message and " (at <off>)". Returns -1. */
int rt_error_at(struct route_text_error *err, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
