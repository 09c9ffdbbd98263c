/* Unit tests for src/vnet: validation (each error names its field), CRUD,
 * pagination, binding overlap rules, delete rules, the SSP vlan_id
 * allocation per hypervisor, chassis, config, snapshots, the change
 * counter, thread safety, and round trips through a reopened file.
 * (The kill -9 durability test is test-vnet-durability.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include "lib/util.h"
#include "vnet/vnet-index.h"
#include "vnet/vnet.h"

/* A database in a fresh temporary directory. */
struct fixture {
    char dir[64];
    char path[96];
    struct vnet_db *db;
};

static int
setup(void **state)
{
    struct fixture *f = xzalloc(sizeof *f);
    struct vnet_error err;

    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/kumo-test-vnet-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/kumo.db", f->dir);
    f->db = vnet_db_open(f->path, &err);
    assert_non_null(f->db);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    const char *suffixes[] = { "", "-wal", "-shm" };
    size_t i;

    vnet_db_close(f->db);
    for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
        char *p = xasprintf("%s%s", f->path, suffixes[i]);

        unlink(p);
        free(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static void
reopen(struct fixture *f)
{
    struct vnet_error err;

    vnet_db_close(f->db);
    f->db = vnet_db_open(f->path, &err);
    assert_non_null(f->db);
}

/* Asserts that 'status' is 'want' and that the error names 'field'. */
#define assert_err(STATUS, ERR, WANT, FIELD)                            \
    do {                                                                \
        int status_ = (STATUS);                                         \
        if (status_ != (WANT) || strcmp((ERR).field, FIELD)) {          \
            print_error("got %d field \"%s\" (%s), want %d \"%s\"\n",  \
                        status_, (ERR).field, (ERR).message, WANT,      \
                        FIELD);                                         \
            fail();                                                     \
        }                                                               \
        assert_int_equal((ERR).status, (WANT));                         \
        assert_true((ERR).message[0] != '\0');                          \
    } while (0)

#define assert_ok(STATUS, ERR)                                          \
    do {                                                                \
        int status_ = (STATUS);                                         \
        if (status_) {                                                  \
            print_error("status %d field \"%s\": %s\n", status_,        \
                        (ERR).field, (ERR).message);                    \
            fail();                                                     \
        }                                                               \
    } while (0)

static struct vnet_tenant
mk_tenant(struct vnet_db *db, const char *name)
{
    struct vnet_tenant t, out;
    struct vnet_error err;

    memset(&t, 0, sizeof t);
    snprintf(t.name, sizeof t.name, "%s", name);
    assert_ok(vnet_db_tenant_create(db, &t, &out, &err), err);
    return out;
}

static struct vnet_network
mk_network(struct vnet_db *db, const char *tenant, const char *name)
{
    struct vnet_network n, out;
    struct vnet_error err;

    memset(&n, 0, sizeof n);
    snprintf(n.tenant_uuid, sizeof n.tenant_uuid, "%s", tenant);
    snprintf(n.name, sizeof n.name, "%s", name);
    assert_ok(vnet_db_network_create(db, &n, &out, &err), err);
    return out;
}

static struct vnet_port
port_init(const char *network)
{
    struct vnet_port p;

    memset(&p, 0, sizeof p);
    snprintf(p.network_uuid, sizeof p.network_uuid, "%s", network);
    return p;
}

static struct vnet_port
mk_port(struct vnet_db *db, const struct vnet_port *p)
{
    struct vnet_port out;
    struct vnet_error err;

    assert_ok(vnet_db_port_create(db, p, &out, &err), err);
    return out;
}

/* ---- Helpers ---- */

static void
test_helpers(void **state KUMO_UNUSED)
{
    char a[VNET_UUID_SIZE], b[VNET_UUID_SIZE], c[VNET_UUID_SIZE];
    char ip[VNET_IP_SIZE], text[18];
    struct eth_addr mac;
    enum vnet_binding_kind kind;
    enum vnet_attach_type at;
    enum vnet_encap encap;
    enum vnet_unknown_mac um;

    vnet_uuid_generate(a);
    vnet_uuid_generate(b);
    assert_int_equal(strlen(a), 36);
    assert_string_not_equal(a, b);
    assert_int_equal(a[14], '4');
    assert_true(strchr("89ab", a[19]) != NULL);
    assert_true(vnet_uuid_normalize(a, c));
    assert_string_equal(a, c);
    assert_true(vnet_uuid_normalize("0AB1C2D3-E4F5-4A6B-8C7D-8E9F00112233",
                                    c));
    assert_string_equal(c, "0ab1c2d3-e4f5-4a6b-8c7d-8e9f00112233");
    assert_false(vnet_uuid_normalize("0ab1c2d3-e4f5-4a6b-8c7d-8e9f0011223",
                                     c));
    assert_false(vnet_uuid_normalize("0ab1c2d3xe4f5-4a6b-8c7d-8e9f001122",
                                     c));
    assert_false(vnet_uuid_normalize("0ab1c2d3-e4f5-4a6b-8c7d-8e9f0011223g",
                                     c));

    assert_true(vnet_mac_parse("02:AA:bb:0c:0D:ff", &mac));
    vnet_mac_format(&mac, text);
    assert_string_equal(text, "02:aa:bb:0c:0d:ff");
    assert_true(vnet_mac_parse("02-aa-bb-0c-0d-ff", &mac));
    assert_false(vnet_mac_parse("02:aa-bb:0c:0d:ff", &mac));
    assert_false(vnet_mac_parse("02:aa:bb:0c:0d", &mac));
    assert_false(vnet_mac_parse("02:aa:bb:0c:0d:fg", &mac));

    assert_true(vnet_ip_normalize("192.0.2.1", ip));
    assert_string_equal(ip, "192.0.2.1");
    assert_true(vnet_ip_normalize("2001:DB8:0:0::1", ip));
    assert_string_equal(ip, "2001:db8::1");
    assert_false(vnet_ip_normalize("192.0.2.256", ip));
    assert_false(vnet_ip_normalize("", ip));

    assert_true(vnet_binding_kind_from_string("port-vlan", &kind));
    assert_int_equal(kind, VNET_BIND_PORT_VLAN);
    assert_string_equal(vnet_binding_kind_to_string(VNET_BIND_IFACE_ID),
                        "iface-id");
    assert_false(vnet_binding_kind_from_string("vlan", &kind));
    assert_true(vnet_attach_type_from_string("VifAttachment", &at));
    assert_int_equal(at, VNET_ATTACH_VIF);
    assert_string_equal(vnet_attach_type_to_string(VNET_ATTACH_NONE),
                        "NoAttachment");
    assert_true(vnet_encap_from_string("geneve", &encap));
    assert_int_equal(encap, VNET_ENCAP_GENEVE);
    assert_false(vnet_encap_from_string("stt", &encap));
    assert_true(vnet_unknown_mac_from_string("quarantine", &um));
    assert_int_equal(um, VNET_UNKNOWN_MAC_QUARANTINE);
}

static void
test_index(void **state KUMO_UNUSED)
{
    struct vnet_index idx;
    const struct vnet_index_entry *e;
    int values[300];
    char key[16];
    size_t i, n;

    vnet_index_init(&idx);
    assert_null(vnet_index_find(&idx, "x"));
    assert_false(vnet_index_remove(&idx, "x", &values[0]));
    for (i = 0; i < ARRAY_SIZE(values); i++) {
        snprintf(key, sizeof key, "k%zu", i % 100);
        vnet_index_insert(&idx, key, &values[i]);
    }
    /* Each key holds 3 values, through resizes. */
    for (i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "k%zu", i);
        n = 0;
        for (e = vnet_index_first(&idx, key); e; e = vnet_index_next(e, key)) {
            int *v = e->value;

            assert_int_equal((size_t) (v - values) % 100, i);
            n++;
        }
        assert_int_equal(n, 3);
    }
    assert_true(vnet_index_remove(&idx, "k5", &values[105]));
    assert_false(vnet_index_remove(&idx, "k5", &values[105]));
    assert_false(vnet_index_remove(&idx, "k6", &values[105]));
    n = 0;
    for (e = vnet_index_first(&idx, "k5"); e; e = vnet_index_next(e, "k5")) {
        assert_ptr_not_equal(e->value, &values[105]);
        n++;
    }
    assert_int_equal(n, 2);
    assert_int_equal(idx.n, ARRAY_SIZE(values) - 1);
    assert_null(vnet_index_first(&idx, "k100"));
    vnet_index_destroy(&idx);
    assert_int_equal(idx.n, 0);
    vnet_index_destroy(&idx);
}

/* ---- Tenants ---- */

static void
test_tenant_crud(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant t, out, got;
    struct vnet_error err;

    memset(&t, 0, sizeof t);
    assert_err(vnet_db_tenant_create(f->db, &t, &out, &err), err, 400,
               "name");
    strcpy(t.name, "bad\tname");
    assert_err(vnet_db_tenant_create(f->db, &t, &out, &err), err, 400,
               "name");
    strcpy(t.name, "bad\xc3(utf8");
    assert_err(vnet_db_tenant_create(f->db, &t, &out, &err), err, 400,
               "name");
    memset(t.name, 'x', sizeof t.name);
    assert_err(vnet_db_tenant_create(f->db, &t, &out, &err), err, 400,
               "name");
    strcpy(t.name, "acme \xc3\xa9t\xc3\xa9");   /* UTF-8 is fine. */
    strcpy(t.description, "line\nbreak");
    assert_err(vnet_db_tenant_create(f->db, &t, &out, &err), err, 400,
               "description");
    strcpy(t.description, "Acme Corp.");
    strcpy(t.uuid, "not-a-uuid");
    assert_err(vnet_db_tenant_create(f->db, &t, &out, &err), err, 400,
               "uuid");
    t.uuid[0] = '\0';
    assert_ok(vnet_db_tenant_create(f->db, &t, &out, &err), err);
    assert_int_equal(err.status, 0);
    assert_true(vnet_uuid_normalize(out.uuid, got.uuid));
    assert_string_equal(out.name, t.name);

    /* Duplicate name. */
    assert_err(vnet_db_tenant_create(f->db, &t, NULL, &err), err, 409,
               "name");

    /* Caller-chosen uuid (SSP's tenant_uuid), any case, stored lowercase. */
    memset(&t, 0, sizeof t);
    strcpy(t.uuid, "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE");
    strcpy(t.name, "second");
    assert_ok(vnet_db_tenant_create(f->db, &t, &got, &err), err);
    assert_string_equal(got.uuid, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
    strcpy(t.name, "third");
    assert_err(vnet_db_tenant_create(f->db, &t, NULL, &err), err, 409,
               "uuid");

    /* Get. */
    assert_ok(vnet_db_tenant_get(f->db, "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE",
                                 &got, &err), err);
    assert_string_equal(got.name, "second");
    assert_err(vnet_db_tenant_get(f->db, "nope", &got, &err), err, 400,
               "uuid");
    assert_err(vnet_db_tenant_get(f->db,
                                  "00000000-0000-4000-8000-000000000000",
                                  &got, &err), err, 404, "uuid");

    /* Update: rename; renaming onto another's name is 409; self is fine. */
    got = out;
    strcpy(got.name, "second");
    assert_err(vnet_db_tenant_update(f->db, &got, NULL, &err), err, 409,
               "name");
    strcpy(got.name, out.name);
    strcpy(got.description, "new");
    assert_ok(vnet_db_tenant_update(f->db, &got, NULL, &err), err);
    strcpy(got.name, "renamed");
    assert_ok(vnet_db_tenant_update(f->db, &got, &t, &err), err);
    assert_string_equal(t.name, "renamed");
    assert_string_equal(t.description, "new");
    strcpy(got.uuid, "00000000-0000-4000-8000-000000000000");
    assert_err(vnet_db_tenant_update(f->db, &got, NULL, &err), err, 404,
               "uuid");

    /* Delete. */
    assert_ok(vnet_db_tenant_delete(f->db, out.uuid, false, &err), err);
    assert_err(vnet_db_tenant_get(f->db, out.uuid, &got, &err), err, 404,
               "uuid");
    assert_err(vnet_db_tenant_delete(f->db, out.uuid, false, &err), err, 404,
               "uuid");

    reopen(f);
    assert_err(vnet_db_tenant_get(f->db, out.uuid, &got, &err), err, 404,
               "uuid");
    assert_ok(vnet_db_tenant_get(f->db,
                                 "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
                                 &got, &err), err);
    assert_string_equal(got.name, "second");
}

/* ---- Networks ---- */

static void
test_network_validation(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant a = mk_tenant(f->db, "a");
    struct vnet_tenant b = mk_tenant(f->db, "b");
    struct vnet_network n, out, n1, n2;
    struct vnet_error err;

    memset(&n, 0, sizeof n);
    strcpy(n.name, "web");
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 400,
               "tenant_uuid");
    strcpy(n.tenant_uuid, "xyz");
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 400,
               "tenant_uuid");
    strcpy(n.tenant_uuid, "00000000-0000-4000-8000-000000000000");
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 404,
               "tenant_uuid");
    strcpy(n.tenant_uuid, a.uuid);
    n.name[0] = '\0';
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 400,
               "name");
    strcpy(n.name, "web");
    n.net_id = VNET_NETWORK_ID_MAX + 1;
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 400,
               "net_id");
    n.net_id = 0;
    n.has_vni = true;
    n.vni = 0;
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 400,
               "vni");
    n.vni = VNET_VNI_MAX + 1;
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 400,
               "vni");
    n.vni = 5000;
    strcpy(n.description, "\x7f");
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 400,
               "description");
    n.description[0] = '\0';

    /* Allocated ids 1, 2; the same name in another tenant is fine. */
    assert_ok(vnet_db_network_create(f->db, &n, &n1, &err), err);
    assert_int_equal(n1.net_id, 1);
    assert_true(n1.has_vni);
    assert_int_equal(n1.vni, 5000);
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 409,
               "name");
    strcpy(n.tenant_uuid, b.uuid);
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 409,
               "vni");
    n.has_vni = false;
    assert_ok(vnet_db_network_create(f->db, &n, &n2, &err), err);
    assert_int_equal(n2.net_id, 2);
    assert_false(n2.has_vni);
    strcpy(n.name, "db");
    n.net_id = 2;
    assert_err(vnet_db_network_create(f->db, &n, &out, &err), err, 409,
               "net_id");
    n.net_id = 77;
    assert_ok(vnet_db_network_create(f->db, &n, &out, &err), err);
    assert_int_equal(out.net_id, 77);
    n.net_id = 0;
    strcpy(n.name, "db2");
    assert_ok(vnet_db_network_create(f->db, &n, &out, &err), err);
    assert_int_equal(out.net_id, 78);

    /* Update: the tenant is fixed; net_id 0 keeps the id; conflicts. */
    out = n2;
    strcpy(out.tenant_uuid, a.uuid);
    assert_err(vnet_db_network_update(f->db, &out, NULL, &err), err, 400,
               "tenant_uuid");
    out.tenant_uuid[0] = '\0';
    out.net_id = 0;
    out.has_vni = true;
    out.vni = 5000;
    assert_err(vnet_db_network_update(f->db, &out, NULL, &err), err, 409,
               "vni");
    out.vni = 5001;
    strcpy(out.name, "db");
    assert_err(vnet_db_network_update(f->db, &out, NULL, &err), err, 409,
               "name");
    strcpy(out.name, "web2");
    assert_ok(vnet_db_network_update(f->db, &out, &n, &err), err);
    assert_int_equal(n.net_id, 2);
    assert_int_equal(n.vni, 5001);
    assert_string_equal(n.tenant_uuid, b.uuid);
    assert_err(vnet_db_network_get(f->db, a.uuid, &n, &err), err, 404,
               "uuid");

    reopen(f);
    assert_ok(vnet_db_network_get(f->db, n2.uuid, &out, &err), err);
    assert_memory_equal(&out, &n, sizeof out);
}

/* Network ids and the physical fabric: allocation keeps to 1..4094 while
 * it can; fabric bindings (switch-port, port-vlan, mac) and the
 * quarantine network need ids <= 4094, iface-id and SSP ports do not. */
static void
test_fabric_net_ids(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant t = mk_tenant(f->db, "t");
    struct vnet_network n, big, top, low, auto1, auto2;
    struct vnet_port p, vif, out;
    struct vnet_config cfg;
    struct vnet_error err;
    const enum vnet_binding_kind fabric_kinds[] = {
        VNET_BIND_SWITCH_PORT, VNET_BIND_PORT_VLAN, VNET_BIND_MAC,
    };
    size_t i;

    memset(&n, 0, sizeof n);
    strcpy(n.tenant_uuid, t.uuid);
    strcpy(n.name, "big");
    n.net_id = VNET_FABRIC_NET_ID_MAX + 1;
    assert_ok(vnet_db_network_create(f->db, &n, &big, &err), err);
    strcpy(n.name, "top");
    n.net_id = VNET_FABRIC_NET_ID_MAX;
    assert_ok(vnet_db_network_create(f->db, &n, &top, &err), err);
    /* Allocation: the lowest free fabric id, not one past the highest. */
    n.net_id = 0;
    strcpy(n.name, "auto1");
    assert_ok(vnet_db_network_create(f->db, &n, &auto1, &err), err);
    assert_int_equal(auto1.net_id, 1);
    strcpy(n.name, "auto2");
    assert_ok(vnet_db_network_create(f->db, &n, &auto2, &err), err);
    assert_int_equal(auto2.net_id, 2);
    low = auto1;

    /* Fabric bindings to the network above 4094: 409 on binding.kind,
     * with a message that says why (the transport VLAN). */
    for (i = 0; i < ARRAY_SIZE(fabric_kinds); i++) {
        p = port_init(big.uuid);
        p.binding.kind = fabric_kinds[i];
        p.binding.dpid = 1;
        p.binding.port_no = (uint32_t) (7 + i);
        p.binding.vlan = 10;
        vnet_mac_parse("02:00:00:00:0b:01", &p.binding.mac);
        assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 409,
                   "binding.kind");
        assert_true(strstr(err.message, "4094") != NULL);
        assert_true(strstr(err.message, "transport VLAN") != NULL);
        strcpy(p.network_uuid, low.uuid);
        mk_port(f->db, &p);
    }
    /* Hypervisor ports are fine: an iface-id port and an SSP attachment
     * (the network travels between br-ints as its VNI). */
    p = port_init(big.uuid);
    p.binding.kind = VNET_BIND_IFACE_ID;
    strcpy(p.binding.iface_id, "vm-big-0");
    mk_port(f->db, &p);
    p = port_init(big.uuid);
    strcpy(p.name, "ssp");
    vif = mk_port(f->db, &p);
    assert_ok(vnet_db_port_set_attachment(f->db, vif.uuid, VNET_ATTACH_VIF,
                                          "192.0.2.9", &vif, &err), err);
    assert_int_equal(vif.vlan_id, 1);
    /* ... but a hypervisor port may not turn into a fabric one (with its
     * attachment gone first, else that is the 409). */
    assert_ok(vnet_db_port_set_attachment(f->db, vif.uuid, VNET_ATTACH_NONE,
                                          NULL, &vif, &err), err);
    vif.binding.kind = VNET_BIND_SWITCH_PORT;
    vif.binding.dpid = 2;
    vif.binding.port_no = 3;
    assert_err(vnet_db_port_update(f->db, &vif, NULL, &err), err, 409,
               "binding.kind");
    assert_true(strstr(err.message, "transport VLAN") != NULL);

    /* A network with fabric bindings cannot move above 4094; one with
     * only hypervisor ports (iface-id, SSP) can, and back. */
    low.net_id = VNET_FABRIC_NET_ID_MAX + 100;
    assert_err(vnet_db_network_update(f->db, &low, NULL, &err), err, 409,
               "net_id");
    assert_true(strstr(err.message, "transport VLAN") != NULL);
    low.net_id = 4000;
    assert_ok(vnet_db_network_update(f->db, &low, &low, &err), err);
    assert_int_equal(low.net_id, 4000);
    big.net_id = 300;
    assert_ok(vnet_db_network_update(f->db, &big, &big, &err), err);
    big.net_id = VNET_FABRIC_NET_ID_MAX + 7;
    assert_ok(vnet_db_network_update(f->db, &big, &big, &err), err);
    /* Ids above VNET_NETWORK_ID_MAX would share flood groups: 400. */
    big.net_id = VNET_NETWORK_ID_MAX + 1;
    assert_err(vnet_db_network_update(f->db, &big, NULL, &err), err, 400,
               "net_id");
    big.net_id = VNET_NETWORK_ID_MAX;
    assert_ok(vnet_db_network_update(f->db, &big, &big, &err), err);

    /* The quarantine network: <= 4094 too, both ways. */
    memset(&cfg, 0, sizeof cfg);
    cfg.unknown_mac = VNET_UNKNOWN_MAC_QUARANTINE;
    strcpy(cfg.quarantine_network, big.uuid);
    assert_err(vnet_db_config_set(f->db, &cfg, &err), err, 409,
               "quarantine_network");
    strcpy(cfg.quarantine_network, auto2.uuid);
    assert_ok(vnet_db_config_set(f->db, &cfg, &err), err);
    auto2.net_id = VNET_FABRIC_NET_ID_MAX + 50;
    assert_err(vnet_db_network_update(f->db, &auto2, NULL, &err), err, 409,
               "net_id");

    /* Everything refused changed nothing. */
    reopen(f);
    assert_ok(vnet_db_network_get(f->db, auto2.uuid, &n, &err), err);
    assert_int_equal(n.net_id, 2);
    assert_ok(vnet_db_network_get(f->db, top.uuid, &n, &err), err);
    assert_int_equal(n.net_id, VNET_FABRIC_NET_ID_MAX);
    assert_ok(vnet_db_network_get(f->db, big.uuid, &n, &err), err);
    assert_int_equal(n.net_id, VNET_NETWORK_ID_MAX);
}

/* The VNI a network travels with between hypervisors (its vni, else its
 * net_id) is unique: a vni equal to another network's net_id (that one
 * without vni) is 409 "vni", a net_id equal to another's vni (this one
 * without vni) 409 "net_id", and allocation skips vnis. */
static void
test_effective_vni_unique(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant t = mk_tenant(f->db, "t");
    struct vnet_network n, a, b, c, d;
    struct vnet_error err;

    memset(&n, 0, sizeof n);
    strcpy(n.tenant_uuid, t.uuid);
    strcpy(n.name, "a");
    n.net_id = 5000;
    assert_ok(vnet_db_network_create(f->db, &n, &a, &err), err);
    /* vni 5000 would be network a's tun_id too. */
    strcpy(n.name, "b");
    n.net_id = 7;
    n.has_vni = true;
    n.vni = 5000;
    assert_err(vnet_db_network_create(f->db, &n, &b, &err), err, 409, "vni");
    assert_true(strstr(err.message, a.uuid) != NULL);
    n.vni = 2;
    assert_ok(vnet_db_network_create(f->db, &n, &b, &err), err);
    /* net_id 2 without vni: network b's VNI. */
    strcpy(n.name, "c");
    n.has_vni = false;
    n.vni = 0;
    n.net_id = 2;
    assert_err(vnet_db_network_create(f->db, &n, &c, &err), err, 409,
               "net_id");
    /* With a vni of its own, id 2 is fine (its VNI is 6000). */
    n.has_vni = true;
    n.vni = 6000;
    assert_ok(vnet_db_network_create(f->db, &n, &c, &err), err);
    /* ... but clearing that vni would make its VNI 2, b's: 409. */
    c.has_vni = false;
    assert_err(vnet_db_network_update(f->db, &c, NULL, &err), err, 409,
               "net_id");
    /* Allocation: one past the highest fabric id (7) is 8, then 9 (for
     * e, whose vni is 10); 10 is e's vni, so the lowest free next (1),
     * then 3 (2 is b's vni and c's id). */
    strcpy(n.name, "d");
    n.has_vni = false;
    n.vni = 0;
    n.net_id = 0;
    assert_ok(vnet_db_network_create(f->db, &n, &d, &err), err);
    assert_int_equal(d.net_id, 8);
    strcpy(n.name, "e");
    n.has_vni = true;
    n.vni = 10;
    assert_ok(vnet_db_network_create(f->db, &n, &d, &err), err);
    assert_int_equal(d.net_id, 9);
    strcpy(n.name, "f");
    n.has_vni = false;
    n.vni = 0;
    assert_ok(vnet_db_network_create(f->db, &n, &d, &err), err);
    assert_int_equal(d.net_id, 1);
    strcpy(n.name, "g");
    assert_ok(vnet_db_network_create(f->db, &n, &d, &err), err);
    assert_int_equal(d.net_id, 3);
}

/* ---- Ports ---- */

static void
test_port_validation(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant t = mk_tenant(f->db, "t");
    struct vnet_network net = mk_network(f->db, t.uuid, "n");
    struct vnet_network net2 = mk_network(f->db, t.uuid, "n2");
    struct vnet_port p, out;
    struct vnet_error err;

    p = port_init("");
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "network_uuid");
    p = port_init("00000000-0000-4000-8000-000000000000");
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 404,
               "network_uuid");
    p = port_init(net.uuid);
    strcpy(p.name, "a\x01");
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400, "name");
    p.name[0] = '\0';
    p.has_mac = true;
    vnet_mac_parse("01:00:5e:00:00:01", &p.mac);
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400, "mac");
    memset(&p.mac, 0, sizeof p.mac);
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400, "mac");
    vnet_mac_parse("02:00:00:00:00:01", &p.mac);
    p.n_ips = 1;
    strcpy(p.ips[0], "10.0.0.300");
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400, "ips");
    strcpy(p.ips[0], "10.0.0.1");
    strcpy(p.ips[1], "10.0.0.1");
    p.n_ips = 2;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400, "ips");
    p.n_ips = VNET_PORT_MAX_IPS + 1;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400, "ips");
    p.n_ips = 2;
    strcpy(p.ips[1], "FE80::0001");
    p.binding.kind = (enum vnet_binding_kind) 42;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.kind");
    p.binding.kind = VNET_BIND_SWITCH_PORT;
    p.binding.dpid = 1;
    p.binding.port_no = 0;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.port_no");
    p.binding.port_no = VNET_OFPP_MAX + 1;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.port_no");
    p.binding.kind = VNET_BIND_PORT_VLAN;
    p.binding.port_no = 3;
    p.binding.vlan = 0;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.vlan");
    p.binding.vlan = 4095;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.vlan");
    p.binding.kind = VNET_BIND_MAC;
    vnet_mac_parse("03:00:00:00:00:09", &p.binding.mac);
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.mac");
    vnet_mac_parse("02:00:00:00:00:09", &p.binding.mac);
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.mac");     /* Differs from the port's mac. */
    p.binding.kind = VNET_BIND_IFACE_ID;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "binding.iface_id");
    strcpy(p.binding.iface_id, "vm1-eth0");
    p.attachment_type = (enum vnet_attach_type) 7;
    assert_err(vnet_db_port_create(f->db, &p, &out, &err), err, 400,
               "attachment_type");
    p.attachment_type = VNET_ATTACH_NONE;
    strcpy(p.name, "vm1");
    assert_ok(vnet_db_port_create(f->db, &p, &out, &err), err);
    assert_string_equal(out.ips[1], "fe80::1");
    assert_string_equal(out.tenant_uuid, t.uuid);
    assert_int_equal(out.vlan_id, 0);

    /* Name, mac, ips: unique within the network only. */
    p.binding.kind = VNET_BIND_NONE;
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409, "name");
    p.name[0] = '\0';
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409, "mac");
    p.has_mac = false;
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409, "ips");
    strcpy(p.network_uuid, net2.uuid);
    p.has_mac = true;
    strcpy(p.name, "vm1");
    assert_ok(vnet_db_port_create(f->db, &p, NULL, &err), err);

    /* Update: no conflict with itself, cannot move network. */
    p = out;
    assert_ok(vnet_db_port_update(f->db, &p, NULL, &err), err);
    strcpy(p.network_uuid, net2.uuid);
    assert_err(vnet_db_port_update(f->db, &p, NULL, &err), err, 400,
               "network_uuid");
    p.network_uuid[0] = '\0';
    p.n_ips = 0;
    p.binding.kind = VNET_BIND_SWITCH_PORT;
    p.binding.dpid = 0xfedcba9876543210ull;
    p.binding.port_no = VNET_OFPP_MAX;
    assert_ok(vnet_db_port_update(f->db, &p, &out, &err), err);
    assert_int_equal(out.n_ips, 0);
    assert_string_equal(out.binding.iface_id, "");  /* Canonical. */
    assert_string_equal(out.network_uuid, net.uuid);
    strcpy(p.uuid, "00000000-0000-4000-8000-000000000000");
    assert_err(vnet_db_port_update(f->db, &p, NULL, &err), err, 404, "uuid");

    reopen(f);
    assert_ok(vnet_db_port_get(f->db, out.uuid, &p, &err), err);
    assert_memory_equal(&p, &out, sizeof p);
    assert_err(vnet_db_port_delete(f->db, "bogus", &err), err, 400, "uuid");
    assert_ok(vnet_db_port_delete(f->db, out.uuid, &err), err);
    assert_err(vnet_db_port_get(f->db, out.uuid, &p, &err), err, 404,
               "uuid");
}

static void
test_binding_overlaps(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant ta = mk_tenant(f->db, "a");
    struct vnet_tenant tb = mk_tenant(f->db, "b");
    struct vnet_network na = mk_network(f->db, ta.uuid, "n");
    struct vnet_network nb = mk_network(f->db, tb.uuid, "n");
    struct vnet_port p, whole, v10, m, moved;
    struct vnet_error err;

    /* Whole switch port, then again (any tenant): 409. */
    p = port_init(na.uuid);
    p.binding.kind = VNET_BIND_SWITCH_PORT;
    p.binding.dpid = 1;
    p.binding.port_no = 1;
    whole = mk_port(f->db, &p);
    strcpy(p.network_uuid, nb.uuid);
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409,
               "binding");
    assert_non_null(strstr(err.message, whole.uuid));
    /* A VLAN on a port bound whole: 409. */
    p.binding.kind = VNET_BIND_PORT_VLAN;
    p.binding.vlan = 10;
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409,
               "binding");
    /* Other switch, same port number: fine. */
    p.binding.dpid = 2;
    v10 = mk_port(f->db, &p);
    /* Same switch port + VLAN twice: 409; another VLAN: fine. */
    strcpy(p.network_uuid, na.uuid);
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409,
               "binding");
    p.binding.vlan = 20;
    mk_port(f->db, &p);
    /* The switch port split by VLAN cannot be bound whole. */
    p.binding.kind = VNET_BIND_SWITCH_PORT;
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409,
               "binding");
    assert_non_null(strstr(err.message, "split by VLAN"));
    assert_ok(vnet_db_port_get(f->db, v10.uuid, &m, &err), err);

    /* MAC bindings are fabric-wide: the same MAC in another tenant is 409;
     * a port address equal to it is not a binding and is fine. */
    p = port_init(na.uuid);
    p.binding.kind = VNET_BIND_MAC;
    vnet_mac_parse("02:00:00:00:00:aa", &p.binding.mac);
    m = mk_port(f->db, &p);
    strcpy(p.network_uuid, nb.uuid);
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409,
               "binding");
    p.binding.kind = VNET_BIND_NONE;
    p.has_mac = true;
    p.mac = m.binding.mac;
    mk_port(f->db, &p);

    /* iface-id bindings are unique too. */
    p = port_init(na.uuid);
    p.binding.kind = VNET_BIND_IFACE_ID;
    strcpy(p.binding.iface_id, "e5b2c0de");
    mk_port(f->db, &p);
    strcpy(p.network_uuid, nb.uuid);
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409,
               "binding");

    /* An update onto a taken binding is 409 and changes nothing. */
    moved = whole;
    moved.binding.kind = VNET_BIND_PORT_VLAN;
    moved.binding.dpid = 2;
    moved.binding.port_no = 1;
    moved.binding.vlan = 20;
    assert_err(vnet_db_port_update(f->db, &moved, NULL, &err), err, 409,
               "binding");
    assert_ok(vnet_db_port_get(f->db, whole.uuid, &p, &err), err);
    assert_memory_equal(&p, &whole, sizeof p);
    /* An update that moves a binding frees the old key and takes the new
     * one: (1, 1) whole -> (3, 3) VLAN 7. */
    moved.binding.dpid = 3;
    moved.binding.port_no = 3;
    moved.binding.vlan = 7;
    assert_ok(vnet_db_port_update(f->db, &moved, NULL, &err), err);
    p = port_init(nb.uuid);
    p.binding.kind = VNET_BIND_SWITCH_PORT;
    p.binding.dpid = 3;
    p.binding.port_no = 3;
    assert_err(vnet_db_port_create(f->db, &p, NULL, &err), err, 409,
               "binding");
    p.binding.dpid = 1;
    p.binding.port_no = 1;
    whole = mk_port(f->db, &p);
    /* Freed by delete: the whole port can now be split by VLAN. */
    assert_ok(vnet_db_port_delete(f->db, whole.uuid, &err), err);
    p = port_init(nb.uuid);
    p.binding.kind = VNET_BIND_PORT_VLAN;
    p.binding.dpid = 1;
    p.binding.port_no = 1;
    p.binding.vlan = 10;
    mk_port(f->db, &p);
}

/* ---- Deletes, cascade, quarantine config ---- */

static void
test_delete_rules(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant t = mk_tenant(f->db, "t");
    struct vnet_tenant t2 = mk_tenant(f->db, "t2");
    struct vnet_network n1 = mk_network(f->db, t.uuid, "n1");
    struct vnet_network n2 = mk_network(f->db, t.uuid, "n2");
    struct vnet_network q = mk_network(f->db, t2.uuid, "quarantine");
    struct vnet_port p = port_init(n1.uuid), p1, p2;
    struct vnet_config cfg;
    struct vnet_error err;
    struct vnet_network *nets;
    size_t n, total;

    p1 = mk_port(f->db, &p);
    p2 = mk_port(f->db, &p);
    strcpy(p.network_uuid, n2.uuid);
    mk_port(f->db, &p);

    assert_err(vnet_db_tenant_delete(f->db, t.uuid, false, &err), err, 409,
               "uuid");
    assert_err(vnet_db_network_delete(f->db, n1.uuid, false, &err), err, 409,
               "uuid");
    assert_ok(vnet_db_port_delete(f->db, p1.uuid, &err), err);
    assert_ok(vnet_db_network_delete(f->db, n1.uuid, true, &err), err);
    assert_err(vnet_db_port_get(f->db, p2.uuid, &p, &err), err, 404, "uuid");

    /* Quarantine config. */
    vnet_db_config_get(f->db, &cfg);
    assert_int_equal(cfg.unknown_mac, VNET_UNKNOWN_MAC_DROP);
    cfg.unknown_mac = VNET_UNKNOWN_MAC_QUARANTINE;
    assert_err(vnet_db_config_set(f->db, &cfg, &err), err, 400,
               "quarantine_network");
    strcpy(cfg.quarantine_network, "x");
    assert_err(vnet_db_config_set(f->db, &cfg, &err), err, 400,
               "quarantine_network");
    strcpy(cfg.quarantine_network, n1.uuid);
    assert_err(vnet_db_config_set(f->db, &cfg, &err), err, 404,
               "quarantine_network");
    cfg.unknown_mac = (enum vnet_unknown_mac) 9;
    assert_err(vnet_db_config_set(f->db, &cfg, &err), err, 400,
               "unknown_mac");
    cfg.unknown_mac = VNET_UNKNOWN_MAC_QUARANTINE;
    strcpy(cfg.quarantine_network, q.uuid);
    assert_ok(vnet_db_config_set(f->db, &cfg, &err), err);
    assert_err(vnet_db_network_delete(f->db, q.uuid, true, &err), err, 409,
               "uuid");
    assert_err(vnet_db_tenant_delete(f->db, t2.uuid, true, &err), err, 409,
               "uuid");
    reopen(f);
    vnet_db_config_get(f->db, &cfg);
    assert_int_equal(cfg.unknown_mac, VNET_UNKNOWN_MAC_QUARANTINE);
    assert_string_equal(cfg.quarantine_network, q.uuid);
    cfg.unknown_mac = VNET_UNKNOWN_MAC_DROP;
    assert_ok(vnet_db_config_set(f->db, &cfg, &err), err);
    vnet_db_config_get(f->db, &cfg);
    assert_string_equal(cfg.quarantine_network, "");

    /* Cascade tenant delete takes networks and ports in one go, bindings
     * included. */
    p = port_init(n2.uuid);
    p.binding.kind = VNET_BIND_IFACE_ID;
    strcpy(p.binding.iface_id, "vif9");
    mk_port(f->db, &p);
    assert_ok(vnet_db_tenant_delete(f->db, t.uuid, true, &err), err);
    strcpy(p.network_uuid, q.uuid);
    mk_port(f->db, &p);
    assert_ok(vnet_db_tenant_delete(f->db, t2.uuid, true, &err), err);
    assert_ok(vnet_db_network_list(f->db, NULL, 0, SIZE_MAX, &nets, &n,
                                   &total, &err), err);
    assert_int_equal(total, 0);
    assert_null(nets);
    reopen(f);
    {
        const struct vnet_snapshot *s = vnet_db_snapshot(f->db);

        assert_int_equal(s->n_tenants + s->n_networks + s->n_ports, 0);
        vnet_snapshot_destroy(s);
    }
}

/* ---- Pagination ---- */

static void
test_pagination(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant *ts;
    struct vnet_network *ns;
    struct vnet_port *ps;
    struct vnet_tenant a, b;
    struct vnet_network na, nb;
    struct vnet_port p;
    struct vnet_error err;
    size_t n, total, i;
    char name[32];

    for (i = 0; i < 25; i++) {
        snprintf(name, sizeof name, "t%02zu", i);
        mk_tenant(f->db, name);
    }
    assert_ok(vnet_db_tenant_list(f->db, 0, 10, &ts, &n, &total, &err), err);
    assert_int_equal(n, 10);
    assert_int_equal(total, 25);
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof name, "t%02zu", i);
        assert_string_equal(ts[i].name, name);
    }
    free(ts);
    assert_ok(vnet_db_tenant_list(f->db, 20, 10, &ts, &n, &total, &err), err);
    assert_int_equal(n, 5);
    assert_string_equal(ts[0].name, "t20");
    assert_string_equal(ts[4].name, "t24");
    free(ts);
    assert_ok(vnet_db_tenant_list(f->db, 30, 10, &ts, &n, &total, &err), err);
    assert_int_equal(n, 0);
    assert_null(ts);
    assert_int_equal(total, 25);
    assert_ok(vnet_db_tenant_list(f->db, 0, 0, &ts, &n, &total, &err), err);
    assert_int_equal(n, 0);
    assert_int_equal(total, 25);
    assert_ok(vnet_db_tenant_list(f->db, 3, SIZE_MAX, &ts, &n, &total, &err),
              err);
    assert_int_equal(n, 22);
    assert_string_equal(ts[0].name, "t03");
    free(ts);

    /* Filters. */
    assert_ok(vnet_db_tenant_list(f->db, 0, 2, &ts, &n, &total, &err), err);
    a = ts[0];
    b = ts[1];
    free(ts);
    for (i = 0; i < 7; i++) {
        snprintf(name, sizeof name, "n%zu", i);
        na = mk_network(f->db, (i % 2) ? b.uuid : a.uuid, name);
    }
    nb = na;                    /* n6, tenant a. */
    assert_ok(vnet_db_network_list(f->db, b.uuid, 1, 2, &ns, &n, &total,
                                   &err), err);
    assert_int_equal(total, 3);
    assert_int_equal(n, 2);
    assert_string_equal(ns[0].name, "n3");
    assert_string_equal(ns[1].name, "n5");
    free(ns);
    assert_ok(vnet_db_network_list(f->db, "", 0, SIZE_MAX, &ns, &n, &total,
                                   &err), err);
    assert_int_equal(total, 7);
    free(ns);
    assert_err(vnet_db_network_list(f->db, "0000", 0, 5, &ns, &n, &total,
                                    &err), err, 400, "tenant_uuid");
    assert_err(vnet_db_network_list(f->db,
                                    "00000000-0000-4000-8000-000000000000",
                                    0, 5, &ns, &n, &total, &err), err, 404,
               "tenant_uuid");
    assert_null(ns);
    assert_int_equal(total, 0);

    assert_ok(vnet_db_port_list(f->db, nb.uuid, 0, 5, &ps, &n, &total, &err),
              err);
    assert_int_equal(total, 0);
    assert_null(ps);
    for (i = 0; i < 4; i++) {
        p = port_init(nb.uuid);
        snprintf(p.name, sizeof p.name, "p%zu", i);
        mk_port(f->db, &p);
    }
    assert_ok(vnet_db_port_list(f->db, nb.uuid, 2, 5, &ps, &n, &total, &err),
              err);
    assert_int_equal(total, 4);
    assert_int_equal(n, 2);
    assert_string_equal(ps[0].name, "p2");
    free(ps);
    assert_err(vnet_db_port_list(f->db,
                                 "00000000-0000-4000-8000-000000000000", 0,
                                 5, &ps, &n, &total, &err), err, 404,
               "network_uuid");

    /* Creation order survives a reopen, also after deletes. */
    assert_err(vnet_db_tenant_delete(f->db, "", false, &err), err, 400,
               "uuid");
    assert_err(vnet_db_tenant_delete(f->db, a.uuid, false, &err), err, 409,
               "uuid");
    reopen(f);
    assert_ok(vnet_db_tenant_list(f->db, 0, SIZE_MAX, &ts, &n, &total, &err),
              err);
    assert_int_equal(n, 25);
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof name, "t%02zu", i);
        assert_string_equal(ts[i].name, name);
    }
    free(ts);
}

/* ---- SSP attachment ---- */

static void
test_ssp_vlan_allocation(void **state)
{
    struct fixture *f = *state;
    struct vnet_tenant t = mk_tenant(f->db, "t");
    struct vnet_network net = mk_network(f->db, t.uuid, "n");
    struct vnet_port p = port_init(net.uuid), ports[5], out;
    struct vnet_error err;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(ports); i++) {
        ports[i] = mk_port(f->db, &p);
        assert_int_equal(ports[i].attachment_type, VNET_ATTACH_NONE);
    }
    /* Hypervisor A gets 1, 2, 3; hypervisor B starts again at 1. */
    for (i = 0; i < 3; i++) {
        assert_ok(vnet_db_port_set_attachment(f->db, ports[i].uuid,
                                              VNET_ATTACH_VIF, "192.0.2.10",
                                              &out, &err), err);
        assert_int_equal(out.vlan_id, i + 1);
        assert_string_equal(out.attachment_ip, "192.0.2.10");
        assert_int_equal(out.attachment_type, VNET_ATTACH_VIF);
    }
    assert_ok(vnet_db_port_set_attachment(f->db, ports[3].uuid,
                                          VNET_ATTACH_VIF, "192.0.2.11",
                                          &out, &err), err);
    assert_int_equal(out.vlan_id, 1);
    /* Re-attaching to the same hypervisor keeps the VLAN. */
    assert_ok(vnet_db_port_set_attachment(f->db, ports[1].uuid,
                                          VNET_ATTACH_VIF, "192.0.2.10",
                                          &out, &err), err);
    assert_int_equal(out.vlan_id, 2);
    /* Detach frees it; the next port attached on A reuses 2. */
    assert_ok(vnet_db_port_set_attachment(f->db, ports[1].uuid,
                                          VNET_ATTACH_NONE, NULL, &out,
                                          &err), err);
    assert_int_equal(out.vlan_id, 0);
    assert_string_equal(out.attachment_ip, "");
    assert_ok(vnet_db_port_set_attachment(f->db, ports[4].uuid,
                                          VNET_ATTACH_VIF, "192.0.2.10",
                                          &out, &err), err);
    assert_int_equal(out.vlan_id, 2);
    /* Moving to B allocates on B (1 taken there: 2). */
    assert_ok(vnet_db_port_set_attachment(f->db, ports[0].uuid,
                                          VNET_ATTACH_VIF, "192.0.2.11",
                                          &out, &err), err);
    assert_int_equal(out.vlan_id, 2);
    /* Delete frees: port 2 (A, vlan 3) goes; port 1 reattached gets 1. */
    assert_ok(vnet_db_port_delete(f->db, ports[2].uuid, &err), err);
    assert_ok(vnet_db_port_set_attachment(f->db, ports[1].uuid,
                                          VNET_ATTACH_VIF, "192.0.2.10",
                                          &out, &err), err);
    assert_int_equal(out.vlan_id, 1);

    /* Errors. */
    assert_err(vnet_db_port_set_attachment(f->db, ports[1].uuid,
                                           VNET_ATTACH_VIF, NULL, &out,
                                           &err), err, 400, "attachment_ip");
    assert_err(vnet_db_port_set_attachment(f->db, ports[1].uuid,
                                           VNET_ATTACH_VIF, "hv1", &out,
                                           &err), err, 400, "attachment_ip");
    assert_err(vnet_db_port_set_attachment(f->db, "x", VNET_ATTACH_VIF,
                                           "192.0.2.10", &out, &err), err,
               400, "uuid");
    p = port_init(net.uuid);
    p.binding.kind = VNET_BIND_IFACE_ID;
    strcpy(p.binding.iface_id, "if1");
    out = mk_port(f->db, &p);
    assert_err(vnet_db_port_set_attachment(f->db, out.uuid, VNET_ATTACH_VIF,
                                           "192.0.2.10", NULL, &err), err,
               409, "attachment_type");
    /* Through update: a bound VIF port is refused the other way too. */
    assert_ok(vnet_db_port_get(f->db, ports[1].uuid, &p, &err), err);
    p.binding.kind = VNET_BIND_SWITCH_PORT;
    p.binding.dpid = 5;
    p.binding.port_no = 5;
    assert_err(vnet_db_port_update(f->db, &p, NULL, &err), err, 409,
               "attachment_type");

    /* Survives reopen. */
    reopen(f);
    assert_ok(vnet_db_port_get(f->db, ports[1].uuid, &out, &err), err);
    assert_int_equal(out.vlan_id, 1);
    assert_int_equal(out.attachment_type, VNET_ATTACH_VIF);
    assert_ok(vnet_db_port_get(f->db, ports[4].uuid, &out, &err), err);
    assert_int_equal(out.vlan_id, 2);
    assert_ok(vnet_db_port_get(f->db, ports[0].uuid, &out, &err), err);
    assert_int_equal(out.vlan_id, 2);
    assert_string_equal(out.attachment_ip, "192.0.2.11");
}

/* All 4094 VLANs of one hypervisor, then 409 (in memory: no fsyncs). */
static void
test_ssp_vlan_exhaustion(void **state KUMO_UNUSED)
{
    struct vnet_error err;
    struct vnet_db *db = vnet_db_open(":memory:", &err);
    struct vnet_tenant t;
    struct vnet_network net;
    struct vnet_port p, out;
    int i;

    assert_non_null(db);
    t = mk_tenant(db, "t");
    net = mk_network(db, t.uuid, "n");
    p = port_init(net.uuid);
    p.attachment_type = VNET_ATTACH_VIF;
    strcpy(p.attachment_ip, "2001:db8::1");
    for (i = 1; i <= VNET_VLAN_MAX; i++) {
        assert_ok(vnet_db_port_create(db, &p, &out, &err), err);
        assert_int_equal(out.vlan_id, i);
    }
    assert_err(vnet_db_port_create(db, &p, &out, &err), err, 409, "vlan_id");
    strcpy(p.attachment_ip, "2001:db8::2");
    assert_ok(vnet_db_port_create(db, &p, &out, &err), err);
    assert_int_equal(out.vlan_id, 1);
    vnet_db_close(db);
}

/* ---- Chassis ---- */

static void
test_chassis(void **state)
{
    struct fixture *f = *state;
    struct vnet_chassis c, out, got;
    struct vnet_chassis *cs;
    struct vnet_error err;
    size_t n, total;
    static const char *const bad_addrs[] = {
        "", "tcp:", "tcp:1.2.3.4", "tcp:1.2.3.4:0", "tcp:1.2.3.4:65536",
        "tcp:host:6640", "udp:1.2.3.4:6640", "ssl:[::1]6640", "unix:",
        "tcp:1.2.3.4:66x", "tcp:[1.2.3.4]:6640",
    };
    size_t i;

    memset(&c, 0, sizeof c);
    strcpy(c.ovsdb_addr, "tcp:198.18.0.1:6640");
    strcpy(c.tunnel_ip, "198.18.1.1");
    c.encaps = VNET_ENCAP_VXLAN;
    assert_err(vnet_db_chassis_create(f->db, &c, &out, &err), err, 400,
               "name");
    strcpy(c.name, "hv1");
    for (i = 0; i < ARRAY_SIZE(bad_addrs); i++) {
        strcpy(c.ovsdb_addr, bad_addrs[i]);
        assert_err(vnet_db_chassis_create(f->db, &c, &out, &err), err, 400,
                   "ovsdb_addr");
    }
    strcpy(c.ovsdb_addr, "ssl:[2001:db8::1]:6640");
    strcpy(c.tunnel_ip, "198.18.1");
    assert_err(vnet_db_chassis_create(f->db, &c, &out, &err), err, 400,
               "tunnel_ip");
    strcpy(c.tunnel_ip, "198.18.1.1");
    c.encaps = 0;
    assert_err(vnet_db_chassis_create(f->db, &c, &out, &err), err, 400,
               "encaps");
    c.encaps = 8;
    assert_err(vnet_db_chassis_create(f->db, &c, &out, &err), err, 400,
               "encaps");
    c.encaps = VNET_ENCAP_VXLAN | VNET_ENCAP_GRE;
    strcpy(c.datapath_type, "dpdk");
    assert_err(vnet_db_chassis_create(f->db, &c, &out, &err), err, 400,
               "datapath_type");
    strcpy(c.datapath_type, "netdev");
    assert_ok(vnet_db_chassis_create(f->db, &c, &out, &err), err);

    strcpy(c.ovsdb_addr, "unix:/run/openvswitch/db.sock");
    assert_err(vnet_db_chassis_create(f->db, &c, NULL, &err), err, 409,
               "name");
    strcpy(c.name, "hv2");
    assert_err(vnet_db_chassis_create(f->db, &c, NULL, &err), err, 409,
               "tunnel_ip");
    strcpy(c.tunnel_ip, "198.18.1.2");
    strcpy(c.ovsdb_addr, "ssl:[2001:db8::1]:6640");
    assert_err(vnet_db_chassis_create(f->db, &c, NULL, &err), err, 409,
               "ovsdb_addr");
    strcpy(c.ovsdb_addr, "tcp:198.18.0.2:6640");
    c.datapath_type[0] = '\0';
    assert_ok(vnet_db_chassis_create(f->db, &c, NULL, &err), err);

    got = out;
    got.encaps = VNET_ENCAP_ALL;
    strcpy(got.tunnel_ip, "198.18.1.2");
    assert_err(vnet_db_chassis_update(f->db, &got, NULL, &err), err, 409,
               "tunnel_ip");
    strcpy(got.tunnel_ip, "198.18.1.9");
    assert_ok(vnet_db_chassis_update(f->db, &got, &out, &err), err);
    reopen(f);
    assert_ok(vnet_db_chassis_list(f->db, 0, SIZE_MAX, &cs, &n, &total,
                                   &err), err);
    assert_int_equal(n, 2);
    assert_memory_equal(&cs[0], &out, sizeof out);
    assert_string_equal(cs[1].name, "hv2");
    free(cs);
    assert_ok(vnet_db_chassis_delete(f->db, out.uuid, &err), err);
    assert_err(vnet_db_chassis_get(f->db, out.uuid, &got, &err), err, 404,
               "uuid");
}

/* ---- Change counter, snapshots, notify ---- */

static void
count_notify(void *aux)
{
    (*(int *) aux)++;
}

static void
test_snapshot_and_seq(void **state)
{
    struct fixture *f = *state;
    const struct vnet_snapshot *s1, *s2, *s3;
    struct vnet_tenant t, dup;
    struct vnet_error err;
    int notified = 0;
    uint64_t seq0;

    vnet_db_set_notify(f->db, count_notify, &notified);
    seq0 = vnet_db_seq(f->db);
    s1 = vnet_db_snapshot(f->db);
    t = mk_tenant(f->db, "x");
    assert_int_equal(vnet_db_seq(f->db), seq0 + 1);
    assert_int_equal(notified, 1);
    dup = t;
    dup.uuid[0] = '\0';
    assert_int_equal(vnet_db_tenant_create(f->db, &dup, NULL, &err), 409);
    assert_int_equal(vnet_db_seq(f->db), seq0 + 1);    /* Failed: no bump. */
    assert_int_equal(notified, 1);

    s2 = vnet_db_snapshot(f->db);
    s3 = vnet_db_snapshot(f->db);
    assert_ptr_equal(s2, s3);               /* Unchanged: shared. */
    assert_int_equal(s1->n_tenants, 0);     /* Old copy unchanged. */
    assert_int_equal(s2->n_tenants, 1);
    assert_int_equal(s2->seq, seq0 + 1);
    assert_non_null(vnet_snapshot_find_tenant(s2, t.uuid));
    assert_null(vnet_snapshot_find_network(s2, t.uuid));

    mk_network(f->db, t.uuid, "n");
    assert_int_equal(s2->n_networks, 0);
    vnet_snapshot_destroy(s1);
    vnet_snapshot_destroy(s2);
    s1 = vnet_db_snapshot(f->db);
    assert_ptr_not_equal(s1, s3);
    assert_int_equal(s1->n_networks, 1);
    assert_non_null(vnet_snapshot_find_network(s1, s1->networks[0].uuid));
    /* A snapshot outlives its db. */
    vnet_db_set_notify(f->db, NULL, NULL);
    reopen(f);
    assert_int_equal(vnet_db_seq(f->db), 0);
    assert_string_equal(s1->tenants[0].name, "x");
    vnet_snapshot_destroy(s1);
    vnet_snapshot_destroy(s3);
    vnet_snapshot_destroy(NULL);
}

/* ---- Threads ---- */

struct thread_arg {
    struct vnet_db *db;
    const char *network;
    int n;
    uint16_t vlans[64];
};

static void *
attach_thread(void *arg_)
{
    struct thread_arg *arg = arg_;
    int i;

    for (i = 0; i < arg->n; i++) {
        struct vnet_port p = port_init(arg->network), out;
        struct vnet_error err;

        p.attachment_type = VNET_ATTACH_VIF;
        strcpy(p.attachment_ip, "198.18.5.5");
        if (vnet_db_port_create(arg->db, &p, &out, &err)) {
            arg->vlans[i] = 0;
        } else {
            arg->vlans[i] = out.vlan_id;
        }
        vnet_snapshot_destroy(vnet_db_snapshot(arg->db));
    }
    return NULL;
}

static void
test_threads(void **state KUMO_UNUSED)
{
    struct vnet_error err;
    struct vnet_db *db = vnet_db_open(":memory:", &err);
    struct vnet_tenant t = mk_tenant(db, "t");
    struct vnet_network net = mk_network(db, t.uuid, "n");
    struct thread_arg args[4];
    pthread_t threads[4];
    bool seen[4 * 64 + 1] = { false };
    size_t i;
    int k;

    for (i = 0; i < ARRAY_SIZE(args); i++) {
        args[i].db = db;
        args[i].network = net.uuid;
        args[i].n = 64;
        pthread_create(&threads[i], NULL, attach_thread, &args[i]);
    }
    for (i = 0; i < ARRAY_SIZE(args); i++) {
        pthread_join(threads[i], NULL);
        for (k = 0; k < args[i].n; k++) {
            uint16_t v = args[i].vlans[k];

            assert_true(v >= 1 && v <= 4 * 64);
            assert_false(seen[v]);
            seen[v] = true;
        }
    }
    assert_int_equal(vnet_db_seq(db), 2 + 4 * 64);
    vnet_db_close(db);
}

/* ---- Random operations: invariants and memory == disk ---- */

static bool
ports_equal(const struct vnet_port *a, const struct vnet_port *b)
{
    size_t i;

    if (strcmp(a->uuid, b->uuid) || strcmp(a->network_uuid, b->network_uuid)
        || strcmp(a->tenant_uuid, b->tenant_uuid)
        || strcmp(a->name, b->name) || a->has_mac != b->has_mac
        || (a->has_mac && memcmp(&a->mac, &b->mac, sizeof a->mac))
        || a->n_ips != b->n_ips || a->binding.kind != b->binding.kind
        || a->binding.dpid != b->binding.dpid
        || a->binding.port_no != b->binding.port_no
        || a->binding.vlan != b->binding.vlan
        || memcmp(&a->binding.mac, &b->binding.mac, sizeof a->binding.mac)
        || strcmp(a->binding.iface_id, b->binding.iface_id)
        || a->attachment_type != b->attachment_type
        || strcmp(a->attachment_ip, b->attachment_ip)
        || a->vlan_id != b->vlan_id) {
        return false;
    }
    for (i = 0; i < a->n_ips; i++) {
        if (strcmp(a->ips[i], b->ips[i])) {
            return false;
        }
    }
    return true;
}

static void
snapshots_assert_equal(const struct vnet_snapshot *a,
                       const struct vnet_snapshot *b)
{
    size_t i;

    assert_int_equal(a->n_tenants, b->n_tenants);
    for (i = 0; i < a->n_tenants; i++) {
        assert_string_equal(a->tenants[i].uuid, b->tenants[i].uuid);
        assert_string_equal(a->tenants[i].name, b->tenants[i].name);
        assert_string_equal(a->tenants[i].description,
                            b->tenants[i].description);
    }
    assert_int_equal(a->n_networks, b->n_networks);
    for (i = 0; i < a->n_networks; i++) {
        const struct vnet_network *x = &a->networks[i], *y = &b->networks[i];

        assert_string_equal(x->uuid, y->uuid);
        assert_string_equal(x->tenant_uuid, y->tenant_uuid);
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->net_id, y->net_id);
        assert_int_equal(x->has_vni, y->has_vni);
        assert_int_equal(x->vni, y->vni);
    }
    assert_int_equal(a->n_ports, b->n_ports);
    for (i = 0; i < a->n_ports; i++) {
        assert_true(ports_equal(&a->ports[i], &b->ports[i]));
    }
    assert_int_equal(a->config.unknown_mac, b->config.unknown_mac);
    assert_string_equal(a->config.quarantine_network,
                        b->config.quarantine_network);
}

/* Checks the binding and vlan_id rules over a whole snapshot, pair by
 * pair, independently of how the store enforces them. */
static void
snapshot_assert_rules(const struct vnet_snapshot *s)
{
    size_t i, j;

    for (i = 0; i < s->n_ports; i++) {
        const struct vnet_port *a = &s->ports[i];

        assert_non_null(vnet_snapshot_find_network(s, a->network_uuid));
        if (a->attachment_type == VNET_ATTACH_VIF) {
            assert_true(a->vlan_id >= 1 && a->vlan_id <= VNET_VLAN_MAX);
            assert_int_equal(a->binding.kind, VNET_BIND_NONE);
        } else {
            assert_int_equal(a->vlan_id, 0);
        }
        for (j = i + 1; j < s->n_ports; j++) {
            const struct vnet_port *b = &s->ports[j];
            const struct vnet_binding *x = &a->binding, *y = &b->binding;
            bool sp_x = x->kind == VNET_BIND_SWITCH_PORT;
            bool sp_y = y->kind == VNET_BIND_SWITCH_PORT;
            bool pv_x = x->kind == VNET_BIND_PORT_VLAN;
            bool pv_y = y->kind == VNET_BIND_PORT_VLAN;
            bool same_port = x->dpid == y->dpid && x->port_no == y->port_no;

            assert_string_not_equal(a->uuid, b->uuid);
            assert_false((sp_x || pv_x) && (sp_y || pv_y) && same_port
                         && (sp_x || sp_y || x->vlan == y->vlan));
            assert_false(x->kind == VNET_BIND_MAC && y->kind == VNET_BIND_MAC
                         && !memcmp(&x->mac, &y->mac, sizeof x->mac));
            assert_false(x->kind == VNET_BIND_IFACE_ID
                         && y->kind == VNET_BIND_IFACE_ID
                         && !strcmp(x->iface_id, y->iface_id));
            assert_false(a->attachment_type == VNET_ATTACH_VIF
                         && b->attachment_type == VNET_ATTACH_VIF
                         && !strcmp(a->attachment_ip, b->attachment_ip)
                         && a->vlan_id == b->vlan_id);
            if (!strcmp(a->network_uuid, b->network_uuid)) {
                assert_false(a->name[0] && !strcmp(a->name, b->name));
                assert_false(a->has_mac && b->has_mac
                             && !memcmp(&a->mac, &b->mac, sizeof a->mac));
            }
        }
    }
}

static void
random_binding(struct vnet_binding *b)
{
    memset(b, 0, sizeof *b);
    b->kind = (enum vnet_binding_kind) (rand() % 5);
    b->dpid = 1 + (uint64_t) (rand() % 2);
    b->port_no = 1 + (uint32_t) (rand() % 3);
    b->vlan = (uint16_t) (1 + rand() % 3);
    b->mac = (struct eth_addr) { { 0x02, 0, 0, 0, 0,
                                   (uint8_t) (1 + rand() % 4) } };
    snprintf(b->iface_id, sizeof b->iface_id, "if%d", rand() % 3);
}

static void
test_random_ops(void **state)
{
    struct fixture *f = *state;
    const char *hvs[] = { "192.0.2.1", "192.0.2.2" };
    const char *env = getenv("KUMO_TEST_SEED");
    unsigned int seed = env ? (unsigned int) strtoul(env, NULL, 0)
                            : (unsigned int) getpid();
    int op, n_ok = 0;

    print_message("seed %u (KUMO_TEST_SEED to replay)\n", seed);
    srand(seed);
    for (op = 0; op < 300; op++) {
        const struct vnet_snapshot *s = vnet_db_snapshot(f->db);
        uint64_t seq = vnet_db_seq(f->db);
        struct vnet_error err;
        int status = 0, dice = rand() % 100;

        if (!s->n_tenants || dice < 5) {
            struct vnet_tenant t;

            memset(&t, 0, sizeof t);
            snprintf(t.name, sizeof t.name, "t%d", rand() % 6);
            status = vnet_db_tenant_create(f->db, &t, NULL, &err);
        } else if (!s->n_networks || dice < 15) {
            struct vnet_network n;

            memset(&n, 0, sizeof n);
            strcpy(n.tenant_uuid, s->tenants[rand() % s->n_tenants].uuid);
            snprintf(n.name, sizeof n.name, "n%d", rand() % 4);
            n.has_vni = rand() % 2;
            n.vni = (uint32_t) (1 + rand() % 8);
            status = vnet_db_network_create(f->db, &n, NULL, &err);
        } else if (!s->n_ports || dice < 55) {
            struct vnet_port p = port_init(
                s->networks[rand() % s->n_networks].uuid);

            if (rand() % 2) {
                snprintf(p.name, sizeof p.name, "p%d", rand() % 4);
            }
            p.has_mac = rand() % 2;
            p.mac = (struct eth_addr) { { 0x02, 0, 0, 0, 1,
                                          (uint8_t) (rand() % 4) } };
            random_binding(&p.binding);
            if (rand() % 3 == 0) {
                p.attachment_type = VNET_ATTACH_VIF;
                strcpy(p.attachment_ip, hvs[rand() % 2]);
            }
            status = vnet_db_port_create(f->db, &p, NULL, &err);
        } else if (dice < 75) {
            struct vnet_port p = s->ports[rand() % s->n_ports];

            random_binding(&p.binding);
            status = vnet_db_port_update(f->db, &p, NULL, &err);
        } else if (dice < 85) {
            const struct vnet_port *p = &s->ports[rand() % s->n_ports];

            status = vnet_db_port_set_attachment(
                f->db, p->uuid, rand() % 2 ? VNET_ATTACH_VIF
                : VNET_ATTACH_NONE, hvs[rand() % 2], NULL, &err);
        } else if (dice < 93) {
            status = vnet_db_port_delete(
                f->db, s->ports[rand() % s->n_ports].uuid, &err);
        } else if (dice < 97) {
            status = vnet_db_network_delete(
                f->db, s->networks[rand() % s->n_networks].uuid,
                rand() % 2, &err);
        } else {
            status = vnet_db_tenant_delete(
                f->db, s->tenants[rand() % s->n_tenants].uuid, rand() % 2,
                &err);
        }
        vnet_snapshot_destroy(s);
        if (status == 400 && !strcmp(err.field, "binding.mac")) {
            status = 409;       /* A MAC binding unlike the port's mac. */
        }
        if (status && status != 409) {
            print_error("op %d: %d %s: %s\n", op, status, err.field,
                        err.message);
        }
        /* Only 409s are expected from these inputs. */
        assert_true(status == 0 || status == 409);
        assert_int_equal(vnet_db_seq(f->db), seq + !status);
        n_ok += !status;
        if (op % 10 == 0) {
            s = vnet_db_snapshot(f->db);
            snapshot_assert_rules(s);
            vnet_snapshot_destroy(s);
        }

        if (op % 100 == 99) {
            const struct vnet_snapshot *before = vnet_db_snapshot(f->db);
            const struct vnet_snapshot *after;

            snapshot_assert_rules(before);
            reopen(f);
            after = vnet_db_snapshot(f->db);
            snapshots_assert_equal(before, after);
            vnet_snapshot_destroy(before);
            vnet_snapshot_destroy(after);
        }
    }
    print_message("%d of 300 random writes accepted\n", n_ok);
}

/* ---- Schema ---- */

static void
test_schema(void **state)
{
    struct fixture *f = *state;
    struct vnet_error err;
    struct vnet_db *db;
    sqlite3 *sql;
    sqlite3_stmt *stmt;

    mk_tenant(f->db, "t");
    vnet_db_close(f->db);
    f->db = NULL;

    assert_int_equal(sqlite3_open(f->path, &sql), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(sql, "PRAGMA journal_mode", -1,
                                        &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *) sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    assert_int_equal(sqlite3_prepare_v2(sql, "SELECT version FROM "
                                        "schema_version", -1, &stmt, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(stmt, 0), 1);
    assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    /* A database from a newer kumod is refused, not damaged. */
    assert_int_equal(sqlite3_exec(sql, "UPDATE schema_version SET version "
                                  "= 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(sql);
    db = vnet_db_open(f->path, &err);
    assert_null(db);
    assert_int_equal(err.status, 500);
    assert_non_null(strstr(err.message, "newer"));

    assert_int_equal(sqlite3_open(f->path, &sql), SQLITE_OK);
    assert_int_equal(sqlite3_exec(sql, "UPDATE schema_version SET version "
                                  "= 1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(sql);
    reopen(f);
    {
        const struct vnet_snapshot *s = vnet_db_snapshot(f->db);

        assert_int_equal(s->n_tenants, 1);
        vnet_snapshot_destroy(s);
    }

    /* One owner at a time: a second open (here, or another kumod) fails
     * at once instead of writing behind the first one's back. */
    db = vnet_db_open(f->path, &err);
    assert_null(db);
    assert_int_equal(err.status, 500);
    assert_non_null(strstr(err.message, "in use"));
    assert_non_null(strstr(err.message, f->path));

    /* Unopenable path. */
    assert_null(vnet_db_open("/nonexistent-dir/x/kumo.db", &err));
    assert_int_equal(err.status, 500);
    assert_non_null(strstr(err.message, "/nonexistent-dir/x/kumo.db"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_index),
        cmocka_unit_test_setup_teardown(test_tenant_crud, setup, teardown),
        cmocka_unit_test_setup_teardown(test_network_validation, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_effective_vni_unique, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fabric_net_ids, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_port_validation, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_binding_overlaps, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_delete_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pagination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ssp_vlan_allocation, setup,
                                        teardown),
        cmocka_unit_test(test_ssp_vlan_exhaustion),
        cmocka_unit_test_setup_teardown(test_chassis, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshot_and_seq, setup,
                                        teardown),
        cmocka_unit_test(test_threads),
        cmocka_unit_test_setup_teardown(test_random_ops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
