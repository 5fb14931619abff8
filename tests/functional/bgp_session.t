#!/bin/sh
# the session engine against a scripted peer (see bgp_session.py)
exec python3 "$(dirname "$0")/bgp_session.py"
