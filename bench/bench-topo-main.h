/* bench-topo-main: the command line of kumo-bench's topology mode
 * ("kumo-bench --topo SPEC ..."): options, and the text or JSON output of
 * the live run (bench-topo-run.h) or of the in-process micro-benchmarks
 * (--calc, bench-topo-calc.h). */
#ifndef KUMO_BENCH_TOPO_MAIN_H
#define KUMO_BENCH_TOPO_MAIN_H 1

#include <stdbool.h>

/* True if 'argv' asks for topology mode (has a "--topo" option). */
bool bench_topo_main_wanted(int argc, char *argv[]);

/* Runs topology mode with kumo-bench's whole command line. Returns the
 * exit status: 0, 1 (the run failed), 2 (bad usage). */
int bench_topo_main(int argc, char *argv[]);

#endif /* bench-topo-main.h */
