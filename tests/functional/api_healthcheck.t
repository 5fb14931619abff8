#!/bin/sh
# ExaBGP's healthcheck program as the helper of its api-healthcheck-module case (see api_healthcheck.py)
exec python3 "$(dirname "$0")/api_healthcheck.py"
