/* process.c — helper processes: spawning, reading their commands, writing their answers
 * and events, reaping and respawning them (see process.h for the rules).
 *
 * Owns: every child the API started, its pipes, pidfd and timers.
 * Must not know: commands, events' content.
 */
#include "api/process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "api/api_internal.h"
#include "api/linebuf.h"
#include "core/xalloc.h"

#define REAP_POLL_MS 100

struct api_proc {
	struct api *api;
	char *name;
	char **argv;
	size_t argc;
	bool json;
	bool json_acks;
	bool respawn;
	pid_t pid;               /* 0: not running */
	int pidfd;               /* -1: none, reaped by reap_timer */
	int in_fd;               /* the child's stdin: answers and events */
	int out_fd;              /* the child's stdout: commands */
	struct event_io in_io, out_io, pid_io;
	struct event_timer term_timer, kill_timer, reap_timer;
	struct event_task close_task;
	struct api_linebuf lines;
	struct api_client *client;
	bool removed;            /* no longer configured: freed once reaped */
	bool gave_up;            /* ended for good */
	uint64_t window_start;   /* respawn accounting */
	unsigned restarts;
};

struct api_procs {
	struct api_proc **v;
	size_t n;
};

static struct api_procs *procs_of(struct api *api)
{
	if (api->procs == NULL)
		api->procs = xcalloc(1, sizeof(*api->procs));
	return api->procs;
}

static void proc_start_reading(struct api_proc *p);
static void proc_end(struct api_proc *p, const char *why, uint64_t grace_ms);
static int proc_spawn(struct api_proc *p, struct api_error *err);

/* ---- the client side: answers and events go to the child's stdin ---- */

static void proc_write_wanted(void *owner, bool on)
{
	struct api_proc *p = owner;
	if (p->in_fd >= 0)
		event_io_watch(p->api->loop, &p->in_io, on ? EVENT_WRITE : 0);
}

static void proc_resume(void *owner)
{
	struct api_proc *p = owner;
	proc_start_reading(p);
}

static void proc_broken(void *owner)
{
	struct api_proc *p = owner;
	/* from inside a write: end it on the next turn */
	event_task_defer(p->api->loop, &p->close_task);
}

static const struct api_client_ops proc_client_ops = {
	.write_wanted = proc_write_wanted,
	.resume = proc_resume,
	.broken = proc_broken,
};

static void close_task_run(struct event_loop *loop, struct event_task *task)
{
	(void)loop;
	proc_end(task->arg, "its input pipe is closed", 0);
}

static void in_ready(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct api_proc *p = io->arg;
	(void)loop;
	(void)ready;
	if (p->client)
		api_client_flush(p->client);
}

/* ---- commands from the child's stdout ---- */

/* Run the complete lines buffered, until the client gets busy. */
static void run_lines(struct api_proc *p)
{
	struct api_client *c = p->client;
	const char *line;
	size_t len;

	while (c && !api_client_busy(c)) {
		int rc = api_linebuf_next(&p->lines, &line, &len);
		if (rc == API_LINE_NONE)
			break;
		if (rc == API_LINE_LONG) {
			api_answer_reset(&c->ans);
			api_answer_fail(&c->ans, "the command is longer than %zu octets: ignored", p->api->cfg.line_max);
			c->cmd = NULL;
			api_answer_finish(c);
			continue;
		}
		if (len >= 6 && memcmp(line, "debug ", 6) == 0) { /* ExaBGP: a helper's own log line */
			api_log(p->api, LOG_INFO, "process %s: %.*s", p->name, (int)(len - 6 > 500 ? 500 : len - 6), line + 6);
			continue;
		}
		api_dispatch(c, line, len);
	}
	if (c && api_client_busy(c) && api_linebuf_pending(&p->lines)) {
		c->paused = true;
		event_io_watch(p->api->loop, &p->out_io, 0);
	}
	if (c)
		api_client_flush(c);
}

static void out_ready(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct api_proc *p = io->arg;
	(void)loop;
	(void)ready;

	/* a bounded number of reads per turn: other helpers and sessions get their go */
	for (int i = 0; i < 4 && p->client; i++) {
		if (api_client_busy(p->client)) {
			p->client->paused = true;
			event_io_watch(p->api->loop, &p->out_io, 0);
			return;
		}
		ssize_t n = api_linebuf_read(&p->lines, p->out_fd);
		if (n == 0) {
			/* no more commands; it may still read events (`exec cat > log` does this):
			 * it lives until it exits, as in ExaBGP */
			run_lines(p);
			event_io_watch(p->api->loop, &p->out_io, 0);
			close(p->out_fd);
			p->out_fd = -1;
			api_log(p->api, LOG_DEBUG, "process %s closed its output", p->name);
			return;
		}
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			proc_end(p, strerror(errno), 0);
			return;
		}
		run_lines(p);
		if (n < API_LINEBUF_CHUNK)
			break; /* a short read: the fd is most likely empty, spare the EAGAIN read */
	}
}

static void proc_start_reading(struct api_proc *p)
{
	if (p->out_fd < 0 || p->client == NULL)
		return;
	event_io_watch(p->api->loop, &p->out_io, EVENT_READ);
	run_lines(p); /* lines already buffered while it was busy */
}

/* ---- ending and reaping ---- */

static void close_fds(struct api_proc *p)
{
	struct event_loop *loop = p->api->loop;
	if (p->client) {
		api_client_free(p->client);
		p->client = NULL;
	}
	event_task_cancel(loop, &p->close_task);
	if (p->in_fd >= 0) {
		event_io_watch(loop, &p->in_io, 0);
		close(p->in_fd);
		p->in_fd = -1;
	}
	if (p->out_fd >= 0) {
		event_io_watch(loop, &p->out_io, 0);
		close(p->out_fd);
		p->out_fd = -1;
	}
	api_linebuf_fini(&p->lines);
	api_linebuf_init(&p->lines, p->api->cfg.line_max);
}

static void proc_free(struct api_proc *p)
{
	struct api_procs *ps = procs_of(p->api);
	close_fds(p);
	event_timer_cancel(p->api->loop, &p->term_timer);
	event_timer_cancel(p->api->loop, &p->kill_timer);
	event_timer_cancel(p->api->loop, &p->reap_timer);
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i] == p) {
			memmove(ps->v + i, ps->v + i + 1, (ps->n - i - 1) * sizeof(*ps->v));
			ps->n--;
			break;
		}
	for (size_t i = 0; i < p->argc; i++)
		free(p->argv[i]);
	free(p->argv);
	free(p->name);
	free(p);
}

/* Whether the child ran out of restarts (ExaBGP: more than respawn_max in a window). */
static bool too_many_restarts(struct api_proc *p)
{
	uint64_t now = event_loop_now(p->api->loop);
	if (p->window_start == 0 || now - p->window_start > p->api->cfg.respawn_window_ms) {
		p->window_start = now;
		p->restarts = 0;
	}
	return ++p->restarts > p->api->cfg.respawn_max;
}

static void reaped(struct api_proc *p, int status)
{
	struct api *api = p->api;
	char why[64];

	if (WIFEXITED(status))
		snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
	else
		snprintf(why, sizeof(why), "status %d", status);
	/* whatever it wrote before it went is still run */
	if (p->out_fd >= 0 && p->client) {
		for (int i = 0; i < 64; i++) {
			ssize_t n = api_linebuf_read(&p->lines, p->out_fd);
			if (n > 0)
				run_lines(p);
			if (n <= 0 || api_client_busy(p->client))
				break;
		}
		api_client_flush(p->client);
	}
	if (p->pidfd >= 0) {
		event_io_watch(api->loop, &p->pid_io, 0);
		close(p->pidfd);
		p->pidfd = -1;
	}
	event_timer_cancel(api->loop, &p->term_timer);
	event_timer_cancel(api->loop, &p->kill_timer);
	event_timer_cancel(api->loop, &p->reap_timer);
	p->pid = 0;
	close_fds(p);
	if (p->removed || api->stopping) {
		api_log(api, LOG_INFO, "process %s ended (%s)", p->name, why);
		proc_free(p);
		api_stop_check(api);
		return;
	}
	if (!api->cfg.respawn || !p->respawn) {
		api_log(api, LOG_WARNING, "process %s ended (%s); it is not restarted (respawn off)", p->name, why);
		p->gave_up = true;
	} else if (too_many_restarts(p)) {
		api_log(api, LOG_ERR, "process %s ended (%s) more than %u times in %llu s: not restarted again", p->name,
			why, api->cfg.respawn_max, (unsigned long long)(api->cfg.respawn_window_ms / 1000));
		p->gave_up = true;
	} else {
		struct api_error err;
		api_log(api, LOG_WARNING, "process %s ended (%s): restarting it", p->name, why);
		if (proc_spawn(p, &err) < 0) {
			api_log(api, LOG_ERR, "process %s: %s", p->name, err.why);
			p->gave_up = true;
		}
	}
	if (p->gave_up && api->cfg.terminate && api->ops->daemon) {
		api_log(api, LOG_ERR, "process %s ended for good and exabgp.api.terminate is set: stopping", p->name);
		api->daemon_action = API_DAEMON_SHUTDOWN;
		event_task_defer(api->loop, &api->daemon_task);
	}
}

/* Returns true when it was reaped (p may then be freed: do not touch it). */
static bool try_reap(struct api_proc *p)
{
	int status;
	if (p->pid <= 0)
		return false;
	pid_t r = waitpid(p->pid, &status, WNOHANG);
	if (r == p->pid) {
		reaped(p, status);
		return true;
	}
	if (r < 0 && errno == ECHILD) {
		reaped(p, 0); /* someone else reaped it (a SIGCHLD handler set to ignore) */
		return true;
	}
	return false;
}

static void pid_ready(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	(void)loop;
	(void)ready;
	try_reap(io->arg);
}

static void reap_timer_fire(struct event_loop *loop, struct event_timer *t)
{
	struct api_proc *p = t->arg;
	if (!try_reap(p) && p->pid > 0 && p->pidfd < 0)
		event_timer_after(loop, &p->reap_timer, REAP_POLL_MS);
}

/* The helper runs in its own process group (child_exec): a shell's children (`sh -c
 * "... | ..."`) go with it. */
static void signal_group(struct api_proc *p, int signo)
{
	if (kill(-p->pid, signo) < 0)
		kill(p->pid, signo);
}

static void term_timer_fire(struct event_loop *loop, struct event_timer *t)
{
	struct api_proc *p = t->arg;
	if (p->pid > 0) {
		signal_group(p, SIGTERM);
		event_timer_after(loop, &p->kill_timer, p->api->cfg.kill_grace_ms);
	}
}

static void kill_timer_fire(struct event_loop *loop, struct event_timer *t)
{
	struct api_proc *p = t->arg;
	(void)loop;
	if (p->pid > 0) {
		api_log(p->api, LOG_WARNING, "process %s did not stop after SIGTERM: SIGKILL", p->name);
		signal_group(p, SIGKILL);
	}
}

/* Its pipes are done for: close them, make sure it goes (SIGTERM after grace_ms, SIGKILL
 * kill_grace_ms later), wait to reap it. */
static void proc_end(struct api_proc *p, const char *why, uint64_t grace_ms)
{
	struct api *api = p->api;
	if (p->pid <= 0) {
		close_fds(p);
		return;
	}
	api_log(api, LOG_DEBUG, "process %s: %s", p->name, why);
	close_fds(p);
	if (grace_ms == 0) {
		signal_group(p, SIGTERM);
		event_timer_after(api->loop, &p->kill_timer, api->cfg.kill_grace_ms);
	} else {
		event_timer_after(api->loop, &p->term_timer, grace_ms);
	}
	try_reap(p);
}

/* ---- starting ---- */

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	long fd = syscall(SYS_pidfd_open, pid, 0);
	return fd < 0 ? -1 : (int)fd;
#else
	(void)pid;
	return -1;
#endif
}

/* In the child: the daemon's blocked signals (the loop's signalfd) and ignored SIGPIPE
 * must not be inherited; its own process group keeps a terminal's ^C for the daemon. */
static void child_exec(struct api_proc *p, int in_rd, int out_wr, int err_wr)
{
	sigset_t none;
	int e;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	setpgid(0, 0);
	if (dup2(in_rd, STDIN_FILENO) < 0 || dup2(out_wr, STDOUT_FILENO) < 0)
		goto fail;
	setenv("TERM", "dumb", 1);
	execvp(p->argv[0], p->argv);
fail:
	e = errno;
	if (write(err_wr, &e, sizeof(e)) < 0) {
		/* nothing left to tell */
	}
	_exit(127);
}

static int proc_spawn(struct api_proc *p, struct api_error *err)
{
	struct api *api = p->api;
	int in[2] = {-1, -1}, out[2] = {-1, -1}, ex[2] = {-1, -1};
	int e = 0;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(ex, O_CLOEXEC) < 0) {
		snprintf(err->why, sizeof(err->why), "process %s: pipe: %s", p->name, strerror(errno));
		goto out_close;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err->why, sizeof(err->why), "process %s: fork: %s", p->name, strerror(errno));
		goto out_close;
	}
	if (pid == 0)
		child_exec(p, in[0], out[1], ex[1]);
	close(ex[1]);
	ex[1] = -1;
	/* the exec error pipe closes on a successful exec (O_CLOEXEC): this read waits only
	 * for the fork to exec, and says why when it could not */
	ssize_t n;
	do
		n = read(ex[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(e)) {
		int status;
		waitpid(pid, &status, 0);
		snprintf(err->why, sizeof(err->why), "process %s: cannot run %s: %s", p->name, p->argv[0], strerror(e));
		goto out_close;
	}
	close(ex[0]);
	close(in[0]);
	close(out[1]);
	p->pid = pid;
	p->in_fd = in[1];
	p->out_fd = out[0];
	set_nonblock(p->in_fd);
	set_nonblock(p->out_fd);
	p->pidfd = open_pidfd(pid);
	event_io_init(&p->in_io, p->in_fd, in_ready, p);
	event_io_init(&p->out_io, p->out_fd, out_ready, p);
	p->client = api_client_new(api, API_CHANNEL_PROCESS, p->name, p->in_fd, &proc_client_ops, p);
	p->client->json = p->json;
	p->client->json_acks = p->json_acks;
	event_io_watch(api->loop, &p->out_io, EVENT_READ);
	if (p->pidfd >= 0) {
		event_io_init(&p->pid_io, p->pidfd, pid_ready, p);
		event_io_watch(api->loop, &p->pid_io, EVENT_READ);
	} else {
		event_timer_after(api->loop, &p->reap_timer, REAP_POLL_MS);
	}
	p->gave_up = false;
	api_log(api, LOG_INFO, "process %s started (pid %ld)", p->name, (long)pid);
	return 0;

out_close:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (ex[i] >= 0)
			close(ex[i]);
	}
	return -1;
}

static struct api_proc *proc_new(struct api *api, const struct api_process_spec *s)
{
	struct api_proc *p = xcalloc(1, sizeof(*p));
	p->api = api;
	p->name = xstrdup(s->name);
	p->argc = s->argc;
	p->argv = xcalloc(s->argc + 1, sizeof(char *));
	for (size_t i = 0; i < s->argc; i++)
		p->argv[i] = xstrdup(s->argv[i]);
	p->json = s->json;
	p->json_acks = s->json_acks;
	p->respawn = s->respawn;
	p->pid = 0;
	p->pidfd = p->in_fd = p->out_fd = -1;
	api_linebuf_init(&p->lines, api->cfg.line_max);
	event_timer_init(&p->term_timer, term_timer_fire, p);
	event_timer_init(&p->kill_timer, kill_timer_fire, p);
	event_timer_init(&p->reap_timer, reap_timer_fire, p);
	event_task_init(&p->close_task, close_task_run, p);
	return p;
}

static bool same_spec(const struct api_proc *p, const struct api_process_spec *s)
{
	if (p->json != s->json || p->json_acks != s->json_acks || p->argc != s->argc)
		return false;
	for (size_t i = 0; i < s->argc; i++)
		if (strcmp(p->argv[i], s->argv[i]) != 0)
			return false;
	return true;
}

static struct api_proc *find(struct api *api, const char *name, size_t len)
{
	struct api_procs *ps = procs_of(api);
	for (size_t i = 0; i < ps->n; i++)
		if (!ps->v[i]->removed && strncmp(ps->v[i]->name, name, len) == 0 && ps->v[i]->name[len] == '\0')
			return ps->v[i];
	return NULL;
}

/* A copy of the list, to walk while retiring (which may free and shift entries). */
static struct api_proc **snapshot(const struct api_procs *ps)
{
	struct api_proc **copy = xcalloc(ps->n ? ps->n : 1, sizeof(*copy));
	if (ps->n)
		memcpy(copy, ps->v, ps->n * sizeof(*copy));
	return copy;
}

/* Stop a child we no longer want: it is freed once reaped. */
static void proc_retire(struct api_proc *p)
{
	p->removed = true;
	if (p->pid <= 0) {
		proc_free(p);
		return;
	}
	/* its stdin closes: one that exits on EOF (or on "shutdown") needs no signal */
	proc_end(p, "it is no longer configured", p->api->cfg.stop_grace_ms);
}

int api_processes_set(struct api *api, const struct api_process_spec *specs, size_t n, struct api_error *err)
{
	struct api_procs *ps = procs_of(api);
	int rc = 0;

	if (api->stopping) {
		snprintf(err->why, sizeof(err->why), "the API is stopping");
		return -1;
	}
	/* retire the ones gone or changed (a copy of the list: retiring may free) */
	size_t count = ps->n;
	struct api_proc **old = snapshot(ps);
	for (size_t i = 0; i < count; i++) {
		struct api_proc *p = old[i];
		bool keep = false;
		for (size_t k = 0; k < n; k++)
			if (strcmp(specs[k].name, p->name) == 0 && same_spec(p, &specs[k])) {
				keep = true;
				p->respawn = specs[k].respawn;
			}
		if (!keep && !p->removed)
			proc_retire(p);
	}
	free(old);
	for (size_t k = 0; k < n; k++) {
		if (find(api, specs[k].name, strlen(specs[k].name)))
			continue;
		if (specs[k].argc == 0 || specs[k].argv == NULL || specs[k].argv[0] == NULL) {
			if (rc == 0)
				snprintf(err->why, sizeof(err->why), "process %s: no program to run", specs[k].name);
			rc = -1;
			continue;
		}
		struct api_proc *p = proc_new(api, &specs[k]);
		ps->v = xrealloc(ps->v, (ps->n + 1) * sizeof(*ps->v));
		ps->v[ps->n++] = p;
		struct api_error e;
		if (proc_spawn(p, &e) < 0) {
			api_log(api, LOG_ERR, "%s", e.why);
			if (rc == 0)
				*err = e;
			rc = -1;
			p->gave_up = true;
		}
	}
	return rc;
}

/* ---- events ---- */

struct rendered {
	struct buf line;
	int state;   /* 0 not rendered, 1 ready, -1 no form */
};

static const struct buf *render(const struct api_event *ev, struct rendered *r, bool json)
{
	if (r->state == 0) {
		buf_init(&r->line);
		r->state = ev->render(ev->ctx, json, &r->line) < 0 ? -1 : 1;
		if (r->state > 0)
			buf_putc(&r->line, '\n');
	}
	return r->state > 0 ? &r->line : NULL;
}

void api_event_send(struct api *api, const struct api_event *ev)
{
	struct rendered forms[2];

	if (api->stopping || ev->render == NULL)
		return;
	memset(forms, 0, sizeof(forms));
	for (size_t i = 0; i < ev->nprocesses; i++) {
		const char *name = ev->processes[i];
		struct api_proc *p = name ? find(api, name, strlen(name)) : NULL;
		if (p == NULL || p->client == NULL)
			continue;
		const struct buf *line = render(ev, &forms[p->json ? 1 : 0], p->json);
		if (line == NULL)
			continue;
		struct api_outq *q = &p->client->out;
		if (api_outq_event(q, line->data, line->len)) {
			api->events_queued++;
		} else {
			api->events_dropped++;
			if (q->dropped == 1)
				api_log(api, LOG_WARNING,
					"process %s is not reading: %zu octets wait; its events are dropped until it "
					"catches up (it will be told how many)",
					p->name, api_outq_waiting(q));
		}
		api_client_flush_later(p->client);
	}
	for (int k = 0; k < 2; k++)
		if (forms[k].state)
			buf_free(&forms[k].line);
}

/* ---- stopping, statistics ---- */

static void shutdown_notice(struct api_proc *p)
{
	struct api_client *c = p->client;
	if (c == NULL)
		return;
	if (p->json) {
		struct buf b = BUF_INIT;
		struct json j;
		json_init(&j, &b, JSON_STYLE_EXABGP);
		api_notice_open(p->api, &j);
		JSON_KEY(&j, "type");
		JSON_STRING(&j, "notification");
		JSON_KEY(&j, "notification");
		JSON_STRING(&j, "shutdown");
		json_object_close(&j);
		buf_putc(&b, '\n');
		api_outq_answer(&c->out, b.data, b.len);
		buf_free(&b);
	} else {
		api_outq_answer(&c->out, "shutdown\n", 9);
	}
	api_client_flush(c);
}

void api_procs_stop(struct api *api)
{
	struct api_procs *ps = procs_of(api);
	size_t count = ps->n;
	struct api_proc **all = snapshot(ps);
	for (size_t i = 0; i < count; i++) {
		struct api_proc *p = all[i];
		shutdown_notice(p);
		proc_retire(p);
	}
	free(all);
}

void api_procs_free(struct api *api, bool kill_now)
{
	struct api_procs *ps = api->procs;
	if (ps == NULL)
		return;
	while (ps->n) {
		struct api_proc *p = ps->v[0];
		if (p->pid > 0 && kill_now) {
			int status;
			signal_group(p, SIGKILL);
			waitpid(p->pid, &status, 0);
			if (p->pidfd >= 0) {
				event_io_watch(api->loop, &p->pid_io, 0);
				close(p->pidfd);
			}
		}
		proc_free(p);
	}
	free(ps->v);
	free(ps);
	api->procs = NULL;
}

size_t api_procs_count(const struct api *api)
{
	return api->procs ? api->procs->n : 0;
}

bool api_procs_queue(const struct api *api, size_t i, const char **name, size_t *waiting, uint64_t *dropped)
{
	if (api->procs == NULL || i >= api->procs->n)
		return false;
	const struct api_proc *p = api->procs->v[i];
	*name = p->name;
	*waiting = p->client ? api_outq_waiting(&p->client->out) : 0;
	*dropped = p->client ? p->client->out.dropped_total : 0;
	return true;
}
