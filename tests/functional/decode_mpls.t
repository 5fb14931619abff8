#!/bin/sh
# attobgp decode --nlri of labelled and VPN NLRI: JSON with label and rd, the command words,
# and a truncated NLRI refused (RFC 7606 5.3). Prints TAP.
bin=${ATTOBGP:-build/attobgp}
n=0
fail=0
check() { # name, want, got
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		echo "#   want: $2"
		echo "#   got:  $3"
		fail=1
	fi
}
check "VPN-IPv4 NLRI as JSON" \
	'{ "family": "ipv4 mpls-vpn", "nlri": [ { "nlri": "10.0.0.0/25", "label": [ [1000, 16001] ], "rd": "65000:1" } ] }' \
	"$("$bin" decode -n -f "ipv4 mpls-vpn" 71003E810000FDE8000000010A000000)"
check "VPN-IPv4 NLRI as command words" "10.0.0.0/25 rd 65000:1 label 1000" \
	"$("$bin" decode -n -m -f "ipv4 mpls-vpn" 71003E810000FDE8000000010A000000)"
check "labelled IPv6 NLRI, a stack of two" \
	'{ "family": "ipv6 nlri-mpls", "nlri": [ { "nlri": "2001:db8::/32", "label": [ [1, 16], [2, 33] ] } ] }' \
	"$("$bin" decode -n -f "ipv6 nlri-mpls" 5000001000002120010DB8)"
out=$("$bin" decode -n -f "ipv4 nlri-mpls" 38C35011C63364)
rc=$?
check "a truncated labelled NLRI is refused" "1 session-reset" "$rc $(echo "$out" | grep -o session-reset)"
echo "1..$n"
exit $fail
