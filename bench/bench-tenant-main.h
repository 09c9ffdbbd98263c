/* bench-tenant-main: the command line of kumo-bench's tenant-network
 * modes (issue 5 item 10): "kumo-bench --tenant-calc ..." (in-process
 * micro-benchmarks, bench-tenant-calc.h) and "kumo-bench --tenant ..."
 * (a live run against kumod's OpenFlow listener and REST API,
 * bench-tenant-run.h); options, and the text or JSON output. */
#ifndef KUMO_BENCH_TENANT_MAIN_H
#define KUMO_BENCH_TENANT_MAIN_H 1

#include <stdbool.h>

/* True if 'argv' asks for a tenant mode ("--tenant" or "--tenant-calc"). */
bool bench_tenant_main_wanted(int argc, char *argv[]);

/* Runs the tenant mode with kumo-bench's whole command line. Returns the
 * exit status: 0, 1 (the run failed), 2 (bad usage). */
int bench_tenant_main(int argc, char *argv[]);

#endif /* bench-tenant-main.h */
