#!/usr/bin/env bash
# test-malformed.sh - hostile OpenFlow input while a real switch works:
# of-evil (tests/e2e/of-evil.c) opens one connection per scenario
# (truncated header/body, lying lengths, garbage after hello, 64 KiB
# messages, bad versions; OpenFlow 1.3 and 1.0) and each must get an
# OFPT_ERROR or a clean close; then several such clients at once next to a
# fake switch, and a client that floods 64 MiB without reading replies
# (kumod's memory must stay bounded). Meanwhile switch s1 keeps its one session,
# traffic that needs kumod (learned flows deleted between rounds) works, and
# kumod is alive afterwards, exits cleanly on SIGTERM and logged warnings
# only about the hostile peer. Under an ASan build (test-malformed-asan.sh
# sets KUMO_BUILD) any sanitizer report in the log fails the test.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init "${E2E_TEST_NAME:-malformed}"
e2e_kumod_bin
evil=$(e2e_build_evil)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

e2e_ovs_start sw1
e2e_bridge_add sw1 s1 1
e2e_host_add h1 198.19.7.1/24 sw1 s1 1 "$(e2e_mac 7 1)"
e2e_host_add h2 198.19.7.2/24 sw1 s1 2 "$(e2e_mac 7 2)"
e2e_mgmt_attach sw1

e2e_kumod_start
e2e_set_controller sw1 s1 "tcp:$E2E_CTL_IP:$E2E_OF_PORT"
e2e_wait_kumod_switch 1
e2e_wait_ping h1 198.19.7.2
since=$(e2e_kumod_switch 1 connected_since)
conns=$(e2e_ovs_conn_count sw1 s1)
e2e_log "switch up (session since $since), starting hostile clients"

# Background traffic for the whole attack.
e2e_bg h1 ping ping -n -i 0.1 -w 60 198.19.7.2

for v in 4 1; do
    if ! "$evil" -V "$v" "$E2E_CTL_IP" "$E2E_OF_PORT" all > "$E2E_DIR/evil-$v.log" 2>&1; then
        cat "$E2E_DIR/evil-$v.log" >&2
        e2e_fail "kumod did not answer some malformed OpenFlow $v input with OFPT_ERROR or close"
    fi
    sed 's/^/  /' "$E2E_DIR/evil-$v.log" >&2
    e2e_kumod_alive || e2e_fail "kumod died during the OpenFlow $v scenarios"
    # New flows must still be learned: forget them and ping again.
    e2e_forget sw1 s1 OpenFlow13 "$(e2e_mac 7 1)" "$(e2e_mac 7 2)"
    e2e_wait_ping h1 198.19.7.2 10
    e2e_wait_ping h2 198.19.7.1 10
done

# Several hostile clients at once, plus a fake switch that must still be
# served normally next to them.
pids=()
for v in 4 1 4 1; do
    "$evil" -V "$v" "$E2E_CTL_IP" "$E2E_OF_PORT" all > "$E2E_DIR/evil-par-${#pids[@]}.log" 2>&1 &
    pids+=($!)
done
rc=0
"$evil" "$E2E_CTL_IP" "$E2E_OF_PORT" switch abc 2 > "$E2E_DIR/fake.log" 2>&1 || rc=$?
for p in "${pids[@]}"; do wait "$p" || rc=$((rc | 1)); done
[ "$rc" = 0 ] || { cat "$E2E_DIR"/evil-par-*.log "$E2E_DIR/fake.log" >&2; e2e_fail "parallel hostile clients: some input unanswered or the fake switch was dropped"; }
e2e_log "parallel hostile clients handled"

# Backpressure: a peer that sends 64 MiB of echo requests and never reads
# the replies must not make kumod buffer them all.
kumod_rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$(e2e_kumod_pid)/status"; }
rss0=$(kumod_rss_kb)
e2e_bg - flood "$evil" "$E2E_CTL_IP" "$E2E_OF_PORT" flood 2048 3
e2e_wait_until 60 "the flooding client to finish sending" grep -q 'flood:' "$E2E_DIR/bg/flood.log"
rss1=$(kumod_rss_kb)
e2e_ping h1 198.19.7.2 || e2e_fail "s1's traffic broke while another peer flooded kumod"
e2e_bg_wait flood 10 || true
growth=$(( (rss1 - rss0) / 1024 ))
e2e_log "$(cat "$E2E_DIR/bg/flood.log"); kumod RSS ${rss0} kB -> ${rss1} kB"
if [ "${E2E_TEST_NAME:-}" != malformed-asan ] && [ "$growth" -gt 32 ]; then
    e2e_fail "kumod grew by $growth MiB while a peer did not read its replies (send queue not bounded?)"
fi

e2e_kumod_alive || e2e_fail "kumod died"
[ "$(e2e_kumod_sessions 1)" = 1 ] || e2e_fail "s1's session is gone"
[ "$(e2e_kumod_switch 1 connected_since)" = "$since" ] \
    || e2e_fail "s1 was disconnected during the attack (session since changed)"
[ "$(e2e_ovs_conn_count sw1 s1)" = "$conns" ] \
    || e2e_fail "s1 reconnected during the attack (see ovs-vswitchd.log)"

e2e_kill_pidfile "$E2E_DIR/bg/ping.pid" INT
read -r sent recv < <(awk '/packets transmitted/ {print $1, $4}' "$E2E_DIR/bg/ping.log")
[ -n "${sent:-}" ] || e2e_fail "no ping statistics: $(cat "$E2E_DIR/bg/ping.log")"
# Two table flushes cost a packet or two each while flows are relearned.
[ $((recv * 100)) -ge $((sent * 90)) ] \
    || e2e_fail "background ping lost too much: $recv of $sent answered"
e2e_log "background ping: $recv of $sent answered"

e2e_kumod_stop
# Warnings about the hostile peers (they connect from $E2E_CTL_IP) are
# expected; anything else is not.
e2e_kumod_check_log "$(e2e_re_addr "$E2E_CTL_IP")"
e2e_pass
