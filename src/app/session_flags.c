/* session_flags.c — see session_flags.h. */
#include "app/session_flags.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/setup.h"
#include "model/update_collection.h"

enum { TEXT_ROUTER_ID, TEXT_LOCAL, TEXT_PEER, TEXT_LINK_LOCAL };

/* Take the session a neighbour describes. */
static void from_neighbor(struct session_flags *f, const struct settings_neighbor *n)
{
	const struct settings_session *s = &n->session;

	f->local_as = s->local_as_auto ? s->peer_as : s->local_as;
	f->peer_as = s->peer_as_auto ? s->local_as : s->peer_as;
	f->asn4 = n->capability.asn4 != CAPA_DISABLE;
	f->msg_size = n->capability.extended_message != CAPA_DISABLE ? BGP_EXT_MSG_SIZE : BGP_MSG_SIZE;
	f->families = family_set_wire_bits(n->families);
	f->addpath = false;
	f->addpath_families = family_set_wire_bits(n->addpath);
	f->peer_address = ip_format(s->peer_address.afi, s->peer_address.addr, f->text[TEXT_PEER]);
	if (s->local_address.afi)
		f->local_address = ip_format(s->local_address.afi, s->local_address.addr, f->text[TEXT_LOCAL]);
	if (s->has_router_id)
		f->router_id = ip_format(AFI_IPV4, s->router_id, f->text[TEXT_ROUTER_ID]);
	f->link_local = NULL;
	if (n->capability.link_local_nexthop != CAPA_DISABLE && (n->given & SETTINGS_BIT(SF_LOCAL_LINK_LOCAL)))
		f->link_local = ip_format(AFI_IPV6, s->local_link_local, f->text[TEXT_LINK_LOCAL]);
}

int session_flags_init(struct session_flags *f)
{
	struct config_error err;

	memset(f, 0, sizeof(*f));
	f->shape = JSON_SHAPE_V6;
	/* ExaBGP's encode/decode neighbour (configuration/setup.py), every family in use */
	f->config = config_create_minimal("127.0.0.1", "127.0.0.1", 65533, 65533, "all", false, &err);
	if (f->config == NULL || f->config->nneighbors != 1) {
		fprintf(stderr, "attobgp: %s\n", err.message);
		return -1;
	}
	from_neighbor(f, &f->config->neighbors[0]->settings);
	/* "any family" rather than the list: the tools accept a family -f did not restrict */
	f->families = 0;
	return 0;
}

void session_flags_fini(struct session_flags *f)
{
	config_free(f->config);
	f->config = NULL;
}

static int parse_u32(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v > UINT32_MAX || s[0] == '-')
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int session_flags_families(const char *text, uint64_t *bits)
{
	struct family_set set;
	*bits = 0;
	if (family_parse(text, &set, NULL, 0) < 0)
		return -1;
	*bits = family_set_wire_bits(set);
	return *bits ? 0 : -1;
}

/* -c CONFIG: the session of the file's first neighbour */
static int load_config(struct session_flags *f, const char *path, const char *tool)
{
	struct config_error err;
	struct config *c = config_parse_file(path, &err);
	if (c == NULL) {
		fprintf(stderr, "attobgp %s: %s\n", tool, err.message);
		return -1;
	}
	config_free(f->config);
	f->config = c;
	if (c->nneighbors)
		from_neighbor(f, &c->neighbors[0]->settings);
	return 0;
}

int session_flags_parse_route(const struct session_flags *f, const char *text, size_t len, struct update_collection *c,
			      char *why, size_t why_len)
{
	struct config_error err;
	if (config_parse_route_text(f->config, text, len, c, &err) < 0) {
		const char *msg = err.message;
		if (strncmp(msg, "route text: ", 12) == 0)
			msg += 12;
		snprintf(why, why_len, "%s", msg);
		return -1;
	}
	return 0;
}

int session_flags_parse(struct session_flags *f, int argc, char **argv, int *i, const char *tool)
{
	const char *arg = argv[*i];
	const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;

#define NEED_VALUE()                                                                               \
	do {                                                                                       \
		if (value == NULL) {                                                               \
			fprintf(stderr, "attobgp %s: %s needs a value\n", tool, arg);              \
			return -1;                                                                 \
		}                                                                                  \
		(*i)++;                                                                            \
	} while (0)

	if (strcmp(arg, "-c") == 0 || strcmp(arg, "--config") == 0) {
		NEED_VALUE();
		return load_config(f, value, tool) < 0 ? -1 : 1;
	}
	if (strcmp(arg, "-a") == 0 || strcmp(arg, "--local-as") == 0) {
		NEED_VALUE();
		if (parse_u32(value, &f->local_as) < 0)
			goto bad;
		return 1;
	}
	if (strcmp(arg, "-z") == 0 || strcmp(arg, "--peer-as") == 0) {
		NEED_VALUE();
		if (parse_u32(value, &f->peer_as) < 0)
			goto bad;
		return 1;
	}
	if (strcmp(arg, "-f") == 0 || strcmp(arg, "--family") == 0) {
		NEED_VALUE();
		if (session_flags_families(value, &f->families) < 0)
			goto bad;
		return 1;
	}
	if (strcmp(arg, "-i") == 0 || strcmp(arg, "--path-information") == 0) {
		f->addpath = true;
		return 1;
	}
	if (strcmp(arg, "--no-asn4") == 0) {
		f->asn4 = false;
		return 1;
	}
	if (strcmp(arg, "--msg-size") == 0) {
		uint32_t size;
		NEED_VALUE();
		if (parse_u32(value, &size) < 0 || size < 4096 || size > 65535)
			goto bad;
		f->msg_size = size;
		return 1;
	}
	if (strcmp(arg, "--router-id") == 0) {
		NEED_VALUE();
		f->router_id = value;
		return 1;
	}
	if (strcmp(arg, "--local-address") == 0) {
		NEED_VALUE();
		f->local_address = value;
		return 1;
	}
	if (strcmp(arg, "--peer-address") == 0) {
		NEED_VALUE();
		f->peer_address = value;
		return 1;
	}
	if (strcmp(arg, "--link-local") == 0) {
		NEED_VALUE();
		f->link_local = value;
		return 1;
	}
	if (strcmp(arg, "--json-v4") == 0) {
		f->shape = JSON_SHAPE_V4;
		return 1;
	}
	return 0;
bad:
	fprintf(stderr, "attobgp %s: invalid value for %s: '%s'\n", tool, arg, value);
	return -1;
#undef NEED_VALUE
}

uint64_t session_flags_addpath_mask(const struct session_flags *f)
{
	uint64_t mask = f->addpath_families;
	if (f->addpath)
		mask |= f->families ? f->families : ~(uint64_t)0;
	return mask;
}

const struct open_context *session_flags_context(const struct session_flags *f,
						 struct open_context_pool *pool, uint16_t afi,
						 uint8_t safi)
{
	bool addpath = (session_flags_addpath_mask(f) & family_bit(afi, safi)) != 0;
	return open_context_get(pool, afi, safi, addpath, f->asn4, f->msg_size, f->local_as, f->peer_as);
}

int session_flags_pack_options(const struct session_flags *f, struct pack_options *opts, uint8_t self4[4],
			       uint8_t self6[16], uint8_t link_local[16])
{
	uint8_t addr[16];
	uint16_t afi;

	memset(opts, 0, sizeof(*opts));
	opts->group = true;
	/* next-hop self is the session's local address (ExaBGP) */
	if (ip_parse(f->local_address, strlen(f->local_address), &afi, addr) < 0)
		return -1;
	if (afi == AFI_IPV4) {
		memcpy(self4, addr, 4);
		opts->self4 = self4;
	} else {
		memcpy(self6, addr, 16);
		opts->self6 = self6;
	}
	if (f->link_local) {
		if (ip_parse(f->link_local, strlen(f->link_local), &afi, link_local) < 0 || afi != AFI_IPV6)
			return -1;
		opts->link_local = link_local;
	}
	return 0;
}

void session_flags_usage(void)
{
	fputs("session flags (stand in for a neighbour's negotiated capabilities):\n"
	      "  -c, --config FILE       the first neighbour of an ExaBGP configuration: its ASes,\n"
	      "                          router-id, addresses, families, ADD-PATH, ASN4, extended\n"
	      "                          message and link-local next hop (later flags override)\n"
	      "  -a, --local-as N        local AS (default 65533)\n"
	      "  -z, --peer-as N         peer AS (default 65533); equal ASes mean iBGP\n"
	      "  -f, --family \"AFI SAFI ...\"  families in use (default: any)\n"
	      "  -i, --path-information  ADD-PATH on the families in use\n"
	      "  --no-asn4               2-octet AS numbers (RFC 6793 not negotiated)\n"
	      "  --msg-size N            message size (default 65535: extended messages)\n"
	      "  --local-address IP      our address: next-hop self, and the JSON neighbour (127.0.0.1)\n"
	      "  --link-local IP         our IPv6 link-local address, sent beside global next hops\n"
	      "  --router-id IP, --peer-address IP   (JSON neighbour fields)\n"
	      "  --json-v4               ExaBGP 4.x JSON shape\n",
	      stderr);
}
