/* cli: shared declarations of kumoctl's subcommands. */
#ifndef KUMO_CLI_H
#define KUMO_CLI_H 1

#include <stdbool.h>

struct cli_options {
    bool json;              /* --json: machine-readable output. */
    const char *ctl_path;   /* --ctl: kumod control socket, or NULL. */
};

struct cli_command {
    const char *name;
    const char *usage;
    const char *help;
    /* Runs the command with the arguments after its name; returns the exit
     * status. */
    int (*run)(const struct cli_options *, int argc, char *argv[]);
};

extern const struct cli_command cli_ofp_print_command;
/* Control-socket commands (cli-ctl.c). */
extern const struct cli_command cli_switches_command;
extern const struct cli_command cli_ports_command;
extern const struct cli_command cli_flows_command;
extern const struct cli_command cli_macs_command;
extern const struct cli_command cli_counters_command;
extern const struct cli_command cli_log_level_command;
extern const struct cli_command cli_log_levels_command;
extern const struct cli_command cli_shutdown_command;

#endif /* cli.h */
