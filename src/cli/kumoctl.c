/* kumoctl: the command-line client. Dispatches subcommands; each lives in
 * its own file (cli-*.c) and registers in the table below. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const struct cli_command *const commands[] = {
    &cli_switches_command,
    &cli_ports_command,
    &cli_vnet_flows_command,
    &cli_macs_command,
    &cli_counters_command,
    &cli_topology_command,
    &cli_path_command,
    &cli_chassis_command,
    &cli_tenant_command,
    &cli_network_command,
    &cli_port_command,
    &cli_log_level_command,
    &cli_log_levels_command,
    &cli_shutdown_command,
    &cli_ofp_print_command,
};

static void
usage(FILE *out)
{
    size_t i;

    fprintf(out, "usage: kumoctl [--json] [--ctl PATH] [--api URL] "
            "[--token T | --token-file F]\n"
            "               COMMAND [ARG...]\n"
            "commands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(out, "  %-32s %s\n", commands[i]->usage, commands[i]->help);
    }
    fprintf(out, "options:\n"
            "  --json             JSON output for scripts\n"
            "  --ctl PATH         kumod's control socket (default "
            "/run/kumo/kumod.ctl, $KUMO_CTL)\n"
            "  --api URL          kumod's REST API (default "
            "http://127.0.0.1:8181, $KUMO_API)\n"
            "  --token T          API bearer token ($KUMO_API_TOKEN)\n"
            "  --token-file F     read the token from the first line of F\n"
            "exit status: 0 ok, 1 kumod or its API reported an error, "
            "2 usage error,\n"
            "3 kumod (control socket or API) unreachable\n");
}

int
main(int argc, char *argv[])
{
    struct cli_options opts = { .json = false, .ctl_path = NULL,
                                .api_url = NULL, .token = NULL,
                                .token_file = NULL };
    int i;
    size_t j;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--json")) {
            opts.json = true;
        } else if (!strcmp(argv[i], "--ctl") && i + 1 < argc) {
            opts.ctl_path = argv[++i];
        } else if (!strcmp(argv[i], "--api") && i + 1 < argc) {
            opts.api_url = argv[++i];
        } else if (!strcmp(argv[i], "--token") && i + 1 < argc) {
            opts.token = argv[++i];
        } else if (!strcmp(argv[i], "--token-file") && i + 1 < argc) {
            opts.token_file = argv[++i];
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "kumoctl: unknown option \"%s\"\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[i], "help")) {
        usage(stdout);
        return 0;
    }
    for (j = 0; j < sizeof commands / sizeof commands[0]; j++) {
        if (!strcmp(argv[i], commands[j]->name)) {
            return commands[j]->run(&opts, argc - i - 1, argv + i + 1);
        }
    }
    fprintf(stderr, "kumoctl: unknown command \"%s\" (try \"kumoctl help\")\n",
            argv[i]);
    return 2;
}
