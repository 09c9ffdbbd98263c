#!/usr/bin/env bash
# Kumo's own printer on every golden-gen message (the "hex and text" golden
# table): `kumoctl ofp-print` must accept each and print the reviewed text
# of expected/kumo-print.txt; all of them concatenated in one argument must
# print the same blocks (the multi-message path).
set -u
. "$(dirname "$0")/golden-lib.sh"

actual=$(mktemp); gen=$(mktemp); all=$(mktemp)
trap 'rm -f "$actual" "$gen" "$all"' EXIT
"$golden_gen" >"$gen" || golden_fail "golden-gen failed"
n=0
while read -r name hex; do
    n=$((n + 1))
    echo "== $name"
    "$kumoctl" ofp-print "$hex" 2>&1 || golden_fail "$name: kumoctl ofp-print exits $?"
done <"$gen" >"$actual"
[ "$n" -gt 100 ] || golden_fail "only $n generated messages"
golden_compare "$actual" "$golden_dir/expected/kumo-print.txt"

# Every message at once, via stdin: same text as one by one.
cut -d' ' -f2 "$gen" | "$kumoctl" ofp-print >"$all" || golden_fail "stdin stream rejected"
grep -v '^== ' "$actual" | cmp -s - "$all" || golden_fail "stream print differs from per-message print"
# Malformed input: non-zero exit, the error named on stderr.
err=$("$kumoctl" ofp-print 040e0010000000010000 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && [[ $err == *OFPBRC_BAD_LEN* ]] || golden_fail "truncated message: exit $rc, stderr: $err"
err=$("$kumoctl" ofp-print 04000010000000010001001000000012 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && [[ $err == *OFPBRC_BAD_LEN* ]] || golden_fail "lying hello element: exit $rc, stderr: $err"
err=$("$kumoctl" ofp-print 041e000800000001 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && [[ $err == *OFPBRC_BAD_TYPE* ]] || golden_fail "unknown type: exit $rc, stderr: $err"
"$kumoctl" ofp-print 04zz >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || golden_fail "bad hex: exit $rc, want 2"
echo "$n messages checked"
golden_finish
