#!/usr/bin/env bash
# test-ovsdb.sh - Kumo's OVSDB client (src/ovsdb, driven through the
# tests/ovsdb/kumo-ovsdb-cli tool) against a REAL ovsdb-server with the
# Open_vSwitch schema, everything in the test's state directory (no
# namespace needed, no system rundir touched):
#  - client A (unix:) monitors Open_vSwitch/Bridge/Port/Interface, creates
#    a bridge with a port and an interface (external_ids:iface-id) in one
#    transaction and sees the updates;
#  - client B (tcp:127.0.0.1) syncs the same state;
#  - ovs-vsctl (a second, foreign client) changes things: A and B see it;
#  - per-op errors (constraint violation at commit, wait timeout) are
#    surfaced;
#  - ovsdb-server is killed with SIGKILL, the database file changed
#    offline (ovsdb-tool transact), the server restarted: A and B
#    reconnect (backoff) and resynchronise, reporting exactly the deletes,
#    inserts and modifies that happened meanwhile, and their replicas equal
#    the server's contents;
#  - ovsdb-server is frozen (SIGSTOP): A's echo probe declares it dead,
#    and after SIGCONT A reconnects and resyncs with no spurious changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init ovsdb

SRC=${KUMO_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
D=$E2E_DIR/ovsdb
mkdir -p "$D" "$E2E_DIR/bg"
export OVS_RUNDIR=$D OVS_DBDIR=$D OVS_LOGDIR=$D

# The CLI is a test tool: build it from the build tree's libraries.
CLI=$D/kumo-ovsdb-cli
for lib in ovsdb core ofp net lib; do
    [ -f "$KUMO_BUILD/libkumo_$lib.a" ] || e2e_fail "no $KUMO_BUILD/libkumo_$lib.a (set KUMO_BUILD)"
done
# An ASan build's libraries need the sanitizer at link time; the CLI then
# also checks the client for leaks and memory errors in this real run.
SAN=()
if nm "$KUMO_BUILD/libkumo_ovsdb.a" 2>/dev/null | grep __asan >/dev/null; then
    SAN=(-fsanitize=address,undefined -fno-omit-frame-pointer)
fi
cc -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter "${SAN[@]}" \
   -I"$SRC/src" -I"$SRC/include" -o "$CLI" "$SRC/tests/ovsdb/kumo-ovsdb-cli.c" \
   "$KUMO_BUILD"/libkumo_{ovsdb,core,ofp,net,lib}.a -ljansson -lssl -lcrypto -lpthread \
    || e2e_fail "cannot build kumo-ovsdb-cli"

SOCK=$D/db.sock
PIDFILE=$D/ovsdb-server.pid
e2e__reg pidfiles.list "$PIDFILE"
ovsdb-tool create "$D/conf.db" "$E2E_SCHEMA"

# start_server [TCP_PORT]: ovsdb-server on unix:$SOCK and 127.0.0.1.
start_server() {
    ovsdb-server "$D/conf.db" --remote="punix:$SOCK" \
        --remote="ptcp:${1:-0}:127.0.0.1" --pidfile="$PIDFILE" \
        --unixctl="$D/ovsdb-server.ctl" --log-file="$D/ovsdb-server.log" \
        --detach --no-chdir -vconsole:off
    e2e_wait_until 5 "ovsdb-server socket" test -S "$SOCK"
}
server_pid() { cat "$PIDFILE"; }
tcp_port() {
    ss -Hltnp 'src 127.0.0.1' | grep "pid=$(server_pid)," \
        | sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' | head -n1
}
vsctl() { ovs-vsctl --db="unix:$SOCK" --no-wait --timeout=5 "$@"; }

start_server
e2e_wait_until 5 "tcp remote bound" test -n "$(tcp_port)"
PORT=$(tcp_port)
e2e_log "ovsdb-server pid $(server_pid), unix:$SOCK, tcp:127.0.0.1:$PORT"
vsctl init

MON=(Open_vSwitch:bridges,next_cfg Bridge:name,ports,fail_mode,datapath_type
     Port:name,interfaces,tag Interface:name,type,external_ids)

# start_cli NAME TARGET ARGS...: a monitoring client in the background,
# commands through fifo $D/NAME.in (fd kept open by this shell), output in
# $E2E_DIR/bg/cli-NAME.log.
start_cli() {
    local name=$1 target=$2; shift 2
    mkfifo "$D/$name.in"
    e2e__reg pidfiles.list "$E2E_DIR/bg/cli-$name.pid"
    "$CLI" --min-backoff 200 --max-backoff 1600 "$@" "$target" monitor "${MON[@]}" \
        < "$D/$name.in" > "$E2E_DIR/bg/cli-$name.log" 2> "$E2E_DIR/bg/cli-$name.err.log" &
    echo $! > "$E2E_DIR/bg/cli-$name.pid"
}
out() { echo "$E2E_DIR/bg/cli-$1.log"; }
nlines() { wc -l < "$(out "$1")"; }
# has NAME FROM PATTERN: client NAME printed PATTERN after line FROM.
has() { tail -n +$(($2 + 1)) "$(out "$1")" | grep -qF -- "$3"; }
# expect NAME FROM PATTERN DESCRIPTION
expect() { e2e_wait_until 10 "$4 (client $1: $3)" has "$1" "$2" "$3"; }
count() { tail -n +$(($2 + 1)) "$(out "$1")" | grep -cF -- "$3" || true; }

start_cli a "unix:$SOCK" --probe 1000
exec 3> "$D/a.in"
expect a 0 "synced initial" "client A synchronised"
has a 0 "insert Open_vSwitch " || e2e_fail "client A: no Open_vSwitch row in the initial sync"
e2e_log "client A synchronised"

# --- One transaction: bridge + port + interface with iface-id. ---
n=$(nlines a)
echo 'transact [{"op":"insert","table":"Interface","uuid-name":"i1","row":{"name":"vm1","type":"internal","external_ids":["map",[["iface-id","vm1-port"]]]}},{"op":"insert","table":"Port","uuid-name":"p1","row":{"name":"vm1","interfaces":["named-uuid","i1"]}},{"op":"insert","table":"Bridge","uuid-name":"b1","row":{"name":"br-int","ports":["set",[["named-uuid","p1"]]],"fail_mode":"secure","datapath_type":"netdev"}},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["set",[["named-uuid","b1"]]]]]}]' >&3
expect a "$n" "ok result=[{\"uuid\":[\"uuid\"," "transaction committed"
expect a "$n" '"external_ids":["map",[["iface-id","vm1-port"]]]' "interface insert"
expect a "$n" '"name":"br-int"' "bridge insert"
has a "$n" 'insert Port ' || e2e_fail "no Port insert event"
has a "$n" 'modify Open_vSwitch ' || e2e_fail "no Open_vSwitch modify event"
BR_UUID=$(tail -n +$((n + 1)) "$(out a)" | sed -n 's/^insert Bridge \([0-9a-f-]*\) .*/\1/p')
[ -n "$BR_UUID" ] || e2e_fail "no Bridge uuid"
[ "$(vsctl get Bridge br-int _uuid)" = "$BR_UUID" ] \
    || e2e_fail "uuid mismatch: server $(vsctl get Bridge br-int _uuid), client $BR_UUID"
[ "$(vsctl get Interface vm1 external_ids:iface-id | tr -d '"')" = vm1-port ] \
    || e2e_fail "iface-id not in the database"
e2e_log "transaction created br-int/vm1, updates seen (bridge $BR_UUID)"

# --- Client B over TCP sees the same state. ---
start_cli b "tcp:127.0.0.1:$PORT" --probe -1     # B never probes: the server does
exec 4> "$D/b.in"
expect b 0 "synced initial" "client B (tcp) synchronised"
has b 0 '"name":"br-int"' || e2e_fail "client B: br-int missing from the initial state"
has b 0 '"iface-id","vm1-port"' || e2e_fail "client B: iface-id missing"
e2e_log "client B (tcp:127.0.0.1:$PORT) synchronised with br-int"

# --- A foreign client (ovs-vsctl) changes things. ---
na=$(nlines a); nb=$(nlines b)
vsctl set Port vm1 tag=42 -- set Interface vm1 external_ids:iface-id=vm1-moved
vsctl add-port br-int vm2 -- set Interface vm2 type=internal external_ids:iface-id=vm2-port
for c in a b; do
    from=$na; [ $c = b ] && from=$nb
    expect $c "$from" '"tag":42' "Port vm1 tag modify"
    expect $c "$from" '"iface-id","vm1-moved"' "Interface vm1 iface-id modify"
    expect $c "$from" '"iface-id","vm2-port"' "Interface vm2 insert"
    has $c "$from" 'modify Port ' || e2e_fail "client $c: no Port modify"
done
e2e_log "ovs-vsctl changes seen by both clients"

# --- Errors per op are surfaced. ---
n=$(nlines a)
echo 'transact [{"op":"insert","table":"Bridge","uuid-name":"dup","row":{"name":"br-int"}},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["named-uuid","dup"]]]}]' >&3
expect a "$n" "commit failed: constraint violation" "duplicate bridge name refused"
n=$(nlines a)
echo 'transact [{"op":"wait","table":"Bridge","where":[["name","==","br-int"]],"columns":["fail_mode"],"until":"==","rows":[{"fail_mode":"standalone"}],"timeout":0}]' >&3
expect a "$n" "operation 0 failed: timed out" "wait op timed out"
n=$(nlines a)
echo 'transact [{"op":"select","table":"Nope","where":[]}]' >&3
expect a "$n" "operation 0 failed: syntax error: Parsing ovsdb operation 1 of 1 failed: No table named Nope" "unknown table refused"
e2e_log "op errors surfaced"

# --- The server's echo (after 5 s idle on tcp) is answered; B stays up. ---
nb=$(nlines b)
b_echoed() { echo stats >&4; sleep 0.5; tail -n 1 "$(out b)" | grep -q 'echo_answered=[1-9]'; }
e2e_wait_until 15 "client B answered the server's echo" b_echoed
has b "$nb" "disconnected" && e2e_fail "client B lost its session while idle"
e2e_log "client B answered ovsdb-server's echo and kept its session"

# --- kill -9, change the database offline, restart: reconnect + resync. ---
na=$(nlines a); nb=$(nlines b)
kill -9 "$(server_pid)"
e2e_wait_until 5 "ovsdb-server gone" eval "! e2e_alive $(server_pid)"
expect a "$na" "disconnected " "client A noticed the server's death"
expect b "$nb" "disconnected " "client B noticed the server's death"
ovsdb-tool transact "$D/conf.db" '["Open_vSwitch",{"op":"insert","table":"Bridge","uuid-name":"nb","row":{"name":"br-new"}},{"op":"update","table":"Open_vSwitch","where":[],"row":{"bridges":["set",[["named-uuid","nb"]]]}}]' >/dev/null
sleep 1     # A few failed attempts, so backoff is exercised.
expect a "$na" "connect-failed " "client A retried while the server was down"
start_server "$PORT"
for c in a b; do
    from=$na; [ $c = b ] && from=$nb
    expect $c "$from" "synced resync" "client $c resynchronised"
    # Exactly: br-int, its 2 ports and 2 interfaces deleted, br-new
    # inserted, the root row modified; nothing else.
    [ "$(count $c "$from" 'delete Bridge ')" = 1 ] || e2e_fail "client $c: expected 1 Bridge delete"
    [ "$(count $c "$from" 'delete Port ')" = 2 ] || e2e_fail "client $c: expected 2 Port deletes"
    [ "$(count $c "$from" 'delete Interface ')" = 2 ] || e2e_fail "client $c: expected 2 Interface deletes"
    [ "$(count $c "$from" 'insert ')" = 1 ] || e2e_fail "client $c: expected 1 insert"
    has $c "$from" '"name":"br-new"' || e2e_fail "client $c: br-new not inserted"
    [ "$(count $c "$from" 'modify ')" = 1 ] || e2e_fail "client $c: expected 1 modify (Open_vSwitch)"
    has $c "$from" "modify Open_vSwitch " || e2e_fail "client $c: Open_vSwitch not modified"
done
e2e_log "restart: both clients reconnected and resynchronised exactly"

# The replica equals the server's contents.
n=$(nlines a)
echo dump >&3
expect a "$n" "dump-end" "replica dump"
got=$(tail -n +$((n + 1)) "$(out a)" | sed -n 's/^row \([A-Za-z_]*\) \([0-9a-f-]*\) .*/\1 \2/p' | sort)
want=$( (for t in Open_vSwitch Bridge Port Interface; do
            vsctl --columns=_uuid --bare list "$t" | sed -n "s/^\([0-9a-f-]\{36\}\)$/$t \1/p"
         done) | sort)
[ "$got" = "$want" ] || e2e_fail "replica differs from the server: got [$got] want [$want]"
e2e_log "replica of A = server contents ($(echo "$want" | wc -l) rows)"

# The client still works after the restart.
n=$(nlines a)
vsctl set Bridge br-new fail_mode=secure
expect a "$n" '"fail_mode":"secure"' "update after the restart"

# --- Frozen server: A's echo probe (1 s) declares it dead. ---
n=$(nlines a)
kill -STOP "$(server_pid)"
expect a "$n" "disconnected no reply to echo" "client A detected the frozen server"
kill -CONT "$(server_pid)"
expect a "$n" "synced resync" "client A resynchronised after the freeze"
[ "$(count a "$n" 'insert ')$(count a "$n" 'delete ')$(count a "$n" 'modify ')" = 000 ] \
    || e2e_fail "client A: spurious row changes after a resync with no change"
e2e_log "echo probe detected a frozen server; resync after it showed no change"

n=$(nlines a)
echo stats >&3
expect a "$n" "stats " "stats"
tail -n +$((n + 1)) "$(out a)" | grep '^stats' >&2
# --- TLS: ssl:127.0.0.1 with ovs-pki certificates (temp PKI). ---
if command -v ovs-pki >/dev/null; then
    PKI=$D/pki
    mkdir -p "$PKI"
    (cd "$PKI" && ovs-pki --dir="$PKI/ca" --log="$PKI/ovs-pki.log" init >/dev/null 2>&1 \
        && ovs-pki --dir="$PKI/ca" --log="$PKI/ovs-pki.log" -u req+sign srv controller >/dev/null \
        && ovs-pki --dir="$PKI/ca" --log="$PKI/ovs-pki.log" -u req+sign cli switch >/dev/null) \
        || e2e_fail "ovs-pki failed"
    na=$(nlines a)
    e2e_kill_pidfile "$PIDFILE"
    ovsdb-server "$D/conf.db" --remote="punix:$SOCK" --remote="pssl:0:127.0.0.1" \
        --private-key="$PKI/srv-privkey.pem" --certificate="$PKI/srv-cert.pem" \
        --ca-cert="$PKI/ca/switchca/cacert.pem" --pidfile="$PIDFILE" \
        --unixctl="$D/ovsdb-server.ctl" --log-file="$D/ovsdb-server.log" \
        --detach --no-chdir -vconsole:off
    e2e_wait_until 5 "ssl remote bound" test -n "$(tcp_port)"
    SPORT=$(tcp_port)
    expect a "$na" "synced resync" "client A back after the TLS-enabled restart"
    SSL_OPTS=(--ssl-key "$PKI/cli-privkey.pem" --ssl-cert "$PKI/cli-cert.pem")
    start_cli c "ssl:127.0.0.1:$SPORT" "${SSL_OPTS[@]}" --ssl-ca "$PKI/ca/controllerca/cacert.pem"
    exec 5> "$D/c.in"
    expect c 0 "synced initial" "client C (ssl) synchronised"
    has c 0 '"name":"br-new"' || e2e_fail "client C: br-new missing"
    n=$(nlines c)
    vsctl set Bridge br-new datapath_type=netdev
    expect c "$n" '"datapath_type":"netdev"' "client C (ssl) sees an update"
    echo quit >&5
    e2e_bg_wait cli-c 5 || e2e_fail "client C did not exit cleanly"
    exec 5>&-
    # A server certificate from a CA we do not trust is refused, clearly.
    rc=0
    "$CLI" --timeout 1500 "${SSL_OPTS[@]}" --ssl-ca "$PKI/ca/switchca/cacert.pem" \
        "ssl:127.0.0.1:$SPORT" schema > "$D/badca.out" 2> "$D/badca.err" || rc=$?
    [ "$rc" = 2 ] || e2e_fail "untrusted server certificate: exit $rc, expected 2 (timeout)"
    grep -q "connect-failed TLS handshake failed" "$D/badca.out" \
        || e2e_fail "untrusted server certificate: no connect-failed line"
    grep -q "server certificate verify failed" "$D/badca.err" \
        || e2e_fail "untrusted server certificate: reason not logged"
    e2e_log "TLS: ssl: client synchronised and saw an update; untrusted server refused"
else
    e2e_log "ovs-pki not installed: TLS part skipped"
fi

echo quit >&3; echo quit >&4
e2e_bg_wait cli-a 5 || e2e_fail "client A did not exit cleanly"
e2e_bg_wait cli-b 5 || e2e_fail "client B did not exit cleanly"
exec 3>&- 4>&-
for c in a b; do
    if grep -E 'protocol error|warn|err' "$E2E_DIR/bg/cli-$c.err.log" | grep -v 'connection failed' >&2; then
        e2e_fail "client $c logged warnings"
    fi
done
e2e_kill_pidfile "$PIDFILE"
e2e_pass
