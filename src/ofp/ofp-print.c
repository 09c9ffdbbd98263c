/* ofp-print: see ofp-print.h. */
#include "ofp/ofp-print.h"

#include "lib/ds.h"
#include "lib/util.h"
#include "openflow/openflow-common.h"

enum ofperr
ofp_print(struct ds *s, const void *data, size_t size)
{
    const struct ofp_header *oh = data;

    if (size < sizeof *oh) {
        ds_put_format(s, "(***truncated header: %zu bytes***) %s",
                      size, ofperr_get_name(OFPERR_OFPBRC_BAD_LEN));
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ds_put_format(s, "version=0x%02x type=%u length=%u xid=0x%08x",
                  oh->version, oh->type, ntohs(oh->length), ntohl(oh->xid));
    if (ntohs(oh->length) != size) {
        ds_put_format(s, " (***length mismatch: %zu bytes***) %s", size,
                      ofperr_get_name(OFPERR_OFPBRC_BAD_LEN));
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

enum ofperr
ofp_print_stream(struct ds *s, const void *data_, size_t size)
{
    const uint8_t *data = data_;

    while (size > 0) {
        const struct ofp_header *oh = (const void *) data;
        size_t len;
        enum ofperr error;

        if (size < sizeof *oh) {
            ds_put_format(s, "(***%zu trailing bytes: truncated header***) %s\n",
                          size, ofperr_get_name(OFPERR_OFPBRC_BAD_LEN));
            return OFPERR_OFPBRC_BAD_LEN;
        }
        len = ntohs(oh->length);
        if (len < sizeof *oh || len > size) {
            ds_put_format(s, "(***header says %zu bytes, %zu available***) %s\n",
                          len, size, ofperr_get_name(OFPERR_OFPBRC_BAD_LEN));
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = ofp_print(s, data, len);
        ds_put_char(s, '\n');
        if (error) {
            return error;
        }
        data += len;
        size -= len;
    }
    return 0;
}
