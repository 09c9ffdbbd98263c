/* Unit tests for src/core/kumod-config.c: kumod's config file and flags,
 * validated strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/kumod-config.h"

static void
test_defaults(void **state)
{
    struct kumod_config c;

    (void) state;
    kumod_config_init(&c);
    assert_int_equal(c.n_listens, 1);
    assert_string_equal(c.listens[0], "ptcp:6653");
    assert_string_equal(c.ctl_path, "/run/kumo/kumod.ctl");
    assert_int_equal(c.n_workers, 0);
    assert_int_equal(c.echo_interval_ms, 5000);
    assert_null(kumod_config_validate(&c));
    kumod_config_uninit(&c);
}

static void
test_good_file(void **state)
{
    static const char text[] =
        "# kumod settings\n"
        "\n"
        "listen = ptcp:6653:198.18.254.254   # switches\n"
        "listen = pssl:6654\n"
        "listen=punix:/tmp/kumo.sock\n"
        "  ctl = /tmp/kumo.ctl\n"
        "workers = 4\n"
        "ssl-key = /etc/kumo/key.pem\n"
        "ssl_cert = \"/etc/kumo/cert #1.pem\"\n"
        "ssl_ca = /etc/kumo/ca.pem\r\n"
        "log_level = info\n"
        "log_level = stream:dbg\n"
        "syslog = yes\n"
        "echo_interval = 1500ms\n"
        "echo_misses = 5\n"
        "handshake_timeout = 3s\n"
        "miss_send_len = 65535\n"
        "send_queue_soft = 64k\n"
        "send_queue_hard = 2m\n"
        "packet_in_budget = 50\n"
        "packet_in_rate = 1000\n"
        "flow_idle_timeout = 30\n"
        "flow_hard_timeout = 300";
    struct kumod_config c;
    char *error;

    (void) state;
    kumod_config_init(&c);
    error = kumod_config_parse_text(&c, text, "kumod.conf");
    assert_null(error);
    assert_int_equal(c.n_listens, 3);      /* The default was replaced. */
    assert_string_equal(c.listens[0], "ptcp:6653:198.18.254.254");
    assert_string_equal(c.listens[2], "punix:/tmp/kumo.sock");
    assert_string_equal(c.ctl_path, "/tmp/kumo.ctl");
    assert_int_equal(c.n_workers, 4);
    assert_string_equal(c.ssl_key, "/etc/kumo/key.pem");
    assert_string_equal(c.ssl_cert, "/etc/kumo/cert #1.pem");
    assert_string_equal(c.ssl_ca, "/etc/kumo/ca.pem");
    assert_int_equal(c.n_log_levels, 2);
    assert_string_equal(c.log_levels[1], "stream:dbg");
    assert_true(c.syslog);
    assert_int_equal(c.echo_interval_ms, 1500);
    assert_int_equal(c.echo_misses, 5);
    assert_int_equal(c.handshake_timeout_ms, 3000);
    assert_int_equal(c.miss_send_len, 65535);
    assert_int_equal(c.send_queue_soft, 64 * 1024);
    assert_int_equal(c.send_queue_hard, 2 * 1024 * 1024);
    assert_int_equal(c.packet_in_budget, 50);
    assert_int_equal(c.packet_in_rate, 1000);
    assert_int_equal(c.flow_idle_timeout, 30);
    assert_int_equal(c.flow_hard_timeout, 300);
    assert_null(kumod_config_validate(&c));
    kumod_config_uninit(&c);
}

/* Each bad line is rejected with FILE:LINE and the key named. */
static void
test_bad_files(void **state)
{
    static const struct {
        const char *text;
        const char *expect;     /* Substring of the error. */
    } cases[] = {
        { "workers = 2\nfrobnicate = 1\n", "f.conf:2: unknown key \"frobnicate\"" },
        { "workers = two\n", "f.conf:1: key \"workers\": expected an integer from 0 to 256, got \"two\"" },
        { "workers = 999\n", "f.conf:1: key \"workers\": expected an integer" },
        { "workers = 2 3\n", "f.conf:1: key \"workers\"" },
        { "workers = -1\n", "f.conf:1: key \"workers\"" },
        { "syslog = maybe\n", "f.conf:1: key \"syslog\": expected true or false" },
        { "\n\necho_interval = soon\n", "f.conf:3: key \"echo_interval\": expected a duration" },
        { "echo_interval = 10ms\n", "f.conf:1: key \"echo_interval\": duration \"10ms\" out of range" },
        { "send_queue_soft = 12q\n", "f.conf:1: key \"send_queue_soft\": expected a size" },
        { "send_queue_hard = 100\n", "f.conf:1: key \"send_queue_hard\": size \"100\" out of range" },
        { "listen = tcp:6653\n", "f.conf:1: key \"listen\": tcp:6653: unknown listener type" },
        { "listen = ptcp:70000\n", "f.conf:1: key \"listen\": ptcp:70000: bad port" },
        { "listen = ptcp:6653:1.2.3\n", "f.conf:1: key \"listen\": ptcp:6653:1.2.3: bad IP address" },
        { "listen = punix:\n", "f.conf:1: key \"listen\": punix: needs a socket path" },
        { "log_level = loud\n", "f.conf:1: key \"log_level\": unknown log level \"loud\"" },
        { "log_level = :dbg\n", "f.conf:1: key \"log_level\": empty module name" },
        { "workers = 1\nworkers = 2\n", "f.conf:2: key \"workers\" given twice" },
        { "workers\n", "f.conf:1: expected \"key = value\"" },
        { " = 3\n", "f.conf:1: missing key before '='" },
        { "ctl =\n", "f.conf:1: key \"ctl\": empty value" },
        { "ctl = \"/tmp/x\n", "f.conf:1: key \"ctl\": missing closing quote" },
        { "ctl = \"/tmp/x\" y\n", "f.conf:1: key \"ctl\": text after closing quote" },
        { "miss_send_len = 65536\n", "f.conf:1: key \"miss_send_len\"" },
    };
    size_t i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct kumod_config c;
        char *error;

        kumod_config_init(&c);
        error = kumod_config_parse_text(&c, cases[i].text, "f.conf");
        if (!error || !strstr(error, cases[i].expect)) {
            fail_msg("case %zu (%s): got \"%s\", want \"%s\"", i,
                     cases[i].text, error ? error : "(no error)",
                     cases[i].expect);
        }
        free(error);
        kumod_config_uninit(&c);
    }
}

static void
test_validate(void **state)
{
    struct kumod_config c;
    char *error;

    (void) state;
    kumod_config_init(&c);
    assert_null(kumod_config_parse_text(&c, "listen = pssl:6653\n", "x"));
    error = kumod_config_validate(&c);
    assert_non_null(error);
    assert_non_null(strstr(error, "pssl: listener needs ssl_key"));
    free(error);
    assert_null(kumod_config_parse_text(&c, "ssl_key = k\nssl_cert = c\n"
                                        "ssl_ca = a\n", "x"));
    assert_null(kumod_config_validate(&c));

    assert_null(kumod_config_set(&c, "log_level", "nosuchmodule:dbg"));
    error = kumod_config_validate(&c);
    assert_non_null(error);
    assert_non_null(strstr(error, "unknown log module \"nosuchmodule\""));
    free(error);
    kumod_config_uninit(&c);

    kumod_config_init(&c);
    assert_null(kumod_config_parse_text(&c, "send_queue_soft = 1m\n"
                                        "send_queue_hard = 64k\n", "x"));
    error = kumod_config_validate(&c);
    assert_non_null(error);
    assert_non_null(strstr(error, "send_queue_hard"));
    free(error);
    kumod_config_uninit(&c);
}

static char *
parse(struct kumod_config *c, enum kumod_action *action, int argc,
      const char *const *argv)
{
    return kumod_config_parse_args(c, argc, (char **) argv, action);
}

static void
test_args(void **state)
{
    char path[] = "/tmp/test-kumod-config-XXXXXX";
    enum kumod_action action;
    struct kumod_config c;
    char *error;
    FILE *f;
    int fd;

    (void) state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("listen = ptcp:7000\nworkers = 3\nctl = /tmp/file.ctl\n", f);
    fclose(f);

    /* Flags override the file wherever they appear. */
    {
        const char *argv[] = { "kumod", "--workers=2", "--config", path,
                               "--listen", "ptcp:7001", "--listen",
                               "punix:/tmp/k.sock", "--syslog",
                               "--log-level", "warn" };
        kumod_config_init(&c);
        error = parse(&c, &action, 11, argv);
        assert_null(error);
        assert_int_equal(action, KUMOD_RUN);
        assert_int_equal(c.n_workers, 2);
        assert_int_equal(c.n_listens, 2);
        assert_string_equal(c.listens[0], "ptcp:7001");
        assert_string_equal(c.ctl_path, "/tmp/file.ctl");
        assert_true(c.syslog);
        kumod_config_uninit(&c);
    }
    {
        const char *argv[] = { "kumod", "--config", path, "--check-config" };
        kumod_config_init(&c);
        assert_null(parse(&c, &action, 4, argv));
        assert_int_equal(action, KUMOD_CHECK_CONFIG);
        assert_int_equal(c.n_listens, 1);
        assert_string_equal(c.listens[0], "ptcp:7000");
        kumod_config_uninit(&c);
    }
    {
        const char *argv[] = { "kumod", "--help" };
        kumod_config_init(&c);
        assert_null(parse(&c, &action, 2, argv));
        assert_int_equal(action, KUMOD_HELP);
        assert_non_null(strstr(kumod_config_usage(), "--check-config"));
        kumod_config_uninit(&c);
    }
    /* Errors. */
    {
        static const struct {
            int argc;
            const char *argv[3];
            const char *expect;
        } cases[] = {
            { 2, { "kumod", "--bogus" }, "unknown option \"--bogus\"" },
            { 2, { "kumod", "--workers" }, "option \"--workers\" needs a value" },
            { 3, { "kumod", "--workers", "x" }, "--workers: key \"workers\": expected an integer" },
            { 2, { "kumod", "extra" }, "unexpected argument \"extra\"" },
            { 3, { "kumod", "--config", "/nonexistent/kumod.conf" }, "/nonexistent/kumod.conf: No such file" },
            { 2, { "kumod", "--help=1" }, "takes no value" },
            { 3, { "kumod", "--listen", "ptcp:x" }, "bad port" },
        };
        size_t i;

        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            kumod_config_init(&c);
            error = parse(&c, &action, cases[i].argc, cases[i].argv);
            if (!error || !strstr(error, cases[i].expect)) {
                fail_msg("case %zu: got \"%s\", want \"%s\"", i,
                         error ? error : "(no error)", cases[i].expect);
            }
            free(error);
            kumod_config_uninit(&c);
        }
    }
    /* A bad file through --config names the file and line. */
    f = fopen(path, "w");
    fputs("workers = 1\nbogus = 2\n", f);
    fclose(f);
    {
        const char *argv[] = { "kumod", "--config", path };
        char expect[256];
        kumod_config_init(&c);
        error = parse(&c, &action, 3, argv);
        assert_non_null(error);
        snprintf(expect, sizeof expect, "%s:2: unknown key \"bogus\"", path);
        assert_string_equal(error, expect);
        free(error);
        kumod_config_uninit(&c);
    }
    unlink(path);
}

/* The shipped example config must stay valid (located from this file's
 * path, which CMake passes absolute). */
static void
test_example_file(void **state)
{
    char path[1024];
    struct kumod_config c;
    const char *slash;
    char *error;

    (void) state;
    slash = strrchr(__FILE__, '/');
    if (!slash || __FILE__[0] != '/') {
        skip();
    }
    snprintf(path, sizeof path, "%.*s/../../src/daemon/kumod.conf.example",
             (int) (slash - __FILE__), __FILE__);
    kumod_config_init(&c);
    error = kumod_config_load_file(&c, path);
    if (error) {
        fail_msg("%s", error);
    }
    assert_null(kumod_config_validate(&c));
    assert_int_equal(c.n_listens, 1);
    assert_int_equal(c.echo_interval_ms, 5000);
    kumod_config_uninit(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_example_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
