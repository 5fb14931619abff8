#!/bin/sh
# ExaBGP's encoding suite against attobgp server (see encoding.py)
exec python3 "$(dirname "$0")/encoding.py" "$@"
