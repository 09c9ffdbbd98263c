#!/usr/bin/env bash
# test-config.sh - `kumod --check-config --config FILE` accepts a good file
# and rejects bad ones with a useful message: non-zero exit status and an
# error naming FILE:LINE and the offending key. Then kumod really runs
# from the good file (its control socket and unix listener come from the
# file). No switches or namespaces are needed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init config
e2e_kumod_bin
kumod=$KUMO_BUILD/bin/kumod
cfg=$E2E_DIR/cfg
mkdir -p "$cfg"

# check FILE: run the checker (bounded: it must not start serving).
check() { timeout 10 "$kumod" --check-config --config "$1" 2>&1; }

cat > "$cfg/good.conf" <<EOF
# kumod configuration used by test-config.sh
listen = punix:$cfg/of.sock
listen = ptcp:16653:$E2E_MGMT_NET.254

ctl = $cfg/kumod.ctl
workers = 2            # two worker threads
log_level = info
echo_interval = 5s
flow_idle_timeout = 60
api = off              # no HTTP API: parallel test runs share no port
db = $cfg/kumo.db      # this run's own store
EOF
out=$(check "$cfg/good.conf") || e2e_fail "good config rejected: $out"
e2e_log "good config accepted${out:+: $out}"

# expect_bad NAME LINE KEY CONTENT: CONTENT must be rejected with a message
# naming NAME.conf:LINE and KEY (LINE "-" when no line applies).
n_bad=0
expect_bad() {
    local name=$1 line=$2 key=$3 file=$cfg/$1.conf out rc=0
    printf '%s\n' "$4" > "$file"
    out=$(check "$file") || rc=$?
    [ "$rc" != 0 ] || e2e_fail "$name: bad config accepted (exit 0): $out"
    [ "$rc" != 124 ] || e2e_fail "$name: --check-config did not return within 10 s"
    if [ "$line" != - ]; then
        grep -qF "$name.conf:$line" <<< "$out" \
            || e2e_fail "$name: message does not name $name.conf:$line: $out"
    fi
    grep -qF "$key" <<< "$out" || e2e_fail "$name: message does not name '$key': $out"
    [ "$(wc -l <<< "$out")" -le 5 ] || e2e_fail "$name: message is not short: $out"
    e2e_log "$name rejected: $out"
    n_bad=$((n_bad + 1))
}

expect_bad unknown-key 3 bogus_key "# comment
workers = 2
bogus_key = 1"
expect_bad wrong-type 2 workers "ctl = $cfg/x.ctl
workers = many"
expect_bad out-of-range 1 workers "workers = 100000"
expect_bad duplicate 3 workers "workers = 2
log_level = info
workers = 3"
expect_bad bad-listen 2 listen "# listeners
listen = ptcp:notaport"
expect_bad bad-duration 1 echo_interval "echo_interval = soon"
expect_bad no-equals 2 workers "ctl = $cfg/x.ctl
workers 2"
expect_bad bad-bool 1 syslog "syslog = maybe"
# Cross-field: a TLS listener without key, certificate and CA.
expect_bad pssl-no-keys - ssl "listen = pssl:16654:$E2E_MGMT_NET.254"
# A file that does not exist.
out=$(timeout 10 "$kumod" --check-config --config "$cfg/missing.conf" 2>&1) \
    && e2e_fail "missing config file accepted: $out"
grep -qF missing.conf <<< "$out" || e2e_fail "missing file: message does not name it: $out"
e2e_log "$n_bad bad files and a missing file rejected"

# kumod runs from the good file: the control socket named there answers.
# (The TCP listener is not used: make it punix only.)
sed -i '/^listen = ptcp/d' "$cfg/good.conf"
e2e_bg - kumod-cfg "$kumod" --config "$cfg/good.conf"
e2e_wait_until 10 "kumod started from good.conf answers on $cfg/kumod.ctl" \
    "$KUMO_BUILD/bin/kumoctl" --ctl "$cfg/kumod.ctl" switches
[ -S "$cfg/of.sock" ] || e2e_fail "the punix listener from the file was not created"
e2e_kill_pidfile "$E2E_DIR/bg/kumod-cfg.pid"
e2e_check_log "$E2E_DIR/bg/kumod-cfg.log"
e2e_pass
