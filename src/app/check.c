/* check.c — `attobgp check`: parse, validate and print the canonical configuration.
 *
 *   attobgp check [-q] CONFIG...
 *
 * Each CONFIG is parsed and checked as the server would at start-up. A valid one is
 * printed back in canonical form on stdout (not with -q), and what this build cannot do
 * yet (families, kept statements) is listed on stderr as warnings. Exit status: 0 when
 * every file is valid, 1 when one is not (its FILE:LINE:COLUMN error on stderr), 2 on a
 * usage error.
 */
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "config/config.h"
#include "config/export.h"
#include "core/buf.h"

static void check_usage(FILE *out)
{
	fputs("usage: attobgp check [-q] CONFIG...\n"
	      "  parse and validate each configuration (ExaBGP's language) and print it back in\n"
	      "  canonical form; unsupported families are reported on stderr\n"
	      "  -q, --quiet   do not print the configuration\n",
	      out);
}

int app_check_main(int argc, char **argv)
{
	bool quiet = false;
	int first = argc, rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
			quiet = true;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			check_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--") == 0) {
			first = i + 1;
			break;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "attobgp check: unknown option '%s'\n", argv[i]);
			check_usage(stderr);
			return 2;
		} else {
			first = i;
			break;
		}
	}
	if (first >= argc) {
		check_usage(stderr);
		return 2;
	}
	struct buf out = BUF_INIT;
	for (int i = first; i < argc; i++) {
		struct config_error err;
		struct config *c = config_parse_file(argv[i], &err);
		if (c == NULL) {
			fprintf(stderr, "%s\n", err.message);
			rc = 1;
			continue;
		}
		buf_reset(&out);
		if (config_unsupported(c, &out))
			fwrite(out.data, 1, out.len, stderr);
		if (!quiet) {
			/* written chunk by chunk, as the server writes a configuration back */
			struct config_export e;
			config_export_init(&e, c);
			int more;
			do {
				buf_reset(&out);
				more = config_export_next(&e, &out);
				fwrite(out.data, 1, out.len, stdout);
			} while (more);
		}
		config_free(c);
	}
	buf_free(&out);
	if (fflush(stdout) != 0)
		rc = 1;
	return rc;
}
