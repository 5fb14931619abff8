/* env.c — see env.h. */
#include "bgp/env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *bgp_env_get(bgp_env_lookup_fn lookup, const char *knob)
{
	char name[96];
	snprintf(name, sizeof(name), "exabgp.%s", knob);
	const char *v = lookup(name);
	if (v)
		return v;
	for (char *p = name; *p; p++)
		if (*p == '.')
			*p = '_';
	return lookup(name);
}

static int parse_uint(const char *v, unsigned long max, unsigned long *out)
{
	char *end;
	while (*v == ' ')
		v++;
	if (*v < '0' || *v > '9')
		return -1;
	unsigned long n = strtoul(v, &end, 10);
	while (*end == ' ')
		end++;
	if (*end != '\0' || n > max)
		return -1;
	*out = n;
	return 0;
}

/* ExaBGP's boolean: 1, yes, on, enable, true (any case); anything else is false. */
static bool parse_bool(const char *v)
{
	static const char *const yes[] = {"1", "yes", "on", "enable", "true"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(v, yes[i]) == 0)
			return true;
	return false;
}

static int parse_bind(struct bgp_env *e, const char *v, char *err, size_t errlen)
{
	e->bind_set = true;
	e->nbind = 0;
	while (*v) {
		while (*v == ' ' || *v == ',' || *v == '\t')
			v++;
		if (*v == '\0')
			break;
		size_t n = strcspn(v, " ,\t");
		char word[64];
		if (n >= sizeof(word) || e->nbind == BGP_ENV_BIND_MAX) {
			snprintf(err, errlen, "exabgp.tcp.bind: too many or too long addresses");
			return -1;
		}
		memcpy(word, v, n);
		word[n] = '\0';
		if (bgp_address_parse(&e->bind[e->nbind], word) < 0) {
			snprintf(err, errlen, "exabgp.tcp.bind: '%s' is not an IP address", word);
			return -1;
		}
		e->nbind++;
		v += n;
	}
	return 0;
}

int bgp_env_read(struct bgp_env *e, bgp_env_lookup_fn lookup, char *err, size_t errlen)
{
	const char *v;
	unsigned long n;

	memset(e, 0, sizeof(*e));
	e->port = 179;
	if ((v = bgp_env_get(lookup, "tcp.port")) != NULL) {
		if (parse_uint(v, 65535, &n) < 0 || n == 0) {
			snprintf(err, errlen, "exabgp.tcp.port: '%s' is not a port number", v);
			return -1;
		}
		e->port = (uint16_t)n;
		e->port_set = true;
	}
	if ((v = bgp_env_get(lookup, "tcp.bind")) != NULL && parse_bind(e, v, err, errlen) < 0)
		return -1;
	if ((v = bgp_env_get(lookup, "tcp.connections")) != NULL) {
		if (parse_uint(v, 1000000, &n) < 0) {
			snprintf(err, errlen, "exabgp.tcp.connections: '%s' is not a number", v);
			return -1;
		}
		e->connections = (unsigned)n;
	}
	if ((v = bgp_env_get(lookup, "tcp.attempts")) != NULL) {
		if (parse_uint(v, 1000000, &n) < 0) {
			snprintf(err, errlen, "exabgp.tcp.attempts: '%s' is not a number", v);
			return -1;
		}
		e->attempts = (unsigned)n;
	}
	if ((v = bgp_env_get(lookup, "tcp.once")) != NULL)
		e->once = parse_bool(v);
	return 0;
}
