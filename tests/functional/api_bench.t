#!/bin/sh
# The API benchmark (bench/b_api) at 20,000 commands, in whichever build run-all tests
# ($ATTOBGP_BUILD): through a control connection and a helper pipe, persistence off and on
# (on: each change saved through config/storage, group commit), pipelined and lock-step.
# Every command must be answered without error; under ASan, no sanitizer report.
cd "$(dirname "$0")/../.." || exit 1
build=${ATTOBGP_BUILD:-build}
bin=$build/bench/b_api
n=0
check() {
	n=$((n + 1))
	out=$(env $1 "$bin" $2 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "^errors 0$" && printf '%s\n' "$out" | grep -q "^commands $3$" &&
		! printf '%s\n' "$out" | grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error'; then
		echo "ok $n - b_api $2 $1: $(printf '%s\n' "$out" | grep commands_per_s)"
	else
		echo "not ok $n - b_api $2 $1 (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}
if [ ! -x "$bin" ]; then
	echo "1..1"
	echo "not ok 1 - $bin exists (make unit-bins builds it)"
	exit 1
fi
check "" "socket 20000" 20000
check "B_API_PERSIST=1" "socket 20000" 20000
check "" "pipe 20000" 20000
check "B_API_PERSIST=1" "pipe 20000" 20000
check "" "socket 2000 --legacy --window 1" 2000
check "" "pipe 2000 --legacy --window 1" 2000
echo "1..$n"
