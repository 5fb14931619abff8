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
# the UPDATEs of qa/decoding (evpn, bgp-ls, sr-policy, ...), a header put on bare bodies
for f in sorted((qa / "qa" / "decoding").glob("*")):
    lines = f.read_text().splitlines()
    if len(lines) < 2 or not lines[0].startswith("update"):
        continue
    raw = bytes.fromhex(re.sub(r"[\s:]", "", lines[1]))
    if raw[:16] != b"\xff" * 16:
        raw = b"\xff" * 16 + (len(raw) + 19).to_bytes(2, "big") + b"\x02" + raw
    (seeds / "messages" / f"decoding-{f.name}").write_bytes(raw)
PY
fi
# API commands (f_api): the v6 tree, selectors, indexes, a few lines per seed
i=0
while IFS= read -r cmd; do
	i=$((i + 1))
	printf '%b\n' "$cmd" >"$seeds/text/api-$i"
done <<'SEEDS'
peer * routes add 10.0.0.0/24 next-hop 1.2.3.4\nroutes list\nroutes remove index 0101180a000000
peer [10.0.0.1 peer-as 65001, 2001:db8::1] announce route 1.0.0.0/8 next-hop self
neighbor 10.0.0.1, neighbor 2001:db8::1 local-as 65000 withdraw route 1.0.0.0/8
group announce route 9.0.0.0/8 next-hop 1.1.1.1 ; withdraw route 10.0.0.0/24
peer 10.0.0.1 announce index 0101180a000000\npeer * withdraw index 0101180a000000
show neighbor 10.0.0.1 extensive\npeer list\ndaemon status\nsystem help
rib show out extensive ipv4 unicast\nflush adj-rib out\nclear adj-rib in
peer create 10.0.0.9 local-as 1 peer-as 2 family-allowed ipv4-unicast/ipv6-unicast\npeer delete 10.0.0.9
disable-ack\nannounce eor ipv4 unicast\nsilence-ack\nenable-ack\nsession sync enable
routes ipv6 unicast add 2001:db8:1::/48 next-hop 2001:db8::ff\nrouting ipv6 list
teardown 6 2 "bye"\nannounce route-refresh ipv4 unicast\nannounce watchdog w
announce flow route { match { source 10.0.0.1/32; destination-port [ >1024&<2048 =80 ]; tcp-flags [ syn&!ack ]; } then { rate-limit 9600; } }\nwithdraw ipv4 flow-vpn destination-ipv4 10.0.0.0/8 rd 65000:1
SEEDS
status=0
for bin in build-fuzz/f_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus=build-fuzz/corpus-$name
	mkdir -p "$corpus"
	case "$name" in
	f_route_text* | f_api*) seed=$seeds/text ;;
	f_config*) seed=$seeds/config ;;
	*) seed=$seeds/messages ;;
	esac
	# inputs that once failed (fuzz/regressions/TARGET/) are part of every run's corpus
	regressions=""
	[ -d "fuzz/regressions/$name" ] && regressions="fuzz/regressions/$name"
	echo "  RUN     $name for ${seconds}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=0 -artifact_prefix="build-fuzz/$name-" \
		"$corpus" "$seed" $regressions >"build-fuzz/$name.log" 2>&1; then
		echo "fuzz: $name failed, see build-fuzz/$name.log"
		tail -30 "build-fuzz/$name.log"
		status=1
	fi
done
exit $status
