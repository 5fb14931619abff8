/* encode.c — `attobgp encode`: route text to UPDATE hex (being built: see issue 2). */
#include <stdio.h>

#include "app/commands.h"

int app_encode_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("attobgp encode: not available in this build yet\n", stderr);
	return 2;
}
