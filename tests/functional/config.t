#!/bin/sh
# attobgp check and -c CONFIG against the golden files (see config.py)
exec python3 "$(dirname "$0")/config.py"
