#!/bin/sh
# attobgp server against openbgpd on loopback (see interop.py)
exec python3 "$(dirname "$0")/interop.py" openbgpd
