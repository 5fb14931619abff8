#!/bin/sh
# ExaBGP's encode/decode corpus against attobgp (see corpus.py)
exec python3 "$(dirname "$0")/corpus.py"
