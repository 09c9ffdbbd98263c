/* Unit tests of the chassis manager's control-socket result (the JSON
 * behind "kumoctl chassis --json") and of overlay_controller parsing.
 * Pure: states and VIF sets are built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "overlay/overlay-ctl.h"
#include "overlay/overlay.h"

static void
test_chassis_json(void **state)
{
    struct overlay_chassis_state st[2];
    struct overlay_chassis_vif vifs[2];
    struct overlay_vif_set set;
    json_t *r, *c;

    (void) state;
    memset(st, 0, sizeof st);
    strcpy(st[0].uuid, "11111111-1111-4111-8111-111111111111");
    strcpy(st[0].name, "hv1");
    strcpy(st[0].ovsdb_addr, "unix:/run/hv1.sock");
    strcpy(st[0].tunnel_ip, "198.18.0.1");
    st[0].encaps = VNET_ENCAP_VXLAN | VNET_ENCAP_GRE;
    st[0].connected = st[0].synced = st[0].converged = true;
    st[0].obs.bridge_present = st[0].obs.bridge_owned = true;
    st[0].obs.controllers_ok = true;
    st[0].obs.tunnels = VNET_ENCAP_GRE;
    st[0].obs.underlay_mtu = 1500;
    strcpy(st[0].obs.datapath_id, "0000aabbccddeeff");
    strcpy(st[0].mtu_error, "underlay MTU 1500 cannot carry");
    st[0].n_txns = 3;
    strcpy(st[1].uuid, "22222222-2222-4222-8222-222222222222");
    strcpy(st[1].name, "hv2");
    strcpy(st[1].last_error, "connect: refused");

    memset(vifs, 0, sizeof vifs);
    strcpy(vifs[0].chassis_uuid, st[0].uuid);
    strcpy(vifs[0].vif.iface_id, "vm-1");
    strcpy(vifs[0].vif.name, "tap1");
    vifs[0].vif.ofport = 4;
    vifs[0].vif.has_mac = true;
    strcpy(vifs[0].vif.mac, "02:00:00:00:00:01");
    strcpy(vifs[1].chassis_uuid, "33333333-3333-4333-8333-333333333333");
    strcpy(vifs[1].vif.iface_id, "elsewhere");
    set.seq = 1;
    set.n = 2;
    set.vifs = vifs;

    r = overlay_ctl_chassis_json(st, 2, &set);
    assert_int_equal(json_array_size(r), 2);
    c = json_array_get(r, 0);
    assert_string_equal(json_string_value(json_object_get(c, "name")), "hv1");
    assert_int_equal(json_array_size(json_object_get(c, "encaps")), 2);
    assert_string_equal(json_string_value(json_array_get(
        json_object_get(c, "encaps"), 1)), "gre");
    assert_int_equal(json_array_size(json_object_get(c, "tunnels")), 1);
    assert_string_equal(json_string_value(json_array_get(
        json_object_get(c, "tunnels"), 0)), "kumo-gre");
    assert_true(json_is_true(json_object_get(json_object_get(c, "bridge"),
                                             "owned")));
    assert_string_equal(json_string_value(json_object_get(
        json_object_get(c, "bridge"), "datapath_id")), "0000aabbccddeeff");
    assert_int_equal(json_integer_value(json_object_get(c, "underlay_mtu")),
                     1500);
    assert_true(json_is_null(json_object_get(c, "last_error")));
    assert_int_equal(json_integer_value(json_object_get(c, "transactions")),
                     3);
    /* Only this chassis' VIFs. */
    assert_int_equal(json_array_size(json_object_get(c, "vifs")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(
        json_object_get(c, "vifs"), 0), "mac")), "02:00:00:00:00:01");
    c = json_array_get(r, 1);
    assert_false(json_is_true(json_object_get(c, "connected")));
    assert_string_equal(json_string_value(json_object_get(c, "last_error")),
                        "connect: refused");
    assert_true(json_is_null(json_object_get(c, "underlay_mtu")));
    assert_int_equal(json_array_size(json_object_get(c, "vifs")), 0);
    json_decref(r);
}

static void
test_parse_controllers(void **state)
{
    char **t;
    size_t n, i;
    char *error;

    (void) state;
    assert_null(overlay_parse_controllers("tcp:198.18.255.254:6653, "
                                          "ssl:198.18.255.253:6654", &t, &n));
    assert_int_equal(n, 2);
    assert_string_equal(t[0], "tcp:198.18.255.254:6653");
    assert_string_equal(t[1], "ssl:198.18.255.253:6654");
    for (i = 0; i < n; i++) {
        free(t[i]);
    }
    free(t);
    error = overlay_parse_controllers("tcp:1.2.3.4:6653,punix:/x", &t, &n);
    assert_string_equal(error, "overlay_controller: \"punix:/x\" is not "
                        "tcp:IP:PORT or ssl:IP:PORT");
    assert_int_equal(n, 0);
    assert_null(t);
    free(error);
    error = overlay_parse_controllers(" , ", &t, &n);
    assert_non_null(error);
    free(error);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chassis_json),
        cmocka_unit_test(test_parse_controllers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
