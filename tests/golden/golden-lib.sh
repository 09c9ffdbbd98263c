# Shared helpers of the golden tests (sourced, not run). Expects KUMO_BUILD
# and KUMO_SRC (ctest sets them); defaults suit running from the source root.
KUMO_SRC=${KUMO_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KUMO_BUILD=${KUMO_BUILD:-$KUMO_SRC/build}
golden_dir=$KUMO_SRC/tests/golden
kumoctl=$KUMO_BUILD/bin/kumoctl
golden_gen=$KUMO_BUILD/bin/golden-gen
golden_failures=0

# golden_fail MESSAGE: records a failure (the test goes on, to show them all).
golden_fail() {
    echo "FAIL: $*" >&2
    golden_failures=$((golden_failures + 1))
}

# golden_compare ACTUAL EXPECTED: diffs the text just produced against the
# committed expectation. With KUMO_GOLDEN_UPDATE=1 it rewrites the
# expectation instead (review the git diff before committing!).
golden_compare() {
    if [ "${KUMO_GOLDEN_UPDATE:-0}" = 1 ]; then
        mkdir -p "$(dirname "$2")"
        cp "$1" "$2" || golden_fail "cannot write $2"
        echo "updated $2"
    elif ! diff -u "$2" "$1"; then
        golden_fail "output differs from $2 (see diff above; KUMO_GOLDEN_UPDATE=1 regenerates)"
    fi
}

# golden_require_ovs: ovs-ofctl is a hard dependency of these tests (CI
# installs openvswitch-common); fail, never skip, when it is missing.
golden_require_ovs() {
    if ! command -v ovs-ofctl >/dev/null; then
        echo "FAIL: ovs-ofctl not installed (Debian package openvswitch-common)" >&2
        exit 1
    fi
}

# golden_finish: exit status and summary line.
golden_finish() {
    if [ "$golden_failures" -ne 0 ]; then
        echo "$golden_failures failure(s)" >&2
        exit 1
    fi
    echo "ok"
}

# golden_pending NAME: true if capture NAME is listed in kumo-pending.txt
# (a decoder not landed yet; the caller then requires Kumo to reject it).
golden_pending() {
    grep -q "^$1 " "$golden_dir/kumo-pending.txt" 2>/dev/null
}
