#!/bin/sh
# attobgp server end to end (see server.py)
exec python3 "$(dirname "$0")/server.py"
