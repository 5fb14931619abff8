/* t_utf8.c — core/utf8: what counts as UTF-8 (RFC 3629), cutting on a character boundary,
 * and the lossy copy that makes any peer's text safe to print. */
#include "core/buf.h"
#include "core/utf8.h"
#include "tap.h"

static void test_valid(void)
{
	static const struct {
		const char *s;
		size_t len;
		bool valid;
		const char *name;
	} cases[] = {
		{"", 0, true, "empty"},
		{"plain ascii", 11, true, "ASCII"},
		{"a\0b", 3, true, "NUL is U+0000"},
		{"\xc3\xa9", 2, true, "two octets"},
		{"\xe2\x82\xac", 3, true, "three octets"},
		{"\xf0\x9f\x98\x80", 4, true, "four octets"},
		{"\xf4\x8f\xbf\xbf", 4, true, "U+10FFFF"},
		{"\xef\xbf\xbd", 3, true, "U+FFFD"},
		{"\x80", 1, false, "lone continuation"},
		{"\xc3", 1, false, "cut two-octet sequence"},
		{"\xe2\x82", 2, false, "cut three-octet sequence"},
		{"\xc0\x80", 2, false, "overlong NUL"},
		{"\xc1\xbf", 2, false, "overlong two octets"},
		{"\xe0\x80\x80", 3, false, "overlong three octets"},
		{"\xf0\x80\x80\x80", 4, false, "overlong four octets"},
		{"\xed\xa0\x80", 3, false, "surrogate"},
		{"\xf4\x90\x80\x80", 4, false, "above U+10FFFF"},
		{"\xf5\x80\x80\x80", 4, false, "F5 lead"},
		{"\xff", 1, false, "FF"},
		{"\xc3\x28", 2, false, "bad continuation"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(utf8_valid(cases[i].s, cases[i].len), cases[i].valid, "%s", cases[i].name);
}

static void test_cut(void)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac";
	is_int(utf8_cut(s, 6, 10), 6, "cut: all fits");
	is_int(utf8_cut(s, 6, 5), 3, "cut: not inside the euro sign");
	is_int(utf8_cut(s, 6, 2), 1, "cut: not inside the e acute");
	is_int(utf8_cut(s, 6, 0), 0, "cut: nothing");
	is_int(utf8_cut("\xff\xff", 2, 1), 1, "cut: a bad octet counts as one");
}

static void test_lossy(void)
{
	struct buf b = BUF_INIT;
	utf8_put_lossy(&b, "ok\xff\xc3\xa9\xe2\x82", 7);
	is_str(buf_cstr(&b), "ok\xef\xbf\xbd\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd", "lossy: each bad octet is U+FFFD");
	ok(utf8_valid((const char *)b.data, b.len), "lossy output is UTF-8");
	buf_reset(&b);
	utf8_put_lossy(&b, "", 0);
	is_int(b.len, 0, "lossy: empty");
	buf_free(&b);
}

int main(void)
{
	test_valid();
	test_cut();
	test_lossy();
	return done_testing();
}
