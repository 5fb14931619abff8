/* t_bgp_io.c — the write queue (lanes, message boundaries, water marks, bound) and the
 * reader (framing, header errors), over a socketpair. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/chunk.h"
#include "bgp/reader.h"
#include "bgp/wqueue.h"
#include "core/buf.h"
#include "wire/keepalive.h"
#include "wire/message.h"
#include "tap.h"

/* n UPDATE-typed messages of size bytes each, body filled with tag */
static void fake_updates(struct buf *b, int n, size_t size, uint8_t tag)
{
	for (int i = 0; i < n; i++) {
		size_t start = message_begin(b, BGP_MSG_UPDATE);
		size_t body = size - BGP_HEADER_LEN;
		/* withdrawn length 0, attributes length covering the rest: well framed */
		buf_put_u16(b, 0);
		buf_put_u16(b, (uint16_t)(body - 4));
		for (size_t k = 4; k < body; k++)
			buf_put_u8(b, tag);
		message_finish(b, start);
	}
}

static void nonblocking(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* read everything available from fd and frame it; returns the message types in order */
static int drain(int fd, struct bgp_reader *r, char *types, size_t max, int *errors)
{
	int n = 0;
	for (int round = 0; round < 10000; round++) {
		long got = bgp_reader_fill(r, fd);
		const uint8_t *msg;
		size_t len;
		uint8_t type;
		struct wire_error err;
		int rc;
		while ((rc = bgp_reader_next(r, &msg, &len, &type, &err)) == 1)
			if ((size_t)n + 1 < max)
				types[n++] = type == BGP_MSG_KEEPALIVE ? 'K' : type == BGP_MSG_UPDATE ? 'U' : '?';
		if (rc < 0) {
			(*errors)++;
			break;
		}
		if (got <= 0)
			break;
	}
	types[n] = '\0';
	return n;
}

static void test_lanes(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
		ok(0, "socketpair");
		return;
	}
	int small = 4096;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	nonblocking(sv[0]);
	nonblocking(sv[1]);

	struct bgp_wqueue q;
	bgp_wqueue_init(&q, 64 * 1024, 16 * 1024, 256 * 1024);
	struct buf b = BUF_INIT;
	fake_updates(&b, 50, 1000, 0xaa); /* 50 KB: far more than the socket holds */
	ok(bgp_messages_whole(b.data, b.len, 4096), "fake updates are whole messages");
	struct bgp_chunk *c = bgp_chunk_adopt(&b);
	ok(bgp_wqueue_push(&q, c) == 0, "chunk queued");
	is_int(c->refs, 2, "the queue holds its own reference");
	bgp_chunk_unref(c);
	ok(bgp_wqueue_writable(&q), "below the high mark");

	long first = bgp_wqueue_flush(&q, sv[0]);
	ok(first > 0 && !bgp_wqueue_empty(&q), "a partial write (%ld bytes) leaves the rest queued", first);
	ok(first % 1000 != 0, "and stopped in the middle of a message");

	/* a KEEPALIVE now must overtake the queued UPDATEs at the next boundary */
	struct buf ka = BUF_INIT;
	keepalive_pack(&ka);
	bgp_wqueue_urgent(&q, ka.data, ka.len);
	ok(bgp_wqueue_urgent_pending(&q), "urgent pending");

	struct bgp_reader r;
	bgp_reader_init(&r, 4096);
	char types[256], all[256] = "";
	int errors = 0;
	for (int round = 0; round < 1000 && !bgp_wqueue_empty(&q); round++) {
		drain(sv[1], &r, types, sizeof(types), &errors);
		strncat(all, types, sizeof(all) - strlen(all) - 1);
		if (bgp_wqueue_flush(&q, sv[0]) < 0)
			break;
	}
	drain(sv[1], &r, types, sizeof(types), &errors);
	strncat(all, types, sizeof(all) - strlen(all) - 1);
	is_int(errors, 0, "the peer frames every message (no header error)");
	is_int((long)strlen(all), 51, "51 messages arrive");
	const char *k = strchr(all, 'K');
	ok(k != NULL && k - all < 10, "the KEEPALIVE overtook the UPDATEs (position %ld of 51)", k ? (long)(k - all) : -1L);
	ok(q.written == 50 * 1000 + 19, "every byte written once");
	bgp_reader_fini(&r);
	bgp_wqueue_fini(&q);
	buf_free(&ka);
	close(sv[0]);
	close(sv[1]);
}

static void test_marks(void)
{
	struct bgp_wqueue q;
	bgp_wqueue_init(&q, 10000, 3000, 20000);
	struct buf b = BUF_INIT;
	fake_updates(&b, 4, 2500, 1);
	struct bgp_chunk *c = bgp_chunk_adopt(&b);
	ok(bgp_wqueue_push(&q, c) == 0, "10000 bytes queued");
	bgp_chunk_unref(c);
	ok(!bgp_wqueue_writable(&q), "at the high mark: stop producing");
	ok(!bgp_wqueue_drained(&q), "not drained");
	fake_updates(&b, 4, 2500, 2);
	c = bgp_chunk_adopt(&b);
	ok(bgp_wqueue_push(&q, c) == 0, "up to max accepted");
	bgp_chunk_unref(c);
	fake_updates(&b, 1, 100, 3);
	c = bgp_chunk_adopt(&b);
	ok(bgp_wqueue_push(&q, c) == -1, "past max refused");
	is_int(bgp_wqueue_bytes(&q), 20000, "refused chunk not counted");
	bgp_chunk_unref(c);

	/* shared chunk in two queues */
	struct bgp_wqueue q2;
	bgp_wqueue_init(&q2, 10000, 3000, 20000);
	fake_updates(&b, 1, 100, 4);
	c = bgp_chunk_adopt(&b);
	bgp_wqueue_push(&q2, c);
	struct bgp_wqueue q3;
	bgp_wqueue_init(&q3, 10000, 3000, 20000);
	bgp_wqueue_push(&q3, c);
	is_int(c->refs, 3, "one chunk, two queues, three references");
	bgp_wqueue_fini(&q2);
	is_int(c->refs, 2, "a queue freed drops its reference");
	bgp_wqueue_fini(&q3);
	bgp_chunk_unref(c);

	bgp_wqueue_drop_bulk(&q);
	is_int(bgp_wqueue_bytes(&q), 0, "nothing begun: everything dropped");
	bgp_wqueue_fini(&q);
}

static void test_drop_mid_message(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return;
	int small = 4096;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	nonblocking(sv[0]);
	nonblocking(sv[1]);
	struct bgp_wqueue q;
	bgp_wqueue_init(&q, 1 << 20, 1 << 18, 1 << 21);
	struct buf b = BUF_INIT;
	fake_updates(&b, 30, 3000, 5);
	struct bgp_chunk *c = bgp_chunk_adopt(&b);
	bgp_wqueue_push(&q, c);
	bgp_chunk_unref(c);
	long first = bgp_wqueue_flush(&q, sv[0]);
	bgp_wqueue_drop_bulk(&q);
	ok(bgp_wqueue_bytes(&q) == (size_t)(3000 - first % 3000), "drop keeps only the rest of the message under way");
	/* then a NOTIFICATION */
	const uint8_t notif[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x15, 0x03, 0x06, 0x02};
	bgp_wqueue_urgent(&q, notif, sizeof(notif));
	struct bgp_reader r;
	bgp_reader_init(&r, 4096);
	char types[256], all[256] = "";
	int errors = 0;
	for (int round = 0; round < 1000 && !bgp_wqueue_empty(&q); round++) {
		drain(sv[1], &r, types, sizeof(types), &errors);
		strncat(all, types, sizeof(all) - strlen(all) - 1);
		bgp_wqueue_flush(&q, sv[0]);
	}
	drain(sv[1], &r, types, sizeof(types), &errors);
	strncat(all, types, sizeof(all) - strlen(all) - 1);
	is_int(errors, 0, "framing intact after dropping mid-message");
	ok(strlen(all) >= 2 && all[strlen(all) - 1] == '?', "the NOTIFICATION is last (%.40s)", all);
	bgp_reader_fini(&r);
	bgp_wqueue_fini(&q);
	close(sv[0]);
	close(sv[1]);
}

static void test_reader_errors(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return;
	nonblocking(sv[1]);
	struct bgp_reader r;
	const uint8_t *msg;
	size_t len;
	uint8_t type;
	struct wire_error err;

	bgp_reader_init(&r, 4096);
	struct buf ka = BUF_INIT;
	keepalive_pack(&ka);
	(void)!write(sv[0], ka.data, 10);
	bgp_reader_fill(&r, sv[1]);
	is_int(bgp_reader_next(&r, &msg, &len, &type, &err), 0, "half a header: wait");
	(void)!write(sv[0], ka.data + 10, 9);
	bgp_reader_fill(&r, sv[1]);
	ok(bgp_reader_next(&r, &msg, &len, &type, &err) == 1 && len == 19 && type == BGP_MSG_KEEPALIVE,
	   "the rest arrives: one KEEPALIVE");
	is_int(bgp_reader_next(&r, &msg, &len, &type, &err), 0, "then nothing");

	uint8_t bad[19];
	memcpy(bad, ka.data, 19);
	bad[3] = 0;
	(void)!write(sv[0], bad, 19);
	bgp_reader_fill(&r, sv[1]);
	ok(bgp_reader_next(&r, &msg, &len, &type, &err) == -1 && err.code == 1 && err.subcode == 1,
	   "bad marker: 1/1 Connection Not Synchronized");
	bgp_reader_fini(&r);

	bgp_reader_init(&r, 4096);
	memcpy(bad, ka.data, 19);
	bad[16] = 0x10; /* 4097 and more */
	bad[17] = 0x01;
	bad[18] = BGP_MSG_UPDATE;
	(void)!write(sv[0], bad, 19);
	bgp_reader_fill(&r, sv[1]);
	ok(bgp_reader_next(&r, &msg, &len, &type, &err) == -1 && err.code == 1 && err.subcode == 2 &&
		   err.data_len == 2,
	   "too long without extended messages: 1/2 with the length as data");
	bgp_reader_fini(&r);

	/* an extended message once negotiated */
	bgp_reader_init(&r, 65535);
	struct buf big = BUF_INIT;
	fake_updates(&big, 1, 20000, 7);
	size_t sent = 0;
	int got = 0;
	for (int round = 0; round < 1000 && !got; round++) {
		if (sent < big.len) {
			ssize_t w = write(sv[0], big.data + sent, big.len - sent > 4000 ? 4000 : big.len - sent);
			if (w > 0)
				sent += (size_t)w;
		}
		bgp_reader_fill(&r, sv[1]);
		got = bgp_reader_next(&r, &msg, &len, &type, &err);
	}
	ok(got == 1 && len == 20000, "a 20000 octet message framed");
	bgp_reader_fini(&r);
	buf_free(&big);
	buf_free(&ka);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	test_lanes();
	test_marks();
	test_drop_mid_message();
	test_reader_errors();
	return done_testing();
}
