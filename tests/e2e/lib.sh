# shellcheck shell=bash
# lib.sh - Kumo's end-to-end test harness: real Open vSwitch (userspace
# "netdev" datapath) in network namespaces, hosts as namespaces wired to
# the bridges with veths, and kumod (or any controller) in the root
# namespace on a private management bridge.
#
# A test says:   set -euo pipefail; . "$(dirname "$0")/lib.sh"; e2e_init NAME
# and then builds its testbed with the e2e_* functions below. e2e_init
# installs an EXIT trap that removes exactly what the run created.
#
# Isolation between parallel runs on one machine:
# - every name carries the run's prefix $E2E_PREFIX (env KUMO_E2E_PREFIX,
#   default "ke" + the shell's PID): namespaces "$E2E_PREFIX-NAME", root
#   namespace links "$E2E_PREFIX-mgmt" (bridge) and "${E2E_PREFIX}mN"
#   (one veth per switch instance);
# - the management subnet is a /24 inside 198.18.0.0/15 (env
#   KUMO_E2E_MGMT_NET as three octets, e.g. "198.18.42"; by default picked
#   from the PID, skipping subnets already present in the root namespace).
#   The controller listens on .254 of it, never on 0.0.0.0;
# - every OVS instance runs in its own namespace with OVS_RUNDIR, OVS_DBDIR
#   and OVS_LOGDIR pointing at its own state directory (never the system
#   one), and no OVS is ever started in the root namespace;
# - teardown kills processes only through our pidfiles (after checking that
#   the process's command line names our state directory) or by membership
#   of our namespaces, never by name; it deletes only recorded links and
#   namespaces. All addresses are in 198.18.0.0/15.
#
# Environment: KUMO_BUILD (build directory holding bin/kumod and
# bin/kumoctl, default ./build), KUMO_E2E_KEEP=1 keeps the testbed and the
# state directory after the test (KUMO_E2E_KEEP=fail: only after a
# failure; for debugging, then run e2e_teardown by hand, see README.md),
# KUMO_E2E_DEBUG=1 traces the harness.

# shellcheck disable=SC2034  # used by the tests
E2E_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KUMO_BUILD=${KUMO_BUILD:-./build}
E2E_SCHEMA=${E2E_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
E2E_OF_PORT=${E2E_OF_PORT:-6653}        # kumod's TCP listener
E2E_SSL_PORT=${E2E_SSL_PORT:-6654}      # kumod's TLS listener
E2E_NAME=
E2E_DIR=
E2E_T0=

# ---------------------------------------------------------------------------
# Messages and control flow.

e2e_log() { echo "[$E2E_NAME $(e2e_elapsed)] $*" >&2; }

# e2e_fail MSG...: report a failure and end the test (the EXIT trap cleans up).
e2e_fail() { echo "FAIL: [$E2E_NAME] $*" >&2; exit 1; }

# e2e_skip MSG...: the test cannot run here (missing prerequisite); exit 0.
e2e_skip() { echo "SKIP: [$E2E_NAME] $*" >&2; exit 0; }

# e2e_pass: final success line.
e2e_pass() { echo "PASS: [$E2E_NAME] in $(e2e_elapsed)" >&2; }

e2e_now_ms() { date +%s%3N; }
e2e_elapsed() {
    local ms=$(( $(e2e_now_ms) - ${E2E_T0:-$(e2e_now_ms)} ))
    printf '%d.%03ds' $((ms / 1000)) $((ms % 1000))
}

# e2e_wait_until TIMEOUT_S DESCRIPTION CMD...: run CMD every 0.1 s until it
# succeeds; fail the test with DESCRIPTION after TIMEOUT_S seconds.
e2e_wait_until() {
    local timeout=$1 desc=$2 deadline; shift 2
    deadline=$(( $(e2e_now_ms) + timeout * 1000 ))
    until "$@" >/dev/null 2>&1; do
        if [ "$(e2e_now_ms)" -ge "$deadline" ]; then
            e2e_fail "timed out after ${timeout}s waiting for: $desc"
        fi
        sleep 0.1
    done
}

# e2e_poll TIMEOUT_S CMD...: like e2e_wait_until but returns 1 on timeout.
e2e_poll() {
    local timeout=$1 deadline; shift
    deadline=$(( $(e2e_now_ms) + timeout * 1000 ))
    until "$@" >/dev/null 2>&1; do
        [ "$(e2e_now_ms)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# ---------------------------------------------------------------------------
# Setup and teardown.

# e2e_init NAME: check prerequisites, pick the prefix and management subnet,
# create the state directory and install the cleanup trap.
e2e_init() {
    E2E_NAME=$1
    E2E_T0=$(e2e_now_ms)
    [ "${KUMO_E2E_DEBUG:-0}" = 1 ] && set -x
    [ "$(id -u)" = 0 ] || e2e_skip "needs root (network namespaces)"
    local tool
    for tool in ip ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ping ss; do
        command -v "$tool" >/dev/null || e2e_skip "$tool not installed"
    done
    [ -r "$E2E_SCHEMA" ] || e2e_skip "OVS schema $E2E_SCHEMA missing"

    if [ -n "${KUMO_E2E_PREFIX:-}" ]; then
        E2E_PREFIX=$KUMO_E2E_PREFIX
        [[ $E2E_PREFIX =~ ^[a-z][a-z0-9]{0,9}$ ]] \
            || e2e_fail "KUMO_E2E_PREFIX must be 1-10 of [a-z0-9], starting with a letter"
        e2e__prefix_free "$E2E_PREFIX" \
            || e2e_fail "prefix $E2E_PREFIX already in use (namespaces or links exist)"
    else
        # PIDs repeat across PID namespaces (containers, CI boxes) that
        # share /run/netns: fall back to random suffixes.
        E2E_PREFIX=ke$$
        local i
        for i in $(seq 20); do
            e2e__prefix_free "$E2E_PREFIX" && break
            E2E_PREFIX=ke$RANDOM$((RANDOM % 100))
        done
        e2e__prefix_free "$E2E_PREFIX" || e2e_fail "no free name prefix found"
    fi
    E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kumo-e2e-$E2E_PREFIX.XXXX")
    : > "$E2E_DIR/netns.list"
    : > "$E2E_DIR/links.list"
    : > "$E2E_DIR/pidfiles.list"
    : > "$E2E_DIR/ovs.list"
    trap e2e__exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    e2e__pick_mgmt_net
    E2E_MGMT_BR=$E2E_PREFIX-mgmt
    E2E_CTL_IP=$E2E_MGMT_NET.254
    E2E_CTL_SOCK=$E2E_DIR/kumod.ctl
    E2E_KUMOD_LOG=$E2E_DIR/kumod.log
    echo 0 > "$E2E_DIR/mgmt.count"
    e2e_log "prefix $E2E_PREFIX, mgmt $E2E_MGMT_NET.0/24, state $E2E_DIR"
}

# Is name prefix $1 unused (no namespace or root link starting with it)?
e2e__prefix_free() {
    ! ls /run/netns/"$1"-* >/dev/null 2>&1 \
        && ! ip -o link show | grep -qE "^[0-9]+: $1(-|m[0-9])"
}

# Is 198.18.X.0/24 (given as three octets) free in the root namespace?
e2e__net_free() {
    ! ip -4 -o addr show | grep -qF " $1." \
        && ! ip -4 route show | grep -qE "^${1//./\\.}\.[0-9]+(/| )"
}

e2e__pick_mgmt_net() {
    local i n
    if [ -n "${KUMO_E2E_MGMT_NET:-}" ]; then
        E2E_MGMT_NET=$KUMO_E2E_MGMT_NET
        if ! [[ $E2E_MGMT_NET =~ ^198\.1[89]\.([0-9]{1,3})$ ]] \
           || [ "${BASH_REMATCH[1]}" -gt 255 ]; then
            e2e_fail "KUMO_E2E_MGMT_NET must be three octets inside 198.18.0.0/15, e.g. 198.18.42"
        fi
        e2e__net_free "$E2E_MGMT_NET" \
            || e2e_fail "management subnet $E2E_MGMT_NET.0/24 is already in use"
        return 0
    fi
    # Octets 1..250 of 198.18.X (0 and 255 are the shared testbed's defaults).
    for i in $(seq 0 249); do
        n=$(( ($$ + i) % 250 + 1 ))
        if e2e__net_free "198.18.$n"; then
            E2E_MGMT_NET=198.18.$n
            return 0
        fi
    done
    e2e_fail "no free /24 in 198.18.1-250"
}

e2e__reg() { echo "$2" >> "$E2E_DIR/$1"; }

# Is PID running (not a zombie)? kill -0 succeeds on zombies.
e2e_alive() {
    local st
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [ -n "$st" ] && [ "$st" != Z ]
}

# e2e_pidfile_alive FILE: the process named by pidfile FILE is running.
e2e_pidfile_alive() { [ -s "$1" ] && e2e_alive "$(cat "$1")"; }

# e2e_kill_pidfile FILE [SIGNAL]: send SIGNAL (default TERM) to the process
# in FILE if its command line mentions $E2E_DIR (so a recycled PID is never
# hit), wait up to 3 s for it to go (then KILL), remove FILE.
e2e_kill_pidfile() {
    local f=$1 sig=${2:-TERM} pid i
    [ -s "$f" ] || { rm -f "$f"; return 0; }
    pid=$(cat "$f")
    if e2e_alive "$pid" && e2e__ours "$pid"; then
        kill -s "$sig" "$pid" 2>/dev/null || true
        for i in $(seq 60); do e2e_alive "$pid" || break; sleep 0.05; done
        if e2e_alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
        for i in $(seq 20); do e2e_alive "$pid" || break; sleep 0.05; done
    fi
    # Reap it if it is our child (background kumod, e2e_bg jobs).
    e2e_alive "$pid" || wait "$pid" 2>/dev/null || true
    rm -f "$f"
}

# Was PID started by this run? It is a child of the test's shell, its
# command line names $E2E_DIR, or it runs inside one of our namespaces.
e2e__ours() {
    local ns ppid
    ppid=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f2) || return 1
    [ "$ppid" = "$$" ] && return 0
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$E2E_DIR" && return 0
    ns=$(ip netns identify "$1" 2>/dev/null) || return 1
    [ -n "$ns" ] && grep -qxF "$ns" "$E2E_DIR/netns.list"
}

# Pids of processes inside our recorded namespaces.
e2e__ns_pids() {
    local ns
    while read -r ns; do
        [ -e "/run/netns/$ns" ] && ip netns pids "$ns" 2>/dev/null
    done < "$E2E_DIR/netns.list"
    return 0
}

# Dump what helps to debug a failure: the tails of every log we own.
e2e__dump_logs() {
    local f
    for f in "$E2E_DIR"/kumod.log "$E2E_DIR"/bg/*.log; do
        [ -s "$f" ] || continue
        echo "----- ${f#"$E2E_DIR"/} (last 40 lines) -----" >&2
        tail -n 40 "$f" >&2
    done
    for f in "$E2E_DIR"/*/ovs-vswitchd.log; do
        [ -s "$f" ] || continue
        echo "----- ${f#"$E2E_DIR"/} (controller and warning lines, last 15) -----" >&2
        grep -E '\|(WARN|ERR|EMER)\||rconn|connmgr' "$f" | tail -n 15 >&2
    done
    # Flow tables and kumod's view, when they can still be read.
    local name br
    while read -r name; do
        e2e_pidfile_alive "$E2E_DIR/$name/ovs-vswitchd.pid" || continue
        for br in $(e2e_ovs "$name" timeout 5 ovs-vsctl list-br 2>/dev/null); do
            echo "----- flows of $br on $name -----" >&2
            e2e_ovs "$name" timeout 5 ovs-ofctl -O OpenFlow13,OpenFlow10 dump-flows "$br" >&2 2>&1
            echo "----- ports of $br on $name -----" >&2
            e2e_ovs "$name" timeout 5 ovs-ofctl -O OpenFlow13,OpenFlow10 dump-ports "$br" >&2 2>&1
            e2e_ovs "$name" timeout 5 ovs-ofctl -O OpenFlow13,OpenFlow10 show "$br" 2>&1 \
                | grep -E '^ [0-9A-Z]|state|config' >&2
        done
    done < "$E2E_DIR/ovs.list"
    if e2e_pidfile_alive "$E2E_DIR/kumod.pid"; then
        echo "----- kumoctl switches / counters -----" >&2
        timeout 5 "$KUMO_BUILD/bin/kumoctl" --ctl "$E2E_CTL_SOCK" switches >&2 2>&1
        timeout 5 "$KUMO_BUILD/bin/kumoctl" --ctl "$E2E_CTL_SOCK" counters >&2 2>&1
    fi
    # Extra dumps a test asked for (function names, e.g. e2e_dump_fabric).
    for f in ${E2E_DUMP_HOOKS[@]+"${E2E_DUMP_HOOKS[@]}"}; do "$f"; done
}

# e2e_teardown: stop everything recorded, delete recorded links and
# namespaces, remove the state directory. Idempotent; never fails.
e2e_teardown() {
    local f pid ns l name
    [ -n "$E2E_DIR" ] && [ -d "$E2E_DIR" ] || return 0
    set +e
    while read -r f; do e2e_kill_pidfile "$f"; done < "$E2E_DIR/pidfiles.list"
    # Whatever still runs inside our namespaces was started by this test.
    pid=$(e2e__ns_pids)
    if [ -n "$pid" ]; then
        # shellcheck disable=SC2086  # one pid per word
        kill $pid 2>/dev/null
        sleep 0.2
        pid=$(e2e__ns_pids)
        # shellcheck disable=SC2086
        [ -n "$pid" ] && kill -9 $pid 2>/dev/null
    fi
    while read -r l; do
        ip link show "$l" >/dev/null 2>&1 && ip link del "$l" 2>/dev/null
    done < "$E2E_DIR/links.list"
    while read -r ns; do
        [ -e "/run/netns/$ns" ] && ip netns del "$ns"
    done < "$E2E_DIR/netns.list"
    # Check nothing is left behind.
    while read -r ns; do
        [ -e "/run/netns/$ns" ] && echo "WARNING: namespace $ns left behind" >&2
    done < "$E2E_DIR/netns.list"
    while read -r l; do
        ip link show "$l" >/dev/null 2>&1 && echo "WARNING: link $l left behind" >&2
    done < "$E2E_DIR/links.list"
    while read -r name; do
        for f in "$E2E_DIR/$name"/*.pid; do
            [ -e "$f" ] && e2e_pidfile_alive "$f" \
                && echo "WARNING: $(basename "$f" .pid) of $name still running" >&2
        done
    done < "$E2E_DIR/ovs.list"
    rm -rf "$E2E_DIR"
    set -e
}

e2e__exit() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [ "$rc" != 0 ] && [ -n "$E2E_DIR" ] && [ -d "$E2E_DIR" ]; then
        e2e__dump_logs
    fi
    if [ "${KUMO_E2E_KEEP:-0}" = 1 ] || { [ "${KUMO_E2E_KEEP:-0}" = fail ] && [ "$rc" != 0 ]; }; then
        echo "KUMO_E2E_KEEP=1: testbed kept; state in $E2E_DIR" >&2
    else
        e2e_teardown
    fi
    exit "$rc"
}

# ---------------------------------------------------------------------------
# Namespaces and Open vSwitch instances.

# e2e_ns NAME: the namespace name for short name NAME.
e2e_ns() { echo "$E2E_PREFIX-$1"; }

# e2e_ns_add NAME: namespace "$E2E_PREFIX-NAME" with lo up and IPv6 off
# (router solicitations, MLD and DAD would show up as packet-ins).
e2e_ns_add() {
    local ns; ns=$(e2e_ns "$1")
    [ -e "/run/netns/$ns" ] && e2e_fail "namespace $ns already exists"
    e2e__reg netns.list "$ns"
    ip netns add "$ns"
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
}

# e2e_exec NAME CMD...: run CMD inside namespace NAME.
e2e_exec() { local ns; ns=$(e2e_ns "$1"); shift; ip netns exec "$ns" "$@"; }

# e2e_ovs NAME CMD...: run an ovs-* tool against OVS instance NAME.
e2e_ovs() {
    local d=$E2E_DIR/$1; shift
    OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d "$@"
}

# e2e_ovs_start NAME: namespace NAME with its own ovsdb-server and
# ovs-vswitchd; state, sockets and logs in $E2E_DIR/NAME.
e2e_ovs_start() {
    local name=$1 d=$E2E_DIR/$1
    e2e_ns_add "$name"
    mkdir -p "$d"
    e2e__reg ovs.list "$name"
    e2e__reg pidfiles.list "$d/ovs-vswitchd.pid"
    e2e__reg pidfiles.list "$d/ovsdb-server.pid"
    ovsdb-tool create "$d/conf.db" "$E2E_SCHEMA"
    e2e_ovs "$name" ip netns exec "$(e2e_ns "$name")" ovsdb-server "$d/conf.db" \
        --remote="punix:$d/db.sock" --pidfile="$d/ovsdb-server.pid" \
        --log-file="$d/ovsdb-server.log" -vconsole:off --detach --no-chdir \
        2>> "$d/start.err" || { cat "$d/start.err" >&2; e2e_fail "ovsdb-server of $name did not start"; }
    e2e_ovs "$name" ovs-vsctl --no-wait init
    e2e_ovs "$name" ovs-vsctl --no-wait set Open_vSwitch . \
        external_ids:hostname="$E2E_PREFIX-$name" external_ids:system-id="$E2E_PREFIX-$name"
    e2e_vswitchd_start "$name"
}

# e2e_vswitchd_start NAME: (re)start ovs-vswitchd of instance NAME. Its
# unixctl socket stays at the default place inside OVS_RUNDIR.
e2e_vswitchd_start() {
    local name=$1 d=$E2E_DIR/$1
    e2e_ovs "$name" ip netns exec "$(e2e_ns "$name")" ovs-vswitchd "unix:$d/db.sock" \
        --pidfile="$d/ovs-vswitchd.pid" --log-file="$d/ovs-vswitchd.log" \
        -vconsole:off --detach --no-chdir \
        2>> "$d/start.err" || { cat "$d/start.err" >&2; e2e_fail "ovs-vswitchd of $name did not start"; }
}

# e2e_vswitchd_stop NAME [SIGNAL]: stop ovs-vswitchd of instance NAME
# (SIGNAL TERM by default; KILL simulates a crash).
e2e_vswitchd_stop() { e2e_kill_pidfile "$E2E_DIR/$1/ovs-vswitchd.pid" "${2:-TERM}"; }

# e2e_bridge_add OVS BR DPID [PROTOCOLS]: netdev bridge with datapath id
# DPID (hex, no 0x), fail-mode secure, in-band control off, OpenFlow
# versions PROTOCOLS (default OpenFlow10,OpenFlow13).
e2e_bridge_add() {
    local name=$1 br=$2 dpid=$3 protos=${4:-OpenFlow10,OpenFlow13}
    e2e_ovs "$name" ovs-vsctl add-br "$br" -- set bridge "$br" \
        datapath_type=netdev fail-mode=secure protocols="$protos" \
        other_config:disable-in-band=true \
        other_config:datapath-id="$(printf %016x "0x$dpid")"
}

# e2e_port_add OVS BR IFACE [OFPORT]: add an interface of OVS's namespace.
e2e_port_add() {
    local extra=()
    [ -n "${4:-}" ] && extra=(-- set interface "$3" ofport_request="$4")
    e2e_ovs "$1" ovs-vsctl add-port "$2" "$3" "${extra[@]}"
}

# e2e_veth NS_A IF_A NS_B IF_B: veth between two of our namespaces (short
# names; may be equal), both ends up.
e2e_veth() {
    local nsa nsb
    nsa=$(e2e_ns "$1"); nsb=$(e2e_ns "$3")
    ip link add name "$2" netns "$nsa" type veth peer name "$4" netns "$nsb"
    ip netns exec "$nsa" ip link set "$2" up
    ip netns exec "$nsb" ip link set "$4" up
}

# e2e_host_add HOST IP/LEN OVS BR OFPORT [MAC]: host namespace HOST whose
# eth0 (IP/LEN) is wired to port HOST (ofport OFPORT) of bridge BR. TX
# checksum offload is turned off: with the netdev datapath, TCP would
# otherwise leave with partial checksums that nobody completes.
e2e_host_add() {
    local host=$1 ip=$2 ovs=$3 br=$4 ofp=$5 mac=${6:-}
    e2e_ns_add "$host"
    e2e_veth "$host" eth0 "$ovs" "$host"
    [ -n "$mac" ] && e2e_exec "$host" ip link set eth0 address "$mac"
    e2e_exec "$host" ip addr add "$ip" dev eth0
    if command -v ethtool >/dev/null; then
        e2e_exec "$host" ethtool -K eth0 tx off >/dev/null 2>&1 || true
    fi
    e2e_port_add "$ovs" "$br" "$host" "$ofp"
}

# e2e_link OVS_A BR_A OVS_B BR_B OFPORT_A OFPORT_B: veth link between two
# bridges (ports "BR_A-BR_B" and "BR_B-BR_A"); the instances may be equal.
e2e_link() {
    local a=$1 ba=$2 b=$3 bb=$4
    e2e_veth "$a" "$ba-$bb" "$b" "$bb-$ba"
    e2e_port_add "$a" "$ba" "$ba-$bb" "$5"
    e2e_port_add "$b" "$bb" "$bb-$ba" "$6"
}

# e2e_mgmt_attach OVS: connect instance OVS to the management bridge in the
# root namespace (created on first use with $E2E_CTL_IP/24). Sets
# E2E_MGMT_IP to the address given to OVS (also in $E2E_DIR/OVS/mgmt-ip).
e2e_mgmt_attach() {
    local name=$1 n rif
    if ! grep -qxF "$E2E_MGMT_BR" "$E2E_DIR/links.list"; then
        e2e__net_free "$E2E_MGMT_NET" \
            || e2e_fail "management subnet $E2E_MGMT_NET.0/24 taken meanwhile"
        e2e__reg links.list "$E2E_MGMT_BR"
        ip link add name "$E2E_MGMT_BR" type bridge
        ip addr add "$E2E_CTL_IP/24" dev "$E2E_MGMT_BR"
        ip link set "$E2E_MGMT_BR" up
    fi
    n=$(( $(cat "$E2E_DIR/mgmt.count") + 1 ))
    echo "$n" > "$E2E_DIR/mgmt.count"
    rif=${E2E_PREFIX}m$n
    e2e__reg links.list "$rif"
    ip link add name "$rif" type veth peer name mgmt0 netns "$(e2e_ns "$name")"
    ip link set "$rif" master "$E2E_MGMT_BR" up
    E2E_MGMT_IP=$E2E_MGMT_NET.$n
    e2e_exec "$name" ip addr add "$E2E_MGMT_IP/24" dev mgmt0
    e2e_exec "$name" ip link set mgmt0 up
    echo "$E2E_MGMT_IP" > "$E2E_DIR/$name/mgmt-ip"
}

# e2e_set_controller OVS BR TARGET...: point BR at controller TARGET(s)
# (e.g. "tcp:$E2E_CTL_IP:$E2E_OF_PORT"); short probe and backoff.
e2e_set_controller() {
    local name=$1 br=$2 t i=0 ids="" args=(); shift 2
    for t in "$@"; do
        i=$((i + 1)); ids="$ids${ids:+,}@c$i"
        args+=(-- "--id=@c$i" create controller target="\"$t\"" \
               inactivity_probe=3000 max_backoff=1000)
    done
    e2e_ovs "$name" ovs-vsctl set bridge "$br" controller="[$ids]" "${args[@]}" >/dev/null
}

# e2e_ovs_conn_count OVS BR: how many times BR's controller connection
# came up, from the vswitchd log (the DB's is_connected lags by seconds).
e2e_ovs_conn_count() {
    grep -cE "\|$2<->[a-z]+:[^ ]*: connected$" "$E2E_DIR/$1/ovs-vswitchd.log" 2>/dev/null || true
}

e2e__conn_count_gt() { [ "$(e2e_ovs_conn_count "$1" "$2")" -gt "$3" ]; }

# e2e_wait_ovs_connected OVS BR [AFTER] [TIMEOUT]: wait until BR's
# controller connection has come up more than AFTER times (default 0).
e2e_wait_ovs_connected() {
    e2e_wait_until "${4:-20}" "$2 on $1 connected to its controller" \
        e2e__conn_count_gt "$1" "$2" "${3:-0}"
}

# e2e_ofctl OVS ARGS...: ovs-ofctl (OpenFlow 1.3) against instance OVS.
e2e_ofctl() { local name=$1; shift; e2e_ovs "$name" ovs-ofctl -O OpenFlow13 "$@"; }

# e2e_mac A B: the fixed MAC 02:00:c6:13:A:B (two numbers) for test hosts.
e2e_mac() { printf '02:00:c6:13:%02x:%02x' "$1" "$2"; }

# e2e_forget OVS BR PROTOCOL MAC...: delete the flows towards each MAC
# (non-strict dl_dst=MAC, so the controller's table-miss flow stays) so
# that traffic to those hosts needs the controller again.
e2e_forget() {
    local name=$1 br=$2 proto=$3 m; shift 3
    for m in "$@"; do
        e2e_ovs "$name" ovs-ofctl -O "$proto" del-flows "$br" "dl_dst=$m"
    done
}

# e2e_re_addr IP: extended regexp matching "IP:" (an address with a port,
# as kumod logs peers), dots escaped.
e2e_re_addr() { echo "${1//./\\.}:"; }

# ---------------------------------------------------------------------------
# TLS material (ovs-pki, always with --dir: never the system PKI).

# e2e_pki_init DIR: a CA pair (controllerca + switchca) in DIR/ca.
e2e_pki_init() {
    mkdir -p "$1"
    ovs-pki --dir="$1/ca" --log="$1/ovs-pki.log" init >/dev/null 2>&1 \
        || e2e_fail "ovs-pki init in $1 failed (see $1/ovs-pki.log)"
}

# e2e_pki_cert DIR NAME TYPE: key + certificate NAME-{privkey,cert}.pem in
# DIR, signed by DIR's TYPE ("switch" or "controller") CA.
e2e_pki_cert() {
    (cd "$1" && ovs-pki --dir="$1/ca" --log="$1/ovs-pki.log" -u req+sign "$2" "$3" >/dev/null 2>&1) \
        || e2e_fail "ovs-pki req+sign $2 $3 in $1 failed"
}

# ---------------------------------------------------------------------------
# Background processes.

# e2e_bg NS TAG CMD...: start CMD in the background inside namespace NS
# ("-" for the root namespace); pid in $E2E_DIR/bg/TAG.pid, output in
# $E2E_DIR/bg/TAG.log. Teardown kills it (it is a child of the test's shell).
e2e_bg() {
    local ns=$1 tag=$2; shift 2
    mkdir -p "$E2E_DIR/bg"
    e2e__reg pidfiles.list "$E2E_DIR/bg/$tag.pid"
    if [ "$ns" = - ]; then
        "$@" > "$E2E_DIR/bg/$tag.log" 2>&1 &
    else
        ip netns exec "$(e2e_ns "$ns")" "$@" > "$E2E_DIR/bg/$tag.log" 2>&1 &
    fi
    echo $! > "$E2E_DIR/bg/$tag.pid"
}

# e2e_bg_wait TAG [TIMEOUT_S]: wait for background job TAG to end; returns
# its exit status (124 on timeout, after killing it).
e2e_bg_wait() {
    local f=$E2E_DIR/bg/$1.pid pid rc=0
    pid=$(cat "$f")
    if ! e2e_poll "${2:-30}" eval "! e2e_alive $pid"; then
        e2e_kill_pidfile "$f" KILL
        return 124
    fi
    wait "$pid" || rc=$?
    rm -f "$f"
    return "$rc"
}

# e2e_listening IP PORT: something listens on TCP IP:PORT (root namespace).
e2e_listening() { [ -n "$(ss -Hltn "src $1:$2")" ]; }

# ---------------------------------------------------------------------------
# kumod and kumoctl.

# e2e_kumod_bin: check the build has kumod and kumoctl.
e2e_kumod_bin() {
    [ -x "$KUMO_BUILD/bin/kumod" ] || e2e_fail "no $KUMO_BUILD/bin/kumod (set KUMO_BUILD)"
    [ -x "$KUMO_BUILD/bin/kumoctl" ] || e2e_fail "no $KUMO_BUILD/bin/kumoctl (set KUMO_BUILD)"
}

# e2e_kumod_start [ARG...]: start kumod in the root namespace listening on
# ptcp:$E2E_OF_PORT:$E2E_CTL_IP (unless ARGs contain --listen), control
# socket $E2E_CTL_SOCK, stderr appended to $E2E_KUMOD_LOG; waits until the
# control socket answers.
e2e_kumod_start() {
    local args=("$@") pf=$E2E_DIR/kumod.pid
    e2e_kumod_bin
    [[ " ${args[*]} " == *" --listen "* ]] \
        || args=(--listen "ptcp:$E2E_OF_PORT:$E2E_CTL_IP" "${args[@]}")
    # The run's own tenant store and no HTTP API unless asked for (here or
    # in a --config file): parallel runs must not share /var/lib/kumo or
    # port 8181.
    if [[ " ${args[*]} " != *" --config "* ]]; then
        [[ " ${args[*]} " == *" --db "* ]] || args+=(--db "$E2E_DIR/kumo.db")
        [[ " ${args[*]} " == *" --api "* ]] || args+=(--api off)
    fi
    grep -qxF "$pf" "$E2E_DIR/pidfiles.list" || e2e__reg pidfiles.list "$pf"
    echo "=== kumod start $(date -u +%T.%N) ${args[*]}" >> "$E2E_KUMOD_LOG"
    "$KUMO_BUILD/bin/kumod" "${args[@]}" --ctl "$E2E_CTL_SOCK" \
        >> "$E2E_KUMOD_LOG" 2>&1 &
    echo $! > "$pf"
    e2e_wait_until 10 "kumod's control socket" e2e_kumoctl_ok
}

e2e_kumod_pid() { cat "$E2E_DIR/kumod.pid"; }
e2e_kumod_alive() { e2e_pidfile_alive "$E2E_DIR/kumod.pid"; }

# e2e_kumod_kill: SIGKILL kumod (a crash), reap it.
e2e_kumod_kill() { e2e_kill_pidfile "$E2E_DIR/kumod.pid" KILL; }

# e2e_kumod_stop: SIGTERM kumod and check it exits by itself with status 0
# within 5 s (fails the test otherwise).
e2e_kumod_stop() {
    local pid rc=0
    pid=$(e2e_kumod_pid)
    e2e_kumod_alive || e2e_fail "kumod (pid $pid) is not running"
    kill -TERM "$pid"
    e2e_poll 5 eval "! e2e_alive $pid" || e2e_fail "kumod did not exit within 5 s of SIGTERM"
    wait "$pid" || rc=$?
    rm -f "$E2E_DIR/kumod.pid"
    [ "$rc" = 0 ] || e2e_fail "kumod exited with status $rc after SIGTERM"
}

# e2e_kumoctl ARG...: kumoctl against this run's kumod.
e2e_kumoctl() { "$KUMO_BUILD/bin/kumoctl" --ctl "$E2E_CTL_SOCK" "$@"; }
e2e_kumoctl_ok() { e2e_kumoctl --json switches >/dev/null 2>&1; }

# e2e_json EXPR: evaluate Python expression EXPR over the JSON document on
# stdin and print the result (python3 is a dependency of Open vSwitch).
# Names: j = the document, R = its "result" member if it is a control
# socket reply (else j), dp(V) = datapath id V (hex string or number) as an
# int, sw(DPID) = the list of entries of R whose dpid is DPID.
e2e_json() {
    /usr/bin/python3 -c 'import json, sys
j = json.load(sys.stdin)
R = j["result"] if isinstance(j, dict) and "result" in j else j
def dp(v):
    return int(v.replace(":", ""), 16) if isinstance(v, str) else int(v)
def sw(d):
    return [s for s in R if dp(s["dpid"]) == d]
r = eval(sys.argv[1])
print(json.dumps(r) if isinstance(r, (dict, list)) else r)' "$1"
}

# e2e_kumod_sessions DPID: how many sessions kumod lists for datapath DPID
# (hex, no 0x).
e2e_kumod_sessions() {
    e2e_kumoctl --json switches | e2e_json "len(sw(0x$1))"
}

# e2e_kumod_switch DPID FIELD: FIELD of kumod's (single) session for DPID.
e2e_kumod_switch() {
    e2e_kumoctl --json switches | e2e_json "sw(0x$1)[0][\"$2\"]"
}

e2e__sessions_eq() { [ "$(e2e_kumod_sessions "$1")" = "$2" ]; }

# e2e_wait_kumod_switch DPID [TIMEOUT_S]: wait until kumod lists exactly
# one session for DPID.
e2e_wait_kumod_switch() {
    e2e_wait_until "${2:-20}" "kumod lists switch $1" e2e__sessions_eq "$1" 1
}

# e2e_kumod_check_log [ALLOW_ERE...]: fail if kumod's log has a warning or
# error line not matched by one of the extended regexps, or any sanitizer
# report (never allowed).
e2e_kumod_check_log() { e2e_check_log "$E2E_KUMOD_LOG" "$@"; }

# e2e_check_log FILE [ALLOW_ERE...]: see e2e_kumod_check_log.
e2e_check_log() {
    local file=$1 bad re; shift
    [ -f "$file" ] || return 0
    if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|ThreadSanitizer' "$file"; then
        grep -nE -A 30 'Sanitizer|runtime error:' "$file" | head -n 60 >&2
        e2e_fail "sanitizer report in $(basename "$file")"
    fi
    bad=$(grep -nE '\|(warn|err)\||(^|[ |])(WARN|WARNING|ERROR)[:|]' "$file" || true)
    for re in "$@"; do
        bad=$(grep -vE -- "$re" <<< "$bad" || true)
    done
    if [ -n "$bad" ]; then
        echo "unexpected warning/error lines in $(basename "$file"):" >&2
        echo "$bad" >&2
        e2e_fail "unexpected WARN/ERR lines in $(basename "$file")"
    fi
}

# ---------------------------------------------------------------------------
# Traffic.

# e2e_ping HOST IP [COUNT]: COUNT (default 3) pings, all must be answered.
e2e_ping() {
    e2e_exec "$1" ping -q -n -c "${3:-3}" -i 0.2 -W 1 "$2" >/dev/null
}

# e2e_wait_ping HOST IP [TIMEOUT_S]: wait until one ping from HOST to IP
# is answered (learning and reconnects take a moment), then require three
# more in a row.
e2e_wait_ping() {
    e2e_wait_until "${3:-15}" "ping $1 -> $2" e2e_exec "$1" ping -q -n -c 1 -W 1 "$2"
    e2e_ping "$1" "$2" 3 || e2e_fail "ping $1 -> $2 answered once, then lost packets"
}

# e2e_no_ping HOST IP: fail if HOST reaches IP (2 pings, 1 s each).
e2e_no_ping() {
    if e2e_exec "$1" ping -q -n -c 2 -i 0.2 -W 1 "$2" >/dev/null 2>&1; then
        e2e_fail "ping $1 -> $2 unexpectedly answered"
    fi
}

# ---------------------------------------------------------------------------
# Test clients.

# e2e_build_evil: compile of-evil.c (hostile / fake switch client) into the
# state directory and print its path.
e2e_build_evil() {
    local out=$E2E_DIR/of-evil
    if [ ! -x "$out" ]; then
        command -v "${CC:-cc}" >/dev/null || e2e_fail "no C compiler (cc) to build of-evil"
        "${CC:-cc}" -std=gnu11 -O1 -g -Wall -Wextra -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Werror -o "$out" "$E2E_HERE/of-evil.c" >&2 \
            || e2e_fail "building of-evil failed"
    fi
    echo "$out"
}

# ---------------------------------------------------------------------------
# Multi-switch fabrics (test-ring4, test-leafspine): parallel builders, link
# and switch failures, a loss meter, a broadcast copy counter, host moves.

# e2e_switches_start PROTOCOLS NAME:BR:DPID...: start one OVS instance per
# spec (namespace NAME, bridge BR with datapath id DPID, OpenFlow versions
# PROTOCOLS, e.g. OpenFlow13) in parallel, then attach each to the
# management bridge (serially: it numbers the addresses).
e2e_switches_start() {
    local protos=$1 spec name br dpid pids=() specs=() i rc=0; shift
    for spec in "$@"; do
        IFS=: read -r name br dpid <<< "$spec"
        ( e2e_ovs_start "$name" && e2e_bridge_add "$name" "$br" "$dpid" "$protos" ) &
        pids+=($!); specs+=("$spec")
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || { echo "starting ${specs[$i]} failed" >&2; rc=1; }
    done
    [ "$rc" = 0 ] || e2e_fail "could not start every switch"
    for spec in "$@"; do
        IFS=: read -r name br dpid <<< "$spec"
        e2e_mgmt_attach "$name"
    done
}

# Batched wiring: every ovs-vsctl add-port makes ovs-vswitchd reconfigure,
# which is most of the cost of building a fabric on a loaded machine. The
# *_wire functions create the veths and namespaces at once and queue the
# port additions; e2e_ports_commit adds each switch's queued ports in one
# transaction (the switches in parallel).

# e2e_link_wire OVS_A BR_A OVS_B BR_B OFPORT_A OFPORT_B: like e2e_link, with
# the two port additions queued.
e2e_link_wire() {
    ip link add name "$2-$4" netns "$(e2e_ns "$1")" type veth \
        peer name "$4-$2" netns "$(e2e_ns "$3")"
    ip -n "$(e2e_ns "$1")" link set "$2-$4" up
    ip -n "$(e2e_ns "$3")" link set "$4-$2" up
    e2e__queue_port "$1" "$2" "$2-$4" "$5"
    e2e__queue_port "$3" "$4" "$4-$2" "$6"
}

# e2e_host_wire HOST IP/LEN OVS BR OFPORT [MAC]: like e2e_host_add (same
# namespace setup: lo up, IPv6 off, TX checksum offload off), with fewer
# process starts and the port addition queued.
e2e_host_wire() {
    local host=$1 ip=$2 ovs=$3 br=$4 ofp=$5 mac=${6:-} ns
    ns=$(e2e_ns "$host")
    [ -e "/run/netns/$ns" ] && e2e_fail "namespace $ns already exists"
    e2e__reg netns.list "$ns"
    ip netns add "$ns"
    ip link add name eth0 netns "$ns" type veth peer name "$host" netns "$(e2e_ns "$ovs")"
    ip -n "$(e2e_ns "$ovs")" link set "$host" up
    # shellcheck disable=SC2016  # expanded by the inner shell
    ip netns exec "$ns" sh -c '
        ip link set lo up
        sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        [ -n "$2" ] && ip link set eth0 address "$2"
        ip addr add "$1" dev eth0
        ip link set eth0 up
        if command -v ethtool >/dev/null; then ethtool -K eth0 tx off >/dev/null 2>&1; fi
        exit 0' sh "$ip" "$mac" || e2e_fail "setting up host $host failed"
    e2e__queue_port "$ovs" "$br" "$host" "$ofp"
}

e2e__queue_port() {
    mkdir -p "$E2E_DIR/ports.pending"
    echo "$2 $3 $4" >> "$E2E_DIR/ports.pending/$1"
}

# e2e_ports_commit: add every queued port, one ovs-vsctl transaction per
# OVS instance, the instances in parallel.
e2e_ports_commit() {
    local f name br ifc ofp args pids=() names=() i rc=0
    for f in "$E2E_DIR"/ports.pending/*; do
        [ -e "$f" ] || continue
        name=$(basename "$f"); args=()
        while read -r br ifc ofp; do
            args+=(-- add-port "$br" "$ifc" -- set interface "$ifc" ofport_request="$ofp")
        done < "$f"
        rm -f "$f"
        e2e_ovs "$name" ovs-vsctl "${args[@]}" &
        pids+=($!); names+=("$name")
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || { echo "adding ports on ${names[$i]} failed" >&2; rc=1; }
    done
    [ "$rc" = 0 ] || e2e_fail "could not add every port"
}

# e2e_set_controllers TARGET NAME:BR...: point every bridge at TARGET.
e2e_set_controllers() {
    local target=$1 spec name br; shift
    for spec in "$@"; do
        IFS=: read -r name br _ <<< "$spec"
        e2e_set_controller "$name" "$br" "$target"
    done
}

# e2e_if_set OVS IFACE up|down: change the administrative state of interface
# IFACE in OVS's namespace. Taking one end of a veth link down drops the
# carrier of both ends: both switches send PORT_STATUS (15-25 ms).
e2e_if_set() { e2e_exec "$1" ip link set "$2" "$3"; }

# e2e_port_counter OVS BR PORT rx|tx: packets received / transmitted by
# port number PORT of bridge BR, read from the switch (dump-ports; the
# database's copy is only refreshed every few seconds).
e2e_port_counter() {
    local n
    n=$(e2e_ofctl "$1" dump-ports "$2" "$3" \
        | awk -v d="$4" '$1 == d && $2 ~ /^pkts=/ { sub(/^pkts=/, "", $2); sub(/,$/, "", $2); print $2; exit }
                         $3 == d && $4 ~ /^pkts=/ { sub(/^pkts=/, "", $4); sub(/,$/, "", $4); print $4; exit }')
    [[ $n =~ ^[0-9]+$ ]] || e2e_fail "no $4 counter for port $3 of $2 on $1"
    echo "$n"
}

# e2e_busiest_port OVS BR SECONDS PORT...: which of the ports PORT (OpenFlow
# numbers) of BR transmitted the most packets during SECONDS; prints
# "PORT DELTA". Used to find the link a flow takes now.
e2e_busiest_port() {
    local ovs=$1 br=$2 secs=$3 p best="" bestd=-1 c d; shift 3
    local -A before=()
    for p in "$@"; do
        c=$(e2e_port_counter "$ovs" "$br" "$p" tx) || e2e_fail "cannot read port $p of $br"
        before[$p]=$c
    done
    sleep "$secs"
    for p in "$@"; do
        c=$(e2e_port_counter "$ovs" "$br" "$p" tx) || e2e_fail "cannot read port $p of $br"
        d=$(( c - ${before[$p]} ))
        if [ "$d" -gt "$bestd" ]; then best=$p; bestd=$d; fi
    done
    echo "$best $bestd"
}

# e2e_flow_start TAG HOST IP [INTERVAL_S]: start a background ping flow from
# HOST to IP, one echo request every INTERVAL_S (default 0.01 = 100 packets
# per second), with timestamps; e2e_flow_stop TAG measures it.
e2e_flow_start() {
    e2e_bg "$2" "$1" ping -n -D -i "${4:-0.01}" -W 1 -c 1000000 "$3"
}

# e2e_flow_replies TAG: replies (not duplicates) received so far by flow TAG.
e2e_flow_replies() {
    grep -c 'bytes from .*icmp_seq=' "$E2E_DIR/bg/$1.log" 2>/dev/null || true
}

e2e__flow_replies_ge() { [ "$(e2e_flow_replies "$1")" -ge "$2" ]; }

# e2e_flow_wait TAG N [TIMEOUT_S]: wait until flow TAG has N more replies
# than now (traffic flows, or flows again after a failure).
e2e_flow_wait() {
    local n
    n=$(( $(e2e_flow_replies "$1") + $2 ))
    e2e_wait_until "${3:-20}" "$2 more replies on flow $1" e2e__flow_replies_ge "$1" "$n"
}

# e2e_flow_stop TAG: stop flow TAG (SIGINT) and measure it. Sets
# E2E_FLOW_SENT (echo requests up to the last one answered), E2E_FLOW_LOST
# (requests among them never answered), E2E_FLOW_DUPS (duplicate replies)
# and E2E_FLOW_GAP_MS (longest time between two consecutive replies, the
# outage as the receiver saw it). Requests still in flight when the flow is
# stopped are not counted as lost.
e2e_flow_stop() {
    local f=$E2E_DIR/bg/$1.log r
    e2e_kill_pidfile "$E2E_DIR/bg/$1.pid" INT
    r=$(awk '
        /bytes from .*icmp_seq=/ {
            seq = ""; t = ""
            for (i = 1; i <= NF; i++) {
                if ($i ~ /^icmp_seq=/) seq = substr($i, 10) + 0
                if ($i ~ /^\[[0-9.]+\]$/) t = substr($i, 2, length($i) - 2) + 0
            }
            if (seq == "") next
            if ($0 ~ /DUP!/ || (seq in got)) { dups++; next }
            got[seq] = 1; n++
            if (seq > max) max = seq
            if (t != "" && last != "" && t - last > gap) gap = t - last
            if (t != "") last = t
        }
        END { printf "%d %d %d %d\n", max, max - n, dups, gap * 1000 }' "$f")
    read -r E2E_FLOW_SENT E2E_FLOW_LOST E2E_FLOW_DUPS E2E_FLOW_GAP_MS <<< "$r"
    [ "$E2E_FLOW_SENT" -gt 0 ] || { cat "$f" >&2; e2e_fail "flow $1 got no reply at all"; }
}

# e2e_flow_report WHAT TAG: one line "WHAT: lost N packets (M ms at the
# interval), longest gap G ms, D duplicates, S sent" for the last
# e2e_flow_stop of TAG (interval assumed 10 ms).
e2e_flow_report() {
    echo "$1: lost $E2E_FLOW_LOST packets ($((E2E_FLOW_LOST * 10)) ms)," \
        "longest gap $E2E_FLOW_GAP_MS ms, $E2E_FLOW_DUPS duplicates," \
        "$E2E_FLOW_SENT sent [flow $2]" >&2
}

# e2e_host_mac HOST / e2e_host_ip HOST: eth0's MAC / first IPv4 address.
e2e_host_mac() { e2e_exec "$1" cat /sys/class/net/eth0/address; }
e2e_host_ip() {
    e2e_exec "$1" ip -4 -o addr show dev eth0 | awk '{ split($4, a, "/"); print a[1]; exit }'
}

# e2e_arp_copies SENDER TARGET_IP HOST...: send one ARP request for
# TARGET_IP (an address nobody has) from SENDER and count the copies each
# HOST's eth0 receives (arp-copies.py: raw packet sockets opened in every
# host namespace before the request is sent; inbound ARP requests for
# TARGET_IP from SENDER's MAC). SENDER may be among the HOSTs (it should
# get none back). Waits until every other host has a copy (at most 5 s),
# then 1 s more for late duplicates. Prints "HOST COUNT" lines.
e2e_arp_copies() {
    local sender=$1 target=$2 h ns=() out; shift 2
    for h in "$@"; do ns+=("$(e2e_ns "$h")"); done
    out=$(/usr/bin/python3 "$E2E_HERE/arp-copies.py" "$(e2e_ns "$sender")" \
          "$target" 5 "${ns[@]}") || e2e_fail "arp-copies.py failed"
    echo "${out//"$E2E_PREFIX-"/}"
}

# e2e_check_arp_during SENDER TARGET_IP "HOST..." CMD...: broadcast storm
# check while the network changes: SENDER sends 100 ARP requests 20 ms
# apart (targets TARGET_IP, TARGET_IP+1, ...: addresses nobody has) and
# CMD (a link cut, a switch kill...) runs 0.3 s into the burst. No host
# may receive any request more than once, SENDER must get none back, and
# every other host must get at least one (frames flooded at the moment of
# the change may be lost). Logs how many of the 100 each host saw.
e2e_check_arp_during() {
    local sender=$1 target=$2 hl=$3 h ns=() out n m bad="" log=""; shift 3
    for h in $hl; do ns+=("$(e2e_ns "$h")"); done
    /usr/bin/python3 "$E2E_HERE/arp-copies.py" -n 100 -i 20 "$(e2e_ns "$sender")" \
        "$target" 10 "${ns[@]}" > "$E2E_DIR/arp-during.out" 2>&1 &
    local pid=$!
    sleep 0.3
    "$@"
    wait "$pid" || { cat "$E2E_DIR/arp-during.out" >&2; e2e_fail "arp-copies.py failed"; }
    out=$(cat "$E2E_DIR/arp-during.out")
    while read -r h n m; do
        h=${h#"$E2E_PREFIX-"}
        log="$log $h:$n/100"
        [ "$m" -le 1 ] || bad="$bad $h(a request $m times)"
        if [ "$h" = "$sender" ]; then
            [ "$n" = 0 ] || bad="$bad $h(got its own requests back)"
        else
            [ "$n" -ge 1 ] || bad="$bad $h(nothing)"
        fi
    done <<< "$out"
    e2e_log "ARP burst from $sender during '$*': requests seen$log"
    [ -z "$bad" ] || e2e_fail "broadcast during a change:$bad"
}

# e2e_host_move HOST OLD_OVS NEW_OVS NEW_BR OFPORT: move the cable of HOST
# (made by e2e_host_add: interface HOST in the switch namespace) from its
# bridge on OLD_OVS to port OFPORT of bridge NEW_BR on NEW_OVS. The host
# keeps its MAC and address; its link goes down and up.
e2e_host_move() {
    local host=$1 old=$2 new=$3 br=$4 ofp=$5
    e2e_ovs "$old" ovs-vsctl --if-exists del-port "$host"
    ip -n "$(e2e_ns "$old")" link set "$host" netns "$(e2e_ns "$new")"
    e2e_exec "$new" ip link set "$host" up
    e2e_port_add "$new" "$br" "$host" "$ofp"
}

# e2e_ping_all HOST:IP...: every host pings every other host's address
# (sources in parallel, one shell per source inside its namespace): 3 echo
# requests 50 ms apart that must all be answered; when they are not (ARP,
# learning and path setup take a moment), wait until one echo is answered
# (at most 20 s per pair), then 3 that must all be answered. Fails naming
# the pairs that did not.
e2e_ping_all() {
    local a b ha ips pids=() out=$E2E_DIR/ping-all rc=0
    mkdir -p "$out"; rm -f "$out"/*
    for a in "$@"; do
        ha=${a%%:*}; ips=()
        for b in "$@"; do [ "${b%%:*}" = "$ha" ] || ips+=("${b#*:}"); done
        # shellcheck disable=SC2016  # expanded by the inner shell
        e2e_exec "$ha" sh -c '
            p3() { ping -q -n -c 3 -i 0.05 -W 1 "$1" >/dev/null 2>&1; }
            for ip in "$@"; do
                p3 "$ip" && continue
                end=$(( $(date +%s) + 20 ))
                until ping -q -n -c 1 -W 1 "$ip" >/dev/null 2>&1; do
                    [ "$(date +%s)" -lt "$end" ] || { echo "$ip never answered"; continue 2; }
                    sleep 0.1
                done
                p3 "$ip" || echo "$ip answered, then lost echoes"
            done' sh "${ips[@]}" > "$out/$ha" 2>&1 &
        pids+=($!)
    done
    for a in "${pids[@]}"; do wait "$a" || rc=1; done
    for a in "$@"; do
        ha=${a%%:*}
        [ -s "$out/$ha" ] && sed "s/^/$ha -> /" "$out/$ha" >&2 && rc=1
    done
    [ "$rc" = 0 ] || e2e_fail "all-pairs ping incomplete"
    e2e_log "all-pairs ping: $(( $# * ($# - 1) )) pairs answered"
}

# e2e_kumod_has_forwarding MODE: kumod accepts "forwarding = MODE" in a
# configuration file.
e2e_kumod_has_forwarding() {
    local f=$E2E_DIR/forwarding-$1.conf
    printf 'forwarding = %s\n' "$1" > "$f"
    timeout 10 "$KUMO_BUILD/bin/kumod" --check-config --config "$f" >/dev/null 2>&1
}

# e2e_flow_event LABEL HOST IP MAX_LOST CMD...: measure what CMD (a link
# cut, a restoration, a switch crash) does to a 100 packets/s ping flow
# from HOST to IP: start the flow, wait for 50 replies, run CMD, wait for
# 100 more replies (at most 30 s), stop and print the figures on a line
# starting with LABEL. Fails when more than MAX_LOST echoes were lost.
e2e_flow_event() {
    local label=$1 host=$2 ip=$3 max=$4 tag; shift 4
    tag=flow$(( ${E2E_FLOW_N:-0} + 1 )); E2E_FLOW_N=${tag#flow}
    e2e_flow_start "$tag" "$host" "$ip"
    e2e_flow_wait "$tag" 50 20
    "$@"
    e2e_flow_wait "$tag" 100 30
    e2e_flow_stop "$tag"
    e2e_flow_report "$label" "$tag $host -> $ip"
    echo "$label: lost $E2E_FLOW_LOST gap_ms $E2E_FLOW_GAP_MS dups $E2E_FLOW_DUPS" \
        >> "$E2E_DIR/figures"
    [ "$E2E_FLOW_LOST" -le "$max" ] \
        || e2e_fail "$label: lost $E2E_FLOW_LOST packets, more than $max"
}

# e2e_check_arp_copies SENDER TARGET_IP HOST...: e2e_arp_copies, then fail
# unless every HOST other than SENDER got exactly one copy and SENDER none.
e2e_check_arp_copies() {
    local sender=$1 target=$2 out h n bad=""; shift 2
    out=$(e2e_arp_copies "$sender" "$target" "$@")
    while read -r h n; do
        if [ "$h" = "$sender" ]; then
            [ "$n" = 0 ] || bad="$bad $h:$n(sender)"
        else
            [ "$n" = 1 ] || bad="$bad $h:$n"
        fi
    done <<< "$out"
    e2e_log "ARP copies of one request from $sender:" "$(tr '\n' ' ' <<< "$out")"
    [ -z "$bad" ] || e2e_fail "broadcast copies wrong (want 1 per host, 0 back):$bad"
}

# ---------------------------------------------------------------------------
# kumod's topology view (kumoctl topology --json).

# e2e_topo EXPR: evaluate a Python expression over kumod's topology (see
# e2e_json): R["switches"], R["links"] (a_dpid, a_port, b_dpid, b_port,
# state "up" | "one-way" | "shared"), R["hosts"] (mac, dpid, port).
e2e_topo() { e2e_kumoctl --json topology | e2e_json "$1"; }

e2e__topo_count() {
    [ "$(e2e_topo 'len(R["switches"])')" = "$1" ] \
        && [ "$(e2e_topo 'len([l for l in R["links"] if l["state"] == "up"])')" = "$2" ]
}

# e2e_wait_topology SWITCHES LINKS [TIMEOUT_S]: wait until kumod's topology
# has SWITCHES switches and LINKS working links.
e2e_wait_topology() {
    e2e_wait_until "${3:-30}" "topology with $1 switches and $2 links" \
        e2e__topo_count "$1" "$2"
}

# e2e_topo_link_up DPID PORT: kumod lists a working link on switch DPID
# (hex, no 0x) port PORT.
e2e_topo_link_up() {
    [ "$(e2e_topo "len([l for l in R['links'] if l['state'] == 'up' and
        ((dp(l['a_dpid']), l['a_port']) == (0x$1, $2) or (dp(l['b_dpid']), l['b_port']) == (0x$1, $2))])")" -gt 0 ]
}

# e2e_link_cut OVS IFACE DPID PORT: take link IFACE (port PORT of switch
# DPID) down; wait until kumod no longer lists it as working.
e2e_link_cut() {
    e2e_if_set "$1" "$2" down
    e2e_wait_until 10 "kumod sees $2 down" eval "! e2e_topo_link_up $3 $4"
}

# e2e_link_restore OVS IFACE DPID PORT: bring link IFACE up again; wait
# until kumod lists it as working (rediscovered).
e2e_link_restore() {
    e2e_if_set "$1" "$2" up
    e2e_wait_until 20 "kumod sees $2 up again" e2e_topo_link_up "$3" "$4"
}

e2e__host_at() {
    [ "$(e2e_topo "[(dp(h['dpid']), int(h['port'])) for h in R['hosts'] if h['mac'].lower() == '$1'.lower()]")" \
        = "[[$((0x$2)), $3]]" ]
}

# e2e_wait_host_at MAC DPID PORT [TIMEOUT_S]: wait until kumod's topology
# has host MAC on switch DPID (hex, no 0x) port PORT, and only there.
e2e_wait_host_at() {
    e2e_wait_until "${4:-20}" "host $1 at $2/$3" e2e__host_at "$1" "$2" "$3"
}

# e2e_active_port HOST IP OVS BR PORT...: run a short 100 packets/s flow
# from HOST to IP and print which of the ports PORT of bridge BR on OVS
# carried it (the output port of the active path at that switch).
e2e_active_port() {
    local host=$1 ip=$2 ovs=$3 br=$4 tag p d; shift 4
    tag=probe$(( ${E2E_PROBE_N:-0} + 1 )); E2E_PROBE_N=${tag#probe}
    e2e_flow_start "$tag" "$host" "$ip"
    e2e_flow_wait "$tag" 30
    read -r p d <<< "$(e2e_busiest_port "$ovs" "$br" 0.5 "$@")"
    e2e_flow_stop "$tag"
    if [ -z "$p" ] || [ "$d" -lt 10 ]; then
        e2e_fail "flow $host -> $ip: none of ports $* of $br carried it ($p: $d packets)"
    fi
    e2e_log "$host -> $ip leaves $br on port $p ($d packets in 0.5 s)"
    echo "$p"
}

# e2e_dump_fabric: failure dump for fabric tests (add it to E2E_DUMP_HOOKS):
# every bridge's OpenFlow 1.3 groups, and kumod's topology and counters.
e2e_dump_fabric() {
    local name br
    while read -r name; do
        e2e_pidfile_alive "$E2E_DIR/$name/ovs-vswitchd.pid" || continue
        for br in $(e2e_ovs "$name" timeout 5 ovs-vsctl list-br 2>/dev/null); do
            echo "----- groups of $br on $name -----" >&2
            e2e_ovs "$name" timeout 5 ovs-ofctl -O OpenFlow13 dump-groups "$br" >&2 2>&1
        done
    done < "$E2E_DIR/ovs.list"
    if e2e_pidfile_alive "$E2E_DIR/kumod.pid"; then
        echo "----- kumoctl topology -----" >&2
        timeout 5 "$KUMO_BUILD/bin/kumoctl" --ctl "$E2E_CTL_SOCK" topology >&2 2>&1
    fi
    [ -s "$E2E_DIR/figures" ] && { echo "----- figures so far -----" >&2; cat "$E2E_DIR/figures" >&2; }
    return 0
}

# e2e_path_log SRC DST: log kumod's path between two hosts (MAC or IP) in
# one line: "DPID:IN>OUT" per hop, with [ecmp P,Q] and (backup P)
# when present. Informational: says nothing if kumod cannot answer.
e2e_path_log() {
    local p
    p=$(e2e_kumoctl --json path "$1" "$2" 2>/dev/null | e2e_json '" -> ".join(
        "%x:%s>%s%s%s" % (dp(h["dpid"]), h["in_port"], h["out_port"],
            " [ecmp %s]" % ",".join(map(str, h["ecmp"])) if len(h.get("ecmp") or []) > 1 else "",
            " (backup %s)" % h["backup"]["port"] if h.get("backup") else "")
        for h in R["hops"])' 2>/dev/null) || p="(no answer)"
    e2e_log "path $1 -> $2: $p"
}

# ---------------------------------------------------------------------------
# Overlays: hypervisors' ovsdb-server (added for test-overlay-*.sh).

# e2e_ovsdb_stop NAME [SIGNAL]: stop instance NAME's ovsdb-server (SIGNAL
# TERM by default; KILL simulates a crash).
e2e_ovsdb_stop() { e2e_kill_pidfile "$E2E_DIR/$1/ovsdb-server.pid" "${2:-TERM}"; }

# e2e_ovsdb_start NAME: (re)start instance NAME's ovsdb-server on its
# existing conf.db, in its namespace, listening on $E2E_DIR/NAME/db.sock.
e2e_ovsdb_start() {
    local name=$1 d=$E2E_DIR/$1
    e2e_ovs "$name" ip netns exec "$(e2e_ns "$name")" ovsdb-server "$d/conf.db" \
        --remote="punix:$d/db.sock" --pidfile="$d/ovsdb-server.pid" \
        --log-file="$d/ovsdb-server.log" -vconsole:off --detach --no-chdir \
        2>> "$d/start.err" || { cat "$d/start.err" >&2; e2e_fail "ovsdb-server of $name did not start"; }
}

# e2e_vsctl NAME ARG...: ovs-vsctl --no-wait against instance NAME's
# database (works while its ovs-vswitchd is down too).
e2e_vsctl() { local name=$1; shift; e2e_ovs "$name" ovs-vsctl --no-wait --timeout=10 "$@"; }

# e2e_kumod_api_url: the http://IP:PORT kumod's API logged last (for
# "api = 127.0.0.1:0" configs).
e2e_kumod_api_url() {
    grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$E2E_KUMOD_LOG" \
        | tail -n 1 | sed 's/listening on //'
}

# e2e_tree_link: "DPID PORT" (DPID in hex, no 0x) of the lower-numbered
# end of one link of kumod's flooding tree.
e2e_tree_link() {
    e2e_topo '"%x %d" % min((dp(l["a_dpid"]), l["a_port"]) for l in R["links"] if l["tree"])'
}

# e2e_port_name OVS BR PORT: the interface name of OpenFlow port PORT.
e2e_port_name() {
    e2e_ofctl "$1" show "$2" | sed -n "s/^ *$3(\([^)]*\)):.*/\1/p"
}

# e2e_kumod_freeze / e2e_kumod_thaw: SIGSTOP / SIGCONT kumod, e.g. to show
# that a failover happens in the switches alone (keep it short: the
# switches' inactivity probe is 3 s).
e2e_kumod_freeze() { kill -STOP "$(e2e_kumod_pid)"; }
e2e_kumod_thaw() { kill -CONT "$(e2e_kumod_pid)"; }

# ---------------------------------------------------------------------------
# Overlays across hypervisors (test-overlay*.sh, bench/overlay-iperf.sh,
# tests/e2e/demo-overlay.sh): hypervisors joined by an underlay, chassis
# registered with kumod through the REST API, VMs plugged into the br-int
# kumod creates, tenants and iface-id ports through the API.
#
# A hypervisor NAME (e2e_hv_start) is an OVS instance (own namespace,
# ovsdb-server, ovs-vswitchd) attached to the management network, with
# the underlay recipe of ../shared/testbed/README.md: bridge br-phy
# (netdev, standalone) holding the underlay veth ul0 (ARP off), the
# tunnel IP on br-phy's internal port, MTU $E2E_UL_MTU (room for the
# encapsulation). The underlay is one Linux bridge "ul" in namespace
# "$E2E_PREFIX-ul". Tunnel IPs are $E2E_UL_NET.N/24: they exist only inside
# the hypervisors' namespaces, so parallel runs cannot collide.

E2E_UL_NET=${E2E_UL_NET:-198.18.0}
E2E_UL_MTU=${E2E_UL_MTU:-9000}
E2E_API=                        # http://127.0.0.1:PORT once kumod runs
E2E_API_TOKEN=${E2E_API_TOKEN:-}   # bearer token, if kumod wants one

# e2e_underlay_create: the underlay namespace with Linux bridge "ul"
# (idempotent).
e2e_underlay_create() {
    [ -e "/run/netns/$(e2e_ns ul)" ] && return 0
    e2e_ns_add ul
    e2e_exec ul ip link add name ul mtu "$E2E_UL_MTU" type bridge
    e2e_exec ul ip link set ul up
}

# e2e_hv_start NAME N [UL_MTU]: hypervisor NAME with tunnel IP
# $E2E_UL_NET.N (recorded in $E2E_DIR/NAME/tunnel-ip) and underlay MTU
# UL_MTU (default $E2E_UL_MTU). No br-int: kumod creates it once the
# chassis is registered (e2e_chassis_register).
e2e_hv_start() {
    local name=$1 n=$2 mtu=${3:-$E2E_UL_MTU}
    e2e_underlay_create
    e2e_ovs_start "$name"
    e2e_mgmt_attach "$name"
    ip link add name ul0 netns "$(e2e_ns "$name")" mtu "$mtu" type veth \
        peer name "$name" netns "$(e2e_ns ul)" mtu "$mtu"
    e2e_exec ul ip link set "$name" master ul up
    # The kernel must not answer ARP on ul0 for the IP that lives on br-phy.
    e2e_exec "$name" ip link set ul0 arp off up
    e2e_ovs "$name" ovs-vsctl add-br br-phy -- set bridge br-phy \
        datapath_type=netdev fail-mode=standalone \
        other_config:disable-in-band=true -- add-port br-phy ul0
    e2e_exec "$name" ip link set br-phy mtu "$mtu" 2>/dev/null || true
    e2e_exec "$name" ip addr add "$E2E_UL_NET.$n/24" dev br-phy
    e2e_exec "$name" ip link set br-phy up
    echo "$E2E_UL_NET.$n" > "$E2E_DIR/$name/tunnel-ip"
}

# e2e_hv_ip NAME: hypervisor NAME's tunnel IP.
e2e_hv_ip() { cat "$E2E_DIR/$1/tunnel-ip"; }

# e2e_hv_stop NAME: stop hypervisor NAME's daemons and take its underlay
# link down (the namespace and links stay recorded for the teardown).
e2e_hv_stop() {
    e2e_vswitchd_stop "$1"
    e2e_ovsdb_stop "$1"
    e2e_exec ul ip link set "$1" down 2>/dev/null || true
}

# e2e_kumod_overlay_conf FILE [LINE...]: a kumod configuration for
# overlays: fabric forwarding, API on a free loopback port, the run's store,
# br-int's controller on the management network, and the extra LINEs.
e2e_kumod_overlay_conf() {
    local f=$1 l; shift
    {
        echo "forwarding = fabric"
        echo "api = 127.0.0.1:0"
        echo "db = $E2E_DIR/kumo.db"
        echo "overlay_controller = tcp:$E2E_CTL_IP:$E2E_OF_PORT"
        [ -z "$E2E_API_TOKEN" ] || echo "api_token = $E2E_API_TOKEN"
        for l in "$@"; do echo "$l"; done
    } > "$f"
}

# e2e_kumod_api_start CONFIG [ARG...]: start kumod with CONFIG (and ARGs),
# wait for its API; sets E2E_API.
e2e_kumod_api_start() {
    local cfg=$1 n; shift
    n=$(e2e__api_lines)
    e2e_kumod_start --config "$cfg" "$@"
    e2e_wait_until 5 "kumod's API address in its log" eval "[ \$(e2e__api_lines) -gt $n ]"
    E2E_API=$(e2e_kumod_api_url)
}
e2e__api_lines() { local n; n=$(grep -c "listening on http://" "$E2E_KUMOD_LOG" 2>/dev/null) || true; echo "${n:-0}"; }

# e2e_api CODE METHOD PATH [BODY]: one request to kumod's API that must
# answer CODE (with $E2E_API_TOKEN if set); the body is left in
# $E2E_DIR/api.out (e2e_api_get reads it). SSP calls (/ws.v1, /ssp.v1)
# carry the cookie jar $E2E_DIR/ssp.jar; a login form is given as BODY
# "form:username=U&password=P".
e2e_api() {
    local want=$1 method=$2 path=$3 body=${4-} a=() code
    [ -z "$E2E_API_TOKEN" ] || a+=(-H "Authorization: Bearer $E2E_API_TOKEN")
    case $path in
        /ws.v1/*|/ssp.v1/*) a+=(-b "$E2E_DIR/ssp.jar" -c "$E2E_DIR/ssp.jar") ;;
    esac
    case $body in
        "") ;;
        form:*) a+=(--data-raw "${body#form:}") ;;
        *) a+=(-H 'Content-Type: application/json' --data-binary "$body") ;;
    esac
    code=$(curl -sS -m 20 -o "$E2E_DIR/api.out" -w '%{http_code}' -X "$method" \
        "${a[@]}" "$E2E_API$path") || code=000
    [ "$code" = "$want" ] \
        || e2e_fail "$method $path ${body:0:200}: HTTP $code, expected $want: $(cat "$E2E_DIR/api.out" 2>/dev/null)"
}

# e2e_api_get EXPR: Python EXPR (e2e_json) over the last e2e_api answer.
e2e_api_get() { e2e_json "$1" < "$E2E_DIR/api.out"; }

# e2e_chassis_register NAME ENCAP...: register hypervisor NAME (started by
# e2e_hv_start) with kumod: its ovsdb-server's unix socket, its tunnel IP,
# the encapsulations ENCAP (vxlan, geneve, gre). The chassis uuid goes to
# $E2E_DIR/NAME/chassis-uuid.
e2e_chassis_register() {
    local name=$1 e encaps=""; shift
    for e in "$@"; do encaps="$encaps${encaps:+,}\"$e\""; done
    e2e_api 201 POST /v1/chassis "{\"name\":\"$name\",\"ovsdb_addr\":\"unix:$E2E_DIR/$name/db.sock\",\"tunnel_ip\":\"$(e2e_hv_ip "$name")\",\"encaps\":[$encaps]}"
    e2e_api_get 'R["uuid"]' > "$E2E_DIR/$name/chassis-uuid"
}

# e2e_chassis_uuid NAME: the uuid e2e_chassis_register got for NAME.
e2e_chassis_uuid() { cat "$E2E_DIR/$1/chassis-uuid"; }

# e2e_chassis_delete NAME: DELETE /v1/chassis/UUID of NAME.
e2e_chassis_delete() { e2e_api 204 DELETE "/v1/chassis/$(e2e_chassis_uuid "$1")"; }

# e2e_chassis NAME EXPR: Python EXPR over chassis NAME's object 'c' in
# "kumoctl chassis --json" (None if kumod does not list NAME).
e2e_chassis() {
    e2e_kumoctl --json chassis | e2e_json \
        "(lambda l: (lambda c: $2)(l[0]) if l else None)([x for x in R if x['name'] == '$1'])"
}
e2e__chassis_true() { [ "$(e2e_chassis "$1" "$2")" = True ]; }

# e2e_wait_chassis NAME [TIMEOUT_S]: wait until kumod has configured
# chassis NAME (converged, br-int present with a datapath id, tunnel ports
# created) and br-int is connected to kumod as an OpenFlow switch.
e2e_wait_chassis() {
    e2e_wait_until "${2:-30}" "chassis $1 converged" e2e__chassis_true "$1" \
        'c["converged"] and c["bridge"]["present"] and c["bridge"]["datapath_id"] is not None and len(c["tunnels"]) > 0'
    e2e_wait_until "${2:-30}" "br-int of $1 connected to kumod" \
        e2e__sessions_eq "$(e2e_chassis_dpid "$1")" 1
}

# e2e_chassis_dpid NAME: datapath id of chassis NAME's br-int (16 hex
# digits, as kumod reports it).
e2e_chassis_dpid() { e2e_chassis "$1" 'c["bridge"]["datapath_id"]' | tr -d ':' | sed 's/^0x//'; }

# e2e_chassis_converged NAME...: every chassis NAME is converged.
e2e_chassis_converged() {
    local n
    for n in "$@"; do e2e__chassis_true "$n" 'c["converged"]' || return 1; done
}

# e2e_vm_add VM IP/LEN HV [MAC] [IFACE_ID]: VM namespace VM whose eth0
# (IP/LEN, MAC) is a veth to interface VM on hypervisor HV's br-int,
# published with external_ids:iface-id=IFACE_ID (default VM) and
# attached-mac=MAC (as Nova/libvirt plug a VIF). TX checksum offload off
# in the VM (TCP through the userspace datapath). Waits for br-int.
e2e_vm_add() {
    local vm=$1 ip=$2 hv=$3 mac=${4:-} iid=${5:-$1} ext=()
    e2e_wait_until 20 "br-int on $hv" e2e_vsctl "$hv" br-exists br-int
    e2e_ns_add "$vm"
    e2e_veth "$vm" eth0 "$hv" "$vm"
    [ -z "$mac" ] || e2e_exec "$vm" ip link set eth0 address "$mac"
    mac=$(e2e_exec "$vm" cat /sys/class/net/eth0/address)
    e2e_exec "$vm" ip addr add "$ip" dev eth0
    if command -v ethtool >/dev/null; then
        e2e_exec "$vm" ethtool -K eth0 tx off >/dev/null 2>&1 || true
    fi
    [ -z "$iid" ] || ext=(-- set interface "$vm" external_ids:iface-id="$iid" \
                          external_ids:attached-mac="$mac")
    e2e_ovs "$hv" ovs-vsctl add-port br-int "$vm" "${ext[@]}"
}

# e2e_vm_access_add VM IP/LEN HV VLAN [MAC]: VM behind an access bridge
# "xVM" on hypervisor HV (netdev, standalone: a Linux-bridge-like VLAN
# access port, since this kernel has no VLAN netdevs): the VM's port is
# tagged VLAN, and a patch port pair joins xVM to br-int as a trunk, so the
# VM's frames reach br-int tagged VLAN (SSP VifAttachment) and only frames
# tagged VLAN reach the VM.
e2e_vm_access_add() {
    local vm=$1 ip=$2 hv=$3 vlan=$4 mac=${5:-}
    e2e_wait_until 20 "br-int on $hv" e2e_vsctl "$hv" br-exists br-int
    e2e_ns_add "$vm"
    e2e_veth "$vm" eth0 "$hv" "$vm"
    [ -z "$mac" ] || e2e_exec "$vm" ip link set eth0 address "$mac"
    e2e_exec "$vm" ip addr add "$ip" dev eth0
    if command -v ethtool >/dev/null; then
        e2e_exec "$vm" ethtool -K eth0 tx off >/dev/null 2>&1 || true
    fi
    # One transaction: the bridge never exists without its patch port (a
    # bare bridge would look like an underlay bridge to kumod's MTU check).
    e2e_ovs "$hv" ovs-vsctl add-br "x$vm" -- set bridge "x$vm" \
        datapath_type=netdev fail-mode=standalone \
        other_config:disable-in-band=true \
        -- add-port "x$vm" "$vm" -- set port "$vm" tag="$vlan" \
        -- add-port "x$vm" "${vm}a" \
        -- set interface "${vm}a" type=patch options:peer="${vm}i" \
        -- add-port br-int "${vm}i" \
        -- set interface "${vm}i" type=patch options:peer="${vm}a"
}

# e2e_tenant NAME: create tenant NAME, print its uuid.
e2e_tenant() { e2e_api 201 POST /v1/tenants "{\"name\":\"$1\"}"; e2e_api_get 'R["uuid"]'; }

# e2e_network TENANT_UUID NAME [VNI]: create a network, print its uuid.
e2e_network() {
    local vni=""
    [ -z "${3:-}" ] || vni=",\"vni\":$3"
    e2e_api 201 POST /v1/networks "{\"tenant_uuid\":\"$1\",\"name\":\"$2\"$vni}"
    e2e_api_get 'R["uuid"]'
}

# e2e_iface_port NETWORK_UUID NAME IFACE_ID: a port of binding kind
# iface-id (its MAC comes from the VIF's attached-mac); print its uuid.
e2e_iface_port() {
    e2e_api 201 POST /v1/ports "{\"network_uuid\":\"$1\",\"name\":\"$2\",\"binding\":{\"kind\":\"iface-id\",\"iface_id\":\"$3\"}}"
    e2e_api_get 'R["uuid"]'
}

# e2e_br_tables HV [BR]: BR's (default br-int) flows and groups without
# statistics, sorted: compare two of them to show nothing changed.
e2e_br_tables() {
    local br=${2:-br-int}
    {
        e2e_ofctl "$1" dump-flows --no-stats "$br" | grep -v 'reply (OF' | sed 's/^ *//'
        e2e_ofctl "$1" dump-groups "$br" | grep -v 'reply (OF' | sed 's/^ *//'
    } | sort
}

# e2e_tunnel_tx HV ENCAP: packets sent so far by hypervisor HV's tunnel
# port kumo-ENCAP (0 if it has none).
e2e_tunnel_tx() {
    local p
    p=$(e2e_vsctl "$1" --if-exists get Interface "kumo-$2" ofport 2>/dev/null | tr -d '"')
    if ! [[ $p =~ ^[0-9]+$ ]] || [ "$p" -le 0 ]; then echo 0; return 0; fi
    e2e_port_counter "$1" br-int "$p" tx
}

# e2e_iperf CLIENT SERVER_VM SERVER_IP SECONDS: TCP throughput from VM
# CLIENT to iperf3 server on VM SERVER_VM (address SERVER_IP) for SECONDS;
# prints the receiver's Mbit/s (integer). Fails if iperf3 fails or moves
# nothing.
e2e_iperf() {
    local c=$1 s=$2 ip=$3 t=$4 tag out mbps
    command -v iperf3 >/dev/null || e2e_fail "iperf3 not installed"
    tag=iperf$(( ${E2E_IPERF_N:-0} + 1 )); E2E_IPERF_N=${tag#iperf}
    e2e_bg "$s" "$tag" iperf3 -s -1 -B "$ip"
    e2e_wait_until 5 "iperf3 server on $s" eval "e2e_exec $s ss -Hltn 'src $ip:5201' | grep -q ."
    out=$E2E_DIR/$tag.client.json
    e2e_exec "$c" timeout $((t + 20)) iperf3 -J -c "$ip" -t "$t" > "$out" 2>&1 \
        || { cat "$out" >&2; e2e_fail "iperf3 $c -> $ip failed"; }
    e2e_bg_wait "$tag" 10 >/dev/null 2>&1 || true
    mbps=$(e2e_json 'int(j["end"]["sum_received"]["bits_per_second"] / 1e6)' < "$out") \
        || e2e_fail "iperf3 $c -> $ip: no result"
    [ "$mbps" -gt 0 ] || e2e_fail "iperf3 $c -> $ip: 0 Mbit/s"
    echo "$mbps"
}

# e2e_capture_start VM...: tcpdump on every VM's eth0 (inbound frames but
# LLDP, which the fabric sends out of every port), output in
# $E2E_DIR/bg/cap-VM.log (one line per frame, with MACs); waits until each
# capture runs.
e2e_capture_start() {
    local vm
    for vm in "$@"; do
        e2e_bg "$vm" "cap-$vm" tcpdump -l -n -e -Q in -i eth0 'not ether proto 0x88cc'
    done
    for vm in "$@"; do
        e2e_wait_until 10 "tcpdump in $vm" grep -q 'listening on' "$E2E_DIR/bg/cap-$vm.log"
    done
}

# e2e_capture_count VM ERE: frames VM captured so far matching ERE.
e2e_capture_count() { grep -cE -- "$2" "$E2E_DIR/bg/cap-$1.log" || true; }

# e2e_capture_foreign VM ALLOWED_MAC...: print (at most 5) frames VM
# captured whose source MAC is not one of ALLOWED_MAC (lower case), and
# the number of frames captured on the last line.
e2e_capture_foreign() {
    local vm=$1; shift
    awk -v ok="$*" '
        BEGIN { split(ok, a, " "); for (i in a) allow[tolower(a[i])] = 1 }
        / > / { n++; if (!(tolower($2) in allow) && bad < 5) { bad++; print "from " $2 ": " $0 } }
        END { print n + 0 }' "$E2E_DIR/bg/cap-$vm.log"
}
