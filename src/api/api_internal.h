/* api_internal.h — what the files of src/api share and nobody else sees: the API object,
 * clients, answers, long-running answers (jobs), persistence state.
 *
 * A client is one command stream with one answer stream: a helper process (process.c), a
 * control-socket connection (socket.c) or an in-process client (api.c). Lines go through
 * api_dispatch (dispatch.c), whose handlers (cmd_*.c) fill the client's current answer;
 * api_answer_finish (answer.c) turns it into bytes for the client's channel, at once or,
 * when it must wait for a save (persist.c) or for answers queued before it, later and in
 * order. The owner of a client (process, connection) moves bytes between fds and the
 * client through the small api_client_ops table.
 */
#ifndef API_API_INTERNAL_H
#define API_API_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "api/outq.h"
#include "core/event.h"
#include "core/json.h"
#include "model/update_collection.h"

/* A client is not read while this many octets of its answers wait to be written, or this
 * many are held back for a save (a pipelining client keeps sending while a save of a
 * large configuration runs: ~200,000 `routes add` answers). */
#define API_ANSWER_HIGH (4u * 1024u * 1024u)
#define API_HELD_HIGH (16u * 1024u * 1024u)

/* ---- answers ---- */

enum api_ack_mode {
	API_ACK_DEFAULT,   /* acknowledged when the client's acks are on */
	API_ACK_FORCE,     /* acknowledged whatever they are (disable-ack's own answer) */
	API_ACK_NONE,      /* never (silence-ack) */
};

/* The answer to the command being run: at most one JSON value (data, or {"error": ...}). */
struct api_answer {
	struct buf json;
	struct json j;
	bool json_open;    /* j writes into json */
	bool failed;       /* json is {"error": "..."} */
	bool query;        /* data asked for: sent even when acks are off */
	bool persist;      /* a change of what is saved: answered once it is durable */
	bool change;       /* a change of routes: with session sync, answered once sent */
	bool close;        /* close the client once this answer is out (session bye) */
	uint8_t ack_mode;  /* enum api_ack_mode */
	uint8_t sync_mode; /* the command's trailing `sync` (1) / `async` (2); 0: the client's */
};

/* What held answers wait for (persist.c): a save covering their change, the changes
 * written to the sessions (session sync). */
enum api_barrier_kind {
	API_BARRIER_SAVE,
	API_BARRIER_SENT,
	API_BARRIERS,
};

/* An answer held back (waiting for a barrier, or behind one that does) */
struct api_pending {
	uint64_t gen[API_BARRIERS]; /* the change it waits for, per barrier; 0: none */
	size_t len;        /* its JSON in pend_data */
	uint8_t flags;     /* API_PEND_* */
};
#define API_PEND_FAILED 0x1u
#define API_PEND_QUERY 0x2u
#define API_PEND_ACKED 0x4u
#define API_PEND_CLOSE 0x8u
#define API_PEND_SAVE_FAILED 0x10u /* the save covering it failed */
#define API_PEND_SENT_FAILED 0x20u /* the sessions could not confirm it was sent */

/* ---- clients ---- */

struct api_client_ops {
	/* bytes wait that the fd did not take: watch it for writing (on), or stop (off) */
	void (*write_wanted)(void *owner, bool on);
	/* the client was busy and is not any more: read its input again */
	void (*resume)(void *owner);
	/* a write failed (the reader is gone): close the client (from a deferred task) */
	void (*broken)(void *owner);
};

struct api_job;

struct api_client {
	struct api *api;
	struct api_client *prev, *next;
	uint64_t id;
	uint8_t channel;           /* enum api_channel */
	char *service;             /* process name; NULL: the control socket */
	bool ack;                  /* acknowledgements on */
	bool sync;                 /* session sync (kept for ExaBGP; see cmd_system.c) */
	bool closing;              /* session bye: close once everything is written */
	bool json;                 /* events in JSON (encoder json) */
	bool json_acks;            /* acks as {"answer": "done"|"error", ...} (see api.h) */
	bool paused;               /* input was left unread because the client was busy */
	int wfd;                   /* where answers go; -1: kept in memory */
	const struct api_client_ops *ops;
	void *owner;
	struct api_outq out;
	/* answers held back, in order */
	struct api_pending *pend;
	size_t pend_head, pend_n, pend_cap;
	struct buf pend_data;
	size_t pend_off;
	struct api_answer ans;     /* the command being answered */
	struct api_job *job;       /* a long answer being built over several turns */
	struct event_task resume_task;
	struct event_task flush_task;
	const char *cmd;           /* the command being run, for logs */
	size_t cmd_len;
};

struct api_client *api_client_new(struct api *api, enum api_channel channel, const char *service, int wfd,
				  const struct api_client_ops *ops, void *owner);
void api_client_free(struct api_client *c);
/* Whether the client must not be read now (a job runs, too many answers wait). */
bool api_client_busy(const struct api_client *c);
/* Write waiting bytes to wfd; calls ops->write_wanted / ops->broken as needed. */
void api_client_flush(struct api_client *c);
/* Flush on the next turn (events arrive many per turn: one write for all of them). */
void api_client_flush_later(struct api_client *c);
/* The client may have stopped being busy: resume its input on the next turn if paused. */
void api_client_wake(struct api_client *c);

/* ---- answers (answer.c) ---- */

void api_answer_init(struct api_answer *a);
void api_answer_fini(struct api_answer *a);
void api_answer_reset(struct api_answer *a);
/* The writer for the answer's data value (opened on first use). */
struct json *api_answer_json(struct api_answer *a);
/* Make the answer an error: {"error": "<formatted>"}. */
void api_answer_fail(struct api_answer *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The command is over: queue its answer (now, or held back behind a save), reset it. */
void api_answer_finish(struct api_client *c);
/* Send c's held answers whose barriers are passed, in order, up to the first one still
 * waiting. */
void api_client_release(struct api_client *c);
/* Octets of answers held back. */
static inline size_t api_client_held(const struct api_client *c) { return c->pend_data.len - c->pend_off; }

/* ---- the dispatcher (dispatch.c) ---- */

/* Run one line for c and finish its answer (unless a job now builds it). */
void api_dispatch(struct api_client *c, const char *line, size_t len);

/* ---- jobs: answers built over several turns (job.c) ---- */

struct api_job {
	struct api_client *c;
	struct event_task task;
	/* one step: 1 more to do, 0 done (the answer is complete); it runs about 1000 items */
	int (*step)(struct api_job *job);
	void (*fini)(struct api_job *job);    /* release what the job holds */
};

/* c's answer is now built by job (allocated by the caller, freed by fini's owner:
 * api_job_end frees it with free()). The client is busy until the job is over. */
void api_job_start(struct api_client *c, struct api_job *job);
/* Drop c's job without answering (the client is going away). */
void api_job_cancel(struct api_client *c);

/* ---- barriers: group commit of saves and of "sent" confirmations (persist.c) ---- */

struct api_barrier {
	struct api *api;
	uint8_t kind;          /* enum api_barrier_kind */
	uint64_t applied;      /* changes applied in memory, numbered from 1 */
	uint64_t done;         /* every change up to this one is over (passed or failed) */
	uint64_t running;      /* the change the running round covers; 0: none runs */
	uint64_t rounds, failed;
	char why[API_ERROR_MAX]; /* the last failure */
	struct event_task task;/* starts the next round after this turn's commands */
};

void api_barriers_init(struct api *api);
void api_barriers_fini(struct api *api);
/* A command made a change the barrier must cover: the number its answer waits for (0:
 * this barrier does not apply — nothing is saved, the backend cannot tell — answer now). */
uint64_t api_barrier_change(struct api *api, enum api_barrier_kind kind);

/* ---- helper processes (process.c) and the socket (socket.c) ---- */

struct api_procs;
struct api_server;
void api_procs_free(struct api *api, bool kill_now);
void api_procs_stop(struct api *api);
size_t api_procs_count(const struct api *api);
/* Events of one process queued / dropped, ever; false when there is no such process. */
bool api_procs_queue(const struct api *api, size_t i, const char **name, size_t *waiting, uint64_t *dropped);
void api_server_free(struct api *api);
size_t api_server_connections(const struct api *api);

/* ---- the API object ---- */

struct api {
	struct event_loop *loop;
	const struct api_backend_ops *ops;
	void *be;
	struct api_config cfg;
	char uuid[40];
	double start_time;          /* seconds since the epoch */
	char host[256];
	struct api_client *clients; /* every client (a list: persistence releases them all) */
	uint64_t next_id;
	struct api_barrier barrier[API_BARRIERS];
	struct api_procs *procs;
	struct api_server *server;
	bool stopping;
	void (*stop_done)(void *arg);
	void *stop_arg;
	struct event_task stop_task;
	uint8_t api_version;        /* `system api version`: 6 (default) or 4 */
	int daemon_action;          /* enum api_daemon_action for daemon_task */
	struct event_task daemon_task; /* runs `daemon shutdown|reload|restart` after the turn */
	uint64_t commands, errors;
	uint64_t events_queued, events_dropped;
	/* scratch reused by every command (one runs at a time) */
	struct update_collection coll;
	struct buf line;            /* a legacy command rewritten to v6 */
	struct buf text;            /* route text built for the grammar */
};

/* cmd_system.c: `daemon shutdown|reload|restart` acts from here, after the answer */
void api_daemon_task_run(struct event_loop *loop, struct event_task *task);

void api_log(struct api *api, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The envelope ExaBGP puts on its notices, up to "type" (left open), in the writer's style:
 * { "exabgp": "6.0.0", "time": ..., "host" : ..., "pid" : ..., "ppid" : ..., (ExaBGP's
 * header for no neighbour: no counter) */
void api_notice_open(struct api *api, struct json *j);
/* The stop is over when no helper is left: api.c calls stop_done. */
void api_stop_check(struct api *api);

#endif
