/* t_event.c — the event loop: timer heap order and removal, timers, fds, tasks, signals. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/event.h"
#include "core/timer_heap.h"
#include "tap.h"

/* ---- the heap alone ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static bool heap_valid(const struct timer_heap *h)
{
	for (size_t i = 0; i < h->len; i++) {
		if (h->v[i]->index != i)
			return false;
		size_t c = 2 * i + 1;
		for (size_t k = c; k < c + 2 && k < h->len; k++)
			if (h->v[k]->when < h->v[i]->when)
				return false;
	}
	return true;
}

static void test_heap(void)
{
	enum { N = 10000 };
	struct heap_node *nodes = calloc(N, sizeof(*nodes));
	struct timer_heap h;
	timer_heap_init(&h);
	for (int i = 0; i < N; i++) {
		heap_node_init(&nodes[i]);
		timer_heap_add(&h, &nodes[i], rng() % 1000);
	}
	ok(heap_valid(&h), "heap order holds after %d inserts", N);
	/* remove a third at random, move another third */
	for (int i = 0; i < N; i += 3)
		timer_heap_remove(&h, &nodes[i]);
	for (int i = 1; i < N; i += 3)
		timer_heap_add(&h, &nodes[i], rng() % 1000);
	ok(heap_valid(&h), "heap order holds after removals and moves");
	is_int(h.len, N - (N + 2) / 3, "removed nodes are gone");
	ok(!heap_node_queued(&nodes[0]) && heap_node_queued(&nodes[1]), "nodes know whether they are queued");
	timer_heap_remove(&h, &nodes[0]); /* not in the heap: harmless */

	uint64_t last_when = 0, last_seq = 0;
	bool sorted = true;
	size_t popped = 0;
	struct heap_node *n;
	while ((n = timer_heap_peek(&h)) != NULL) {
		if (n->when < last_when || (n->when == last_when && popped && n->seq < last_seq))
			sorted = false;
		last_when = n->when;
		last_seq = n->seq;
		timer_heap_remove(&h, n);
		popped++;
	}
	ok(sorted, "nodes leave in deadline order, equal deadlines first-come first-served");
	is_int(popped, N - (N + 2) / 3, "every node popped once");
	timer_heap_fini(&h);
	free(nodes);
}

/* ---- timers on the loop ---- */

struct fired {
	int order[8];
	int n;
	uint64_t at[8];
};

struct tagged_timer {
	struct event_timer t;
	int tag;
	struct fired *log;
};

static void on_tagged(struct event_loop *loop, struct event_timer *t)
{
	struct tagged_timer *tt = t->arg;
	if (tt->log->n < 8) {
		tt->log->at[tt->log->n] = event_loop_now(loop);
		tt->log->order[tt->log->n++] = tt->tag;
	}
}

static void run_for(struct event_loop *loop, uint64_t ms)
{
	uint64_t end = event_loop_now(loop) + ms;
	while (event_loop_now(loop) < end)
		event_loop_turn(loop, (int)(end - event_loop_now(loop)));
}

static void test_timers(struct event_loop *loop)
{
	struct fired log = {{0}, 0, {0}};
	struct tagged_timer a = {.tag = 1, .log = &log}, b = {.tag = 2, .log = &log},
			    c = {.tag = 3, .log = &log};
	event_timer_init(&a.t, on_tagged, &a);
	event_timer_init(&b.t, on_tagged, &b);
	event_timer_init(&c.t, on_tagged, &c);
	uint64_t start = event_loop_now(loop);
	event_timer_after(loop, &a.t, 30);
	event_timer_after(loop, &b.t, 10);
	event_timer_after(loop, &c.t, 20);
	event_timer_cancel(loop, &c.t);
	ok(!event_timer_armed(&c.t) && event_timer_armed(&a.t), "cancel disarms");
	run_for(loop, 60);
	is_int(log.n, 2, "two timers fired, the cancelled one did not");
	ok(log.order[0] == 2 && log.order[1] == 1, "in deadline order");
	ok(log.at[0] >= start + 10 && log.at[0] < start + 25, "10 ms timer on time (%llu ms)",
	   (unsigned long long)(log.at[0] - start));
	ok(log.at[1] >= start + 30 && log.at[1] < start + 45, "30 ms timer on time (%llu ms)",
	   (unsigned long long)(log.at[1] - start));
	ok(!event_timer_armed(&a.t), "a fired timer is disarmed");

	/* moving an armed timer */
	log.n = 0;
	start = event_loop_now(loop);
	event_timer_after(loop, &a.t, 5);
	event_timer_after(loop, &a.t, 25);
	run_for(loop, 15);
	is_int(log.n, 0, "re-arming moves the deadline");
	run_for(loop, 30);
	is_int(log.n, 1, "moved timer fires once");
}

struct rearm {
	struct event_timer t;
	int fired;
};

static void on_rearm(struct event_loop *loop, struct event_timer *t)
{
	struct rearm *r = t->arg;
	r->fired++;
	event_timer_after(loop, t, 0); /* "now": must wait for the next turn */
}

static void test_timer_rearm_now(struct event_loop *loop)
{
	struct rearm r = {.fired = 0};
	event_timer_init(&r.t, on_rearm, &r);
	event_timer_after(loop, &r.t, 0);
	event_loop_turn(loop, 0);
	is_int(r.fired, 1, "a timer re-armed for now from its callback fires once per turn");
	event_loop_turn(loop, 0);
	is_int(r.fired, 2, "and again on the next turn");
	event_timer_cancel(loop, &r.t);
}

static void test_many_timers(struct event_loop *loop)
{
	enum { N = 2000 };
	struct fired log = {{0}, 0, {0}};
	struct tagged_timer *t = calloc(N, sizeof(*t));
	for (int i = 0; i < N; i++) {
		t[i].tag = i;
		t[i].log = &log;
		event_timer_init(&t[i].t, on_tagged, &t[i]);
		event_timer_after(loop, &t[i].t, (uint64_t)(rng() % 20));
	}
	for (int i = 0; i < N; i += 2)
		event_timer_cancel(loop, &t[i].t);
	run_for(loop, 40);
	int armed = 0;
	for (int i = 0; i < N; i++)
		armed += event_timer_armed(&t[i].t);
	is_int(armed, 0, "%d timers: all fired or cancelled", N);
	free(t);
}

/* ---- fds ---- */

struct reader {
	struct event_io io;
	int calls;
	struct reader *victim; /* unwatched from our callback */
};

static void on_readable(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct reader *r = io->arg;
	char buf[64];
	r->calls++;
	if (ready & EVENT_READ)
		(void)!read(io->fd, buf, sizeof(buf));
	if (r->victim) {
		event_io_watch(loop, &r->victim->io, 0);
		r->victim = NULL;
	}
}

static void test_io(struct event_loop *loop)
{
	int p1[2], p2[2];
	if (pipe(p1) < 0 || pipe(p2) < 0) {
		ok(0, "pipe");
		return;
	}
	struct reader r1 = {.calls = 0}, r2 = {.calls = 0};
	event_io_init(&r1.io, p1[0], on_readable, &r1);
	event_io_init(&r2.io, p2[0], on_readable, &r2);
	ok(event_io_watch(loop, &r1.io, EVENT_READ) == 0, "watch an fd");
	event_io_watch(loop, &r2.io, EVENT_READ);
	event_loop_turn(loop, 0);
	ok(r1.calls == 0 && r2.calls == 0, "nothing to read, no call");

	(void)!write(p1[1], "x", 1);
	event_loop_turn(loop, 100);
	is_int(r1.calls, 1, "readable fd calls back");

	/* both readable in one batch: whichever runs first unwatches the other */
	r1.victim = &r2;
	r2.victim = &r1;
	(void)!write(p1[1], "x", 1);
	(void)!write(p2[1], "y", 1);
	r1.calls = r2.calls = 0;
	event_loop_turn(loop, 100);
	is_int(r1.calls + r2.calls, 1, "an io unwatched by an earlier callback of the batch is not called");
	event_io_watch(loop, &r1.io, 0);
	event_io_watch(loop, &r2.io, 0);

	/* write interest */
	struct reader w = {.calls = 0};
	event_io_init(&w.io, p1[1], on_readable, &w);
	event_io_watch(loop, &w.io, EVENT_WRITE);
	event_loop_turn(loop, 100);
	is_int(w.calls, 1, "writable fd calls back");
	event_io_watch(loop, &w.io, 0);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);
}

/* ---- tasks ---- */

struct job {
	struct event_task task;
	int runs;
	int limit;
};

static void on_job(struct event_loop *loop, struct event_task *task)
{
	struct job *j = task->arg;
	if (++j->runs < j->limit)
		event_task_defer(loop, task); /* yield: continue on the next turn */
}

static void test_tasks(struct event_loop *loop)
{
	struct job j = {.runs = 0, .limit = 3}, k = {.runs = 0, .limit = 1};
	event_task_init(&j.task, on_job, &j);
	event_task_init(&k.task, on_job, &k);
	event_task_defer(loop, &j.task);
	event_task_defer(loop, &j.task);
	ok(event_task_queued(&j.task), "task queued");
	event_loop_turn(loop, 1000); /* must not wait: a task is queued */
	is_int(j.runs, 1, "queued twice, runs once per turn");
	event_loop_turn(loop, 1000);
	event_loop_turn(loop, 1000);
	is_int(j.runs, 3, "a task that re-queues itself runs once per turn");
	ok(!event_task_queued(&j.task), "done task is idle");

	event_task_defer(loop, &k.task);
	event_task_cancel(loop, &k.task);
	event_loop_turn(loop, 0);
	is_int(k.runs, 0, "cancelled task does not run");
}

/* ---- signals and stop ---- */

struct sigcount {
	int usr1, chld;
};

static void on_signal(struct event_loop *loop, int signo, void *arg)
{
	struct sigcount *c = arg;
	if (signo == SIGUSR1) {
		c->usr1++;
		event_loop_stop(loop);
	}
	if (signo == SIGCHLD) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			c->chld++;
	}
}

static void test_signals(struct event_loop *loop)
{
	struct sigcount c = {0, 0};
	ok(event_loop_on_signal(loop, SIGUSR1, on_signal, &c) == 0, "register SIGUSR1");
	event_loop_on_signal(loop, SIGCHLD, on_signal, &c);
	ok(event_loop_on_signal(loop, 0, on_signal, &c) == -1, "signal 0 refused");
	raise(SIGUSR1); /* blocked: waits in the signalfd instead of killing us */
	for (int i = 0; i < 20 && c.usr1 == 0; i++)
		event_loop_turn(loop, 50);
	is_int(c.usr1, 1, "SIGUSR1 delivered as a callback");
	ok(event_loop_stopped(loop), "callback stopped the loop");
	event_loop_run(loop); /* returns at once: stop was requested */
	ok(!event_loop_stopped(loop), "run returned and the loop can run again");

	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	for (int i = 0; i < 40 && c.chld == 0; i++)
		event_loop_turn(loop, 50);
	is_int(c.chld, 1, "SIGCHLD delivered, child reaped");
}

int main(void)
{
	test_heap();
	struct event_loop *loop = event_loop_new();
	ok(loop != NULL, "loop created");
	if (loop == NULL)
		return done_testing();
	test_timers(loop);
	test_timer_rearm_now(loop);
	test_many_timers(loop);
	test_io(loop);
	test_tasks(loop);
	test_signals(loop);
	event_loop_free(loop);
	/* a second loop in the same process */
	struct event_loop *other = event_loop_new();
	ok(other != NULL, "another loop after the first was freed");
	event_loop_free(other);
	return done_testing();
}
