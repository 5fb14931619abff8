/* encode.c — `attobgp encode`: route text or API commands to UPDATE messages in hex.
 *
 *   attobgp encode [-c CONFIG] [-f "AFI SAFI"] [-a LOCAL_AS] [-z PEER_AS] [-i] [-n] [--no-header] ROUTE...
 *
 * Each ROUTE argument (or each stdin line when there is none) is one command; all the
 * routes of one command are packed together (one UPDATE unless they need more), one
 * message in upper-case hex per line, as `exabgp encode` prints them.
 * The session (ASes, families, ADD-PATH, ...) is a configuration's neighbour, built by
 * session_flags.c through the config layer's API; this file itself uses core, wire and
 * model only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/session_flags.h"
#include "core/buf.h"
#include "core/hex.h"
#include "model/update_collection.h"
#include "wire/message.h"

struct encode_options {
	struct session_flags session;
	bool nlri_only;
	bool no_header;
};

static void encode_usage(FILE *out)
{
	fputs("usage: attobgp encode [options] [ROUTE...]\n"
	      "  ROUTE: route text (\"route 10.0.0.0/24 next-hop 192.0.2.1\") or an API command\n"
	      "         (\"announce route ...\", \"withdraw route ...\", \"announce attributes ... nlri ...\",\n"
	      "         \"announce eor ipv4 unicast\", \"group announce ...; announce ...\");\n"
	      "         read from stdin, one per line, when none is given\n"
	      "  -n, --nlri-only     print only the NLRI of each route\n"
	      "  --no-header         leave out the 19-octet BGP header\n",
	      out);
	session_flags_usage();
}

static void print_message(const struct encode_options *o, const uint8_t *msg, size_t len, struct buf *line)
{
	buf_reset(line);
	if (o->no_header)
		hex_put(line, msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, true);
	else
		hex_put(line, msg, len, true);
	buf_putc(line, '\n');
	fwrite(line->data, 1, line->len, stdout);
}

/* ExaBGP API commands may name their neighbours first ("neighbor 10.0.0.1 announce ...",
 * "neighbor * withdraw ...", "peer * announce ...") and end with a dispatcher word; the
 * route text starts at the verb. */
static const char *skip_selector(const char *text)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "neighbor ", 9) != 0 && strncmp(p, "peer ", 5) != 0)
		return p;
	static const char *const verbs[] = {"announce ", "withdraw ", "group "};
	const char *best = NULL;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		const char *v = strstr(p, verbs[i]);
		if (v && (v == p || v[-1] == ' ') && (best == NULL || v < best))
			best = v;
	}
	return best ? best : p;
}

/* Encode one command; 0 on success, -1 on error (reported). */
static int encode_one(const struct encode_options *o, struct open_context_pool *pool, const char *text,
		      struct update_collection *c, struct buf *out, struct buf *line)
{
	char why[640];
	struct wire_error err;

	update_collection_reset(c);
	text = skip_selector(text);
	if (session_flags_parse_route(&o->session, text, strlen(text), c, why, sizeof(why)) < 0) {
		fprintf(stderr, "attobgp encode: %s\n  in: %s\n", why, text);
		return -1;
	}

	buf_reset(out);
	if (c->eor) {
		if (!o->nlri_only) {
			update_pack_eor(c->eor_afi, c->eor_safi, out);
			print_message(o, out->data, out->len, line);
		}
		return 0;
	}

	/* "attributes ..." with no NLRI: one UPDATE of attributes, packed as IPv4 unicast */
	if (c->count == 0 && c->attrs) {
		const struct open_context *ctx = session_flags_context(&o->session, pool, AFI_IPV4, SAFI_UNICAST);
		struct pack_options popts = {NULL, NULL, NULL, true};
		wire_error_clear(&err);
		if (!o->nlri_only && update_collection_pack(c, ctx, &popts, out, NULL, &err) == 0)
			print_message(o, out->data, out->len, line);
		return 0;
	}

	/* Families in the order the command names them */
	for (size_t i = 0; i < c->count; i++) {
		uint16_t afi = c->routes[i].nlri.afi;
		uint8_t safi = c->routes[i].nlri.safi;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = c->routes[k].nlri.afi == afi && c->routes[k].nlri.safi == safi;
		if (seen)
			continue;
		if (o->session.families && !(o->session.families & family_bit(afi, safi))) {
			char fam[FAMILY_NAME_MAX];
			fprintf(stderr, "attobgp encode: family %s is not among the families given with -f\n  in: %s\n",
				family_format(afi, safi, fam), text);
			return -1;
		}
		const struct open_context *ctx = session_flags_context(&o->session, pool, afi, safi);
		if (o->nlri_only) {
			for (size_t k = i; k < c->count; k++) {
				if (c->routes[k].nlri.afi != afi || c->routes[k].nlri.safi != safi)
					continue;
				buf_reset(line);
				buf_reset(out);
				nlri_put(out, &c->routes[k].nlri, ctx->addpath);
				hex_put(line, out->data, out->len, true);
				buf_putc(line, '\n');
				fwrite(line->data, 1, line->len, stdout);
			}
			continue;
		}
		struct pack_options popts;
		uint8_t self4[4], self6[16], link_local[16];
		if (session_flags_pack_options(&o->session, &popts, self4, self6, link_local) < 0) {
			fprintf(stderr, "attobgp encode: --local-address or --link-local is not an address\n");
			return -1;
		}
		wire_error_clear(&err);
		buf_reset(out);
		if (update_collection_pack(c, ctx, &popts, out, NULL, &err) < 0) {
			fprintf(stderr, "attobgp encode: %s\n  in: %s\n", err.why, text);
			return -1;
		}
		for (size_t off = 0; off + BGP_HEADER_LEN <= out->len;) {
			size_t len = be16_load(out->data + off + 16);
			print_message(o, out->data + off, len, line);
			off += len;
		}
	}
	return 0;
}

static bool blank_or_comment(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return *s == '\0' || *s == '#';
}

int app_encode_main(int argc, char **argv)
{
	struct encode_options o;
	int first_route = argc, rc = 0;

	memset(&o, 0, sizeof(o));
	if (session_flags_init(&o.session) < 0)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			first_route = i + 1;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			first_route = i;
			break;
		}
		int used = session_flags_parse(&o.session, argc, argv, &i, "encode");
		if (used < 0) {
			session_flags_fini(&o.session);
			return 2;
		}
		if (used)
			continue;
		if (strcmp(arg, "-n") == 0 || strcmp(arg, "--nlri-only") == 0)
			o.nlri_only = true;
		else if (strcmp(arg, "--no-header") == 0)
			o.no_header = true;
		else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			encode_usage(stdout);
			session_flags_fini(&o.session);
			return 0;
		} else {
			fprintf(stderr, "attobgp encode: unknown option '%s'\n", arg);
			encode_usage(stderr);
			session_flags_fini(&o.session);
			return 2;
		}
	}

	struct open_context_pool *pool = open_context_pool_new();
	struct update_collection c;
	struct buf out = BUF_INIT, line = BUF_INIT;
	update_collection_init(&c);

	if (first_route < argc) {
		for (int i = first_route; i < argc; i++)
			if (!blank_or_comment(argv[i]) && encode_one(&o, pool, argv[i], &c, &out, &line) < 0)
				rc = 1;
	} else {
		char *text = NULL;
		size_t cap = 0;
		ssize_t n;
		while ((n = getline(&text, &cap, stdin)) > 0) {
			while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
				text[--n] = '\0';
			if (!blank_or_comment(text) && encode_one(&o, pool, text, &c, &out, &line) < 0)
				rc = 1;
		}
		free(text);
	}

	fflush(stdout);
	update_collection_fini(&c);
	buf_free(&out);
	buf_free(&line);
	open_context_pool_free(pool);
	session_flags_fini(&o.session);
	return rc;
}
