/* decode.c — `attobgp decode`: BGP messages in hex to ExaBGP JSON (or, with -m, to the
 * API command that re-creates their routes).
 *
 *   attobgp decode [-c CONFIG] [-f "AFI SAFI"] [--open|--update|--nlri] [-i] [-m] [--compact] HEX...
 *
 * The HEX arguments together are one input (spaces and colons ignored, as `exabgp decode`
 * takes them); without arguments, every stdin line is one input. An input may hold
 * several whole messages back to back; a message may also be given without its marker
 * (length, type, body) or, with --update / --open, as a bare body. A malformed message
 * prints a JSON error naming the field and offset, the exit status becomes 1, and
 * decoding continues with the next input.
 * The session (ASes, families, ADD-PATH, ...) is a configuration's neighbour, built by
 * session_flags.c through the config layer's API; this file itself uses core, wire and
 * model only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/session_flags.h"
#include "core/buf.h"
#include "core/hex.h"
#include "core/json.h"
#include "model/json_open.h"
#include "model/flow_text.h"
#include "model/json_update.h"
#include "model/mpls_text.h"
#include "model/route_text.h"
#include "model/update_collection.h"
#include "model/bgpls_json.h"
#include "model/evpn_text.h"
#include "model/mup_text.h"
#include "model/srpolicy_text.h"
#include "model/mvpn_text.h"
#include "model/vpls_text.h"
#include "wire/ip.h"
#include "wire/message.h"
#include "wire/nlri.h"
#include "wire/nlri_any.h"
#include "wire/nlri_flow.h"
#include "wire/nlri_mpls.h"
#include "wire/update.h"

enum decode_kind {
	DECODE_ANY,
	DECODE_UPDATE,
	DECODE_OPEN,
	DECODE_NLRI,
};

struct decoder {
	struct session_flags session;
	enum decode_kind kind;
	bool command;            /* -m */
	enum json_style style;   /* ExaBGP's spacing; --compact: none */
	struct open_context_pool *pool;
	struct update_collection c;
	struct buf hex;          /* input bytes */
	struct buf msg;          /* one message being decoded (when rebuilt) */
	struct buf out;          /* output line */
	uint64_t counter;
	char host[256];
};

static void decode_usage(FILE *out)
{
	fputs("usage: attobgp decode [options] [HEX...]\n"
	      "  HEX: one BGP message (or several back to back) in hexadecimal; spaces and colons\n"
	      "       are ignored; without HEX, each line of stdin is decoded\n"
	      "  --update, --open    the data is an UPDATE / OPEN (a bare body is accepted)\n"
	      "  -n, --nlri          the data is NLRI only (family from -f, default ipv4 unicast)\n"
	      "  -m, --command       print the API command that re-creates the routes\n"
	      "  --compact           JSON without spaces (default: ExaBGP's spacing, byte for byte)\n",
	      out);
	session_flags_usage();
}

static void envelope_init(struct decoder *d, struct json_envelope *env)
{
	memset(env, 0, sizeof(*env));
	env->shape = d->session.shape;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	env->time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	env->host = d->host;
	env->pid = (long)getpid();
	env->ppid = (long)getppid();
	env->counter = ++d->counter;
	env->local_address = d->session.local_address;
	env->peer_address = d->session.peer_address;
	env->local_as = d->session.local_as;
	env->peer_as = d->session.peer_as;
	env->router_id = d->session.router_id;
	env->direction = "in";
}

static void emit_line(struct decoder *d)
{
	buf_putc(&d->out, '\n');
	fwrite(d->out.data, 1, d->out.len, stdout);
	buf_reset(&d->out);
}

/* {"error": "...", "field": "...", "offset": N, "code": C, "subcode": S, "action": "..."} */
static void emit_error(struct decoder *d, const char *field, const struct wire_error *err)
{
	struct json j;
	json_init(&j, &d->out, d->style);
	json_object_open(&j);
	json_key(&j, "error");
	json_string(&j, err->why[0] ? err->why : "malformed message");
	json_key(&j, "field");
	json_string(&j, field);
	json_key(&j, "offset");
	json_uint(&j, err->offset);
	json_key(&j, "code");
	json_uint(&j, err->code);
	json_key(&j, "subcode");
	json_uint(&j, err->subcode);
	json_key(&j, "action");
	json_string(&j, wire_action_name(err->action));
	json_object_close(&j);
	emit_line(d);
}

static void emit_simple_error(struct decoder *d, const char *why)
{
	struct wire_error err;
	wire_error_clear(&err);
	snprintf(err.why, sizeof(err.why), "%s", why);
	err.action = WIRE_SESSION_RESET;
	emit_error(d, "message", &err);
}

static int decode_update(struct decoder *d, const uint8_t *msg, size_t len)
{
	const struct open_context *ctx = session_flags_context(&d->session, d->pool, AFI_IPV4, SAFI_UNICAST);
	uint64_t addpath = session_flags_addpath_mask(&d->session);

	if (update_collection_parse(&d->c, msg, len, ctx, addpath) < 0) {
		emit_error(d, "update", &d->c.error);
		return -1;
	}
	if (d->c.skipped) {
		char fam[FAMILY_NAME_MAX];
		struct wire_error err;
		wire_error_clear(&err);
		err.action = WIRE_OK;
		snprintf(err.why, sizeof(err.why), "family %s is not supported by this build yet",
			 family_format(d->c.skipped_afi, d->c.skipped_safi, fam));
		emit_error(d, "nlri", &err);
		return -1;
	}
	if (d->command) {
		if (d->c.eor) {
			char fam[FAMILY_NAME_MAX];
			printf("announce eor %s\n", family_format(d->c.eor_afi, d->c.eor_safi, fam));
			return 0;
		}
		route_text_format_collection(&d->out, &d->c);
		if (d->out.len)
			fwrite(d->out.data, 1, d->out.len, stdout);
		buf_reset(&d->out);
		return 0;
	}
	struct json_envelope env;
	struct json j;
	envelope_init(d, &env);
	json_init(&j, &d->out, d->style);
	json_update_write(&j, &env, &d->c);
	emit_line(d);
	return 0;
}

static int decode_message(struct decoder *d, const uint8_t *msg, size_t len)
{
	uint8_t type;
	uint16_t length;
	struct wire_error err;

	wire_error_clear(&err);
	if (message_header_check(msg, len, d->session.msg_size, &type, &length, &err) < 0) {
		emit_error(d, "header", &err);
		return -1;
	}
	const uint8_t *body = msg + BGP_HEADER_LEN;
	size_t body_len = (size_t)length - BGP_HEADER_LEN;
	struct json_envelope env;
	struct json j;
	switch (type) {
	case BGP_MSG_UPDATE:
		return decode_update(d, msg, length);
	case BGP_MSG_OPEN: {
		struct bgp_open open;
		bgp_open_init(&open);
		if (bgp_open_parse(body, body_len, BGP_HEADER_LEN, &open, &err) < 0) {
			bgp_open_fini(&open);
			emit_error(d, "open", &err);
			return -1;
		}
		envelope_init(d, &env);
		json_init(&j, &d->out, d->style);
		json_open_write(&j, &env, &open);
		emit_line(d);
		bgp_open_fini(&open);
		return 0;
	}
	case BGP_MSG_NOTIFICATION: {
		struct notification n;
		if (notification_parse(body, body_len, BGP_HEADER_LEN, &n, &err) < 0) {
			emit_error(d, "notification", &err);
			return -1;
		}
		envelope_init(d, &env);
		json_init(&j, &d->out, d->style);
		json_notification_write(&j, &env, &n);
		emit_line(d);
		return 0;
	}
	case BGP_MSG_KEEPALIVE:
		envelope_init(d, &env);
		json_init(&j, &d->out, d->style);
		json_keepalive_write(&j, &env);
		emit_line(d);
		return 0;
	case BGP_MSG_ROUTE_REFRESH: {
		struct route_refresh rr;
		if (route_refresh_parse(body, body_len, BGP_HEADER_LEN, &rr, &err) < 0) {
			emit_error(d, "route-refresh", &err);
			return -1;
		}
		envelope_init(d, &env);
		json_init(&j, &d->out, d->style);
		json_refresh_write(&j, &env, &rr);
		emit_line(d);
		return 0;
	}
	default:
		emit_simple_error(d, "unknown message type");
		return -1;
	}
}

/* --nlri: the data is a run of NLRI of one family (-f, default IPv4 unicast):
 * {"family": "ipv4 unicast", "nlri": [{"nlri": "10.0.0.0/24"}, ...]} */
static int decode_nlri(struct decoder *d, const uint8_t *p, size_t len)
{
	uint16_t afi = AFI_IPV4;
	uint8_t safi = SAFI_UNICAST;
	for (int f = 0; f < FAMILY_COUNT; f++)
		if (d->session.families & ((uint64_t)1 << f)) {
			afi = family_table[f].afi;
			safi = family_table[f].safi;
			break;
		}
	char fam[FAMILY_NAME_MAX], prefix[NLRI_PREFIX_STR_MAX], ip[IP_STR_MAX];
	if (!family_supported(afi, safi)) {
		char why[96];
		snprintf(why, sizeof(why), "family %s is not supported by this build yet",
			 family_format(afi, safi, fam));
		emit_simple_error(d, why);
		return -1;
	}
	bool addpath = (session_flags_addpath_mask(&d->session) & family_bit(afi, safi)) != 0;
	struct cursor c = cursor_make(p, len, 0);
	struct wire_error err;
	struct json j;
	wire_error_clear(&err);
	json_init(&j, &d->out, d->style);
	if (!d->command) {
		json_object_open(&j);
		json_key(&j, "family");
		json_string(&j, family_format(afi, safi, fam));
		json_key(&j, "nlri");
		json_array_open(&j);
	}
	bool vpls = afi == AFI_L2VPN && safi == SAFI_VPLS, mvpn = safi == SAFI_MCAST_VPN, mup = safi == SAFI_MUP;
	bool srp = safi == SAFI_SR_POLICY, evpn = afi == AFI_L2VPN && safi == SAFI_EVPN, bgpls = afi == AFI_BGPLS;
	while (!cursor_empty(&c)) {
		struct nlri n;
		int rc = nlri_read_any(&c, afi, safi, addpath, false, &n, &err);
		/* a malformed flow (1) is an error here: there is no UPDATE to withdraw */
		if (rc < 0 || (rc > 0 && safi_is_flow(safi))) {
			buf_reset(&d->out);
			emit_error(d, "nlri", &err);
			return -1;
		}
		if (safi_is_flow(safi)) {
			if (d->command) {
				buf_puts(&d->out, "flow");
				flow_text_rules(&d->out, &n);
				emit_line(d);
			} else {
				flow_json_write(&j, &n, NULL);
			}
			continue;
		}
		if (vpls) { /* the NLRI's own text and object, as in an UPDATE */
			if (d->command) {
				vpls_text_format(&d->out, &n);
				emit_line(d);
			} else {
				vpls_json_write(&j, &n);
			}
			continue;
		}
		if (bgpls) {
			if (d->command) {
				bgpls_text_format(&d->out, &n);
				emit_line(d);
			} else {
				bgpls_json_write(&j, &n, NULL);
			}
			continue;
		}
		if (evpn) {
			if (d->command) {
				evpn_text_format(&d->out, &n);
				emit_line(d);
			} else {
				evpn_json_write(&j, &n);
			}
			continue;
		}
		if (srp) {
			if (d->command) {
				srpolicy_text_format(&d->out, &n);
				emit_line(d);
			} else {
				srpolicy_json_write(&j, &n);
			}
			continue;
		}
		if (mup) {
			if (d->command) {
				mup_text_format(&d->out, &n);
				emit_line(d);
			} else {
				mup_json_write(&j, &n);
			}
			continue;
		}
		if (mvpn) {
			if (d->command) {
				mvpn_text_format(&d->out, &n);
				emit_line(d);
			} else {
				mvpn_json_write(&j, &n);
			}
			continue;
		}
		nlri_prefix_format(&n, prefix);
		if (d->command) {
			buf_puts(&d->out, prefix);
			if (n.has_path_id)
				buf_printf(&d->out, " path-information %s", ipv4_format_u32(n.path_id, ip));
			if (nlri_is_labelled(afi, safi))
				mpls_text_put(&d->out, &n);
			emit_line(d);
			continue;
		}
		json_object_open(&j);
		json_key(&j, "nlri");
		json_string(&j, prefix);
		if (n.has_path_id && n.path_id) {
			json_key(&j, "path-information");
			json_string(&j, ipv4_format_u32(n.path_id, ip));
		}
		if (nlri_is_labelled(afi, safi))
			mpls_json_nlri(&j, &n);
		json_object_close(&j);
	}
	if (!d->command) {
		json_array_close(&j);
		json_object_close(&j);
		emit_line(d);
	}
	return 0;
}

static bool has_marker(const uint8_t *p, size_t len)
{
	if (len < BGP_MARKER_LEN)
		return false;
	for (int i = 0; i < BGP_MARKER_LEN; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

/* Rebuild a whole message in d->msg from a header without marker, or a bare body. */
static const uint8_t *with_header(struct decoder *d, const uint8_t *body, size_t len, uint8_t type,
				  size_t *out_len)
{
	buf_reset(&d->msg);
	size_t start = message_begin(&d->msg, type);
	buf_put(&d->msg, body, len);
	message_finish(&d->msg, start);
	*out_len = d->msg.len;
	return d->msg.data;
}

static int decode_input(struct decoder *d, const char *text, size_t text_len)
{
	size_t bad = 0;
	buf_reset(&d->hex);
	if (hex_decode(text, text_len, &d->hex, &bad) < 0) {
		char why[96];
		snprintf(why, sizeof(why), "not hexadecimal at character %zu", bad + 1);
		emit_simple_error(d, why);
		return -1;
	}
	const uint8_t *p = d->hex.data;
	size_t len = d->hex.len;

	if (len == 0) {
		emit_simple_error(d, "no data");
		return -1;
	}
	if (d->kind == DECODE_NLRI)
		return decode_nlri(d, p, len);
	if (has_marker(p, len)) {
		/* one or several whole messages back to back */
		int rc = 0;
		while (len > 0) {
			if (len < BGP_HEADER_LEN || !has_marker(p, len)) {
				emit_simple_error(d, "trailing octets after the last message");
				return -1;
			}
			size_t mlen = be16_load(p + 16);
			if (mlen < BGP_HEADER_LEN || mlen > len)
				mlen = len; /* let the header check name the bad length */
			if (decode_message(d, p, mlen) < 0)
				rc = -1;
			p += mlen;
			len -= mlen;
		}
		return rc;
	}
	/* length + type + body, without the marker */
	if (len >= 3 && be16_load(p) == len + BGP_MARKER_LEN) {
		size_t mlen;
		const uint8_t *msg = with_header(d, p + 3, len - 3, p[2], &mlen);
		return decode_message(d, msg, mlen);
	}
	if (d->kind == DECODE_UPDATE || d->kind == DECODE_OPEN || d->kind == DECODE_ANY) {
		size_t mlen;
		uint8_t type = d->kind == DECODE_OPEN ? BGP_MSG_OPEN : BGP_MSG_UPDATE;
		const uint8_t *msg = with_header(d, p, len, type, &mlen);
		return decode_message(d, msg, mlen);
	}
	emit_simple_error(d, "not a BGP message (no marker, no length)");
	return -1;
}

int app_decode_main(int argc, char **argv)
{
	struct decoder *d = calloc(1, sizeof(*d));
	int first = argc, rc = 0;

	if (d == NULL)
		return 2;
	if (session_flags_init(&d->session) < 0) {
		free(d);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			first = i + 1;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			first = i;
			break;
		}
		int used = session_flags_parse(&d->session, argc, argv, &i, "decode");
		if (used < 0) {
			session_flags_fini(&d->session);
			free(d);
			return 2;
		}
		if (used)
			continue;
		if (strcmp(arg, "-m") == 0 || strcmp(arg, "--command") == 0)
			d->command = true;
		else if (strcmp(arg, "--update") == 0 || strcmp(arg, "-u") == 0)
			d->kind = DECODE_UPDATE;
		else if (strcmp(arg, "--open") == 0 || strcmp(arg, "-o") == 0)
			d->kind = DECODE_OPEN;
		else if (strcmp(arg, "--nlri") == 0 || strcmp(arg, "-n") == 0)
			d->kind = DECODE_NLRI;
		else if (strcmp(arg, "--compact") == 0)
			d->style = JSON_STYLE_COMPACT;
		else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			decode_usage(stdout);
			session_flags_fini(&d->session);
			free(d);
			return 0;
		} else {
			fprintf(stderr, "attobgp decode: unknown option '%s'\n", arg);
			decode_usage(stderr);
			session_flags_fini(&d->session);
			free(d);
			return 2;
		}
	}

	if (gethostname(d->host, sizeof(d->host) - 1) < 0)
		strcpy(d->host, "localhost");
	d->pool = open_context_pool_new();
	update_collection_init(&d->c);

	if (first < argc) {
		struct buf joined = BUF_INIT;
		for (int i = first; i < argc; i++)
			buf_puts(&joined, argv[i]);
		if (decode_input(d, (const char *)joined.data, joined.len) < 0)
			rc = 1;
		buf_free(&joined);
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		while ((n = getline(&line, &cap, stdin)) > 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			const char *s = line;
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s == '\0' || *s == '#')
				continue;
			if (decode_input(d, s, strlen(s)) < 0)
				rc = 1;
		}
		free(line);
	}

	fflush(stdout);
	update_collection_fini(&d->c);
	open_context_pool_free(d->pool);
	buf_free(&d->hex);
	buf_free(&d->msg);
	buf_free(&d->out);
	session_flags_fini(&d->session);
	free(d);
	return rc;
}
