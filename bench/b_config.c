/* b_config.c — loading a configuration: time and peak memory of config_parse_file, then
 * the time of writing it back (config_export_next, chunk by chunk, as the server saves).
 *
 *   b_config FILE
 * prints "routes N", "load S", "export S", "chunks N", "maxrss KB" (the process's peak
 * resident memory once the file is loaded, getrusage), one per line.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "config/config.h"
#include "config/export.h"
#include "core/buf.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct config_error err;
	struct rusage ru;

	if (argc != 2) {
		fprintf(stderr, "usage: b_config FILE\n");
		return 2;
	}
	double t0 = now();
	struct config *c = config_parse_file(argv[1], &err);
	double t1 = now();
	if (c == NULL) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	getrusage(RUSAGE_SELF, &ru);
	long maxrss = ru.ru_maxrss;
	size_t routes = 0;
	for (size_t i = 0; i < c->nneighbors; i++)
		routes += config_neighbor_route_count(c->neighbors[i]);

	/* export into one reused chunk buffer: what a writer to disk holds at a time */
	struct config_export e;
	struct buf chunk = BUF_INIT;
	size_t chunks = 0, bytes = 0;
	double t2 = now();
	config_export_init(&e, c);
	int more;
	do {
		buf_reset(&chunk);
		more = config_export_next(&e, &chunk);
		bytes += chunk.len;
		chunks++;
	} while (more);
	double t3 = now();

	printf("routes %zu\nload %.3f\nexport %.3f\nchunks %zu\nbytes %zu\nmaxrss %ld\n", routes, t1 - t0, t3 - t2,
	       chunks, bytes, maxrss);
	buf_free(&chunk);
	config_free(c);
	return 0;
}
