/* b_api.c — `routes add` commands per second through the API: one control connection, and
 * one helper process's pipe.
 *
 *   b_api socket N [--persist DIR] [--legacy]  a server (forked: the API over the fake
 *                        backend, tests/unit/api_fake.h, over a real route store) and one
 *                        client here sending N commands pipelined on its control socket
 *   b_api pipe N [--persist DIR] [--legacy]    the same server; the N commands come from a
 *                        helper process it starts (this program in helper mode)
 *   b_api client SOCKET N [--legacy]           only the client, against a running server
 *                        (`attobgp server`, once it exists: bench/api_report.py --server)
 *   b_api helper N FILE  helper mode: N commands on stdout, their acks read from stdin,
 *                        the figures written to FILE
 * --persist DIR: the server was "started from a file": every change is saved through the
 * configuration's safe storage (config/storage.h: temp file, fsync, rename, directory
 * fsync) to DIR/routes.conf, written cooperatively 1000 routes per loop turn, and each
 * answer waits for the save that covers it (group commit, api/persist.c).
 * --legacy: ExaBGP's `announce route ...` instead (not saved), for the comparison with
 * ExaBGP 4.2 which has no `routes add`.
 * --window W: at most W commands sent and not yet answered (1: lock-step, a command then
 * its answer, as most ExaBGP scripts do); default: as many as the pipes take.
 * Commands: `peer * routes add 10.A.B.C/32 next-hop 192.0.2.1`, a new prefix each.
 * Prints "key value" lines: commands, errors, seconds, commands_per_s, saves.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tests/unit/api_fake.h"
#include "api/control.h"
#include "config/storage.h"
#include "model/route_text.h"

static bool legacy;
static size_t window = (size_t)-1; /* commands sent and not yet answered, at most */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void command(struct buf *out, size_t i)
{
	buf_printf(out, "%s 10.%zu.%zu.%zu/32 next-hop 192.0.2.1\n", legacy ? "announce route" : "peer * routes add",
		   (i >> 16) & 255, (i >> 8) & 255, i & 255);
}

/* ---- the sending side: N commands out, N acknowledged answers in ---- */

struct result {
	size_t sent, answered, errors;
	double seconds;
};

/* Send N commands on wfd while reading answers on rfd, pipelined. An answer is a line;
 * with process acks (done/error after a data line) only done/error lines count. */
static int exchange(int rfd, int wfd, size_t n, bool process_acks, struct result *r)
{
	struct buf out = BUF_INIT, in = BUF_INIT;
	size_t off = 0, next = 0, scanned = 0;
	double t0 = now_s();

	memset(r, 0, sizeof(*r));
	fcntl(rfd, F_SETFL, fcntl(rfd, F_GETFL) | O_NONBLOCK);
	fcntl(wfd, F_SETFL, fcntl(wfd, F_GETFL) | O_NONBLOCK);
	while (r->answered < n) {
		if (off == out.len && next < n && next - r->answered < window) {
			buf_reset(&out);
			off = 0;
			for (size_t k = 0; k < 1024 && next < n && next - r->answered < window; k++)
				command(&out, next++);
		}
		struct pollfd p[2] = {{rfd, POLLIN, 0}, {wfd, (short)(off < out.len ? POLLOUT : 0), 0}};
		if (rfd == wfd)
			p[0].events |= p[1].events;
		if (poll(p, rfd == wfd ? 1 : 2, 10000) <= 0) {
			fprintf(stderr, "b_api: no progress for 10 s (%zu of %zu answered)\n", r->answered, n);
			return -1;
		}
		if (rfd == wfd)
			p[1].revents = p[0].revents & (POLLOUT | POLLERR);
		if (p[1].revents & (POLLOUT | POLLERR)) {
			ssize_t w = write(wfd, out.data + off, out.len - off);
			if (w > 0) {
				off += (size_t)w;
			} else if (w < 0 && errno != EAGAIN) {
				perror("b_api: write");
				return -1;
			}
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			buf_reserve(&in, 1 << 16);
			ssize_t got = read(rfd, in.data + in.len, 1 << 16);
			if (got == 0) {
				fprintf(stderr, "b_api: the server closed (%zu of %zu answered)\n", r->answered, n);
				return -1;
			}
			if (got > 0)
				in.len += (size_t)got;
			size_t start = 0;
			for (size_t i = scanned; i < in.len; i++) {
				if (in.data[i] != '\n')
					continue;
				const char *line = (const char *)in.data + start;
				size_t len = i - start;
				if (process_acks) {
					if (len == 4 && memcmp(line, "done", 4) == 0)
						r->answered++;
					else if (len == 5 && memcmp(line, "error", 5) == 0)
						r->answered++, r->errors++;
				} else {
					r->answered++;
					if (len > 9 && memcmp(line, "{\"error\":", 9) == 0)
						r->errors++;
				}
				start = i + 1;
			}
			memmove(in.data, in.data + start, in.len - start);
			in.len -= start;
			scanned = in.len;
		}
	}
	r->sent = n;
	r->seconds = now_s() - t0;
	buf_free(&out);
	buf_free(&in);
	return 0;
}

static void report(const struct result *r)
{
	printf("commands %zu\nerrors %zu\nseconds %.6f\ncommands_per_s %.0f\n", r->answered, r->errors, r->seconds,
	       r->seconds > 0 ? (double)r->answered / r->seconds : 0.0);
}

/* ---- the server: the API over the fake backend, with a real save ---- */

struct saver {
	struct fake_backend *fb;
	char path[512];
	struct storage_write *w;
	struct storage_error err;
	struct rib_iter it;
	struct buf chunk;
	struct event_task task;
	api_save_done_fn done;
	void *arg;
};

static struct saver saver;

static void save_step(struct event_loop *loop, struct event_task *task)
{
	struct saver *s = task->arg;
	struct route m;
	const struct rib_route *r = NULL;

	buf_reset(&s->chunk);
	for (int i = 0; i < 1000 && (r = rib_iter_next(s->fb->config, &s->it)) != NULL; i++) {
		rib_route_model(s->fb->config, r, rib_route_path(s->fb->config, r, NULL), &m);
		buf_puts(&s->chunk, "\t\t");
		route_text_format(&s->chunk, &m);
		buf_puts(&s->chunk, ";\n");
	}
	if (r == NULL)
		buf_puts(&s->chunk, "\t}\n}\n");
	if (storage_append(s->w, s->chunk.data, s->chunk.len) < 0 || r == NULL) {
		int rc = storage_commit(s->w);
		s->w = NULL;
		s->done(s->arg, rc, rc < 0 ? s->err.text : NULL);
		return;
	}
	event_task_defer(loop, task); /* the next 1000 routes on the next turn */
}

static int saver_save(void *be, api_save_done_fn done, void *arg, struct api_error *err)
{
	struct saver *s = &saver;
	(void)be;
	s->w = storage_begin(s->path, &s->err);
	if (s->w == NULL) {
		snprintf(err->why, sizeof(err->why), "%.400s", s->err.text);
		return -1;
	}
	static const char head[] = "neighbor 10.0.0.1 {\n\tlocal-as 65000;\n\tpeer-as 65001;\n\tstatic {\n";
	storage_append(s->w, head, sizeof(head) - 1);
	rib_iter_init(&s->it, 0, 0, NULL);
	s->done = done;
	s->arg = arg;
	event_task_defer(s->fb->loop, &s->task);
	return 0;
}

static struct event_loop *server_loop;
static void on_term(struct event_loop *loop, int signo, void *arg)
{
	(void)loop;
	(void)signo;
	(void)arg;
	event_loop_stop(server_loop);
}

static void serve(const char *socket_path, const char *persist_dir, size_t helper_n, const char *helper_out)
{
	struct fake_backend fb;
	struct api_backend_ops ops = fake_ops;

	server_loop = event_loop_new();
	fake_init(&fb, server_loop);
	fb.quiet = true;
	struct fake_peer *p = fake_peer_add(&fb, "10.0.0.1", 65000, 65001);
	p->established = true;
	p->processes[p->nprocesses++] = "bench";
	if (persist_dir) {
		fb.persistent = true;
		saver.fb = &fb;
		snprintf(saver.path, sizeof(saver.path), "%s/routes.conf", persist_dir);
		buf_init(&saver.chunk);
		event_task_init(&saver.task, save_step, &saver);
		ops.save = saver_save;
	}
	struct api *api = api_new(server_loop, &ops, &fb, NULL);
	struct api_error err;
	if (socket_path && api_listen(api, socket_path, 0600, &err) < 0) {
		fprintf(stderr, "b_api: %s\n", err.why);
		exit(1);
	}
	if (helper_n) {
		char n[32];
		snprintf(n, sizeof(n), "%zu", helper_n);
		char w[32];
		snprintf(w, sizeof(w), "%zu", window);
		const char *argv[] = {"/proc/self/exe", legacy ? "helper-legacy" : "helper", n, helper_out, w};
		struct api_process_spec spec = {"bench", argv, 5, false, false, false};
		if (api_processes_set(api, &spec, 1, &err) < 0) {
			fprintf(stderr, "b_api: %s\n", err.why);
			exit(1);
		}
	}
	event_loop_on_signal(server_loop, SIGTERM, on_term, NULL);
	event_loop_run(server_loop);
	struct api_stats st;
	api_stats(api, &st);
	char stats[600];
	snprintf(stats, sizeof(stats), "%s/stats", persist_dir ? persist_dir : "/tmp");
	if (persist_dir) {
		FILE *f = fopen(stats, "w");
		if (f) {
			fprintf(f, "saves %llu\nsaves_failed %llu\n", (unsigned long long)st.saves,
				(unsigned long long)st.saves_failed);
			fclose(f);
		}
	}
	api_free(api);
	fake_fini(&fb);
	event_loop_free(server_loop);
	exit(0);
}

/* ---- modes ---- */

static int helper(size_t n, const char *file)
{
	struct result r;
	if (exchange(STDIN_FILENO, STDOUT_FILENO, n, true, &r) < 0)
		return 1;
	char tmp[600];
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		return 1;
	fprintf(f, "commands %zu\nerrors %zu\nseconds %.6f\ncommands_per_s %.0f\n", r.answered, r.errors, r.seconds,
		(double)r.answered / r.seconds);
	fclose(f);
	rename(tmp, file);
	return 0;
}

static void print_saves(const char *dir)
{
	char path[600], line[128];
	snprintf(path, sizeof(path), "%s/stats", dir);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
}

int main(int argc, char **argv)
{
	const char *persist = NULL;
	char tmpdir[64] = "";

	if (argc < 3) {
		fprintf(stderr, "usage: b_api socket|pipe N [--persist DIR] [--legacy] | client SOCKET N | helper N FILE\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--persist") == 0 && i + 1 < argc)
			persist = argv[++i];
		else if (strcmp(argv[i], "--legacy") == 0)
			legacy = true;
		else if (strcmp(argv[i], "--window") == 0 && i + 1 < argc)
			window = (size_t)strtoull(argv[++i], NULL, 10);
	}
	if (strcmp(argv[1], "helper") == 0 || strcmp(argv[1], "helper-legacy") == 0) {
		legacy = strcmp(argv[1], "helper-legacy") == 0;
		if (argc > 4)
			window = (size_t)strtoull(argv[4], NULL, 10);
		return argc > 3 ? helper((size_t)strtoull(argv[2], NULL, 10), argv[3]) : 2;
	}
	if (strcmp(argv[1], "client") == 0) {
		struct api_ctl ctl;
		struct api_error err;
		struct result r;
		if (argc < 4 || api_ctl_connect(&ctl, argv[2], &err) < 0) {
			fprintf(stderr, "b_api: %s\n", argc < 4 ? "client SOCKET N" : err.why);
			return 2;
		}
		if (exchange(ctl.fd, ctl.fd, (size_t)strtoull(argv[3], NULL, 10), false, &r) < 0)
			return 1;
		report(&r);
		return 0;
	}
	size_t n = (size_t)strtoull(argv[2], NULL, 10);
	bool pipe_mode = strcmp(argv[1], "pipe") == 0;
	if (!pipe_mode && strcmp(argv[1], "socket") != 0) {
		fprintf(stderr, "b_api: unknown mode '%s'\n", argv[1]);
		return 2;
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/b_api.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	char sock[128], out[128];
	snprintf(sock, sizeof(sock), "%s/api.sock", tmpdir);
	snprintf(out, sizeof(out), "%s/helper.out", tmpdir);
	if (persist == NULL && getenv("B_API_PERSIST"))
		persist = tmpdir;
	pid_t pid = fork();
	if (pid == 0)
		serve(pipe_mode ? NULL : sock, persist, pipe_mode ? n : 0, out);
	int rc = 0;
	struct stat st;
	if (pipe_mode) {
		/* the helper writes its figures when it has all its acks */
		for (int i = 0; i < 60000 && stat(out, &st) < 0; i++)
			usleep(1000);
		FILE *f = fopen(out, "r");
		char line[128];
		if (f == NULL) {
			fprintf(stderr, "b_api: the helper did not finish\n");
			rc = 1;
		} else {
			while (fgets(line, sizeof(line), f))
				fputs(line, stdout);
			fclose(f);
		}
	} else {
		struct api_ctl ctl;
		struct api_error err;
		struct result r;
		int tries = 0;
		while (api_ctl_connect(&ctl, sock, &err) < 0 && tries++ < 1000)
			usleep(2000);
		if (ctl.fd < 0 || exchange(ctl.fd, ctl.fd, n, false, &r) < 0)
			rc = 1;
		else
			report(&r);
		api_ctl_close(&ctl);
	}
	kill(pid, SIGTERM);
	int status;
	waitpid(pid, &status, 0);
	if (persist)
		print_saves(persist);
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
