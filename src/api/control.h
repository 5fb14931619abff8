/* control.h — the client side of the control socket: what `attobgp cli`, the tests and the
 * benchmark use to talk to a server.
 *
 * Owns: one connection, blocking with timeouts (a client tool waits for its answer; it
 * has no loop to keep alive), and the protocol: a command is one line; its answer is one
 * JSON line (socket.c / answer.c), none for a change made with acks off.
 * Must not know: commands.
 */
#ifndef API_CONTROL_H
#define API_CONTROL_H

#include <stddef.h>

#include "api/backend.h"
#include "api/linebuf.h"

struct api_ctl {
	int fd;
	struct api_linebuf in;
};

/* Connect to the socket at path. 0, or -1 with err ("no server on PATH: ..."). */
int api_ctl_connect(struct api_ctl *c, const char *path, struct api_error *err);
/* Send len octets of line, then '\n' (line must not hold one). 0, or -1 (errno). */
int api_ctl_send(struct api_ctl *c, const char *line, size_t len);
/* Send several bytes as they are (a batch of lines, each ending in '\n'). */
int api_ctl_write(struct api_ctl *c, const void *data, size_t len);
/* The next answer line: 1 with *line / *len (valid until the next call), 0 when the
 * server closed the connection, -1 on an error or after timeout_ms (-1: no timeout). */
int api_ctl_read(struct api_ctl *c, int timeout_ms, const char **line, size_t *len);
void api_ctl_close(struct api_ctl *c);

#endif
