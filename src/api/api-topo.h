/* api-topo: the fabric's view of the network for the native API, read on
 * the fabric thread (fabric_call() + fabric-view.h), which owns it:
 *
 *   GET /v1/links               paginated links between switches
 *   GET /v1/hosts               paginated hosts (attachment point, addresses)
 *   GET /v1/path?src=&dst=      hops between two hosts (MAC, IPv4, IPv6)
 *
 * With "forwarding = learning" there is no fabric: these answer 503. */
#ifndef KUMO_API_API_TOPO_H
#define KUMO_API_API_TOPO_H 1

#include "api/api-router.h"

api_handler api_topo_links;
api_handler api_topo_hosts;
api_handler api_topo_path;

/* The api_ctx 'topology' and 'path' callbacks over the running fabric. */
json_t *api_topo_fabric_topology(char **errorp, int *statusp);
json_t *api_topo_fabric_path(const char *src, const char *dst, char **errorp,
                             int *statusp);

#endif /* api-topo.h */
