#!/bin/sh
# run-fuzz.sh — run every fuzz target for FUZZ_SECONDS (default 30) each, seeded with the
# messages of ExaBGP's corpus. A crash leaves its input in build-fuzz/ and fails the run.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
qa=${ATTOBGP_QA:-tests/exabgp-qa}
seeds=build-fuzz/seeds
mkdir -p "$seeds/messages" "$seeds/text" "$seeds/config"
# configurations: the corpus's and the golden ones
for f in "$qa"/etc/exabgp/*.conf tests/golden/config/good/*.conf tests/golden/config/bad/*.conf; do
	[ -e "$f" ] && cp "$f" "$seeds/config/"
done
if [ -d "$qa" ]; then
	# every raw: line as a binary message, every cmd: line as text
	python3 - "$qa" "$seeds" <<'PY'
import pathlib, re, sys
qa, seeds = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
n = 0
for ci in sorted(qa.glob("qa/*/*.ci")):
    for line in ci.read_text().splitlines():
        m = re.match(r"^[A-Z]?\d+:(raw|cmd):(.*)$", line.strip())
        if not m:
            continue
        n += 1
        if m.group(1) == "raw":
            (seeds / "messages" / f"{n:05d}").write_bytes(bytes.fromhex(m.group(2).replace(":", "")))
        else:
            (seeds / "text" / f"{n:05d}").write_text(m.group(2))
PY
fi
status=0
for bin in build-fuzz/f_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus=build-fuzz/corpus-$name
	mkdir -p "$corpus"
	case "$name" in
	f_route_text*) seed=$seeds/text ;;
	f_config*) seed=$seeds/config ;;
	*) seed=$seeds/messages ;;
	esac
	echo "  RUN     $name for ${seconds}s"
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=0 -artifact_prefix="build-fuzz/$name-" \
		"$corpus" "$seed" >"build-fuzz/$name.log" 2>&1; then
		echo "fuzz: $name failed, see build-fuzz/$name.log"
		tail -30 "build-fuzz/$name.log"
		status=1
	fi
done
exit $status
