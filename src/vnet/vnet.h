/* vnet: the tenant model (tenants, networks, ports, chassis, the unknown-MAC
 * policy), its validation, and its durable store.
 *
 * Where it fits: the REST and SSP APIs (src/api) create, read, update and
 * delete objects through the vnet_db_* functions below; the fabric thread
 * (and later the overlay manager) notices vnet_db_seq() moving (or is told
 * through vnet_db_set_notify()) and pulls an immutable whole-model copy with
 * vnet_db_snapshot() to compile flows from.
 *
 * Durability: every write is one SQLite transaction (WAL journal,
 * synchronous=FULL) committed BEFORE the function returns 0, so a write
 * whose call returned survives kill -9 and power loss. One process owns a
 * database file: vnet_db_open() takes an exclusive lock, and a second
 * opener (another kumod, or a second handle) fails with status 500.
 *
 * Threads: every vnet_db_* function is thread-safe (one mutex inside the
 * handle serialises them). Reads are served from an in-memory copy of the
 * model that is kept in step with the database (updated only after a
 * commit succeeded). A snapshot, once obtained, is immutable and may be
 * read from any thread without locks until it is destroyed.
 *
 * Errors: functions return 0, or an HTTP-like status (400 bad value, 404
 * unknown object, 409 conflict, 500 storage failure) that is also stored in
 * '*err' (when 'err' is nonnull) together with the name of the offending
 * field (as the REST API spells it, e.g. "binding.vlan") and a message.
 *
 * Strings: all text fields are fixed-size, NUL-terminated, valid UTF-8
 * without control characters; uuids are canonical lowercase
 * "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (input is accepted in any case).
 *
 * Model rules (see src/vnet/README.md for the reasons):
 *  - tenant names are unique; network names are unique within a tenant;
 *    non-empty port names are unique within a network; chassis names and
 *    tunnel IPs are unique.
 *  - network numeric ids (1..VNET_NETWORK_ID_MAX, 0 on create = allocate)
 *    and VNIs (1..VNET_VNI_MAX, optional) are unique fabric-wide, and so
 *    is the VNI a network travels with between hypervisors (its vni, else
 *    its net_id): 409 on "vni" or "net_id" otherwise. Allocation takes
 *    ids up to VNET_FABRIC_NET_ID_MAX first, and skips other networks'
 *    vnis.
 *  - a network with switch-port, port-vlan or mac bindings, or the
 *    quarantine network, has a net_id of at most VNET_FABRIC_NET_ID_MAX
 *    (it is the network's VLAN between switches): binding a port that way
 *    to a network above it is 409 (field "binding.kind"), so is moving
 *    such a network's net_id above it (field "net_id") or naming it the
 *    quarantine network (field "quarantine_network"). Ports bound by
 *    iface-id or attached through SSP (carried as the VNI between
 *    hypervisors) may use any id.
 *  - bindings: a switch port (dpid, port_no) is bound either whole (one
 *    port of kind VNET_BIND_SWITCH_PORT) or split by VLAN (ports of kind
 *    VNET_BIND_PORT_VLAN with distinct VLANs), never both; a MAC binding and
 *    an iface-id binding are each unique fabric-wide (the classifier finds
 *    the network from the MAC alone wherever the device plugs in, so two
 *    tenants cannot both claim one MAC that way). Port addresses ('mac',
 *    'ips') are only unique within a network: the same MAC/IP may exist in
 *    different networks and tenants.
 *  - deleting a tenant that has networks, or a network that has ports, is
 *    409 unless 'cascade' is set (then the children go in the same
 *    transaction). A network used as the quarantine network cannot be
 *    deleted (409).
 *  - SSP attachment: attachment_type VifAttachment with attachment_ip gets
 *    a vlan_id (1..4094) unique among ports attached to the same
 *    hypervisor IP, lowest free first; it is kept while the IP stays the
 *    same and freed on detach (NoAttachment) or delete. A port with a
 *    binding (kind != none) cannot also be VIF-attached (409). */
#ifndef KUMO_VNET_VNET_H
#define KUMO_VNET_VNET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

/* Sizes of the fixed text fields, NUL included. */
#define VNET_UUID_SIZE 37       /* 36 characters. */
#define VNET_NAME_SIZE 128      /* Names: up to 127 bytes. */
#define VNET_DESC_SIZE 256      /* Descriptions: up to 255 bytes. */
#define VNET_IFACE_ID_SIZE 128  /* Hypervisor interface ids. */
#define VNET_IP_SIZE 46         /* An IPv4 or IPv6 address as text. */
#define VNET_ADDR_SIZE 256      /* An OVSDB address ("tcp:IP:PORT", ...). */
#define VNET_DPTYPE_SIZE 16     /* An OVS datapath type. */

#define VNET_NETWORK_ID_MAX 1048575u    /* 20 bits: the tenant flood group
                                         * ids hold 20 bits of it
                                         * (FABRIC_TENANT_MAX_OVERLAY_NET_ID);
                                         * fits an MPLS label. */
#define VNET_FABRIC_NET_ID_MAX 4094u    /* Highest net_id of a network with
                                         * fabric bindings (switch-port,
                                         * port-vlan, mac) or used for
                                         * quarantine: the id is its VLAN on
                                         * inter-switch links. */
#define VNET_VNI_MAX 16777215u          /* 24 bits. */
#define VNET_VLAN_MAX 4094
#define VNET_PORT_MAX_IPS 4
#define VNET_OFPP_MAX 0xffffff00u       /* Highest physical port number. */

/* Status codes (HTTP-like). */
enum {
    VNET_OK = 0,
    VNET_EBADVAL = 400,         /* A field has a bad value. */
    VNET_ENOTFOUND = 404,       /* The object (or a reference) is unknown. */
    VNET_ECONFLICT = 409,       /* Duplicate / overlapping / still in use. */
    VNET_EINTERNAL = 500,       /* Storage failure (disk full, I/O...). */
};

struct vnet_error {
    int status;                 /* 0 or one of the codes above. */
    char field[64];             /* Offending field, "" if none. */
    char message[256];          /* Human-readable, names the problem. */
};

struct vnet_tenant {
    char uuid[VNET_UUID_SIZE];  /* On create: "" = generate, or a uuid. */
    char name[VNET_NAME_SIZE];  /* Required, unique. */
    char description[VNET_DESC_SIZE];
};

struct vnet_network {
    char uuid[VNET_UUID_SIZE];  /* On create: "" = generate, or a uuid. */
    char tenant_uuid[VNET_UUID_SIZE];   /* Required; immutable. */
    char name[VNET_NAME_SIZE];  /* Required, unique within the tenant. */
    uint32_t net_id;            /* 1..VNET_NETWORK_ID_MAX, unique; 0 on
                                 * create (or update) = allocate (keep). */
    bool has_vni;
    uint32_t vni;               /* 1..VNET_VNI_MAX, unique, if has_vni. */
    char description[VNET_DESC_SIZE];
};

enum vnet_binding_kind {
    VNET_BIND_NONE,
    VNET_BIND_SWITCH_PORT,      /* dpid + port_no, all its traffic. */
    VNET_BIND_PORT_VLAN,        /* dpid + port_no + vlan (1..4094). */
    VNET_BIND_MAC,              /* mac, on any edge port of the fabric. */
    VNET_BIND_IFACE_ID,         /* iface_id (OVS external_ids:iface-id). */
};

struct vnet_binding {
    enum vnet_binding_kind kind;
    uint64_t dpid;              /* SWITCH_PORT, PORT_VLAN. */
    uint32_t port_no;           /* SWITCH_PORT, PORT_VLAN: 1..OFPP_MAX. */
    uint16_t vlan;              /* PORT_VLAN: 1..4094. */
    struct eth_addr mac;        /* MAC: unicast, nonzero. */
    char iface_id[VNET_IFACE_ID_SIZE];  /* IFACE_ID: nonempty. */
};

/* SSP ("Stratosphere") attachment of a port to a hypervisor. */
enum vnet_attach_type {
    VNET_ATTACH_NONE,           /* "NoAttachment". */
    VNET_ATTACH_VIF,            /* "VifAttachment". */
};

struct vnet_port {
    char uuid[VNET_UUID_SIZE];  /* On create: "" = generate, or a uuid. */
    char network_uuid[VNET_UUID_SIZE];  /* Required; immutable. */
    char tenant_uuid[VNET_UUID_SIZE];   /* Output only: the network's. */
    char name[VNET_NAME_SIZE];  /* Optional; unique in the network if set. */
    bool has_mac;
    struct eth_addr mac;        /* The port's own address (anti-spoofing);
                                 * unique within the network. */
    size_t n_ips;
    char ips[VNET_PORT_MAX_IPS][VNET_IP_SIZE];  /* Canonical text; unique
                                                 * within the network. */
    struct vnet_binding binding;
    enum vnet_attach_type attachment_type;
    char attachment_ip[VNET_IP_SIZE];   /* Hypervisor IP if VIF, else "". */
    uint16_t vlan_id;           /* Output only: VIF's local VLAN, else 0. */
};

enum vnet_encap {
    VNET_ENCAP_VXLAN = 1 << 0,
    VNET_ENCAP_GENEVE = 1 << 1,
    VNET_ENCAP_GRE = 1 << 2,
};
#define VNET_ENCAP_ALL (VNET_ENCAP_VXLAN | VNET_ENCAP_GENEVE | VNET_ENCAP_GRE)

/* A hypervisor running Open vSwitch, managed over OVSDB (issue 6). */
struct vnet_chassis {
    char uuid[VNET_UUID_SIZE];  /* On create: "" = generate, or a uuid. */
    char name[VNET_NAME_SIZE];  /* Required, unique. */
    char ovsdb_addr[VNET_ADDR_SIZE];    /* "tcp:IP:PORT", "ssl:IP:PORT" or
                                         * "unix:PATH" (IPv6 in [ ]). */
    char tunnel_ip[VNET_IP_SIZE];       /* Underlay IP; unique. */
    unsigned int encaps;        /* Nonzero set of enum vnet_encap. */
    char datapath_type[VNET_DPTYPE_SIZE];  /* "" (= "system"), "system",
                                            * or "netdev". */
};

/* What happens to frames from a MAC that no port claims. */
enum vnet_unknown_mac {
    VNET_UNKNOWN_MAC_DROP,
    VNET_UNKNOWN_MAC_QUARANTINE,        /* Into quarantine_network. */
};

struct vnet_config {
    enum vnet_unknown_mac unknown_mac;
    char quarantine_network[VNET_UUID_SIZE];   /* If QUARANTINE: an existing
                                                * network; else "". */
};

/* An immutable copy of the whole model at one change counter value. Arrays
 * are in creation order. Shared by reference: get one with
 * vnet_db_snapshot(), give it back with vnet_snapshot_destroy(). */
struct vnet_snapshot {
    uint64_t seq;               /* vnet_db_seq() this copy reflects. */
    const struct vnet_tenant *tenants;
    size_t n_tenants;
    const struct vnet_network *networks;
    size_t n_networks;
    const struct vnet_port *ports;
    size_t n_ports;
    const struct vnet_chassis *chassis;
    size_t n_chassis;
    struct vnet_config config;
    int refcount_;              /* Private. */
};

struct vnet_db;

/* ---- Opening ---- */

/* Opens (creating if missing) the database at 'path' (":memory:" works for
 * tests, without durability), creates or migrates its schema, and loads the
 * model into memory. Returns the handle (caller owns; close with
 * vnet_db_close()), or NULL with '*err' filled (status 500). */
struct vnet_db *vnet_db_open(const char *path, struct vnet_error *err);

/* Closes 'db' (NULL is fine). Outstanding snapshots stay valid. */
void vnet_db_close(struct vnet_db *db);

/* The change counter: starts at 0 for each open and increments once per
 * committed write. Lock-free read. */
uint64_t vnet_db_seq(const struct vnet_db *db);

/* Calls 'cb(aux)' after each committed write, from the writing thread,
 * without the db lock held (so 'cb' may call vnet_db_* functions; keep it
 * short, e.g. write an eventfd). NULL 'cb' removes it. */
void vnet_db_set_notify(struct vnet_db *db, void (*cb)(void *aux), void *aux);

/* Read-modify-write. A caller that reads an object (or the config),
 * changes some of its fields and writes the whole object back (a REST PUT
 * naming only some fields) holds this lock from the read to the write, and
 * so does every caller that changes part of an existing object (the SSP
 * attachment): two such changes of one object are then applied one after
 * the other, and neither is lost. Every other vnet_db_* function may be
 * called while holding it; it serialises its holders only (a create or a
 * delete needs no read first). Not recursive. A distributed backend would
 * implement this as a compare-and-swap of the object read. */
void vnet_db_update_lock(struct vnet_db *db);
void vnet_db_update_unlock(struct vnet_db *db);

/* Returns an immutable copy of the whole model (a new reference; release
 * it with vnet_snapshot_destroy()). Cheap when nothing changed since the
 * last call: the same copy is shared. */
const struct vnet_snapshot *vnet_db_snapshot(struct vnet_db *db);

/* Releases one reference to 's' (NULL is fine); frees it at the last. */
void vnet_snapshot_destroy(const struct vnet_snapshot *s);

/* Snapshot lookups by uuid (linear; NULL if absent). Borrowed from 's'. */
const struct vnet_tenant *vnet_snapshot_find_tenant(
    const struct vnet_snapshot *s, const char *uuid);
const struct vnet_network *vnet_snapshot_find_network(
    const struct vnet_snapshot *s, const char *uuid);
const struct vnet_port *vnet_snapshot_find_port(
    const struct vnet_snapshot *s, const char *uuid);

/* ---- CRUD ----
 *
 * Common shape:
 *   _create(db, in, out, err): validates 'in' (its output-only fields are
 *       ignored), stores it, and copies the stored object (with its uuid and
 *       allocated values) to 'out' if nonnull.
 *   _get(db, uuid, out, err): 404 if unknown.
 *   _list(db, [filter,] offset, limit, &objs, &n, &total, err): the objects
 *       in creation order from index 'offset', at most 'limit' (SIZE_MAX =
 *       all, 0 = none, just the total) into '*objs' (caller frees with
 *       free(); NULL when n == 0), their number in '*n' and the number
 *       matching the filter in '*total'. A filter uuid that names no object
 *       is 404 (field "tenant_uuid" / "network_uuid"); NULL or "" = all.
 *   _update(db, in, out, err): replaces the mutable fields of the object
 *       named by in->uuid with those of 'in' (immutable fields must match
 *       or be ""), stores, copies the result to 'out' if nonnull.
 *   _delete(db, uuid, [cascade,] err).
 * All return 0 or the status stored in '*err'. */

int vnet_db_tenant_create(struct vnet_db *, const struct vnet_tenant *in,
                          struct vnet_tenant *out, struct vnet_error *);
int vnet_db_tenant_get(struct vnet_db *, const char *uuid,
                       struct vnet_tenant *out, struct vnet_error *);
int vnet_db_tenant_list(struct vnet_db *, size_t offset, size_t limit,
                        struct vnet_tenant **objs, size_t *n, size_t *total,
                        struct vnet_error *);
int vnet_db_tenant_update(struct vnet_db *, const struct vnet_tenant *in,
                          struct vnet_tenant *out, struct vnet_error *);
int vnet_db_tenant_delete(struct vnet_db *, const char *uuid, bool cascade,
                          struct vnet_error *);

int vnet_db_network_create(struct vnet_db *, const struct vnet_network *in,
                           struct vnet_network *out, struct vnet_error *);
int vnet_db_network_get(struct vnet_db *, const char *uuid,
                        struct vnet_network *out, struct vnet_error *);
int vnet_db_network_list(struct vnet_db *, const char *tenant_uuid,
                         size_t offset, size_t limit,
                         struct vnet_network **objs, size_t *n,
                         size_t *total, struct vnet_error *);
int vnet_db_network_update(struct vnet_db *, const struct vnet_network *in,
                           struct vnet_network *out, struct vnet_error *);
int vnet_db_network_delete(struct vnet_db *, const char *uuid, bool cascade,
                           struct vnet_error *);

int vnet_db_port_create(struct vnet_db *, const struct vnet_port *in,
                        struct vnet_port *out, struct vnet_error *);
int vnet_db_port_get(struct vnet_db *, const char *uuid,
                     struct vnet_port *out, struct vnet_error *);
int vnet_db_port_list(struct vnet_db *, const char *network_uuid,
                      size_t offset, size_t limit, struct vnet_port **objs,
                      size_t *n, size_t *total, struct vnet_error *);
/* The attachment fields of 'in' are taken too (as in
 * vnet_db_port_set_attachment()). */
int vnet_db_port_update(struct vnet_db *, const struct vnet_port *in,
                        struct vnet_port *out, struct vnet_error *);
int vnet_db_port_delete(struct vnet_db *, const char *uuid,
                        struct vnet_error *);

/* SSP: sets port 'uuid's attachment. VNET_ATTACH_VIF needs 'ip' (the
 * hypervisor's IP; field "attachment_ip") and allocates the port's vlan_id
 * (kept if the port was already attached to the same IP; 409 field
 * "vlan_id" when that hypervisor has no VLAN left). VNET_ATTACH_NONE frees
 * it ('ip' ignored). Copies the result to 'out' if nonnull. */
int vnet_db_port_set_attachment(struct vnet_db *, const char *uuid,
                                enum vnet_attach_type, const char *ip,
                                struct vnet_port *out, struct vnet_error *);

int vnet_db_chassis_create(struct vnet_db *, const struct vnet_chassis *in,
                           struct vnet_chassis *out, struct vnet_error *);
int vnet_db_chassis_get(struct vnet_db *, const char *uuid,
                        struct vnet_chassis *out, struct vnet_error *);
int vnet_db_chassis_list(struct vnet_db *, size_t offset, size_t limit,
                         struct vnet_chassis **objs, size_t *n,
                         size_t *total, struct vnet_error *);
int vnet_db_chassis_update(struct vnet_db *, const struct vnet_chassis *in,
                           struct vnet_chassis *out, struct vnet_error *);
int vnet_db_chassis_delete(struct vnet_db *, const char *uuid,
                           struct vnet_error *);

/* The unknown-MAC policy (default: drop). */
void vnet_db_config_get(struct vnet_db *, struct vnet_config *out);
int vnet_db_config_set(struct vnet_db *, const struct vnet_config *in,
                       struct vnet_error *);

/* ---- Helpers (pure, thread-safe) ---- */

/* Writes a new random (version 4) uuid into 'out'. */
void vnet_uuid_generate(char out[VNET_UUID_SIZE]);

/* Checks that 's' is a uuid (any case) and writes its canonical lowercase
 * form to 'out' (may be 's' itself). Returns true if valid. */
bool vnet_uuid_normalize(const char *s, char out[VNET_UUID_SIZE]);

/* Parses "aa:bb:cc:dd:ee:ff" (or '-' separated) into '*mac'. */
bool vnet_mac_parse(const char *s, struct eth_addr *mac);

/* Formats 'mac' as lowercase "aa:bb:cc:dd:ee:ff" into 'out' (18 bytes). */
void vnet_mac_format(const struct eth_addr *mac, char out[18]);

/* Checks that 's' is an IPv4 or IPv6 address and writes its canonical text
 * to 'out' (may be 's'). Returns true if valid. */
bool vnet_ip_normalize(const char *s, char out[VNET_IP_SIZE]);

/* Names used by the APIs and the schema ("none", "switch-port",
 * "port-vlan", "mac", "iface-id"; "NoAttachment", "VifAttachment";
 * "vxlan", "geneve", "gre"; "drop", "quarantine"). The _from_string
 * functions return false for an unknown name. */
const char *vnet_binding_kind_to_string(enum vnet_binding_kind);
bool vnet_binding_kind_from_string(const char *, enum vnet_binding_kind *);
const char *vnet_attach_type_to_string(enum vnet_attach_type);
bool vnet_attach_type_from_string(const char *, enum vnet_attach_type *);
const char *vnet_encap_to_string(enum vnet_encap);
bool vnet_encap_from_string(const char *, enum vnet_encap *);
const char *vnet_unknown_mac_to_string(enum vnet_unknown_mac);
bool vnet_unknown_mac_from_string(const char *, enum vnet_unknown_mac *);

/* Fills '*err' (if nonnull) and returns 'status'. For the API layer to
 * report its own parse errors in the same shape. */
int vnet_error_set(struct vnet_error *err, int status, const char *field,
                   const char *format, ...) KUMO_PRINTF(4, 5);

#endif /* vnet.h */
