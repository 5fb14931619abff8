#!/bin/sh
# attobgp server against gobgp on loopback (see interop.py)
exec python3 "$(dirname "$0")/interop.py" gobgp
