#!/bin/sh
# demo.sh ATTOBGP — the main job on a built-in default, stopping by itself.
#
# Two attobgp servers on loopback: one announces the routes of etc/attobgp/demo-announce.conf
# from 127.0.0.2, the other (etc/attobgp/demo-receive.conf, on 127.0.0.1) prints what it
# receives as ExaBGP's JSON. Then the announcing side's configuration loses a route and is
# reloaded (SIGHUP): only that withdrawal travels. Then it shuts down (SIGTERM): the receiver
# reports the Cease. Before that, a route is added through the announcing side's control
# socket with `attobgp cli` (next-hop self, resolved for the session) and reaches the
# receiver. Everything is stopped by pid; every wait is bounded. A short encode / decode
# round trip ends it.
set -eu
bin=${1:-build/attobgp}
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/attobgp-demo.XXXXXX")
rpid="" apid=""
cleanup() {
	for pid in $apid $rpid; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in $apid $rpid; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# wait_for FILE PATTERN SECONDS: until a line of FILE matches (grep -E), bounded
wait_for() {
	n=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		if [ "$n" -gt $(($3 * 10)) ]; then
			echo "demo: gave up waiting for '$2' in $(basename "$1")" >&2
			return 1
		fi
		sleep 0.1
	done
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp "$here/etc/attobgp/demo-announce.conf" "$work/announce.conf"

echo "== the receiving side: attobgp server etc/attobgp/demo-receive.conf (127.0.0.1, port $port)"
: > "$work/received.json"
# each server its own control socket (`attobgp cli -s SOCKET` reaches it while the demo runs)
ATTOBGP_DEMO_EVENTS="$work/received.json" exabgp_api_socketpath="$work/receive.sock" exabgp_tcp_port=$port "$bin" server "$here/etc/attobgp/demo-receive.conf" \
	2> "$work/receive.log" &
rpid=$!
wait_for "$work/receive.log" 'listening on' 10
echo "== the announcing side: attobgp server etc/attobgp/demo-announce.conf (127.0.0.2)"
exabgp_api_socketpath="$work/announce.sock" exabgp_tcp_port=$port "$bin" server "$work/announce.conf" \
	2> "$work/announce.log" &
apid=$!

# End-of-RIB for both families: the whole table arrived
wait_for "$work/received.json" '"eor": \{ "afi" : "ipv6"' 10
echo "== what the receiving side printed (ExaBGP JSON, one event a line)"
cat "$work/received.json"
seen=$(wc -l < "$work/received.json")

echo
echo "== 198.51.100.128/25 leaves the announcing side's configuration; SIGHUP reloads it"
grep -v '198.51.100.128/25' "$here/etc/attobgp/demo-announce.conf" > "$work/announce.conf.new"
mv "$work/announce.conf.new" "$work/announce.conf"
kill -HUP "$apid"
wait_for "$work/received.json" '"withdraw"' 10
tail -n +$((seen + 1)) "$work/received.json"
seen=$(wc -l < "$work/received.json")

echo
echo "== a route added through the API: attobgp cli on the announcing side's control socket"
echo "   \$ attobgp cli 'peer * routes add 203.0.113.0/24 next-hop self community [65002:7]'"
"$bin" cli -s "$work/announce.sock" "peer * routes add 203.0.113.0/24 next-hop self community [65002:7]"
wait_for "$work/received.json" '"nlri": "203.0.113.0/24"' 10
tail -n +$((seen + 1)) "$work/received.json"
seen=$(wc -l < "$work/received.json")
echo "   \$ attobgp cli 'routes list'   (its index, the store's)"
"$bin" cli -s "$work/announce.sock" "routes list" | tr '}' '\n' | grep -F '203.0.113.0/24' | sed 's/^[],[ ]*/   /; s/$/}/'

echo
echo "== SIGTERM to the announcing side: Cease / Administrative Shutdown"
kill -TERM "$apid"
wait "$apid" || true
apid=""
wait_for "$work/received.json" '"state": "down"' 10
tail -n +$((seen + 1)) "$work/received.json"

kill -TERM "$rpid"
wait "$rpid" || true
rpid=""

echo
echo "== the announcing side's log"
cat "$work/announce.log"
echo "== the receiving side's log"
cat "$work/receive.log"

echo
echo "== attobgp encode / decode: a route to UPDATE hex and back"
r="route 10.0.0.0/24 next-hop 192.0.2.1 as-path [ 65001 65002 ] community [ 65000:1 ]"
echo "   $r"
hex=$("$bin" encode -a 65001 -z 65002 "$r")
echo "-> $hex"
"$bin" decode -m -a 65001 -z 65002 "$hex"
