/* api.c — the API object: its life, its configuration defaults, logging, statistics.
 *
 * Owns: struct api's creation and end (helpers and the socket are process.c's and
 * socket.c's), the daemon identity the answers show (uuid, start time, host), the orderly
 * stop's completion.
 * Must not know: commands (dispatch.c), channels (answer.c).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "api/api_internal.h"
#include "core/xalloc.h"

void api_config_init(struct api_config *c)
{
	memset(c, 0, sizeof(*c));
	c->ack = true;
	c->respawn = true;
	c->terminate = false;
	c->line_max = API_LINE_MAX_DEFAULT;
	c->queue_max = API_QUEUE_MAX_DEFAULT;
	/* ExaBGP: more than 5 respawns within its ~63 s window is too many */
	c->respawn_max = 5;
	c->respawn_window_ms = 63000;
	c->stop_grace_ms = 500;
	c->kill_grace_ms = 2000;
	c->version = "0.1.0";
}

static void make_uuid(char out[40])
{
	uint8_t b[16];
	size_t got = 0;
	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
		if (n <= 0) {
			/* no entropy source: a uuid only tells daemons apart, time and pid do that */
			uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
			for (size_t i = got; i < sizeof(b); i++)
				b[i] = (uint8_t)(t >> (8 * (i % 8)));
			break;
		}
		got += (size_t)n;
	}
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* RFC 4122 version 4 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void stop_task_run(struct event_loop *loop, struct event_task *task)
{
	struct api *api = task->arg;
	(void)loop;
	if (api->stop_done) {
		void (*done)(void *) = api->stop_done;
		api->stop_done = NULL;
		done(api->stop_arg);
	}
}

struct api *api_new(struct event_loop *loop, const struct api_backend_ops *ops, void *be,
		    const struct api_config *cfg)
{
	struct api *api = xcalloc(1, sizeof(*api));
	struct timespec ts;

	/* a helper that died makes our next write to its pipe raise SIGPIPE, which would end
	 * the daemon: we want the EPIPE instead (sockets use MSG_NOSIGNAL anyway) */
	signal(SIGPIPE, SIG_IGN);
	api->loop = loop;
	api->ops = ops;
	api->be = be;
	if (cfg)
		api->cfg = *cfg;
	else
		api_config_init(&api->cfg);
	if (api->cfg.line_max == 0)
		api->cfg.line_max = API_LINE_MAX_DEFAULT;
	if (api->cfg.queue_max == 0)
		api->cfg.queue_max = API_QUEUE_MAX_DEFAULT;
	if (api->cfg.version == NULL)
		api->cfg.version = "0.1.0";
	make_uuid(api->uuid);
	clock_gettime(CLOCK_REALTIME, &ts);
	api->start_time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (api->cfg.host)
		snprintf(api->host, sizeof(api->host), "%s", api->cfg.host);
	else if (gethostname(api->host, sizeof(api->host) - 1) < 0)
		snprintf(api->host, sizeof(api->host), "localhost");
	api->api_version = 6;
	api_barriers_init(api);
	event_task_init(&api->stop_task, stop_task_run, api);
	event_task_init(&api->daemon_task, api_daemon_task_run, api);
	update_collection_init(&api->coll);
	buf_init(&api->line);
	buf_init(&api->text);
	return api;
}

void api_free(struct api *api)
{
	if (api == NULL)
		return;
	api_server_free(api);
	api_procs_free(api, true);
	while (api->clients)
		api_client_free(api->clients);
	api_barriers_fini(api);
	event_task_cancel(api->loop, &api->stop_task);
	event_task_cancel(api->loop, &api->daemon_task);
	update_collection_fini(&api->coll);
	buf_free(&api->line);
	buf_free(&api->text);
	free(api);
}

void api_stop(struct api *api, void (*done)(void *arg), void *arg)
{
	api->stopping = true;
	api->stop_done = done;
	api->stop_arg = arg;
	api_server_free(api);
	api_procs_stop(api);
	api_stop_check(api);
}

void api_stop_check(struct api *api)
{
	if (api->stopping && api->stop_done && api_procs_count(api) == 0)
		event_task_defer(api->loop, &api->stop_task);
}

void api_log(struct api *api, int level, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (api->ops && api->ops->log) {
		api->ops->log(api->be, level, text);
		return;
	}
	const char *what = level <= LOG_ERR ? "error" : level == LOG_WARNING ? "warning" : "info";
	if (level <= LOG_WARNING)
		fprintf(stderr, "attobgp: api: %s: %s\n", what, text);
}

void api_notice_open(struct api *api, struct json *j)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	json_object_open(j);
	JSON_KEY(j, "exabgp");
	JSON_STRING(j, "6.0.0");
	JSON_KEY(j, "time");
	json_time(j, (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
	json_key_loose(j, "host");
	json_string(j, api->host);
	json_key_loose(j, "pid");
	json_int(j, (int64_t)getpid());
	json_key_loose(j, "ppid");
	json_int(j, (int64_t)getppid());
	/* no "counter": ExaBGP counts a neighbour's messages, and these are no neighbour's */
}

unsigned api_version_get(const struct api *api)
{
	return api->api_version;
}

void api_stats(const struct api *api, struct api_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->commands = api->commands;
	out->errors = api->errors;
	out->saves = api->barrier[API_BARRIER_SAVE].rounds;
	out->saves_failed = api->barrier[API_BARRIER_SAVE].failed;
	out->changes_applied = api->barrier[API_BARRIER_SAVE].applied;
	out->changes_durable = api->barrier[API_BARRIER_SAVE].done;
	out->events_queued = api->events_queued;
	out->events_dropped = api->events_dropped;
	out->processes = api_procs_count(api);
	out->connections = api_server_connections(api);
}
