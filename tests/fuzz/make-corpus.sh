#!/usr/bin/env bash
# Regenerates the seed corpus of fuzz-ofp-decode (tests/fuzz/corpus/
# ofp-decode/) from the golden messages: every message golden-gen encodes,
# every message Open vSwitch produced (tests/golden/ovs-bytes), and a few
# multi-message streams. One binary file per input, named after its source.
#
#   tests/fuzz/make-corpus.sh [BUILD_DIR]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
out=$src/tests/fuzz/corpus/ofp-decode
mkdir -p "$out"
rm -f "$out"/*.bin

# hex_to_file HEX FILE
hex_to_file() {
    # The format holds only \xHH escapes, never a '%'.
    # shellcheck disable=SC2059
    printf "$(printf '%s' "$1" | sed 's/../\\x&/g')" > "$2"
}

n=0
"$build/bin/golden-gen" | while read -r name hex; do
    hex_to_file "$hex" "$out/gen-$name.bin"
done
for f in "$src"/tests/golden/ovs-bytes/*.hex; do
    name=$(basename "$f" .hex)
    i=0
    while read -r hex; do
        case $hex in '#'*|'') continue ;; esac
        i=$((i + 1))
        hex_to_file "$hex" "$out/ovs-$name-$i.bin"
    done <"$f"
    # The whole conversation as one stream, too.
    hex_to_file "$(grep -v '^#' "$f" | tr -d '\n')" "$out/ovs-$name-stream.bin"
done
echo "$(ls "$out" | wc -l) seed inputs in $out"
