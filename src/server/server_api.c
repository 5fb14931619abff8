/* server_api.c — the API plugged into the server (see server_api.h): the API object over
 * the backend operations of api_peers.c, api_routes.c and api_save.c, the helper processes
 * the configurations' `process` blocks name (started with the server, again at each
 * reload), the control socket, the daemon actions commands ask for, and the API's logs.
 *
 * Owns: struct server_api's life, the processes' command lines (a relative `run` program
 * is found in the configuration file's directory, as ExaBGP does).
 * Must not know: commands (src/api), signals and exiting (src/app).
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "server/server_api_internal.h"
#include "wire/notification.h"

/* ---- daemon actions, logs ---- */

static int op_daemon(void *be, enum api_daemon_action action, struct api_error *err)
{
	struct server_api *sa = be;
	char why[700];
	switch (action) {
	case API_DAEMON_SHUTDOWN:
		if (sa->opt.stop == NULL) {
			snprintf(err->why, sizeof(err->why), "this server cannot be stopped by a command");
			return -1;
		}
		sa->opt.stop(sa->opt.stop_ctx);
		return 0;
	case API_DAEMON_RELOAD:
	case API_DAEMON_RESTART:
		if (sa->stopping) {
			snprintf(err->why, sizeof(err->why), "the server is stopping");
			return -1;
		}
		if (server_api_reload(sa, why, sizeof(why)) < 0) {
			snprintf(err->why, sizeof(err->why), "%.400s", why);
			return -1;
		}
		if (action == API_DAEMON_RESTART)
			for (size_t i = 0; i < sa->srv->npeers; i++)
				bgp_session_restart(sa->srv->peers[i]->session, BGP_CEASE_ADMIN_RESET, NULL);
		return 0;
	}
	snprintf(err->why, sizeof(err->why), "unknown action");
	return -1;
}

static void op_log(void *be, int level, const char *text)
{
	struct server_api *sa = be;
	enum server_log_level l = level <= LOG_ERR       ? SERVER_LOG_ERROR
				  : level == LOG_WARNING ? SERVER_LOG_WARNING
				  : level <= LOG_INFO    ? SERVER_LOG_INFO
							 : SERVER_LOG_DEBUG;
	server_log(sa->srv, l, "api: %s", text);
}

static const struct api_backend_ops ops = {
	.select = server_api_select,
	.release = server_api_release,
	.peer_info = server_api_peer_info,
	.peer_config = server_api_peer_config,
	.teardown = server_api_teardown,
	.peer_create = server_api_peer_create,
	.peer_delete = server_api_peer_delete,
	.routes_apply = server_api_routes_apply,
	.route_find = server_api_route_find,
	.rib_walk = server_api_rib_walk,
	.send_eor = server_api_send_eor,
	.send_refresh = server_api_send_refresh,
	.watchdog = server_api_watchdog,
	.rib_flush = server_api_rib_flush,
	.rib_clear = server_api_rib_clear,
	.daemon = op_daemon,
	.persistent = server_api_persistent,
	.save = server_api_save,
	.when_sent = server_api_when_sent,
	.log = op_log,
};

/* ---- helper processes ---- */

/* ExaBGP runs a relative program from the configuration file's directory; a bare name
 * (`run cat;`) not found there is left to the PATH. */
static char *program_path(const char *config_path, const char *prog)
{
	if (prog[0] == '/' || config_path == NULL)
		return xstrdup(prog);
	char copy[PATH_MAX], dir[PATH_MAX], full[2 * PATH_MAX + 2];
	snprintf(copy, sizeof(copy), "%s", config_path);
	if (realpath(dirname(copy), dir) == NULL)
		snprintf(dir, sizeof(dir), ".");
	snprintf(full, sizeof(full), "%s/%s", dir, prog);
	if (strchr(prog, '/') == NULL && access(full, X_OK) != 0)
		return xstrdup(prog);
	return xstrdup(full);
}

struct specs {
	struct api_process_spec *v;
	size_t n;
};

static void specs_free(struct specs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		char **argv = (char **)s->v[i].argv;
		free(argv[0]);
		free(argv);
	}
	free(s->v);
}

/* The processes of the current reading (a name given by two files: the first one). */
static void specs_make(struct server_api *sa, struct specs *s)
{
	struct server *srv = sa->srv;
	size_t total = 0;
	for (size_t i = 0; i < srv->nconfigs; i++)
		total += srv->configs[i]->config->nprocesses;
	s->v = xcalloc(total ? total : 1, sizeof(*s->v));
	s->n = 0;
	for (size_t i = 0; i < srv->nconfigs; i++) {
		const struct config *c = srv->configs[i]->config;
		for (size_t k = 0; k < c->nprocesses; k++) {
			const struct settings_process *p = &c->processes[k];
			bool seen = false;
			for (size_t j = 0; j < s->n && !seen; j++)
				seen = strcmp(s->v[j].name, p->name) == 0;
			if (seen || p->nrun == 0)
				continue;
			const char **argv = xcalloc(p->nrun + 1, sizeof(*argv));
			argv[0] = program_path(srv->configs[i]->path, p->run[0]);
			for (size_t a = 1; a < p->nrun; a++)
				argv[a] = p->run[a];
			struct api_process_spec *spec = &s->v[s->n++];
			spec->name = p->name;
			spec->argv = argv;
			spec->argc = p->nrun;
			spec->json = p->encoder == ENCODER_JSON;
			spec->respawn = p->respawn;
			spec->json_acks = false;
		}
	}
}

static int processes_apply(struct server_api *sa, char *err, size_t errlen)
{
	struct specs s;
	struct api_error aerr;
	specs_make(sa, &s);
	sa->nprocesses = s.n;
	int rc = api_processes_set(sa->api, s.v, s.n, &aerr);
	if (rc < 0)
		snprintf(err, errlen, "%s", aerr.why);
	specs_free(&s);
	return rc;
}

/* ---- life ---- */

struct server_api *server_api_new(struct server *srv, const struct server_api_options *o, char *err, size_t errlen)
{
	struct server_api *sa = xcalloc(1, sizeof(*sa));
	(void)err;
	(void)errlen;
	sa->srv = srv;
	sa->loop = server_loop(srv);
	sa->opt = *o;
	api_config_init(&sa->cfg);
	api_env_apply(&o->env, &sa->cfg);
	if (o->version)
		sa->cfg.version = o->version;
	sa->cfg.host = srv->host;
	sa->api = api_new(sa->loop, &ops, sa, &sa->cfg);
	buf_init(&sa->line);
	server_api_sent_init(sa);
	for (size_t i = 0; i < srv->nconfigs; i++)
		sa->nprocesses += srv->configs[i]->config->nprocesses;
	server_set_event_hook(srv, server_api_on_event, sa);
	return sa;
}

int server_api_listen(struct server_api *sa, char *err, size_t errlen)
{
	if (!sa->opt.env.cli || sa->socket_path[0])
		return 0;
	char path[API_SOCKET_PATH_MAX];
	if (api_socket_path(&sa->opt.env, true, path, sizeof(path)) < 0) {
		server_log(sa->srv, SERVER_LOG_WARNING,
			   "api: no directory for the control socket (tried up to %s): none is opened; "
			   "set exabgp.api.socketpath", path);
		return 0;
	}
	struct api_error aerr;
	int rc = api_listen(sa->api, path, 0600, &aerr);
	if (rc == API_LISTEN_BUSY && !sa->opt.env.socket_chosen) {
		/* The default path is shared by every server on the machine: a second one (the
		 * demo's two speakers, a test beside a running daemon) still runs, with its helpers,
		 * but without a control socket. A socket the user named is refused instead. */
		server_log(sa->srv, SERVER_LOG_WARNING,
			   "api: %s: this server opens no control socket (set exabgp.api.socketpath or "
			   "exabgp.api.socketname to give it one)", aerr.why);
		return 0;
	}
	if (rc < 0) {
		snprintf(err, errlen, "control socket: %s", aerr.why);
		return -1;
	}
	snprintf(sa->socket_path, sizeof(sa->socket_path), "%s", path);
	server_log(sa->srv, SERVER_LOG_INFO, "api: control socket %s", path);
	return 0;
}

int server_api_start(struct server_api *sa, char *err, size_t errlen)
{
	if (processes_apply(sa, err, errlen) < 0)
		return -1;
	return server_api_listen(sa, err, errlen);
}

int server_api_reload(struct server_api *sa, char *err, size_t errlen)
{
	if (server_reload(sa->srv, err, errlen) < 0)
		return -1;
	char perr[API_ERROR_MAX];
	if (processes_apply(sa, perr, sizeof(perr)) < 0)
		server_log(sa->srv, SERVER_LOG_ERROR, "api: after the reload: %s", perr);
	return 0;
}

void server_api_stop(struct server_api *sa, void (*done)(void *arg), void *arg)
{
	sa->stopping = true;
	sa->socket_path[0] = '\0';
	api_stop(sa->api, done, arg);
}

void server_api_free(struct server_api *sa)
{
	if (sa == NULL)
		return;
	server_set_event_hook(sa->srv, NULL, NULL);
	api_free(sa->api);
	server_api_save_cancel(sa);
	buf_free(&sa->line);
	free(sa);
}

const char *server_api_socket(const struct server_api *sa) { return sa->socket_path; }
struct api *server_api_object(struct server_api *sa) { return sa->api; }
