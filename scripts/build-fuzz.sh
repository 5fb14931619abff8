#!/bin/sh
# build-fuzz.sh fuzz/f_*.c — libFuzzer targets with ASan+UBSan into build-fuzz/.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh fuzz
mkdir -p build-fuzz
lib_src=$(ls src/core/*.c src/wire/*.c src/model/*.c src/rib/*.c src/config/*.c src/api/*.c)
for target in "$@"; do
	name=$(basename "$target" .c)
	echo "  FUZZ    $name"
	# shellcheck disable=SC2086
	clang -std=c17 -g -O1 -Wall -Werror=implicit-function-declaration -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o "build-fuzz/$name" "$target" $lib_src
done
