#!/usr/bin/env bash
# test-overlay-scale.sh - one kumod configuring N emulated hypervisors
# (N = KUMO_OVERLAY_SCALE_N, default 30): each is a real ovsdb-server with
# the Open_vSwitch schema on a unix socket in the test directory (no
# ovs-vswitchd: only the OVSDB side is measured, so no namespace is
# needed). Chassis are registered through the REST API; the test measures
# the time until every chassis is converged (br-int + 3 tunnel ports),
# kumod's memory per chassis, then restarts kumod and checks that every
# chassis converges again WITHOUT a single transaction (no churn). The
# figures go to stderr (and $E2E_DIR/figures).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init overlay-scale
e2e_kumod_bin
command -v curl >/dev/null || e2e_skip "curl not installed"
N=${KUMO_OVERLAY_SCALE_N:-30}

for i in $(seq "$N"); do
    d=$E2E_DIR/hv$i
    mkdir -p "$d"
    e2e__reg pidfiles.list "$d/ovsdb-server.pid"
    ovsdb-tool create "$d/conf.db" "$E2E_SCHEMA"
    e2e_ovs "hv$i" ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" \
        --pidfile="$d/ovsdb-server.pid" --log-file="$d/ovsdb-server.log" \
        -vconsole:off --detach --no-chdir 2>> "$d/start.err" \
        || { cat "$d/start.err" >&2; e2e_fail "ovsdb-server hv$i did not start"; }
    e2e_vsctl "hv$i" init
done
e2e_log "$N ovsdb-servers up"

cat > "$E2E_DIR/kumod.conf" <<EOF
api = 127.0.0.1:0
db = $E2E_DIR/kumo.db
overlay_controller = tcp:127.0.0.1:$E2E_OF_PORT
EOF
start_kumod() {
    # No switch connects (no ovs-vswitchd): any free loopback port.
    e2e_kumod_start --listen ptcp:0:127.0.0.1 --config "$E2E_DIR/kumod.conf"
    e2e_wait_until 5 "kumod's API address in its log" e2e_kumod_api_url
    API=$(e2e_kumod_api_url)
}
rss() { awk '/VmRSS/ {print $2}' "/proc/$(e2e_kumod_pid)/status"; }
# converged_count: chassis converged with their 3 tunnel ports, and the
# sum of their transactions.
converged_count() {
    e2e_kumoctl --json chassis | e2e_json \
        '"%d %d" % (sum(1 for c in R if c["converged"] and len(c["tunnels"]) == 3), sum(c["transactions"] for c in R))'
}
all_converged() { local c; c=$(converged_count); [ "${c% *}" = "$N" ]; }

start_kumod
rss0=$(rss)
t0=$(e2e_now_ms)
for i in $(seq "$N"); do
    code=$(curl -sS -m 20 -o /dev/null -w '%{http_code}' -X POST \
        -H 'Content-Type: application/json' \
        --data-binary "{\"name\":\"hv$i\",\"ovsdb_addr\":\"unix:$E2E_DIR/hv$i/db.sock\",\"tunnel_ip\":\"198.18.$((i / 250)).$((i % 250 + 1))\",\"encaps\":[\"vxlan\",\"geneve\",\"gre\"]}" \
        "$API/v1/chassis")
    [ "$code" = 201 ] || e2e_fail "POST chassis hv$i: HTTP $code"
done
t1=$(e2e_now_ms)
e2e_wait_until 120 "all $N chassis converged" all_converged
t2=$(e2e_now_ms)
rss1=$(rss)
for i in 1 "$N"; do
    [ "$(e2e_vsctl "hv$i" list-ports br-int | grep -c '^kumo-')" = 3 ] \
        || e2e_fail "hv$i: tunnel ports $(e2e_vsctl "hv$i" list-ports br-int)"
done
fig="N=$N: registration $((t1 - t0)) ms, all converged $((t2 - t0)) ms after the first POST ($((t2 - t1)) ms after the last); kumod RSS ${rss0} kB -> ${rss1} kB ($(( (rss1 - rss0) / N )) kB per chassis)"
echo "$fig" >> "$E2E_DIR/figures"
e2e_log "$fig"

e2e_kumod_stop
t3=$(e2e_now_ms)
start_kumod
e2e_wait_until 120 "all $N chassis converged after kumod's restart" all_converged
t4=$(e2e_now_ms)
c=$(converged_count)
[ "${c#* }" = 0 ] || e2e_fail "${c#* } transactions after kumod's restart (expected none)"
fig="kumod restart: all $N chassis resynchronised and converged in $((t4 - t3)) ms, 0 transactions"
echo "$fig" >> "$E2E_DIR/figures"
e2e_log "$fig"

e2e_kumod_check_log
e2e_pass
