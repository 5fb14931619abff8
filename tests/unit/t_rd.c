/* t_rd.c — wire/rd: route distinguisher text both ways, with the type ExaBGP picks. */
#include "wire/rd.h"
#include "tap.h"

static void check_round_trip(const char *text, const char *hex, const char *printed)
{
	uint8_t rd[RD_LEN];
	const char *why = NULL;
	char out[RD_STR_MAX], got_hex[2 * RD_LEN + 1];
	is_int(rd_parse(text, strlen(text), rd, &why), 0, "%s parses", text);
	for (int i = 0; i < RD_LEN; i++)
		snprintf(got_hex + 2 * i, 3, "%02x", rd[i]);
	is_str(got_hex, hex, "%s octets", text);
	is_str(rd_format(rd, out), printed, "%s prints back", text);
}

static void check_refused(const char *text)
{
	uint8_t rd[RD_LEN];
	const char *why = NULL;
	is_int(rd_parse(text, strlen(text), rd, &why), -1, "'%s' refused", text);
	ok(why != NULL && *why, "'%s' refusal says why", text);
}

int main(void)
{
	check_round_trip("65000:1", "0000fde800000001", "65000:1");
	check_round_trip("65535:4294967295", "0000ffffffffffff", "65535:4294967295");
	check_round_trip("192.0.2.1:100", "0001c00002010064", "192.0.2.1:100");
	check_round_trip("4200000000:7", "0002fa56ea000007", "4200000000:7");
	check_refused("");
	check_refused("65000");
	check_refused("65000:");
	check_refused(":1");
	check_refused("1:2:3");
	check_refused("65000:x");
	check_refused("4200000000:65536");
	check_refused("192.0.2.1:65536");
	check_refused("192.0.2:1");
	check_refused("65000:4294967296");
	check_refused("4294967296:1");
	uint8_t other[RD_LEN] = {0, 7, 1, 2, 3, 4, 0xab, 0xcd};
	char out[RD_STR_MAX];
	is_str(rd_format(other, out), "0x000701020304ABCD", "an unknown type prints as hex");
	return done_testing();
}
