/* t_attr_corpus.c — the attribute codec against ExaBGP's own functional-test messages.
 *
 * For every UPDATE ExaBGP sends in the .ci files of qa/encoding and qa/api, the Path Attributes
 * field must parse without error and attrs_pack must give it back byte for byte (the
 * MP_REACH_NLRI / MP_UNREACH_NLRI attributes, which are the NLRI side's, are handed back
 * as they were). Every UPDATE of qa/decoding must parse without error.
 *
 * The corpus: $ATTOBGP_QA, else tests/exabgp-qa. When
 * it is absent the test says so and skips.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/hex.h"
#include "wire/attr.h"
#include "wire/update.h"
#include "tap.h"

static const char *qa_dir(void)
{
	const char *d = getenv("ATTOBGP_QA");
	return d && *d ? d : "tests/exabgp-qa";
}

/* Find the whole MP_REACH_NLRI / MP_UNREACH_NLRI attributes of a section (test-side walk). */
static void mp_find(const uint8_t *p, size_t len, struct bytes *reach, struct bytes *unreach)
{
	size_t i = 0;
	*reach = (struct bytes){NULL, 0};
	*unreach = (struct bytes){NULL, 0};
	while (i + 3 <= len) {
		uint8_t flags = p[i], code = p[i + 1];
		size_t h = (flags & ATTR_FLAG_EXTENDED) ? 4 : 3;
		if (i + h > len)
			return;
		size_t l = h == 4 ? ((size_t)p[i + 2] << 8 | p[i + 3]) : p[i + 2];
		if (code == ATTR_MP_REACH_NLRI)
			*reach = (struct bytes){p + i, (uint32_t)(h + l)};
		if (code == ATTR_MP_UNREACH_NLRI)
			*unreach = (struct bytes){p + i, (uint32_t)(h + l)};
		i += h + l;
	}
}

struct tally {
	int messages, parsed, identical;
};

static void check_update(const uint8_t *msg, size_t len, const struct open_context *ctx, const char *where,
			 struct tally *t, bool pack_too)
{
	struct update_fields f;
	struct wire_error err;
	struct attr_set set;
	struct attr_mp mp;
	struct arena arena;
	struct buf out = BUF_INIT;

	wire_error_clear(&err);
	if (len < 19 || msg[18] != 2)
		return;
	t->messages++;
	if (update_fields_split(msg + 19, len - 19, 19, &f, &err) < 0) {
		ok(0, "%s: UPDATE splits (%s)", where, err.why);
		return;
	}
	const uint8_t *section = f.attributes.data;
	size_t section_len = f.attributes.len;
	arena_init(&arena, 0);
	int rc = attrs_parse(&f.attributes, ctx, !cursor_empty(&f.nlri), &set, &mp, &arena, &err);
	if (rc == 0 && err.action == WIRE_OK)
		t->parsed++;
	else
		ok(0, "%s: parses cleanly (%s: %s)", where, wire_action_name(err.action), err.why);
	if (pack_too && rc == 0) {
		struct bytes reach, unreach;
		mp_find(section, section_len, &reach, &unreach);
		attrs_pack(&set, ctx, reach.len ? &reach : NULL, unreach.len ? &unreach : NULL, &out);
		if (out.len == section_len && (section_len == 0 || memcmp(out.data, section, section_len) == 0)) {
			t->identical++;
		} else {
			struct buf a = BUF_INIT, b = BUF_INIT;
			hex_put(&a, section, section_len, true);
			hex_put(&b, out.data, out.len, true);
			ok(0, "%s: packs back identically", where);
			printf("#   sent   %s\n#   packed %s\n", buf_cstr(&a), buf_cstr(&b));
			buf_free(&a);
			buf_free(&b);
		}
	}
	buf_free(&out);
	arena_free(&arena);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void scan_ci(const char *dir, struct tally *t)
{
	char path[1400];
	DIR *d = opendir(dir);
	struct dirent *e;
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!ends_with(e->d_name, ".ci"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *fp = fopen(path, "r");
		if (fp == NULL)
			continue;
		struct open_context ctx = {.afi = 1, .safi = 1, .asn4 = true, .msg_size = 4096,
					   .local_as = 65533, .peer_as = 65533};
		char *line = NULL;
		size_t cap = 0;
		int n = 0;
		while (getline(&line, &cap, fp) > 0) {
			n++;
			if (strstr(line, "option:file:") && strstr(line, "no-asn4"))
				ctx.asn4 = false;
			char *raw = strstr(line, ":raw:");
			if (raw == NULL)
				continue;
			struct buf msg = BUF_INIT;
			char where[1200];
			raw += 5;
			size_t l = strcspn(raw, "\r\n");
			if (hex_decode(raw, l, &msg, NULL) < 0) {
				buf_free(&msg);
				continue; /* a few lines hold more than hex (ExaBGP's own markers) */
			}
			snprintf(where, sizeof(where), "%s:%d", e->d_name, n);
			check_update(msg.data, msg.len, &ctx, where, t, true);
			buf_free(&msg);
		}
		free(line);
		fclose(fp);
	}
	closedir(d);
}

static void scan_decoding(const char *dir, struct tally *t)
{
	char path[1400];
	DIR *d = opendir(dir);
	struct dirent *e;
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *fp = fopen(path, "r");
		if (fp == NULL)
			continue;
		char *kind = NULL, *hex = NULL;
		size_t c1 = 0, c2 = 0;
		if (getline(&kind, &c1, fp) > 0 && strncmp(kind, "update", 6) == 0 && getline(&hex, &c2, fp) > 0) {
			struct open_context ctx = {.afi = 1, .safi = 1, .asn4 = true, .msg_size = 4096,
						   .local_as = 65533, .peer_as = 65533};
			struct buf msg = BUF_INIT, body = BUF_INIT;
			static const uint8_t marker[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
							   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
			if (hex_decode(hex, strcspn(hex, "\r\n"), &body, NULL) > 0) {
				/* some cases hold the UPDATE body alone: give it a header */
				if (body.len < 19 || memcmp(body.data, marker, 16) != 0) {
					buf_put(&msg, marker, 16);
					buf_put_u16(&msg, (uint16_t)(body.len + 19));
					buf_put_u8(&msg, 2);
				}
				buf_put(&msg, body.data, body.len);
				check_update(msg.data, msg.len, &ctx, e->d_name, t, false);
			}
			buf_free(&msg);
			buf_free(&body);
		}
		free(kind);
		free(hex);
		fclose(fp);
	}
	closedir(d);
}

/* ExaBGP's decoding test ipv4-unicast-2: an 8-octet AGGREGATOR on a 4-octet session reads
 * 11141290:10.10.10.10 (0x00AA00AA). */
static void test_ipv4_unicast_2(void)
{
	static const char hex[] = "4001010040020E02030000AAAA0000AAAA0000AAAAC0070800AA00AA0A0A0A0A40060040030"
				  "40A0A0A0A8004040000000040050400000064";
	struct open_context ctx = {.afi = 1, .safi = 1, .asn4 = true, .msg_size = 4096, .local_as = 65533,
				   .peer_as = 65533};
	struct buf b = BUF_INIT;
	struct arena arena;
	struct attr_set set;
	struct wire_error err;
	wire_error_clear(&err);
	arena_init(&arena, 0);
	hex_decode(hex, strlen(hex), &b, NULL);
	struct cursor c = cursor_make(b.data, b.len, 23);
	is_int(attrs_parse(&c, &ctx, false, &set, NULL, &arena, &err), 0, "ipv4-unicast-2 parses");
	is_int(err.action, WIRE_OK, "ipv4-unicast-2 has no error");
	is_int(set.aggregator_as, 11141290, "ipv4-unicast-2 aggregator AS");
	ok(memcmp(set.aggregator_ip, "\x0a\x0a\x0a\x0a", 4) == 0, "ipv4-unicast-2 aggregator address");
	ok(set.present & ATTR_BIT(ATTR_ATOMIC_AGGREGATE), "ipv4-unicast-2 atomic aggregate");
	is_int(set.as_path.len, 14, "ipv4-unicast-2 AS path is a view of the message");
	ok(set.as_path.ptr == b.data + 7, "ipv4-unicast-2 AS path points into the message");
	buf_free(&b);
	arena_free(&arena);
}

int main(void)
{
	char dir[1024];
	struct tally t = {0, 0, 0};

	test_ipv4_unicast_2();

	snprintf(dir, sizeof(dir), "%s/qa/encoding", qa_dir());
	DIR *probe = opendir(dir);
	if (probe == NULL) {
		ok(0, "the ExaBGP corpus is missing under %s (set ATTOBGP_QA)", qa_dir());
		return done_testing();
	}
	closedir(probe);
	scan_ci(dir, &t);
	snprintf(dir, sizeof(dir), "%s/qa/api", qa_dir());
	scan_ci(dir, &t);
	ok(t.messages > 300, "corpus: %d UPDATEs found in encoding and api tests", t.messages);
	is_int(t.parsed, t.messages, "corpus: every UPDATE's attributes parse without error");
	is_int(t.identical, t.messages, "corpus: every UPDATE's attributes pack back byte for byte");

	struct tally dec = {0, 0, 0};
	snprintf(dir, sizeof(dir), "%s/qa/decoding", qa_dir());
	scan_decoding(dir, &dec);
	ok(dec.messages >= 20, "decoding corpus: %d UPDATEs found", dec.messages);
	is_int(dec.parsed, dec.messages, "decoding corpus: every UPDATE parses without error");
	return done_testing();
}
