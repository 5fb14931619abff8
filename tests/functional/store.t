#!/bin/sh
# The route store benchmark (bench/b_store) at 100k scale, in whichever build run-all tests
# ($ATTOBGP_BUILD): 100,000 IPv4 + 20,000 IPv6 routes held by 10 neighbours, drained,
# withdrawn, drained again. b_store checks its own counts, that the store ends empty and
# that RSS comes back; under ASan (build-asan) LeakSanitizer checks at exit that nothing
# leaked, and the memory comes back through the sanitizer's allocator purge.
cd "$(dirname "$0")/../.." || exit 1
build=${ATTOBGP_BUILD:-build}
bin=$build/bench/b_store
echo "1..3"
if [ ! -x "$bin" ]; then
	echo "not ok 1 - $bin exists (make unit-bins builds it)"
	echo "not ok 2 - # SKIP"
	echo "not ok 3 - # SKIP"
	exit 1
fi
out=$("$bin" 100000 20000 10 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
if [ "$rc" -eq 0 ]; then echo "ok 1 - b_store 100000 20000 10 exits 0 (every check passed, no sanitizer report)"; else echo "not ok 1 - b_store exits $rc"; fi
if printf '%s\n' "$out" | grep -q '^failures 0$'; then echo "ok 2 - no failed check"; else echo "not ok 2 - failed checks"; fi
if printf '%s\n' "$out" | grep -q 'LeakSanitizer\|AddressSanitizer\|runtime error'; then echo "not ok 3 - sanitizer report"; else echo "ok 3 - no sanitizer report"; fi
