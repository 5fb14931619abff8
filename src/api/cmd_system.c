/* cmd_system.c — commands about the daemon and the client's own session:
 *   # ...                               a comment: done
 *   daemon shutdown|reload|restart      {"status": "shutdown in progress"}, then the action
 *   daemon status                       {"version", "uuid", "pid", "uptime", "start_time", "peers"}
 *   session ack enable|disable|silence  acknowledgements (ExaBGP's enable-ack, ...)
 *   session sync enable|disable         kept, answered (see sync below)
 *   session reset | ping | bye          {"status": ...} | {"pong": UUID, "active": true} | close
 *   system help | version | queue-status | api version [4|6]
 * Must not know: sessions (the backend acts), channels (answer.c acks).
 *
 * sync: ExaBGP 6's "acknowledge once on the wire": with it, the answers of route changes
 * wait for the backend's when_sent (persist.c); a backend without it refuses
 * `session sync enable` with an error rather than accepting and ignoring it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "api/cmd.h"
#include "api/selector.h"
#include "api/shortcut.h"
#include "core/xalloc.h"

int api_cmd_comment(struct api_cmd *cmd)
{
	(void)cmd;
	return API_CMD_DONE;
}

/* ---- daemon ---- */

void api_daemon_task_run(struct event_loop *loop, struct event_task *task)
{
	struct api *api = task->arg;
	struct api_error err;
	static const char *const names[] = {"shutdown", "reload", "restart"};
	(void)loop;
	err.why[0] = '\0';
	if (api->ops->daemon(api->be, (enum api_daemon_action)api->daemon_action, &err) < 0)
		api_log(api, LOG_ERR, "daemon %s failed: %s", names[api->daemon_action], err.why);
}

static int daemon_action(struct api_cmd *cmd, enum api_daemon_action action, const char *status)
{
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	if (cmd->api->ops->daemon == NULL) {
		api_cmd_unavailable(cmd, cmd->path);
		return API_CMD_DONE;
	}
	struct json *j = api_answer_json(cmd->ans);
	json_object_open(j);
	JSON_KEY(j, "status");
	json_string(j, status);
	json_object_close(j);
	cmd->ans->query = true;
	/* after this turn: the answer goes out first, and the backend never frees the
	 * client whose command is still running */
	cmd->api->daemon_action = (int)action;
	event_task_defer(cmd->api->loop, &cmd->api->daemon_task);
	return API_CMD_DONE;
}

int api_cmd_daemon_shutdown(struct api_cmd *cmd)
{
	return daemon_action(cmd, API_DAEMON_SHUTDOWN, "shutdown in progress");
}

int api_cmd_daemon_reload(struct api_cmd *cmd)
{
	return daemon_action(cmd, API_DAEMON_RELOAD, "reload in progress");
}

int api_cmd_daemon_restart(struct api_cmd *cmd)
{
	return daemon_action(cmd, API_DAEMON_RESTART, "restart in progress");
}

int api_cmd_daemon_status(struct api_cmd *cmd)
{
	struct api *api = cmd->api;
	struct api_target t;
	struct timespec ts;

	cmd->ans->query = true;
	if (!api_cmd_end(cmd) || api_cmd_select(cmd, &t, false) < 0)
		return API_CMD_DONE;
	clock_gettime(CLOCK_REALTIME, &ts);
	double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	struct json *j = api_answer_json(cmd->ans);
	json_object_open(j);
	JSON_KEY(j, "version");
	json_string(j, api->cfg.version);
	JSON_KEY(j, "uuid");
	json_string(j, api->uuid);
	JSON_KEY(j, "pid");
	json_int(j, (int64_t)getpid());
	JSON_KEY(j, "uptime");
	json_uint(j, now > api->start_time ? (uint64_t)(now - api->start_time) : 0);
	JSON_KEY(j, "start_time");
	json_time(j, api->start_time);
	JSON_KEY(j, "peers");
	json_object_open(j);
	struct api_peer_info *p = xmalloc(sizeof(*p));
	for (size_t i = 0; i < t.count; i++) {
		memset(p, 0, sizeof(*p));
		if (api->ops->peer_info(api->be, &t, i, p) < 0)
			continue;
		json_key(j, p->peer_address);
		json_string(j, p->state ? p->state : "IDLE");
	}
	free(p);
	json_object_close(j);
	json_object_close(j);
	api_cmd_release(cmd, &t);
	return API_CMD_DONE;
}

/* ---- session ---- */

int api_cmd_ack_enable(struct api_cmd *cmd)
{
	if (api_cmd_end(cmd))
		cmd->c->ack = true;
	return API_CMD_DONE;
}

int api_cmd_ack_disable(struct api_cmd *cmd)
{
	if (api_cmd_end(cmd)) {
		cmd->c->ack = false;
		cmd->ans->ack_mode = API_ACK_FORCE; /* this command is still acknowledged */
	}
	return API_CMD_DONE;
}

int api_cmd_ack_silence(struct api_cmd *cmd)
{
	if (api_cmd_end(cmd)) {
		cmd->c->ack = false;
		cmd->ans->ack_mode = API_ACK_NONE; /* not even this one */
	}
	return API_CMD_DONE;
}

int api_cmd_sync_enable(struct api_cmd *cmd)
{
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	if (cmd->api->ops->when_sent == NULL) {
		api_answer_fail(cmd->ans, "session sync: this server cannot tell when routes are on the wire "
					  "(answers are sent once a change is in the route store)");
		return API_CMD_DONE;
	}
	cmd->c->sync = true;
	return API_CMD_DONE;
}

int api_cmd_sync_disable(struct api_cmd *cmd)
{
	if (api_cmd_end(cmd))
		cmd->c->sync = false;
	return API_CMD_DONE;
}

int api_cmd_session_reset(struct api_cmd *cmd)
{
	/* ExaBGP drops the commands it has not run yet; ours run as they are read, so there
	 * is nothing queued to forget */
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	struct json *j = api_answer_json(cmd->ans);
	json_object_open(j);
	JSON_KEY(j, "status");
	JSON_STRING(j, "asynchronous queue cleared");
	json_object_close(j);
	cmd->ans->query = true;
	return API_CMD_DONE;
}

int api_cmd_session_ping(struct api_cmd *cmd)
{
	/* `ping [UUID TIME] [text]`: ExaBGP's CLI sends its own uuid and start time; the
	 * answer is the same for everyone */
	struct json *j = api_answer_json(cmd->ans);
	json_object_open(j);
	JSON_KEY(j, "pong");
	json_string(j, cmd->api->uuid);
	JSON_KEY(j, "active");
	json_bool(j, true);
	json_object_close(j);
	cmd->ans->query = true;
	return API_CMD_DONE;
}

int api_cmd_session_bye(struct api_cmd *cmd)
{
	cmd->ans->close = cmd->c->channel == API_CHANNEL_SOCKET;
	return API_CMD_DONE;
}

/* ---- system ---- */

static void help_walk(struct json *j, const struct api_node *level, char *path, size_t size)
{
	size_t n = strlen(path);
	for (const struct api_node *node = level; node->word; node++) {
		snprintf(path + n, size - n, "%s%s", n ? " " : "", node->word);
		if (node->fn) {
			json_object_open(j);
			JSON_KEY(j, "command");
			json_string(j, path);
			if (node->help) {
				JSON_KEY(j, "help");
				json_string(j, node->help);
			}
			json_object_close(j);
		}
		if (node->sub && !node->fn)
			help_walk(j, node->sub, path, size);
	}
	path[n] = '\0';
}

int api_cmd_system_help(struct api_cmd *cmd)
{
	char path[128] = "";
	struct json *j = api_answer_json(cmd->ans);

	cmd->ans->query = true;
	json_object_open(j);
	JSON_KEY(j, "description");
	JSON_STRING(j, "Available API commands (v6 format)");
	JSON_KEY(j, "commands");
	json_array_open(j);
	help_walk(j, api_tree, path, sizeof(path));
	snprintf(path, sizeof(path), "peer SELECTOR");
	help_walk(j, api_peer_verbs, path, sizeof(path));
	json_array_close(j);
	JSON_KEY(j, "selector");
	JSON_STRING(j, "* | ADDRESS [local-ip IP] [local-as ASN] [peer-as ASN] [router-id IP] [family-allowed AFI-SAFI] "
		       "| [ ITEM , ITEM ... ]");
	JSON_KEY(j, "shortcuts");
	json_array_open(j);
	for (size_t i = 0; i < api_shortcut_count; i++) {
		json_object_open(j);
		JSON_KEY(j, "legacy");
		json_string(j, api_shortcuts[i].legacy);
		JSON_KEY(j, "v6");
		json_string(j, api_shortcuts[i].v6);
		json_object_close(j);
	}
	json_array_close(j);
	json_object_close(j);
	return API_CMD_DONE;
}

int api_cmd_system_version(struct api_cmd *cmd)
{
	/* ExaBGP's helpers check "application" and the API version they speak: we answer as
	 * the ExaBGP 6 API we implement, and say who we are */
	struct json *j = api_answer_json(cmd->ans);
	cmd->ans->query = true;
	json_object_open(j);
	JSON_KEY(j, "version");
	JSON_STRING(j, "6.0.0");
	JSON_KEY(j, "application");
	JSON_STRING(j, "exabgp");
	JSON_KEY(j, "implementation");
	JSON_STRING(j, "attobgp");
	JSON_KEY(j, "attobgp");
	json_string(j, cmd->api->cfg.version);
	json_object_close(j);
	return API_CMD_DONE;
}

int api_cmd_queue_status(struct api_cmd *cmd)
{
	struct json *j = api_answer_json(cmd->ans);
	cmd->ans->query = true;
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	json_object_open(j);
	for (size_t i = 0;; i++) {
		const char *name;
		size_t waiting;
		uint64_t dropped;
		if (!api_procs_queue(cmd->api, i, &name, &waiting, &dropped))
			break;
		json_key(j, name);
		json_object_open(j);
		JSON_KEY(j, "bytes");
		json_uint(j, waiting);
		JSON_KEY(j, "dropped");
		json_uint(j, dropped);
		json_object_close(j);
	}
	json_object_close(j);
	return API_CMD_DONE;
}

int api_cmd_api_version(struct api_cmd *cmd)
{
	struct api_token t = api_lex_next(&cmd->lx);
	struct json *j;
	char word[64];

	if (t.s == NULL) {
		cmd->ans->query = true;
		j = api_answer_json(cmd->ans);
		json_object_open(j);
		JSON_KEY(j, "api_version");
		json_uint(j, cmd->api->api_version);
		JSON_KEY(j, "description");
		json_string(j, cmd->api->api_version == 4 ? "legacy (text/json)" : "json-only");
		json_object_close(j);
		return API_CMD_DONE;
	}
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	if (!api_tok_is(&t, "4") && !api_tok_is(&t, "6")) {
		api_answer_fail(cmd->ans, "%s: API version must be 4 or 6, not '%s'", cmd->path,
				api_tok_text(&t, word, sizeof(word)));
		return API_CMD_DONE;
	}
	cmd->api->api_version = api_tok_is(&t, "4") ? 4 : 6;
	cmd->ans->query = true;
	j = api_answer_json(cmd->ans);
	json_object_open(j);
	JSON_KEY(j, "status");
	JSON_STRING(j, "API version set");
	JSON_KEY(j, "version");
	json_uint(j, cmd->api->api_version);
	JSON_KEY(j, "note");
	JSON_STRING(j, "effective on next process restart");
	json_object_close(j);
	return API_CMD_DONE;
}
