/* overlay-ctl: the chassis manager's control-socket command "chassis"
 * (kumoctl chassis [--json]). */
#ifndef KUMO_OVERLAY_CTL_H
#define KUMO_OVERLAY_CTL_H 1

#include <jansson.h>
#include <stddef.h>

struct overlay;
struct overlay_chassis_state;
struct overlay_vif_set;

/* Registers "chassis" for 'ov' (borrowed: unregister before stopping
 * it, e.g. by stopping the control server first).  Call before
 * ctl_server_start(). */
void overlay_ctl_register(struct overlay *ov);

/* The "chassis" result for 'n' 'states' and the VM interfaces in 'vifs'
 * (may be NULL): an array of objects (new reference).  Pure. */
json_t *overlay_ctl_chassis_json(const struct overlay_chassis_state *states,
                                 size_t n,
                                 const struct overlay_vif_set *vifs);

/* Every chassis' live state for the REST API (struct api_ctx
 * 'chassis_states'): a new JSON object mapping each chassis uuid to its
 * "chassis" object without the configuration members the store already
 * answers (uuid, name, ovsdb_addr, tunnel_ip, encaps).  'ov' is a struct
 * overlay * (borrowed); NULL gives NULL.  Any thread. */
json_t *overlay_ctl_chassis_states(void *ov);

#endif /* overlay-ctl.h */
