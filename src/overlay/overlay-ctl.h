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

#endif /* overlay-ctl.h */
