/* Unit tests for the fabric's kumod settings (src/core/kumod-config):
 * "forwarding" (fabric by default, or learning; anything else is an error
 * naming the key), "lldp_interval" (a duration) and "host_idle_timeout",
 * from a config file and from the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/kumod-config.h"
#include "lib/util.h"

static void
test_defaults(void **state KUMO_UNUSED)
{
    struct kumod_config c;

    kumod_config_init(&c);
    assert_int_equal(c.forwarding, KUMOD_FORWARDING_FABRIC);
    assert_int_equal(c.lldp_interval_ms, 1000);
    assert_int_equal(c.host_idle_timeout, 0);
    kumod_config_uninit(&c);
}

static void
test_file(void **state KUMO_UNUSED)
{
    struct kumod_config c;
    char *error;

    kumod_config_init(&c);
    error = kumod_config_parse_text(&c, "forwarding = learning\n"
                                    "lldp_interval = 250ms\n"
                                    "host-idle-timeout = 300\n", "t.conf");
    assert_null(error);
    assert_int_equal(c.forwarding, KUMOD_FORWARDING_LEARNING);
    assert_int_equal(c.lldp_interval_ms, 250);
    assert_int_equal(c.host_idle_timeout, 300);
    kumod_config_uninit(&c);

    kumod_config_init(&c);
    error = kumod_config_parse_text(&c, "\nforwarding = spanning-tree\n",
                                    "t.conf");
    assert_non_null(error);
    assert_non_null(strstr(error, "t.conf:2"));
    assert_non_null(strstr(error, "forwarding"));
    assert_non_null(strstr(error, "spanning-tree"));
    free(error);
    kumod_config_uninit(&c);

    kumod_config_init(&c);
    error = kumod_config_parse_text(&c, "lldp_interval = 10ms\n", "t.conf");
    assert_non_null(error);
    assert_non_null(strstr(error, "lldp_interval"));
    free(error);
    kumod_config_uninit(&c);
}

static void
test_args(void **state KUMO_UNUSED)
{
    char *argv[] = { "kumod", "--forwarding", "fabric", "--forwarding=learning",
                     NULL };
    enum kumod_action action;
    struct kumod_config c;
    char *error;

    kumod_config_init(&c);
    error = kumod_config_parse_args(&c, 4, argv, &action);
    assert_null(error);
    assert_int_equal(action, KUMOD_RUN);
    assert_int_equal(c.forwarding, KUMOD_FORWARDING_LEARNING);
    kumod_config_uninit(&c);
    assert_non_null(strstr(kumod_config_usage(), "--forwarding"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_args),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
