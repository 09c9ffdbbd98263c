/* overlay-ctl: the control-socket command "chassis": every chassis'
 * state as the chassis manager last published it (overlay.h), with its
 * VM interfaces.  Runs on the control thread; reads only published
 * copies, so it never waits for the manager thread. */
#include "overlay/overlay-ctl.h"

#include <stdlib.h>
#include <string.h>

#include "core/ctl-cmd.h"
#include "lib/util.h"
#include "overlay/overlay.h"

static const unsigned int encap_bits[] = {
    VNET_ENCAP_VXLAN, VNET_ENCAP_GENEVE, VNET_ENCAP_GRE,
};

static json_t *
encaps_json(unsigned int encaps)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < ARRAY_SIZE(encap_bits); i++) {
        if (encaps & encap_bits[i]) {
            json_array_append_new(a, json_string(
                vnet_encap_to_string(encap_bits[i])));
        }
    }
    return a;
}

static json_t *
tunnels_json(unsigned int tunnels)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < ARRAY_SIZE(encap_bits); i++) {
        if (tunnels & encap_bits[i]) {
            json_array_append_new(a, json_string(
                overlay_conv_port_name(encap_bits[i])));
        }
    }
    return a;
}

static json_t *
null_or_string(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

json_t *
overlay_ctl_chassis_json(const struct overlay_chassis_state *states,
                         size_t n, const struct overlay_vif_set *vifs)
{
    json_t *result = json_array();
    size_t i, j;

    for (i = 0; i < n; i++) {
        const struct overlay_chassis_state *c = &states[i];
        const struct overlay_observed *o = &c->obs;
        json_t *v = json_array();

        for (j = 0; vifs && j < vifs->n; j++) {
            const struct overlay_chassis_vif *cv = &vifs->vifs[j];

            if (strcmp(cv->chassis_uuid, c->uuid)) {
                continue;
            }
            json_array_append_new(v, json_pack(
                "{s:s, s:s, s:I, s:o}", "iface_id", cv->vif.iface_id,
                "name", cv->vif.name, "ofport", (json_int_t) cv->vif.ofport,
                "mac", cv->vif.has_mac ? json_string(cv->vif.mac)
                                       : json_null()));
        }
        json_array_append_new(result, json_pack(
            "{s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:b,"
            " s:{s:b, s:b, s:o, s:o, s:b, s:b},"
            " s:{s:b, s:b}, s:o, s:o, s:o, s:o, s:o, s:o,"
            " s:I, s:I, s:I}",
            "uuid", c->uuid, "name", c->name, "ovsdb_addr", c->ovsdb_addr,
            "tunnel_ip", c->tunnel_ip, "encaps", encaps_json(c->encaps),
            "connected", c->connected, "synced", c->synced,
            "converged", c->converged,
            "bridge", "present", o->bridge_present, "owned", o->bridge_owned,
            "datapath_id", null_or_string(o->datapath_id),
            "datapath_type", null_or_string(o->datapath_type),
            "fail_mode_ok", o->fail_mode_ok, "protocols_ok", o->protocols_ok,
            "controller", "configured", o->controllers_ok,
            "connected", o->controller_connected,
            "tunnels", tunnels_json(o->tunnels),
            "underlay_mtu", o->underlay_mtu ? json_integer(o->underlay_mtu)
                                            : json_null(),
            "mtu_error", null_or_string(c->mtu_error),
            "last_error", null_or_string(c->last_error),
            "problem", null_or_string(o->problem),
            "vifs", v,
            "transactions", (json_int_t) c->n_txns,
            "transaction_failures", (json_int_t) c->n_txn_failures,
            "ovsdb_connects", (json_int_t) c->n_connects));
    }
    return result;
}

static json_t *
chassis_cmd(size_t n_args, char *const args[], void *aux, char **errorp)
{
    struct overlay *ov = aux;
    struct overlay_chassis_state *states;
    const struct overlay_vif_set *vifs;
    json_t *result;
    size_t n;

    (void) n_args;
    (void) args;
    (void) errorp;
    n = overlay_get_chassis(ov, &states);
    vifs = overlay_vifs_get(ov);
    result = overlay_ctl_chassis_json(states, n, vifs);
    overlay_vif_set_release(vifs);
    free(states);
    return result;
}

json_t *
overlay_ctl_chassis_states(void *ov_)
{
    static const char *const config_members[] = {
        "uuid", "name", "ovsdb_addr", "tunnel_ip", "encaps",
    };
    struct overlay *ov = ov_;
    struct overlay_chassis_state *states;
    const struct overlay_vif_set *vifs;
    json_t *all, *result, *c;
    size_t n, i, j;

    if (!ov) {
        return NULL;
    }
    n = overlay_get_chassis(ov, &states);
    vifs = overlay_vifs_get(ov);
    all = overlay_ctl_chassis_json(states, n, vifs);
    overlay_vif_set_release(vifs);
    free(states);
    result = json_object();
    json_array_foreach(all, i, c) {
        char *uuid = xstrdup(json_string_value(json_object_get(c, "uuid")));

        for (j = 0; j < ARRAY_SIZE(config_members); j++) {
            json_object_del(c, config_members[j]);
        }
        json_object_set(result, uuid, c);
        free(uuid);
    }
    json_decref(all);
    return result;
}

void
overlay_ctl_register(struct overlay *ov)
{
    ctl_cmd_register("chassis", "chassis", 0, 0, chassis_cmd, ov);
}
