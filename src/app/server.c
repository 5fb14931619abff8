/* server.c — `attobgp server`: the daemon's main. Arguments, environment knobs, logs
 * (stderr, or syslog once daemonised), daemonising, the pid file, signals; the work is
 * src/server's.
 *
 *   attobgp server [-d] [-p PIDFILE] [-v|-q] [--json-v4] [--shutdown-text TEXT] [--no-save] CONFIG...
 *   attobgp CONFIG...
 *
 * The API (src/server/server_api.h): the configuration's helper processes are started and
 * get the events their neighbours' api blocks select; commands come from them and from the
 * control socket (`attobgp cli`). A configuration without processes has its events printed
 * on stdout instead, one ExaBGP JSON object a line. `routes add|remove`, `peer
 * create|delete` are saved to the configuration files unless --no-save.
 * Signals: SIGHUP or SIGUSR1 reload the configuration, SIGTERM or SIGINT shut down (every
 * session gets Cease / Administrative Shutdown, helpers hear "shutdown") and exit 0.
 * Environment (ExaBGP's, dotted or with underscores): exabgp.tcp.port / bind / connections /
 * attempts / once, exabgp.daemon.daemonize, exabgp.daemon.pid, exabgp.log.level,
 * exabgp.api.* (api/env.h), exabgp.debug.rotate (the files one at a time, the next at
 * each reload, as ExaBGP's test harness runs them), exabgp.version (the software-version
 * capability then says "ExaBGP/VERSION", as ExaBGP's own test harness sets it).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "bgp/env.h"
#include "core/buf.h"
#include "core/event.h"
#include "server/server.h"
#include "server/server_api.h"

struct app_server {
	struct event_loop *loop;
	struct server *srv;
	struct server_api *api;
	bool daemon;
	bool syslog;
	bool stopping;
	unsigned stops_waited;  /* the sessions' NOTIFICATIONs, the helpers' end */
	const char *pid_file;
	struct buf line;
	int rc;
};

static void usage(FILE *out)
{
	fputs("usage: attobgp server [OPTIONS] CONFIG...\n"
	      "       attobgp CONFIG...\n"
	      "  run the BGP sessions of the configurations (ExaBGP's language)\n"
	      "  -d, --daemon            detach and log to syslog\n"
	      "  -p, --pid FILE          write the process id to FILE\n"
	      "  -v, --verbose           debug logs\n"
	      "  -q, --quiet             warnings and errors only\n"
	      "      --json-v4           events in ExaBGP 4's JSON shape\n"
	      "      --shutdown-text T   RFC 9003 text sent with the Cease on shutdown (default: none)\n"
	      "      --no-save           do not write API changes (routes add/remove, peer create/delete)\n"
	      "                          back to the configuration files\n"
	      "  the API: the configuration's helper processes, and a control socket for\n"
	      "  `attobgp cli` (exabgp.api.socketname / exabgp.api.socketpath, mode 0600)\n"
	      "  SIGHUP, SIGUSR1: reload the configuration; SIGTERM: Cease to every peer, exit 0\n"
	      "  environment: exabgp.tcp.port, exabgp.tcp.bind, exabgp.tcp.connections, exabgp.api.*,\n"
	      "  ... (as ExaBGP)\n",
	      out);
}

static const char *getenv_fn(const char *name) { return getenv(name); }

static void log_line(void *ctx, enum server_log_level level, const char *text)
{
	struct app_server *a = ctx;
	static const char *const names[] = {"error", "warning", "info", "debug"};
	if (a->syslog) {
		static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
		syslog(prio[level], "%s", text);
		return;
	}
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	fprintf(stderr, "%02d:%02d:%02d.%03ld attobgp %-7s %s\n", tm.tm_hour, tm.tm_min, tm.tm_sec,
		ts.tv_nsec / 1000000, names[level], text);
}

/* The default consumer of events: what the api blocks select, as JSON lines on stdout. */
static void print_event(void *ctx, struct server_peer *p, const struct bgp_event *ev)
{
	struct app_server *a = ctx;
	if (!server_peer_wants(p, ev))
		return;
	buf_reset(&a->line);
	if (server_event_json(a->srv, p, ev, &a->line) < 0)
		return;
	buf_putc(&a->line, '\n');
	fwrite(a->line.data, 1, a->line.len, stdout);
	fflush(stdout);
}

/* One of the two things a stop waits for is over. */
static void stop_step(struct app_server *a)
{
	if (--a->stops_waited == 0)
		event_loop_stop(a->loop);
}

static void stopped(struct server *srv, void *arg)
{
	(void)srv;
	stop_step(arg);
}

static void api_stopped(void *arg)
{
	stop_step(arg);
}

static void begin_stop(struct app_server *a)
{
	if (a->stopping) {
		/* asked twice: do not wait for the NOTIFICATIONs */
		event_loop_stop(a->loop);
		return;
	}
	a->stopping = true;
	a->stops_waited = 2;
	server_api_stop(a->api, api_stopped, a);
	server_shutdown(a->srv, NULL, stopped, a);
}

static void api_asks_stop(void *ctx)
{
	begin_stop(ctx);
}

static void finished(struct server *srv, void *arg)
{
	(void)srv;
	begin_stop(arg);
}

static void on_signal(struct event_loop *loop, int signo, void *arg)
{
	struct app_server *a = arg;
	(void)loop;
	if (signo == SIGHUP || signo == SIGUSR1) {
		char err[700];
		if (a->stopping)
			return; /* no new sessions while the old ones say goodbye */
		server_api_reload(a->api, err, sizeof(err));
		return;
	}
	begin_stop(a);
}

/* Detach before anything else exists (an epoll set made before fork() never hears the
 * child's signals from a signalfd). The first process waits on a pipe for the daemon's
 * verdict, so a configuration that cannot start still fails the command with its
 * message and exit 1. Returns the pipe's write end in the daemon, or -1. */
static int daemonise_begin(void)
{
	int fds[2];
	/* close-on-exec: a helper process started before the verdict must not hold the pipe
	 * open, or the waiting parent would never see its end */
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(fds[1]);
		char msg[1024];
		size_t len = 0;
		ssize_t n;
		while (len < sizeof(msg) - 1 && (n = read(fds[0], msg + len, sizeof(msg) - 1 - len)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				break;
			len += (size_t)n;
		}
		msg[len] = '\0';
		if (strcmp(msg, "ok") == 0)
			_exit(0);
		fprintf(stderr, "%s\n", len ? msg : "attobgp server: the daemon ended before it started");
		_exit(1);
	}
	close(fds[0]);
	if (setsid() < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	return fds[1];
}

/* Tell the waiting first process how the start went, and let go of the terminal. The
 * working directory stays: a reload reads relative configuration paths again. */
static void daemonise_end(int fd, const char *verdict)
{
	if (fd < 0)
		return;
	ssize_t w = write(fd, verdict, strlen(verdict));
	(void)w;
	close(fd);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
}

static int write_pid(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f);
}

static bool env_true(const char *v)
{
	return v && (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 ||
		     strcasecmp(v, "enable") == 0);
}

static enum server_log_level env_level(const char *v, enum server_log_level dflt)
{
	if (v == NULL)
		return dflt;
	if (strcasecmp(v, "DEBUG") == 0)
		return SERVER_LOG_DEBUG;
	if (strcasecmp(v, "INFO") == 0 || strcasecmp(v, "NOTICE") == 0)
		return SERVER_LOG_INFO;
	if (strcasecmp(v, "WARNING") == 0 || strcasecmp(v, "WARN") == 0)
		return SERVER_LOG_WARNING;
	return SERVER_LOG_ERROR;
}

int app_server_main(int argc, char **argv)
{
	static struct app_server a;
	struct server_options o;
	struct server_api_options ao;
	char err[800], software[80];
	int first = argc;
	bool save = true;

	memset(&o, 0, sizeof(o));
	memset(&ao, 0, sizeof(ao));
	o.shape = JSON_SHAPE_V6;
	o.log = log_line;
	o.log_ctx = &a;
	o.log_level = env_level(bgp_env_get(getenv_fn, "log.level"), SERVER_LOG_INFO);
	a.daemon = env_true(bgp_env_get(getenv_fn, "daemon.daemonize"));
	a.pid_file = bgp_env_get(getenv_fn, "daemon.pid");
	if (a.pid_file && a.pid_file[0] == '\0')
		a.pid_file = NULL;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(arg, "-d") == 0 || strcmp(arg, "--daemon") == 0) {
			a.daemon = true;
		} else if ((strcmp(arg, "-p") == 0 || strcmp(arg, "--pid") == 0) && i + 1 < argc) {
			a.pid_file = argv[++i];
		} else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0 || strcmp(arg, "--debug") == 0) {
			o.log_level = SERVER_LOG_DEBUG;
		} else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
			o.log_level = SERVER_LOG_WARNING;
		} else if (strcmp(arg, "--json-v4") == 0) {
			o.shape = JSON_SHAPE_V4;
		} else if (strcmp(arg, "--shutdown-text") == 0 && i + 1 < argc) {
			o.shutdown_text = argv[++i];
		} else if (strcmp(arg, "--no-save") == 0) {
			save = false;
		} else if (strcmp(arg, "--") == 0) {
			first = i + 1;
			break;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			fprintf(stderr, "attobgp server: unknown option or missing value '%s'\n", arg);
			usage(stderr);
			return 2;
		} else {
			first = i;
			break;
		}
	}
	if (first >= argc) {
		usage(stderr);
		return 2;
	}
	o.paths = (const char *const *)&argv[first];
	o.npaths = (size_t)(argc - first);

	if (bgp_env_read(&o.env, getenv_fn, err, sizeof(err)) < 0 ||
	    api_env_read(&ao.env, getenv_fn, err, sizeof(err)) < 0) {
		fprintf(stderr, "attobgp server: %s\n", err);
		return 1;
	}
	o.rotate = env_true(bgp_env_get(getenv_fn, "debug.rotate"));
	ao.save = save;
	ao.version = ATTOBGP_VERSION;
	ao.fallback = print_event;
	ao.fallback_ctx = &a;
	ao.stop = api_asks_stop;
	ao.stop_ctx = &a;
	const char *version = bgp_env_get(getenv_fn, "version");
	if (version && version[0])
		snprintf(software, sizeof(software), "ExaBGP/%s", version);
	else
		snprintf(software, sizeof(software), "attobgp/%s", ATTOBGP_VERSION);
	o.software = software;

	signal(SIGPIPE, SIG_IGN);
	int verdict = -1;
	if (a.daemon && (verdict = daemonise_begin()) < 0) {
		fprintf(stderr, "attobgp server: cannot daemonise: %s\n", strerror(errno));
		return 1;
	}
	buf_init(&a.line);
	a.loop = event_loop_new();
	if (a.loop == NULL) {
		snprintf(err, sizeof(err), "attobgp server: cannot create the event loop: %s", strerror(errno));
		if (verdict < 0)
			fprintf(stderr, "%s\n", err);
		daemonise_end(verdict, err);
		return 1;
	}
	a.srv = server_new(a.loop, &o, err, sizeof(err));
	if (a.srv == NULL) {
		char msg[sizeof(err) + 32];
		snprintf(msg, sizeof(msg), "attobgp server: %s", err);
		if (verdict < 0)
			fprintf(stderr, "%s\n", msg);
		daemonise_end(verdict, msg);
		event_loop_free(a.loop);
		buf_free(&a.line);
		return 1;
	}
	if (a.pid_file && write_pid(a.pid_file) < 0) {
		char msg[256];
		snprintf(msg, sizeof(msg), "attobgp server: cannot write the pid file %s: %s", a.pid_file, strerror(errno));
		if (verdict < 0)
			fprintf(stderr, "%s\n", msg);
		daemonise_end(verdict, msg);
		a.pid_file = NULL;
		a.rc = 1;
		goto out;
	}
	a.api = server_api_new(a.srv, &ao, err, sizeof(err));
	server_on_finished(a.srv, finished, &a);
	event_loop_on_signal(a.loop, SIGTERM, on_signal, &a);
	event_loop_on_signal(a.loop, SIGINT, on_signal, &a);
	event_loop_on_signal(a.loop, SIGHUP, on_signal, &a);
	event_loop_on_signal(a.loop, SIGUSR1, on_signal, &a);
	/* the control socket first: a second server on a live one stops before connecting */
	if (server_api_listen(a.api, err, sizeof(err)) < 0 || server_start(a.srv, err, sizeof(err)) < 0 ||
	    server_api_start(a.api, err, sizeof(err)) < 0) {
		char msg[sizeof(err) + 32];
		snprintf(msg, sizeof(msg), "attobgp server: %s", err);
		if (verdict < 0)
			fprintf(stderr, "%s\n", msg);
		daemonise_end(verdict, msg);
		a.rc = 1;
		goto out;
	}
	if (verdict >= 0) {
		daemonise_end(verdict, "ok");
		openlog("attobgp", LOG_PID, LOG_DAEMON);
		a.syslog = true;
	}
	if (event_loop_run(a.loop) < 0) {
		server_log(a.srv, SERVER_LOG_ERROR, "the event loop failed: %s", strerror(errno));
		a.rc = 1;
	}
out:
	/* exiting anyway: a signal that comes now must not kill us once the loop gives the
	 * signals back (a second SIGTERM would turn exit 0 into death by signal) */
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	server_api_free(a.api);
	server_free(a.srv);
	event_loop_free(a.loop);
	buf_free(&a.line);
	if (a.pid_file)
		unlink(a.pid_file);
	if (a.syslog)
		closelog();
	return a.rc;
}
