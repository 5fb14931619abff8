/* control.c — see control.h. */
#include "api/control.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Answers can be long (`routes list` of a million routes): no limit on the client side
 * but memory. */
#define CTL_LINE_MAX ((size_t)1 << 34)

int api_ctl_connect(struct api_ctl *c, const char *path, struct api_error *err)
{
	struct sockaddr_un sa;

	c->fd = -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err->why, sizeof(err->why), "%s: the path is too long for a Unix socket", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err->why, sizeof(err->why), "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(err->why, sizeof(err->why), "no server on %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	c->fd = fd;
	api_linebuf_init(&c->in, CTL_LINE_MAX);
	return 0;
}

int api_ctl_write(struct api_ctl *c, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int api_ctl_send(struct api_ctl *c, const char *line, size_t len)
{
	if (api_ctl_write(c, line, len) < 0)
		return -1;
	return api_ctl_write(c, "\n", 1);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int api_ctl_read(struct api_ctl *c, int timeout_ms, const char **line, size_t *len)
{
	long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	for (;;) {
		int rc = api_linebuf_next(&c->in, line, len);
		if (rc == API_LINE_OK)
			return 1;
		int wait = -1;
		if (deadline >= 0) {
			long left = deadline - now_ms();
			if (left <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			wait = left > 1000000 ? 1000000 : (int)left;
		}
		struct pollfd pfd = {c->fd, POLLIN, 0};
		int p = poll(&pfd, 1, wait);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			return -1;
		if (p == 0)
			continue;
		ssize_t n = api_linebuf_read(&c->in, c->fd);
		if (n == 0)
			return 0;
		if (n < 0 && errno != EAGAIN)
			return -1;
	}
}

void api_ctl_close(struct api_ctl *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		api_linebuf_fini(&c->in);
	}
	c->fd = -1;
}
