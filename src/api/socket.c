/* socket.c — the control socket: a Unix stream socket, one command per line, one JSON
 * line per answer (answer.c), any number of clients at once (up to API_CONN_MAX).
 *
 * Owns: the listening socket and its path, the connections, their line framing (bounded
 * by api_config.line_max: a longer line is answered {"error": ...} and skipped, the
 * connection stays), and the start-up rule: a path where a server answers is refused, a
 * stale socket file (connect is refused) is replaced, any other file is left alone and
 * refused. The socket is created 0600 (umask 0177 around bind, then chmod to the mode
 * asked): nobody else can connect in between. The path is unlinked when the API stops,
 * if it is still ours (same device and inode), before the socket closes.
 * Servers starting at the same moment on one path (the default path is shared) take turns:
 * the check, the removal of a stale file and the bind run under an exclusive flock of the
 * socket's directory. Without it a second server could see the first one's socket bound but
 * not yet listening, call it stale and remove it, or fail its own bind with EADDRINUSE.
 * A client that closes its side is still answered: its connection closes once every
 * answer it is owed is written.
 * Must not know: commands.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "api/api_internal.h"
#include "api/linebuf.h"
#include "core/xalloc.h"

#define API_CONN_MAX 64

struct api_conn {
	struct api_server *srv;
	struct api_conn *prev, *next;
	int fd;
	struct event_io io;
	uint32_t want;
	bool reading;           /* not paused, not at end of file */
	bool eof;
	struct api_linebuf lines;
	struct api_client *client;
	struct event_task close_task;
};

struct api_server {
	struct api *api;
	char *path;
	dev_t dev;
	ino_t ino;
	int fd;
	struct event_io io;
	struct api_conn *conns;
	size_t nconns;
};

static void conn_watch(struct api_conn *k, uint32_t bit, bool on)
{
	uint32_t want = on ? (k->want | bit) : (k->want & ~bit);
	if (want != k->want) {
		k->want = want;
		event_io_watch(k->srv->api->loop, &k->io, want);
	}
}

static void conn_free(struct api_conn *k)
{
	struct api_server *srv = k->srv;
	struct event_loop *loop = srv->api->loop;
	event_io_watch(loop, &k->io, 0);
	event_task_cancel(loop, &k->close_task);
	close(k->fd);
	api_client_free(k->client);
	api_linebuf_fini(&k->lines);
	if (k->prev)
		k->prev->next = k->next;
	else
		srv->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	srv->nconns--;
	free(k);
}

static void close_task_run(struct event_loop *loop, struct event_task *task)
{
	(void)loop;
	conn_free(task->arg);
}

/* ---- client ops ---- */

static void conn_write_wanted(void *owner, bool on)
{
	conn_watch(owner, EVENT_WRITE, on);
}

static void run_lines(struct api_conn *k);

static void conn_resume(void *owner)
{
	struct api_conn *k = owner;
	if (k->eof)
		return;
	k->reading = true;
	conn_watch(k, EVENT_READ, true);
	run_lines(k);
}

static void conn_broken(void *owner)
{
	struct api_conn *k = owner;
	event_task_defer(k->srv->api->loop, &k->close_task);
}

static const struct api_client_ops conn_client_ops = {
	.write_wanted = conn_write_wanted,
	.resume = conn_resume,
	.broken = conn_broken,
};

/* ---- reading ---- */

static void run_lines(struct api_conn *k)
{
	struct api_client *c = k->client;
	const char *line;
	size_t len;

	while (!api_client_busy(c)) {
		int rc = api_linebuf_next(&k->lines, &line, &len);
		if (rc == API_LINE_NONE)
			break;
		if (rc == API_LINE_LONG) {
			api_answer_reset(&c->ans);
			api_answer_fail(&c->ans, "the command is longer than %zu octets: ignored", k->srv->api->cfg.line_max);
			c->cmd = NULL;
			api_answer_finish(c);
			continue;
		}
		api_dispatch(c, line, len);
	}
	if (api_client_busy(c) && !c->closing && api_linebuf_pending(&k->lines)) {
		c->paused = true;
		k->reading = false;
		conn_watch(k, EVENT_READ, false);
	}
	api_client_flush(c);
}

/* The client closed its side: answer what it asked, then close. */
static void conn_eof(struct api_conn *k)
{
	k->eof = true;
	k->reading = false;
	conn_watch(k, EVENT_READ, false);
	run_lines(k);
	k->client->closing = true;
	api_client_flush(k->client);
	if (k->client->wfd >= 0 && api_outq_waiting(&k->client->out) == 0 && k->client->pend_n == 0 &&
	    k->client->job == NULL)
		conn_broken(k);
}

static void conn_ready(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct api_conn *k = io->arg;
	(void)loop;

	if (ready & EVENT_WRITE)
		api_client_flush(k->client);
	if (!(ready & EVENT_READ) || !k->reading)
		return;
	for (int i = 0; i < 4 && k->reading; i++) {
		if (api_client_busy(k->client)) {
			k->client->paused = true;
			k->reading = false;
			conn_watch(k, EVENT_READ, false);
			return;
		}
		ssize_t n = api_linebuf_read(&k->lines, k->fd);
		if (n == 0) {
			conn_eof(k);
			return;
		}
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			conn_broken(k);
			return;
		}
		run_lines(k);
		if (n < API_LINEBUF_CHUNK)
			break; /* a short read: the fd is most likely empty, spare the EAGAIN read */
	}
}

/* ---- accepting ---- */

static void accept_ready(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct api_server *srv = io->arg;
	(void)loop;
	(void)ready;

	for (;;) {
		int fd = accept4(srv->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				api_log(srv->api, LOG_WARNING, "control socket: accept: %s", strerror(errno));
			return;
		}
		if (srv->nconns >= API_CONN_MAX) {
			static const char full[] = "{\"error\": \"too many connections to the control socket\"}\n";
			if (send(fd, full, sizeof(full) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
				/* it is refused either way */
			}
			close(fd);
			continue;
		}
		struct api_conn *k = xcalloc(1, sizeof(*k));
		k->srv = srv;
		k->fd = fd;
		k->reading = true;
		api_linebuf_init(&k->lines, srv->api->cfg.line_max);
		event_io_init(&k->io, fd, conn_ready, k);
		event_task_init(&k->close_task, close_task_run, k);
		k->client = api_client_new(srv->api, API_CHANNEL_SOCKET, NULL, fd, &conn_client_ops, k);
		k->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = k;
		srv->conns = k;
		srv->nconns++;
		conn_watch(k, EVENT_READ, true);
	}
}

/* ---- listening ---- */

/* Is a server answering at path? 1 yes, 0 no (a stale socket), -1 cannot tell (errno). */
static int socket_alive(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int rc = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	int e = errno;
	close(fd);
	if (rc == 0)
		return 1;
	if (e == EAGAIN || e == EINPROGRESS)
		return 1; /* its backlog is full: it is alive */
	if (e == ECONNREFUSED)
		return 0;
	errno = e;
	return -1;
}

static int listen_locked(struct api *api, const char *path, unsigned mode, struct api_error *err)
{
	struct sockaddr_un sa;
	struct stat st;

	if (api->server) {
		snprintf(err->why, sizeof(err->why), "the control socket is already open on %s", api->server->path);
		return -1;
	}
	if (mode == 0)
		mode = 0600;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0' || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err->why, sizeof(err->why), "control socket: the path is empty or longer than %zu octets",
			 sizeof(sa.sun_path) - 1);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err->why, sizeof(err->why), "control socket: %s exists and is not a socket", path);
			return -1;
		}
		int alive = socket_alive(&sa);
		if (alive > 0) {
			snprintf(err->why, sizeof(err->why), "another server is running on %s", path);
			return API_LISTEN_BUSY;
		}
		if (alive < 0) {
			snprintf(err->why, sizeof(err->why), "control socket: %s: %s", path, strerror(errno));
			return -1;
		}
		if (unlink(path) < 0 && errno != ENOENT) {
			snprintf(err->why, sizeof(err->why), "control socket: removing the stale %s: %s", path,
				 strerror(errno));
			return -1;
		}
		api_log(api, LOG_INFO, "control socket: replaced the stale %s", path);
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err->why, sizeof(err->why), "control socket: %s", strerror(errno));
		return -1;
	}
	mode_t old = umask(0177);
	int rc = bind(fd, (const struct sockaddr *)&sa, sizeof(sa));
	int e = errno;
	umask(old);
	if (rc < 0 && e == EADDRINUSE) {
		/* a program that does not take our lock got there first */
		snprintf(err->why, sizeof(err->why), "another program is bound to %s", path);
		close(fd);
		return API_LISTEN_BUSY;
	}
	if (rc < 0) {
		snprintf(err->why, sizeof(err->why), "control socket: bind %s: %s", path, strerror(e));
		goto out_close;
	}
	if (chmod(path, (mode_t)mode) < 0 || lstat(path, &st) < 0 || listen(fd, 64) < 0) {
		snprintf(err->why, sizeof(err->why), "control socket: %s: %s", path, strerror(errno));
		unlink(path);
		goto out_close;
	}
	struct api_server *srv = xcalloc(1, sizeof(*srv));
	srv->api = api;
	srv->path = xstrdup(path);
	srv->dev = st.st_dev;
	srv->ino = st.st_ino;
	srv->fd = fd;
	event_io_init(&srv->io, fd, accept_ready, srv);
	if (event_io_watch(api->loop, &srv->io, EVENT_READ) < 0) {
		snprintf(err->why, sizeof(err->why), "control socket: %s", strerror(errno));
		unlink(path);
		free(srv->path);
		free(srv);
		goto out_close;
	}
	api->server = srv;
	return 0;

out_close:
	close(fd);
	return -1;
}

#define SUN_PATH_SIZE sizeof(((struct sockaddr_un *)0)->sun_path)

/* The directory of path, opened for flock; -1 when it cannot be (the caller goes on
 * without the lock: a directory we cannot open will fail the bind anyway). */
static int lock_directory(const char *path)
{
	char dir[SUN_PATH_SIZE];
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

int api_listen(struct api *api, const char *path, unsigned mode, struct api_error *err)
{
	int lock = path && path[0] && strlen(path) < SUN_PATH_SIZE ? lock_directory(path) : -1;
	int rc = listen_locked(api, path, mode, err);
	if (lock >= 0)
		close(lock); /* releases the flock */
	return rc;
}

void api_server_free(struct api *api)
{
	struct api_server *srv = api->server;
	struct stat st;

	if (srv == NULL)
		return;
	while (srv->conns) {
		api_client_flush(srv->conns->client); /* what can go out now */
		conn_free(srv->conns);
	}
	event_io_watch(api->loop, &srv->io, 0);
	/* only our own socket: another server may have replaced a path we no longer own; and
	 * removed while still listening, so that nobody takes it for stale in between */
	if (lstat(srv->path, &st) == 0 && st.st_dev == srv->dev && st.st_ino == srv->ino)
		unlink(srv->path);
	close(srv->fd);
	free(srv->path);
	free(srv);
	api->server = NULL;
}

size_t api_server_connections(const struct api *api)
{
	return api->server ? api->server->nconns : 0;
}
