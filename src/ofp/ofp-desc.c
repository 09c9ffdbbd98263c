/* ofp-desc: see ofp-desc.h. */
#include "ofp/ofp-desc.h"

#include <string.h>

#include "lib/buf.h"
#include "lib/ds.h"
#include "ofp/ofp-msgs.h"
#include "ofp/ofp-multipart.h"


static bool
version_ok(enum ofp_version version)
{
    return version == OFP10_VERSION || version == OFP13_VERSION;
}

enum ofperr
ofp_desc_request_encode(enum ofp_version version, uint32_t xid,
                        struct buf *out)
{
    return ofp_mp_empty_request_encode(version, false, OFPMP_DESC, xid, out);
}

enum ofperr
ofp_desc_request_decode(const struct ofp_header *oh)
{
    return ofp_mp_empty_request_decode(oh, false, OFPMP_DESC);
}

/* Copies the fixed-width wire string 'src' of 'width' bytes into 'dst'
 * (width + 1 bytes). */
static void
get_string(char *dst, const char *src, size_t width)
{
    size_t n = strnlen(src, width);

    memcpy(dst, src, n);
    memset(dst + n, 0, width + 1 - n);
}

static void
put_string(char *dst, const char *src, size_t width)
{
    size_t n = strnlen(src, width);

    memcpy(dst, src, n);
    memset(dst + n, 0, width - n);
}

enum ofperr
ofp_desc_decode(struct ofp_desc *desc, const struct ofp_header *oh)
{
    const struct ofp_desc_stats *ods;
    struct ofp_mp_iter iter;
    enum ofperr error;

    memset(desc, 0, sizeof *desc);
    error = ofp_mp_iter_init_msg(&iter, oh, true, OFPMP_DESC);
    if (error) {
        return error;
    }
    if (iter.body.size != sizeof *ods) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ods = (const void *) iter.body.data;
    get_string(desc->mfr_desc, ods->mfr_desc, DESC_STR_LEN);
    get_string(desc->hw_desc, ods->hw_desc, DESC_STR_LEN);
    get_string(desc->sw_desc, ods->sw_desc, DESC_STR_LEN);
    get_string(desc->serial_num, ods->serial_num, SERIAL_NUM_LEN);
    get_string(desc->dp_desc, ods->dp_desc, DESC_STR_LEN);
    return 0;
}

enum ofperr
ofp_desc_encode(const struct ofp_desc *desc, enum ofp_version version,
                uint32_t xid, struct buf *out)
{
    struct ofp_desc_stats *ods;
    size_t start;

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    start = ofp_mp_start(out, version, true, OFPMP_DESC, 0, xid);
    ods = buf_put_uninit(out, sizeof *ods);
    put_string(ods->mfr_desc, desc->mfr_desc, DESC_STR_LEN);
    put_string(ods->hw_desc, desc->hw_desc, DESC_STR_LEN);
    put_string(ods->sw_desc, desc->sw_desc, DESC_STR_LEN);
    put_string(ods->serial_num, desc->serial_num, SERIAL_NUM_LEN);
    put_string(ods->dp_desc, desc->dp_desc, DESC_STR_LEN);
    return ofp_multipart_msg_end(out, start);
}

void
ofp_desc_format(struct ds *s, const struct ofp_desc *desc)
{
    ds_put_format(s, "\nManufacturer: %s", desc->mfr_desc);
    ds_put_format(s, "\nHardware: %s", desc->hw_desc);
    ds_put_format(s, "\nSoftware: %s", desc->sw_desc);
    ds_put_format(s, "\nSerial Num: %s", desc->serial_num);
    ds_put_format(s, "\nDP Description: %s", desc->dp_desc);
}
