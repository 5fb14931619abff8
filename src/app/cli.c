/* cli.c — `attobgp cli [-s SOCKET] [-t SECONDS] [COMMAND...]`: talk to a running server.
 *
 * With a COMMAND, sends it (its words joined by spaces) and prints the one JSON line
 * answered; exits 0, 1 when the answer is {"error": ...}, 2 when there is no server, 3
 * when no answer came in time. Without one, reads commands: from a terminal with line
 * editing, history (~/.attobgp_history) and completion of command words (libedit: BSD,
 * like the rest of what attobgp links; GNU readline would make the binary GPL), or one per
 * line from a pipe (scripts). Legacy commands are sent as typed: the server rewrites them
 * with the same table the completion reads (api/shortcut.h).
 * The socket: -s, else exabgp.api.socketpath, else NAME.sock (exabgp.api.socketname) in
 * the first run directory holding it (api/env.h).
 * Wiring only: the protocol is api/control.c, the words api/words.c.
 */
#include <editline/readline.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/control.h"
#include "api/env.h"
#include "api/words.h"
#include "app/commands.h"
#include "core/buf.h"

#define CLI_HISTORY_MAX 1000

/* completion state (readline's generator is called with a counter, not a context) */
static char **cli_matches;
static size_t cli_nmatches, cli_capmatches;
static const char *cli_prefix;

static void usage(FILE *out)
{
	fputs("usage: attobgp cli [-s SOCKET] [-t SECONDS] [COMMAND...]\n"
	      "  sends COMMAND to the running server and prints its answer (one JSON line);\n"
	      "  without COMMAND, reads commands: interactively (history, TAB completion) or from a pipe\n"
	      "  -s SOCKET   the control socket (default: exabgp.api.socketpath, else attobgp.sock in /run/...)\n"
	      "  -t SECONDS  how long to wait for an answer (default 60; 0: for ever)\n",
	      out);
}

/* Indent a JSON line for a terminal (strings copied as they are, spaces outside them dropped). */
static void print_pretty(const char *s, size_t len)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (in_string) {
			putchar(ch);
			if (ch == '\\' && i + 1 < len)
				putchar(s[++i]);
			else if (ch == '"')
				in_string = false;
			continue;
		}
		switch (ch) {
		case '"':
			in_string = true;
			putchar(ch);
			break;
		case '{':
		case '[':
			if (i + 1 < len && (s[i + 1] == '}' || s[i + 1] == ']')) {
				putchar(ch);
				putchar(s[++i]);
				break;
			}
			depth++;
			printf("%c\n%*s", ch, 2 * depth, "");
			break;
		case '}':
		case ']':
			depth--;
			printf("\n%*s%c", 2 * (depth > 0 ? depth : 0), "", ch);
			break;
		case ',':
			printf(",\n%*s", 2 * depth, "");
			break;
		case ':':
			fputs(": ", stdout);
			break;
		case ' ':
			break; /* the answer's own spacing (json.dumps'), replaced by the indentation */
		default:
			putchar(ch);
		}
	}
	putchar('\n');
}

static bool is_error(const char *line, size_t len)
{
	return len >= 9 && memcmp(line, "{\"error\":", 9) == 0;
}

/* Send one command, print its answer. Returns 0, 1 (an error answer), 2 (the server went
 * away), 3 (no answer in time). */
static int exchange(struct api_ctl *ctl, const char *cmd, size_t len, int timeout_ms, bool pretty)
{
	const char *line;
	size_t n;
	if (api_ctl_send(ctl, cmd, len) < 0) {
		fprintf(stderr, "attobgp cli: the server went away: %s\n", strerror(errno));
		return 2;
	}
	int rc = api_ctl_read(ctl, timeout_ms, &line, &n);
	if (rc == 0) {
		fprintf(stderr, "attobgp cli: the server closed the connection\n");
		return 2;
	}
	if (rc < 0) {
		fprintf(stderr, "attobgp cli: no answer%s\n", errno == ETIMEDOUT ? " in time (acks off?)" : "");
		return 3;
	}
	if (pretty)
		print_pretty(line, n);
	else
		printf("%.*s\n", (int)n, line);
	fflush(stdout);
	return is_error(line, n) ? 1 : 0;
}

/* ---- completion ---- */

static void add_match(void *ctx, const char *word)
{
	(void)ctx;
	if (strncmp(word, cli_prefix, strlen(cli_prefix)) != 0)
		return;
	for (size_t i = 0; i < cli_nmatches; i++)
		if (strcmp(cli_matches[i], word) == 0)
			return;
	if (cli_nmatches == cli_capmatches) {
		cli_capmatches = cli_capmatches ? 2 * cli_capmatches : 32;
		char **grown = realloc(cli_matches, cli_capmatches * sizeof(*cli_matches));
		if (grown == NULL)
			return;
		cli_matches = grown;
	}
	cli_matches[cli_nmatches++] = strdup(word);
}

static char *generator(const char *text, int state)
{
	(void)text;
	if ((size_t)state < cli_nmatches)
		return strdup(cli_matches[state]);
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	for (size_t i = 0; i < cli_nmatches; i++)
		free(cli_matches[i]);
	cli_nmatches = 0;
	cli_prefix = text;
	api_words_next(rl_line_buffer, (size_t)start, add_match, NULL);
	rl_attempted_completion_over = 1; /* no file names */
	return rl_completion_matches(text, generator);
}

static int interactive(struct api_ctl *ctl, int timeout_ms)
{
	char history[4096] = "";
	const char *home = getenv("HOME");
	int last = 0;

	if (home)
		snprintf(history, sizeof(history), "%s/.attobgp_history", home);
	rl_readline_name = "attobgp";
	rl_attempted_completion_function = complete;
	using_history();
	stifle_history(CLI_HISTORY_MAX);
	if (history[0])
		read_history(history);
	for (;;) {
		char *line = readline("attobgp> ");
		if (line == NULL) {
			putchar('\n');
			break;
		}
		size_t len = strlen(line);
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			len--;
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++, len--;
		if (len == 0) {
			free(line);
			continue;
		}
		if ((len == 4 && memcmp(p, "exit", 4) == 0) || (len == 4 && memcmp(p, "quit", 4) == 0)) {
			free(line);
			break;
		}
		add_history(line);
		last = exchange(ctl, p, len, timeout_ms, true);
		free(line);
		if (last == 2)
			break;
	}
	if (history[0])
		write_history(history);
	for (size_t i = 0; i < cli_nmatches; i++)
		free(cli_matches[i]);
	free(cli_matches);
	return last == 2 ? 2 : 0;
}

/* Commands from a pipe, one a line: each answer printed; the exit status is the worst. */
static int scripted(struct api_ctl *ctl, int timeout_ms)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int worst = 0;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		int rc = exchange(ctl, line, (size_t)n, timeout_ms, false);
		if (rc > worst)
			worst = rc;
		if (rc == 2)
			break;
	}
	free(line);
	return worst;
}

static const char *env_lookup(const char *name)
{
	return getenv(name);
}

int app_cli_main(int argc, char **argv)
{
	const char *socket_path = NULL;
	int timeout_ms = 60000;
	int i = 1;
	char path[API_SOCKET_PATH_MAX];
	char err[256];
	struct api_env env;
	struct api_ctl ctl;
	struct api_error aerr;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if ((strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--socket") == 0) && i + 1 < argc) {
			socket_path = argv[++i];
		} else if ((strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "--timeout") == 0) && i + 1 < argc) {
			char *end;
			long s = strtol(argv[++i], &end, 10);
			if (*end || s < 0 || s > 86400) {
				fprintf(stderr, "attobgp cli: -t: '%s' is not a number of seconds\n", argv[i]);
				return 2;
			}
			timeout_ms = s ? (int)s * 1000 : -1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "attobgp cli: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (api_env_read(&env, env_lookup, err, sizeof(err)) < 0) {
		fprintf(stderr, "attobgp cli: %s\n", err);
		return 2;
	}
	if (socket_path == NULL) {
		api_socket_path(&env, false, path, sizeof(path));
		socket_path = path;
	}
	if (api_ctl_connect(&ctl, socket_path, &aerr) < 0) {
		fprintf(stderr, "attobgp cli: %s\n", aerr.why);
		return 2;
	}
	int rc;
	if (i < argc) {
		struct buf cmd = BUF_INIT;
		for (int k = i; k < argc; k++) {
			if (k > i)
				buf_putc(&cmd, ' ');
			buf_puts(&cmd, argv[k]);
		}
		if (memchr(cmd.data, '\n', cmd.len)) {
			fprintf(stderr, "attobgp cli: a command is one line\n");
			rc = 2;
		} else {
			rc = exchange(&ctl, (const char *)cmd.data, cmd.len, timeout_ms, false);
		}
		buf_free(&cmd);
	} else if (isatty(STDIN_FILENO)) {
		rc = interactive(&ctl, timeout_ms);
	} else {
		rc = scripted(&ctl, timeout_ms);
	}
	api_ctl_close(&ctl);
	return rc;
}
