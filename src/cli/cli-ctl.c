/* kumoctl commands that talk to a running kumod over its control socket:
 * switches, ports, flows, macs, counters, log-level, log-levels,
 * shutdown.
 *
 * Each command sends one request line and prints the reply: an aligned
 * table by default (src/core/ctl-table.c), the bare JSON result with
 * --json. Exit status: 0 success, 1 the daemon reported an error, 2 usage
 * error, 3 the daemon could not be reached or answered garbage. */
#include "cli/cli.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/ctl-proto.h"
#include "core/ctl-table.h"
#include "lib/ds.h"
#include "lib/util.h"

#define CLI_CTL_DEFAULT_PATH "/run/kumo/kumod.ctl"
#define CLI_CTL_TIMEOUT_MS 30000

enum {
    EXIT_DAEMON_ERROR = 1,
    EXIT_USAGE = 2,
    EXIT_UNREACHABLE = 3,
};

/* Returns the control socket path: --ctl, else $KUMO_CTL, else the
 * default. */
static const char *
ctl_path(const struct cli_options *opts)
{
    const char *env = getenv("KUMO_CTL");

    return opts->ctl_path ? opts->ctl_path
           : env && *env ? env : CLI_CTL_DEFAULT_PATH;
}

/* Connects to 'path'. Returns the fd, or -1 after printing why. */
static int
ctl_connect(const char *path)
{
    struct sockaddr_un sun;
    int fd;

    if (strlen(path) >= sizeof sun.sun_path) {
        fprintf(stderr, "kumoctl: control socket path too long: %s\n", path);
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fprintf(stderr, "kumoctl: socket: %s\n", strerror(errno));
        return -1;
    }
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    if (connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        int error = errno;

        fprintf(stderr, "kumoctl: cannot connect to kumod at %s: %s%s\n",
                path, strerror(error),
                error == ENOENT || error == ECONNREFUSED
                ? " (is kumod running?)" : "");
        close(fd);
        return -1;
    }
    return fd;
}

static int
write_all(int fd, const char *data, size_t size)
{
    while (size > 0) {
        ssize_t n = send(fd, data, size, MSG_NOSIGNAL);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        data += n;
        size -= (size_t) n;
    }
    return 0;
}

/* Reads one line (without its newline) into 's'. Returns 0, EPROTO if the
 * peer closed first, ETIMEDOUT, or an errno. */
static int
read_line(int fd, struct ds *s)
{
    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        char chunk[4096];
        char *nl;
        ssize_t n;
        int r = poll(&pfd, 1, CLI_CTL_TIMEOUT_MS);

        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        } else if (r == 0) {
            return ETIMEDOUT;
        }
        n = read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        } else if (n == 0) {
            return EPROTO;
        }
        nl = memchr(chunk, '\n', (size_t) n);
        ds_put_buffer(s, chunk, nl ? (size_t) (nl - chunk) : (size_t) n);
        if (nl) {
            return 0;
        }
    }
}

int
cli_ctl_call(const struct cli_options *opts, const char *cmd, size_t n_args,
             char *const args[], json_t **resultp)
{
    const char *path = ctl_path(opts);
    struct ds reply = DS_EMPTY_INITIALIZER;
    char *request, *error = NULL, *daemon_error = NULL;
    json_t *result = NULL;
    bool ok;
    int fd, err;

    *resultp = NULL;
    fd = ctl_connect(path);
    if (fd < 0) {
        return EXIT_UNREACHABLE;
    }
    request = ctl_proto_build_request(cmd, n_args, args);
    err = write_all(fd, request, strlen(request));
    free(request);
    if (!err) {
        err = read_line(fd, &reply);
    }
    close(fd);
    if (err) {
        fprintf(stderr, "kumoctl: %s: %s\n", path,
                err == EPROTO ? "kumod closed the connection without a reply"
                : err == ETIMEDOUT ? "no reply from kumod (timed out)"
                : strerror(err));
        ds_destroy(&reply);
        return EXIT_UNREACHABLE;
    }
    error = ctl_proto_parse_reply(reply.string ? reply.string : "",
                                  reply.length, &ok, &result, &daemon_error);
    ds_destroy(&reply);
    if (error) {
        fprintf(stderr, "kumoctl: bad reply from kumod: %s\n", error);
        free(error);
        return EXIT_UNREACHABLE;
    }
    if (!ok) {
        fprintf(stderr, "kumoctl: %s: %s\n", cmd, daemon_error);
        free(daemon_error);
        return EXIT_DAEMON_ERROR;
    }
    *resultp = result;
    return 0;
}

void
cli_print_json(const json_t *result)
{
    char *text = json_dumps(result, JSON_INDENT(2) | JSON_ENCODE_ANY);

    printf("%s\n", text ? text : "null");
    free(text);
}

/* Sends command 'cmd' with 'args' and prints the result (table or JSON).
 * Returns the exit status. */
static int
ctl_run(const struct cli_options *opts, const char *cmd, size_t n_args,
        char *const args[])
{
    json_t *result;
    char *error;
    int status = cli_ctl_call(opts, cmd, n_args, args, &result);

    if (status) {
        return status;
    }
    if (opts->json) {
        cli_print_json(result);
    } else {
        struct ds out = DS_EMPTY_INITIALIZER;

        error = ctl_table_render(&out, cmd, result);
        if (error) {
            fprintf(stderr, "kumoctl: unexpected result from kumod: %s\n",
                    error);
            free(error);
            status = EXIT_UNREACHABLE;
        } else if (out.length) {
            fputs(ds_cstr(&out), stdout);
        }
        ds_destroy(&out);
    }
    json_decref(result);
    return status;
}

/* Checks that a command got exactly 'n' arguments. */
static bool
check_argc(const char *usage, int argc, int n)
{
    if (argc != n) {
        fprintf(stderr, "kumoctl: usage: kumoctl %s\n", usage);
        return false;
    }
    return true;
}

/* Runs a command whose only argument is a DPID, normalizing it. */
static int
run_dpid_command(const struct cli_options *opts, const char *cmd,
                 const char *usage, int argc, char *argv[])
{
    char dpid_text[17];
    char *args[1] = { dpid_text };
    uint64_t dpid;

    if (!check_argc(usage, argc, 1)) {
        return EXIT_USAGE;
    }
    if (!ctl_proto_parse_dpid(argv[0], &dpid)) {
        fprintf(stderr, "kumoctl: \"%s\" is not a datapath id (use decimal, "
                "0x-prefixed hex or 16 hex digits)\n", argv[0]);
        return EXIT_USAGE;
    }
    ctl_proto_format_dpid(dpid, dpid_text);
    return ctl_run(opts, cmd, 1, args);
}

static int
switches_run(const struct cli_options *opts, int argc, char *argv[])
{
    (void) argv;
    return check_argc("switches", argc, 0)
           ? ctl_run(opts, "switches", 0, NULL) : EXIT_USAGE;
}

static int
ports_run(const struct cli_options *opts, int argc, char *argv[])
{
    return run_dpid_command(opts, "ports", "ports DPID", argc, argv);
}

static int
flows_run(const struct cli_options *opts, int argc, char *argv[])
{
    return run_dpid_command(opts, "flows", "flows DPID", argc, argv);
}

static int
macs_run(const struct cli_options *opts, int argc, char *argv[])
{
    return run_dpid_command(opts, "macs", "macs DPID", argc, argv);
}

static int
counters_run(const struct cli_options *opts, int argc, char *argv[])
{
    (void) argv;
    return check_argc("counters", argc, 0)
           ? ctl_run(opts, "counters", 0, NULL) : EXIT_USAGE;
}

static int
log_level_run(const struct cli_options *opts, int argc, char *argv[])
{
    return check_argc("log-level MODULE LEVEL", argc, 2)
           ? ctl_run(opts, "log-level", 2, argv) : EXIT_USAGE;
}

static int
log_levels_run(const struct cli_options *opts, int argc, char *argv[])
{
    (void) argv;
    return check_argc("log-levels", argc, 0)
           ? ctl_run(opts, "log-levels", 0, NULL) : EXIT_USAGE;
}

static int
shutdown_run(const struct cli_options *opts, int argc, char *argv[])
{
    (void) argv;
    return check_argc("shutdown", argc, 0)
           ? ctl_run(opts, "shutdown", 0, NULL) : EXIT_USAGE;
}

const struct cli_command cli_switches_command = {
    "switches", "switches",
    "list connected switches", switches_run,
};
const struct cli_command cli_ports_command = {
    "ports", "ports DPID",
    "list a switch's ports", ports_run,
};
const struct cli_command cli_flows_command = {
    "flows", "flows DPID",
    "read a switch's flow table (flow stats)", flows_run,
};
const struct cli_command cli_macs_command = {
    "macs", "macs DPID",
    "list the MAC addresses the learning switch knows", macs_run,
};
const struct cli_command cli_counters_command = {
    "counters", "counters",
    "show daemon and per-switch counters", counters_run,
};
const struct cli_command cli_log_level_command = {
    "log-level", "log-level MODULE LEVEL",
    "set a log level (MODULE or all; off/err/warn/info/dbg)", log_level_run,
};
const struct cli_command cli_log_levels_command = {
    "log-levels", "log-levels",
    "list log modules and their levels", log_levels_run,
};
const struct cli_command cli_shutdown_command = {
    "shutdown", "shutdown",
    "stop kumod cleanly", shutdown_run,
};
