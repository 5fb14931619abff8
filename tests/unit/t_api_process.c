/* t_api_process.c — helper processes on real pipes and a real event loop: commands read
 * from their stdout and acknowledged on their stdin, commands of a helper that exits still
 * run, respawn within limits, exabgp.api.terminate, the orderly stop ("shutdown" then
 * reaped), a reload changing the set of helpers, and the stuck helper: one that never
 * reads while 100,000 events are produced costs bounded memory, loses events visibly
 * (logged, and told how many once it reads again), and never delays the loop. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "api/api_internal.h"
#include "api_fake.h"
#include "tap.h"

static struct fake_harness h;
static struct fake_peer *pa;
static char dir[64];

static void setup(const struct api_config *cfg)
{
	harness_init(&h, cfg);
	pa = fake_peer_add(&h.fb, "10.0.0.1", 65000, 65001);
	pa->established = true;
	pa->processes[pa->nprocesses++] = "helper";
}

static char *path_of(const char *name)
{
	static char p[4][128];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static char *slurp(const char *name)
{
	static char text[4 << 20];
	FILE *f = fopen(path_of(name), "r");
	size_t n = 0;
	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	return text;
}

static size_t lines_in(const char *name)
{
	size_t n = 0;
	for (const char *s = slurp(name); *s; s++)
		n += *s == '\n';
	return n;
}

/* Turn the loop until cond holds or ms pass. */
#define WAIT_UNTIL(cond, ms)                                                                        \
	do {                                                                                        \
		uint64_t until_ = event_loop_now(h.loop) + (ms);                                    \
		while (!(cond) && event_loop_now(h.loop) < until_)                                  \
			event_loop_turn(h.loop, 10);                                                \
	} while (0)

static int start_sh(const char *name, const char *script, bool json, bool respawn)
{
	const char *argv[] = {"/bin/sh", "-c", script};
	struct api_process_spec spec = {name, argv, 3, json, respawn, false};
	struct api_error err;
	return api_processes_set(h.api, &spec, 1, &err);
}

static size_t proc_waiting(void)
{
	const char *name;
	size_t waiting = 0;
	uint64_t dropped;
	api_procs_queue(h.api, 0, &name, &waiting, &dropped);
	return waiting;
}

static void test_commands_and_acks(void)
{
	char script[512];
	setup(NULL);
	snprintf(script, sizeof(script),
		 "printf 'announce route 1.0.0.0/8 next-hop 1.1.1.1\\nbogus\\nversion\\n'; head -n 4 > %s; sleep 30",
		 path_of("acks"));
	is_int(start_sh("helper", script, true, true), 0, "a helper starts");
	WAIT_UNTIL(lines_in("acks") >= 4, 5000);
	is_str(slurp("acks"),
	       "done\n{\"error\": \"unknown command 'bogus' (peer, daemon, session, system, rib)\"}\nerror\n"
	       "{\"version\": \"6.0.0\", \"application\": \"exabgp\", \"implementation\": \"attobgp\", \"attobgp\": \"0.1.0\"}\n",
	       "its commands are run and acknowledged on its stdin, in order");
	struct rib_iter it;
	rib_iter_init(&it, 0, 0, pa->adj);
	ok(rib_iter_next(h.fb.store, &it) != NULL, "its route is in the store");
	harness_fini(&h);

	/* a line longer than line_max: refused, the helper goes on */
	struct api_config cfg;
	api_config_init(&cfg);
	cfg.line_max = 1024;
	setup(&cfg);
	snprintf(script, sizeof(script),
		 "head -c 5000 /dev/zero | tr '\\0' x; printf '\\nversion\\n'; head -n 3 > %s; sleep 30", path_of("long"));
	is_int(start_sh("helper", script, false, true), 0, "a helper sending a line too long");
	WAIT_UNTIL(lines_in("long") >= 3, 5000);
	const char *out = slurp("long");
	ok(strncmp(out, "{\"error\": \"the command is longer than 1024 octets: ignored\"}\nerror\n{\"version\"", 77) == 0,
	   "the long line is refused, the next command answered");
	harness_fini(&h);
}

static void test_one_shot_and_respawn(void)
{
	char script[512];
	struct api_config cfg;
	api_config_init(&cfg);
	cfg.respawn_max = 2;
	setup(&cfg);
	/* prints its commands and exits at once: they still run; respawn false: not restarted */
	snprintf(script, sizeof(script), "echo started >> %s; echo 'announce route 2.0.0.0/8 next-hop 1.1.1.1'",
		 path_of("one-shot"));
	is_int(start_sh("helper", script, false, false), 0, "a one-shot helper starts");
	WAIT_UNTIL(h.fb.applies >= 1 && api_procs_count(h.api) == 1 && strstr(h.fb.last_log, "not restarted"), 5000);
	ok(h.fb.applies == 1, "what it wrote before exiting was run");
	ok(strstr(h.fb.last_log, "respawn off") != NULL, "it is not restarted (respawn false): %.80s", h.fb.last_log);
	WAIT_UNTIL(false, 300);
	is_int(lines_in("one-shot"), 1, "it ran once");
	/* a helper that keeps dying: restarted respawn_max times, then given up */
	snprintf(script, sizeof(script), "echo started >> %s; exit 3", path_of("dying"));
	is_int(start_sh("dier", script, false, true), 0, "a dying helper starts");
	WAIT_UNTIL(strstr(h.fb.last_log, "not restarted again") != NULL, 5000);
	ok(strstr(h.fb.last_log, "process dier ended (exit status 3) more than 2 times") != NULL, "given up: %.80s",
	   h.fb.last_log);
	is_int(lines_in("dying"), 3, "started once and restarted twice");
	is_int(h.fb.actions, 0, "the daemon goes on (exabgp.api.terminate is off)");
	harness_fini(&h);

	/* exabgp.api.terminate: a helper ending for good stops the daemon */
	api_config_init(&cfg);
	cfg.terminate = true;
	setup(&cfg);
	is_int(start_sh("helper", "exit 0", false, false), 0, "a helper with terminate on");
	WAIT_UNTIL(h.fb.actions > 0, 5000);
	ok(h.fb.actions == 1 && h.fb.last_action == API_DAEMON_SHUTDOWN, "exabgp.api.terminate: the daemon is stopped");
	harness_fini(&h);

	/* a program that cannot run is an error at once */
	setup(NULL);
	const char *argv[] = {"/nonexistent/helper"};
	struct api_process_spec spec = {"ghost", argv, 1, false, true, false};
	struct api_error err;
	ok(api_processes_set(h.api, &spec, 1, &err) < 0 && strstr(err.why, "cannot run /nonexistent/helper: No such file"),
	   "a program that cannot run: %.80s", err.why);
	harness_fini(&h);
}

static bool stop_done_flag;
static void stop_done(void *arg)
{
	(void)arg;
	stop_done_flag = true;
}

static void test_stop_and_reload(void)
{
	char a[256], b[256];
	setup(NULL);
	snprintf(a, sizeof(a), "exec cat > %s", path_of("a-out"));
	snprintf(b, sizeof(b), "exec cat > %s", path_of("b-out"));
	const char *argv_a[] = {"/bin/sh", "-c", a};
	const char *argv_b[] = {"/bin/sh", "-c", b};
	struct api_process_spec specs[2] = {{"a", argv_a, 3, true, true, false}, {"b", argv_b, 3, false, true, false}};
	struct api_error err;
	is_int(api_processes_set(h.api, specs, 2, &err), 0, "two helpers");
	is_int(api_procs_count(h.api), 2, "both run");
	/* reload: b dropped, a kept */
	is_int(api_processes_set(h.api, specs, 1, &err), 0, "a reload without b");
	WAIT_UNTIL(api_procs_count(h.api) == 1, 5000);
	is_int(api_procs_count(h.api), 1, "b is stopped and reaped");
	stop_done_flag = false;
	api_stop(h.api, stop_done, NULL);
	WAIT_UNTIL(stop_done_flag, 5000);
	ok(stop_done_flag && api_procs_count(h.api) == 0, "api_stop: every helper reaped, done called");
	const char *out = slurp("a-out");
	ok(strstr(out, "\"type\": \"notification\", \"notification\": \"shutdown\"") != NULL,
	   "the JSON helper heard the shutdown notification: %.80s", out);
	harness_fini(&h);

	/* a helper that ignores SIGTERM is killed after the grace period */
	struct api_config cfg;
	api_config_init(&cfg);
	cfg.kill_grace_ms = 200;
	setup(&cfg);
	start_sh("stubborn", "trap '' TERM; while :; do sleep 1; done", false, true);
	WAIT_UNTIL(false, 200);
	stop_done_flag = false;
	uint64_t t0 = event_loop_now(h.loop);
	api_stop(h.api, stop_done, NULL);
	WAIT_UNTIL(stop_done_flag, 5000);
	ok(stop_done_flag && event_loop_now(h.loop) - t0 < 3000, "a helper ignoring SIGTERM is killed and reaped");
	harness_fini(&h);
}

/* ---- the stuck helper ---- */

struct event_ctx {
	unsigned n;
	char pad[160];
};

static int render_event(void *ctx, bool json, struct buf *out)
{
	struct event_ctx *e = ctx;
	if (json)
		buf_printf(out, "{\"type\": \"update\", \"n\": %u, \"pad\": \"%s\"}", e->n, e->pad);
	else
		buf_printf(out, "update %u %s", e->n, e->pad);
	return 0;
}

struct ticker {
	struct event_timer t;
	uint64_t expected;
	uint64_t worst;
	unsigned fired;
};

static void tick(struct event_loop *loop, struct event_timer *t)
{
	struct ticker *k = t->arg;
	uint64_t now = event_loop_now(loop);
	if (now > k->expected && now - k->expected > k->worst)
		k->worst = now - k->expected;
	k->fired++;
	k->expected = now + 20;
	event_timer_after(loop, t, 20);
}

static void test_stuck_helper(void)
{
	struct api_config cfg;
	char script[256];
	api_config_init(&cfg);
	cfg.queue_max = 1u << 20; /* 1 MiB of events */
	setup(&cfg);
	/* it reads nothing for two seconds, then everything */
	snprintf(script, sizeof(script), "sleep 2; exec cat > %s", path_of("stuck-out"));
	start_sh("helper", script, true, true);

	struct ticker k = {.expected = 0};
	event_timer_init(&k.t, tick, &k);
	k.expected = event_loop_now(h.loop) + 20;
	event_timer_after(h.loop, &k.t, 20);

	struct event_ctx e;
	memset(e.pad, 'x', sizeof(e.pad) - 1);
	e.pad[sizeof(e.pad) - 1] = '\0';
	const char *names[] = {"helper"};
	struct api_event ev = {names, 1, render_event, &e};
	size_t peak = 0;
	uint64_t t0 = event_loop_now(h.loop);
	for (e.n = 0; e.n < 100000; e.n++) {
		api_event_send(h.api, &ev);
		if (e.n % 1000 == 999) {
			event_loop_turn(h.loop, 0); /* the loop goes on: the timer, the writes */
			size_t w = proc_waiting();
			if (w > peak)
				peak = w;
		}
	}
	uint64_t spent = event_loop_now(h.loop) - t0;
	struct api_stats st;
	api_stats(h.api, &st);
	ok(peak <= cfg.queue_max, "memory bounded: at most %zu octets waited (limit %zu)", peak, cfg.queue_max);
	ok(st.events_dropped > 50000 && st.events_queued + st.events_dropped == 100000,
	   "100,000 events: %llu queued, %llu dropped", (unsigned long long)st.events_queued,
	   (unsigned long long)st.events_dropped);
	ok(strstr(h.fb.last_log, "process helper is not reading") != NULL || h.fb.logs > 0, "the overflow is logged");
	ok(spent < 2000, "producing them took %llu ms: nothing blocked", (unsigned long long)spent);
	ok(k.fired > 0 && k.worst < 100, "a 20 ms timer fired %u times, at most %llu ms late", k.fired,
	   (unsigned long long)k.worst);
	/* it starts reading: it catches up and is told how many it lost, first */
	WAIT_UNTIL(proc_waiting() == 0 && strstr(slurp("stuck-out"), "overflow") != NULL, 10000);
	const char *out = slurp("stuck-out");
	char want[96];
	snprintf(want, sizeof(want), "\"notification\": \"overflow\", \"dropped\": %llu }", (unsigned long long)st.events_dropped);
	ok(strstr(out, want) != NULL, "once it reads again it is told: %s", want);
	ok(strstr(h.fb.last_log, "caught up") != NULL, "and that is logged: %.80s", h.fb.last_log);
	size_t events = 0;
	for (const char *s = out; (s = strstr(s, "\"type\": \"update\"")) != NULL; s++)
		events++;
	is_int(events, st.events_queued, "it got every event that was not dropped");
	event_timer_cancel(h.loop, &k.t);
	harness_fini(&h);
}

/* A helper that writes commands and never reads its answers: its commands stop being
 * read once its answers fill their bound; the loop goes on. */
static void test_helper_not_reading_answers(void)
{
	setup(NULL);
	start_sh("helper", "yes 'announce route 3.0.0.0/8 next-hop 1.1.1.1'", false, true);
	struct ticker k = {.expected = 0};
	event_timer_init(&k.t, tick, &k);
	k.expected = event_loop_now(h.loop) + 20;
	event_timer_after(h.loop, &k.t, 20);
	uint64_t t0 = event_loop_now(h.loop);
	size_t peak = 0;
	while (event_loop_now(h.loop) - t0 < 1500) {
		event_loop_turn(h.loop, 10);
		size_t w = proc_waiting();
		if (w > peak)
			peak = w;
	}
	struct api_stats st;
	api_stats(h.api, &st);
	ok(peak <= API_ANSWER_HIGH + 2 * API_LINE_MAX_DEFAULT,
	   "answers it does not read are bounded: at most %zu octets waited", peak);
	ok(st.commands > 1000, "%llu of its commands ran before it was paused", (unsigned long long)st.commands);
	ok(k.worst < 100, "the loop was never held up (timer at most %llu ms late)", (unsigned long long)k.worst);
	event_timer_cancel(h.loop, &k.t);
	harness_fini(&h);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/t_api_process.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	test_commands_and_acks();
	test_one_shot_and_respawn();
	test_stop_and_reload();
	test_stuck_helper();
	test_helper_not_reading_answers();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
