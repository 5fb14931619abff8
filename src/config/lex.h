/* lex.h — ExaBGP's configuration tokeniser (internal to config).
 *
 * Owns: turning configuration text into statements the way ExaBGP's tokeniser
 * (configuration/core/format.py, tokeniser.py) does, and the position of every word:
 *   - a statement is the words up to and including ';', '{' or '}', which end it;
 *   - ',', '[' and ']' are words of their own even when glued to others; '(' and ')' are not;
 *   - "..." or '...' quote a word (spaces and punctuation included, the quotes dropped; a
 *     quote inside a word continues it: ab"c d" is the word `abc d`);
 *   - '#' outside quotes starts a comment to the end of the line;
 *   - a backslash escapes the next character: \t \n \r \b \f and \uXXXX are control
 *     characters, anything else stands for itself; a backslash ending a line joins the next
 *     line to it (ExaBGP's line continuation);
 *   - a statement may not span lines (ExaBGP refuses "invalid syntax"): the words left
 *     when a line ends are an error.
 * Where ExaBGP has an accident we refuse or do the evident thing instead, and say so:
 *   - a word glued to a comment ("1.2.3.4#x") is an error here as there (ExaBGP turns it
 *     into a stray '#' word that the end-of-line check refuses);
 *   - a control character (other than tab, CR, and those written as escapes) is an error;
 *   - a joined line's first character is taken as written (ExaBGP's unescape would read
 *     "\" + "n..." as a newline).
 * Input is read line by line from memory or a file descriptor, so a file of a million
 * routes is never held whole. Lines are at most CFG_LINE_MAX bytes.
 * Must not know: what the words mean.
 */
#ifndef CONFIG_LEX_H
#define CONFIG_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define CFG_LINE_MAX (1u << 20)

struct cfg_word {
	const char *s;     /* NUL-terminated (a word may hold a NUL only through \u0000: refused) */
	uint32_t len;
	uint32_t line;     /* 1-based physical line and column (bytes) of its first character */
	uint32_t col;
	bool quoted;       /* written in quotes: `"{"` is a word, not a brace */
};

enum cfg_end {
	CFG_EOF = 0,       /* no statement: the input is over */
	CFG_SEMI,          /* ';' */
	CFG_OPEN,          /* '{' */
	CFG_CLOSE,         /* '}' */
};

struct cfg_statement {
	struct cfg_word *w; /* the words before the terminator (valid until the next statement) */
	size_t n;
	enum cfg_end end;
	uint32_t line;     /* position of the terminator (or of the end of input) */
	uint32_t col;
};

/* A logical line is made of physical segments (more than one after a continuation). */
struct cfg_segment {
	size_t offset;     /* where the segment starts in the logical line */
	uint32_t line;     /* its physical line number */
};

struct cfg_lexer {
	const char *name;  /* for errors: the file name, or "<text>" */
	/* input: memory (text, len) or a descriptor (fd >= 0) read through buf */
	const char *text;
	size_t len;
	size_t pos;
	int fd;
	struct buf in;     /* descriptor input: bytes read but not yet consumed */
	size_t in_pos;
	bool in_eof;
	uint32_t line;     /* physical line number of the next line */
	/* the statements of the current logical line */
	struct buf chars;  /* word bytes, NUL after each */
	struct cfg_word *words;
	size_t nwords, capwords;
	struct cfg_statement *pending;
	size_t npending, cappending, next;
	uint32_t eof_line, eof_col;
	struct buf joined;  /* a logical line made of several physical ones, or read from fd */
	struct cfg_segment *seg;
	size_t capseg;
};

/* Read from memory: text[0..len), need not be NUL-terminated, never read past len. */
void cfg_lex_init_text(struct cfg_lexer *lx, const char *name, const char *text, size_t len);
/* Read from a descriptor (not closed by the lexer). */
void cfg_lex_init_fd(struct cfg_lexer *lx, const char *name, int fd);
void cfg_lex_fini(struct cfg_lexer *lx);

/* The next statement into *st. Returns 0 (st->end == CFG_EOF at the end), or -1 with
 * why (at line:col) describing a tokenising error. */
int cfg_lex_next(struct cfg_lexer *lx, struct cfg_statement *st, char *why, size_t why_len,
		 uint32_t *line, uint32_t *col);

#endif
