/* t_core.c — the core layer: cursor bounds, buffers, hex, JSON escaping, arena. */
#include <stdlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cursor.h"
#include "core/hex.h"
#include "core/json.h"
#include "tap.h"

static void test_cursor(void)
{
	const uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05};
	struct cursor c = cursor_make(data, sizeof(data), 19);
	uint16_t v16;
	uint32_t v32;
	struct cursor sub = {0};

	ok(cursor_u16(&c, &v16) == 0 && v16 == 0x0102, "u16 reads big-endian");
	is_int(cursor_offset(&c), 21, "offset is absolute");
	ok(cursor_u32(&c, &v32) == -1, "u32 past the end fails");
	is_int(cursor_left(&c), 3, "a failed read does not move the cursor");
	ok(cursor_sub(&c, 2, &sub) == 0 && cursor_left(&sub) == 2, "sub-view of 2");
	is_int(cursor_offset(&sub), 21, "sub-view keeps the absolute offset");
	ok(cursor_u32(&sub, &v32) == -1, "a sub-view cannot read past its end");
	ok(cursor_sub(&c, 2, &sub) == -1, "sub-view longer than what is left fails");
}

static void test_hex(void)
{
	struct buf b = BUF_INIT;
	is_int(hex_decode("FF:ff 0a", 8, &b, NULL), 3, "hex ignores colons and spaces");
	ok(b.data[0] == 0xff && b.data[2] == 0x0a, "hex values");
	size_t bad = 0;
	is_int(hex_decode("0g", 2, &b, &bad), -1, "non-hex rejected");
	is_int(bad, 1, "bad character position");
	is_int(hex_decode("abc", 3, &b, NULL), -1, "odd digit count rejected");
	buf_reset(&b);
	hex_put(&b, (const uint8_t *)"\x01\xab", 2, true);
	is_str(buf_cstr(&b), "01AB", "hex out upper");
	buf_free(&b);
}

static void test_json(void)
{
	struct buf b = BUF_INIT;
	struct json j;
	json_init(&j, &b, JSON_STYLE_COMPACT);
	json_object_open(&j);
	json_key(&j, "a");
	json_uint(&j, 1);
	json_key(&j, "s");
	json_string_n(&j, "q\"\\\n\x01", 5);
	json_key(&j, "l");
	json_array_open(&j);
	json_bool(&j, true);
	json_null(&j);
	json_array_open(&j);
	json_array_close(&j);
	json_array_close(&j);
	json_object_close(&j);
	is_str(buf_cstr(&b), "{\"a\":1,\"s\":\"q\\\"\\\\\\n\\u0001\",\"l\":[true,null,[]]}",
	       "json commas, nesting and escapes");
	buf_free(&b);
}

/* One document in every style: the same calls, three spacings. */
static void json_sample(struct json *j)
{
	json_object_open(j);
	JSON_KEY(j, "a");
	json_uint(j, 1);
	json_key(j, "l");
	json_array_open(j);
	json_uint(j, 1);
	json_uint(j, 2);
	json_array_close(j);
	JSON_KEY(j, "e");
	json_object_open(j);
	json_object_close(j);
	json_key_loose(j, "k");
	JSON_STRING(j, "v");
	json_object_close(j);
}

static void test_json_styles(void)
{
	static const struct {
		enum json_style style;
		const char *want;
	} cases[] = {
		{JSON_STYLE_EXABGP, "{ \"a\": 1, \"l\": [ 1, 2 ], \"e\": {  }, \"k\" : \"v\" }"},
		{JSON_STYLE_PYTHON, "{\"a\": 1, \"l\": [1, 2], \"e\": {}, \"k\": \"v\"}"},
		{JSON_STYLE_COMPACT, "{\"a\":1,\"l\":[1,2],\"e\":{},\"k\":\"v\"}"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;
		struct json j;
		json_init(&j, &b, cases[i].style);
		json_sample(&j);
		is_str(buf_cstr(&b), cases[i].want, "json style %zu", i);
		buf_free(&b);
	}

	/* ExaBGP's irregular bits, and json.dumps text embedded in ExaBGP's */
	struct buf b = BUF_INIT;
	struct json j;
	json_init(&j, &b, JSON_STYLE_EXABGP);
	json_object_open(&j);
	JSON_KEY(&j, "asn");
	json_object_open(&j);
	json_object_close(&j);
	json_space(&j);
	JSON_KEY(&j, "families");
	json_array_open(&j);
	json_quirk(&j, JSON_Q_SEP_SPACE_COMMA);
	JSON_STRING(&j, "a");
	JSON_STRING(&j, "b");
	json_array_close(&j);
	JSON_KEY(&j, "none");
	json_array_open(&j);
	json_quirk(&j, JSON_Q_EMPTY_ONE);
	json_array_close(&j);
	JSON_KEY(&j, "tight");
	json_object_open(&j);
	json_quirk(&j, JSON_Q_CLOSE_TIGHT | JSON_Q_SEP_COMMA);
	JSON_KEY(&j, "x");
	json_uint(&j, 1);
	json_space(&j);
	JSON_KEY(&j, "y");
	json_uint(&j, 2);
	json_space(&j);
	json_object_close(&j);
	JSON_KEY(&j, "py");
	enum json_style was = json_style_set(&j, JSON_STYLE_PYTHON);
	json_object_open(&j);
	JSON_KEY(&j, "v");
	json_array_open(&j);
	json_uint(&j, 1);
	json_uint(&j, 2);
	json_array_close(&j);
	json_object_close(&j);
	json_style_set(&j, was);
	JSON_KEY(&j, "z");
	json_array_open(&j);
	json_uint(&j, 3);
	json_array_close(&j);
	json_object_close(&j);
	is_str(buf_cstr(&b),
	       "{ \"asn\": {  } , \"families\": [ \"a\" ,\"b\" ], \"none\": [ ], "
	       "\"tight\": { \"x\": 1 ,\"y\": 2 }, \"py\": {\"v\": [1, 2]}, \"z\": [ 3 ] }",
	       "json ExaBGP quirks");

	/* the compact style stays compact: quirks and embedded styles do nothing */
	buf_reset(&b);
	json_init(&j, &b, JSON_STYLE_COMPACT);
	was = json_style_set(&j, JSON_STYLE_EXABGP);
	json_object_open(&j);
	json_space(&j);
	json_key_loose(&j, "k");
	json_array_open(&j);
	json_quirk(&j, JSON_Q_SEP_SPACE_COMMA);
	json_uint(&j, 1);
	json_uint(&j, 2);
	json_array_close(&j);
	json_object_close(&j);
	json_style_set(&j, was);
	is_str(buf_cstr(&b), "{\"k\":[1,2]}", "json compact ignores quirks");
	buf_free(&b);
}

static void test_buf_arena(void)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	ok(strncmp(buf_cstr(&b) + b.len - 4, "999,", 4) == 0, "buf grows through printf");
	buf_reset(&b);
	buf_put_int(&b, -1234567890123LL);
	is_str(buf_cstr(&b), "-1234567890123", "buf_put_int");
	buf_free(&b);

	struct arena a;
	arena_init(&a, 64);
	char *p = arena_alloc(&a, 10);
	char *q = arena_alloc(&a, 1000);
	ok(p && q && ((uintptr_t)q % 16) == 0, "arena alloc aligned, large request");
	arena_reset(&a);
	arena_free(&a);
}

int main(void)
{
	test_cursor();
	test_hex();
	test_json();
	test_json_styles();
	test_buf_arena();
	return done_testing();
}
