/* t_config_lex.c — ExaBGP's configuration tokeniser: statements, words, punctuation,
 * quotes, escapes, comments, line continuation, positions and errors; from memory and
 * from a descriptor (reads cut anywhere give the same statements). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/lex.h"
#include "core/buf.h"
#include "tap.h"

/* All statements of text as "w1|w2|...;" lines (";", "{" or "}" for the terminator), or
 * "ERROR line:col why". */
static void lex_all(const char *text, size_t len, struct buf *out)
{
	struct cfg_lexer lx;
	struct cfg_statement st;
	char why[200];
	uint32_t line, col;

	buf_reset(out);
	cfg_lex_init_text(&lx, "<t>", text, len);
	for (;;) {
		if (cfg_lex_next(&lx, &st, why, sizeof(why), &line, &col) < 0) {
			buf_printf(out, "ERROR %u:%u %s", line, col, why);
			break;
		}
		if (st.end == CFG_EOF)
			break;
		for (size_t i = 0; i < st.n; i++) {
			if (i)
				buf_putc(out, '|');
			buf_put(out, st.w[i].s, st.w[i].len);
		}
		buf_putc(out, st.end == CFG_SEMI ? ';' : st.end == CFG_OPEN ? '{' : '}');
		buf_putc(out, '\n');
	}
	cfg_lex_fini(&lx);
	buf_cstr(out);
}

static void expect(const char *text, const char *want, const char *name)
{
	struct buf out = BUF_INIT;
	lex_all(text, strlen(text), &out);
	is_str((const char *)out.data, want, "%s", name);
	buf_free(&out);
}

static void positions(void)
{
	const char *text = "neighbor 10.0.0.1 {\n\thold-time  180;\n  route 1.0.0.0/8 \\\n    next-hop 1.1.1.1;\n}\n";
	struct cfg_lexer lx;
	struct cfg_statement st;
	char why[200];
	uint32_t line, col;

	cfg_lex_init_text(&lx, "<t>", text, strlen(text));
	cfg_lex_next(&lx, &st, why, sizeof(why), &line, &col);
	ok(st.n == 2 && st.w[1].line == 1 && st.w[1].col == 10, "word positions: line 1 column 10");
	cfg_lex_next(&lx, &st, why, sizeof(why), &line, &col);
	ok(st.n == 2 && st.w[0].line == 2 && st.w[0].col == 2 && st.w[1].col == 13, "a tab is one column");
	cfg_lex_next(&lx, &st, why, sizeof(why), &line, &col);
	ok(st.n == 4 && st.w[2].line == 4 && st.w[2].col == 5 && st.w[3].line == 4,
	   "words after a continuation keep their own line and column");
	is_int(st.line, 4, "the terminator's line");
	cfg_lex_next(&lx, &st, why, sizeof(why), &line, &col);
	ok(st.end == CFG_CLOSE && st.line == 5 && st.col == 1, "'}' at 5:1");
	cfg_lex_next(&lx, &st, why, sizeof(why), &line, &col);
	ok(st.end == CFG_EOF, "then the end");
	cfg_lex_fini(&lx);
}

/* A descriptor, written in pieces through a pipe, must give what memory gives. */
static void from_fd(void)
{
	struct buf text = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	for (int i = 0; i < 20000; i++)
		buf_printf(&text, "route 10.%d.%d.0/24 next-hop 192.0.2.1 community [ 65000:%d ];%s", i >> 8, i & 255, i,
			   i % 7 == 0 ? " # a comment\n" : i % 11 == 0 ? " \\\n" : "\n");
	lex_all((const char *)text.data, text.len, &want);

	char path[] = "/tmp/t_config_lex_XXXXXX";
	int fd = mkstemp(path);
	ok(fd >= 0 && write(fd, text.data, text.len) == (ssize_t)text.len, "temporary file written");
	lseek(fd, 0, SEEK_SET);
	struct cfg_lexer lx;
	struct cfg_statement st;
	char why[200];
	uint32_t line, col;
	cfg_lex_init_fd(&lx, path, fd);
	for (;;) {
		if (cfg_lex_next(&lx, &st, why, sizeof(why), &line, &col) < 0) {
			buf_printf(&got, "ERROR %u:%u %s", line, col, why);
			break;
		}
		if (st.end == CFG_EOF)
			break;
		for (size_t i = 0; i < st.n; i++) {
			if (i)
				buf_putc(&got, '|');
			buf_put(&got, st.w[i].s, st.w[i].len);
		}
		buf_putc(&got, st.end == CFG_SEMI ? ';' : st.end == CFG_OPEN ? '{' : '}');
		buf_putc(&got, '\n');
	}
	buf_cstr(&got);
	cfg_lex_fini(&lx);
	close(fd);
	unlink(path);
	ok(got.len == want.len && memcmp(got.data, want.data, got.len) == 0,
	   "a file read in 64 KiB pieces gives the statements memory gives (%zu bytes)", text.len);
	buf_free(&text);
	buf_free(&want);
	buf_free(&got);
}

int main(void)
{
	expect("a b c;", "a|b|c;\n", "words and ';'");
	expect("a { b; }\n", "a{\nb;\n}\n", "'{' and '}' end statements");
	expect("a;b;c;", "a;\nb;\nc;\n", "several statements on a line");
	expect("community [1:1,2:2];", "community|[|1:1|,|2:2|];\n", "'[', ']' and ',' are words of their own");
	expect("aggregator (1:1.2.3.4);", "aggregator|(1:1.2.3.4);\n", "'(' and ')' are not (as in ExaBGP)");
	expect("description \"a b; {c}\";", "description|a b; {c};\n", "double quotes keep spaces and punctuation");
	expect("x 'say \"hi\"';", "x|say \"hi\";\n", "single quotes keep double quotes");
	expect("x ab\"c d\"e;", "x|abc d|e;\n", "a quote inside a word continues it; the closing one ends it");
	expect("x \"\";", "x|;\n", "an empty quoted word is a word");
	expect("a b; # c d;\n", "a|b;\n", "a comment runs to the end of the line");
	expect("# only a comment\n\n   \n", "", "comments and blank lines");
	expect("x \"a#b\";", "x|a#b;\n", "'#' inside quotes is a character");
	expect("a \\\n b;", "a|b;\n", "a backslash at the end of a line joins the next");
	expect("a \\  \n b;", "a|b;\n", "spaces after the backslash are stripped first");
	expect("# comment \\\nb;\nc;", "c;\n", "a continued comment swallows the next line, as in ExaBGP");
	expect("x a\\;b;", "x|a;\nb;\n", "escapes are read before the words: '\\;' ends the statement (ExaBGP)");
	expect("x \"a\\tb\";", "x|a\tb;\n", "\\t in quotes is a tab");
	expect("x a\\tb;", "x|a|b;\n", "\\t outside quotes separates words");
	expect("x \"\\u00e9\";", "x|\xc3\xa9;\n", "\\u00e9 is UTF-8");
	expect("x \\\\;", "x|\\;\n", "\\\\ is a backslash");
	expect("x\r\ny;\r\n", "ERROR 1:1 the statement starting here does not end on its line with ';', '{' or '}'",
	       "a statement may not span lines");
	expect("a b\n", "ERROR 1:1 the statement starting here does not end on its line with ';', '{' or '}'",
	       "words left at the end of the file");
	expect("x \"abc;\n", "ERROR 1:3 the quote (\") is not closed on its line", "an unclosed quote");
	expect("x 1.2.3.4#c;\n", "ERROR 1:10 a comment ('#') is glued to a word: put a space before it",
	       "a comment glued to a word");
	expect("x a\x01;", "ERROR 1:4 control character 0x01 in the text", "control characters are refused");
	expect("x \\u12;", "ERROR 1:3 '\\u' is not followed by four hexadecimal digits", "a short \\u");
	expect("x \\ud800;", "ERROR 1:3 '\\uD800' is not a character", "a surrogate");
	expect("x y;\\", "x|y;\n", "a backslash ending the last line joins nothing");
	expect("a;\n\n  b { c; }", "a;\nb{\nc;\n}\n", "no newline at the end");

	/* a NUL in the middle of text is a control character, never the end of the input */
	struct buf out = BUF_INIT;
	lex_all("a b\0c;", 6, &out);
	is_str((const char *)out.data, "ERROR 1:4 control character 0x00 in the text", "a NUL byte is refused");
	/* the text need not be NUL-terminated: only len bytes are read */
	char unterminated[4] = {'a', ';', 'b', ';'};
	lex_all(unterminated, 4, &out);
	is_str((const char *)out.data, "a;\nb;\n", "text without a NUL");
	buf_free(&out);

	positions();
	from_fd();
	return done_testing();
}
