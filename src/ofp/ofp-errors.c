/* ofp-errors: see ofp-errors.h. Table-driven from ofp-errors.def. */
#include "ofp/ofp-errors.h"

#include <string.h>

#include "lib/util.h"

struct ofperr_info {
    const char *name;
    int t10, c10, t13, c13;
};

static const struct ofperr_info infos[] = {
#define OFPERR_DEF(ENUM, NAME, T10, C10, T13, C13) { NAME, T10, C10, T13, C13 },
#include "ofp/ofp-errors.def"
#undef OFPERR_DEF
};

static const struct ofperr_info *
info_of(enum ofperr error)
{
    return ofperr_is_valid((int) error) ? &infos[error - OFPERR_OFS] : NULL;
}

const char *
ofperr_get_name(enum ofperr error)
{
    const struct ofperr_info *info = info_of(error);
    return info ? info->name : "OFPERR_UNKNOWN";
}

enum ofperr
ofperr_from_name(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(infos); i++) {
        if (!strcmp(infos[i].name, name)) {
            return (enum ofperr) (OFPERR_OFS + (int) i);
        }
    }
    return 0;
}

bool
ofperr_encode_type_code(enum ofperr error, uint8_t version,
                        uint16_t *type, uint16_t *code)
{
    const struct ofperr_info *info = info_of(error);
    int t = -1, c = -1;

    if (info) {
        t = version == 1 ? info->t10 : info->t13;
        c = version == 1 ? info->c10 : info->c13;
    }
    if (t < 0) {
        /* Not expressible in this version: the generic "not permitted". */
        *type = 1;
        *code = 5;
        return false;
    }
    *type = (uint16_t) t;
    *code = (uint16_t) c;
    return true;
}

enum ofperr
ofperr_decode_type_code(uint8_t version, uint16_t type, uint16_t code)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(infos); i++) {
        int t = version == 1 ? infos[i].t10 : infos[i].t13;
        int c = version == 1 ? infos[i].c10 : infos[i].c13;
        if (t == type && c == code) {
            return (enum ofperr) (OFPERR_OFS + (int) i);
        }
    }
    return 0;
}

const char *
ofperr_type_name(uint8_t version, uint16_t type)
{
    static const char *const names10[] = {
        "HELLO_FAILED", "BAD_REQUEST", "BAD_ACTION", "FLOW_MOD_FAILED",
        "PORT_MOD_FAILED", "QUEUE_OP_FAILED",
    };
    static const char *const names13[] = {
        "HELLO_FAILED", "BAD_REQUEST", "BAD_ACTION", "BAD_INSTRUCTION",
        "BAD_MATCH", "FLOW_MOD_FAILED", "GROUP_MOD_FAILED", "PORT_MOD_FAILED",
        "TABLE_MOD_FAILED", "QUEUE_OP_FAILED", "SWITCH_CONFIG_FAILED",
        "ROLE_REQUEST_FAILED", "METER_MOD_FAILED", "TABLE_FEATURES_FAILED",
    };

    if (type == OFPET_EXPERIMENTER) {
        return "EXPERIMENTER";
    }
    if (version == 1) {
        return type < ARRAY_SIZE(names10) ? names10[type] : NULL;
    }
    return type < ARRAY_SIZE(names13) ? names13[type] : NULL;
}
