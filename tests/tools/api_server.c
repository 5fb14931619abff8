/* api_server.c — the API on a control socket over the fake backend (tests/unit/api_fake.h):
 * what `attobgp cli` tests and bench/api talk to until `attobgp server` exists.
 *
 *   api_server [-p] [-n PEERS] [--helper NAME CMD] SOCKET
 *     -p              persistent: changes wait for a save (the fake's: next loop turn)
 *     -n PEERS        that many peers (10.0.0.1 ...), all Established (default 2)
 *     --helper N CMD  run CMD (sh -c) as helper process N, serving every peer
 * Prints "ready" on stdout once listening. Stops on SIGTERM / SIGINT or `daemon shutdown`
 * (helpers are told "shutdown" and reaped first).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/api_fake.h"

struct server {
	struct event_loop *loop;
	struct fake_backend fb;
	struct api *api;
	struct api_backend_ops ops;
};

static void stopped(void *arg)
{
	struct server *s = arg;
	event_loop_stop(s->loop);
}

static int server_daemon(void *be, enum api_daemon_action action, struct api_error *err)
{
	struct server *s = (struct server *)((char *)be - offsetof(struct server, fb));
	fake_daemon(be, action, err);
	if (action == API_DAEMON_SHUTDOWN)
		api_stop(s->api, stopped, s);
	return 0;
}

static void on_signal(struct event_loop *loop, int signo, void *arg)
{
	struct server *s = arg;
	(void)loop;
	(void)signo;
	api_stop(s->api, stopped, s);
}

int main(int argc, char **argv)
{
	struct server s;
	const char *socket_path = NULL;
	int peers = 2;
	const char *helper_name = NULL, *helper_cmd = NULL;
	bool persistent = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0)
			persistent = true;
		else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			peers = atoi(argv[++i]);
		else if (strcmp(argv[i], "--helper") == 0 && i + 2 < argc) {
			helper_name = argv[++i];
			helper_cmd = argv[++i];
		} else
			socket_path = argv[i];
	}
	if (socket_path == NULL || peers < 0 || peers > FAKE_PEERS_MAX) {
		fprintf(stderr, "usage: api_server [-p] [-n PEERS] [--helper NAME CMD] SOCKET\n");
		return 2;
	}
	s.loop = event_loop_new();
	fake_init(&s.fb, s.loop);
	s.fb.quiet = true;
	s.fb.persistent = persistent;
	for (int i = 0; i < peers; i++) {
		char addr[32];
		snprintf(addr, sizeof(addr), "10.0.0.%d", i + 1);
		struct fake_peer *p = fake_peer_add(&s.fb, addr, 65000, 65001 + (uint32_t)i);
		p->established = true;
		if (helper_name)
			p->processes[p->nprocesses++] = helper_name;
	}
	s.ops = fake_ops;
	s.ops.daemon = server_daemon;
	s.api = api_new(s.loop, &s.ops, &s.fb, NULL);
	struct api_error err;
	int status = 0;
	if (api_listen(s.api, socket_path, 0600, &err) < 0) {
		fprintf(stderr, "api_server: %s\n", err.why);
		status = 1;
		goto out;
	}
	if (helper_name) {
		const char *hargv[] = {"/bin/sh", "-c", helper_cmd};
		struct api_process_spec spec = {helper_name, hargv, 3, true, false, false};
		if (api_processes_set(s.api, &spec, 1, &err) < 0) {
			fprintf(stderr, "api_server: %s\n", err.why);
			status = 1;
			goto out;
		}
	}
	event_loop_on_signal(s.loop, SIGTERM, on_signal, &s);
	event_loop_on_signal(s.loop, SIGINT, on_signal, &s);
	printf("ready\n");
	fflush(stdout);
	event_loop_run(s.loop);
out:
	api_free(s.api);
	fake_fini(&s.fb);
	event_loop_free(s.loop);
	return status;
}
