/* libFuzzer target for the OpenFlow codec and printer.
 *
 * The input is a byte stream of one or more OpenFlow messages, as a switch
 * might send. Every message that frames (ofp_msg_decode_type) goes through
 * the printer, which runs the module decoder and formatter for its type;
 * the whole input also goes through the stream printer. Where the decode
 * succeeds, the message is re-encoded (ofp_print_reencode): the canonical
 * bytes must decode again, re-encode to themselves (encode(decode()) is
 * idempotent) and print the same text. Violations abort, which libFuzzer
 * reports as a crash. Sanitizers catch out-of-bounds reads and leaks.
 *
 * In ordinary builds this file is linked with replay-main.c and replays the
 * committed corpus (tests/fuzz/corpus/ofp-decode) and regressions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-print.h"
#include "openflow/openflow-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_fail(const char *what, const void *msg, size_t size,
          const struct ds *a, const struct ds *b)
{
    struct ds hex = DS_EMPTY_INITIALIZER;

    ds_put_hex(&hex, msg, size);
    fprintf(stderr, "fuzz-ofp-decode: %s\nmessage: %s\n", what,
            ds_cstr(&hex));
    if (a) {
        fprintf(stderr, "first:\n%s\n", a->string ? a->string : "");
    }
    if (b) {
        fprintf(stderr, "second:\n%s\n", b->string ? b->string : "");
    }
    ds_destroy(&hex);
    abort();
}

/* Checks the canonical round trip of one framed, cleanly decoding message
 * 'oh' of 'size' bytes whose print is 'text'. */
static void
check_reencode(const struct ofp_header *oh, size_t size, struct ds *text)
{
    struct buf b1, b2;
    struct ds text1 = DS_EMPTY_INITIALIZER;
    enum ofperr error;

    buf_init(&b1, size + 64);
    buf_init(&b2, size + 64);
    error = ofp_print_reencode(oh, size, &b1);
    if (!error) {
        /* The canonical form must be accepted by our own decoder ... */
        if (ofp_print(&text1, b1.data, b1.size)) {
            fuzz_fail("re-encoded message does not decode", b1.data,
                      b1.size, &text1, NULL);
        }
        /* ... be a fixed point of decode + encode ... */
        if (ofp_print_reencode((const void *) b1.data, b1.size, &b2)
            || b1.size != b2.size || memcmp(b1.data, b2.data, b1.size)) {
            fuzz_fail("encode(decode()) is not idempotent", b1.data,
                      b1.size, NULL, NULL);
        }
        /* ... and say the same as the original (the printer shows
         * decoded fields, not sizes, so normalized padding does not
         * show). */
        if (strcmp(ds_cstr(&text1), ds_cstr(text))) {
            fuzz_fail("re-encoded message prints differently", oh, size,
                      text, &text1);
        }
    }
    ds_destroy(&text1);
    buf_uninit(&b1);
    buf_uninit(&b2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t ofs = 0;

    /* The stream printer over everything, as kumoctl ofp-print does. */
    ofp_print_stream(&s, data, size);

    /* Then each framed message on its own, plus its round trip. */
    while (size - ofs >= sizeof(struct ofp_header)) {
        size_t len = (size_t) data[ofs + 2] << 8 | data[ofs + 3];
        enum ofptype type;
        enum ofperr error;

        if (len < sizeof(struct ofp_header) || len > size - ofs) {
            break;
        }
        /* A private, aligned copy of exactly the message, so that ASan
         * flags any read past the message itself. */
        uint8_t *copy = malloc(len);
        memcpy(copy, data + ofs, len);
        ds_clear(&s);
        error = ofp_msg_decode_type((const void *) copy, len, &type);
        if (!error) {
            error = ofp_print(&s, copy, len);
            if (!error) {
                check_reencode((const void *) copy, len, &s);
            }
        }
        free(copy);
        ofs += len;
    }
    ds_destroy(&s);
    return 0;
}
