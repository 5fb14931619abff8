#!/bin/sh
# The API against the real `attobgp server`: commands and answers on the control socket with
# a live peer, group, errors, peer create/delete, persistence across a restart, slow and
# failed saves (see api_daemon.py)
exec python3 "$(dirname "$0")/api_daemon.py"
