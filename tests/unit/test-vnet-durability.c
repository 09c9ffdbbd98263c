/* Durability test for src/vnet: a write acknowledged by the store (its
 * vnet_db_* call returned 0) survives kill -9.
 *
 * Each round forks a child that opens the database and runs a random
 * stream of tenant creates, updates and deletes. Before each write it
 * sends the parent an "intent" record over a pipe, and after the call
 * returns 0 an "ack" record. The parent SIGKILLs the child after a random
 * number of acks (the child keeps writing, so the kill lands at a random
 * point, usually inside a transaction or its fsync), drains the pipe
 * (acks sent before the kill count too), reopens the database and checks
 * that every acknowledged write is there: each tenant has exactly its last
 * acknowledged state, except that the one write in flight (an intent
 * without ack) may or may not have happened. Rounds share one database
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
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"
#include "vnet/vnet.h"

#define ROUNDS 6
#define MAX_OPS 400             /* Per child; the kill comes far earlier. */
#define MAX_TENANTS (ROUNDS * MAX_OPS)

enum op { OP_CREATE = 'C', OP_UPDATE = 'U', OP_DELETE = 'D' };

struct record {
    char phase;                 /* 'I' intent, 'A' ack. */
    char op;                    /* enum op. */
    char uuid[VNET_UUID_SIZE];
    char name[32];
    char description[32];
};

/* The parent's model of one tenant. */
struct expect {
    char uuid[VNET_UUID_SIZE];
    bool exists;
    char name[32];
    char description[32];
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
child_run(const char *path, int fd, unsigned int seed, int round)
{
    static char live[2 * MAX_OPS][VNET_UUID_SIZE];
    struct vnet_error err;
    struct vnet_db *db;
    size_t n_live = 0;
    int i;

    db = vnet_db_open(path, &err);
    if (!db) {
        _exit(2);
    }
    /* Tenants of earlier rounds that still exist can be updated too. */
    {
        struct vnet_tenant *ts;
        size_t n, total, k;

        vnet_db_tenant_list(db, 0, MAX_OPS, &ts, &n, &total, &err);
        for (k = 0; k < n; k++) {
            memcpy(live[n_live++], ts[k].uuid, VNET_UUID_SIZE);
        }
        free(ts);
    }
    srand(seed);
    for (i = 0; i < MAX_OPS; i++) {
        struct record r;
        struct vnet_tenant t;
        int dice = rand() % 10;
        size_t victim = n_live ? (size_t) rand() % n_live : 0;
        int status;

        memset(&r, 0, sizeof r);
        memset(&t, 0, sizeof t);
        r.phase = 'I';
        if (!n_live || dice < 5) {
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
        if (r.op == OP_CREATE) {
            snprintf(t.name, sizeof t.name, "%s", r.name);
            status = vnet_db_tenant_create(db, &t, NULL, &err);
        } else if (r.op == OP_UPDATE) {
            struct vnet_tenant old;

            if (vnet_db_tenant_get(db, r.uuid, &old, &err)) {
                _exit(4);
            }
            memcpy(t.name, old.name, sizeof t.name);
            status = vnet_db_tenant_update(db, &t, NULL, &err);
        } else {
            status = vnet_db_tenant_delete(db, r.uuid, false, &err);
        }
        if (status) {
            _exit(5);
        }
        r.phase = 'A';
        write_all(fd, &r, sizeof r);

        if (r.op == OP_CREATE) {
            memcpy(live[n_live++], r.uuid, VNET_UUID_SIZE);
        } else if (r.op == OP_DELETE) {
            memcpy(live[victim], live[--n_live], VNET_UUID_SIZE);
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
        assert_int_equal(r->op, OP_CREATE);
        assert_true(*n < MAX_TENANTS);
        e = &ex[(*n)++];
        memset(e, 0, sizeof *e);
        memcpy(e->uuid, r->uuid, sizeof e->uuid);
    }
    e->exists = r->op != OP_DELETE;
    if (r->op == OP_CREATE) {
        snprintf(e->name, sizeof e->name, "%s", r->name);
    }
    snprintf(e->description, sizeof e->description, "%s", r->description);
}

static bool
state_matches(const struct expect *e, const struct vnet_tenant *t)
{
    if (!e->exists) {
        return t == NULL;
    }
    return t && !strcmp(t->name, e->name)
           && !strcmp(t->description, e->description);
}

static void
test_kill9_loses_no_acknowledged_write(void **state KUMO_UNUSED)
{
    static struct expect ex[MAX_TENANTS];
    char dir[] = "/tmp/kumo-test-vnet-dur-XXXXXX";
    char path[64];
    const char *env = getenv("KUMO_TEST_SEED");
    unsigned int seed;
    size_t n_ex = 0;
    size_t total_acked = 0, total_inflight = 0;
    int round;

    if (env) {
        seed = (unsigned int) strtoul(env, NULL, 0);
    } else {
        assert_int_equal(getrandom(&seed, sizeof seed, 0), sizeof seed);
    }
    print_message("seed %u (KUMO_TEST_SEED to replay)\n", seed);
    srand(seed);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);

    for (round = 0; round < ROUNDS; round++) {
        int kill_after = 1 + rand() % 40;
        unsigned int child_seed = (unsigned int) rand();
        struct record r, pending;
        bool has_pending = false;
        int acks = 0, fds[2], wstatus;
        struct vnet_error err;
        struct vnet_db *db;
        const struct vnet_snapshot *s;
        pid_t pid;
        size_t i;

        assert_int_equal(pipe(fds), 0);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_run(path, fds[1], child_seed, round);
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
        for (i = 0; i < n_ex; i++) {
            struct expect *e = &ex[i];
            const struct vnet_tenant *t = vnet_snapshot_find_tenant(s,
                                                                    e->uuid);

            if (state_matches(e, t)) {
                continue;
            }
            if (has_pending && !strcmp(pending.uuid, e->uuid)) {
                /* The in-flight write happened: adopt it. */
                size_t n_before = n_ex;

                expect_apply(ex, &n_ex, &pending);
                assert_int_equal(n_ex, n_before);
                has_pending = false;
                if (state_matches(e, t)) {
                    continue;
                }
            }
            fail_msg("round %d: tenant %s: expected %s \"%s\" \"%s\", found "
                     "%s \"%s\" \"%s\"", round, e->uuid,
                     e->exists ? "present" : "absent", e->name,
                     e->description, t ? "present" : "absent",
                     t ? t->name : "", t ? t->description : "");
        }
        /* Nothing beyond the model, except an in-flight create. */
        for (i = 0; i < s->n_tenants; i++) {
            if (!expect_find(ex, n_ex, s->tenants[i].uuid)) {
                assert_true(has_pending && pending.op == OP_CREATE
                            && !strcmp(pending.uuid, s->tenants[i].uuid));
                expect_apply(ex, &n_ex, &pending);
                has_pending = false;
            }
        }
        vnet_snapshot_destroy(s);
        vnet_db_close(db);
    }
    print_message("%zu acknowledged writes across %d kill -9 rounds, %zu "
                  "in flight at the kill\n", total_acked, ROUNDS,
                  total_inflight);

    {
        const char *suffixes[] = { "", "-wal", "-shm" };
        size_t i;

        for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
            char *p = xasprintf("%s%s", path, suffixes[i]);

            unlink(p);
            free(p);
        }
        rmdir(dir);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill9_loses_no_acknowledged_write),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
