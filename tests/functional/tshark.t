#!/bin/sh
# Every UPDATE attobgp encodes, dissected by tshark (see tshark.py)
exec python3 "$(dirname "$0")/tshark.py"
