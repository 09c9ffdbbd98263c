/* overlay-conv: the pure convergence logic of the chassis manager.
 *
 * Input: the OVSDB replica of one hypervisor (ovsdb-replica.h, monitored
 * with the columns in overlay_conv_monitor[]) and the intent for it
 * (integration bridge, datapath type, controller targets, allowed
 * encapsulations).  Output: one "transact" that brings the hypervisor to
 * the intent, or nothing when it is already there, plus what was observed
 * (bridge present, tunnels, controller connected, underlay MTU, VM
 * interfaces).
 *
 * Rules (see src/overlay/README.md for why):
 *  - everything Kumo creates carries external_ids:kumo-owned=true; rows
 *    without it are never modified or deleted (a bridge of that name that
 *    someone else made is adopted: only its controller set, fail_mode and
 *    protocols are set, never its ports);
 *  - tunnel ports are flow-based: one port per allowed encapsulation,
 *    named kumo-vxlan / kumo-geneve / kumo-gre, options remote_ip=flow,
 *    key=flow; a wrong type/options is fixed in place (update), never by
 *    delete + insert;
 *  - every transaction starts with "wait" ops (timeout 0) asserting the
 *    state it was computed from (no bridge of that name yet; the bridge's
 *    ports and controller sets unchanged), so a plan made from a stale
 *    replica fails instead of creating duplicates.
 *
 * Pure: no I/O, no clock, no globals that change. */
#ifndef KUMO_OVERLAY_CONV_H
#define KUMO_OVERLAY_CONV_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct ovsdb_replica;
struct ovsdb_txn;

/* The external_ids key (value "true") marking Kumo's rows. */
#define OVERLAY_OWNER_KEY "kumo-owned"

/* Encapsulation overhead over the tenant frame's IP MTU with an IPv4
 * underlay (outer Ethernet 14 + IPv4 20 + UDP 8 + header 8 for VXLAN;
 * Geneve the same plus 8 bytes of room for options; GRE 14 + 20 + 8 with
 * a key).  An IPv6 underlay adds OVERLAY_IPV6_EXTRA. */
#define OVERLAY_OVERHEAD_VXLAN 50
#define OVERLAY_OVERHEAD_GENEVE 58
#define OVERLAY_OVERHEAD_GRE 42
#define OVERLAY_IPV6_EXTRA 20

/* One table to monitor and its columns (NULL-terminated list). */
struct overlay_conv_table {
    const char *table;
    const char *const *columns;
    size_t n_columns;
};
/* The tables and columns the replica must hold. */
extern const struct overlay_conv_table overlay_conv_monitor[];
extern const size_t overlay_conv_n_monitor;

/* What one hypervisor should look like. */
struct overlay_intent {
    const char *database;           /* "Open_vSwitch". */
    const char *bridge;             /* Integration bridge, e.g. "br-int". */
    const char *datapath_type;      /* For a bridge Kumo creates. */
    const char *const *controllers; /* OpenFlow targets (may be none: the
                                     * controller set is then left as
                                     * is). */
    size_t n_controllers;
    unsigned int encaps;            /* Set of enum vnet_encap. */
};

/* What the replica shows (filled by overlay_conv_plan()). */
struct overlay_observed {
    bool has_root;                  /* The Open_vSwitch row exists. */
    bool bridge_present;
    bool bridge_owned;              /* Created by Kumo. */
    char bridge_uuid[40];
    char datapath_id[24];           /* Bridge datapath_id, "" unknown. */
    char datapath_type[16];         /* The bridge's actual type. */
    bool controllers_ok;            /* Every target configured. */
    bool controller_connected;      /* One of Kumo's is_connected. */
    bool fail_mode_ok, protocols_ok;
    unsigned int tunnels;           /* Encaps whose port is right. */
    int64_t tunnel_ofports[3];      /* OpenFlow port of kumo-vxlan,
                                     * -geneve, -gre (enum vnet_encap bit
                                     * order) when right; 0 unknown. */
    size_t n_foreign_ports;         /* Ports on the bridge not Kumo's. */
    int underlay_mtu;               /* overlay_conv_underlay_mtu(). */
    char problem[256];              /* What cannot be converged (a name
                                     * clash), "" if nothing. */
};

/* Computes the transaction bringing replica 'r' (borrowed) to 'in'.
 * Fills '*obs'.  Returns the transaction (caller owns; hand it to
 * ovsdb_proto_transact()) and appends a one-line summary of its changes
 * to 'summary' (may be NULL); or NULL when nothing needs changing (or
 * only things Kumo must not change, named in obs->problem). */
struct ovsdb_txn *overlay_conv_plan(const struct ovsdb_replica *r,
                                    const struct overlay_intent *in,
                                    struct overlay_observed *obs,
                                    struct ds *summary);

/* The transaction that withdraws Kumo from the hypervisor when its
 * chassis is deleted: removes Kumo's tunnel ports and Kumo's controllers
 * from the integration bridge (the bridge itself and every other port
 * stay: VMs may still be plugged in).  Returns NULL if there is nothing
 * of Kumo's left. */
struct ovsdb_txn *overlay_conv_plan_remove(const struct ovsdb_replica *r,
                                           const struct overlay_intent *in);

/* The tunnel port name Kumo uses for 'encap' (one enum vnet_encap bit). */
const char *overlay_conv_port_name(unsigned int encap);
/* The OVS interface type for 'encap' ("vxlan", "geneve", "gre"). */
const char *overlay_conv_iface_type(unsigned int encap);
/* Overhead in bytes of 'encap' (IPv4 underlay, or IPv6 if 'ipv6'). */
int overlay_conv_overhead(unsigned int encap, bool ipv6);

/* The underlay MTU as OVSDB shows it: the smallest "mtu" of the
 * interfaces on bridges other than 'bridge' (with the userspace datapath
 * the underlay NIC and the internal port holding the tunnel IP sit on such
 * a bridge, e.g. br-phy), ignoring tunnel and patch interfaces.  Returns 0
 * if unknown (no such interface reports an MTU). */
int overlay_conv_underlay_mtu(const struct ovsdb_replica *r,
                              const char *bridge);

/* Checks that an underlay of 'underlay_mtu' carries tenant frames of
 * 'network_mtu' in each encapsulation of 'encaps'.  Returns true if so
 * (or if the MTU is unknown: 0); otherwise appends the reason, naming
 * each encapsulation that does not fit and the MTU it needs, to 'err'. */
bool overlay_conv_mtu_check(int underlay_mtu, int network_mtu,
                            unsigned int encaps, bool ipv6, struct ds *err);

/* A VM interface on the integration bridge. */
struct overlay_vif {
    char iface_id[128];             /* external_ids:iface-id. */
    char name[64];                  /* Interface name. */
    int64_t ofport;                 /* -1 (failed) or 0 (not yet) if no
                                     * usable port number. */
    bool has_mac;
    char mac[18];                   /* external_ids:attached-mac,
                                     * lowercase. */
};

/* Appends to '*vifs' (realloc'd; '*n' updated) every interface of
 * 'bridge' that carries external_ids:iface-id, sorted by iface-id then
 * name. */
void overlay_conv_vifs(const struct ovsdb_replica *r, const char *bridge,
                       struct overlay_vif **vifs, size_t *n);

#endif /* overlay-conv.h */
