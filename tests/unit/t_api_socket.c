/* t_api_socket.c — the control socket: its mode, two clients at once each answered in
 * order, pipelined commands, a line too long refused without losing the connection, a
 * client that closes its side still answered, bye, a stale socket replaced, a live one
 * refused, a file that is not a socket left alone, the path removed at the end; and the
 * client side (api/control.h) and the socket path rules (api/env.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/api.h"
#include "api/control.h"
#include "api/env.h"
#include "api_fake.h"
#include "tap.h"

static struct fake_harness h;
static char dir[64], path[128];

static int client(void)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%.100s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void put(int fd, const char *text)
{
	size_t len = strlen(text);
	while (len) {
		ssize_t n = send(fd, text, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			event_loop_turn(h.loop, 10);
			continue;
		}
		if (n <= 0)
			return;
		text += n;
		len -= (size_t)n;
	}
}

/* Read until `lines` complete lines arrived (or 3 s); the loop turns meanwhile. */
static const char *get(int fd, int lines, struct buf *into)
{
	buf_reset(into);
	uint64_t until = event_loop_now(h.loop) + 3000;
	for (;;) {
		int seen = 0;
		for (size_t i = 0; i < into->len; i++)
			seen += into->data[i] == '\n';
		if (seen >= lines || event_loop_now(h.loop) > until)
			break;
		event_loop_turn(h.loop, 5);
		char chunk[65536];
		ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
		if (n > 0)
			buf_put(into, chunk, (size_t)n);
		else if (n == 0)
			break;
	}
	return buf_cstr(into);
}

static bool closed_by_server(int fd)
{
	uint64_t until = event_loop_now(h.loop) + 3000;
	char c;
	while (event_loop_now(h.loop) < until) {
		event_loop_turn(h.loop, 5);
		ssize_t n = recv(fd, &c, 1, 0);
		if (n == 0)
			return true;
	}
	return false;
}

static void test_server(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct api_error err;
	struct stat st;
	struct api_config cfg;

	api_config_init(&cfg);
	cfg.line_max = 1024;
	harness_init(&h, &cfg);
	struct fake_peer *p = fake_peer_add(&h.fb, "10.0.0.1", 65000, 65001);
	p->established = true;
	is_int(api_listen(h.api, path, 0, &err), 0, "listening on %s", path);
	ok(lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && (st.st_mode & 0777) == 0600, "the socket is mode 0600");

	int c1 = client(), c2 = client();
	ok(c1 >= 0 && c2 >= 0, "two clients connect");
	put(c1, "peer * routes add 10.0.0.0/24 next-hop 1.2.3.4\n");
	put(c2, "system api version\n");
	is_str(get(c1, 1, &a), "{\"index\": \"0101180a000000\", \"route\": \"10.0.0.0/24 next-hop 1.2.3.4\"}\n", "client 1 is answered");
	is_str(get(c2, 1, &b), "{\"api_version\": 6, \"description\": \"json-only\"}\n", "client 2 is answered");
	/* pipelined: three commands in one write, three answers in order */
	put(c2, "routes list\nbogus\nannounce route 1.0.0.0/8 next-hop 1.1.1.1\n");
	is_str(get(c2, 3, &b),
	       "[{\"index\": \"0101180a000000\", \"route\": \"10.0.0.0/24 next-hop 1.2.3.4\"}]\n"
	       "{\"error\": \"unknown command 'bogus' (peer, daemon, session, system, rib)\"}\n{\"answer\": \"done\"}\n",
	       "pipelined commands: one line each, in order");
	/* a line longer than line_max: refused, the connection goes on */
	struct buf big = BUF_INIT;
	buf_puts(&big, "announce route 2.0.0.0/8 next-hop 1.1.1.1 community [");
	for (int i = 0; i < 400; i++)
		buf_puts(&big, " 65000:1");
	buf_puts(&big, "]\nversion\n");
	put(c1, buf_cstr(&big));
	const char *out = get(c1, 2, &a);
	ok(strncmp(out, "{\"error\": \"the command is longer than 1024 octets: ignored\"}\n{\"version\"", 71) == 0,
	   "a line too long is refused, the next one answered");
	buf_free(&big);
	/* a line too long with no end in sight: reported at once, then skipped to its end */
	char junk[4096];
	memset(junk, 'x', sizeof(junk));
	for (int i = 0; i < 16; i++) {
		send(c1, junk, sizeof(junk), MSG_NOSIGNAL);
		event_loop_turn(h.loop, 5);
	}
	put(c1, "\nsession ping\n");
	out = get(c1, 2, &a);
	ok(strncmp(out, "{\"error\": \"the command is longer", 32) == 0 && strstr(out, "\n{\"pong\":") != NULL,
	   "64 KiB without a newline: one error, then the connection goes on");
	/* a client that closes its side right after its commands is still answered */
	int c3 = client();
	put(c3, "routes list\nversion\n");
	shutdown(c3, SHUT_WR);
	out = get(c3, 2, &a);
	ok(strncmp(out, "[{\"index\"", 9) == 0 && strstr(out, "\n{\"version\""), "half-closed client: answered");
	ok(closed_by_server(c3), "... then closed");
	close(c3);
	/* bye */
	put(c2, "bye\n");
	is_str(get(c2, 1, &b), "{\"answer\": \"done\"}\n", "bye is answered");
	ok(closed_by_server(c2), "... and the connection closed");
	close(c2);

	/* a second server on the same path is refused while the first lives */
	struct api *other = api_new(h.loop, &fake_ops, &h.fb, NULL);
	ok(api_listen(other, path, 0, &err) < 0 && strstr(err.why, "another server is running on"), "a live socket is refused: %.80s",
	   err.why);
	api_free(other);
	ok(lstat(path, &st) == 0, "... and left in place");
	close(c1);
	api_free(h.api);
	h.api = NULL;
	ok(lstat(path, &st) < 0 && errno == ENOENT, "the socket path is removed at the end");
	h.api = api_new(h.loop, &fake_ops, &h.fb, &cfg);

	/* a stale socket file (nobody listening) is replaced */
	int stale = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%.100s", path);
	ok(bind(stale, (struct sockaddr *)&sa, sizeof(sa)) == 0, "a stale socket file exists (bound, never listened)");
	close(stale);
	is_int(api_listen(h.api, path, 0660, &err), 0, "a stale socket is replaced");
	ok(lstat(path, &st) == 0 && (st.st_mode & 0777) == 0660, "a mode asked for is used (0660)");
	api_free(h.api);
	/* a file that is not a socket is left alone */
	h.api = api_new(h.loop, &fake_ops, &h.fb, &cfg);
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	ok(api_listen(h.api, path, 0, &err) < 0 && strstr(err.why, "exists and is not a socket"), "a regular file is refused");
	ok(lstat(path, &st) == 0 && S_ISREG(st.st_mode), "... and not removed");
	unlink(path);
	buf_free(&a);
	buf_free(&b);
	harness_fini(&h);
}

/* The client side, against a server in a child process (it blocks, the server must run). */
static void test_control(void)
{
	struct api_ctl ctl;
	struct api_error err;
	const char *line;
	size_t len;

	ok(api_ctl_connect(&ctl, path, &err) < 0 && strstr(err.why, "no server on"), "no server: %.80s", err.why);
	pid_t pid = fork();
	if (pid == 0) {
		struct fake_harness child;
		harness_init(&child, NULL);
		fake_peer_add(&child.fb, "10.0.0.1", 65000, 65001);
		if (api_listen(child.api, path, 0, &err) < 0)
			_exit(1);
		for (int i = 0; i < 400; i++)
			event_loop_turn(child.loop, 10);
		harness_fini(&child);
		_exit(0);
	}
	for (int i = 0; i < 100 && api_ctl_connect(&ctl, path, &err) < 0; i++)
		usleep(20000);
	ok(ctl.fd >= 0, "connected to the server");
	api_ctl_send(&ctl, "routes add 10.0.0.0/24 next-hop 1.2.3.4", 39);
	ok(api_ctl_read(&ctl, 2000, &line, &len) == 1 && len == 68 && memcmp(line, "{\"index\": \"0101180a000000\"", 26) == 0,
	   "a command and its answer");
	api_ctl_send(&ctl, "session ack silence", 19);
	api_ctl_send(&ctl, "announce route 1.0.0.0/8 next-hop 1.1.1.1", 41);
	ok(api_ctl_read(&ctl, 200, &line, &len) < 0 && errno == ETIMEDOUT, "acks off: no answer, the read times out");
	api_ctl_send(&ctl, "session bye", 11);
	ok(api_ctl_read(&ctl, 2000, &line, &len) == 0, "bye with acks off: the connection closes");
	api_ctl_close(&ctl);
	kill(pid, SIGTERM);
	int status;
	waitpid(pid, &status, 0);
}

static const char *table_lookup(const char *name)
{
	if (strcmp(name, "exabgp_api_ack") == 0)
		return "false";
	if (strcmp(name, "exabgp.api.respawn") == 0)
		return "off";
	if (strcmp(name, "exabgp.api.socketname") == 0)
		return "mine";
	if (strcmp(name, "attobgp.api.queue") == 0)
		return "65536";
	return NULL;
}

static const char *bad_lookup(const char *name)
{
	return strcmp(name, "exabgp.api.terminate") == 0 ? "perhaps" : NULL;
}

static const char *path_lookup(const char *name)
{
	return strcmp(name, "exabgp_api_socketpath") == 0 ? "/tmp/x/y.sock" : NULL;
}

static void test_env(void)
{
	struct api_env e;
	struct api_config cfg;
	char err[256], out[API_SOCKET_PATH_MAX];

	is_int(api_env_read(&e, table_lookup, err, sizeof(err)), 0, "knobs read");
	ok(!e.ack && !e.respawn && !e.terminate && e.cli && strcmp(e.socketname, "mine") == 0 && e.queue_max == 65536,
	   "exabgp_api_ack (underscores), exabgp.api.respawn, socketname, attobgp.api.queue");
	api_config_init(&cfg);
	api_env_apply(&e, &cfg);
	ok(!cfg.ack && !cfg.respawn && cfg.queue_max == 65536, "applied to the API's configuration");
	ok(api_env_read(&e, bad_lookup, err, sizeof(err)) < 0 && strstr(err, "exabgp.api.terminate: 'perhaps' is not a boolean"),
	   "a bad value is an error: %.80s", err);
	api_env_read(&e, path_lookup, err, sizeof(err));
	api_socket_path(&e, true, out, sizeof(out));
	is_str(out, "/tmp/x/y.sock", "exabgp.api.socketpath wins");
	api_env_read(&e, table_lookup, err, sizeof(err));
	api_socket_path(&e, true, out, sizeof(out));
	ok(strstr(out, "/mine.sock") != NULL, "otherwise NAME.sock in a run directory: %s", out);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/t_api_socket.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/api.sock", dir);
	test_server();
	test_control();
	test_env();
	unlink(path);
	rmdir(dir);
	return done_testing();
}
