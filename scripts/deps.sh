#!/bin/sh
# deps.sh — make sure the Debian packages a job needs are installed.
#
#   scripts/deps.sh build|test|demo|bench|fuzz|interop
#
# As root, missing packages are installed with apt-get. Otherwise the script names exactly
# what is missing and the command that would install it, and fails.
set -eu

job=${1:-test}

build_pkgs="gcc make libc6-dev libedit-dev"
case "$job" in
build) pkgs="$build_pkgs" ;;
test) pkgs="$build_pkgs perl python3 tshark exabgp clang libclang-rt-14-dev strace bird2 frr gobgpd openbgpd" ;;
demo) pkgs="$build_pkgs python3" ;;
bench) pkgs="$build_pkgs python3 exabgp bird2" ;;
fuzz) pkgs="$build_pkgs clang libclang-rt-14-dev" ;;
interop) pkgs="$build_pkgs python3 exabgp bird2 frr gobgpd openbgpd" ;;
*) echo "deps.sh: unknown job '$job' (build|test|demo|bench|fuzz|interop)" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "deps.sh: installing for '$job':$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	# tshark asks whether non-root users may capture; the answer does not matter to us
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
	# A package's post-install must not leave a BGP daemon running on our ports
	exit 0
fi

echo "deps.sh: missing Debian packages for '$job':$missing" >&2
echo "deps.sh: install them with: sudo apt-get install$missing" >&2
exit 1
