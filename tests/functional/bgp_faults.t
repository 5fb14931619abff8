#!/bin/sh
# the session engine when peers misbehave (see bgp_faults.py)
exec python3 "$(dirname "$0")/bgp_faults.py"
