#!/usr/bin/env bash
# test-malformed-asan.sh - test-malformed.sh against kumod built with
# AddressSanitizer + UBSan: KUMO_BUILD itself if it is a sanitizer build
# (CI runs this test from build-asan), else $KUMO_SRC/build-asan if it
# exists; otherwise it is skipped with a message. Any sanitizer report in
# kumod's log (including LeakSanitizer's at exit) fails the test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${KUMO_SRC:-$(cd "$here/../.." && pwd)}

is_asan() {
    [ -x "$1/bin/kumod" ] && grep -qx 'KUMO_SANITIZE:BOOL=ON' "$1/CMakeCache.txt" 2>/dev/null
}
if is_asan "${KUMO_BUILD:-./build}"; then
    build=${KUMO_BUILD:-./build}
elif is_asan "$src/build-asan"; then
    build=$src/build-asan
else
    echo "SKIP: [malformed-asan] no ASan build of kumod (KUMO_BUILD=${KUMO_BUILD:-} is not one and $src/build-asan/bin/kumod is missing); run 'make asan' first" >&2
    exit 0
fi
echo "[malformed-asan] using $build" >&2
KUMO_BUILD=$build E2E_TEST_NAME=malformed-asan exec bash "$here/test-malformed.sh"
