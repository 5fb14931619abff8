/* storage_tool.c — drives config/storage for the functional test (tests/functional/storage.t).
 *
 *   storage_tool save [--named] [--chunk N] SOURCE TARGET
 *       Save SOURCE's bytes over TARGET with storage_begin / storage_append (N bytes at a
 *       time, default 4096, as the daemon appends routes) / storage_commit.
 *       Exit 0 on success; 1 with one line on stderr, "error code=C replaced=R: TEXT".
 *   storage_tool loop [--named] MILLISECONDS TARGET
 *       Save "version A" and "version B" over TARGET alternately until the time is up,
 *       and print how it went: "saved N", "refused N" (a symlink or non-regular file at
 *       TARGET or TARGET.backup), "failed N" and, for each of those, its error line.
 *       Exit 0 when every save either succeeded or was refused.
 *
 * Each message is written with one write(2), after the storage calls are over, so that a
 * test injecting a failure into the N-th write(2) under strace hits only storage's writes.
 * Must not know: anything the storage module does not say in storage.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config/storage.h"
#include "core/buf.h"

static void tool_say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tool_say(int fd, const char *fmt, ...)
{
	char line[STORAGE_ERROR_MAX + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	if (n > 0 && write(fd, line, (size_t)n) < 0)
		exit(3);
}

static int tool_usage(void)
{
	tool_say(2, "usage: storage_tool save [--named] [--chunk N] SOURCE TARGET\n"
		    "       storage_tool loop [--named] MILLISECONDS TARGET\n");
	return 2;
}

static int tool_load(const char *path, struct buf *out)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(out, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

static int tool_save(const char *target, const struct storage_options *opt, const uint8_t *data,
		     size_t len, size_t chunk, struct storage_error *err)
{
	struct storage_write *w = storage_begin_with(target, opt, err);

	if (w == NULL)
		return -1;
	for (size_t at = 0; at < len; at += chunk)
		if (storage_append(w, data + at, len - at < chunk ? len - at : chunk) < 0)
			break; /* the commit reports it */
	return storage_commit(w);
}

static int tool_cmd_save(int argc, char **argv, const struct storage_options *opt)
{
	struct storage_error err;
	struct buf text = BUF_INIT;
	size_t chunk = 4096;
	int i = 0, rc;

	if (i + 1 < argc && strcmp(argv[i], "--chunk") == 0) {
		chunk = strtoul(argv[i + 1], NULL, 10);
		i += 2;
	}
	if (argc - i != 2 || chunk == 0)
		return tool_usage();
	if (tool_load(argv[i], &text) < 0) {
		tool_say(2, "storage_tool: cannot read %s: %s\n", argv[i], strerror(errno));
		return 2;
	}
	rc = tool_save(argv[i + 1], opt, text.data, text.len, chunk, &err);
	buf_free(&text);
	if (rc < 0) {
		tool_say(2, "error code=%d replaced=%d: %s\n", err.code, err.replaced, err.text);
		return 1;
	}
	return 0;
}

static double tool_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int tool_cmd_loop(int argc, char **argv, const struct storage_options *opt)
{
	static const char *const texts[] = {"version A\n", "version B\n"};
	struct storage_error err;
	unsigned long saved = 0, refused = 0, failed = 0;
	double until;

	if (argc != 2)
		return tool_usage();
	until = tool_now() + strtod(argv[0], NULL) / 1000.0;
	for (unsigned long n = 0; tool_now() < until; n++) {
		const char *text = texts[n % 2];
		if (tool_save(argv[1], opt, (const uint8_t *)text, strlen(text), 4096, &err) == 0) {
			saved++;
		} else if (strncmp(err.text, "refusing to replace ", 20) == 0) {
			refused++;
		} else {
			failed++;
			tool_say(1, "error code=%d replaced=%d: %s\n", err.code, err.replaced,
				 err.text);
		}
	}
	tool_say(1, "saved %lu\nrefused %lu\nfailed %lu\n", saved, refused, failed);
	return failed == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct storage_options opt = {0, NULL, NULL};
	int i = 2;

	if (argc < 2)
		return tool_usage();
	if (i < argc && strcmp(argv[i], "--named") == 0) {
		opt.flags |= STORAGE_NAMED_TEMP;
		i++;
	}
	if (strcmp(argv[1], "save") == 0)
		return tool_cmd_save(argc - i, argv + i, &opt);
	if (strcmp(argv[1], "loop") == 0)
		return tool_cmd_loop(argc - i, argv + i, &opt);
	return tool_usage();
}
