#!/bin/sh
# attobgp server against bird on loopback (see interop.py)
exec python3 "$(dirname "$0")/interop.py" bird
