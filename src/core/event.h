/* event.h — the event loop: file descriptors, timers, signals and deferred tasks.
 *
 * Owns: one epoll instance, a timer heap on the monotonic clock, one signalfd, and the queue
 * of deferred tasks. Everything the loop calls back is registered through a small handle the
 * caller embeds in its own structure (struct event_io, event_timer, event_task): the loop
 * allocates nothing per registration, and a handle is cancelled in O(1) (fd, task) or
 * O(log n) (timer). The loop is an object: nothing here is global, several loops can live
 * in one process (tests do), and the caller passes it down to whoever needs it.
 * Must not know: sockets beyond their fds, BGP.
 *
 * One turn of the loop: wait for fds (no longer than the next timer, not at all when a task
 * is queued) → fd callbacks → expired timers → the tasks queued before the turn began. A
 * task queued from a callback runs on the next turn, after the next poll, so a long job
 * that re-queues itself lets every fd and timer have its go in between (cooperative
 * yielding). A timer armed from a timer callback for "now" also waits for the next turn.
 *
 * Callbacks may arm, cancel, stop watching and free any handle, their own included: a
 * handle whose fd event is still waiting in the current batch is forgotten when it is
 * unwatched (event_io_watch(.., 0)), so a freed owner is never called.
 */
#ifndef CORE_EVENT_H
#define CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/timer_heap.h"

struct event_loop;

/* Interest and readiness bits. An error or hang-up on the fd is reported as both, so the
 * owner's next read or write meets the error. */
#define EVENT_READ 0x1u
#define EVENT_WRITE 0x2u

struct event_io;
struct event_timer;
struct event_task;
typedef void (*event_io_fn)(struct event_loop *loop, struct event_io *io, uint32_t ready);
typedef void (*event_timer_fn)(struct event_loop *loop, struct event_timer *t);
typedef void (*event_task_fn)(struct event_loop *loop, struct event_task *task);
typedef void (*event_signal_fn)(struct event_loop *loop, int signo, void *arg);

struct event_io {
	int fd;
	uint32_t want;   /* EVENT_READ | EVENT_WRITE as registered */
	bool added;      /* known to epoll */
	event_io_fn fn;
	void *arg;
};

struct event_timer {
	struct heap_node node; /* first: the loop finds the timer from its node */
	event_timer_fn fn;
	void *arg;
};

struct event_task {
	struct event_task *prev, *next; /* NULL when not queued */
	event_task_fn fn;
	void *arg;
};

/* ---- the loop ---- */

/* A new loop, or NULL (errno set) when epoll or signalfd cannot be created. */
struct event_loop *event_loop_new(void);
/* Restores the signal mask for the signals the loop blocked, closes its fds. Handles still
 * registered are simply forgotten (their owners must not use the loop afterwards). */
void event_loop_free(struct event_loop *loop);

/* Run turns until event_loop_stop. 0, or -1 when epoll fails (errno set). */
int event_loop_run(struct event_loop *loop);
/* One turn, waiting at most max_wait_ms for something to happen (-1: as long as needed).
 * Returns 0, or -1 when epoll fails. */
int event_loop_turn(struct event_loop *loop, int max_wait_ms);
/* Make event_loop_run return after the current turn. */
void event_loop_stop(struct event_loop *loop);
bool event_loop_stopped(const struct event_loop *loop);

/* Milliseconds on the monotonic clock (read now, not cached). */
uint64_t event_loop_now(struct event_loop *loop);

/* ---- file descriptors ---- */

void event_io_init(struct event_io *io, int fd, event_io_fn fn, void *arg);
/* Set the interest of io to want (EVENT_READ, EVENT_WRITE, both, or 0 to stop watching).
 * Call with 0 before closing the fd. 0, or -1 (errno set) when epoll refuses the fd. */
int event_io_watch(struct event_loop *loop, struct event_io *io, uint32_t want);

/* ---- timers ---- */

void event_timer_init(struct event_timer *t, event_timer_fn fn, void *arg);
/* Fire once, ms milliseconds from now; re-arming an armed timer moves it. */
void event_timer_after(struct event_loop *loop, struct event_timer *t, uint64_t ms);
/* Fire once at when (event_loop_now's clock). */
void event_timer_at(struct event_loop *loop, struct event_timer *t, uint64_t when);
void event_timer_cancel(struct event_loop *loop, struct event_timer *t);
static inline bool event_timer_armed(const struct event_timer *t) { return heap_node_queued(&t->node); }
/* The deadline of an armed timer (event_loop_now's clock). */
static inline uint64_t event_timer_when(const struct event_timer *t) { return t->node.when; }

/* ---- deferred tasks ---- */

void event_task_init(struct event_task *task, event_task_fn fn, void *arg);
/* Run task on the next turn; nothing happens when it is already queued. */
void event_task_defer(struct event_loop *loop, struct event_task *task);
void event_task_cancel(struct event_loop *loop, struct event_task *task);
static inline bool event_task_queued(const struct event_task *task) { return task->next != NULL; }

/* ---- signals ---- */

/* Deliver signo (SIGTERM, SIGHUP, SIGUSR1, SIGINT, SIGCHLD, ...) to fn through the loop
 * instead of a handler: the signal is blocked and read from a signalfd, so fn runs as an
 * ordinary callback between other events. Several deliveries of one signal between two turns
 * may arrive as one (SIGCHLD: reap every child). fn NULL unregisters (the signal stays
 * blocked until the loop is freed). 0, or -1 for a signal number out of range. */
int event_loop_on_signal(struct event_loop *loop, int signo, event_signal_fn fn, void *arg);

#endif
