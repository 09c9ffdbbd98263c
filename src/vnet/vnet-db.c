/* vnet-db: the durable store of the tenant model (API in vnet.h).
 *
 * One SQLite connection and one in-memory copy of the model per handle,
 * both guarded by one mutex. A write validates against the in-memory copy
 * (which gives precise, field-naming errors), then runs one SQLite
 * transaction (BEGIN IMMEDIATE ... COMMIT in WAL mode), and only when
 * COMMIT succeeded changes the in-memory copy and bumps the change
 * counter. Durability: COMMIT itself does not wait for the disk
 * (synchronous=NORMAL); the write call fsyncs the WAL after it has
 * released the mutex and told the watcher (the fabric thread, which then
 * compiles and sends the change while the disk works), and returns only
 * after the fsync: a write is on disk before its caller can acknowledge
 * it, and the flows of a change do not wait for the disk. The schema
 * repeats the uniqueness rules as UNIQUE indexes, a second line of defence.
 *
 * The in-memory copy keeps every object type in creation order (rowid
 * order in SQLite). Tenants, networks and chassis (thousands at most) are
 * arrays searched linearly, except networks by uuid (a hash index, since
 * every port write looks its network up). Ports (100,000 in issue 5's figures) are heap
 * nodes on a creation-order list, indexed by a hash multimap on uuid,
 * network, binding key and hypervisor IP, so that a port write costs
 * O(ports of its network + ports sharing its keys), not O(all ports). */
#include "vnet/vnet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "vnet/vnet-index.h"

LOG_MODULE(vnet_db);

#define NOT_FOUND SIZE_MAX

/* A port in memory. */
struct port_node {
    struct vnet_port port;
    uint64_t serial;            /* Creation order. */
    struct port_node *prev, *next;
};

/* Index keys: "u" uuid, "n" network uuid, "A" dpid/port_no (any
 * switch-port or port-vlan binding there), "W" dpid/port_no (a switch-port
 * binding), "V" dpid/port_no/vlan (a port-vlan binding), "m" MAC (mac
 * bindings), "i" iface-id, "h" hypervisor IP (VIF attachments). */
#define PORT_KEY_SIZE (VNET_IFACE_ID_SIZE + 2)
#define PORT_MAX_KEYS 5

struct vnet_db {
    pthread_mutex_t mutex;
    pthread_mutex_t update_mutex;   /* vnet_db_update_lock(): serialises
                                     * read-modify-write callers. */
    sqlite3 *sql;
    uint64_t seq;               /* Written under 'mutex', read atomically. */
    bool on_disk;               /* Not ":memory:": writes are fsynced. */
    bool committed;             /* A COMMIT since the last db_unlock(). */
    pthread_mutex_t sync_mutex; /* Serialises wal_sync() (outside
                                 * 'mutex'). */

    struct vnet_tenant *tenants;
    size_t n_tenants, alloc_tenants;
    struct vnet_network *networks;
    size_t n_networks, alloc_networks;
    struct vnet_index network_index;    /* uuid -> position + 1. */
    struct port_node *port_head, *port_tail;   /* Creation order. */
    size_t n_ports;
    uint64_t port_serial;       /* Next port_node.serial. */
    struct vnet_index port_index;       /* See port_keys(). */
    struct vnet_chassis *chassis;
    size_t n_chassis, alloc_chassis;
    struct vnet_config config;

    struct vnet_snapshot *snap; /* Cached; the db holds one reference. */
    void (*notify)(void *aux);
    void *notify_aux;
};

/* ---- Small helpers ---- */

static void
error_clear(struct vnet_error *err)
{
    if (err) {
        memset(err, 0, sizeof *err);
    }
}

/* Makes room for one more element of 'elem' bytes in '*arrayp'. */
static void
vec_reserve(void **arrayp, size_t n, size_t *allocp, size_t elem)
{
    if (n >= *allocp) {
        *allocp = *allocp ? *allocp * 2 : 16;
        *arrayp = xrealloc(*arrayp, *allocp * elem);
    }
}

/* Removes element 'i' of '*np' keeping the order. */
static void
vec_remove(void *array, size_t *np, size_t i, size_t elem)
{
    char *a = array;

    memmove(a + i * elem, a + (i + 1) * elem, (*np - i - 1) * elem);
    (*np)--;
}

/* True if 'field' (an array of 'size' bytes) holds a NUL-terminated valid
 * UTF-8 string without control characters. */
static bool
text_ok(const char *field, size_t size)
{
    const uint8_t *s = (const uint8_t *) field;
    size_t len = strnlen(field, size);
    size_t i = 0;

    if (len >= size) {
        return false;
    }
    while (i < len) {
        uint8_t c = s[i];
        size_t n, k;
        uint32_t cp;

        if (c < 0x20 || c == 0x7f) {
            return false;
        } else if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= len) {
            return false;
        }
        for (k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800)
            || (n == 3 && cp < 0x10000) || cp > 0x10ffff
            || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

static int
check_text(const char *field, size_t size, bool required, const char *name,
           struct vnet_error *err)
{
    if (strnlen(field, size) >= size) {
        return vnet_error_set(err, VNET_EBADVAL, name,
                              "%s is longer than %zu bytes", name, size - 1);
    }
    if (!text_ok(field, size)) {
        return vnet_error_set(err, VNET_EBADVAL, name,
                              "%s must be UTF-8 text without control "
                              "characters", name);
    }
    if (required && !field[0]) {
        return vnet_error_set(err, VNET_EBADVAL, name, "%s is required",
                              name);
    }
    return 0;
}

/* Validates the uuid reference 'in' (a fixed array) into 'out'. */
static int
check_uuid(const char *in, const char *name, char out[VNET_UUID_SIZE],
           struct vnet_error *err)
{
    if (strnlen(in, VNET_UUID_SIZE) >= VNET_UUID_SIZE
        || !vnet_uuid_normalize(in, out)) {
        return vnet_error_set(err, VNET_EBADVAL, name,
                              "%s is not a uuid", name);
    }
    return 0;
}

static bool
mac_is_zero(const struct eth_addr *m)
{
    static const struct eth_addr zero;

    return !memcmp(m, &zero, sizeof zero);
}

static bool
mac_eq(const struct eth_addr *a, const struct eth_addr *b)
{
    return !memcmp(a, b, sizeof *a);
}

static int
check_unicast_mac(const struct eth_addr *m, const char *name,
                  struct vnet_error *err)
{
    char s[18];

    if (mac_is_zero(m) || (m->ea[0] & 1)) {
        vnet_mac_format(m, s);
        return vnet_error_set(err, VNET_EBADVAL, name,
                              "%s %s is not a unicast address", name, s);
    }
    return 0;
}

/* ---- Lookups in the in-memory copy ---- */

static size_t
tenant_find(const struct vnet_db *db, const char *uuid)
{
    size_t i;

    for (i = 0; i < db->n_tenants; i++) {
        if (!strcmp(db->tenants[i].uuid, uuid)) {
            return i;
        }
    }
    return NOT_FOUND;
}

static size_t
network_find(const struct vnet_db *db, const char *uuid)
{
    uintptr_t i = (uintptr_t) vnet_index_find(&db->network_index, uuid);

    return i ? i - 1 : NOT_FOUND;
}

/* Rebuilds the uuid -> array position index of the networks (after a
 * delete shifted them; deletes are rare next to lookups). */
static void
network_index_rebuild(struct vnet_db *db)
{
    size_t i;

    vnet_index_destroy(&db->network_index);
    for (i = 0; i < db->n_networks; i++) {
        vnet_index_insert(&db->network_index, db->networks[i].uuid,
                          (void *) (uintptr_t) (i + 1));
    }
}

static size_t
chassis_find(const struct vnet_db *db, const char *uuid)
{
    size_t i;

    for (i = 0; i < db->n_chassis; i++) {
        if (!strcmp(db->chassis[i].uuid, uuid)) {
            return i;
        }
    }
    return NOT_FOUND;
}

/* The node of port 'uuid' (canonical), or NULL. */
static struct port_node *
port_find(const struct vnet_db *db, const char *uuid)
{
    char key[PORT_KEY_SIZE];

    snprintf(key, sizeof key, "u%s", uuid);
    return vnet_index_find(&db->port_index, key);
}

static bool
port_exists(const struct vnet_db *db, const char *uuid)
{
    return port_find(db, uuid) != NULL;
}

static bool
tenant_exists(const struct vnet_db *db, const char *uuid)
{
    return tenant_find(db, uuid) != NOT_FOUND;
}

static bool
network_exists(const struct vnet_db *db, const char *uuid)
{
    return network_find(db, uuid) != NOT_FOUND;
}

static bool
chassis_exists(const struct vnet_db *db, const char *uuid)
{
    return chassis_find(db, uuid) != NOT_FOUND;
}

/* Writes the index keys of 'p' into 'keys'; returns how many. */
static size_t
port_keys(const struct vnet_port *p, char keys[PORT_MAX_KEYS][PORT_KEY_SIZE])
{
    const struct vnet_binding *b = &p->binding;
    size_t n = 0;
    char mac[18];

    snprintf(keys[n++], PORT_KEY_SIZE, "u%s", p->uuid);
    snprintf(keys[n++], PORT_KEY_SIZE, "n%s", p->network_uuid);
    switch (b->kind) {
    case VNET_BIND_SWITCH_PORT:
        snprintf(keys[n++], PORT_KEY_SIZE, "A%016"PRIx64"/%"PRIu32, b->dpid,
                 b->port_no);
        snprintf(keys[n++], PORT_KEY_SIZE, "W%016"PRIx64"/%"PRIu32, b->dpid,
                 b->port_no);
        break;
    case VNET_BIND_PORT_VLAN:
        snprintf(keys[n++], PORT_KEY_SIZE, "A%016"PRIx64"/%"PRIu32, b->dpid,
                 b->port_no);
        snprintf(keys[n++], PORT_KEY_SIZE, "V%016"PRIx64"/%"PRIu32"/%u",
                 b->dpid, b->port_no, b->vlan);
        break;
    case VNET_BIND_MAC:
        vnet_mac_format(&b->mac, mac);
        snprintf(keys[n++], PORT_KEY_SIZE, "m%s", mac);
        break;
    case VNET_BIND_IFACE_ID:
        snprintf(keys[n++], PORT_KEY_SIZE, "i%.*s", VNET_IFACE_ID_SIZE - 1,
                 b->iface_id);
        break;
    case VNET_BIND_NONE:
        break;
    }
    if (p->attachment_type == VNET_ATTACH_VIF) {
        snprintf(keys[n++], PORT_KEY_SIZE, "h%s", p->attachment_ip);
    }
    return n;
}

static void
port_index_add(struct vnet_db *db, struct port_node *node)
{
    char keys[PORT_MAX_KEYS][PORT_KEY_SIZE];
    size_t i, n = port_keys(&node->port, keys);

    for (i = 0; i < n; i++) {
        vnet_index_insert(&db->port_index, keys[i], node);
    }
}

static void
port_index_del(struct vnet_db *db, struct port_node *node)
{
    char keys[PORT_MAX_KEYS][PORT_KEY_SIZE];
    size_t i, n = port_keys(&node->port, keys);

    for (i = 0; i < n; i++) {
        bool removed = vnet_index_remove(&db->port_index, keys[i], node);

        if (!removed) {
            kumo_fatal("vnet: port index lost key %s", keys[i]);
        }
    }
}

/* Adds a copy of 'p' as the newest port. */
static void
port_link(struct vnet_db *db, const struct vnet_port *p)
{
    struct port_node *node = xzalloc(sizeof *node);

    node->port = *p;
    node->serial = db->port_serial++;
    node->prev = db->port_tail;
    if (db->port_tail) {
        db->port_tail->next = node;
    } else {
        db->port_head = node;
    }
    db->port_tail = node;
    db->n_ports++;
    port_index_add(db, node);
}

/* Removes and frees 'node'. */
static void
port_unlink(struct vnet_db *db, struct port_node *node)
{
    port_index_del(db, node);
    if (node->prev) {
        node->prev->next = node->next;
    } else {
        db->port_head = node->next;
    }
    if (node->next) {
        node->next->prev = node->prev;
    } else {
        db->port_tail = node->prev;
    }
    db->n_ports--;
    free(node);
}

/* The ports of network 'uuid' in creation order, in a new array. */
static struct port_node **
ports_of_network(const struct vnet_db *db, const char *uuid, size_t *n)
{
    struct port_node **nodes = NULL;
    const struct vnet_index_entry *e;
    char key[PORT_KEY_SIZE];
    size_t alloc = 0;

    *n = 0;
    snprintf(key, sizeof key, "n%s", uuid);
    for (e = vnet_index_first(&db->port_index, key); e;
         e = vnet_index_next(e, key)) {
        vec_reserve((void **) &nodes, *n, &alloc, sizeof *nodes);
        nodes[(*n)++] = e->value;
    }
    return nodes;
}

static int
port_node_cmp(const void *a_, const void *b_)
{
    const struct port_node *const *a = a_;
    const struct port_node *const *b = b_;

    return (*a)->serial < (*b)->serial ? -1 : (*a)->serial > (*b)->serial;
}

/* Finds the object named by 'uuid' (user input) with 'find'; 400 if not a
 * uuid, 404 if unknown, both naming 'field'. */
static int
lookup(const struct vnet_db *db, const char *uuid, const char *field,
       const char *what, size_t (*find)(const struct vnet_db *, const char *),
       size_t *idx, struct vnet_error *err)
{
    char u[VNET_UUID_SIZE];

    if (!uuid || !vnet_uuid_normalize(uuid, u)) {
        return vnet_error_set(err, VNET_EBADVAL, field, "%s is not a uuid",
                              field);
    }
    *idx = find(db, u);
    if (*idx == NOT_FOUND) {
        return vnet_error_set(err, VNET_ENOTFOUND, field, "no %s %s", what,
                              u);
    }
    return 0;
}

/* lookup() for ports. */
static int
port_lookup(const struct vnet_db *db, const char *uuid,
            struct port_node **node, struct vnet_error *err)
{
    char u[VNET_UUID_SIZE];

    if (!uuid || !vnet_uuid_normalize(uuid, u)) {
        return vnet_error_set(err, VNET_EBADVAL, "uuid", "uuid is not a uuid");
    }
    *node = port_find(db, u);
    if (!*node) {
        return vnet_error_set(err, VNET_ENOTFOUND, "uuid", "no port %s", u);
    }
    return 0;
}

/* For create: takes the caller's uuid (validated, must be new) or makes
 * one. */
static int
new_uuid(const struct vnet_db *db, const char *in,
         bool (*exists)(const struct vnet_db *, const char *),
         char out[VNET_UUID_SIZE], struct vnet_error *err)
{
    if (in[0]) {
        int status = check_uuid(in, "uuid", out, err);

        if (status) {
            return status;
        }
        if (exists(db, out)) {
            return vnet_error_set(err, VNET_ECONFLICT, "uuid",
                                  "uuid %s already exists", out);
        }
        return 0;
    }
    do {
        vnet_uuid_generate(out);
    } while (exists(db, out));
    return 0;
}

/* ---- SQLite plumbing ---- */

static int
sql_error(struct vnet_db *db, int rc, const char *what,
          struct vnet_error *err)
{
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        return vnet_error_set(err, VNET_ECONFLICT, "",
                              "conflict in the store: %s",
                              sqlite3_errmsg(db->sql));
    }
    LOG_ERR("%s: %s", what, sqlite3_errmsg(db->sql));
    return vnet_error_set(err, VNET_EINTERNAL, "", "storage error (%s): %s",
                          what, sqlite3_errmsg(db->sql));
}

static int
sql_exec(struct vnet_db *db, const char *sql, struct vnet_error *err)
{
    int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? 0 : sql_error(db, rc, sql, err);
}

static sqlite3_stmt *
sql_prepare(struct vnet_db *db, const char *sql, struct vnet_error *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL);

    if (rc != SQLITE_OK) {
        sql_error(db, rc, sql, err);
        sqlite3_finalize(stmt);
        return NULL;
    }
    return stmt;
}

/* Steps 'stmt' (which must finish in one step), then finalizes it. */
static int
sql_run(struct vnet_db *db, sqlite3_stmt *stmt, struct vnet_error *err)
{
    int rc = sqlite3_step(stmt);
    int status = 0;

    if (rc != SQLITE_DONE) {
        status = sql_error(db, rc, sqlite3_sql(stmt), err);
    }
    sqlite3_finalize(stmt);
    return status;
}

/* Runs 'sql' with one text parameter ?1. */
static int
sql_run_text(struct vnet_db *db, const char *sql, const char *arg,
             struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(db, sql, err);

    if (!stmt) {
        return err ? err->status : VNET_EINTERNAL;
    }
    sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_TRANSIENT);
    return sql_run(db, stmt, err);
}

static void
bind_text_or_null(sqlite3_stmt *stmt, int idx, const char *s)
{
    if (s && s[0]) {
        sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(stmt, idx);
    }
}

static const char *
col_text(sqlite3_stmt *stmt, int col)
{
    const unsigned char *s = sqlite3_column_text(stmt, col);

    return s ? (const char *) s : "";
}

static void
copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

/* ---- Transactions and the write epilogue ---- */

static int
tx_begin(struct vnet_db *db, struct vnet_error *err)
{
    return sql_exec(db, "BEGIN IMMEDIATE", err);
}

/* Commits if 'status' is 0, else rolls back; returns the final status. */
static int
tx_end(struct vnet_db *db, int status, struct vnet_error *err)
{
    if (!status) {
        status = sql_exec(db, "COMMIT", err);
        db->committed = !status;
    }
    if (status && !sqlite3_get_autocommit(db->sql)) {
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    }
    return status;
}

static void
db_lock(struct vnet_db *db)
{
    pthread_mutex_lock(&db->mutex);
}

/* Makes the WAL file 'wal' (borrowed from the connection, which stays
 * open) durable. Called without 'mutex': writers and readers go on
 * meanwhile; an fsync covers every commit before it. Returns 0 or
 * VNET_EINTERNAL. */
static int
wal_sync(struct vnet_db *db, sqlite3_file *wal)
{
    int rc;

    if (!wal || !wal->pMethods) {
        LOG_ERR("store: no WAL file to sync: the last write may not "
                "survive a crash");
        return VNET_EINTERNAL;
    }
    pthread_mutex_lock(&db->sync_mutex);
    rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
    pthread_mutex_unlock(&db->sync_mutex);
    if (rc != SQLITE_OK) {
        LOG_ERR("store: syncing the WAL failed (%s): the last write may not "
                "survive a crash", sqlite3_errstr(rc));
        return VNET_EINTERNAL;
    }
    return 0;
}

/* Ends a public call: on success of a write ('wrote'), bumps the counter,
 * calls the notify hook after unlocking and then, if the call committed
 * to a file, waits for the WAL to be on disk (file comment). Returns
 * 'status', or VNET_EINTERNAL if the fsync failed (the write is applied
 * but may not survive a crash of the machine). */
static int
db_unlock(struct vnet_db *db, int status, bool wrote)
{
    void (*cb)(void *) = NULL;
    void *aux = NULL;
    sqlite3_file *wal = NULL;
    bool sync = db->committed && db->on_disk;

    db->committed = false;
    if (sync) {
        sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_JOURNAL_POINTER,
                             &wal);
    }
    if (!status && wrote) {
        __atomic_store_n(&db->seq, db->seq + 1, __ATOMIC_RELEASE);
        cb = db->notify;
        aux = db->notify_aux;
    }
    pthread_mutex_unlock(&db->mutex);
    if (cb) {
        cb(aux);
    }
    if (sync) {
        int sync_status = wal_sync(db, wal);

        if (!status) {
            status = sync_status;
        }
    }
    return status;
}

/* ---- Schema ---- */

/* migrations[i] takes the schema from version i to i + 1. Never edit a
 * released entry: append a new one. */
static const char *const migrations[] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE tenant ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " name TEXT NOT NULL UNIQUE,"
    " description TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE network ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " tenant_uuid TEXT NOT NULL REFERENCES tenant(uuid),"
    " name TEXT NOT NULL,"
    " net_id INTEGER NOT NULL UNIQUE CHECK (net_id BETWEEN 1 AND 1048575),"
    " vni INTEGER UNIQUE CHECK (vni IS NULL OR vni BETWEEN 1 AND 16777215),"
    " description TEXT NOT NULL DEFAULT '',"
    " UNIQUE (tenant_uuid, name));"
    "CREATE TABLE port ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " network_uuid TEXT NOT NULL REFERENCES network(uuid),"
    " name TEXT NOT NULL DEFAULT '',"
    " mac TEXT,"
    " ips TEXT NOT NULL DEFAULT '',"
    " binding TEXT NOT NULL CHECK (binding IN"
    "   ('none', 'switch-port', 'port-vlan', 'mac', 'iface-id')),"
    " dpid INTEGER,"
    " port_no INTEGER,"
    " vlan INTEGER CHECK (vlan IS NULL OR vlan BETWEEN 1 AND 4094),"
    " bind_mac TEXT,"
    " iface_id TEXT,"
    " attachment_type TEXT NOT NULL CHECK (attachment_type IN"
    "   ('NoAttachment', 'VifAttachment')),"
    " attachment_ip TEXT,"
    " vlan_id INTEGER CHECK (vlan_id IS NULL OR vlan_id BETWEEN 1 AND 4094));"
    "CREATE INDEX network_tenant ON network(tenant_uuid);"
    "CREATE INDEX port_network ON port(network_uuid);"
    "CREATE UNIQUE INDEX port_name ON port(network_uuid, name)"
    " WHERE name <> '';"
    "CREATE UNIQUE INDEX port_bind_switch_port ON port(dpid, port_no)"
    " WHERE binding = 'switch-port';"
    "CREATE UNIQUE INDEX port_bind_port_vlan ON port(dpid, port_no, vlan)"
    " WHERE binding = 'port-vlan';"
    "CREATE UNIQUE INDEX port_bind_mac ON port(bind_mac)"
    " WHERE binding = 'mac';"
    "CREATE UNIQUE INDEX port_bind_iface_id ON port(iface_id)"
    " WHERE binding = 'iface-id';"
    "CREATE UNIQUE INDEX port_vif_vlan ON port(attachment_ip, vlan_id)"
    " WHERE attachment_type = 'VifAttachment';"
    "CREATE TABLE chassis ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " name TEXT NOT NULL UNIQUE,"
    " ovsdb_addr TEXT NOT NULL UNIQUE,"
    " tunnel_ip TEXT NOT NULL UNIQUE,"
    " encaps INTEGER NOT NULL CHECK (encaps BETWEEN 1 AND 7),"
    " datapath_type TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE config ("
    " key TEXT PRIMARY KEY NOT NULL,"
    " value TEXT NOT NULL);",
};

#define SCHEMA_VERSION ((int) ARRAY_SIZE(migrations))

static int
schema_version_get(struct vnet_db *db, int *version, struct vnet_error *err)
{
    sqlite3_stmt *stmt;
    int rc;

    stmt = sql_prepare(db, "SELECT version FROM schema_version", err);
    if (!stmt) {
        return VNET_EINTERNAL;
    }
    rc = sqlite3_step(stmt);
    *version = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return sql_error(db, rc, "reading schema_version", err);
    }
    return 0;
}

/* Creates or migrates the schema, one transaction per step. */
static int
schema_migrate(struct vnet_db *db, struct vnet_error *err)
{
    int version;
    int status;

    status = sql_exec(db, "CREATE TABLE IF NOT EXISTS schema_version"
                      " (version INTEGER NOT NULL)", err);
    if (!status) {
        status = schema_version_get(db, &version, err);
    }
    if (status) {
        return status;
    }
    if (version > SCHEMA_VERSION) {
        return vnet_error_set(err, VNET_EINTERNAL, "",
                              "database schema version %d is newer than "
                              "this program's (%d)", version,
                              SCHEMA_VERSION);
    }
    while (version < SCHEMA_VERSION) {
        char *bump = xasprintf("DELETE FROM schema_version;"
                               "INSERT INTO schema_version VALUES (%d);",
                               version + 1);

        status = tx_begin(db, err);
        if (!status) {
            status = sql_exec(db, migrations[version], err);
        }
        if (!status) {
            status = sql_exec(db, bump, err);
        }
        free(bump);
        status = tx_end(db, status, err);
        if (status) {
            return status;
        }
        LOG_INFO("store schema migrated to version %d", version + 1);
        version++;
    }
    return 0;
}

/* ---- Row <-> struct ---- */

static void
port_ips_to_text(const struct vnet_port *p, char *buf, size_t size)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < p->n_ips; i++) {
        len += (size_t) snprintf(buf + len, size - len, "%s%s",
                                 i ? " " : "", p->ips[i]);
    }
}

static void
port_ips_from_text(struct vnet_port *p, const char *text)
{
    char *copy = xstrdup(text);
    char *save = NULL, *tok;

    p->n_ips = 0;
    for (tok = strtok_r(copy, " ", &save); tok && p->n_ips < VNET_PORT_MAX_IPS;
         tok = strtok_r(NULL, " ", &save)) {
        copy_text(p->ips[p->n_ips++], VNET_IP_SIZE, tok);
    }
    free(copy);
}

static int
load_tenants(struct vnet_db *db, struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(db, "SELECT uuid, name, description"
                                     " FROM tenant ORDER BY rowid", err);
    int rc;

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct vnet_tenant *t;

        vec_reserve((void **) &db->tenants, db->n_tenants, &db->alloc_tenants,
                    sizeof *t);
        t = &db->tenants[db->n_tenants++];
        memset(t, 0, sizeof *t);
        copy_text(t->uuid, sizeof t->uuid, col_text(stmt, 0));
        copy_text(t->name, sizeof t->name, col_text(stmt, 1));
        copy_text(t->description, sizeof t->description, col_text(stmt, 2));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : sql_error(db, rc, "loading tenants", err);
}

static int
load_networks(struct vnet_db *db, struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(db, "SELECT uuid, tenant_uuid, name,"
                                     " net_id, vni, description FROM network"
                                     " ORDER BY rowid", err);
    int rc;

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct vnet_network *n;

        vec_reserve((void **) &db->networks, db->n_networks,
                    &db->alloc_networks, sizeof *n);
        n = &db->networks[db->n_networks++];
        memset(n, 0, sizeof *n);
        copy_text(n->uuid, sizeof n->uuid, col_text(stmt, 0));
        copy_text(n->tenant_uuid, sizeof n->tenant_uuid, col_text(stmt, 1));
        copy_text(n->name, sizeof n->name, col_text(stmt, 2));
        n->net_id = (uint32_t) sqlite3_column_int64(stmt, 3);
        n->has_vni = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
        n->vni = (uint32_t) sqlite3_column_int64(stmt, 4);
        copy_text(n->description, sizeof n->description, col_text(stmt, 5));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : sql_error(db, rc, "loading networks", err);
}

static int
load_ports(struct vnet_db *db, struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(
        db, "SELECT uuid, network_uuid, name, mac, ips, binding, dpid,"
        " port_no, vlan, bind_mac, iface_id, attachment_type, attachment_ip,"
        " vlan_id FROM port ORDER BY rowid", err);
    int rc;

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct vnet_port port, *p = &port;
        size_t ni;

        memset(p, 0, sizeof *p);
        copy_text(p->uuid, sizeof p->uuid, col_text(stmt, 0));
        copy_text(p->network_uuid, sizeof p->network_uuid, col_text(stmt, 1));
        ni = network_find(db, p->network_uuid);
        if (ni != NOT_FOUND) {
            copy_text(p->tenant_uuid, sizeof p->tenant_uuid,
                      db->networks[ni].tenant_uuid);
        }
        copy_text(p->name, sizeof p->name, col_text(stmt, 2));
        p->has_mac = vnet_mac_parse(col_text(stmt, 3), &p->mac);
        port_ips_from_text(p, col_text(stmt, 4));
        if (!vnet_binding_kind_from_string(col_text(stmt, 5),
                                           &p->binding.kind)) {
            p->binding.kind = VNET_BIND_NONE;
        }
        p->binding.dpid = (uint64_t) sqlite3_column_int64(stmt, 6);
        p->binding.port_no = (uint32_t) sqlite3_column_int64(stmt, 7);
        p->binding.vlan = (uint16_t) sqlite3_column_int(stmt, 8);
        vnet_mac_parse(col_text(stmt, 9), &p->binding.mac);
        copy_text(p->binding.iface_id, sizeof p->binding.iface_id,
                  col_text(stmt, 10));
        if (!vnet_attach_type_from_string(col_text(stmt, 11),
                                          &p->attachment_type)) {
            p->attachment_type = VNET_ATTACH_NONE;
        }
        copy_text(p->attachment_ip, sizeof p->attachment_ip,
                  col_text(stmt, 12));
        p->vlan_id = (uint16_t) sqlite3_column_int(stmt, 13);
        port_link(db, p);
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : sql_error(db, rc, "loading ports", err);
}

static int
load_chassis(struct vnet_db *db, struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(db, "SELECT uuid, name, ovsdb_addr,"
                                     " tunnel_ip, encaps, datapath_type"
                                     " FROM chassis ORDER BY rowid", err);
    int rc;

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct vnet_chassis *c;

        vec_reserve((void **) &db->chassis, db->n_chassis, &db->alloc_chassis,
                    sizeof *c);
        c = &db->chassis[db->n_chassis++];
        memset(c, 0, sizeof *c);
        copy_text(c->uuid, sizeof c->uuid, col_text(stmt, 0));
        copy_text(c->name, sizeof c->name, col_text(stmt, 1));
        copy_text(c->ovsdb_addr, sizeof c->ovsdb_addr, col_text(stmt, 2));
        copy_text(c->tunnel_ip, sizeof c->tunnel_ip, col_text(stmt, 3));
        c->encaps = (unsigned int) sqlite3_column_int(stmt, 4);
        copy_text(c->datapath_type, sizeof c->datapath_type,
                  col_text(stmt, 5));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : sql_error(db, rc, "loading chassis", err);
}

static int
load_config(struct vnet_db *db, struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(db, "SELECT key, value FROM config",
                                     err);
    int rc;

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    memset(&db->config, 0, sizeof db->config);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *key = col_text(stmt, 0);
        const char *value = col_text(stmt, 1);

        if (!strcmp(key, "unknown_mac")) {
            vnet_unknown_mac_from_string(value, &db->config.unknown_mac);
        } else if (!strcmp(key, "quarantine_network")) {
            copy_text(db->config.quarantine_network,
                      sizeof db->config.quarantine_network, value);
        }
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : sql_error(db, rc, "loading config", err);
}

/* ---- Open / close ---- */

static int
db_pragmas(struct vnet_db *db, const char *path, struct vnet_error *err)
{
    sqlite3_stmt *stmt;
    bool wal = false;
    int rc, status;

    /* One process owns the file: a second kumod on the same database would
     * write behind the first one's in-memory copy. EXCLUSIVE locking keeps
     * the lock from the first access to close (the kernel drops it when the
     * process dies, so a restart after kill -9 is fine); no busy timeout,
     * so the second opener fails at once with a clear error. */
    status = sql_exec(db, "PRAGMA locking_mode=EXCLUSIVE", err);
    if (status) {
        return status;
    }
    rc = sqlite3_exec(db->sql, "BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        return vnet_error_set(err, VNET_EINTERNAL, "",
                              "the database is in use by another process "
                              "(another kumod?)");
    }
    if (rc != SQLITE_OK) {
        return sql_error(db, rc, "locking the database", err);
    }
    stmt = sql_prepare(db, "PRAGMA journal_mode=WAL", err);
    if (!stmt) {
        return VNET_EINTERNAL;
    }
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        wal = !strcmp(col_text(stmt, 0), "wal");
    }
    sqlite3_finalize(stmt);
    if (!wal && strcmp(path, ":memory:")) {
        return vnet_error_set(err, VNET_EINTERNAL, "",
                              "cannot switch to WAL journal mode");
    }
    /* COMMIT does not fsync: db_unlock() does, after telling the watcher
     * (file comment). Checkpoints still sync the WAL before and the
     * database after copying. */
    status = sql_exec(db, "PRAGMA synchronous=NORMAL", err);
    if (!status) {
        status = sql_exec(db, "PRAGMA foreign_keys=ON", err);
    }
    return status;
}

/* Makes the directory entries of a newly created database file (and its
 * WAL) durable: SQLite syncs the directory when it creates the WAL, but not
 * for the main file. Best effort: a failure only costs that guarantee. */
static void
sync_dir(const char *path)
{
    char *copy = xstrdup(path);
    char *slash = strrchr(copy, '/');
    int fd;

    if (!strcmp(path, ":memory:")) {
        free(copy);
        return;
    }
    if (slash) {
        *(slash == copy ? slash + 1 : slash) = '\0';
    }
    fd = open(slash ? copy : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        if (fsync(fd)) {
            LOG_WARN("%s: fsync of the directory failed: %s", path,
                     strerror(errno));
        }
        close(fd);
    }
    free(copy);
}

struct vnet_db *
vnet_db_open(const char *path, struct vnet_error *err)
{
    struct vnet_db *db = xzalloc(sizeof *db);
    int rc, status;

    error_clear(err);
    pthread_mutex_init(&db->mutex, NULL);
    pthread_mutex_init(&db->update_mutex, NULL);
    pthread_mutex_init(&db->sync_mutex, NULL);
    db->on_disk = strcmp(path, ":memory:") != 0;
    vnet_index_init(&db->port_index);
    vnet_index_init(&db->network_index);
    rc = sqlite3_open_v2(path, &db->sql,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                         | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        vnet_error_set(err, VNET_EINTERNAL, "", "%s: %s", path,
                       db->sql ? sqlite3_errmsg(db->sql)
                       : sqlite3_errstr(rc));
        vnet_db_close(db);
        return NULL;
    }
    status = db_pragmas(db, path, err);
    if (!status) {
        status = schema_migrate(db, err);
    }
    if (!status && db->committed && db->on_disk) {
        sqlite3_file *wal = NULL;

        /* A migration committed: on disk before anything relies on it. */
        sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_JOURNAL_POINTER,
                             &wal);
        if (wal_sync(db, wal)) {
            status = vnet_error_set(err, VNET_EINTERNAL, "",
                                    "cannot sync the migrated schema");
        }
    }
    db->committed = false;
    if (!status) {
        sync_dir(path);
    }
    if (!status) {
        status = load_tenants(db, err);
    }
    if (!status) {
        status = load_networks(db, err);
        network_index_rebuild(db);
    }
    if (!status) {
        status = load_ports(db, err);
    }
    if (!status) {
        status = load_chassis(db, err);
    }
    if (!status) {
        status = load_config(db, err);
    }
    if (status) {
        if (err) {
            char *msg = xasprintf("%s: %s", path, err->message);

            copy_text(err->message, sizeof err->message, msg);
            free(msg);
            err->status = VNET_EINTERNAL;
        }
        vnet_db_close(db);
        return NULL;
    }
    LOG_INFO("store %s: %zu tenants, %zu networks, %zu ports, %zu chassis",
             path, db->n_tenants, db->n_networks, db->n_ports,
             db->n_chassis);
    return db;
}

void
vnet_db_close(struct vnet_db *db)
{
    if (!db) {
        return;
    }
    if (db->sql) {
        sqlite3_close_v2(db->sql);
    }
    vnet_snapshot_destroy(db->snap);
    free(db->tenants);
    free(db->networks);
    while (db->port_head) {
        port_unlink(db, db->port_head);
    }
    vnet_index_destroy(&db->port_index);
    vnet_index_destroy(&db->network_index);
    free(db->chassis);
    pthread_mutex_destroy(&db->mutex);
    pthread_mutex_destroy(&db->update_mutex);
    pthread_mutex_destroy(&db->sync_mutex);
    free(db);
}

uint64_t
vnet_db_seq(const struct vnet_db *db)
{
    return __atomic_load_n(&db->seq, __ATOMIC_ACQUIRE);
}

void
vnet_db_update_lock(struct vnet_db *db)
{
    pthread_mutex_lock(&db->update_mutex);
}

void
vnet_db_update_unlock(struct vnet_db *db)
{
    pthread_mutex_unlock(&db->update_mutex);
}

void
vnet_db_set_notify(struct vnet_db *db, void (*cb)(void *aux), void *aux)
{
    db_lock(db);
    db->notify = cb;
    db->notify_aux = aux;
    db_unlock(db, 0, false);
}

const struct vnet_snapshot *
vnet_db_snapshot(struct vnet_db *db)
{
    struct vnet_snapshot *s;

    db_lock(db);
    if (!db->snap || db->snap->seq != db->seq) {
        s = xzalloc(sizeof *s);
        s->seq = db->seq;
        s->tenants = db->n_tenants
            ? xmemdup(db->tenants, db->n_tenants * sizeof *db->tenants)
            : NULL;
        s->n_tenants = db->n_tenants;
        s->networks = db->n_networks
            ? xmemdup(db->networks, db->n_networks * sizeof *db->networks)
            : NULL;
        s->n_networks = db->n_networks;
        if (db->n_ports) {
            struct vnet_port *ports = xmalloc(db->n_ports * sizeof *ports);
            const struct port_node *node;
            size_t i = 0;

            for (node = db->port_head; node; node = node->next) {
                ports[i++] = node->port;
            }
            s->ports = ports;
        }
        s->n_ports = db->n_ports;
        s->chassis = db->n_chassis
            ? xmemdup(db->chassis, db->n_chassis * sizeof *db->chassis)
            : NULL;
        s->n_chassis = db->n_chassis;
        s->config = db->config;
        s->refcount_ = 1;       /* The db's. */
        vnet_snapshot_destroy(db->snap);
        db->snap = s;
    }
    s = db->snap;
    __atomic_add_fetch(&s->refcount_, 1, __ATOMIC_RELAXED);
    db_unlock(db, 0, false);
    return s;
}

/* Copies the slice [offset, offset + limit) of 'n_matching' objects,
 * chosen among 'n_all' by 'match', into a new array. */
static void
list_copy(const void *all, size_t n_all, size_t elem,
          bool (*match)(const void *obj, const char *key), const char *key,
          size_t offset, size_t limit, void **objs, size_t *n,
          size_t *total)
{
    const char *a = all;
    char *out = NULL;
    size_t i, k = 0, got = 0, alloc = 0;

    for (i = 0; i < n_all; i++) {
        const void *obj = a + i * elem;

        if (match && !match(obj, key)) {
            continue;
        }
        if (k >= offset && got < limit) {
            vec_reserve((void **) &out, got, &alloc, elem);
            memcpy(out + got * elem, obj, elem);
            got++;
        }
        k++;
    }
    *objs = out;
    *n = got;
    *total = k;
}

/* ---- Tenants ---- */

static int
tenant_check(const struct vnet_db *db, const struct vnet_tenant *in,
             const char *self, struct vnet_error *err)
{
    size_t i;
    int status;

    status = check_text(in->name, sizeof in->name, true, "name", err);
    if (!status) {
        status = check_text(in->description, sizeof in->description, false,
                            "description", err);
    }
    if (status) {
        return status;
    }
    for (i = 0; i < db->n_tenants; i++) {
        const struct vnet_tenant *t = &db->tenants[i];

        if (strcmp(t->uuid, self) && !strcmp(t->name, in->name)) {
            return vnet_error_set(err, VNET_ECONFLICT, "name",
                                  "tenant %s already has the name \"%s\"",
                                  t->uuid, in->name);
        }
    }
    return 0;
}

static int
tenant_store(struct vnet_db *db, const struct vnet_tenant *t, bool insert,
             struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(
        db, insert
        ? "INSERT INTO tenant (uuid, name, description) VALUES (?1, ?2, ?3)"
        : "UPDATE tenant SET name = ?2, description = ?3 WHERE uuid = ?1",
        err);

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    sqlite3_bind_text(stmt, 1, t->uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, t->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, t->description, -1, SQLITE_TRANSIENT);
    return sql_run(db, stmt, err);
}

int
vnet_db_tenant_create(struct vnet_db *db, const struct vnet_tenant *in,
                      struct vnet_tenant *out, struct vnet_error *err)
{
    struct vnet_tenant t = *in;
    int status;

    error_clear(err);
    db_lock(db);
    status = new_uuid(db, in->uuid, tenant_exists, t.uuid, err);
    if (!status) {
        status = tenant_check(db, &t, t.uuid, err);
    }
    if (!status) {
        status = tx_begin(db, err);
        if (!status) {
            status = tenant_store(db, &t, true, err);
            status = tx_end(db, status, err);
        }
    }
    if (!status) {
        vec_reserve((void **) &db->tenants, db->n_tenants, &db->alloc_tenants,
                    sizeof t);
        db->tenants[db->n_tenants++] = t;
        if (out) {
            *out = t;
        }
    }
    return db_unlock(db, status, true);
}

int
vnet_db_tenant_get(struct vnet_db *db, const char *uuid,
                   struct vnet_tenant *out, struct vnet_error *err)
{
    size_t i;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, uuid, "uuid", "tenant", tenant_find, &i, err);
    if (!status) {
        *out = db->tenants[i];
    }
    return db_unlock(db, status, false);
}

int
vnet_db_tenant_list(struct vnet_db *db, size_t offset, size_t limit,
                    struct vnet_tenant **objs, size_t *n, size_t *total,
                    struct vnet_error *err)
{
    error_clear(err);
    db_lock(db);
    list_copy(db->tenants, db->n_tenants, sizeof **objs, NULL, NULL, offset,
              limit, (void **) objs, n, total);
    return db_unlock(db, 0, false);
}

int
vnet_db_tenant_update(struct vnet_db *db, const struct vnet_tenant *in,
                      struct vnet_tenant *out, struct vnet_error *err)
{
    struct vnet_tenant t = *in;
    size_t i;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, in->uuid, "uuid", "tenant", tenant_find, &i, err);
    if (!status) {
        memcpy(t.uuid, db->tenants[i].uuid, sizeof t.uuid);
        status = tenant_check(db, &t, t.uuid, err);
    }
    if (!status) {
        status = tx_begin(db, err);
        if (!status) {
            status = tenant_store(db, &t, false, err);
            status = tx_end(db, status, err);
        }
    }
    if (!status) {
        db->tenants[i] = t;
        if (out) {
            *out = t;
        }
    }
    return db_unlock(db, status, true);
}

/* Removes from memory every port of network 'uuid'. */
static void
mem_remove_ports_of(struct vnet_db *db, const char *network_uuid)
{
    size_t i, n;
    struct port_node **nodes = ports_of_network(db, network_uuid, &n);

    for (i = 0; i < n; i++) {
        port_unlink(db, nodes[i]);
    }
    free(nodes);
}

static size_t
count_ports_of(const struct vnet_db *db, const char *network_uuid)
{
    char key[PORT_KEY_SIZE];
    const struct vnet_index_entry *e;
    size_t n = 0;

    snprintf(key, sizeof key, "n%s", network_uuid);
    for (e = vnet_index_first(&db->port_index, key); e;
         e = vnet_index_next(e, key)) {
        n++;
    }
    return n;
}

int
vnet_db_tenant_delete(struct vnet_db *db, const char *uuid, bool cascade,
                      struct vnet_error *err)
{
    const char *tu;
    size_t i, n_nets = 0;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, uuid, "uuid", "tenant", tenant_find, &i, err);
    if (status) {
        return db_unlock(db, status, false);
    }
    tu = db->tenants[i].uuid;
    for (size_t j = 0; j < db->n_networks; j++) {
        const struct vnet_network *n = &db->networks[j];

        if (strcmp(n->tenant_uuid, tu)) {
            continue;
        }
        n_nets++;
        if (cascade && !strcmp(n->uuid, db->config.quarantine_network)) {
            status = vnet_error_set(err, VNET_ECONFLICT, "uuid",
                                    "network %s of tenant %s is the "
                                    "quarantine network", n->uuid, tu);
            return db_unlock(db, status, false);
        }
    }
    if (n_nets && !cascade) {
        status = vnet_error_set(err, VNET_ECONFLICT, "uuid",
                                "tenant %s still has %zu network(s)", tu,
                                n_nets);
        return db_unlock(db, status, false);
    }
    status = tx_begin(db, err);
    if (!status) {
        status = sql_run_text(db, "DELETE FROM port WHERE network_uuid IN"
                              " (SELECT uuid FROM network"
                              "  WHERE tenant_uuid = ?1)", tu, err);
        if (!status) {
            status = sql_run_text(db, "DELETE FROM network"
                                  " WHERE tenant_uuid = ?1", tu, err);
        }
        if (!status) {
            status = sql_run_text(db, "DELETE FROM tenant WHERE uuid = ?1",
                                  tu, err);
        }
        status = tx_end(db, status, err);
    }
    if (!status) {
        size_t j, k = 0;

        for (j = 0; j < db->n_networks; j++) {
            if (strcmp(db->networks[j].tenant_uuid, tu)) {
                db->networks[k++] = db->networks[j];
            } else {
                mem_remove_ports_of(db, db->networks[j].uuid);
            }
        }
        db->n_networks = k;
        network_index_rebuild(db);
        vec_remove(db->tenants, &db->n_tenants, i, sizeof *db->tenants);
    }
    return db_unlock(db, status, true);
}

/* ---- Networks ---- */

/* Returns the lowest id in 'lo'..'hi' not set in 'used', or 0. */
static uint32_t
lowest_free(const uint8_t *used, uint32_t lo, uint32_t hi)
{
    uint32_t id;

    for (id = lo; id <= hi; id++) {
        if (!(used[id / 8] & (1u << (id % 8)))) {
            return id;
        }
    }
    return 0;
}

/* True if 'id' is the vni of a network of 'db'. */
static bool
vni_taken(const struct vnet_db *db, uint32_t id)
{
    size_t i;

    for (i = 0; i < db->n_networks; i++) {
        if (db->networks[i].has_vni && db->networks[i].vni == id) {
            return true;
        }
    }
    return false;
}

/* Fills 'n->net_id' with a free id, among the ids a fabric network may
 * have (1..VNET_FABRIC_NET_ID_MAX) first, so that a network created
 * without an id can always get fabric bindings while such ids last: one
 * past the highest there, else the lowest free there; then one past the
 * highest, else the lowest free above. An id that is another network's
 * vni is not free (a network without a vni travels between hypervisors
 * with its id as VNI). */
static int
network_alloc_id(const struct vnet_db *db, struct vnet_network *n,
                 struct vnet_error *err)
{
    uint32_t max = 0, max_fabric = 0;
    uint8_t *used;
    size_t i;

    for (i = 0; i < db->n_networks; i++) {
        uint32_t id = db->networks[i].net_id;

        max = MAX(max, id);
        if (id <= VNET_FABRIC_NET_ID_MAX) {
            max_fabric = MAX(max_fabric, id);
        }
    }
    if (max_fabric < VNET_FABRIC_NET_ID_MAX
        && !vni_taken(db, max_fabric + 1)) {
        n->net_id = max_fabric + 1;
        return 0;
    }
    used = xzalloc(VNET_NETWORK_ID_MAX / 8 + 1);
    for (i = 0; i < db->n_networks; i++) {
        const struct vnet_network *o = &db->networks[i];

        used[o->net_id / 8] |= (uint8_t) (1u << (o->net_id % 8));
        if (o->has_vni && o->vni <= VNET_NETWORK_ID_MAX) {
            used[o->vni / 8] |= (uint8_t) (1u << (o->vni % 8));
        }
    }
    n->net_id = lowest_free(used, 1, VNET_FABRIC_NET_ID_MAX);
    if (!n->net_id) {
        n->net_id = max < VNET_NETWORK_ID_MAX && !vni_taken(db, max + 1)
                    ? max + 1
                    : lowest_free(used, VNET_FABRIC_NET_ID_MAX + 1,
                                  VNET_NETWORK_ID_MAX);
    }
    free(used);
    if (!n->net_id) {
        return vnet_error_set(err, VNET_ECONFLICT, "net_id",
                              "no network id left");
    }
    return 0;
}

/* True if binding kind 'kind' puts the network on the physical fabric,
 * which carries network ids 1..VNET_FABRIC_NET_ID_MAX only: the id is the
 * network's transport VLAN between fabric switches. iface-id ports and SSP
 * attachments live on hypervisors, where a network travels between
 * br-ints as its VNI (24 bits), so they may use any id. */
static bool
binding_is_fabric(enum vnet_binding_kind kind)
{
    return kind == VNET_BIND_SWITCH_PORT || kind == VNET_BIND_PORT_VLAN
           || kind == VNET_BIND_MAC;
}

/* 409 if network 'uuid' may not take 'net_id' (above
 * VNET_FABRIC_NET_ID_MAX) because the fabric carries it: it has a port
 * with a fabric binding, or it is the quarantine network. (iface-id ports
 * and SSP attachments do not count: a hypervisor-only network may have
 * any id.) */
static int
network_check_fabric_id(const struct vnet_db *db, const char *uuid,
                        uint32_t net_id, struct vnet_error *err)
{
    struct port_node **nodes;
    size_t i, n_nodes;
    int status = 0;

    if (net_id <= VNET_FABRIC_NET_ID_MAX) {
        return 0;
    }
    if (!strcmp(uuid, db->config.quarantine_network)) {
        return vnet_error_set(err, VNET_ECONFLICT, "net_id",
                              "net_id %"PRIu32" is above %u, the highest "
                              "the quarantine network can have (its id is "
                              "its VLAN between switches)", net_id,
                              VNET_FABRIC_NET_ID_MAX);
    }
    nodes = ports_of_network(db, uuid, &n_nodes);
    for (i = 0; i < n_nodes; i++) {
        const struct vnet_port *p = &nodes[i]->port;

        if (binding_is_fabric(p->binding.kind)) {
            status = vnet_error_set(
                err, VNET_ECONFLICT, "net_id",
                "net_id %"PRIu32" is above %u, the highest a network with "
                "%s bindings can have (its id is its transport VLAN "
                "between switches); port %s has one", net_id,
                VNET_FABRIC_NET_ID_MAX,
                vnet_binding_kind_to_string(p->binding.kind), p->uuid);
            break;
        }
    }
    free(nodes);
    return status;
}

/* Validates 'n' (tenant_uuid already resolved and canonical; net_id 0 =
 * allocate) against the other networks ('self' excluded). */
static int
network_check(const struct vnet_db *db, struct vnet_network *n,
              const char *self, struct vnet_error *err)
{
    size_t i;
    int status;

    status = check_text(n->name, sizeof n->name, true, "name", err);
    if (!status) {
        status = check_text(n->description, sizeof n->description, false,
                            "description", err);
    }
    if (status) {
        return status;
    }
    if (n->net_id > VNET_NETWORK_ID_MAX) {
        return vnet_error_set(err, VNET_EBADVAL, "net_id",
                              "net_id %"PRIu32" is out of range 1..%u",
                              n->net_id, VNET_NETWORK_ID_MAX);
    }
    if (n->has_vni && (n->vni < 1 || n->vni > VNET_VNI_MAX)) {
        return vnet_error_set(err, VNET_EBADVAL, "vni",
                              "vni %"PRIu32" is out of range 1..%u", n->vni,
                              VNET_VNI_MAX);
    }
    if (!n->has_vni) {
        n->vni = 0;
    }
    for (i = 0; i < db->n_networks; i++) {
        const struct vnet_network *o = &db->networks[i];

        if (!strcmp(o->uuid, self)) {
            continue;
        }
        if (!strcmp(o->tenant_uuid, n->tenant_uuid)
            && !strcmp(o->name, n->name)) {
            return vnet_error_set(err, VNET_ECONFLICT, "name",
                                  "network %s of this tenant already has "
                                  "the name \"%s\"", o->uuid, n->name);
        }
        if (n->net_id && o->net_id == n->net_id) {
            return vnet_error_set(err, VNET_ECONFLICT, "net_id",
                                  "net_id %"PRIu32" is used by network %s",
                                  n->net_id, o->uuid);
        }
        /* The VNI between hypervisors: the vni, else the id. */
        if (n->has_vni && o->has_vni && o->vni == n->vni) {
            return vnet_error_set(err, VNET_ECONFLICT, "vni",
                                  "vni %"PRIu32" is used by network %s",
                                  n->vni, o->uuid);
        }
        if (n->has_vni && !o->has_vni && o->net_id == n->vni) {
            return vnet_error_set(err, VNET_ECONFLICT, "vni",
                                  "vni %"PRIu32" is the VNI of network %s "
                                  "(its net_id; it has no vni)", n->vni,
                                  o->uuid);
        }
        if (!n->has_vni && n->net_id && o->has_vni && o->vni == n->net_id) {
            return vnet_error_set(err, VNET_ECONFLICT, "net_id",
                                  "net_id %"PRIu32" is the vni of network "
                                  "%s (a network without a vni travels "
                                  "between hypervisors with its net_id as "
                                  "VNI)", n->net_id, o->uuid);
        }
    }
    status = network_check_fabric_id(db, self, n->net_id, err);
    if (status) {
        return status;
    }
    return n->net_id ? 0 : network_alloc_id(db, n, err);
}

static int
network_store(struct vnet_db *db, const struct vnet_network *n, bool insert,
              struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(
        db, insert
        ? "INSERT INTO network (uuid, tenant_uuid, name, net_id, vni,"
          " description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        : "UPDATE network SET tenant_uuid = ?2, name = ?3, net_id = ?4,"
          " vni = ?5, description = ?6 WHERE uuid = ?1", err);

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    sqlite3_bind_text(stmt, 1, n->uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, n->tenant_uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, n->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 4, n->net_id);
    if (n->has_vni) {
        sqlite3_bind_int64(stmt, 5, n->vni);
    } else {
        sqlite3_bind_null(stmt, 5);
    }
    sqlite3_bind_text(stmt, 6, n->description, -1, SQLITE_TRANSIENT);
    return sql_run(db, stmt, err);
}

int
vnet_db_network_create(struct vnet_db *db, const struct vnet_network *in,
                       struct vnet_network *out, struct vnet_error *err)
{
    struct vnet_network n = *in;
    size_t ti;
    int status;

    error_clear(err);
    db_lock(db);
    status = new_uuid(db, in->uuid, network_exists, n.uuid, err);
    if (!status) {
        if (!in->tenant_uuid[0]) {
            status = vnet_error_set(err, VNET_EBADVAL, "tenant_uuid",
                                    "tenant_uuid is required");
        } else {
            status = lookup(db, in->tenant_uuid, "tenant_uuid", "tenant",
                            tenant_find, &ti, err);
        }
    }
    if (!status) {
        memcpy(n.tenant_uuid, db->tenants[ti].uuid, sizeof n.tenant_uuid);
        status = network_check(db, &n, n.uuid, err);
    }
    if (!status) {
        status = tx_begin(db, err);
        if (!status) {
            status = network_store(db, &n, true, err);
            status = tx_end(db, status, err);
        }
    }
    if (!status) {
        vec_reserve((void **) &db->networks, db->n_networks,
                    &db->alloc_networks, sizeof n);
        vnet_index_insert(&db->network_index, n.uuid,
                          (void *) (uintptr_t) (db->n_networks + 1));
        db->networks[db->n_networks++] = n;
        if (out) {
            *out = n;
        }
    }
    return db_unlock(db, status, true);
}

int
vnet_db_network_get(struct vnet_db *db, const char *uuid,
                    struct vnet_network *out, struct vnet_error *err)
{
    size_t i;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, uuid, "uuid", "network", network_find, &i, err);
    if (!status) {
        *out = db->networks[i];
    }
    return db_unlock(db, status, false);
}

static bool
network_match_tenant(const void *obj, const char *tenant_uuid)
{
    const struct vnet_network *n = obj;

    return !strcmp(n->tenant_uuid, tenant_uuid);
}

int
vnet_db_network_list(struct vnet_db *db, const char *tenant_uuid,
                     size_t offset, size_t limit, struct vnet_network **objs,
                     size_t *n, size_t *total, struct vnet_error *err)
{
    size_t ti;
    int status = 0;

    error_clear(err);
    *objs = NULL;
    *n = *total = 0;
    db_lock(db);
    if (tenant_uuid && tenant_uuid[0]) {
        status = lookup(db, tenant_uuid, "tenant_uuid", "tenant",
                        tenant_find, &ti, err);
        if (!status) {
            list_copy(db->networks, db->n_networks, sizeof **objs,
                      network_match_tenant, db->tenants[ti].uuid, offset,
                      limit, (void **) objs, n, total);
        }
    } else {
        list_copy(db->networks, db->n_networks, sizeof **objs, NULL, NULL,
                  offset, limit, (void **) objs, n, total);
    }
    return db_unlock(db, status, false);
}

int
vnet_db_network_update(struct vnet_db *db, const struct vnet_network *in,
                       struct vnet_network *out, struct vnet_error *err)
{
    struct vnet_network n = *in;
    char tu[VNET_UUID_SIZE];
    size_t i;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, in->uuid, "uuid", "network", network_find, &i, err);
    if (!status && in->tenant_uuid[0]
        && (!vnet_uuid_normalize(in->tenant_uuid, tu)
            || strcmp(tu, db->networks[i].tenant_uuid))) {
        status = vnet_error_set(err, VNET_EBADVAL, "tenant_uuid",
                                "a network cannot move to another tenant");
    }
    if (!status) {
        const struct vnet_network *old = &db->networks[i];

        memcpy(n.uuid, old->uuid, sizeof n.uuid);
        memcpy(n.tenant_uuid, old->tenant_uuid, sizeof n.tenant_uuid);
        if (!n.net_id) {
            n.net_id = old->net_id;
        }
        status = network_check(db, &n, n.uuid, err);
    }
    if (!status) {
        status = tx_begin(db, err);
        if (!status) {
            status = network_store(db, &n, false, err);
            status = tx_end(db, status, err);
        }
    }
    if (!status) {
        db->networks[i] = n;
        if (out) {
            *out = n;
        }
    }
    return db_unlock(db, status, true);
}

int
vnet_db_network_delete(struct vnet_db *db, const char *uuid, bool cascade,
                       struct vnet_error *err)
{
    const char *nu;
    size_t i, n_ports;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, uuid, "uuid", "network", network_find, &i, err);
    if (status) {
        return db_unlock(db, status, false);
    }
    nu = db->networks[i].uuid;
    n_ports = count_ports_of(db, nu);
    if (!strcmp(nu, db->config.quarantine_network)) {
        status = vnet_error_set(err, VNET_ECONFLICT, "uuid",
                                "network %s is the quarantine network", nu);
    } else if (n_ports && !cascade) {
        status = vnet_error_set(err, VNET_ECONFLICT, "uuid",
                                "network %s still has %zu port(s)", nu,
                                n_ports);
    }
    if (status) {
        return db_unlock(db, status, false);
    }
    status = tx_begin(db, err);
    if (!status) {
        status = sql_run_text(db, "DELETE FROM port WHERE network_uuid = ?1",
                              nu, err);
        if (!status) {
            status = sql_run_text(db, "DELETE FROM network WHERE uuid = ?1",
                                  nu, err);
        }
        status = tx_end(db, status, err);
    }
    if (!status) {
        mem_remove_ports_of(db, nu);
        vec_remove(db->networks, &db->n_networks, i, sizeof *db->networks);
        network_index_rebuild(db);
    }
    return db_unlock(db, status, true);
}

/* ---- Ports ---- */

static int
binding_check(const struct vnet_binding *b, const struct vnet_port *p,
              struct vnet_error *err)
{
    switch (b->kind) {
    case VNET_BIND_NONE:
        return 0;
    case VNET_BIND_SWITCH_PORT:
    case VNET_BIND_PORT_VLAN:
        if (b->port_no < 1 || b->port_no > VNET_OFPP_MAX) {
            return vnet_error_set(err, VNET_EBADVAL, "binding.port_no",
                                  "binding.port_no %"PRIu32" is not a "
                                  "physical port (1..%u)", b->port_no,
                                  VNET_OFPP_MAX);
        }
        if (b->kind == VNET_BIND_PORT_VLAN
            && (b->vlan < 1 || b->vlan > VNET_VLAN_MAX)) {
            return vnet_error_set(err, VNET_EBADVAL, "binding.vlan",
                                  "binding.vlan %u is out of range 1..%d",
                                  b->vlan, VNET_VLAN_MAX);
        }
        return 0;
    case VNET_BIND_MAC: {
        int status = check_unicast_mac(&b->mac, "binding.mac", err);

        if (!status && p->has_mac && !mac_eq(&p->mac, &b->mac)) {
            status = vnet_error_set(err, VNET_EBADVAL, "binding.mac",
                                    "binding.mac differs from the port's "
                                    "mac");
        }
        return status;
    }
    case VNET_BIND_IFACE_ID:
        return check_text(b->iface_id, sizeof b->iface_id, true,
                          "binding.iface_id", err);
    }
    return vnet_error_set(err, VNET_EBADVAL, "binding.kind",
                          "binding.kind %d is unknown", (int) b->kind);
}

/* 409 if binding 'b' overlaps the binding of port 'o'. See vnet.h for the
 * rules. */
static int
binding_overlap(const struct vnet_binding *b, const struct vnet_port *o,
                struct vnet_error *err)
{
    const struct vnet_binding *ob = &o->binding;
    bool same_port = ob->dpid == b->dpid && ob->port_no == b->port_no;
    char mac[18];

    switch (b->kind) {
    case VNET_BIND_SWITCH_PORT:
        if (ob->kind == VNET_BIND_SWITCH_PORT && same_port) {
            return vnet_error_set(err, VNET_ECONFLICT, "binding",
                                  "switch %016"PRIx64" port %"PRIu32" is "
                                  "already bound to port %s", b->dpid,
                                  b->port_no, o->uuid);
        }
        if (ob->kind == VNET_BIND_PORT_VLAN && same_port) {
            return vnet_error_set(err, VNET_ECONFLICT, "binding",
                                  "switch %016"PRIx64" port %"PRIu32" is "
                                  "split by VLAN (port %s has VLAN %u): it "
                                  "cannot also be bound whole", b->dpid,
                                  b->port_no, o->uuid, ob->vlan);
        }
        return 0;
    case VNET_BIND_PORT_VLAN:
        if (ob->kind == VNET_BIND_SWITCH_PORT && same_port) {
            return vnet_error_set(err, VNET_ECONFLICT, "binding",
                                  "switch %016"PRIx64" port %"PRIu32" is "
                                  "bound whole to port %s", b->dpid,
                                  b->port_no, o->uuid);
        }
        if (ob->kind == VNET_BIND_PORT_VLAN && same_port
            && ob->vlan == b->vlan) {
            return vnet_error_set(err, VNET_ECONFLICT, "binding",
                                  "switch %016"PRIx64" port %"PRIu32" VLAN "
                                  "%u is already bound to port %s", b->dpid,
                                  b->port_no, b->vlan, o->uuid);
        }
        return 0;
    case VNET_BIND_MAC:
        if (ob->kind == VNET_BIND_MAC && mac_eq(&ob->mac, &b->mac)) {
            vnet_mac_format(&b->mac, mac);
            return vnet_error_set(err, VNET_ECONFLICT, "binding",
                                  "MAC %s is already bound to port %s "
                                  "(MAC bindings are fabric-wide)", mac,
                                  o->uuid);
        }
        return 0;
    case VNET_BIND_IFACE_ID:
        if (ob->kind == VNET_BIND_IFACE_ID
            && !strcmp(ob->iface_id, b->iface_id)) {
            return vnet_error_set(err, VNET_ECONFLICT, "binding",
                                  "iface-id \"%s\" is already bound to port "
                                  "%s", b->iface_id, o->uuid);
        }
        return 0;
    case VNET_BIND_NONE:
        return 0;
    }
    return 0;
}

/* Picks the lowest VLAN id free on hypervisor 'p->attachment_ip'. */
static int
port_alloc_vlan_id(const struct vnet_db *db, struct vnet_port *p,
                   struct vnet_error *err)
{
    uint8_t used[(VNET_VLAN_MAX + 1 + 7) / 8];
    const struct vnet_index_entry *e;
    char key[PORT_KEY_SIZE];
    int v;

    memset(used, 0, sizeof used);
    snprintf(key, sizeof key, "h%s", p->attachment_ip);
    for (e = vnet_index_first(&db->port_index, key); e;
         e = vnet_index_next(e, key)) {
        const struct port_node *o = e->value;

        if (strcmp(o->port.uuid, p->uuid)) {
            used[o->port.vlan_id / 8]
                |= (uint8_t) (1u << (o->port.vlan_id % 8));
        }
    }
    for (v = 1; v <= VNET_VLAN_MAX; v++) {
        if (!(used[v / 8] & (1u << (v % 8)))) {
            p->vlan_id = (uint16_t) v;
            return 0;
        }
    }
    return vnet_error_set(err, VNET_ECONFLICT, "vlan_id",
                          "hypervisor %s has no free VLAN id left",
                          p->attachment_ip);
}

/* Validates the attachment of 'p' and sets its vlan_id; 'old' is the port
 * before the change (NULL on create). */
static int
port_attachment_check(const struct vnet_db *db, struct vnet_port *p,
                      const struct vnet_port *old, struct vnet_error *err)
{
    char ip[VNET_IP_SIZE];

    switch (p->attachment_type) {
    case VNET_ATTACH_NONE:
        memset(p->attachment_ip, 0, sizeof p->attachment_ip);
        p->vlan_id = 0;
        return 0;
    case VNET_ATTACH_VIF:
        if (strnlen(p->attachment_ip, sizeof p->attachment_ip)
            >= sizeof p->attachment_ip
            || !vnet_ip_normalize(p->attachment_ip, ip)) {
            return vnet_error_set(err, VNET_EBADVAL, "attachment_ip",
                                  "attachment_ip is not an IP address");
        }
        if (p->binding.kind != VNET_BIND_NONE) {
            return vnet_error_set(err, VNET_ECONFLICT, "attachment_type",
                                  "a port with a %s binding cannot also "
                                  "have a VIF attachment",
                                  vnet_binding_kind_to_string(
                                      p->binding.kind));
        }
        memset(p->attachment_ip, 0, sizeof p->attachment_ip);
        memcpy(p->attachment_ip, ip, strlen(ip) + 1);
        if (old && old->attachment_type == VNET_ATTACH_VIF
            && !strcmp(old->attachment_ip, ip)) {
            p->vlan_id = old->vlan_id;
            return 0;
        }
        return port_alloc_vlan_id(db, p, err);
    }
    return vnet_error_set(err, VNET_EBADVAL, "attachment_type",
                          "attachment_type %d is unknown",
                          (int) p->attachment_type);
}

/* 409 if port 'o' (of the same network as 'p') has 'p''s name or one of
 * its addresses. */
static int
port_check_neighbour(const struct vnet_port *p, const struct vnet_port *o,
                     struct vnet_error *err)
{
    size_t j, k;

    if (!strcmp(o->uuid, p->uuid)) {
        return 0;
    }
    if (p->name[0] && !strcmp(o->name, p->name)) {
        return vnet_error_set(err, VNET_ECONFLICT, "name",
                              "port %s of this network already has the "
                              "name \"%s\"", o->uuid, p->name);
    }
    if (p->has_mac && o->has_mac && mac_eq(&o->mac, &p->mac)) {
        char mac[18];

        vnet_mac_format(&p->mac, mac);
        return vnet_error_set(err, VNET_ECONFLICT, "mac",
                              "port %s of this network already has mac %s",
                              o->uuid, mac);
    }
    for (j = 0; j < p->n_ips; j++) {
        for (k = 0; k < o->n_ips; k++) {
            if (!strcmp(o->ips[k], p->ips[j])) {
                return vnet_error_set(err, VNET_ECONFLICT, "ips",
                                      "port %s of this network already has "
                                      "ip %s", o->uuid, p->ips[j]);
            }
        }
    }
    return 0;
}

/* The first port under 'key' in the port index other than 'self', or
 * NULL. */
static const struct port_node *
port_index_other(const struct vnet_db *db, const char *key, const char *self)
{
    const struct vnet_index_entry *e;

    for (e = vnet_index_first(&db->port_index, key); e;
         e = vnet_index_next(e, key)) {
        const struct port_node *o = e->value;

        if (strcmp(o->port.uuid, self)) {
            return o;
        }
    }
    return NULL;
}

/* 409 if the binding of 'p' overlaps another port's (see vnet.h). Costs
 * O(1): each rule is one index lookup. */
static int
port_binding_conflicts(const struct vnet_db *db, const struct vnet_port *p,
                       struct vnet_error *err)
{
    const struct vnet_binding *b = &p->binding;
    const struct port_node *o = NULL;
    char key[PORT_KEY_SIZE], mac[18];

    switch (b->kind) {
    case VNET_BIND_SWITCH_PORT:
        snprintf(key, sizeof key, "A%016"PRIx64"/%"PRIu32, b->dpid,
                 b->port_no);
        o = port_index_other(db, key, p->uuid);
        break;
    case VNET_BIND_PORT_VLAN:
        snprintf(key, sizeof key, "W%016"PRIx64"/%"PRIu32, b->dpid,
                 b->port_no);
        o = port_index_other(db, key, p->uuid);
        if (!o) {
            snprintf(key, sizeof key, "V%016"PRIx64"/%"PRIu32"/%u", b->dpid,
                     b->port_no, b->vlan);
            o = port_index_other(db, key, p->uuid);
        }
        break;
    case VNET_BIND_MAC:
        vnet_mac_format(&b->mac, mac);
        snprintf(key, sizeof key, "m%s", mac);
        o = port_index_other(db, key, p->uuid);
        break;
    case VNET_BIND_IFACE_ID:
        snprintf(key, sizeof key, "i%.*s", VNET_IFACE_ID_SIZE - 1,
                 b->iface_id);
        o = port_index_other(db, key, p->uuid);
        break;
    case VNET_BIND_NONE:
        break;
    }
    return o ? binding_overlap(b, &o->port, err) : 0;
}

/* Validates port 'p' (uuid and network_uuid already resolved; output-only
 * fields are recomputed) against the other ports. */
static int
port_check(const struct vnet_db *db, struct vnet_port *p,
           const struct vnet_port *old, struct vnet_error *err)
{
    struct port_node **nodes;
    size_t i, j, n_nodes;
    int status;

    status = check_text(p->name, sizeof p->name, false, "name", err);
    if (status) {
        return status;
    }
    if (p->has_mac) {
        status = check_unicast_mac(&p->mac, "mac", err);
        if (status) {
            return status;
        }
    } else {
        memset(&p->mac, 0, sizeof p->mac);
    }
    if (p->n_ips > VNET_PORT_MAX_IPS) {
        return vnet_error_set(err, VNET_EBADVAL, "ips",
                              "at most %d ips per port", VNET_PORT_MAX_IPS);
    }
    for (i = 0; i < p->n_ips; i++) {
        char ip[VNET_IP_SIZE];

        if (strnlen(p->ips[i], VNET_IP_SIZE) >= VNET_IP_SIZE
            || !vnet_ip_normalize(p->ips[i], ip)) {
            return vnet_error_set(err, VNET_EBADVAL, "ips",
                                  "ips[%zu] is not an IP address", i);
        }
        memset(p->ips[i], 0, VNET_IP_SIZE);
        memcpy(p->ips[i], ip, strlen(ip) + 1);
        for (j = 0; j < i; j++) {
            if (!strcmp(p->ips[j], p->ips[i])) {
                return vnet_error_set(err, VNET_EBADVAL, "ips",
                                      "ips[%zu] repeats %s", i, p->ips[i]);
            }
        }
    }
    for (; i < VNET_PORT_MAX_IPS; i++) {
        memset(p->ips[i], 0, VNET_IP_SIZE);
    }
    status = binding_check(&p->binding, p, err);
    if (status) {
        return status;
    }
    if (binding_is_fabric(p->binding.kind)) {
        size_t ni = network_find(db, p->network_uuid);

        if (ni != NOT_FOUND
            && db->networks[ni].net_id > VNET_FABRIC_NET_ID_MAX) {
            return vnet_error_set(
                err, VNET_ECONFLICT, "binding.kind",
                "network %s has net_id %"PRIu32", above %u, the highest a "
                "network with %s bindings can have (its id is its "
                "transport VLAN between switches; only iface-id ports and "
                "SSP attachments, on hypervisors, may use higher ids): "
                "give the network a lower net_id",
                p->network_uuid,
                db->networks[ni].net_id, VNET_FABRIC_NET_ID_MAX,
                vnet_binding_kind_to_string(p->binding.kind));
        }
    }
    status = port_attachment_check(db, p, old, err);
    if (status) {
        return status;
    }
    status = port_binding_conflicts(db, p, err);
    if (status) {
        return status;
    }
    /* Name and addresses: the other ports of the network. */
    nodes = ports_of_network(db, p->network_uuid, &n_nodes);
    {
        const struct port_node *oldest = NULL;

        for (i = 0; i < n_nodes; i++) {
            if (port_check_neighbour(p, &nodes[i]->port, NULL)
                && (!oldest || nodes[i]->serial < oldest->serial)) {
                oldest = nodes[i];
            }
        }
        free(nodes);
        return oldest ? port_check_neighbour(p, &oldest->port, err) : 0;
    }
}

static int
port_store(struct vnet_db *db, const struct vnet_port *p, bool insert,
           struct vnet_error *err)
{
    const struct vnet_binding *b = &p->binding;
    char ips[VNET_PORT_MAX_IPS * VNET_IP_SIZE];
    char mac[18], bmac[18];
    sqlite3_stmt *stmt = sql_prepare(
        db, insert
        ? "INSERT INTO port (uuid, network_uuid, name, mac, ips, binding,"
          " dpid, port_no, vlan, bind_mac, iface_id, attachment_type,"
          " attachment_ip, vlan_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
          " ?9, ?10, ?11, ?12, ?13, ?14)"
        : "UPDATE port SET network_uuid = ?2, name = ?3, mac = ?4, ips = ?5,"
          " binding = ?6, dpid = ?7, port_no = ?8, vlan = ?9,"
          " bind_mac = ?10, iface_id = ?11, attachment_type = ?12,"
          " attachment_ip = ?13, vlan_id = ?14 WHERE uuid = ?1", err);

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    port_ips_to_text(p, ips, sizeof ips);
    sqlite3_bind_text(stmt, 1, p->uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, p->network_uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, p->name, -1, SQLITE_TRANSIENT);
    if (p->has_mac) {
        vnet_mac_format(&p->mac, mac);
        sqlite3_bind_text(stmt, 4, mac, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(stmt, 4);
    }
    sqlite3_bind_text(stmt, 5, ips, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 6, vnet_binding_kind_to_string(b->kind), -1,
                      SQLITE_STATIC);
    if (b->kind == VNET_BIND_SWITCH_PORT || b->kind == VNET_BIND_PORT_VLAN) {
        sqlite3_bind_int64(stmt, 7, (sqlite3_int64) b->dpid);
        sqlite3_bind_int64(stmt, 8, b->port_no);
    }
    if (b->kind == VNET_BIND_PORT_VLAN) {
        sqlite3_bind_int(stmt, 9, b->vlan);
    }
    if (b->kind == VNET_BIND_MAC) {
        vnet_mac_format(&b->mac, bmac);
        sqlite3_bind_text(stmt, 10, bmac, -1, SQLITE_TRANSIENT);
    }
    if (b->kind == VNET_BIND_IFACE_ID) {
        sqlite3_bind_text(stmt, 11, b->iface_id, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(stmt, 12, vnet_attach_type_to_string(p->attachment_type),
                      -1, SQLITE_STATIC);
    bind_text_or_null(stmt, 13, p->attachment_ip);
    if (p->vlan_id) {
        sqlite3_bind_int(stmt, 14, p->vlan_id);
    }
    return sql_run(db, stmt, err);
}

/* Clears the fields of 'b' its kind does not use, so that stored and
 * returned bindings are canonical. */
static void
binding_canonicalize(struct vnet_binding *b)
{
    struct vnet_binding c;

    memset(&c, 0, sizeof c);
    c.kind = b->kind;
    switch (b->kind) {
    case VNET_BIND_PORT_VLAN:
        c.vlan = b->vlan;
        /* fall through */
    case VNET_BIND_SWITCH_PORT:
        c.dpid = b->dpid;
        c.port_no = b->port_no;
        break;
    case VNET_BIND_MAC:
        c.mac = b->mac;
        break;
    case VNET_BIND_IFACE_ID:
        memcpy(c.iface_id, b->iface_id, sizeof c.iface_id);
        break;
    case VNET_BIND_NONE:
        break;
    }
    *b = c;
}

/* Validates, stores and applies in memory the port 'p' (a new one if
 * 'old' is NULL, else an update of 'old'). Called with the lock held. */
static int
port_write(struct vnet_db *db, struct vnet_port *p, struct port_node *old,
           struct vnet_error *err)
{
    int status = port_check(db, p, old ? &old->port : NULL, err);

    if (!status) {
        binding_canonicalize(&p->binding);
        status = tx_begin(db, err);
        if (!status) {
            status = port_store(db, p, !old, err);
            status = tx_end(db, status, err);
        }
    }
    if (!status) {
        if (old) {
            port_index_del(db, old);
            old->port = *p;
            port_index_add(db, old);
        } else {
            port_link(db, p);
        }
    }
    return status;
}

int
vnet_db_port_create(struct vnet_db *db, const struct vnet_port *in,
                    struct vnet_port *out, struct vnet_error *err)
{
    struct vnet_port p = *in;
    size_t ni;
    int status;

    error_clear(err);
    db_lock(db);
    status = new_uuid(db, in->uuid, port_exists, p.uuid, err);
    if (!status) {
        if (!in->network_uuid[0]) {
            status = vnet_error_set(err, VNET_EBADVAL, "network_uuid",
                                    "network_uuid is required");
        } else {
            status = lookup(db, in->network_uuid, "network_uuid", "network",
                            network_find, &ni, err);
        }
    }
    if (!status) {
        memcpy(p.network_uuid, db->networks[ni].uuid, sizeof p.network_uuid);
        memcpy(p.tenant_uuid, db->networks[ni].tenant_uuid,
               sizeof p.tenant_uuid);
        p.vlan_id = 0;
        status = port_write(db, &p, NULL, err);
    }
    if (!status && out) {
        *out = p;
    }
    return db_unlock(db, status, true);
}

int
vnet_db_port_get(struct vnet_db *db, const char *uuid, struct vnet_port *out,
                 struct vnet_error *err)
{
    struct port_node *node;
    int status;

    error_clear(err);
    db_lock(db);
    status = port_lookup(db, uuid, &node, err);
    if (!status) {
        *out = node->port;
    }
    return db_unlock(db, status, false);
}

int
vnet_db_port_list(struct vnet_db *db, const char *network_uuid,
                  size_t offset, size_t limit, struct vnet_port **objs,
                  size_t *n, size_t *total, struct vnet_error *err)
{
    struct vnet_port *out = NULL;
    size_t ni, got = 0, alloc = 0;
    int status = 0;

    error_clear(err);
    *objs = NULL;
    *n = *total = 0;
    db_lock(db);
    if (network_uuid && network_uuid[0]) {
        status = lookup(db, network_uuid, "network_uuid", "network",
                        network_find, &ni, err);
        if (!status) {
            size_t i, n_nodes;
            struct port_node **nodes
                = ports_of_network(db, db->networks[ni].uuid, &n_nodes);

            if (n_nodes) {
                qsort(nodes, n_nodes, sizeof *nodes, port_node_cmp);
            }
            for (i = offset; i < n_nodes && got < limit; i++) {
                vec_reserve((void **) &out, got, &alloc, sizeof *out);
                out[got++] = nodes[i]->port;
            }
            *total = n_nodes;
            free(nodes);
        }
    } else {
        const struct port_node *node = db->port_head;
        size_t i;

        for (i = 0; node && i < offset; i++) {
            node = node->next;
        }
        for (; node && got < limit; node = node->next) {
            vec_reserve((void **) &out, got, &alloc, sizeof *out);
            out[got++] = node->port;
        }
        *total = db->n_ports;
    }
    *objs = out;
    *n = got;
    return db_unlock(db, status, false);
}

int
vnet_db_port_update(struct vnet_db *db, const struct vnet_port *in,
                    struct vnet_port *out, struct vnet_error *err)
{
    struct vnet_port p = *in;
    struct port_node *node;
    char nu[VNET_UUID_SIZE];
    int status;

    error_clear(err);
    db_lock(db);
    status = port_lookup(db, in->uuid, &node, err);
    if (!status && in->network_uuid[0]
        && (!vnet_uuid_normalize(in->network_uuid, nu)
            || strcmp(nu, node->port.network_uuid))) {
        status = vnet_error_set(err, VNET_EBADVAL, "network_uuid",
                                "a port cannot move to another network");
    }
    if (!status) {
        const struct vnet_port *old = &node->port;

        memcpy(p.uuid, old->uuid, sizeof p.uuid);
        memcpy(p.network_uuid, old->network_uuid, sizeof p.network_uuid);
        memcpy(p.tenant_uuid, old->tenant_uuid, sizeof p.tenant_uuid);
        p.vlan_id = 0;
        status = port_write(db, &p, node, err);
    }
    if (!status && out) {
        *out = p;
    }
    return db_unlock(db, status, true);
}

int
vnet_db_port_set_attachment(struct vnet_db *db, const char *uuid,
                            enum vnet_attach_type type, const char *ip,
                            struct vnet_port *out, struct vnet_error *err)
{
    struct port_node *node;
    struct vnet_port p;
    int status;

    error_clear(err);
    db_lock(db);
    status = port_lookup(db, uuid, &node, err);
    if (!status) {
        p = node->port;
        p.attachment_type = type;
        memset(p.attachment_ip, 0, sizeof p.attachment_ip);
        if (type == VNET_ATTACH_VIF && (!ip || !ip[0])) {
            status = vnet_error_set(err, VNET_EBADVAL, "attachment_ip",
                                    "attachment_ip is required for "
                                    "VifAttachment");
        } else if (type == VNET_ATTACH_VIF
                   && strlen(ip) >= sizeof p.attachment_ip) {
            status = vnet_error_set(err, VNET_EBADVAL, "attachment_ip",
                                    "attachment_ip is not an IP address");
        } else if (type == VNET_ATTACH_VIF) {
            memcpy(p.attachment_ip, ip, strlen(ip) + 1);
        }
    }
    if (!status) {
        status = port_write(db, &p, node, err);
    }
    if (!status && out) {
        *out = p;
    }
    return db_unlock(db, status, true);
}

int
vnet_db_port_delete(struct vnet_db *db, const char *uuid,
                    struct vnet_error *err)
{
    struct port_node *node;
    int status;

    error_clear(err);
    db_lock(db);
    status = port_lookup(db, uuid, &node, err);
    if (status) {
        return db_unlock(db, status, false);
    }
    status = tx_begin(db, err);
    if (!status) {
        status = sql_run_text(db, "DELETE FROM port WHERE uuid = ?1",
                              node->port.uuid, err);
        status = tx_end(db, status, err);
    }
    if (!status) {
        port_unlink(db, node);
    }
    return db_unlock(db, status, true);
}

/* ---- Chassis ---- */

/* "tcp:IP:PORT", "ssl:IP:PORT" (IPv6 as [IP]) or "unix:PATH". */
static bool
ovsdb_addr_ok(const char *s)
{
    char host[VNET_IP_SIZE];
    const char *rest, *colon;
    uint8_t addr[16];
    size_t hlen;
    char *end;
    unsigned long port;
    bool v6;

    if (!strncmp(s, "unix:", 5)) {
        return s[5] != '\0';
    }
    if (strncmp(s, "tcp:", 4) && strncmp(s, "ssl:", 4)) {
        return false;
    }
    rest = s + 4;
    v6 = rest[0] == '[';
    if (v6) {
        const char *close = strchr(rest, ']');

        if (!close || close[1] != ':') {
            return false;
        }
        hlen = (size_t) (close - rest - 1);
        rest++;
        colon = close + 1;
    } else {
        colon = strrchr(rest, ':');
        if (!colon) {
            return false;
        }
        hlen = (size_t) (colon - rest);
    }
    if (hlen == 0 || hlen >= sizeof host) {
        return false;
    }
    memcpy(host, rest, hlen);
    host[hlen] = '\0';
    if (inet_pton(v6 ? AF_INET6 : AF_INET, host, addr) != 1) {
        return false;
    }
    if (colon[1] < '0' || colon[1] > '9') {
        return false;
    }
    port = strtoul(colon + 1, &end, 10);
    return !*end && port >= 1 && port <= 65535;
}

static int
chassis_check(const struct vnet_db *db, struct vnet_chassis *c,
              struct vnet_error *err)
{
    char ip[VNET_IP_SIZE];
    size_t i;
    int status;

    status = check_text(c->name, sizeof c->name, true, "name", err);
    if (!status) {
        status = check_text(c->ovsdb_addr, sizeof c->ovsdb_addr, true,
                            "ovsdb_addr", err);
    }
    if (status) {
        return status;
    }
    if (!ovsdb_addr_ok(c->ovsdb_addr)) {
        return vnet_error_set(err, VNET_EBADVAL, "ovsdb_addr",
                              "ovsdb_addr must be tcp:IP:PORT, ssl:IP:PORT "
                              "or unix:PATH");
    }
    if (strnlen(c->tunnel_ip, sizeof c->tunnel_ip) >= sizeof c->tunnel_ip
        || !vnet_ip_normalize(c->tunnel_ip, ip)) {
        return vnet_error_set(err, VNET_EBADVAL, "tunnel_ip",
                              "tunnel_ip is not an IP address");
    }
    memset(c->tunnel_ip, 0, sizeof c->tunnel_ip);
    memcpy(c->tunnel_ip, ip, strlen(ip) + 1);
    if (!c->encaps || (c->encaps & ~(unsigned int) VNET_ENCAP_ALL)) {
        return vnet_error_set(err, VNET_EBADVAL, "encaps",
                              "encaps must be a nonempty set of vxlan, "
                              "geneve, gre");
    }
    if (strnlen(c->datapath_type, sizeof c->datapath_type)
        >= sizeof c->datapath_type
        || (c->datapath_type[0] && strcmp(c->datapath_type, "system")
            && strcmp(c->datapath_type, "netdev"))) {
        return vnet_error_set(err, VNET_EBADVAL, "datapath_type",
                              "datapath_type must be system or netdev");
    }
    for (i = 0; i < db->n_chassis; i++) {
        const struct vnet_chassis *o = &db->chassis[i];

        if (!strcmp(o->uuid, c->uuid)) {
            continue;
        }
        if (!strcmp(o->name, c->name)) {
            return vnet_error_set(err, VNET_ECONFLICT, "name",
                                  "chassis %s already has the name \"%s\"",
                                  o->uuid, c->name);
        }
        if (!strcmp(o->ovsdb_addr, c->ovsdb_addr)) {
            return vnet_error_set(err, VNET_ECONFLICT, "ovsdb_addr",
                                  "chassis %s already uses ovsdb_addr %s",
                                  o->uuid, c->ovsdb_addr);
        }
        if (!strcmp(o->tunnel_ip, c->tunnel_ip)) {
            return vnet_error_set(err, VNET_ECONFLICT, "tunnel_ip",
                                  "chassis %s already uses tunnel_ip %s",
                                  o->uuid, c->tunnel_ip);
        }
    }
    return 0;
}

static int
chassis_store(struct vnet_db *db, const struct vnet_chassis *c, bool insert,
              struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(
        db, insert
        ? "INSERT INTO chassis (uuid, name, ovsdb_addr, tunnel_ip, encaps,"
          " datapath_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        : "UPDATE chassis SET name = ?2, ovsdb_addr = ?3, tunnel_ip = ?4,"
          " encaps = ?5, datapath_type = ?6 WHERE uuid = ?1", err);

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    sqlite3_bind_text(stmt, 1, c->uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, c->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, c->ovsdb_addr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 4, c->tunnel_ip, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 5, (int) c->encaps);
    sqlite3_bind_text(stmt, 6, c->datapath_type, -1, SQLITE_TRANSIENT);
    return sql_run(db, stmt, err);
}

/* Validates, stores and applies chassis 'c' (new if 'old_idx' is
 * NOT_FOUND). Lock held. */
static int
chassis_write(struct vnet_db *db, struct vnet_chassis *c, size_t old_idx,
              struct vnet_error *err)
{
    int status = chassis_check(db, c, err);

    if (!status) {
        status = tx_begin(db, err);
        if (!status) {
            status = chassis_store(db, c, old_idx == NOT_FOUND, err);
            status = tx_end(db, status, err);
        }
    }
    if (!status) {
        if (old_idx != NOT_FOUND) {
            db->chassis[old_idx] = *c;
        } else {
            vec_reserve((void **) &db->chassis, db->n_chassis,
                        &db->alloc_chassis, sizeof *c);
            db->chassis[db->n_chassis++] = *c;
        }
    }
    return status;
}

int
vnet_db_chassis_create(struct vnet_db *db, const struct vnet_chassis *in,
                       struct vnet_chassis *out, struct vnet_error *err)
{
    struct vnet_chassis c = *in;
    int status;

    error_clear(err);
    db_lock(db);
    status = new_uuid(db, in->uuid, chassis_exists, c.uuid, err);
    if (!status) {
        status = chassis_write(db, &c, NOT_FOUND, err);
    }
    if (!status && out) {
        *out = c;
    }
    return db_unlock(db, status, true);
}

int
vnet_db_chassis_get(struct vnet_db *db, const char *uuid,
                    struct vnet_chassis *out, struct vnet_error *err)
{
    size_t i;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, uuid, "uuid", "chassis", chassis_find, &i, err);
    if (!status) {
        *out = db->chassis[i];
    }
    return db_unlock(db, status, false);
}

int
vnet_db_chassis_list(struct vnet_db *db, size_t offset, size_t limit,
                     struct vnet_chassis **objs, size_t *n, size_t *total,
                     struct vnet_error *err)
{
    error_clear(err);
    db_lock(db);
    list_copy(db->chassis, db->n_chassis, sizeof **objs, NULL, NULL, offset,
              limit, (void **) objs, n, total);
    return db_unlock(db, 0, false);
}

int
vnet_db_chassis_update(struct vnet_db *db, const struct vnet_chassis *in,
                       struct vnet_chassis *out, struct vnet_error *err)
{
    struct vnet_chassis c = *in;
    size_t i;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, in->uuid, "uuid", "chassis", chassis_find, &i, err);
    if (!status) {
        memcpy(c.uuid, db->chassis[i].uuid, sizeof c.uuid);
        status = chassis_write(db, &c, i, err);
    }
    if (!status && out) {
        *out = c;
    }
    return db_unlock(db, status, true);
}

int
vnet_db_chassis_delete(struct vnet_db *db, const char *uuid,
                       struct vnet_error *err)
{
    size_t i;
    int status;

    error_clear(err);
    db_lock(db);
    status = lookup(db, uuid, "uuid", "chassis", chassis_find, &i, err);
    if (!status) {
        status = tx_begin(db, err);
        if (!status) {
            status = sql_run_text(db, "DELETE FROM chassis WHERE uuid = ?1",
                                  db->chassis[i].uuid, err);
            status = tx_end(db, status, err);
        }
        if (!status) {
            vec_remove(db->chassis, &db->n_chassis, i, sizeof *db->chassis);
        }
        return db_unlock(db, status, true);
    }
    return db_unlock(db, status, false);
}

/* ---- Config ---- */

void
vnet_db_config_get(struct vnet_db *db, struct vnet_config *out)
{
    db_lock(db);
    *out = db->config;
    db_unlock(db, 0, false);
}

static int
config_put(struct vnet_db *db, const char *key, const char *value,
           struct vnet_error *err)
{
    sqlite3_stmt *stmt = sql_prepare(db, "INSERT OR REPLACE INTO config"
                                     " (key, value) VALUES (?1, ?2)", err);

    if (!stmt) {
        return VNET_EINTERNAL;
    }
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, value, -1, SQLITE_TRANSIENT);
    return sql_run(db, stmt, err);
}

int
vnet_db_config_set(struct vnet_db *db, const struct vnet_config *in,
                   struct vnet_error *err)
{
    struct vnet_config c;
    size_t ni;
    int status = 0;

    error_clear(err);
    memset(&c, 0, sizeof c);
    c.unknown_mac = in->unknown_mac;
    db_lock(db);
    if (in->unknown_mac == VNET_UNKNOWN_MAC_QUARANTINE) {
        if (!in->quarantine_network[0]) {
            status = vnet_error_set(err, VNET_EBADVAL, "quarantine_network",
                                    "quarantine_network is required with "
                                    "unknown_mac quarantine");
        } else if (strnlen(in->quarantine_network, VNET_UUID_SIZE)
                   >= VNET_UUID_SIZE) {
            status = vnet_error_set(err, VNET_EBADVAL, "quarantine_network",
                                    "quarantine_network is not a uuid");
        } else {
            status = lookup(db, in->quarantine_network, "quarantine_network",
                            "network", network_find, &ni, err);
        }
        if (!status && db->networks[ni].net_id > VNET_FABRIC_NET_ID_MAX) {
            status = vnet_error_set(
                err, VNET_ECONFLICT, "quarantine_network",
                "network %s has net_id %"PRIu32", above %u, the highest the "
                "quarantine network can have (its id is its VLAN between "
                "switches)", db->networks[ni].uuid, db->networks[ni].net_id,
                VNET_FABRIC_NET_ID_MAX);
        }
        if (!status) {
            memcpy(c.quarantine_network, db->networks[ni].uuid,
                   sizeof c.quarantine_network);
        }
    } else if (in->unknown_mac != VNET_UNKNOWN_MAC_DROP) {
        status = vnet_error_set(err, VNET_EBADVAL, "unknown_mac",
                                "unknown_mac %d is unknown",
                                (int) in->unknown_mac);
    }
    if (!status) {
        status = tx_begin(db, err);
        if (!status) {
            status = config_put(db, "unknown_mac",
                                vnet_unknown_mac_to_string(c.unknown_mac),
                                err);
            if (!status) {
                status = config_put(db, "quarantine_network",
                                    c.quarantine_network, err);
            }
            status = tx_end(db, status, err);
        }
    }
    if (!status) {
        db->config = c;
    }
    return db_unlock(db, status, true);
}
