/* ofp-errors: OpenFlow errors as one version-independent enum.
 *
 * Codec functions return enum ofperr: 0 for success, otherwise a value that
 * maps straight to the (type, code) of an OFPT_ERROR reply in the version
 * being spoken. The values live above the errno range, so a function may
 * return either a positive errno or an ofperr through one 'int'. */
#ifndef KUMO_OFP_ERRORS_H
#define KUMO_OFP_ERRORS_H 1

#include <stdbool.h>
#include <stdint.h>

#define OFPERR_OFS (1 << 30)

enum ofperr {
    OFPERR_NONE = 0,
    OFPERR_FIRST_ = OFPERR_OFS - 1,
#define OFPERR_DEF(ENUM, NAME, T10, C10, T13, C13) OFPERR_##ENUM,
#include "ofp/ofp-errors.def"
#undef OFPERR_DEF
    OFPERR_LAST_
};

#define OFPERR_N_ERRORS (OFPERR_LAST_ - OFPERR_OFS)

/* Error types that exist in both versions, by name, for decoding raw
 * ERROR messages whose (type, code) we do not know. */
#define OFPET_EXPERIMENTER 0xffff

static inline bool
ofperr_is_valid(int error)
{
    return error >= OFPERR_OFS && error < OFPERR_LAST_;
}

/* Returns the spec name ("OFPBRC_BAD_LEN"), or "OFPERR_UNKNOWN". */
const char *ofperr_get_name(enum ofperr);
/* Looks up an error by name; returns 0 if unknown. */
enum ofperr ofperr_from_name(const char *);
/* Sets *type and *code for 'error' in OpenFlow 'version' (1 = 1.0,
 * 4 = 1.3). Returns false if the error does not exist in that version; then
 * the type and code are set to the closest generic error of that version
 * (OFPBRC_EPERM for 1.0). */
bool ofperr_encode_type_code(enum ofperr, uint8_t version,
                             uint16_t *type, uint16_t *code);
/* Maps (version, type, code) from a received ERROR to an enum ofperr;
 * returns 0 if unknown. */
enum ofperr ofperr_decode_type_code(uint8_t version, uint16_t type,
                                    uint16_t code);
/* Name of an error type in 'version' ("BAD_REQUEST"), or NULL. */
const char *ofperr_type_name(uint8_t version, uint16_t type);

#endif /* ofp-errors.h */
