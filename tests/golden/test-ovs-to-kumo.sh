#!/usr/bin/env bash
# OVS -> Kumo golden test: every message Open vSwitch's own encoder produced
# (tests/golden/ovs-bytes/*.hex, captured by capture.sh from ovs-ofctl
# talking to of-capture) must
#   1. decode with Kumo (`kumoctl ofp-print` exits 0) to the reviewed text
#      in expected/ovs-to-kumo.txt, and
#   2. re-encode to exactly the same bytes (encode(decode(bytes)) == bytes),
#      except the messages listed in ovs-noncanonical.txt with the reason
#      Kumo's canonical form differs (there the re-encoding must still
#      decode to the same text).
# Captures listed in kumo-pending.txt (decoder not landed) must be rejected
# by Kumo, message by message, wherever it cannot decode them; once every
# message of such a capture decodes, the test fails until the line goes.
set -u
. "$(dirname "$0")/golden-lib.sh"

actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
noncanon=$golden_dir/ovs-noncanonical.txt
n=0
for f in "$golden_dir"/ovs-bytes/*.hex; do
    name=$(basename "$f" .hex)
    echo "== $name"
    grep '^# ovs-ofctl --no-names' "$f"
    i=0
    while read -r hex; do
        case $hex in '#'*|'') continue ;; esac
        i=$((i + 1)); n=$((n + 1))
        if golden_pending "$name" && ! "$kumoctl" ofp-print "$hex" >/dev/null 2>&1; then
            # Listed in kumo-pending.txt: a message whose decoder has not
            # landed yet.
            echo "(pending in kumo-pending.txt)"
            continue
        fi
        if ! text=$("$kumoctl" ofp-print "$hex" 2>&1); then
            golden_fail "$name #$i: Kumo rejects OVS's bytes: $text"
        fi
        echo "$text"
        if ! canon=$("$golden_gen" --reencode "$hex" 2>&1); then
            golden_fail "$name #$i: re-encode failed: $canon"
        elif [ "$canon" != "$hex" ]; then
            if grep -q "^$name #$i " "$noncanon" 2>/dev/null; then
                text2=$("$kumoctl" ofp-print "$canon" 2>&1)
                [ "$text2" = "$text" ] || golden_fail "$name #$i: non-canonical re-encoding reads differently: $text2"
            else
                golden_fail "$name #$i: re-encoding differs:
  ovs:  $hex
  kumo: $canon"
            fi
        fi
    done < "$f"
done > "$actual"
while read -r name reason; do
    case $name in '#'*|'') continue ;; esac
    f=$golden_dir/ovs-bytes/$name.hex
    [ -f "$f" ] || { golden_fail "kumo-pending.txt names $name: no such capture"; continue; }
    if grep -v '^#' "$f" | while read -r hex; do "$kumoctl" ofp-print "$hex" >/dev/null 2>&1 || exit 1; done; then
        golden_fail "$name decodes now: remove it from kumo-pending.txt"
    fi
done < "$golden_dir/kumo-pending.txt"
[ "$n" -gt 100 ] || golden_fail "only $n captured messages found"
golden_compare "$actual" "$golden_dir/expected/ovs-to-kumo.txt"
echo "$n messages checked"
golden_finish
