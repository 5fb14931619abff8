#!/bin/sh
# attobgp server against frr on loopback (see interop.py)
exec python3 "$(dirname "$0")/interop.py" frr
