#!/bin/sh
# make demo's script stays working: two servers, the table, a reload's withdrawal, the Cease
cd "$(dirname "$0")/../.." || exit 1
out=$(timeout 60 scripts/demo.sh "${ATTOBGP:-build/attobgp}" 2>&1)
rc=$?
n=0
check() {
	n=$((n + 1))
	if printf '%s\n' "$out" | grep -Eq "$2"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "$out" | tail -20 | sed 's/^/#   /'
	fi
}
n=$((n + 1))
if [ "$rc" -eq 0 ]; then echo "ok $n - demo.sh exits 0"; else echo "not ok $n - demo.sh exits 0 (got $rc)"; fi
check "the receiver prints the announced routes as JSON" '"nlri": "198.51.100.128/25"'
check "both End-of-RIB markers" '"eor": \{ "afi" : "ipv6", "safi" : "unicast" \}'
check "the reload withdraws the removed route" '"withdraw": \{ "ipv4 unicast": \[ \{ "nlri": "198.51.100.128/25" \} \]'
check "a route added with attobgp cli reaches the receiver, next-hop self resolved" '"127.0.0.2": \[ \{ "nlri": "203.0.113.0/24" \} \]'
check "routes list gives its index" '"index": "010118cb007100"'
check "the shutdown reaches the receiver as Cease 6/2" '"code": 6, "subcode": 2'
check "the encode/decode round trip" '^announce route 10.0.0.0/24 next-hop 192.0.2.1'
if printf '%s\n' "$out" | grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error'; then
	n=$((n + 1)); echo "not ok $n - nothing from the sanitizers"
else
	n=$((n + 1)); echo "ok $n - nothing from the sanitizers"
fi
echo "1..$n"
