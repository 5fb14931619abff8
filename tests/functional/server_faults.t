#!/bin/sh
# attobgp server when peers misbehave (see server_faults.py)
exec python3 "$(dirname "$0")/server_faults.py"
