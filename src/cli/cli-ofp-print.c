/* kumoctl ofp-print HEX...: decodes OpenFlow messages given as hex on the
 * command line (all arguments joined) or, without arguments, on stdin. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "lib/hex.h"
#include "ofp/ofp-print.h"

static int
ofp_print_run(const struct cli_options *opts, int argc, char *argv[])
{
    struct ds text = DS_EMPTY_INITIALIZER;
    struct buf msg;
    const char *herr = NULL;
    enum ofperr error;
    int i;

    (void) opts;
    buf_init(&msg, 256);
    if (argc > 0) {
        for (i = 0; i < argc && !herr; i++) {
            herr = hex_decode(argv[i], &msg);
        }
    } else {
        /* Read everything first: a hex pair may straddle any read
         * boundary. */
        struct ds in = DS_EMPTY_INITIALIZER;
        char chunk[4096];
        size_t n;

        while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
            ds_put_buffer(&in, chunk, n);
        }
        herr = hex_decode(ds_cstr(&in), &msg);
        ds_destroy(&in);
    }
    if (herr) {
        fprintf(stderr, "kumoctl ofp-print: %s\n", herr);
        buf_uninit(&msg);
        return 2;
    }
    if (msg.size == 0) {
        fprintf(stderr, "kumoctl ofp-print: no bytes given\n");
        buf_uninit(&msg);
        return 2;
    }
    error = ofp_print_stream(&text, msg.data, msg.size);
    fputs(ds_cstr(&text), stdout);
    if (error) {
        fprintf(stderr, "kumoctl ofp-print: %s\n", ofperr_get_name(error));
    }
    ds_destroy(&text);
    buf_uninit(&msg);
    return error ? 1 : 0;
}

const struct cli_command cli_ofp_print_command = {
    "ofp-print", "ofp-print [HEX...]",
    "decode OpenFlow messages given as hex (or on stdin)",
    ofp_print_run,
};
