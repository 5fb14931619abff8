/* t_api_shortcut.c — the legacy (ExaBGP 4) commands and their v6 forms: the one table the
 * dispatcher and `attobgp cli` share (api/shortcut.h), and the lexer and selector under it. */
#include <string.h>

#include "api/lex.h"
#include "api/selector.h"
#include "api/shortcut.h"
#include "api/words.h"
#include "tap.h"

static void rewrites(const char *legacy, const char *v6)
{
	struct buf out = BUF_INIT;
	struct api_error err;
	err.why[0] = '\0';
	int rc = api_shortcut_rewrite(legacy, strlen(legacy), &out, &err);
	if (v6 == NULL) {
		ok(rc == 0 && out.len == 0, "'%s' is not rewritten", legacy);
	} else {
		is_int(rc, 1, "'%s' is a legacy command", legacy);
		is_str(buf_cstr(&out), v6, "'%s' -> '%s'", legacy, v6);
	}
	buf_free(&out);
}

static void refused(const char *legacy, const char *why_part)
{
	struct buf out = BUF_INIT;
	struct api_error err;
	err.why[0] = '\0';
	int rc = api_shortcut_rewrite(legacy, strlen(legacy), &out, &err);
	ok(rc == -1 && strstr(err.why, why_part) != NULL, "'%s' is refused", legacy);
	printf("#   %s\n", err.why);
	buf_free(&out);
}

static void test_table(void)
{
	/* the daemon, the session, the system */
	rewrites("shutdown", "daemon shutdown");
	rewrites("reload", "daemon reload");
	rewrites("restart", "daemon restart");
	rewrites("status", "daemon status");
	rewrites("enable-ack", "session ack enable");
	rewrites("disable-ack", "session ack disable");
	rewrites("silence-ack", "session ack silence");
	rewrites("enable-sync", "session sync enable");
	rewrites("disable-sync", "session sync disable");
	rewrites("reset", "session reset");
	rewrites("ping a1b2 1700000000.5", "session ping a1b2 1700000000.5");
	rewrites("bye", "session bye");
	rewrites("help", "system help");
	rewrites("version", "system version");
	rewrites("queue-status", "system queue-status");
	rewrites("api version 4", "system api version 4");
	/* RIBs */
	rewrites("show adj-rib in", "rib show in");
	rewrites("show adj-rib out extensive", "rib show out extensive");
	rewrites("show adj-rib-in 10.0.0.1", "rib show in 10.0.0.1");
	rewrites("flush adj-rib out", "rib flush out");
	rewrites("clear adj-rib in", "rib clear in");
	rewrites("clear adj-rib out", "rib clear out");
	/* every peer of the client */
	rewrites("announce route 10.0.0.0/24 next-hop 1.2.3.4", "peer * announce route 10.0.0.0/24 next-hop 1.2.3.4");
	rewrites("withdraw route 10.0.0.0/24", "peer * withdraw route 10.0.0.0/24");
	rewrites("announce attributes next-hop 1.2.3.4 nlri 10.0.0.0/24 10.0.1.0/24",
		 "peer * announce attributes next-hop 1.2.3.4 nlri 10.0.0.0/24 10.0.1.0/24");
	rewrites("announce flow route { match { destination 10.0.0.0/24; } then { discard; } }",
		 "peer * announce flow route { match { destination 10.0.0.0/24; } then { discard; } }");
	rewrites("announce vpls endpoint 5 base 10", "peer * announce vpls endpoint 5 base 10");
	rewrites("announce watchdog dog", "peer * announce watchdog dog");
	rewrites("withdraw watchdog dog", "peer * withdraw watchdog dog");
	rewrites("announce eor ipv4 unicast", "peer * announce eor ipv4 unicast");
	rewrites("announce route-refresh ipv4 unicast", "peer * announce route-refresh ipv4 unicast");
	rewrites("teardown 2", "peer * teardown 2");
	rewrites("group announce route 1.0.0.0/8 next-hop 1.1.1.1 ; withdraw route 2.0.0.0/8",
		 "peer * group announce route 1.0.0.0/8 next-hop 1.1.1.1 ; withdraw route 2.0.0.0/8");
	rewrites("routes list", "peer * routes list");
	rewrites("routes ipv4 unicast list", "peer * routes ipv4 unicast list");
	rewrites("routes add 10.0.0.0/24 next-hop 1.2.3.4", "peer * routes add 10.0.0.0/24 next-hop 1.2.3.4");
	/* named peers */
	rewrites("neighbor 10.0.0.1 announce route 1.0.0.0/8 next-hop self",
		 "peer 10.0.0.1 announce route 1.0.0.0/8 next-hop self");
	rewrites("neighbor 10.0.0.1 routes list", "peer 10.0.0.1 routes list");
	rewrites("neighbor 10.0.0.1 routes add 10.0.0.0/24 next-hop 1.2.3.4",
		 "peer 10.0.0.1 routes add 10.0.0.0/24 next-hop 1.2.3.4");
	rewrites("neighbor 10.0.0.1 local-as 65000 peer-as 65001 teardown 4",
		 "peer 10.0.0.1 local-as 65000 peer-as 65001 teardown 4");
	rewrites("neighbor 10.0.0.1, neighbor 10.0.0.2 withdraw route 1.0.0.0/8",
		 "peer [10.0.0.1, 10.0.0.2] withdraw route 1.0.0.0/8");
	rewrites("neighbor 10.0.0.1 router-id 1.1.1.1 , neighbor 2001:db8::1 family-allowed ipv6-unicast announce eor",
		 "peer [10.0.0.1 router-id 1.1.1.1, 2001:db8::1 family-allowed ipv6-unicast] announce eor");
	rewrites("neighbor * teardown 2", "peer * teardown 2");
	rewrites("neighbor * peer-as 65000 teardown 2", "peer * peer-as 65000 teardown 2");
	rewrites("neighbour 10.0.0.1 local-ip 127.0.0.1 announce eor", "peer 10.0.0.1 local-ip 127.0.0.1 announce eor");
	rewrites("show neighbor", "peer * show");
	rewrites("show neighbor summary", "peer * show summary");
	rewrites("show neighbor extensive json", "peer * show extensive");
	rewrites("show neighbor 10.0.0.1 configuration", "peer 10.0.0.1 show configuration");
	rewrites("show neighbor json 10.0.0.1 summary", "peer 10.0.0.1 show summary");
	rewrites("create neighbor 10.0.0.9 local-as 1 peer-as 2", "peer create 10.0.0.9 local-as 1 peer-as 2");
	rewrites("delete neighbor 10.0.0.9", "peer delete 10.0.0.9");
	/* case does not matter, extra blanks do not either */
	rewrites("  ANNOUNCE   route 1.0.0.0/8 next-hop 1.1.1.1  ", "peer * announce route 1.0.0.0/8 next-hop 1.1.1.1");
	/* already v6, or unknown: left to the dispatcher */
	rewrites("peer * routes list", NULL);
	rewrites("daemon shutdown", NULL);
	rewrites("session ack enable", NULL);
	rewrites("system version", NULL);
	rewrites("rib show in", NULL);
	rewrites("# a comment", NULL);
	rewrites("frobnicate", NULL);
	rewrites("", NULL);
	/* malformed legacy selectors */
	refused("neighbor", "a peer address or '*' is missing");
	refused("neighbor 10.0.0.1", "a command must follow");
	refused("neighbor 300.0.0.1 announce eor", "'300.0.0.1' is not a peer address");
	refused("neighbor 10.0.0.1 local-as x announce eor", "local-as 'x' is not an AS number");
	refused("neighbor 10.0.0.1 router-id 2001::1 teardown", "router-id '2001::1' is not an IPv4 address");
	refused("neighbor 10.0.0.1 family-allowed ipv4 teardown", "family-allowed 'ipv4' is not a family");
	refused("neighbor 10.0.0.1, announce eor", "'announce' is not a peer address");
	refused("show neighbor 10.0.0.1 sideways", "'sideways' is not an address");
}

static void test_lexer(void)
{
	struct api_lex lx;
	const char *line = "peer [10.0.0.1,10.0.0.2] routes\tadd 10.0.0.0/24;x";
	api_lex_init(&lx, line, strlen(line));
	const char *want[] = {"peer", "[", "10.0.0.1", ",", "10.0.0.2", "]", "routes", "add", "10.0.0.0/24", ";", "x"};
	bool same = true;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct api_token t = api_lex_next(&lx);
		if (t.s == NULL || t.len != strlen(want[i]) || memcmp(t.s, want[i], t.len) != 0)
			same = false;
	}
	ok(same && api_lex_at_end(&lx), "brackets, commas and semicolons are words of their own");
	/* never past the length: the line is not NUL-terminated */
	char raw[4] = {'a', ' ', 'b', 'c'};
	api_lex_init(&lx, raw, 3);
	struct api_token a = api_lex_next(&lx), b = api_lex_next(&lx), end = api_lex_next(&lx);
	ok(a.len == 1 && b.len == 1 && b.s[0] == 'b' && end.s == NULL, "the length bounds the words");
	size_t len;
	api_lex_init(&lx, "announce   route 1.0.0.0/8  ", 28);
	api_lex_next(&lx);
	const char *rest = api_lex_rest(&lx, &len);
	ok(len == 15 && memcmp(rest, "route 1.0.0.0/8", 15) == 0, "the rest of the line, blanks trimmed");
}

static void selector_is(const char *text, int rc_want, const char *formatted)
{
	struct api_lex lx;
	struct api_selector sel;
	struct api_error err;
	struct buf out = BUF_INIT;
	memset(&sel, 0, sizeof(sel));
	err.why[0] = '\0';
	api_lex_init(&lx, text, strlen(text));
	int rc = api_selector_parse(&lx, &sel, &err);
	if (rc > 0)
		api_selector_format(&sel, &out);
	if (rc_want > 0)
		ok(rc == rc_want && strcmp(buf_cstr(&out), formatted) == 0, "selector '%s' reads as '%s' (got %d '%s')",
		   text, formatted, rc, buf_cstr(&out));
	else
		ok(rc == rc_want && (rc == 0 || strstr(err.why, formatted)), "selector '%.60s': %d", text, rc);
	buf_free(&out);
}

static void test_selector(void)
{
	selector_is("*", 1, "*");
	selector_is("* peer-as 65000", 1, "* peer-as 65000");
	selector_is("10.0.0.1", 1, "10.0.0.1");
	selector_is("2001:DB8::1 local-as 1 peer-as 2 router-id 1.2.3.4 local-ip 127.0.0.1 family-allowed ipv6-unicast", 1,
		    "2001:db8::1 local-ip 127.0.0.1 local-as 1 peer-as 2 router-id 1.2.3.4 family-allowed ipv6-unicast");
	selector_is("[10.0.0.1 peer-as 2, 10.0.0.2]", 1, "[10.0.0.1 peer-as 2, 10.0.0.2]");
	selector_is("[10.0.0.1, *]", 1, "*");
	selector_is("announce", 0, "");
	selector_is("[10.0.0.1", -1, "']' is missing");
	selector_is("[10.0.0.1 x]", -1, "'x' is not a qualifier");
	selector_is("10.0.0.1 peer-as 4294967296", -1, "is not an AS number");
	selector_is("[]", -1, "']' is not a peer address");
	/* more items than a selector holds */
	struct buf big = BUF_INIT;
	buf_putc(&big, '[');
	for (int i = 0; i < API_SELECTOR_MAX + 1; i++)
		buf_printf(&big, "%s10.0.%d.%d", i ? "," : "", i / 250, i % 250);
	buf_putc(&big, ']');
	selector_is(buf_cstr(&big), -1, "more than");
	buf_free(&big);
}

/* ---- completion words ---- */

static char offered[2048];

static void collect(void *ctx, const char *word)
{
	(void)ctx;
	size_t n = strlen(offered);
	snprintf(offered + n, sizeof(offered) - n, " %s", word);
}

static void completes(const char *line, const char *const *want, const char *const *not_want)
{
	offered[0] = '\0';
	api_words_next(line, strlen(line), collect, NULL);
	strcat(offered, " ");
	bool good = true;
	char word[64];
	for (; want && *want; want++) {
		snprintf(word, sizeof(word), " %s ", *want);
		if (strstr(offered, word) == NULL)
			good = false;
	}
	for (; not_want && *not_want; not_want++) {
		snprintf(word, sizeof(word), " %s ", *not_want);
		if (strstr(offered, word) != NULL)
			good = false;
	}
	ok(good, "after '%s'", line);
	if (!good)
		printf("#   offered:%.500s\n", offered);
}

static void test_words(void)
{
	completes("", (const char *const[]){"peer", "daemon", "session", "system", "rib", "announce", "withdraw", "show",
					   "neighbor", "routes", "shutdown", NULL},
		  (const char *const[]){"#", NULL});
	completes("peer ", (const char *const[]){"list", "create", "delete", "show", "*", "routes", "announce", NULL}, NULL);
	completes("peer * ", (const char *const[]){"show", "teardown", "announce", "withdraw", "group", "routes", NULL},
		  (const char *const[]){"list", NULL});
	completes("peer [10.0.0.1, 10.0.0.2] routes ", (const char *const[]){"list", "add", "remove", "ipv4", NULL}, NULL);
	completes("peer 10.0.0.1 announce ", (const char *const[]){"route", "eor", "route-refresh", "index", NULL}, NULL);
	completes("announce route 1.0.0.0/8 ", (const char *const[]){"next-hop", "as-path", "community", NULL}, NULL);
	completes("announce eor ", (const char *const[]){"ipv4", "ipv6", NULL}, NULL);
	completes("announce eor ipv4 ", (const char *const[]){"unicast", NULL}, NULL);
	completes("show ", (const char *const[]){"neighbor", "adj-rib", NULL}, NULL);
	completes("show neighbor ", (const char *const[]){"summary", "extensive", "configuration", NULL}, NULL);
	completes("show adj-rib ", (const char *const[]){"in", "out", NULL}, NULL);
	completes("neighbor 10.0.0.1 ", (const char *const[]){"announce", "teardown", "routes", NULL}, NULL);
	completes("rib show ", (const char *const[]){"in", "out", NULL}, NULL);
	completes("rib flush ", (const char *const[]){"out", NULL}, (const char *const[]){"in", NULL});
	completes("session ack ", (const char *const[]){"enable", "disable", "silence", NULL}, NULL);
	completes("system api version ", (const char *const[]){"4", "6", NULL}, NULL);
	completes("peer create 10.0.0.9 ", (const char *const[]){"local-as", "peer-as", "family-allowed", NULL}, NULL);
	completes("routes add ", (const char *const[]){"route", NULL}, NULL);
}

int main(void)
{
	test_table();
	test_lexer();
	test_selector();
	test_words();
	return done_testing();
}
