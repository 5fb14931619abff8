/* session_flags.c — see session_flags.h. */
#include "app/session_flags.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/update_collection.h"
#include "wire/ip.h"

void session_flags_init(struct session_flags *f)
{
	memset(f, 0, sizeof(*f));
	f->local_as = 65533;
	f->peer_as = 65533;
	f->asn4 = true;
	f->msg_size = BGP_EXT_MSG_SIZE; /* ExaBGP negotiates extended messages by default */
	f->router_id = "127.0.0.1";
	f->local_address = "127.0.0.1";
	f->peer_address = "127.0.0.1";
	f->shape = JSON_SHAPE_V6;
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
	char word[2][32];
	const char *p = text;
	int n = 0;

	*bits = 0;
	if (strcmp(text, "all") == 0) {
		for (int i = 0; i < FAMILY_COUNT; i++)
			*bits |= (uint64_t)1 << i;
		return 0;
	}
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',' || *p == ';')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " \t,;");
		if (len >= sizeof(word[0]))
			return -1;
		memcpy(word[n], p, len);
		word[n][len] = '\0';
		p += len;
		if (++n == 2) {
			uint16_t afi;
			uint8_t safi;
			if (afi_parse(word[0], strlen(word[0]), &afi) < 0 ||
			    safi_parse(word[1], strlen(word[1]), &safi) < 0 || family_index(afi, safi) < 0)
				return -1;
			*bits |= family_bit(afi, safi);
			n = 0;
		}
	}
	return n == 0 && *bits ? 0 : -1;
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
	if (!f->addpath)
		return 0;
	return f->families ? f->families : ~(uint64_t)0;
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
