/* Durability test for src/vnet: a write acknowledged by the store (its
 * vnet_db_* call returned 0) survives kill -9.
 *
 * Each round forks a child that opens the database and runs a random
 * stream of tenant creates, updates and deletes, and of SSP-style port
 * creates (VIF-attached to one of two hypervisors: the store allocates a
 * vlan_id), attachment toggles and port deletes. Before each write it
 * sends the parent an "intent" record over a pipe, and after the call
 * returns 0 an "ack" record. The parent SIGKILLs the child after a random
 * number of acks (the child keeps writing, so the kill lands at a random
 * point, usually inside a transaction or its fsync), drains the pipe
 * (acks sent before the kill count too), reopens the database and checks
 * that every acknowledged write is there: each tenant has exactly its last
 * acknowledged state (a port: its attachment and vlan_id as acknowledged),
 * except that the one write in flight (an intent without ack) may or may
 * not have happened. Rounds share one database
 * file, so later rounds also start from a database recovered after a kill.
 *
 * No sleeps: the parent blocks on the pipe. The seed is printed; set
 * KUMO_TEST_SEED to replay one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"
#include "vnet/vnet.h"

#define ROUNDS 6
#define MAX_OPS 400             /* Per child; the kill comes far earlier. */
#define MAX_TENANTS (ROUNDS * MAX_OPS)

enum op {
    OP_CREATE = 'C', OP_UPDATE = 'U', OP_DELETE = 'D',      /* Tenants. */
    OP_PORT_CREATE = 'P', OP_PORT_TOGGLE = 'T', OP_PORT_DELETE = 'R',
};

static const char *const hypervisors[] = { "198.18.7.1", "198.18.7.2" };

struct record {
    char phase;                 /* 'I' intent, 'A' ack. */
    char op;                    /* enum op. */
    char uuid[VNET_UUID_SIZE];
    char name[32];
    char description[32];
    bool attached;              /* Ports: VIF-attached after the op. */
    char ip[VNET_IP_SIZE];      /* Ports: hypervisor if attached. */
    uint16_t vlan_id;           /* Ports, in the ack: the allocated VLAN. */
};

/* The parent's model of one tenant or port. */
struct expect {
    char uuid[VNET_UUID_SIZE];
    bool is_port;
    bool exists;
    char name[32];
    char description[32];
    bool attached;
    char ip[VNET_IP_SIZE];
    uint16_t vlan_id;
};

static void
write_all(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n) {
        ssize_t k = write(fd, c, n);

        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            _exit(3);
        }
        c += k;
        n -= (size_t) k;
    }
}

/* Reads one record; false at EOF. */
static bool
read_record(int fd, struct record *r)
{
    size_t got = 0;

    while (got < sizeof *r) {
        ssize_t k = read(fd, (char *) r + got, sizeof *r - got);

        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            assert_int_equal(got, 0);   /* No torn record: pipe atomic. */
            return false;
        }
        got += (size_t) k;
    }
    return true;
}

/* The child: writes forever (up to MAX_OPS) and reports. Never returns. */
static void
child_run(const char *path, const char *network, int fd, unsigned int seed,
          int round)
{
    static char live[2 * MAX_OPS][VNET_UUID_SIZE];
    static struct vnet_port ports[2 * MAX_OPS];
    struct vnet_error err;
    struct vnet_db *db;
    size_t n_live = 0, n_ports = 0;
    int i;

    db = vnet_db_open(path, &err);
    if (!db) {
        _exit(2);
    }
    /* Objects of earlier rounds that still exist can be changed too. */
    {
        struct vnet_tenant *ts;
        struct vnet_port *ps;
        size_t n, total, k;

        vnet_db_tenant_list(db, 0, MAX_OPS, &ts, &n, &total, &err);
        for (k = 0; k < n; k++) {
            if (strcmp(ts[k].name, "ports")) {     /* Holds the network. */
                memcpy(live[n_live++], ts[k].uuid, VNET_UUID_SIZE);
            }
        }
        free(ts);
        vnet_db_port_list(db, network, 0, MAX_OPS, &ps, &n, &total, &err);
        for (k = 0; k < n; k++) {
            ports[n_ports++] = ps[k];
        }
        free(ps);
    }
    srand(seed);
    for (i = 0; i < MAX_OPS; i++) {
        struct record r;
        struct vnet_tenant t;
        struct vnet_port p;
        int dice = rand() % 20;
        size_t victim = n_live ? (size_t) rand() % n_live : 0;
        size_t pv = n_ports ? (size_t) rand() % n_ports : 0;
        const char *hv = hypervisors[rand() % 2];
        int status;

        memset(&r, 0, sizeof r);
        memset(&t, 0, sizeof t);
        r.phase = 'I';
        if (dice >= 10) {
            /* Ports. */
            if (!n_ports || dice < 15) {
                r.op = OP_PORT_CREATE;
                vnet_uuid_generate(r.uuid);
                r.attached = true;
            } else {
                memcpy(r.uuid, ports[pv].uuid, VNET_UUID_SIZE);
                r.op = dice < 18 ? OP_PORT_TOGGLE : OP_PORT_DELETE;
                r.attached = r.op == OP_PORT_TOGGLE
                             && ports[pv].attachment_type == VNET_ATTACH_NONE;
            }
            if (r.attached) {
                snprintf(r.ip, sizeof r.ip, "%s", hv);
            }
        } else if (!n_live || dice < 5) {
            r.op = OP_CREATE;
            vnet_uuid_generate(r.uuid);
            snprintf(r.name, sizeof r.name, "r%d-t%d", round, i);
        } else {
            memcpy(r.uuid, live[victim], VNET_UUID_SIZE);
            r.op = dice < 8 ? OP_UPDATE : OP_DELETE;
        }
        snprintf(r.description, sizeof r.description, "r%d-op%d", round, i);
        write_all(fd, &r, sizeof r);

        memcpy(t.uuid, r.uuid, sizeof t.uuid);
        snprintf(t.description, sizeof t.description, "%s", r.description);
        memset(&p, 0, sizeof p);
        switch (r.op) {
        case OP_CREATE:
            snprintf(t.name, sizeof t.name, "%s", r.name);
            status = vnet_db_tenant_create(db, &t, NULL, &err);
            break;
        case OP_UPDATE: {
            struct vnet_tenant old;

            if (vnet_db_tenant_get(db, r.uuid, &old, &err)) {
                _exit(4);
            }
            memcpy(t.name, old.name, sizeof t.name);
            status = vnet_db_tenant_update(db, &t, NULL, &err);
            break;
        }
        case OP_DELETE:
            status = vnet_db_tenant_delete(db, r.uuid, false, &err);
            break;
        case OP_PORT_CREATE:
            memcpy(p.uuid, r.uuid, sizeof p.uuid);
            snprintf(p.network_uuid, sizeof p.network_uuid, "%s", network);
            p.attachment_type = VNET_ATTACH_VIF;
            snprintf(p.attachment_ip, sizeof p.attachment_ip, "%s", r.ip);
            status = vnet_db_port_create(db, &p, &p, &err);
            break;
        case OP_PORT_TOGGLE:
            status = vnet_db_port_set_attachment(
                db, r.uuid, r.attached ? VNET_ATTACH_VIF : VNET_ATTACH_NONE,
                r.ip, &p, &err);
            break;
        default:
            status = vnet_db_port_delete(db, r.uuid, &err);
            break;
        }
        if (status) {
            _exit(5);
        }
        r.phase = 'A';
        r.vlan_id = p.vlan_id;
        write_all(fd, &r, sizeof r);

        if (r.op == OP_CREATE) {
            memcpy(live[n_live++], r.uuid, VNET_UUID_SIZE);
        } else if (r.op == OP_DELETE) {
            memcpy(live[victim], live[--n_live], VNET_UUID_SIZE);
        } else if (r.op == OP_PORT_CREATE) {
            ports[n_ports++] = p;
        } else if (r.op == OP_PORT_TOGGLE) {
            ports[pv] = p;
        } else if (r.op == OP_PORT_DELETE) {
            ports[pv] = ports[--n_ports];
        }
    }
    /* Not reached in practice; wait to be killed, without spinning. */
    for (;;) {
        pause();
    }
}

static struct expect *
expect_find(struct expect *ex, size_t n, const char *uuid)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!strcmp(ex[i].uuid, uuid)) {
            return &ex[i];
        }
    }
    return NULL;
}

/* Applies record 'r' to the model. */
static void
expect_apply(struct expect *ex, size_t *n, const struct record *r)
{
    struct expect *e = expect_find(ex, *n, r->uuid);

    if (!e) {
        assert_true(r->op == OP_CREATE || r->op == OP_PORT_CREATE);
        assert_true(*n < MAX_TENANTS);
        e = &ex[(*n)++];
        memset(e, 0, sizeof *e);
        memcpy(e->uuid, r->uuid, sizeof e->uuid);
        e->is_port = r->op == OP_PORT_CREATE;
    }
    e->exists = r->op != OP_DELETE && r->op != OP_PORT_DELETE;
    if (e->is_port) {
        e->attached = r->attached;
        snprintf(e->ip, sizeof e->ip, "%s", r->ip);
        e->vlan_id = r->vlan_id;
        return;
    }
    if (r->op == OP_CREATE) {
        snprintf(e->name, sizeof e->name, "%s", r->name);
    }
    snprintf(e->description, sizeof e->description, "%s", r->description);
}

/* Does the stored object match the model? ('any_vlan': the model comes
 * from an intent, which does not know the VLAN the store will pick.) */
static bool
state_matches(const struct expect *e, const struct vnet_snapshot *s,
              bool any_vlan)
{
    if (e->is_port) {
        const struct vnet_port *p = vnet_snapshot_find_port(s, e->uuid);

        if (!e->exists || !p) {
            return !e->exists && !p;
        }
        if (!e->attached) {
            return p->attachment_type == VNET_ATTACH_NONE && !p->vlan_id;
        }
        return p->attachment_type == VNET_ATTACH_VIF
               && !strcmp(p->attachment_ip, e->ip)
               && (any_vlan ? p->vlan_id >= 1 : p->vlan_id == e->vlan_id);
    } else {
        const struct vnet_tenant *t = vnet_snapshot_find_tenant(s, e->uuid);

        if (!e->exists) {
            return t == NULL;
        }
        return t && !strcmp(t->name, e->name)
               && !strcmp(t->description, e->description);
    }
}

/* Every hypervisor's VLANs are distinct. */
static void
assert_vlans_unique(const struct vnet_snapshot *s)
{
    size_t i, j;

    for (i = 0; i < s->n_ports; i++) {
        for (j = i + 1; j < s->n_ports; j++) {
            const struct vnet_port *a = &s->ports[i], *b = &s->ports[j];

            assert_false(a->attachment_type == VNET_ATTACH_VIF
                         && b->attachment_type == VNET_ATTACH_VIF
                         && !strcmp(a->attachment_ip, b->attachment_ip)
                         && a->vlan_id == b->vlan_id);
        }
    }
}

/* After adopting an in-flight port write, takes the VLAN the store chose. */
static void
adopt_vlan(struct expect *e, const struct vnet_snapshot *s)
{
    const struct vnet_port *p;

    if (e->is_port && (p = vnet_snapshot_find_port(s, e->uuid)) != NULL) {
        e->vlan_id = p->vlan_id;
    }
}

/* The temporary directory, removed by teardown() even when the test
 * fails. */
struct fixture {
    char dir[40];
    char path[64];
};

static int
setup(void **state)
{
    struct fixture *f = xzalloc(sizeof *f);

    snprintf(f->dir, sizeof f->dir, "/tmp/kumo-test-vnet-dur-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/kumo.db", f->dir);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    const char *suffixes[] = { "", "-wal", "-shm" };
    size_t i;

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
test_kill9_loses_no_acknowledged_write(void **state)
{
    static struct expect ex[MAX_TENANTS];
    struct fixture *f = *state;
    const char *path = f->path;
    char network[VNET_UUID_SIZE];
    const char *env = getenv("KUMO_TEST_SEED");
    unsigned int seed;
    size_t n_ex = 0;
    size_t total_acked = 0, total_inflight = 0, port_acks = 0;
    int round;

    if (env) {
        seed = (unsigned int) strtoul(env, NULL, 0);
    } else {
        assert_int_equal(getrandom(&seed, sizeof seed, 0), sizeof seed);
    }
    print_message("seed %u (KUMO_TEST_SEED to replay)\n", seed);
    srand(seed);
    {
        struct vnet_db *db = vnet_db_open(path, NULL);
        struct vnet_tenant t;
        struct vnet_network n;

        assert_non_null(db);
        memset(&t, 0, sizeof t);
        snprintf(t.name, sizeof t.name, "ports");
        assert_int_equal(vnet_db_tenant_create(db, &t, &t, NULL), 0);
        memset(&n, 0, sizeof n);
        memcpy(n.tenant_uuid, t.uuid, sizeof n.tenant_uuid);
        snprintf(n.name, sizeof n.name, "vifs");
        assert_int_equal(vnet_db_network_create(db, &n, &n, NULL), 0);
        memcpy(network, n.uuid, sizeof network);
        vnet_db_close(db);
    }

    for (round = 0; round < ROUNDS; round++) {
        int kill_after = 1 + rand() % 40;
        unsigned int child_seed = (unsigned int) rand();
        struct record r, pending;
        bool has_pending = false;
        int acks = 0, fds[2], wstatus;
        struct vnet_error err;
        struct vnet_db *db;
        const struct vnet_snapshot *s;
        pid_t pid, parent;
        size_t i;

        assert_int_equal(pipe(fds), 0);
        parent = getpid();
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* Never outlive a parent that failed before its kill. */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) {
                _exit(6);
            }
            close(fds[0]);
            child_run(path, network, fds[1], child_seed, round);
        }
        close(fds[1]);

        /* Follow the child until 'kill_after' acks, then kill -9 it. */
        while (acks < kill_after && read_record(fds[0], &r)) {
            if (r.phase == 'I') {
                pending = r;
                has_pending = true;
            } else {
                assert_memory_equal(r.uuid, pending.uuid, sizeof r.uuid);
                expect_apply(ex, &n_ex, &r);
                has_pending = false;
                port_acks += strchr("PTR", r.op) != NULL;
                acks++;
            }
        }
        assert_int_equal(acks, kill_after);     /* Child did not die. */
        /* Half the time, wait for the next intent so that the kill lands
         * inside a write (else it may land between two). */
        if (rand() % 2 && read_record(fds[0], &r)) {
            assert_int_equal(r.phase, 'I');
            pending = r;
            has_pending = true;
        }
        assert_int_equal(kill(pid, SIGKILL), 0);
        assert_int_equal(waitpid(pid, &wstatus, 0), pid);
        assert_true(WIFSIGNALED(wstatus));
        assert_int_equal(WTERMSIG(wstatus), SIGKILL);
        /* Acks that were on their way count as acknowledged too. */
        while (read_record(fds[0], &r)) {
            if (r.phase == 'I') {
                pending = r;
                has_pending = true;
            } else {
                expect_apply(ex, &n_ex, &r);
                has_pending = false;
                port_acks += strchr("PTR", r.op) != NULL;
                acks++;
            }
        }
        close(fds[0]);
        if (getenv("KUMO_TEST_VERBOSE")) {
            print_message("round %d: kill after %d acks, %d acked in all, "
                          "%s\n", round, kill_after, acks,
                          has_pending ? "one write in flight" : "idle");
        }
        total_acked += (size_t) acks;
        total_inflight += has_pending;

        /* Reopen and compare with the model. */
        db = vnet_db_open(path, &err);
        if (!db) {
            fail_msg("reopen after kill: %s", err.message);
        }
        s = vnet_db_snapshot(db);
        assert_vlans_unique(s);
        for (i = 0; i < n_ex; i++) {
            struct expect *e = &ex[i];

            if (state_matches(e, s, false)) {
                continue;
            }
            if (has_pending && !strcmp(pending.uuid, e->uuid)) {
                /* The in-flight write happened: adopt it. */
                size_t n_before = n_ex;

                expect_apply(ex, &n_ex, &pending);
                assert_int_equal(n_ex, n_before);
                has_pending = false;
                if (state_matches(e, s, true)) {
                    adopt_vlan(e, s);
                    continue;
                }
            }
            fail_msg("round %d: %s %s: the acknowledged state (%s) is not "
                     "in the store", round, e->is_port ? "port" : "tenant",
                     e->uuid, e->exists ? "present" : "absent");
        }
        /* Nothing beyond the model, except an in-flight create. */
        for (i = 0; i < s->n_tenants + s->n_ports; i++) {
            const char *u = i < s->n_tenants ? s->tenants[i].uuid
                            : s->ports[i - s->n_tenants].uuid;

            if (!expect_find(ex, n_ex, u)) {
                if (!has_pending || strcmp(pending.uuid, u)
                    || (pending.op != OP_CREATE
                        && pending.op != OP_PORT_CREATE)) {
                    /* The tenant holding the port network is not ours. */
                    assert_true(i < s->n_tenants
                                && !strcmp(s->tenants[i].name, "ports"));
                    continue;
                }
                expect_apply(ex, &n_ex, &pending);
                adopt_vlan(expect_find(ex, n_ex, u), s);
                has_pending = false;
            }
        }
        vnet_snapshot_destroy(s);
        vnet_db_close(db);
    }
    print_message("%zu acknowledged writes (%zu of ports) across %d kill -9 "
                  "rounds, %zu in flight at the kill\n", total_acked,
                  port_acks, ROUNDS, total_inflight);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_kill9_loses_no_acknowledged_write, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
