/* vnet: the pure helpers of the tenant model (see vnet.h): uuids, MAC and
 * IP text forms, enum names, errors, and snapshot lookups. The store
 * itself is vnet-db.c. */
#include "vnet/vnet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

int
vnet_error_set(struct vnet_error *err, int status, const char *field,
               const char *format, ...)
{
    va_list args;

    if (err) {
        err->status = status;
        snprintf(err->field, sizeof err->field, "%s", field ? field : "");
        va_start(args, format);
        vsnprintf(err->message, sizeof err->message, format, args);
        va_end(args);
    }
    return status;
}

void
vnet_uuid_generate(char out[VNET_UUID_SIZE])
{
    uint8_t b[16];
    size_t got = 0;

    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            kumo_fatal("getrandom failed: %s", strerror(errno));
        }
        got += (size_t) n;
    }
    b[6] = (uint8_t) ((b[6] & 0x0f) | 0x40);    /* Version 4. */
    b[8] = (uint8_t) ((b[8] & 0x3f) | 0x80);    /* RFC 4122 variant. */
    snprintf(out, VNET_UUID_SIZE,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
             b[10], b[11], b[12], b[13], b[14], b[15]);
}

static bool
is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
           || (c >= 'A' && c <= 'F');
}

bool
vnet_uuid_normalize(const char *s, char out[VNET_UUID_SIZE])
{
    char tmp[VNET_UUID_SIZE];
    size_t i;

    if (!s || strnlen(s, VNET_UUID_SIZE) != VNET_UUID_SIZE - 1) {
        return false;
    }
    for (i = 0; i < VNET_UUID_SIZE - 1; i++) {
        char c = s[i];

        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return false;
            }
        } else if (!is_hex(c)) {
            return false;
        } else if (c >= 'A' && c <= 'F') {
            c = (char) (c - 'A' + 'a');
        }
        tmp[i] = c;
    }
    tmp[i] = '\0';
    memcpy(out, tmp, sizeof tmp);
    return true;
}

bool
vnet_mac_parse(const char *s, struct eth_addr *mac)
{
    struct eth_addr m;
    size_t i;

    if (!s || strlen(s) != 17) {
        return false;
    }
    for (i = 0; i < 6; i++) {
        const char *p = s + i * 3;
        char hex[3] = { p[0], p[1], '\0' };

        if (!is_hex(p[0]) || !is_hex(p[1])
            || (i < 5 && p[2] != ':' && p[2] != '-')
            || (i > 0 && p[-1] != s[2])) {
            return false;
        }
        m.ea[i] = (uint8_t) strtoul(hex, NULL, 16);
    }
    *mac = m;
    return true;
}

void
vnet_mac_format(const struct eth_addr *mac, char out[18])
{
    snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac->ea[0],
             mac->ea[1], mac->ea[2], mac->ea[3], mac->ea[4], mac->ea[5]);
}

bool
vnet_ip_normalize(const char *s, char out[VNET_IP_SIZE])
{
    uint8_t addr[16];
    char tmp[VNET_IP_SIZE];

    if (!s) {
        return false;
    }
    if (inet_pton(AF_INET, s, addr) == 1) {
        inet_ntop(AF_INET, addr, tmp, sizeof tmp);
    } else if (inet_pton(AF_INET6, s, addr) == 1) {
        inet_ntop(AF_INET6, addr, tmp, sizeof tmp);
    } else {
        return false;
    }
    memcpy(out, tmp, strlen(tmp) + 1);
    return true;
}

static const char *const binding_names[] = {
    [VNET_BIND_NONE] = "none",
    [VNET_BIND_SWITCH_PORT] = "switch-port",
    [VNET_BIND_PORT_VLAN] = "port-vlan",
    [VNET_BIND_MAC] = "mac",
    [VNET_BIND_IFACE_ID] = "iface-id",
};

static const char *const attach_names[] = {
    [VNET_ATTACH_NONE] = "NoAttachment",
    [VNET_ATTACH_VIF] = "VifAttachment",
};

static const char *const unknown_mac_names[] = {
    [VNET_UNKNOWN_MAC_DROP] = "drop",
    [VNET_UNKNOWN_MAC_QUARANTINE] = "quarantine",
};

/* Index of 's' in 'names[n]', or -1. */
static int
name_lookup(const char *const *names, size_t n, const char *s)
{
    size_t i;

    for (i = 0; s && i < n; i++) {
        if (names[i] && !strcmp(names[i], s)) {
            return (int) i;
        }
    }
    return -1;
}

const char *
vnet_binding_kind_to_string(enum vnet_binding_kind kind)
{
    return (unsigned) kind < ARRAY_SIZE(binding_names)
           ? binding_names[kind] : "?";
}

bool
vnet_binding_kind_from_string(const char *s, enum vnet_binding_kind *kind)
{
    int i = name_lookup(binding_names, ARRAY_SIZE(binding_names), s);

    if (i < 0) {
        return false;
    }
    *kind = (enum vnet_binding_kind) i;
    return true;
}

const char *
vnet_attach_type_to_string(enum vnet_attach_type type)
{
    return (unsigned) type < ARRAY_SIZE(attach_names)
           ? attach_names[type] : "?";
}

bool
vnet_attach_type_from_string(const char *s, enum vnet_attach_type *type)
{
    int i = name_lookup(attach_names, ARRAY_SIZE(attach_names), s);

    if (i < 0) {
        return false;
    }
    *type = (enum vnet_attach_type) i;
    return true;
}

const char *
vnet_encap_to_string(enum vnet_encap encap)
{
    switch (encap) {
    case VNET_ENCAP_VXLAN:
        return "vxlan";
    case VNET_ENCAP_GENEVE:
        return "geneve";
    case VNET_ENCAP_GRE:
        return "gre";
    }
    return "?";
}

bool
vnet_encap_from_string(const char *s, enum vnet_encap *encap)
{
    static const enum vnet_encap all[] = {
        VNET_ENCAP_VXLAN, VNET_ENCAP_GENEVE, VNET_ENCAP_GRE,
    };
    size_t i;

    for (i = 0; s && i < ARRAY_SIZE(all); i++) {
        if (!strcmp(s, vnet_encap_to_string(all[i]))) {
            *encap = all[i];
            return true;
        }
    }
    return false;
}

const char *
vnet_unknown_mac_to_string(enum vnet_unknown_mac u)
{
    return (unsigned) u < ARRAY_SIZE(unknown_mac_names)
           ? unknown_mac_names[u] : "?";
}

bool
vnet_unknown_mac_from_string(const char *s, enum vnet_unknown_mac *u)
{
    int i = name_lookup(unknown_mac_names, ARRAY_SIZE(unknown_mac_names), s);

    if (i < 0) {
        return false;
    }
    *u = (enum vnet_unknown_mac) i;
    return true;
}

const struct vnet_tenant *
vnet_snapshot_find_tenant(const struct vnet_snapshot *s, const char *uuid)
{
    size_t i;

    for (i = 0; i < s->n_tenants; i++) {
        if (!strcmp(s->tenants[i].uuid, uuid)) {
            return &s->tenants[i];
        }
    }
    return NULL;
}

const struct vnet_network *
vnet_snapshot_find_network(const struct vnet_snapshot *s, const char *uuid)
{
    size_t i;

    for (i = 0; i < s->n_networks; i++) {
        if (!strcmp(s->networks[i].uuid, uuid)) {
            return &s->networks[i];
        }
    }
    return NULL;
}

const struct vnet_port *
vnet_snapshot_find_port(const struct vnet_snapshot *s, const char *uuid)
{
    size_t i;

    for (i = 0; i < s->n_ports; i++) {
        if (!strcmp(s->ports[i].uuid, uuid)) {
            return &s->ports[i];
        }
    }
    return NULL;
}

void
vnet_snapshot_destroy(const struct vnet_snapshot *s_)
{
    struct vnet_snapshot *s = (struct vnet_snapshot *) s_;

    if (s && __atomic_sub_fetch(&s->refcount_, 1, __ATOMIC_ACQ_REL) == 0) {
        free((void *) s->tenants);
        free((void *) s->networks);
        free((void *) s->ports);
        free((void *) s->chassis);
        free(s);
    }
}
