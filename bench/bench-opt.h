/* bench-opt: the command-line helpers that kumo-bench's modes share
 * (kumo-bench.c, bench-topo-main.c, bench-tenant-main.c): spotting a
 * mode's option before getopt runs, parsing integer and HOST:PORT option
 * arguments, refusing leftover operands, reporting errors. A bad
 * argument is a usage error: the helpers print why to stderr and exit
 * with status 2, the status every mode returns for bad usage. */
#ifndef KUMO_BENCH_OPT_H
#define KUMO_BENCH_OPT_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

/* True if 'argv' (of 'argc' words, argv[0] the program) holds the long
 * option "--NAME" or "--NAME=...", 'name' without its dashes. */
bool bench_opt_given(int argc, char *argv[], const char *name);

/* Returns the decimal integer 's' given to 'option' (named in the error),
 * which must lie in [min, max]; exits with status 2 if it does not. */
uint32_t bench_opt_uint(const char *option, const char *s, uint32_t min,
                        uint32_t max);

/* Parses "HOST:PORT" 's' given to 'option' into '*sin'; exits with status
 * 2 if it is not one. */
void bench_opt_hostport(const char *option, const char *s,
                        struct sockaddr_in *sin);

/* After getopt_long() has returned -1: exits with status 2 if 'argv'
 * holds an operand (a word that is no option) at 'optind'. */
void bench_opt_no_operands(int argc, char *argv[]);

/* Prints 'error' (takes ownership) to stderr as kumo-bench's and returns
 * 'status', the exit status it calls for. */
int bench_opt_fail(char *error, int status);

#endif /* bench-opt.h */
