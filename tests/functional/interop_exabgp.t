#!/bin/sh
# attobgp server against exabgp on loopback (see interop.py)
exec python3 "$(dirname "$0")/interop.py" exabgp
