#!/bin/sh
# attobgp decode --json-v4 against Debian's ExaBGP 4.2 (see exabgp42.py)
exec python3 "$(dirname "$0")/exabgp42.py"
