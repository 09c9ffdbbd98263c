/* api-ssp: the Stratosphere SDN Platform (SSP) compatible API, so that
 * orchestrators that speak it (Apache CloudStack's StratosphereSsp network
 * element) drive Kumo unchanged:
 *
 *   POST   /ws.v1/login                  form username, password -> 200 +
 *                                        session cookie, or 401
 *   POST   /ssp.v1/tenant-networks       {"name", "tenant_uuid"} -> 201
 *   DELETE /ssp.v1/tenant-networks/{uuid}                -> 204 / 404
 *   POST   /ssp.v1/tenant-ports          {"network_uuid",
 *                                         "attachment_type"} -> 201
 *   PUT    /ssp.v1/tenant-ports/{uuid}   VifAttachment + hypervisor IP ->
 *                                        200 with integer "vlan_id";
 *                                        NoAttachment detaches
 *   DELETE /ssp.v1/tenant-ports/{uuid}                   -> 204 / 404
 *
 * Every /ssp.v1/ call needs the session cookie (401 otherwise; the client
 * logs in again and retries).  Tenant networks are Kumo networks, tenant
 * ports are Kumo ports whose SSP attachment the store keeps (with the
 * VLAN id local to that hypervisor), so they show in /v1/ and kumoctl. */
#ifndef KUMO_API_API_SSP_H
#define KUMO_API_API_SSP_H 1

#include "api/api-router.h"

api_handler api_ssp_login;
api_handler api_ssp_network_create;
api_handler api_ssp_network_delete;
api_handler api_ssp_port_create;
api_handler api_ssp_port_update;
api_handler api_ssp_port_delete;

#endif /* api-ssp.h */
