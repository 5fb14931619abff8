#!/bin/sh
# the session engine against BIRD 2 and ExaBGP 4.2 on loopback (see bgp_interop.py)
exec python3 "$(dirname "$0")/bgp_interop.py"
