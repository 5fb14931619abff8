/* event.c — see event.h. Modelled on Redis' ae (ae.c, ae_epoll.c), with a heap for timers
 * instead of a list, embedded handles instead of fd-indexed tables, and signalfd. */
#include "core/event.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"

#define EVENT_BATCH 128
#define EVENT_SIGNALS 65 /* 1 .. 64 */

struct signal_slot {
	event_signal_fn fn;
	void *arg;
};

struct event_loop {
	int epfd;
	int sigfd;
	struct event_io sigio;
	sigset_t blocked;       /* the signals we blocked ourselves (to unblock on free) */
	sigset_t watched;       /* the signals the signalfd reads */
	struct signal_slot signals[EVENT_SIGNALS];

	struct timer_heap timers;
	struct event_task tasks; /* sentinel of the circular list of queued tasks */

	/* the batch epoll returned, while it is being dispatched */
	struct epoll_event ready[EVENT_BATCH];
	int nready, iready;

	bool stop;
};

/* the heap holds the node, which is the first member of its timer */
_Static_assert(offsetof(struct event_timer, node) == 0, "heap node first in event_timer");
static struct event_timer *timer_of(struct heap_node *n)
{
	return (struct event_timer *)(void *)n;
}

uint64_t event_loop_now(struct event_loop *loop)
{
	struct timespec ts;
	(void)loop;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- signals ---- */

static void signal_readable(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct signalfd_siginfo si[16];
	(void)ready;
	/* bounded: at most a few reads per turn, the rest waits for the next one */
	for (int round = 0; round < 4; round++) {
		ssize_t n = read(io->fd, si, sizeof(si));
		if (n <= 0)
			return;
		for (size_t i = 0; i < (size_t)n / sizeof(si[0]); i++) {
			uint32_t signo = si[i].ssi_signo;
			if (signo < EVENT_SIGNALS && loop->signals[signo].fn)
				loop->signals[signo].fn(loop, (int)signo, loop->signals[signo].arg);
		}
	}
}

int event_loop_on_signal(struct event_loop *loop, int signo, event_signal_fn fn, void *arg)
{
	if (signo <= 0 || signo >= EVENT_SIGNALS)
		return -1;
	loop->signals[signo].fn = fn;
	loop->signals[signo].arg = arg;
	if (fn == NULL || sigismember(&loop->watched, signo))
		return 0;

	sigset_t one, old;
	sigemptyset(&one);
	sigaddset(&one, signo);
	if (sigprocmask(SIG_BLOCK, &one, &old) < 0)
		return -1;
	if (!sigismember(&old, signo))
		sigaddset(&loop->blocked, signo);
	sigaddset(&loop->watched, signo);
	if (signalfd(loop->sigfd, &loop->watched, SFD_NONBLOCK | SFD_CLOEXEC) < 0)
		return -1;
	return 0;
}

/* ---- the loop ---- */

struct event_loop *event_loop_new(void)
{
	struct event_loop *loop = xcalloc(1, sizeof(*loop));
	sigemptyset(&loop->blocked);
	sigemptyset(&loop->watched);
	timer_heap_init(&loop->timers);
	loop->tasks.prev = loop->tasks.next = &loop->tasks;

	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0)
		goto out_free;
	loop->sigfd = signalfd(-1, &loop->watched, SFD_NONBLOCK | SFD_CLOEXEC);
	if (loop->sigfd < 0)
		goto out_close_epoll;
	event_io_init(&loop->sigio, loop->sigfd, signal_readable, loop);
	if (event_io_watch(loop, &loop->sigio, EVENT_READ) < 0)
		goto out_close_signalfd;
	return loop;

out_close_signalfd:
	close(loop->sigfd);
out_close_epoll:
	close(loop->epfd);
out_free:
	free(loop);
	return NULL;
}

void event_loop_free(struct event_loop *loop)
{
	if (loop == NULL)
		return;
	sigprocmask(SIG_UNBLOCK, &loop->blocked, NULL);
	close(loop->sigfd);
	close(loop->epfd);
	timer_heap_fini(&loop->timers);
	/* forget queued tasks so their owners see them as idle */
	struct event_task *t = loop->tasks.next;
	while (t != &loop->tasks) {
		struct event_task *next = t->next;
		t->prev = t->next = NULL;
		t = next;
	}
	free(loop);
}

void event_loop_stop(struct event_loop *loop) { loop->stop = true; }
bool event_loop_stopped(const struct event_loop *loop) { return loop->stop; }

/* ---- fds ---- */

void event_io_init(struct event_io *io, int fd, event_io_fn fn, void *arg)
{
	io->fd = fd;
	io->want = 0;
	io->added = false;
	io->fn = fn;
	io->arg = arg;
}

int event_io_watch(struct event_loop *loop, struct event_io *io, uint32_t want)
{
	if (want == 0) {
		if (io->added) {
			/* the fd may already be closed by a careless owner: the kernel then dropped it */
			epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
			io->added = false;
		}
		io->want = 0;
		/* forget events of this io still waiting in the batch being dispatched */
		for (int i = loop->iready; i < loop->nready; i++)
			if (loop->ready[i].data.ptr == io)
				loop->ready[i].data.ptr = NULL;
		return 0;
	}
	struct epoll_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.events = ((want & EVENT_READ) ? EPOLLIN : 0) | ((want & EVENT_WRITE) ? EPOLLOUT : 0);
	ev.data.ptr = io;
	if (epoll_ctl(loop->epfd, io->added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, io->fd, &ev) < 0)
		return -1;
	io->added = true;
	io->want = want;
	return 0;
}

/* ---- timers ---- */

void event_timer_init(struct event_timer *t, event_timer_fn fn, void *arg)
{
	heap_node_init(&t->node);
	t->fn = fn;
	t->arg = arg;
}

void event_timer_at(struct event_loop *loop, struct event_timer *t, uint64_t when)
{
	timer_heap_add(&loop->timers, &t->node, when);
}

void event_timer_after(struct event_loop *loop, struct event_timer *t, uint64_t ms)
{
	event_timer_at(loop, t, event_loop_now(loop) + ms);
}

void event_timer_cancel(struct event_loop *loop, struct event_timer *t)
{
	timer_heap_remove(&loop->timers, &t->node);
}

/* ---- tasks ---- */

void event_task_init(struct event_task *task, event_task_fn fn, void *arg)
{
	task->prev = task->next = NULL;
	task->fn = fn;
	task->arg = arg;
}

void event_task_defer(struct event_loop *loop, struct event_task *task)
{
	if (task->next)
		return;
	task->prev = loop->tasks.prev;
	task->next = &loop->tasks;
	loop->tasks.prev->next = task;
	loop->tasks.prev = task;
}

void event_task_cancel(struct event_loop *loop, struct event_task *task)
{
	(void)loop;
	if (task->next == NULL)
		return;
	task->prev->next = task->next;
	task->next->prev = task->prev;
	task->prev = task->next = NULL;
}

static void run_tasks(struct event_loop *loop)
{
	if (loop->tasks.next == &loop->tasks)
		return;
	/* take the tasks queued so far; those queued while they run wait for the next turn */
	struct event_task running;
	running.next = loop->tasks.next;
	running.prev = loop->tasks.prev;
	running.next->prev = &running;
	running.prev->next = &running;
	loop->tasks.prev = loop->tasks.next = &loop->tasks;

	while (running.next != &running) {
		struct event_task *t = running.next;
		running.next = t->next;
		t->next->prev = &running;
		t->prev = t->next = NULL;
		t->fn(loop, t);
	}
}

/* ---- one turn ---- */

static int wait_time(struct event_loop *loop, int max_wait_ms)
{
	if (loop->tasks.next != &loop->tasks || loop->stop)
		return 0;
	struct heap_node *first = timer_heap_peek(&loop->timers);
	if (first == NULL)
		return max_wait_ms;
	uint64_t now = event_loop_now(loop);
	uint64_t wait = first->when > now ? first->when - now : 0;
	if (max_wait_ms >= 0 && wait > (uint64_t)max_wait_ms)
		return max_wait_ms;
	return wait > 3600000 ? 3600000 : (int)wait;
}

static void run_timers(struct event_loop *loop)
{
	uint64_t now = event_loop_now(loop);
	/* timers armed from these callbacks (their seq is at least limit) wait for the next turn */
	uint64_t limit = loop->timers.seq;
	struct heap_node *n;
	while ((n = timer_heap_peek(&loop->timers)) != NULL && n->when <= now && n->seq < limit) {
		timer_heap_remove(&loop->timers, n);
		struct event_timer *t = timer_of(n);
		t->fn(loop, t);
	}
}

int event_loop_turn(struct event_loop *loop, int max_wait_ms)
{
	int n = epoll_wait(loop->epfd, loop->ready, EVENT_BATCH, wait_time(loop, max_wait_ms));
	if (n < 0) {
		if (errno != EINTR)
			return -1;
		n = 0;
	}
	loop->nready = n;
	for (loop->iready = 0; loop->iready < loop->nready;) {
		struct epoll_event *ev = &loop->ready[loop->iready++];
		struct event_io *io = ev->data.ptr;
		if (io == NULL)
			continue;
		uint32_t ready = 0;
		if (ev->events & (EPOLLIN | EPOLLERR | EPOLLHUP))
			ready |= EVENT_READ;
		if (ev->events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			ready |= EVENT_WRITE;
		ready &= io->want;
		if (ready)
			io->fn(loop, io, ready);
	}
	loop->nready = loop->iready = 0;
	run_timers(loop);
	run_tasks(loop);
	return 0;
}

int event_loop_run(struct event_loop *loop)
{
	while (!loop->stop)
		if (event_loop_turn(loop, -1) < 0)
			return -1;
	loop->stop = false; /* the loop can be run again */
	return 0;
}
