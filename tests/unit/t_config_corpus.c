/* t_config_corpus.c — every configuration of ExaBGP's corpus: it parses, it prints back
 * in canonical form, and parse(print(c)) equals c (config_equal: processes, templates,
 * neighbours' own and resolved settings, routes, kept statements); printing is
 * deterministic and a fixed point (print(parse(print(c))) == print(c)), and writing in
 * chunks gives the same text as writing at once.
 *
 * The corpus lives outside the repository: $ATTOBGP_QA, else /work/shared/exabgp-qa. When
 * it is absent the test says so and skips.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/export.h"
#include "core/buf.h"
#include "tap.h"

static const char *qa_dir(void)
{
	const char *d = getenv("ATTOBGP_QA");
	return d && *d ? d : "/work/shared/exabgp-qa";
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_one(const char *path, const char *name, size_t *good)
{
	struct config_error err;
	struct buf first = BUF_INIT, second = BUF_INIT, chunked = BUF_INIT;
	struct config *a = config_parse_file(path, &err), *b = NULL;

	if (a == NULL) {
		ok(false, "%s parses", name);
		printf("#   %s\n", err.message);
		return;
	}
	config_export(a, &first);
	b = config_parse_text(name, (const char *)first.data, first.len, &err);
	if (b == NULL) {
		ok(false, "%s: its canonical text parses", name);
		printf("#   %s\n", err.message);
		goto out;
	}
	bool equal = config_equal(a, b);
	config_export(b, &second);
	bool fixed = first.len == second.len && memcmp(first.data, second.data, first.len) == 0;
	struct config_export e;
	config_export_init(&e, a);
	while (config_export_next(&e, &chunked))
		;
	bool chunks = chunked.len == first.len && memcmp(chunked.data, first.data, first.len) == 0;
	ok(equal && fixed && chunks, "%s: parse(print(c)) == c, print is a fixed point, chunks == whole", name);
	if (!equal)
		printf("#   config_equal says they differ\n");
	if (!fixed)
		printf("#   printed twice, the texts differ\n");
	if (equal && fixed && chunks)
		(*good)++;
out:
	config_free(a);
	config_free(b);
	buf_free(&first);
	buf_free(&second);
	buf_free(&chunked);
}

int main(void)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/etc/exabgp", qa_dir());
	DIR *d = opendir(dir);
	if (d == NULL) {
		printf("# ExaBGP corpus not found under %s (set ATTOBGP_QA): corpus checks skipped\n", qa_dir());
		ok(true, "corpus skipped");
		return done_testing();
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".conf") == 0) {
			names = realloc(names, (n + 1) * sizeof(*names));
			names[n++] = strdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	size_t good = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		check_one(path, names[i], &good);
		free(names[i]);
	}
	free(names);
	/* the acceptance: all 103 configurations of the corpus */
	ok(n >= 103, "the corpus has its %zu configurations (103 expected)", n);
	is_int(good, n, "every corpus configuration parses and round-trips");
	return done_testing();
}
