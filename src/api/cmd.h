/* cmd.h — what the command handlers (cmd_*.c) share with the dispatcher.
 *
 * A handler is called with the words that chose it consumed (cmd->lx is after them) and,
 * under `peer SELECTOR`, the selector read. It validates everything it reads before
 * calling the backend, fills the client's answer (api_answer_json / api_answer_fail), and
 * returns API_CMD_DONE (the dispatcher finishes the answer) or API_CMD_ASYNC (a job
 * finishes it later: job.c).
 */
#ifndef API_CMD_H
#define API_CMD_H

#include <stdbool.h>

#include "api/api_internal.h"
#include "api/backend.h"
#include "api/lex.h"

enum api_cmd_result {
	API_CMD_DONE,
	API_CMD_ASYNC,
};

struct api_cmd {
	struct api *api;
	struct api_client *c;
	struct api_answer *ans;
	struct api_lex lx;           /* after the words read so far */
	struct api_selector sel;     /* under `peer`: sel.n 0 is every peer of the client */
	const char *path;            /* the words that chose the handler, for messages */
};

typedef int (*api_cmd_fn)(struct api_cmd *cmd);

/* The dispatch tree (dispatch.c), also walked by the CLI's completion (words.h). */
struct api_node {
	const char *word;            /* NULL ends a list */
	api_cmd_fn fn;               /* a leaf: the handler reads the rest */
	const struct api_node *sub;  /* or the words that may follow */
	const char *help;            /* what the command does (system help) */
};
extern const struct api_node api_tree[];
/* What may follow `peer SELECTOR` */
extern const struct api_node api_peer_verbs[];

/* ---- helpers for handlers ---- */

/* Resolve cmd->sel. need_peers: a target with no peer is an error ("no peer matches").
 * 0, or -1 with the answer failed (nothing to release). */
int api_cmd_select(struct api_cmd *cmd, struct api_target *t, bool need_peers);
void api_cmd_release(struct api_cmd *cmd, struct api_target *t);
/* Fail unless the line is over. */
bool api_cmd_end(struct api_cmd *cmd);
/* The answer for a word that is not one of node's children. */
void api_cmd_unknown(struct api_cmd *cmd, const struct api_token *t, const struct api_node *choices);
/* The optional backend operation is missing. */
void api_cmd_unavailable(struct api_cmd *cmd, const char *what);
/* "AFI [SAFI]" at lx (words that parse as families are consumed). Returns the number of
 * words read (0, 1 or 2), -1 on a SAFI that does not parse after an AFI. */
int api_cmd_family(struct api_cmd *cmd, uint16_t *afi, uint8_t *safi);

/* ---- handlers ---- */

int api_cmd_announce(struct api_cmd *cmd);   /* peer S announce ... */
int api_cmd_withdraw(struct api_cmd *cmd);   /* peer S withdraw ... */
int api_cmd_group(struct api_cmd *cmd);      /* peer S group CMD ; CMD ... */
int api_cmd_routes(struct api_cmd *cmd);     /* peer S routes [AFI [SAFI]] list|add|remove */

int api_cmd_peer_list(struct api_cmd *cmd);
int api_cmd_peer_show(struct api_cmd *cmd);
int api_cmd_peer_teardown(struct api_cmd *cmd);
int api_cmd_peer_create(struct api_cmd *cmd);
int api_cmd_peer_delete(struct api_cmd *cmd);

int api_cmd_rib_show(struct api_cmd *cmd);
int api_cmd_rib_flush(struct api_cmd *cmd);
int api_cmd_rib_clear(struct api_cmd *cmd);

int api_cmd_comment(struct api_cmd *cmd);
int api_cmd_daemon_shutdown(struct api_cmd *cmd);
int api_cmd_daemon_reload(struct api_cmd *cmd);
int api_cmd_daemon_restart(struct api_cmd *cmd);
int api_cmd_daemon_status(struct api_cmd *cmd);
int api_cmd_ack_enable(struct api_cmd *cmd);
int api_cmd_ack_disable(struct api_cmd *cmd);
int api_cmd_ack_silence(struct api_cmd *cmd);
int api_cmd_sync_enable(struct api_cmd *cmd);
int api_cmd_sync_disable(struct api_cmd *cmd);
int api_cmd_session_reset(struct api_cmd *cmd);
int api_cmd_session_ping(struct api_cmd *cmd);
int api_cmd_session_bye(struct api_cmd *cmd);
int api_cmd_system_help(struct api_cmd *cmd);
int api_cmd_system_version(struct api_cmd *cmd);
int api_cmd_queue_status(struct api_cmd *cmd);
int api_cmd_api_version(struct api_cmd *cmd);

#endif
