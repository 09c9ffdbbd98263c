#!/usr/bin/env bash
# Kumo -> OVS golden test: golden-gen encodes a table of messages with
# Kumo's encoders (every message type, OXM field, action and instruction,
# both versions); Open vSwitch's independent decoder (`ovs-ofctl ofp-print`)
# must accept every one without a decode error ("***" markers, warnings)
# -- except the features OVS lacks, listed with reasons in
# ovs-unsupported.txt -- and read the intended fields: its text is compared with the reviewed
# expected/kumo-to-ovs.txt. golden-gen itself checks the round trip
# decode(encode(x)) re-encodes to the same bytes.
set -u
. "$(dirname "$0")/golden-lib.sh"
golden_require_ovs

unsupported=$golden_dir/ovs-unsupported.txt
actual=$(mktemp); errs=$(mktemp); gen=$(mktemp)
trap 'rm -f "$actual" "$errs" "$gen"' EXIT
if ! "$golden_gen" >"$gen"; then
    golden_fail "golden-gen failed (round trip or encode error above)"
fi
n=0
while read -r name hex; do
    n=$((n + 1))
    echo "== $name"
    out=$(ovs-ofctl ofp-print "$hex" 2>"$errs")
    echo "$out"
    # Keep OVS's log lines (minus the timestamp) so a deprecation INFO is
    # visible in review.
    sed 's/^[^|]*|[^|]*|//' "$errs"
    if grep -q "^$name " "$unsupported"; then
        # OVS lacks this feature: it must say so with a decode error.
        case $out in *'***decode error'*) ;; *) golden_fail "$name: listed in ovs-unsupported.txt but OVS decodes it now: $out" ;; esac
        continue
    fi
    case $out in *'***'*) golden_fail "$name: ovs-ofctl reports a decode error: $out" ;; esac
    if grep -qE '\|(WARN|ERR|EMER)\|' "$errs"; then
        golden_fail "$name: ovs-ofctl warns: $(cat "$errs")"
    fi
done <"$gen" >"$actual"
[ "$n" -gt 100 ] || golden_fail "only $n generated messages"
dups=$(cut -d' ' -f1 "$gen" | sort | uniq -d)
[ -z "$dups" ] || golden_fail "golden-gen repeats names: $dups"
while read -r name reason; do
    case $name in '#'*|'') continue ;; esac
    grep -q "^$name " "$gen" || golden_fail "ovs-unsupported.txt names $name, which golden-gen no longer makes"
done < "$unsupported"
golden_compare "$actual" "$golden_dir/expected/kumo-to-ovs.txt"
echo "$n messages checked"
golden_finish
