/* Unit tests for src/core/stream.c and stream-ssl.c that need no socket:
 * listener target syntax and TLS option checking. */
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

static void
test_targets(void **state)
{
    static const char *const good[] = {
        "ptcp:6653", "ptcp:0", "ptcp:6653:127.0.0.1", "pssl:6654:0.0.0.0",
        "ptcp:6653:[::1]", "ptcp:6653:::", "punix:/run/kumo/of.sock",
        "ptcp:65535:198.18.254.254",
    };
    static const struct stream_fixture_bad bad[] = {
        { "tcp:6653", "unknown listener type" },
        { "6653", "unknown listener type" },
        { "ptcp:", "bad port" },
        { "ptcp:65536", "bad port" },
        { "ptcp:-1", "bad port" },
        { "ptcp:66x", "bad port" },
        { "ptcp:6653:", "empty IP address" },
        { "ptcp:6653:localhost", "bad IP address \"localhost\"" },
        { "pssl:6653:1.2.3.4.5", "bad IP address" },
        { "punix:", "needs a socket path" },
    };
    (void) state;
    stream_fixture_check_targets(pstream_verify_target, good,
                                 ARRAY_SIZE(good), bad, ARRAY_SIZE(bad),
                                 "punix:/");
}

static void
test_ssl_options(void **state)
{
    struct stream_ssl_options o = { "/nonexistent/key.pem",
                                    "/nonexistent/cert.pem",
                                    "/nonexistent/ca.pem" };
    char *error;

    (void) state;
    error = stream_ssl_check_options(&o);
    assert_non_null(error);
    assert_non_null(strstr(error, "loading certificate /nonexistent/cert.pem"));
    free(error);

    o.ca = NULL;
    error = stream_ssl_check_options(&o);
    assert_non_null(error);
    assert_non_null(strstr(error, "TLS needs"));
    free(error);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_ssl_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
