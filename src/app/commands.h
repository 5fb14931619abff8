/* commands.h — entry points of attobgp's commands; each takes argv starting at its name. */
#ifndef APP_COMMANDS_H
#define APP_COMMANDS_H

#define ATTOBGP_VERSION "0.1.0"

int app_encode_main(int argc, char **argv);
int app_decode_main(int argc, char **argv);
int app_check_main(int argc, char **argv);
int app_server_main(int argc, char **argv);
int app_cli_main(int argc, char **argv);

#endif
