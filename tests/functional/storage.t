#!/bin/sh
# config/storage against symlink races, injected failures, a full filesystem and kill -9
# (see storage.py; drives $ATTOBGP_BUILD/tests/tools/storage_tool)
exec python3 "$(dirname "$0")/storage.py"
