/* api-v1: the native REST API over the tenant model (src/vnet/vnet.h):
 *
 *   GET/POST        /v1/tenants          GET/PUT/DELETE /v1/tenants/{uuid}
 *   GET/POST        /v1/networks         GET/PUT/DELETE /v1/networks/{uuid}
 *   GET/POST        /v1/ports            GET/PUT/DELETE /v1/ports/{uuid}
 *   GET/POST        /v1/chassis          GET/PUT/DELETE /v1/chassis/{uuid}
 *   GET/PUT         /v1/config           (the unknown-MAC policy)
 *
 * POST creates (201 with the stored object), PUT changes the fields it
 * names (absent fields keep their values, null clears an optional one;
 * 200 with the result), DELETE answers 204 (?cascade=true also deletes a
 * tenant's networks or a network's ports).  Lists are paginated and take
 * a filter: /v1/networks?tenant_uuid=, /v1/ports?network_uuid=.  Every
 * answer comes after the store returned, i.e. after the write is durable.
 * The store's errors (400, 404, 409 naming the field, 500) pass through as
 * the API's error body.  JSON field names are those of the model (see
 * docs/api.md); unknown fields are rejected with 400 naming them. */
#ifndef KUMO_API_API_V1_H
#define KUMO_API_API_V1_H 1

#include "api/api-router.h"

struct vnet_error;

api_handler api_v1_tenant_list;
api_handler api_v1_tenant_create;
api_handler api_v1_tenant_get;
api_handler api_v1_tenant_update;
api_handler api_v1_tenant_delete;

api_handler api_v1_network_list;
api_handler api_v1_network_create;
api_handler api_v1_network_get;
api_handler api_v1_network_update;
api_handler api_v1_network_delete;

api_handler api_v1_port_list;
api_handler api_v1_port_create;
api_handler api_v1_port_get;
api_handler api_v1_port_update;
api_handler api_v1_port_delete;

api_handler api_v1_chassis_list;
api_handler api_v1_chassis_create;
api_handler api_v1_chassis_get;
api_handler api_v1_chassis_update;
api_handler api_v1_chassis_delete;

api_handler api_v1_config_get;
api_handler api_v1_config_update;

/* Fills 'resp' with the store's error 'err' (its status and field); a
 * status the store did not set becomes 500.  For the SSP API too. */
void api_v1_store_error(struct api_response *resp,
                        const struct vnet_error *err);

/* Returns true if the store is available, else fills 'resp' with 503. */
bool api_v1_have_store(const struct api_ctx *ctx, struct api_response *resp);

#endif /* api-v1.h */
