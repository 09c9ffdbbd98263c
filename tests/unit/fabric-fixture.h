/* fabric-fixture: helpers that the fabric unit tests (test-fabric-*.c)
 * share to build their worlds and drive the pipeline simulator: port and
 * host addresses, tenants and networks in a vnet store, hosts learned,
 * frames sent through fabric_sim, states merged, flow-mods turned into
 * flows and states turned into the switch's read-back replies; for the
 * randomised tests, a reproducible random generator, cables, tenant ports
 * kept in a store, and emulated switches' flow tables and LLDP probes.
 *
 * Built once into the unit tests' fixture library (tests/CMakeLists.txt);
 * failures are cmocka assertions in the calling test. */
#ifndef KUMO_TESTS_FABRIC_FIXTURE_H
#define KUMO_TESTS_FABRIC_FIXTURE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fabric/fabric-sim.h"
#include "vnet/vnet.h"

struct buf;
struct fabric_core;
struct fabric_flow;
struct fabric_state;
struct ofp_flow_mod;
struct ofp_header;
struct topo_graph;
struct topo_host_table;
struct vnet_db;

/* Returns the host address 02:00:00:00:A:B. */
struct eth_addr fabric_fixture_mac(uint8_t a, uint8_t b);

/* Adds or updates port 'port' of switch 'dpid' in 'g': address
 * 06:00:00:00:DPID:PORT (low bytes), 10 Gb/s, live or not. */
void fabric_fixture_port_set(struct topo_graph *g, uint64_t dpid,
                             uint32_t port, bool live);

/* Adds every flow and group of 'src' to 'dst' (none may clash). */
void fabric_fixture_merge(struct fabric_state *dst,
                          const struct fabric_state *src);

/* Creates tenant 'name' in 'db' and copies its uuid into 'uuid'
 * (VNET_UUID_SIZE bytes). */
void fabric_fixture_tenant(struct vnet_db *db, const char *name, char *uuid);

/* Creates network 'name' of tenant 'tenant_uuid' in 'db', with id
 * 'net_id' (0: allocated) and VNI 'vni' (0: none), copies its uuid into
 * 'uuid' (VNET_UUID_SIZE bytes) and returns its net_id. */
uint32_t fabric_fixture_network(struct vnet_db *db, const char *tenant_uuid,
                                const char *name, uint32_t net_id,
                                uint32_t vni, char *uuid);

/* Has 'hosts' learn 'mac' (VLAN 'vlan', 0: untagged) seen on (dpid,
 * port) of 'g' at 'now'; asserts that it was not ignored. */
void fabric_fixture_learn(struct topo_host_table *hosts,
                          const struct topo_graph *g, struct eth_addr mac,
                          uint64_t dpid, uint32_t port, uint16_t vlan,
                          uint64_t now);

/* Returns an untagged frame of 'eth_type' from 'src' to 'dst' entering on
 * 'in_port'. */
struct fabric_sim_packet fabric_fixture_packet(uint32_t in_port,
                                               struct eth_addr src,
                                               struct eth_addr dst,
                                               uint16_t eth_type);

/* Runs an IPv4 frame from 'src' to 'dst', tagged with 'vlan' (0:
 * untagged), into switch 'dpid' port 'in_port' of 'sim', following at
 * most 'max_hops' hops, into 'r' (cleared first); asserts that no copy
 * met an ambiguous match. */
void fabric_fixture_send(const struct fabric_sim *sim, uint64_t dpid,
                         uint32_t in_port, struct eth_addr dst,
                         struct eth_addr src, uint16_t vlan,
                         size_t max_hops, struct fabric_sim_result *r);

/* Sets 'f' to the flow that flow-mod 'fm' adds (its actions are borrowed
 * from 'fm'). */
void fabric_fixture_flow_from_mod(const struct ofp_flow_mod *fm,
                                  struct fabric_flow *f);

/* Appends 'st' encoded as the bodies of an OpenFlow 1.3 FLOW multipart
 * reply to 'flows' and of a GROUP_DESC reply to 'groups': what a switch
 * holding 'st' answers to the fabric's read-back. */
void fabric_fixture_readback(const struct fabric_state *st, struct buf *flows,
                             struct buf *groups);

/* Seeds the fixture's random generator (xorshift64*, so that failures
 * reproduce); 'seed' must not be 0. */
void fabric_fixture_rng_seed(uint64_t seed);

/* Returns the next random number below 'n' (nonzero). */
uint32_t fabric_fixture_rng_below(uint32_t n);

/* A cable: port 'pa' of switch 'a' to port 'pb' of switch 'b', up or
 * cut. */
struct fabric_fixture_cable {
    uint64_t a, b;
    uint32_t pa, pb;
    bool up;
};

/* Adds a cable from the next port of switch 'a' to the next port of
 * switch 'b' (counting ports up from '*a_ports' and '*b_ports', the
 * switches' last ports, both incremented) to the '*n_cables' of 'cables',
 * up, and returns it; returns NULL (nothing changed) if 'a' is 'b' or
 * there are 'max_cables' already. */
struct fabric_fixture_cable *fabric_fixture_cable_add(
    struct fabric_fixture_cable *cables, size_t *n_cables,
    size_t max_cables, uint64_t a, uint32_t *a_ports, uint64_t b,
    uint32_t *b_ports);

/* Returns the device address 02:5A:N2:N1:N0:01 (N's low three bytes). */
struct eth_addr fabric_fixture_mac_seq(uint32_t n);

/* A tenant port a test created in its vnet store. */
struct fabric_fixture_mport {
    char uuid[VNET_UUID_SIZE];
    bool mac_bound;                 /* Bound by MAC. */
    struct eth_addr mac;
};

/* Picks a random index of a live network among the 'n_nets' flags of
 * 'net_live' into '*net'; returns false (drawing nothing) if none is
 * live. */
bool fabric_fixture_net_pick(const bool *net_live, size_t n_nets,
                             size_t *net);

/* Clears 'p' and makes it a port of network 'network_uuid' named
 * "p<N>" with MAC fabric_fixture_mac_seq(N) (no binding, 'has_mac'
 * false), N being '*mac_seq' incremented. */
void fabric_fixture_vnet_port_init(struct vnet_port *p,
                                   const char *network_uuid,
                                   uint32_t *mac_seq);

/* Creates port 'p' in 'db' and, if that worked, records it (its uuid,
 * MAC and whether it is bound by MAC) at the end of 'ports' ('*n_ports'
 * of them, incremented) and returns true; returns false if 'db' refused
 * it (a conflicting binding). */
bool fabric_fixture_mport_create(struct vnet_db *db,
                                 const struct vnet_port *p,
                                 struct fabric_fixture_mport *ports,
                                 size_t *n_ports);

/* Deletes a random one of the '*n_ports' ports of 'ports' from 'db' and
 * from 'ports' (the last one takes its place); nothing if there is none. */
void fabric_fixture_mport_delete(struct vnet_db *db,
                                 struct fabric_fixture_mport *ports,
                                 size_t *n_ports);

/* Drops from 'ports' ('*n_ports' of them) those 'db' no longer has (their
 * network was deleted). */
void fabric_fixture_mports_prune(struct vnet_db *db,
                                 struct fabric_fixture_mport *ports,
                                 size_t *n_ports);

/* Creates network 'i' of tenant 'tenant_uuid' in 'db', named
 * "n<i>-<now>", copies its uuid into 'nets[i]' and marks it live in
 * 'net_live'. */
void fabric_fixture_net_create(struct vnet_db *db, const char *tenant_uuid,
                               char (*nets)[VNET_UUID_SIZE], bool *net_live,
                               size_t i, uint64_t now);

/* Picks a random one of the 'n_nets' networks 'nets' of tenant
 * 'tenant_uuid' in 'db': deletes it if it is live in 'net_live' (as
 * fabric_fixture_net_delete() does, with 'ports' and '*n_ports'), else
 * creates it (as fabric_fixture_net_create() does, at 'now'). */
void fabric_fixture_net_flip(struct vnet_db *db, const char *tenant_uuid,
                             char (*nets)[VNET_UUID_SIZE], bool *net_live,
                             size_t n_nets, uint64_t now,
                             struct fabric_fixture_mport *ports,
                             size_t *n_ports);

/* Deletes network 'uuid' from 'db' with its ports (asserts that it
 * worked) and drops those ports from 'ports' ('*n_ports' of them). */
void fabric_fixture_net_delete(struct vnet_db *db, const char *uuid,
                               struct fabric_fixture_mport *ports,
                               size_t *n_ports);

/* Applies FLOW_MOD or GROUP_MOD 'oh' to the flow table 't' as an OpenFlow
 * 1.3 switch would for the commands the fabric sends. 'strict': asserts
 * that a modified or deleted flow and a modified group exist (else those
 * commands on missing entries are ignored, as after lost messages); an
 * added group must never exist already. */
void fabric_fixture_apply_mod(struct fabric_state *t,
                              const struct ofp_header *oh, bool strict);

/* An LLDP frame switch 'dpid' was told to send out of 'port'. */
struct fabric_fixture_probe {
    uint64_t dpid;
    uint32_t port;
    uint8_t frame[256];
    size_t size;
};

/* The LLDP frames emulated switches were told to send, to deliver. */
struct fabric_fixture_probes {
    struct fabric_fixture_probe p[256];
    size_t n;
};

/* If 'oh' (sent to switch 'dpid') is a PACKET_OUT, decodes it, records it
 * in 'probes' if it carries an LLDP frame and there is room, and returns
 * true; else returns false. */
bool fabric_fixture_probe_take(struct fabric_fixture_probes *probes,
                               uint64_t dpid, const struct ofp_header *oh);

/* Finds the far end of the live cable on (dpid, port): sets '*peer',
 * '*peer_port' and '*peer_session' (the peer's connection) and returns
 * true, or returns false. */
typedef bool fabric_fixture_peer_func(void *aux, uint64_t dpid,
                                      uint32_t port, uint64_t *peer,
                                      uint32_t *peer_port,
                                      uint64_t *peer_session);

/* Hands every frame of 'probes' to 'fc' as a packet-in at 'now' from the
 * peer 'peer_of' finds for it (frames without one are lost), then empties
 * 'probes'. */
void fabric_fixture_probes_deliver(struct fabric_fixture_probes *probes,
                                   struct fabric_core *fc,
                                   fabric_fixture_peer_func *peer_of,
                                   void *aux, uint64_t now);

#endif /* fabric-fixture.h */
