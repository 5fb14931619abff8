/* env.c — see env.h. */
#include "api/env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/selector.h"

/* "exabgp.api.ack" under either spelling */
static const char *get(api_env_lookup_fn lookup, const char *name)
{
	char alt[96];
	const char *v = lookup(name);
	if (v)
		return v;
	snprintf(alt, sizeof(alt), "%s", name);
	for (char *p = alt; *p; p++)
		if (*p == '.')
			*p = '_';
	return lookup(alt);
}

static int read_bool(api_env_lookup_fn lookup, const char *name, bool *out, char *err, size_t errlen)
{
	static const char *const yes[] = {"1", "yes", "on", "enable", "true"};
	static const char *const no[] = {"0", "no", "off", "disable", "false"};
	const char *v = get(lookup, name);
	if (v == NULL)
		return 0;
	for (size_t i = 0; i < 5; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	snprintf(err, errlen, "%s: '%.40s' is not a boolean (true/false)", name, v);
	return -1;
}

static int read_size(api_env_lookup_fn lookup, const char *name, size_t min, size_t *out, char *err, size_t errlen)
{
	unsigned long long n;
	const char *v = get(lookup, name);
	if (v == NULL)
		return 0;
	if (api_parse_uint(v, strlen(v), (unsigned long long)1 << 40, &n) < 0 || n < min) {
		snprintf(err, errlen, "%s: '%.40s' is not a size of at least %zu octets", name, v, min);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

int api_env_read(struct api_env *e, api_env_lookup_fn lookup, char *err, size_t errlen)
{
	const char *v;

	memset(e, 0, sizeof(*e));
	e->ack = e->respawn = e->cli = true;
	snprintf(e->socketname, sizeof(e->socketname), "attobgp");
	if (read_bool(lookup, "exabgp.api.ack", &e->ack, err, errlen) < 0 ||
	    read_bool(lookup, "exabgp.api.respawn", &e->respawn, err, errlen) < 0 ||
	    read_bool(lookup, "exabgp.api.terminate", &e->terminate, err, errlen) < 0 ||
	    read_bool(lookup, "exabgp.api.cli", &e->cli, err, errlen) < 0 ||
	    read_size(lookup, "attobgp.api.queue", 4096, &e->queue_max, err, errlen) < 0 ||
	    read_size(lookup, "attobgp.api.line", 256, &e->line_max, err, errlen) < 0)
		return -1;
	if ((v = get(lookup, "exabgp.api.socketname")) != NULL) {
		if (v[0] == '\0' || strlen(v) >= sizeof(e->socketname) || strchr(v, '/')) {
			snprintf(err, errlen, "exabgp.api.socketname: '%.40s' is not a name (no '/', under 64 characters)", v);
			return -1;
		}
		snprintf(e->socketname, sizeof(e->socketname), "%s", v);
		e->socket_chosen = true;
	}
	if ((v = get(lookup, "exabgp.api.socketpath")) != NULL && v[0]) {
		if (strlen(v) >= sizeof(e->socketpath)) {
			snprintf(err, errlen, "exabgp.api.socketpath: longer than %zu octets", sizeof(e->socketpath) - 1);
			return -1;
		}
		snprintf(e->socketpath, sizeof(e->socketpath), "%s", v);
		e->socket_chosen = true;
	}
	return 0;
}

void api_env_apply(const struct api_env *e, struct api_config *cfg)
{
	cfg->ack = e->ack;
	cfg->respawn = e->respawn;
	cfg->terminate = e->terminate;
	if (e->queue_max)
		cfg->queue_max = e->queue_max;
	if (e->line_max)
		cfg->line_max = e->line_max;
}

int api_socket_path(const struct api_env *e, bool server, char *out, size_t size)
{
	char dirs[8][API_SOCKET_PATH_MAX];
	size_t n = 0;
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	unsigned uid = (unsigned)getuid();
	struct stat st;

	if (e->socketpath[0]) {
		snprintf(out, size, "%s", e->socketpath);
		return 0;
	}
	snprintf(dirs[n++], API_SOCKET_PATH_MAX, "/run/attobgp");
	snprintf(dirs[n++], API_SOCKET_PATH_MAX, "/run/%u", uid);
	if (xdg && xdg[0] == '/' && strlen(xdg) < API_SOCKET_PATH_MAX - 1)
		snprintf(dirs[n++], API_SOCKET_PATH_MAX, "%s", xdg);
	snprintf(dirs[n++], API_SOCKET_PATH_MAX, "/run");
	snprintf(dirs[n++], API_SOCKET_PATH_MAX, "/var/run/attobgp");
	snprintf(dirs[n++], API_SOCKET_PATH_MAX, "/var/run/%u", uid);
	snprintf(dirs[n++], API_SOCKET_PATH_MAX, "/var/run");
	int found = -1;
	for (size_t i = 0; i < n && found < 0; i++) {
		char path[API_SOCKET_PATH_MAX + 80];
		snprintf(path, sizeof(path), "%.107s/%.63s.sock", dirs[i], e->socketname);
		if (strlen(path) >= API_SOCKET_PATH_MAX)
			continue;
		if (server ? (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode) && access(dirs[i], W_OK | X_OK) == 0)
			   : (stat(path, &st) == 0 && S_ISSOCK(st.st_mode)))
			found = (int)i;
	}
	if (found < 0 && !server)
		return api_socket_path(e, true, out, size); /* none running: where one would be */
	if (found < 0) {
		snprintf(out, size, "%.107s/%.63s.sock", dirs[n - 1], e->socketname);
		return -1;
	}
	snprintf(out, size, "%.107s/%.63s.sock", dirs[found], e->socketname);
	return 0;
}
