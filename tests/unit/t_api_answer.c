/* t_api_answer.c — what each channel is sent for each kind of answer, with acks on and off
 * (exabgp.api.ack, enable-ack / disable-ack / silence-ack and their v6 forms), session sync,
 * and group commit: answers of changes to a saved configuration wait for the save that
 * covers them, in command order per client, one save per batch. */
#include <string.h>

#include "api/api.h"
#include "api/api_internal.h"
#include "api_fake.h"
#include "tap.h"

static struct fake_harness h;
static struct fake_peer *pa;

static void setup(const struct api_config *cfg)
{
	harness_init(&h, cfg);
	pa = fake_peer_add(&h.fb, "10.0.0.1", 65000, 65001);
	pa->established = true;
	pa->processes[pa->nprocesses++] = "helper";
}

static void send(struct api_client *c, const char *cmd)
{
	api_client_command(c, cmd, strlen(cmd));
}

static void says(struct api_client *c, const char *cmd, const char *want)
{
	api_client_command(c, cmd, strlen(cmd));
	harness_settle(&h, c, 1000);
	is_str(harness_take(&h, c), want, "%s", cmd);
}

static void test_process_acks(void)
{
	setup(NULL);
	struct api_client *c = api_client_open(h.api, API_CHANNEL_PROCESS, "helper");
	says(c, "announce route 1.0.0.0/8 next-hop 1.1.1.1", "done\n");
	says(c, "bogus", "{\"error\": \"unknown command 'bogus' (peer, daemon, session, system, rib)\"}\nerror\n");
	says(c, "version", "{\"version\": \"6.0.0\", \"application\": \"exabgp\", \"implementation\": \"attobgp\", \"attobgp\": \"0.1.0\"}\ndone\n");
	says(c, "routes add 2.0.0.0/8 next-hop 1.1.1.1",
	     "{\"index\": \"01010802000000\", \"route\": \"2.0.0.0/8 next-hop 1.1.1.1\"}\ndone\n");
	/* disable-ack: this one is acknowledged, the next ones are not */
	says(c, "disable-ack", "done\n");
	says(c, "announce route 3.0.0.0/8 next-hop 1.1.1.1", "");
	says(c, "bogus", "");
	ok(strstr(h.fb.last_log, "unknown command 'bogus'") != NULL, "... an unanswered error is still logged");
	says(c, "routes add 4.0.0.0/8 next-hop 1.1.1.1", "");
	/* a query is still answered: its data, no done */
	send(c, "session ping");
	const char *pong = harness_take(&h, c);
	ok(strncmp(pong, "{\"pong\": \"", 10) == 0 && strstr(pong, "done") == NULL, "acks off: session ping answers, no done");
	send(c, "routes list");
	harness_settle(&h, c, 1000);
	const char *list = harness_take(&h, c);
	ok(strncmp(list, "[{\"index\": \"01010801000000\"", 27) == 0 && strstr(list, "done") == NULL,
	   "acks off: routes list still answers its data, without done");
	says(c, "enable-ack", "done\n");
	says(c, "announce route 5.0.0.0/8 next-hop 1.1.1.1", "done\n");
	/* silence-ack: not even this one */
	says(c, "silence-ack", "");
	says(c, "announce route 6.0.0.0/8 next-hop 1.1.1.1", "");
	says(c, "session ack enable", "done\n");
	says(c, "session ack disable", "done\n");
	says(c, "withdraw route 6.0.0.0/8", "");
	says(c, "session ack silence", "");
	says(c, "session ack enable", "done\n");
	ok(api_client_idle(c), "nothing is left waiting");
	api_client_close(c);
	harness_fini(&h);
}

static void test_socket_acks(void)
{
	setup(NULL);
	struct api_client *c = api_client_open(h.api, API_CHANNEL_SOCKET, NULL);
	says(c, "announce route 1.0.0.0/8 next-hop 1.1.1.1", "{\"answer\": \"done\"}\n");
	says(c, "bogus", "{\"error\": \"unknown command 'bogus' (peer, daemon, session, system, rib)\"}\n");
	says(c, "routes add 2.0.0.0/8 next-hop 1.1.1.1", "{\"index\": \"01010802000000\", \"route\": \"2.0.0.0/8 next-hop 1.1.1.1\"}\n");
	says(c, "session ack disable", "{\"answer\": \"done\"}\n");
	says(c, "announce route 3.0.0.0/8 next-hop 1.1.1.1", "");
	says(c, "routes add 3.1.0.0/16 next-hop 1.1.1.1", "");
	says(c, "system api version", "{\"api_version\": 6, \"description\": \"json-only\"}\n");
	says(c, "session ack enable", "{\"answer\": \"done\"}\n");
	says(c, "session bye", "{\"answer\": \"done\"}\n");
	api_client_close(c);
	harness_fini(&h);
}

/* exabgp.api.ack false: nothing acknowledged from the start */
static void test_config_ack_off(void)
{
	struct api_config cfg;
	api_config_init(&cfg);
	cfg.ack = false;
	setup(&cfg);
	struct api_client *c = api_client_open(h.api, API_CHANNEL_PROCESS, "helper");
	says(c, "announce route 1.0.0.0/8 next-hop 1.1.1.1", "");
	says(c, "bogus", "");
	says(c, "peer list",
	     "[{\"peer-address\": \"10.0.0.1\", \"local-address\": \"127.0.0.1\", \"peer-as\": 65001, \"local-as\": 65000, \"state\": "
	     "\"ESTABLISHED\"}]\n");
	says(c, "enable-ack", "done\n");
	says(c, "announce route 2.0.0.0/8 next-hop 1.1.1.1", "done\n");
	api_client_close(c);
	harness_fini(&h);
}

static void test_sync(void)
{
	setup(NULL);
	h.fb.sent_manual = true;
	struct api_client *c = api_client_open(h.api, API_CHANNEL_PROCESS, "helper");
	says(c, "session sync enable", "done\n");
	send(c, "announce route 1.0.0.0/8 next-hop 1.1.1.1");
	send(c, "version");
	event_loop_turn(h.loop, 0);
	is_str(harness_take(&h, c), "", "sync: the announce waits for the sessions, the query behind it");
	is_int(h.fb.sent_rounds, 1, "... one round asked of the backend");
	fake_sent_complete(&h.fb);
	event_loop_turn(h.loop, 0);
	const char *out = harness_take(&h, c);
	ok(strncmp(out, "done\n{\"version\"", 15) == 0, "once sent: both answers, in order");
	says(c, "session sync disable", "done\n");
	says(c, "announce route 2.0.0.0/8 next-hop 1.1.1.1", "done\n");
	/* a trailing `sync` / `async` overrides the session's setting for one command */
	send(c, "announce route 3.0.0.0/8 next-hop 1.1.1.1 sync");
	event_loop_turn(h.loop, 0);
	is_str(harness_take(&h, c), "", "a command ending in 'sync' waits for the sessions");
	fake_sent_complete(&h.fb);
	event_loop_turn(h.loop, 0);
	is_str(harness_take(&h, c), "done\n", "... and is answered once sent");
	says(c, "session sync enable", "done\n");
	says(c, "announce route 4.0.0.0/8 next-hop 1.1.1.1 async", "done\n");
	says(c, "withdraw route 4.0.0.0/8 json async", "done\n");
	api_client_close(c);
	harness_fini(&h);

	/* a backend that cannot tell: sync is refused, not ignored */
	setup(NULL);
	struct api_backend_ops ops = fake_ops;
	ops.when_sent = NULL;
	struct api *api = api_new(h.loop, &ops, &h.fb, NULL);
	c = api_client_open(api, API_CHANNEL_SOCKET, NULL);
	send(c, "session sync enable");
	ok(strstr(harness_take(&h, c), "cannot tell when routes are on the wire") != NULL, "no when_sent: session sync is refused");
	send(c, "announce route 5.0.0.0/8 next-hop 1.1.1.1 sync");
	ok(strstr(harness_take(&h, c), "sync: this server cannot tell") != NULL, "... and so is a trailing sync");
	api_client_close(c);
	api_free(api);
	harness_fini(&h);
}

static void test_json_acks(void)
{
	setup(NULL);
	struct api_client *c = api_client_open(h.api, API_CHANNEL_PROCESS, "helper");
	c->json_acks = true;
	says(c, "announce route 1.0.0.0/8 next-hop 1.1.1.1", "{ \"answer\": \"done\", \"message\": \"command completed\" }\n");
	says(c, "bogus", "{\"error\": \"unknown command 'bogus' (peer, daemon, session, system, rib)\"}\n"
			 "{ \"answer\": \"error\", \"message\": \"this command does not support json output\" }\n");
	api_client_close(c);
	harness_fini(&h);
}

/* ---- group commit ---- */

static void test_group_commit(void)
{
	setup(NULL);
	h.fb.persistent = true;
	h.fb.save_manual = true;
	struct api_client *x = api_client_open(h.api, API_CHANNEL_SOCKET, NULL);
	struct api_client *y = api_client_open(h.api, API_CHANNEL_SOCKET, NULL);
	struct api_client *z = api_client_open(h.api, API_CHANNEL_SOCKET, NULL);
	char cmd[128];

	/* three changes in one turn */
	for (int i = 0; i < 3; i++) {
		snprintf(cmd, sizeof(cmd), "routes add 10.0.%d.0/24 next-hop 1.1.1.1", i);
		api_client_command(x, cmd, strlen(cmd));
	}
	is_str(harness_take(&h, x), "", "changes to a saved configuration are not answered at once");
	is_int(h.fb.saves, 0, "no save before the end of the turn");
	event_loop_turn(h.loop, 0);
	ok(h.fb.saves == 1 && h.fb.saving, "one save for the three changes of the turn");
	/* more changes while it runs, and a query behind them */
	for (int i = 3; i < 5; i++) {
		snprintf(cmd, sizeof(cmd), "routes add 10.0.%d.0/24 next-hop 1.1.1.1", i);
		api_client_command(x, cmd, strlen(cmd));
	}
	send(x, "routes list");
	send(y, "routes add 10.1.0.0/24 next-hop 1.1.1.1");
	send(y, "system api version");
	send(z, "system api version");
	event_loop_turn(h.loop, 0);
	is_int(h.fb.saves, 1, "no second save while one runs");
	is_str(harness_take(&h, x), "", "x: nothing yet");
	is_str(harness_take(&h, y), "", "y: its query waits behind its change");
	is_str(harness_take(&h, z), "{\"api_version\": 6, \"description\": \"json-only\"}\n", "z, with nothing held, is answered at once");
	ok(pa->adj && h.fb.store && fake_config_routes(&h.fb) == 6, "every change is in effect already (6 routes)");

	fake_save_complete(&h.fb);
	is_int(h.fb.saved_routes, 3, "the first save covered the first three");
	event_loop_turn(h.loop, 0);
	const char *out = harness_take(&h, x);
	ok(strcmp(out, "{\"index\": \"0101180a000000\", \"route\": \"10.0.0.0/24 next-hop 1.1.1.1\"}\n"
		       "{\"index\": \"0101180a000100\", \"route\": \"10.0.1.0/24 next-hop 1.1.1.1\"}\n"
		       "{\"index\": \"0101180a000200\", \"route\": \"10.0.2.0/24 next-hop 1.1.1.1\"}\n") == 0,
	   "x: the three answers the save covered, in order");
	is_str(harness_take(&h, y), "", "y: its change is not covered yet");
	ok(h.fb.saves == 2 && h.fb.saving, "the second save starts for everything made meanwhile");
	fake_save_complete(&h.fb);
	is_int(h.fb.saved_routes, 6, "the second save covered the rest");
	event_loop_turn(h.loop, 0);
	out = harness_take(&h, x);
	ok(strncmp(out, "{\"index\": \"0101180a000300\"", 26) == 0 && strstr(out, "\n{\"index\": \"0101180a000400\"") &&
	       strstr(out, "}\n[{\"index\": \"0101180a000000\""),
	   "x: then its last two changes and the list, in order");
	is_str(harness_take(&h, y),
	       "{\"index\": \"0101180a010000\", \"route\": \"10.1.0.0/24 next-hop 1.1.1.1\"}\n"
	       "{\"api_version\": 6, \"description\": \"json-only\"}\n",
	       "y: its change, then its query");
	event_loop_turn(h.loop, 0);
	ok(!h.fb.saving && h.fb.saves == 2, "nothing left to save: no third save");

	/* a change that needs no save (announce route) is answered at once */
	send(x, "announce route 3.0.0.0/8 next-hop 1.1.1.1");
	is_str(harness_take(&h, x), "{\"answer\": \"done\"}\n", "announce route is not saved: answered at once");
	/* removing nothing saves nothing */
	send(x, "routes remove 99.0.0.0/8");
	is_str(harness_take(&h, x), "{\"removed\": false, \"index\": \"01010863000000\"}\n", "a remove that found nothing");
	/* a failed save: the change stays in effect, its answer says it is not saved */
	h.fb.save_status = -1;
	send(x, "routes remove 10.0.0.0/24");
	event_loop_turn(h.loop, 0);
	fake_save_complete(&h.fb);
	event_loop_turn(h.loop, 0);
	out = harness_take(&h, x);
	ok(strcmp(out, "{\"error\": \"the change is in effect but could not be saved: injected: No space left on device\"}\n") == 0,
	   "a failed save: the answer is an error saying so");
	ok(fake_config_routes(&h.fb) == 5, "... and the change is in effect");
	h.fb.save_status = 0;
	send(x, "peer create 10.0.0.9 local-as 1 peer-as 2");
	event_loop_turn(h.loop, 0);
	fake_save_complete(&h.fb);
	event_loop_turn(h.loop, 0);
	is_str(harness_take(&h, x), "{\"answer\": \"done\"}\n", "peer create waits for its save");
	is_int(h.fb.saved_routes, 5, "the next save writes the earlier change too");
	send(x, "peer delete 10.0.0.9");
	event_loop_turn(h.loop, 0);
	ok(h.fb.saving, "peer delete is saved too");
	fake_save_complete(&h.fb);
	event_loop_turn(h.loop, 0);
	is_str(harness_take(&h, x), "{\"answer\": \"done\"}\n", "peer delete answered once saved");

	/* a client that goes away while its answers wait */
	send(y, "routes add 10.2.0.0/24 next-hop 1.1.1.1");
	api_client_close(y);
	event_loop_turn(h.loop, 0);
	fake_save_complete(&h.fb);
	event_loop_turn(h.loop, 0);
	ok(!h.fb.saving, "a client closed while waiting: its save still completes, nothing breaks");

	struct api_stats st;
	api_stats(h.api, &st);
	ok(st.saves == 6 && st.saves_failed == 1 && st.changes_applied == st.changes_durable, "statistics: %llu saves",
	   (unsigned long long)st.saves);
	api_client_close(x);
	api_client_close(z);
	harness_fini(&h);
}

/* a thousand changes pipelined by each of three clients: a handful of saves */
static void test_group_commit_scale(void)
{
	setup(NULL);
	h.fb.persistent = true;
	struct api_client *c[3];
	char cmd[128];
	for (int k = 0; k < 3; k++)
		c[k] = api_client_open(h.api, API_CHANNEL_PROCESS, "helper");
	size_t answered[3] = {0, 0, 0};
	for (int i = 0; i < 1000; i++) {
		for (int k = 0; k < 3; k++) {
			snprintf(cmd, sizeof(cmd), "routes add 10.%d.%d.%d/32 next-hop 1.1.1.1", k, i / 256, i % 256);
			api_client_command(c[k], cmd, strlen(cmd));
		}
		if (i % 100 == 99)
			event_loop_turn(h.loop, 0);
	}
	for (int i = 0; i < 100; i++)
		event_loop_turn(h.loop, 0);
	bool ordered = true;
	for (int k = 0; k < 3; k++) {
		const char *out = harness_take(&h, c[k]);
		const char *p = out;
		for (int i = 0; i < 1000; i++) {
			char want[64];
			snprintf(want, sizeof(want), "\"route\": \"10.%d.%d.%d/32 next-hop", k, i / 256, i % 256);
			const char *at = strstr(p, want);
			if (at == NULL) {
				ordered = false;
				break;
			}
			p = at + 1;
			answered[k]++;
		}
	}
	ok(ordered && answered[0] == 1000 && answered[1] == 1000 && answered[2] == 1000,
	   "3 clients x 1000 changes: every answer, each client's in order");
	ok(h.fb.saves >= 2 && h.fb.saves <= 12, "... with %u saves (one per turn of changes at most)", h.fb.saves);
	is_int(h.fb.saved_routes, 3000, "the last save holds all 3000 routes");
	for (int k = 0; k < 3; k++)
		api_client_close(c[k]);
	harness_fini(&h);
}

int main(void)
{
	test_process_acks();
	test_socket_acks();
	test_config_ack_off();
	test_sync();
	test_json_acks();
	test_group_commit();
	test_group_commit_scale();
	return done_testing();
}
