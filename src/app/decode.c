/* decode.c — `attobgp decode`: hex to ExaBGP JSON (being built: see issue 2). */
#include <stdio.h>

#include "app/commands.h"

int app_decode_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("attobgp decode: not available in this build yet\n", stderr);
	return 2;
}
