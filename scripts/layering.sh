#!/bin/sh
# layering.sh — each layer may include only the layers below it (doc/architecture.md):
#   core <- wire <- model <- rib <- { bgp, config, api } <- server <- app
# A grep over #include lines; prints every violation and fails if there is one.
set -eu
cd "$(dirname "$0")/.."

allowed() {
	case "$1" in
	core) echo "core" ;;
	wire) echo "core wire" ;;
	model) echo "core wire model" ;;
	rib) echo "core wire model rib" ;;
	bgp | config | api) echo "core wire model rib $1" ;;
	server) echo "core wire model rib bgp config api server" ;;
	app) echo "core wire model rib bgp config api server app" ;;
	*) echo "" ;;
	esac
}

bad=0
for dir in src/*/; do
	layer=$(basename "$dir")
	ok=$(allowed "$layer")
	if [ -z "$ok" ]; then
		echo "layering: unknown layer src/$layer (add it to scripts/layering.sh)"
		bad=1
		continue
	fi
	for f in "$dir"*.[ch]; do
		[ -e "$f" ] || continue
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r line; do
			inc=$(echo "$line" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/')
			target=${inc%%/*}
			[ "$target" = "$inc" ] && { echo "layering: $f: include \"$inc\" must name its layer (\"layer/file.h\")"; exit 1; }
			case " $ok " in
			*" $target "*) ;;
			*) echo "layering: $f:${line%%:*}: $layer may not include $inc"; exit 1 ;;
			esac
		done || bad=1
	done
done
# encode/decode link only core + wire + model: src/app's codec tools include nothing else
for f in src/app/encode.c src/app/decode.c; do
	[ -e "$f" ] || continue
	if grep -nE '#[[:space:]]*include[[:space:]]*"(rib|bgp|config|api)/' "$f"; then
		echo "layering: $f: encode/decode use only core, wire and model"
		bad=1
	fi
done
[ "$bad" -eq 0 ] && echo "layering: ok"
exit "$bad"
