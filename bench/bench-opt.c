/* bench-opt: see bench-opt.h. */
#include "bench-opt.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-io.h"

/* Looks for "--NAME" or "--NAME=..." in 'argv'. */
bool
bench_opt_given(int argc, char *argv[], const char *name)
{
    size_t len = strlen(name);
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!strncmp(a, "--", 2) && !strncmp(a + 2, name, len)
            && (a[2 + len] == '\0' || a[2 + len] == '=')) {
            return true;
        }
    }
    return false;
}

/* Parses an integer option argument or exits. */
uint32_t
bench_opt_uint(const char *option, const char *s, uint32_t min, uint32_t max)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max) {
        fprintf(stderr, "kumo-bench: %s: \"%s\" is not an integer in "
                "[%u, %u]\n", option, s, min, max);
        exit(2);
    }
    return v;
}

/* Parses a HOST:PORT option argument or exits. */
void
bench_opt_hostport(const char *option, const char *s, struct sockaddr_in *sin)
{
    char *error = bench_io_parse_hostport(s, sin);

    if (error) {
        fprintf(stderr, "kumo-bench: %s: %s\n", option, error);
        free(error);
        exit(2);
    }
}

/* Refuses operands left after the options. */
void
bench_opt_no_operands(int argc, char *argv[])
{
    if (optind < argc) {
        fprintf(stderr, "kumo-bench: unexpected argument \"%s\"\n",
                argv[optind]);
        exit(2);
    }
}

/* Reports an error. */
int
bench_opt_fail(char *error, int status)
{
    fprintf(stderr, "kumo-bench: %s\n", error);
    free(error);
    return status;
}
