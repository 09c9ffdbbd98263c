/* Unit tests for the OVSDB client's I/O shell that need no socket: active
 * target syntax (tcp:, ssl:, unix:, as added to src/core/stream) and
 * client creation errors.  The shell's real I/O is tested against a real
 * ovsdb-server by tests/e2e/test-ovsdb.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stream-fixture.h"
#include "core/stream.h"
#include "lib/util.h"
#include "ovsdb/ovsdb-client.h"

static void
test_active_targets(void **state)
{
    static const char *const good[] = {
        "tcp:127.0.0.1:6640", "ssl:198.18.0.1:6640", "tcp:[::1]:6640",
        "unix:/run/openvswitch/db.sock", "tcp:0.0.0.0:1", "ssl:[fe80::1]:65535",
    };
    static const struct stream_fixture_bad bad[] = {
        { "ptcp:6640", "unknown connection type" },
        { "punix:/x", "unknown connection type" },
        { "6640", "unknown connection type" },
        { "tcp:127.0.0.1", "expected IP:PORT" },
        { "tcp:127.0.0.1:", "bad port" },
        { "tcp:127.0.0.1:0", "bad port" },
        { "tcp:127.0.0.1:65536", "bad port" },
        { "tcp:127.0.0.1:66x", "bad port" },
        { "tcp::6640", "expected IP:PORT" },
        { "tcp:localhost:6640", "bad IP address \"localhost\"" },
        { "ssl:1.2.3.4.5:6640", "bad IP address" },
        { "tcp:[::1:6640", "bad IP address" },
        { "tcp:[zz]:6640", "bad IP address \"zz\"" },
        { "unix:", "needs a socket path" },
    };
    (void) state;
    stream_fixture_check_targets(stream_verify_target, good,
                                 ARRAY_SIZE(good), bad, ARRAY_SIZE(bad),
                                 "unix:/");
}

static void
test_client_create(void **state)
{
    struct ovsdb_client_config cfg;
    struct ovsdb_client *c;
    char *error;

    (void) state;
    memset(&cfg, 0, sizeof cfg);
    c = ovsdb_client_create(&cfg, &error);
    assert_null(c);
    assert_string_equal(error, "no OVSDB target given");
    free(error);

    cfg.target = "tcp:hv1:6640";
    c = ovsdb_client_create(&cfg, &error);
    assert_null(c);
    assert_non_null(strstr(error, "bad IP address \"hv1\""));
    free(error);

    /* A good target: nothing happens before the first run. */
    cfg.target = "unix:/nonexistent/kumo-test/db.sock";
    c = ovsdb_client_create(&cfg, &error);
    assert_non_null(c);
    assert_null(error);
    assert_int_equal(ovsdb_client_get_fd(c), -1);
    assert_false(ovsdb_client_want_write(c));
    assert_string_equal(ovsdb_proto_get_name(ovsdb_client_get_proto(c)),
                        "unix:/nonexistent/kumo-test/db.sock");
    assert_int_equal(ovsdb_proto_get_state(ovsdb_client_get_proto(c)),
                     OVSDB_PROTO_BACKOFF);
    ovsdb_client_destroy(c);
    ovsdb_client_destroy(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_active_targets),
        cmocka_unit_test(test_client_create),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
