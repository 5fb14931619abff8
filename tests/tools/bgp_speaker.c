/* bgp_speaker.c — a test driver for the session engine: runs BGP sessions described by
 * command-line flags on one event loop and prints every event as one line of ExaBGP JSON on
 * stdout. It stands in for `attobgp server` until the configuration is wired in.
 *
 *   bgp_speaker [global options] --peer ADDR [peer options] [--peer ADDR [peer options]]...
 *
 * Global:  --listen ADDR[:PORT] (repeatable)   --port N (connect/listen default; else the
 *          exabgp.tcp.port environment knob, else 179)   --exit-after SECONDS   --json-v4
 *          --shutdown-text TEXT (the Cease sent on SIGTERM / exit)
 * Peer:    --local ADDR --local-as N --peer-as N --router-id ID --hold N --passive
 *          --peer-port N --local-port N --family "AFI SAFI" (repeatable; the first replaces
 *          ipv4 unicast) --addpath "AFI SAFI" send|receive|both --no-asn4 --route-refresh
 *          --extended-message --graceful-restart SECONDS --multisession --operational
 *          --hostname HOST DOMAIN --software-version TEXT --nexthop "AFI SAFI NHAFI"
 *          --link-local ADDR --md5 PASSWORD --ttl-out N --ttl-in N
 *          --max-prefix "AFI SAFI" N --manual-eor --no-group-updates --adj-rib-in
 *          --retry-min MS --retry-max MS --connect-timeout MS --open-wait S --send-hold S
 *          --queue-high BYTES --queue-low BYTES --queue-max BYTES
 *          --route TEXT (repeatable) --routes-file FILE (one route a line)
 *          --generate N NEXTHOP (N /32 routes from 10.0.0.0 with that next hop)
 *          --stop-after SECONDS (Cease / Administrative Shutdown, no reconnect)
 *          --refresh-after SECONDS "AFI SAFI" (send a ROUTE-REFRESH once Established)
 *          --eor-after SECONDS "AFI SAFI" (send an End-of-RIB, for manual-eor)
 *
 * Extra lines (not ExaBGP's): {"type": "listen", "address": A, "port": P} for each
 * listener; {"type": "stats", ...} for each session on SIGUSR1; with --adj-rib-in,
 * {"type": "adj-rib-in", "announced": N, "withdrawn": M} per UPDATE handed to the hook and
 * {"type": "adj-rib-in", "flush": true} when the session goes down; {"type": "exit"} last.
 * Environment: exabgp.tcp.port / .bind / .connections / .attempts / .once (env.h).
 * SIGTERM / SIGINT: every session sends Cease / Administrative Shutdown, then exit 0.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bgp/env.h"
#include "bgp/event_json.h"
#include "bgp/session.h"
#include "bgp/speaker.h"
#include "bgp/static_routes.h"
#include "core/buf.h"
#include "core/event.h"
#include "core/json.h"
#include "model/update_collection.h"
#include "wire/family.h"
#include "wire/ip.h"

#define MAX_PEERS 16
#define MAX_LISTEN 8

struct timed_family {
	double after;
	uint16_t afi;
	uint8_t safi;
	struct event_timer timer;
	struct peer *peer;
};

struct peer {
	struct bgp_session_settings set;
	bool families_given;
	struct bgp_static_routes *routes;
	struct bgp_static_source *source;
	struct bgp_session *session;
	double stop_after;
	struct event_timer stop_timer;
	struct timed_family refresh, eor;
	struct driver *d;
};

struct driver {
	struct event_loop *loop;
	struct bgp_speaker *sp;
	struct peer peers[MAX_PEERS];
	int npeers;
	struct bgp_address listen[MAX_LISTEN];
	int listen_port[MAX_LISTEN]; /* -1: the default port */
	int nlisten;
	int port;                    /* -1: environment */
	double exit_after;
	enum json_shape shape;
	const char *shutdown_text;
	char host[256];
	struct buf line;
	struct event_timer exit_timer;
	int rc;
};

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "bgp_speaker: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void print_line(struct driver *d)
{
	buf_putc(&d->line, '\n');
	fwrite(d->line.data, 1, d->line.len, stdout);
	fflush(stdout);
	buf_reset(&d->line);
}

/* --adj-rib-in: what the hook sees, as a count (the store is not ours to keep) */
static void on_adj_rib_in(void *user, struct bgp_session *s, const struct update_collection *c)
{
	struct peer *p = user;
	struct driver *d = p->d;
	buf_reset(&d->line);
	if (c == NULL)
		buf_printf(&d->line, "{\"type\": \"adj-rib-in\", \"peer\": \"%s\", \"flush\": true}",
			   bgp_session_peer_text(s));
	else {
		size_t announced = 0, withdrawn = 0;
		for (size_t i = 0; i < c->count; i++) {
			if (c->routes[i].action == ROUTE_ANNOUNCE)
				announced++;
			else
				withdrawn++;
		}
		buf_printf(&d->line,
			   "{\"type\": \"adj-rib-in\", \"peer\": \"%s\", \"announced\": %zu, \"withdrawn\": %zu}",
			   bgp_session_peer_text(s), announced, withdrawn);
	}
	print_line(d);
}

static void on_event(void *user, struct bgp_session *s, const struct bgp_event *ev)
{
	struct peer *p = user;
	struct driver *d = p->d;
	struct bgp_json_options o = {
		.shape = d->shape,
		.host = d->host,
		.pid = (long)getpid(),
		.ppid = (long)getppid(),
		.style = JSON_STYLE_EXABGP,
	};
	buf_reset(&d->line);
	if (bgp_event_json(&d->line, s, ev, &o) == 0)
		print_line(d);
}

/* ---- flags ---- */

static long num(const char *s, long min, long max, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (errno || *end || v < min || v > max)
		die("bad %s", what);
	return v;
}

static void parse_family(const char *text, uint16_t *afi, uint8_t *safi)
{
	const char *sp = strchr(text, ' ');
	if (sp == NULL || afi_parse(text, (size_t)(sp - text), afi) < 0 || safi_parse(sp + 1, strlen(sp + 1), safi) < 0)
		die("bad family '%s'", text);
}

static uint64_t family_arg(const char *text)
{
	uint16_t afi;
	uint8_t safi;
	parse_family(text, &afi, &safi);
	uint64_t bit = family_bit(afi, safi);
	if (bit == 0)
		die("unknown family '%s'", text);
	return bit;
}

static void address_arg(struct bgp_address *a, const char *text)
{
	if (bgp_address_parse(a, text) < 0)
		die("bad address '%s'", text);
}

static void add_route(struct peer *p, const char *text)
{
	char err[256];
	if (bgp_static_routes_add(p->routes, text, err, sizeof(err)) < 0) {
		fprintf(stderr, "bgp_speaker: route '%s': %s\n", text, err);
		exit(2);
	}
}

static void routes_file(struct peer *p, const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		die("cannot read %s", path);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		add_route(p, line);
	}
	free(line);
	fclose(f);
}

static void generate(struct peer *p, long n, const char *nexthop)
{
	char text[160];
	for (long i = 0; i < n; i++) {
		uint32_t a = 0x0a000000u + (uint32_t)i;
		snprintf(text, sizeof(text), "route %u.%u.%u.%u/32 next-hop %s", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
			 a & 255, nexthop);
		add_route(p, text);
	}
}

static struct peer *new_peer(struct driver *d, const char *addr)
{
	if (d->npeers == MAX_PEERS)
		die("too many peers");
	struct peer *p = &d->peers[d->npeers++];
	memset(p, 0, sizeof(*p));
	p->d = d;
	bgp_session_settings_init(&p->set);
	address_arg(&p->set.peer_address, addr);
	p->set.local_as = 65001;
	p->set.peer_as = 65001;
	p->routes = bgp_static_routes_new(0);
	return p;
}

static void parse_args(struct driver *d, int argc, char **argv)
{
	struct peer *p = NULL;
#define NEED(n)                                                                                            \
	do {                                                                                               \
		if (i + (n) >= argc)                                                                       \
			die("%s needs a value", a);                                                        \
	} while (0)
#define PEER()                                                                                             \
	do {                                                                                               \
		if (p == NULL)                                                                             \
			die("%s comes after --peer", a);                                                   \
	} while (0)
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--listen") == 0) {
			NEED(1);
			char buf[80];
			snprintf(buf, sizeof(buf), "%s", argv[++i]);
			int port = -1;
			char *colon = strrchr(buf, ':');
			/* "addr:port" for IPv4, "[addr]:port" for IPv6 */
			if (buf[0] == '[') {
				char *close = strchr(buf, ']');
				if (close == NULL)
					die("bad listen '%s'", argv[i]);
				*close = '\0';
				if (close[1] == ':')
					port = (int)num(close + 2, 0, 65535, "port");
				memmove(buf, buf + 1, strlen(buf));
			} else if (colon && strchr(buf, ':') == colon) {
				*colon = '\0';
				port = (int)num(colon + 1, 0, 65535, "port");
			}
			if (d->nlisten == MAX_LISTEN)
				die("too many listeners");
			address_arg(&d->listen[d->nlisten], buf);
			d->listen_port[d->nlisten++] = port;
		} else if (strcmp(a, "--port") == 0) {
			NEED(1);
			d->port = (int)num(argv[++i], 1, 65535, "port");
		} else if (strcmp(a, "--exit-after") == 0) {
			NEED(1);
			d->exit_after = strtod(argv[++i], NULL);
		} else if (strcmp(a, "--json-v4") == 0) {
			d->shape = JSON_SHAPE_V4;
		} else if (strcmp(a, "--shutdown-text") == 0) {
			NEED(1);
			d->shutdown_text = argv[++i];
		} else if (strcmp(a, "--peer") == 0) {
			NEED(1);
			p = new_peer(d, argv[++i]);
		} else if (strcmp(a, "--local") == 0) {
			PEER();
			NEED(1);
			address_arg(&p->set.local_address, argv[++i]);
		} else if (strcmp(a, "--local-as") == 0) {
			PEER();
			NEED(1);
			p->set.local_as = (uint32_t)num(argv[++i], 0, 4294967295L, "AS");
		} else if (strcmp(a, "--peer-as") == 0) {
			PEER();
			NEED(1);
			p->set.peer_as = (uint32_t)num(argv[++i], 0, 4294967295L, "AS");
		} else if (strcmp(a, "--router-id") == 0) {
			PEER();
			NEED(1);
			uint8_t id[4];
			if (ipv4_parse(argv[i + 1], strlen(argv[i + 1]), id) < 0)
				die("bad router-id '%s'", argv[i + 1]);
			i++;
			p->set.router_id = ((uint32_t)id[0] << 24) | ((uint32_t)id[1] << 16) | ((uint32_t)id[2] << 8) | id[3];
		} else if (strcmp(a, "--hold") == 0) {
			PEER();
			NEED(1);
			p->set.hold_time = (uint16_t)num(argv[++i], 0, 65535, "hold time");
		} else if (strcmp(a, "--passive") == 0) {
			PEER();
			p->set.passive = true;
		} else if (strcmp(a, "--peer-port") == 0) {
			PEER();
			NEED(1);
			p->set.peer_port = (uint16_t)num(argv[++i], 1, 65535, "port");
		} else if (strcmp(a, "--local-port") == 0) {
			PEER();
			NEED(1);
			p->set.local_port = (uint16_t)num(argv[++i], 1, 65535, "port");
		} else if (strcmp(a, "--family") == 0) {
			PEER();
			NEED(1);
			if (!p->families_given)
				p->set.families = 0;
			p->families_given = true;
			p->set.families |= family_arg(argv[++i]);
		} else if (strcmp(a, "--addpath") == 0) {
			PEER();
			NEED(2);
			uint64_t bit = family_arg(argv[++i]);
			const char *dir = argv[++i];
			if (strcmp(dir, "send") == 0 || strcmp(dir, "both") == 0)
				p->set.addpath_send |= bit;
			if (strcmp(dir, "receive") == 0 || strcmp(dir, "both") == 0)
				p->set.addpath_receive |= bit;
		} else if (strcmp(a, "--no-asn4") == 0) {
			PEER();
			p->set.asn4 = false;
		} else if (strcmp(a, "--route-refresh") == 0) {
			PEER();
			p->set.route_refresh = true;
		} else if (strcmp(a, "--extended-message") == 0) {
			PEER();
			p->set.extended_message = true;
		} else if (strcmp(a, "--graceful-restart") == 0) {
			PEER();
			NEED(1);
			p->set.graceful_restart = true;
			p->set.graceful_restart_time = (uint16_t)num(argv[++i], 0, 4095, "restart time");
		} else if (strcmp(a, "--multisession") == 0) {
			PEER();
			p->set.multisession = true;
		} else if (strcmp(a, "--operational") == 0) {
			PEER();
			p->set.operational = true;
		} else if (strcmp(a, "--hostname") == 0) {
			PEER();
			NEED(2);
			p->set.hostname = true;
			snprintf(p->set.host_name, sizeof(p->set.host_name), "%s", argv[++i]);
			snprintf(p->set.domain_name, sizeof(p->set.domain_name), "%s", argv[++i]);
		} else if (strcmp(a, "--software-version") == 0) {
			PEER();
			NEED(1);
			snprintf(p->set.software_version, sizeof(p->set.software_version), "%s", argv[++i]);
		} else if (strcmp(a, "--nexthop") == 0) {
			PEER();
			NEED(1);
			char text[64], *last;
			snprintf(text, sizeof(text), "%s", argv[++i]);
			last = strrchr(text, ' ');
			if (last == NULL || p->set.nexthop_count == BGP_NEXTHOP_FAMILIES)
				die("bad --nexthop '%s'", argv[i]);
			*last = '\0';
			struct bgp_nexthop_family *f = &p->set.nexthop[p->set.nexthop_count++];
			parse_family(text, &f->afi, &f->safi);
			if (afi_parse(last + 1, strlen(last + 1), &f->nh_afi) < 0)
				die("bad next hop afi '%s'", last + 1);
		} else if (strcmp(a, "--link-local") == 0) {
			PEER();
			NEED(1);
			struct bgp_address ll;
			address_arg(&ll, argv[++i]);
			p->set.link_local_nexthop = true;
			memcpy(p->set.link_local, ll.addr, 16);
		} else if (strcmp(a, "--md5") == 0) {
			PEER();
			NEED(1);
			size_t n = strlen(argv[++i]);
			if (n > BGP_MD5_KEY_MAX)
				die("md5 password too long");
			memcpy(p->set.md5_key, argv[i], n);
			p->set.md5_len = (uint8_t)n;
		} else if (strcmp(a, "--ttl-out") == 0) {
			PEER();
			NEED(1);
			p->set.outgoing_ttl = (uint8_t)num(argv[++i], 1, 255, "ttl");
		} else if (strcmp(a, "--ttl-in") == 0) {
			PEER();
			NEED(1);
			p->set.incoming_ttl = (uint8_t)num(argv[++i], 1, 255, "ttl");
		} else if (strcmp(a, "--max-prefix") == 0) {
			PEER();
			NEED(2);
			uint64_t bit = family_arg(argv[++i]);
			p->set.max_prefix[__builtin_ctzll(bit)] = (uint32_t)num(argv[++i], 0, 4294967295L, "max-prefix");
		} else if (strcmp(a, "--manual-eor") == 0) {
			PEER();
			p->set.manual_eor = true;
		} else if (strcmp(a, "--no-group-updates") == 0) {
			PEER();
			p->set.group_updates = false;
		} else if (strcmp(a, "--adj-rib-in") == 0) {
			PEER();
			p->set.adj_rib_in = true;
		} else if (strcmp(a, "--retry-min") == 0) {
			PEER();
			NEED(1);
			p->set.connect_retry_min_ms = (uint32_t)num(argv[++i], 1, 3600000, "ms");
		} else if (strcmp(a, "--retry-max") == 0) {
			PEER();
			NEED(1);
			p->set.connect_retry_max_ms = (uint32_t)num(argv[++i], 1, 3600000, "ms");
		} else if (strcmp(a, "--connect-timeout") == 0) {
			PEER();
			NEED(1);
			p->set.connect_timeout_ms = (uint32_t)num(argv[++i], 1, 3600000, "ms");
		} else if (strcmp(a, "--open-wait") == 0) {
			PEER();
			NEED(1);
			p->set.open_wait = (uint16_t)num(argv[++i], 1, 65535, "seconds");
		} else if (strcmp(a, "--send-hold") == 0) {
			PEER();
			NEED(1);
			p->set.send_hold_time = (uint32_t)num(argv[++i], 1, 86400, "seconds");
		} else if (strcmp(a, "--queue-high") == 0) {
			PEER();
			NEED(1);
			p->set.queue_high = (uint32_t)num(argv[++i], 1, 1L << 30, "bytes");
		} else if (strcmp(a, "--queue-low") == 0) {
			PEER();
			NEED(1);
			p->set.queue_low = (uint32_t)num(argv[++i], 1, 1L << 30, "bytes");
		} else if (strcmp(a, "--queue-max") == 0) {
			PEER();
			NEED(1);
			p->set.queue_max = (uint32_t)num(argv[++i], 1, 1L << 30, "bytes");
		} else if (strcmp(a, "--route") == 0) {
			PEER();
			NEED(1);
			add_route(p, argv[++i]);
		} else if (strcmp(a, "--routes-file") == 0) {
			PEER();
			NEED(1);
			routes_file(p, argv[++i]);
		} else if (strcmp(a, "--generate") == 0) {
			PEER();
			NEED(2);
			long n = num(argv[i + 1], 0, 16000000, "route count");
			generate(p, n, argv[i + 2]);
			i += 2;
		} else if (strcmp(a, "--stop-after") == 0) {
			PEER();
			NEED(1);
			p->stop_after = strtod(argv[++i], NULL);
		} else if (strcmp(a, "--refresh-after") == 0 || strcmp(a, "--eor-after") == 0) {
			PEER();
			NEED(2);
			struct timed_family *t = a[2] == 'r' ? &p->refresh : &p->eor;
			t->after = strtod(argv[++i], NULL);
			parse_family(argv[++i], &t->afi, &t->safi);
		} else {
			die("unknown option '%s'", a);
		}
	}
	if (d->npeers == 0)
		die("no --peer given");
}

/* ---- running ---- */

static void shutdown_done(struct bgp_speaker *sp, void *arg)
{
	struct driver *d = arg;
	(void)sp;
	event_loop_stop(d->loop);
}

static void begin_exit(struct driver *d)
{
	static bool once;
	if (once)
		return;
	once = true;
	bgp_speaker_shutdown(d->sp, d->shutdown_text, shutdown_done, d);
}

static void exit_fired(struct event_loop *loop, struct event_timer *t)
{
	(void)loop;
	begin_exit(t->arg);
}

static void finished(struct bgp_speaker *sp, void *arg)
{
	(void)sp;
	begin_exit(arg);
}

static long rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void print_stats(struct driver *d)
{
	for (int i = 0; i < d->npeers; i++) {
		struct peer *p = &d->peers[i];
		struct bgp_session_stats st;
		bgp_session_stats(p->session, &st);
		const char *why = NULL;
		size_t errors = bgp_static_source_errors(p->source, &why);
		buf_reset(&d->line);
		buf_printf(&d->line,
			   "{\"type\": \"stats\", \"peer\": \"%s\", \"state\": \"%s\", \"queued\": %llu, "
			   "\"max_rss_kb\": %ld, \"sent_updates\": %llu, \"received_updates\": %llu, "
			   "\"sent_keepalives\": %llu, \"connections\": %llu, \"retry_ms\": %u, \"pack_errors\": %zu}",
			   bgp_session_peer_text(p->session), bgp_state_name(bgp_session_state(p->session)),
			   (unsigned long long)st.queued_bytes, rss_kb(), (unsigned long long)st.sent[2],
			   (unsigned long long)st.received[2], (unsigned long long)st.sent[4],
			   (unsigned long long)st.connections, st.retry_ms, errors);
		print_line(d);
		(void)why;
	}
}

static void on_signal(struct event_loop *loop, int signo, void *arg)
{
	struct driver *d = arg;
	(void)loop;
	if (signo == SIGUSR1)
		print_stats(d);
	else
		begin_exit(d);
}

static void stop_fired(struct event_loop *loop, struct event_timer *t)
{
	struct peer *p = t->arg;
	(void)loop;
	bgp_session_stop(p->session, 2, p->d->shutdown_text);
}

static void refresh_fired(struct event_loop *loop, struct event_timer *t)
{
	struct timed_family *f = t->arg;
	if (bgp_session_state(f->peer->session) != BGP_ESTABLISHED) {
		event_timer_after(loop, t, 100);
		return;
	}
	if (f == &f->peer->refresh)
		bgp_session_send_refresh(f->peer->session, f->afi, f->safi);
	else
		bgp_session_send_eor(f->peer->session, f->afi, f->safi);
}

static const char *getenv_fn(const char *name) { return getenv(name); }

int main(int argc, char **argv)
{
	static struct driver d;
	d.port = -1;
	d.shape = JSON_SHAPE_V6;
	d.shutdown_text = "shutdown";
	buf_init(&d.line);
	parse_args(&d, argc, argv);
	if (gethostname(d.host, sizeof(d.host)) < 0)
		strcpy(d.host, "localhost");

	struct bgp_env env;
	char err[256];
	if (bgp_env_read(&env, getenv_fn, err, sizeof(err)) < 0)
		die("%s", err);
	if (d.port > 0)
		env.port = (uint16_t)d.port;

	d.loop = event_loop_new();
	if (d.loop == NULL)
		die("cannot create the event loop: %s", strerror(errno));
	d.sp = bgp_speaker_new(d.loop, &env);
	bgp_speaker_on_finished(d.sp, finished, &d);
	event_loop_on_signal(d.loop, SIGTERM, on_signal, &d);
	event_loop_on_signal(d.loop, SIGINT, on_signal, &d);
	event_loop_on_signal(d.loop, SIGUSR1, on_signal, &d);
	signal(SIGPIPE, SIG_IGN);

	/* listeners: the flags, else exabgp.tcp.bind */
	if (d.nlisten == 0 && env.bind_set)
		for (unsigned i = 0; i < env.nbind && i < MAX_LISTEN; i++) {
			d.listen[d.nlisten] = env.bind[i];
			d.listen_port[d.nlisten++] = -1;
		}
	for (int i = 0; i < d.nlisten; i++) {
		uint16_t port = d.listen_port[i] >= 0 ? (uint16_t)d.listen_port[i] : env.port;
		char text[BGP_ADDRESS_STR_MAX];
		if (bgp_speaker_listen(d.sp, &d.listen[i], port, err, sizeof(err)) < 0) {
			fprintf(stderr, "bgp_speaker: listen on %s port %u: %s\n", bgp_address_format(&d.listen[i], text),
				port, err);
			return 1;
		}
		buf_reset(&d.line);
		buf_printf(&d.line, "{\"type\": \"listen\", \"address\": \"%s\", \"port\": %u}",
			   bgp_address_format(&d.listen[i], text), bgp_speaker_listen_port(d.sp, (unsigned)i));
		print_line(&d);
	}

	for (int i = 0; i < d.npeers; i++) {
		struct peer *p = &d.peers[i];
		p->source = bgp_static_source_new(p->routes);
		struct bgp_session_hooks hooks = {on_event, on_adj_rib_in, bgp_static_source_hooks(p->source), p};
		p->session = bgp_speaker_add(d.sp, &p->set, &hooks, err, sizeof(err));
		if (p->session == NULL)
			die("session: %s", err);
		event_timer_init(&p->stop_timer, stop_fired, p);
		if (p->stop_after > 0)
			event_timer_after(d.loop, &p->stop_timer, (uint64_t)(p->stop_after * 1000));
		struct timed_family *tf[2] = {&p->refresh, &p->eor};
		for (int k = 0; k < 2; k++) {
			tf[k]->peer = p;
			event_timer_init(&tf[k]->timer, refresh_fired, tf[k]);
			if (tf[k]->after > 0)
				event_timer_after(d.loop, &tf[k]->timer, (uint64_t)(tf[k]->after * 1000));
		}
	}
	for (int i = 0; i < d.npeers; i++)
		bgp_session_start(d.peers[i].session);

	event_timer_init(&d.exit_timer, exit_fired, &d);
	if (d.exit_after > 0)
		event_timer_after(d.loop, &d.exit_timer, (uint64_t)(d.exit_after * 1000));

	int rc = event_loop_run(d.loop);

	buf_reset(&d.line);
	buf_puts(&d.line, "{\"type\": \"exit\"}");
	print_line(&d);
	event_timer_cancel(d.loop, &d.exit_timer);
	for (int i = 0; i < d.npeers; i++) {
		struct peer *p = &d.peers[i];
		event_timer_cancel(d.loop, &p->stop_timer);
		event_timer_cancel(d.loop, &p->refresh.timer);
		event_timer_cancel(d.loop, &p->eor.timer);
	}
	bgp_speaker_free(d.sp);
	for (int i = 0; i < d.npeers; i++) {
		bgp_static_source_free(d.peers[i].source);
		bgp_static_routes_free(d.peers[i].routes);
	}
	event_loop_free(d.loop);
	buf_free(&d.line);
	return rc < 0 ? 1 : 0;
}
