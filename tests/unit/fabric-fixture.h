/* fabric-fixture: helpers that the fabric unit tests (test-fabric-*.c)
 * share to build their worlds and drive the pipeline simulator: port and
 * host addresses, tenants and networks in a vnet store, hosts learned,
 * frames sent through fabric_sim, states merged, flow-mods turned into
 * flows and states turned into the switch's read-back replies.
 *
 * Built once into the unit tests' fixture library (tests/CMakeLists.txt);
 * failures are cmocka assertions in the calling test. */
#ifndef KUMO_TESTS_FABRIC_FIXTURE_H
#define KUMO_TESTS_FABRIC_FIXTURE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fabric/fabric-sim.h"

struct buf;
struct fabric_flow;
struct fabric_state;
struct ofp_flow_mod;
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

#endif /* fabric-fixture.h */
