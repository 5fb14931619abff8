#!/bin/sh
# servers starting together on the shared default control socket path (see api_socket_race.py)
exec python3 "$(dirname "$0")/api_socket_race.py"
