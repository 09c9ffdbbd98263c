/* overlay: the chassis manager.  kumod configures hypervisors ("chassis"
 * in the vnet store) over OVSDB: integration bridge, controllers, tunnel
 * ports (the pure logic is overlay-conv.h), and publishes what it sees:
 * per-chassis state and the VM interfaces (iface-id bindings).
 *
 * Threads: overlay_start() creates ONE manager thread that owns every
 * OVSDB session (one ovsdb_client per chassis) and all the convergence
 * state; it watches the vnet change counter (vnet_db_seq()) and pulls a
 * snapshot when it moves.  Other threads only read published copies:
 *  - overlay_get_chassis(): a copy of every chassis' state (under a
 *    mutex held only for the copy);
 *  - overlay_vifs_seq() (lock-free) and overlay_vifs_get(): an immutable,
 *    reference-counted set of VM interfaces, replaced as a whole when
 *    anything in it changes, so a reader (e.g. the fabric thread binding
 *    ports of kind iface-id) polls the counter in its run() and pulls the
 *    set only when it moved:
 *
 *        uint64_t seq = overlay_vifs_seq(ov);
 *        if (seq != my_seq) {
 *            const struct overlay_vif_set *s = overlay_vifs_get(ov);
 *            for (i = 0; i < s->n; i++) { ... s->vifs[i] ... }
 *            my_seq = s->seq;
 *            overlay_vif_set_release(s);
 *        }
 */
#ifndef KUMO_OVERLAY_H
#define KUMO_OVERLAY_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlay/overlay-conv.h"
#include "vnet/vnet.h"

struct vnet_db;

struct overlay_config {
    struct vnet_db *db;             /* The chassis come from here
                                     * (borrowed; must outlive the
                                     * manager). */
    const char *bridge;             /* Integration bridge ("br-int"). */
    const char *datapath_type;      /* For chassis whose datapath_type is
                                     * "" ("netdev"). */
    const char *const *controllers; /* OpenFlow targets for the bridges;
                                     * none: the controller set is left
                                     * alone (reported in each chassis'
                                     * state). */
    size_t n_controllers;
    int network_mtu;                /* Tenant MTU for the underlay check. */
    int64_t min_backoff_ms, max_backoff_ms;     /* OVSDB reconnect; 0:
                                                 * 1000 / 8000. */
};

/* One chassis as the manager sees it (a copy). */
struct overlay_chassis_state {
    char uuid[VNET_UUID_SIZE];
    char name[VNET_NAME_SIZE];
    char ovsdb_addr[VNET_ADDR_SIZE];
    char tunnel_ip[VNET_IP_SIZE];
    unsigned int encaps;            /* Wanted (enum vnet_encap bits). */
    bool connected;                 /* OVSDB session up. */
    bool synced;                    /* Replica current. */
    bool converged;                 /* Synced, and the last plan had
                                     * nothing to do. */
    struct overlay_observed obs;    /* From the last plan. */
    size_t n_vifs;                  /* Interfaces with an iface-id. */
    uint64_t n_txns, n_txn_failures;
    uint64_t n_connects;
    char mtu_error[256];            /* "" or why the underlay MTU is too
                                     * small. */
    char last_error[256];           /* Last failure (connect, transaction,
                                     * problem), "" if none. */
};

/* A VM interface seen on a chassis' integration bridge. */
struct overlay_chassis_vif {
    char chassis_uuid[VNET_UUID_SIZE];
    char chassis_name[VNET_NAME_SIZE];
    char datapath_id[24];           /* The bridge's, "" if unknown. */
    struct overlay_vif vif;
};

/* Immutable set of every VM interface on every chassis. */
struct overlay_vif_set {
    uint64_t seq;                   /* overlay_vifs_seq() it reflects. */
    size_t n;
    struct overlay_chassis_vif *vifs;   /* Sorted by chassis, iface-id. */
    int refcount_;                  /* Private. */
};

struct overlay;

/* Starts the manager thread for 'cfg' (copied).  Returns NULL with
 * '*errorp' set (caller frees) on failure. */
struct overlay *overlay_start(const struct overlay_config *cfg,
                              char **errorp);
/* Stops the thread and frees everything.  Accepts NULL. */
void overlay_stop(struct overlay *ov);

/* Copies the state of every chassis into '*states' (caller frees with
 * free()), in the store's order; returns their number.  Any thread. */
size_t overlay_get_chassis(struct overlay *ov,
                           struct overlay_chassis_state **states);

/* Change counter of what overlay forwarding needs of the chassis (their
 * set, tunnel IPs, encapsulations, br-int datapath ids, tunnel port
 * numbers): moves whenever overlay_get_chassis() would show a change of
 * those (lock-free, any thread). */
uint64_t overlay_chassis_seq(const struct overlay *ov);

/* The VM interface set's change counter (lock-free, any thread). */
uint64_t overlay_vifs_seq(const struct overlay *ov);
/* A new reference to the current VM interface set (never NULL).  Any
 * thread; release with overlay_vif_set_release(). */
const struct overlay_vif_set *overlay_vifs_get(struct overlay *ov);
/* Releases one reference to 's'.  Accepts NULL. */
void overlay_vif_set_release(const struct overlay_vif_set *s);

/* Parses a comma-separated list of OpenFlow targets ("tcp:IP:PORT",
 * "ssl:IP:PORT") into '*targets' (caller frees each and the array).
 * Returns NULL or an error naming the bad element (caller frees). */
char *overlay_parse_controllers(const char *list, char ***targets,
                                size_t *n);

#endif /* overlay.h */
