#!/bin/sh
# demo.sh ATTOBGP — the main job on a built-in default.
# Until the daemon exists: encode sample routes to UPDATE hex, decode them back to
# ExaBGP JSON, and show that decoding with -m gives back the route text.
set -eu
bin=${1:-build/attobgp}
routes="route 10.0.0.0/24 next-hop 192.0.2.1 origin igp as-path [ 65001 65002 ] med 10 community [ 65000:1 no-export ]
route 2001:db8::/32 next-hop 2001:db8::1 local-preference 200 large-community [ 65000:1:2 ]"

echo "== attobgp encode (local AS 65001, peer AS 65002)"
echo "$routes" | while IFS= read -r r; do
	echo "   $r"
	hex=$("$bin" encode -a 65001 -z 65002 -f "ipv4 unicast ipv6 unicast" "$r")
	echo "-> $hex"
	echo "== attobgp decode"
	"$bin" decode -a 65001 -z 65002 "$hex"
	echo "== attobgp decode -m"
	"$bin" decode -m -a 65001 -z 65002 "$hex"
	echo
done
