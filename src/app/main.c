/* main.c — the one attobgp binary: dispatches to its commands (like `exabgp` 6).
 *
 *   attobgp encode ...     route text to UPDATE hex
 *   attobgp decode ...     hex to ExaBGP JSON
 *   attobgp check ...      parse, validate and print a configuration
 *   attobgp cli ...        talk to a running server over its control socket
 *   attobgp server ...     the daemon (also `attobgp CONFIG...`)
 *   attobgp --version | --help
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/commands.h"

static void usage(FILE *out)
{
	fputs("usage: attobgp COMMAND [ARGS...]\n"
	      "\n"
	      "commands:\n"
	      "  server [-d] [-p PIDFILE] [-v|-q] [--json-v4] [--shutdown-text TEXT] CONFIG...\n"
	      "                 run the BGP sessions of the configurations (also: attobgp CONFIG...)\n"
	      "  encode [-c CONFIG] [-f \"AFI SAFI\"] [-a LOCAL_AS] [-z PEER_AS] [-i] [-n] [--no-header] ROUTE...\n"
	      "                 route text to BGP UPDATE hex, one message a line (stdin when no ROUTE)\n"
	      "  decode [-c CONFIG] [-f \"AFI SAFI\"] [--open|--update|--nlri] [-i] [-m] HEX...\n"
	      "                 BGP messages in hex to ExaBGP JSON (stdin: one message a line)\n"
	      "  check [-q] CONFIG...\n"
	      "                 parse and validate configurations, print them in canonical form\n"
	      "  cli [-s SOCKET] [-t SECONDS] [COMMAND...]\n"
	      "                 send a command to a running server (interactive without COMMAND)\n"
	      "  --version      print the version\n"
	      "  --help         this text\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("attobgp %s\n", ATTOBGP_VERSION);
		return 0;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "encode") == 0)
		return app_encode_main(argc - 1, argv + 1);
	if (strcmp(cmd, "decode") == 0)
		return app_decode_main(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return app_check_main(argc - 1, argv + 1);
	if (strcmp(cmd, "cli") == 0)
		return app_cli_main(argc - 1, argv + 1);
	if (strcmp(cmd, "server") == 0)
		return app_server_main(argc - 1, argv + 1);
	/* `attobgp CONFIG...`, as `exabgp CONFIG`: a readable file is a configuration */
	if (cmd[0] != '-' && access(cmd, R_OK) == 0)
		return app_server_main(argc, argv);
	fprintf(stderr, "attobgp: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
