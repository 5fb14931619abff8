#!/bin/sh
# attobgp flow routes (RFC 8955) read back by gobgp on loopback (see interop_flow.py)
exec python3 "$(dirname "$0")/interop_flow.py"
