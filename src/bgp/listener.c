/* listener.c — see listener.h. */
#include "bgp/listener.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/tcp.h"
#include "core/xalloc.h"

#define ACCEPT_PER_TURN 32

struct bgp_listener {
	struct event_loop *loop;
	struct event_io io;
	struct bgp_address addr;
	uint16_t port;
	bgp_accept_fn fn;
	void *arg;
};

static void listener_readable(struct event_loop *loop, struct event_io *io, uint32_t ready)
{
	struct bgp_listener *l = io->arg;
	(void)loop;
	(void)ready;
	for (int i = 0; i < ACCEPT_PER_TURN; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd = accept4(io->fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			return; /* EAGAIN, or a connection reset before we took it */
		struct bgp_address peer, local;
		if (bgp_tcp_address(&ss, &peer, NULL) < 0 || bgp_tcp_local(fd, &local, NULL) < 0) {
			close(fd);
			continue;
		}
		l->fn(l->arg, fd, &peer, &local);
	}
}

struct bgp_listener *bgp_listener_new(struct event_loop *loop, const struct bgp_address *a, uint16_t port,
				      bgp_accept_fn fn, void *arg, char *err, size_t errlen)
{
	int fd = bgp_tcp_listen(a, port, err, errlen);
	if (fd < 0)
		return NULL;
	struct bgp_listener *l = xcalloc(1, sizeof(*l));
	l->loop = loop;
	l->addr = *a;
	l->fn = fn;
	l->arg = arg;
	if (bgp_tcp_local(fd, &l->addr, &l->port) < 0)
		l->port = port;
	event_io_init(&l->io, fd, listener_readable, l);
	if (event_io_watch(loop, &l->io, EVENT_READ) < 0) {
		close(fd);
		free(l);
		return NULL;
	}
	return l;
}

void bgp_listener_free(struct bgp_listener *l)
{
	if (l == NULL)
		return;
	event_io_watch(l->loop, &l->io, 0);
	close(l->io.fd);
	free(l);
}

int bgp_listener_fd(const struct bgp_listener *l) { return l->io.fd; }
const struct bgp_address *bgp_listener_address(const struct bgp_listener *l) { return &l->addr; }
uint16_t bgp_listener_port(const struct bgp_listener *l) { return l->port; }
