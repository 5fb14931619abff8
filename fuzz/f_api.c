/* f_api.c — fuzz the API's dispatcher: arbitrary lines, as a helper process or the control
 * socket would send them, against the fake backend (tests/unit/api_fake.h) over a real
 * route store. Untrusted lines must never crash, never read out of bounds, and every
 * answer on the socket channel must be one well-formed JSON line; on the helper channel
 * every command ends with `done` or `error` (acks on). Saves complete on the next turn. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/unit/api_fake.h"
#include "../tests/unit/jsoncmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_socket_output(struct api_client *c)
{
	size_t len;
	const char *out = api_client_output(c, &len);
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (out[i] != '\n')
			continue;
		char *line = strndup(out + start, i - start);
		if (!jsoncmp_valid(line))
			abort(); /* every socket answer is one JSON value */
		free(line);
		start = i + 1;
	}
	if (start != len)
		abort(); /* answers are whole lines */
	api_client_consume(c, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake_harness h;

	if (size > 8192)
		return 0;
	harness_init(&h, NULL);
	h.fb.persistent = size % 2 == 0;
	struct fake_peer *p = fake_peer_add(&h.fb, "10.0.0.1", 65000, 65001);
	p->established = true;
	p->processes[p->nprocesses++] = "helper";
	fake_peer_add(&h.fb, "2001:db8::1", 65000, 65002);
	struct api_client *sock = api_client_open(h.api, API_CHANNEL_SOCKET, NULL);
	struct api_client *proc = api_client_open(h.api, API_CHANNEL_PROCESS, "helper");

	const char *text = (const char *)data;
	size_t start = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i < size && text[i] != '\n')
			continue;
		/* each line to both channels, the line's bytes copied so a read past it is caught */
		size_t n = i - start;
		char *line = malloc(n ? n : 1);
		memcpy(line, text + start, n);
		api_client_command(sock, line, n);
		api_client_command(proc, line, n);
		free(line);
		for (int t = 0; t < 4; t++)
			event_loop_turn(h.loop, 0);
		check_socket_output(sock);
		size_t len;
		api_client_output(proc, &len);
		api_client_consume(proc, len);
		start = i + 1;
	}
	for (int t = 0; t < 16 && !(api_client_idle(sock) && api_client_idle(proc)); t++)
		event_loop_turn(h.loop, 0);
	check_socket_output(sock);
	api_client_close(sock);
	api_client_close(proc);
	harness_fini(&h);
	return 0;
}
