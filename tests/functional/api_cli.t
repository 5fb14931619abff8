#!/bin/sh
# attobgp cli against the API's test server (see api_cli.py)
exec python3 "$(dirname "$0")/api_cli.py"
