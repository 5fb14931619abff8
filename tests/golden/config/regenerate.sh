#!/bin/sh
# regenerate.sh [BUILD] — rewrite the expected outputs of the configuration golden files
# from the current binary, for review with `git diff` (OpenBGPD's regress habit):
#   good/NAME.conf -> good/NAME.expected   `attobgp check` output (the canonical text)
#   bad/NAME.conf  -> bad/NAME.error       the exact error `attobgp check` gives
#   ExaBGP's corpus (etc/exabgp/NAME.conf under $ATTOBGP_QA, default /work/shared/exabgp-qa)
#                  -> corpus/NAME.expected  its canonical text
# tests/functional/config.t compares them.
set -eu
cd "$(dirname "$0")"
bin="$(cd ../../.. && pwd)/${1:-build}/attobgp"
for f in good/*.conf; do
	if ! "$bin" check "$f" > "${f%.conf}.expected" 2>/dev/null; then
		echo "regenerate.sh: $f is refused: $("$bin" check -q "$f" 2>&1)" >&2
		exit 1
	fi
done
for f in bad/*.conf; do
	if "$bin" check -q "$f" > /dev/null 2> "${f%.conf}.error"; then
		echo "regenerate.sh: $f is accepted: it belongs in good/" >&2
		exit 1
	fi
done
qa=${ATTOBGP_QA:-/work/shared/exabgp-qa}
if [ -d "$qa/etc/exabgp" ]; then
	mkdir -p corpus
	for f in "$qa"/etc/exabgp/*.conf; do
		name=$(basename "$f" .conf)
		# run from the corpus folder: the text holds no path, the output is the same anywhere
		if ! (cd "$qa/etc/exabgp" && "$bin" check "$name.conf") > "corpus/$name.expected" 2>/dev/null; then
			echo "regenerate.sh: the corpus's $name.conf is refused" >&2
			exit 1
		fi
	done
fi
echo "regenerated $(ls good/*.expected | wc -l) good, $(ls bad/*.error | wc -l) bad and $(ls corpus/*.expected 2>/dev/null | wc -l) corpus expectations"
