#!/usr/bin/env bash
# Live OVS -> Kumo check: re-runs every capture of capture.sh against the
# installed ovs-ofctl. With the same Open vSwitch version as the committed
# captures the bytes must be identical (the committed files are current);
# with another version every live message must still decode with Kumo.
set -u
. "$(dirname "$0")/golden-lib.sh"
golden_require_ovs

live=$(mktemp -d)
trap 'rm -rf "$live"' EXIT
"$golden_dir/capture.sh" "$KUMO_BUILD" "$live" || golden_fail "capture.sh failed"
n=0
for f in "$live"/*.hex; do
    name=$(basename "$f")
    committed=$golden_dir/ovs-bytes/$name
    if [ ! -f "$committed" ]; then
        golden_fail "$name: captured live but not committed"
    elif [ "$(sed -n 2p "$f")" = "$(sed -n 2p "$committed")" ]; then
        cmp -s "$f" "$committed" || golden_fail "$name: live capture differs from the committed one: $(diff "$committed" "$f")"
    fi
    while read -r hex; do
        case $hex in '#'*|'') continue ;; esac
        n=$((n + 1))
        if ! "$kumoctl" ofp-print "$hex" >/dev/null 2>&1; then
            golden_pending "${name%.hex}" || golden_fail "$name: Kumo rejects live bytes $hex"
        fi
    done <"$f"
done
[ "$n" -gt 100 ] || golden_fail "only $n live messages"
echo "$n live messages checked"
golden_finish
