#!/usr/bin/env bash
# test-tls.sh - mutual TLS between Open vSwitch ("ssl:" controller target)
# and kumod ("pssl:" listener) with certificates made by ovs-pki:
# - switch s1 (dpid 1) has a certificate from kumod's switch CA: it
#   connects over TLS and its hosts ping through kumod;
# - switch s2 (dpid 2) has a certificate from ANOTHER CA (it still trusts
#   kumod's controller CA, so only kumod's verification can stop it): kumod
#   refuses it with a clear log line and never lists it;
# - a client speaking cleartext OpenFlow to the TLS port gets nowhere.
# kumod's log may only contain warnings about the refused peers.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_init tls
e2e_kumod_bin
command -v ovs-pki >/dev/null || e2e_skip "ovs-pki not installed"

pki=$E2E_DIR/pki rogue=$E2E_DIR/rogue
e2e_pki_init "$pki"
e2e_pki_cert "$pki" ctl controller
e2e_pki_cert "$pki" sw switch
e2e_pki_init "$rogue"
e2e_pki_cert "$rogue" sw switch
e2e_log "PKIs ready"

e2e_ovs_start sw1
e2e_bridge_add sw1 s1 1
e2e_host_add h1 198.19.4.1/24 sw1 s1 1
e2e_host_add h2 198.19.4.2/24 sw1 s1 2
e2e_mgmt_attach sw1
e2e_ovs_start sw2
e2e_bridge_add sw2 s2 2
e2e_mgmt_attach sw2
sw2_ip=$E2E_MGMT_IP

e2e_kumod_start --listen "pssl:$E2E_SSL_PORT:$E2E_CTL_IP" \
    --ssl-key "$pki/ctl-privkey.pem" --ssl-cert "$pki/ctl-cert.pem" \
    --ssl-ca "$pki/ca/switchca/cacert.pem"
e2e_wait_until 5 "kumod listening on pssl:$E2E_SSL_PORT" \
    e2e_listening "$E2E_CTL_IP" "$E2E_SSL_PORT"

# The good switch.
e2e_ovs sw1 ovs-vsctl set-ssl "$pki/sw-privkey.pem" "$pki/sw-cert.pem" \
    "$pki/ca/controllerca/cacert.pem"
e2e_set_controller sw1 s1 "ssl:$E2E_CTL_IP:$E2E_SSL_PORT"
e2e_wait_kumod_switch 1
e2e_wait_ping h1 198.19.4.2
e2e_wait_ping h2 198.19.4.1
e2e_log "s1 connected over TLS, hosts ping"

# The rogue switch: certificate from another CA.
refusal_re="(certificate|verify|handshake|TLS|SSL|ssl|tls).*"
refused() { grep -E "\|(warn|err)\|" "$E2E_KUMOD_LOG" | grep -F "$sw2_ip:" | grep -qE "$refusal_re"; }
e2e_ovs sw2 ovs-vsctl set-ssl "$rogue/sw-privkey.pem" "$rogue/sw-cert.pem" \
    "$pki/ca/controllerca/cacert.pem"
e2e_set_controller sw2 s2 "ssl:$E2E_CTL_IP:$E2E_SSL_PORT"
e2e_wait_until 15 "kumod logs that it refused $sw2_ip's certificate" refused
e2e_log "kumod: $(grep -F "$sw2_ip:" "$E2E_KUMOD_LOG" | grep -E "$refusal_re" | head -n 1)"
sleep 2   # give a (wrongly) accepted session time to show up
[ "$(e2e_kumod_sessions 2)" = 0 ] || e2e_fail "kumod accepted the switch with a foreign certificate"
[ "$(e2e_kumod_sessions 1)" = 1 ] || e2e_fail "the good switch lost its session"

# Cleartext OpenFlow to the TLS port: refused or closed, never a session.
if [ -n "${E2E_EVIL:-}" ] || E2E_EVIL=$(e2e_build_evil); then
    rc=0
    timeout 10 "$E2E_EVIL" -V 4 "$E2E_CTL_IP" "$E2E_SSL_PORT" switch ee 3 > "$E2E_DIR/clear.log" 2>&1 || rc=$?
    [ "$rc" != 0 ] || e2e_fail "a cleartext OpenFlow client kept a session on the TLS port: $(cat "$E2E_DIR/clear.log")"
    [ "$(e2e_kumod_sessions ee)" = 0 ] || e2e_fail "kumod lists the cleartext client as a switch"
fi
e2e_ping h1 198.19.4.2 || e2e_fail "TLS switch's traffic broke"

e2e_kumod_stop
e2e_kumod_check_log "$(e2e_re_addr "$sw2_ip")" "$(e2e_re_addr "$E2E_CTL_IP")"
e2e_pass
