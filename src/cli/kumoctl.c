/* kumoctl: the command-line client. Dispatches subcommands; each lives in
 * its own file (cli-*.c) and registers in the table below. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const struct cli_command *const commands[] = {
    &cli_switches_command,
    &cli_ports_command,
    &cli_flows_command,
    &cli_macs_command,
    &cli_counters_command,
    &cli_topology_command,
    &cli_path_command,
    &cli_chassis_command,
    &cli_log_level_command,
    &cli_log_levels_command,
    &cli_shutdown_command,
    &cli_ofp_print_command,
};

static void
usage(FILE *out)
{
    size_t i;

    fprintf(out, "usage: kumoctl [--json] [--ctl PATH] COMMAND [ARG...]\n"
            "commands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(out, "  %-24s %s\n", commands[i]->usage, commands[i]->help);
    }
}

int
main(int argc, char *argv[])
{
    struct cli_options opts = { .json = false, .ctl_path = NULL };
    int i;
    size_t j;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--json")) {
            opts.json = true;
        } else if (!strcmp(argv[i], "--ctl") && i + 1 < argc) {
            opts.ctl_path = argv[++i];
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
