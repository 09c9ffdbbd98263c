/* api-openapi: see api-openapi.h.
 *
 * The document is written below as plain JSON.  OPENAPI_JSON() turns its
 * tokens into one C string (the preprocessor's '#' operator escapes the
 * quotes), so it reads and diffs as JSON; keep every string on one line.
 * When adding a route to api-router.c, describe it here too:
 * test-api-openapi fails until both agree. */
#include "api/api-openapi.h"

#include <jansson.h>

#define OPENAPI_JSON(...) #__VA_ARGS__

static const char openapi_text[] = OPENAPI_JSON(
    {
      "openapi": "3.0.3",
      "info": {
        "title": "Kumo controller API",
        "version": "1.0.0",
        "description": "kumod's native REST API (/v1) and its Stratosphere SSP-compatible API (/ws.v1, /ssp.v1). Errors are an HTTP status plus {\"error\": {\"status\", \"field\", \"message\"}}, where field names the request field, query parameter, path parameter or header at fault (null if none). Lists take ?offset=&limit= (limit 1 to 1000, default 100) and answer {\"items\", \"total\", \"offset\", \"limit\"}. Writes are answered after the store has made them durable."
      },
      "servers": [{"url": "http://127.0.0.1:8181"}],
      "security": [{"bearerAuth": []}],
      "paths": {
        "/v1/openapi.json": {
          "get": {
            "summary": "This document",
            "operationId": "getOpenApi",
            "security": [],
            "responses": {
              "200": {"description": "The OpenAPI 3 document", "content": {"application/json": {"schema": {"type": "object"}}}}
            }
          }
        },
        "/v1/switches": {
          "get": {
            "summary": "Connected switches",
            "operationId": "listSwitches",
            "parameters": [{"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of switches", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SwitchPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/switches/{dpid}": {
          "get": {
            "summary": "One connected switch with its counters",
            "operationId": "getSwitch",
            "parameters": [{"$ref": "#/components/parameters/dpid"}],
            "responses": {
              "200": {"description": "The switch", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SwitchDetail"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/switches/{dpid}/ports": {
          "get": {
            "summary": "A switch's ports",
            "operationId": "listSwitchPorts",
            "parameters": [{"$ref": "#/components/parameters/dpid"}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of ports", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SwitchPortPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/switches/{dpid}/flows": {
          "get": {
            "summary": "A switch's flow entries, read from the switch (flow stats request)",
            "operationId": "listSwitchFlows",
            "parameters": [{"$ref": "#/components/parameters/dpid"}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of flow entries", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "502": {"description": "The switch refused the request or answered badly", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "503": {"$ref": "#/components/responses/Unavailable"},
              "504": {"description": "The switch did not answer in time", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        },
        "/v1/links": {
          "get": {
            "summary": "Links between switches, from the fabric's LLDP discovery",
            "operationId": "listLinks",
            "parameters": [{"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of links", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LinkPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/hosts": {
          "get": {
            "summary": "Hosts the fabric learned, with their attachment point and addresses",
            "operationId": "listHosts",
            "parameters": [{"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of hosts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HostPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/path": {
          "get": {
            "summary": "The fabric's path between two hosts: hops now, equal-cost alternatives and backups",
            "operationId": "getPath",
            "parameters": [{"name": "src", "in": "query", "required": true, "description": "Source host: MAC, IPv4 or IPv6 address", "schema": {"type": "string"}}, {"name": "dst", "in": "query", "required": true, "description": "Destination host: MAC, IPv4 or IPv6 address", "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The path", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Path"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/ws.v1/login": {
          "post": {
            "summary": "SSP login: opens a session (cookie kumo_ssp_session, Path=/)",
            "operationId": "sspLogin",
            "security": [],
            "requestBody": {
              "required": true,
              "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}}}
            },
            "responses": {
              "200": {"description": "Logged in; the Set-Cookie header carries the session", "headers": {"Set-Cookie": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object", "properties": {"username": {"type": "string"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"description": "Bad username or password", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        },
        "/v1/tenants": {
          "get": {
            "summary": "Tenants",
            "operationId": "listTenants",
            "parameters": [{"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of tenants", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TenantPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "post": {
            "summary": "Create a tenant",
            "operationId": "createTenant",
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tenant"}}}
            },
            "responses": {
              "201": {"description": "Created (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tenant"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/tenants/{uuid}": {
          "get": {
            "summary": "One tenant",
            "operationId": "getTenant",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "200": {"description": "The tenant", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tenant"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "put": {
            "summary": "Change a tenant (fields given replace, absent fields stay)",
            "operationId": "updateTenant",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tenant"}}}
            },
            "responses": {
              "200": {"description": "Changed (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tenant"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "summary": "Delete a tenant (409 while it has networks, unless cascade=true)",
            "operationId": "deleteTenant",
            "parameters": [{"$ref": "#/components/parameters/uuid"}, {"$ref": "#/components/parameters/cascade"}],
            "responses": {
              "204": {"description": "Deleted (durable)"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/networks": {
          "get": {
            "summary": "Networks, optionally of one tenant",
            "operationId": "listNetworks",
            "parameters": [{"name": "tenant_uuid", "in": "query", "required": false, "schema": {"type": "string", "format": "uuid"}}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of networks", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NetworkPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "post": {
            "summary": "Create a network",
            "operationId": "createNetwork",
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Network"}}}
            },
            "responses": {
              "201": {"description": "Created (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Network"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/networks/{uuid}": {
          "get": {
            "summary": "One network",
            "operationId": "getNetwork",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "200": {"description": "The network", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Network"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "put": {
            "summary": "Change a network (tenant_uuid is immutable; null clears vni)",
            "operationId": "updateNetwork",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Network"}}}
            },
            "responses": {
              "200": {"description": "Changed (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Network"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "summary": "Delete a network (409 while it has ports, unless cascade=true, or while it is the quarantine network)",
            "operationId": "deleteNetwork",
            "parameters": [{"$ref": "#/components/parameters/uuid"}, {"$ref": "#/components/parameters/cascade"}],
            "responses": {
              "204": {"description": "Deleted (durable)"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/ports": {
          "get": {
            "summary": "Ports, optionally of one network",
            "operationId": "listPorts",
            "parameters": [{"name": "network_uuid", "in": "query", "required": false, "schema": {"type": "string", "format": "uuid"}}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of ports", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PortPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "post": {
            "summary": "Create a port (a tenant's attachment, with its binding)",
            "operationId": "createPort",
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Port"}}}
            },
            "responses": {
              "201": {"description": "Created (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Port"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/ports/{uuid}": {
          "get": {
            "summary": "One port",
            "operationId": "getPort",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "200": {"description": "The port", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Port"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "put": {
            "summary": "Change a port (network_uuid is immutable; null clears mac, ips, binding, attachment_ip)",
            "operationId": "updatePort",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Port"}}}
            },
            "responses": {
              "200": {"description": "Changed (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Port"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "summary": "Delete a port",
            "operationId": "deletePort",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "204": {"description": "Deleted (durable)"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/chassis": {
          "get": {
            "summary": "Hypervisors (chassis) managed over OVSDB",
            "operationId": "listChassis",
            "parameters": [{"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/limit"}],
            "responses": {
              "200": {"description": "A page of chassis", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChassisPage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "post": {
            "summary": "Register a chassis",
            "operationId": "createChassis",
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chassis"}}}
            },
            "responses": {
              "201": {"description": "Created (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chassis"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/chassis/{uuid}": {
          "get": {
            "summary": "One chassis",
            "operationId": "getChassis",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "200": {"description": "The chassis", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chassis"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "put": {
            "summary": "Change a chassis",
            "operationId": "updateChassis",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chassis"}}}
            },
            "responses": {
              "200": {"description": "Changed (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chassis"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "summary": "Delete a chassis",
            "operationId": "deleteChassis",
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "204": {"description": "Deleted (durable)"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/config": {
          "get": {
            "summary": "The policy for frames from MAC addresses no port claims",
            "operationId": "getConfig",
            "responses": {
              "200": {"description": "The policy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Config"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "put": {
            "summary": "Change the unknown-MAC policy",
            "operationId": "updateConfig",
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Config"}}}
            },
            "responses": {
              "200": {"description": "Changed (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Config"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/ssp.v1/tenant-networks": {
          "post": {
            "summary": "SSP: create a tenant network (a Kumo network; an unknown tenant_uuid creates the tenant, none uses the tenant \"ssp\")",
            "operationId": "sspCreateTenantNetwork",
            "security": [{"sspSession": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SspTenantNetwork"}}}
            },
            "responses": {
              "201": {"description": "Created (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SspTenantNetwork"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/NoSession"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/ssp.v1/tenant-networks/{uuid}": {
          "delete": {
            "summary": "SSP: delete a tenant network",
            "operationId": "sspDeleteTenantNetwork",
            "security": [{"sspSession": []}],
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "204": {"description": "Deleted (durable)"},
              "401": {"$ref": "#/components/responses/NoSession"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/ssp.v1/tenant-ports": {
          "post": {
            "summary": "SSP: create a tenant port (a Kumo port)",
            "operationId": "sspCreateTenantPort",
            "security": [{"sspSession": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SspTenantPort"}}}
            },
            "responses": {
              "201": {"description": "Created (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SspTenantPort"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/NoSession"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/ssp.v1/tenant-ports/{uuid}": {
          "put": {
            "summary": "SSP: attach a tenant port to a hypervisor (VifAttachment + attachment_ip_address: the answer carries the VLAN id local to that hypervisor) or detach it (NoAttachment)",
            "operationId": "sspUpdateTenantPort",
            "security": [{"sspSession": []}],
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SspTenantPort"}}}
            },
            "responses": {
              "200": {"description": "Changed (durable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SspTenantPort"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/NoSession"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "summary": "SSP: delete a tenant port",
            "operationId": "sspDeleteTenantPort",
            "security": [{"sspSession": []}],
            "parameters": [{"$ref": "#/components/parameters/uuid"}],
            "responses": {
              "204": {"description": "Deleted (durable)"},
              "401": {"$ref": "#/components/responses/NoSession"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "One of kumod's api_token values. Without any api_token configured the native API is open (loopback only)."
          },
          "sspSession": {
            "type": "apiKey",
            "in": "cookie",
            "name": "kumo_ssp_session",
            "description": "Session from POST /ws.v1/login"
          }
        },
        "parameters": {
          "offset": {
            "name": "offset",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          },
          "limit": {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          },
          "dpid": {
            "name": "dpid",
            "in": "path",
            "required": true,
            "description": "Datapath id: decimal, 0x-hex, 16 hex digits or xx:xx:xx:xx:xx:xx:xx:xx",
            "schema": {
              "type": "string"
            }
          },
          "uuid": {
            "name": "uuid",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          },
          "cascade": {
            "name": "cascade",
            "in": "query",
            "required": false,
            "schema": {
              "type": "boolean",
              "default": false
            },
            "description": "Also delete the children (a tenant's networks, a network's ports)"
          }
        },
        "responses": {
          "BadRequest": {
            "description": "Bad input; error.field names it",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
          },
          "Unauthorized": {
            "description": "Missing or bad credentials (WWW-Authenticate: Bearer)",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
          },
          "NotFound": {
            "description": "No such object",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
          },
          "Conflict": {
            "description": "Conflicts with an existing object (e.g. an overlapping binding); error.field names it",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
          },
          "Unavailable": {
            "description": "kumod is starting or stopping, or the store is unavailable",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
          },
          "TooLarge": {
            "description": "Request body larger than 64 KiB",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
          },
          "NoSession": {
            "description": "No valid SSP session cookie: log in at /ws.v1/login and retry",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
          }
        },
        "schemas": {
          "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {"type": "object", "required": ["status", "field", "message"], "properties": {"status": {"type": "integer"}, "field": {"type": "string", "nullable": true}, "message": {"type": "string"}}}
            }
          },
          "Switch": {
            "type": "object",
            "properties": {
              "dpid": {"type": "string"},
              "address": {"type": "string"},
              "version": {"type": "string", "example": "1.3"},
              "n_ports": {"type": "integer"},
              "n_buffers": {"type": "integer"},
              "n_tables": {"type": "integer"},
              "connected_since": {"type": "string", "format": "date-time"},
              "connected_secs": {"type": "integer"},
              "role": {"type": "string"},
              "worker": {"type": "integer"}
            }
          },
          "SwitchDetail": {
            "allOf": [{"$ref": "#/components/schemas/Switch"}, {"type": "object", "properties": {"counters": {"type": "object", "additionalProperties": {"type": "integer"}}, "send_queue_bytes": {"type": "integer"}}}]
          },
          "SwitchPort": {
            "type": "object",
            "properties": {
              "port_no": {"type": "integer"},
              "name": {"type": "string"},
              "hw_addr": {"type": "string"},
              "state": {"type": "string", "enum": ["up", "down", "blocked"]},
              "link_down": {"type": "boolean"},
              "admin_down": {"type": "boolean"},
              "config": {"type": "array", "items": {"type": "string"}},
              "curr_speed_kbps": {"type": "integer"},
              "max_speed_kbps": {"type": "integer"},
              "features": {"type": "array", "items": {"type": "string"}}
            }
          },
          "Flow": {
            "type": "object",
            "properties": {
              "table_id": {"type": "integer"},
              "priority": {"type": "integer"},
              "cookie": {"type": "string"},
              "duration_sec": {"type": "integer"},
              "idle_timeout": {"type": "integer"},
              "hard_timeout": {"type": "integer"},
              "n_packets": {"type": "integer"},
              "n_bytes": {"type": "integer"},
              "match": {"type": "string"},
              "actions": {"type": "string"},
              "text": {"type": "string"}
            }
          },
          "Page": {
            "type": "object",
            "required": ["items", "total", "offset", "limit"],
            "properties": {
              "items": {"type": "array", "items": {}},
              "total": {"type": "integer"},
              "offset": {"type": "integer"},
              "limit": {"type": "integer"}
            }
          },
          "SwitchPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Switch"}}}}]
          },
          "SwitchPortPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/SwitchPort"}}}}]
          },
          "FlowPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Flow"}}}}]
          },
          "Tenant": {
            "type": "object",
            "required": ["name"],
            "properties": {
              "uuid": {"type": "string", "format": "uuid", "description": "On create: optional (generated if absent)"},
              "name": {"type": "string", "maxLength": 127, "description": "Unique"},
              "description": {"type": "string", "maxLength": 255}
            }
          },
          "Network": {
            "type": "object",
            "required": ["name", "tenant_uuid"],
            "properties": {
              "uuid": {"type": "string", "format": "uuid"},
              "tenant_uuid": {"type": "string", "format": "uuid", "description": "Immutable"},
              "name": {"type": "string", "maxLength": 127, "description": "Unique within the tenant"},
              "net_id": {"type": "integer", "minimum": 0, "maximum": 1048575, "description": "Fabric-wide numeric id; 0 or absent allocates one (1-4094 first). It is the transport VLAN between fabric switches: at most 4094 for a network with switch-port, port-vlan or mac bindings or used for quarantine (409 otherwise); iface-id ports and SSP attachments (hypervisors, carried by VNI) allow any id"},
              "vni": {"type": "integer", "minimum": 1, "maximum": 16777215, "nullable": true, "description": "Optional, unique; the tun_id between hypervisors (without it, net_id is): a vni equal to another network's tun_id is 409"},
              "description": {"type": "string", "maxLength": 255}
            }
          },
          "Binding": {
            "type": "object",
            "required": ["kind"],
            "description": "switch-port: dpid + port_no; port-vlan: dpid + port_no + vlan (1-4094); mac: mac, anywhere on the fabric; iface-id: iface_id (OVS external_ids:iface-id). switch-port, port-vlan and mac need a network with net_id <= 4094 (409 on binding.kind); iface-id takes any",
            "properties": {
              "kind": {"type": "string", "enum": ["none", "switch-port", "port-vlan", "mac", "iface-id"]},
              "dpid": {"oneOf": [{"type": "string"}, {"type": "integer"}], "description": "As a string: decimal, 0x-hex, 16 hex digits or xx:..:xx; answered as 16 hex digits"},
              "port_no": {"type": "integer"},
              "vlan": {"type": "integer", "minimum": 1, "maximum": 4094},
              "mac": {"type": "string"},
              "iface_id": {"type": "string", "maxLength": 127}
            }
          },
          "Port": {
            "type": "object",
            "required": ["network_uuid"],
            "properties": {
              "uuid": {"type": "string", "format": "uuid"},
              "network_uuid": {"type": "string", "format": "uuid", "description": "Immutable"},
              "tenant_uuid": {"type": "string", "format": "uuid", "readOnly": true},
              "name": {"type": "string", "maxLength": 127, "description": "Optional; unique within the network when set"},
              "mac": {"type": "string", "nullable": true, "description": "The port's own address (anti-spoofing)"},
              "ips": {"type": "array", "maxItems": 4, "items": {"type": "string"}},
              "binding": {"allOf": [{"$ref": "#/components/schemas/Binding"}], "nullable": true},
              "attachment_type": {"type": "string", "enum": ["NoAttachment", "VifAttachment"]},
              "attachment_ip": {"type": "string", "nullable": true, "description": "Hypervisor IP of a VifAttachment"},
              "vlan_id": {"type": "integer", "nullable": true, "readOnly": true, "description": "VifAttachment: the VLAN local to that hypervisor"}
            }
          },
          "Chassis": {
            "type": "object",
            "required": ["name", "ovsdb_addr", "tunnel_ip"],
            "properties": {
              "uuid": {"type": "string", "format": "uuid"},
              "name": {"type": "string", "maxLength": 127},
              "ovsdb_addr": {"type": "string", "description": "tcp:IP:PORT, ssl:IP:PORT or unix:PATH"},
              "tunnel_ip": {"type": "string"},
              "encaps": {"type": "array", "items": {"type": "string", "enum": ["vxlan", "geneve", "gre"]}},
              "datapath_type": {"type": "string", "enum": ["", "system", "netdev"]},
              "state": {"allOf": [{"$ref": "#/components/schemas/ChassisState"}], "nullable": true, "readOnly": true, "description": "The chassis manager's live view; null until it has seen the chassis (ignored on input)"}
            }
          },
          "ChassisState": {
            "type": "object",
            "properties": {
              "connected": {"type": "boolean", "description": "OVSDB session up"},
              "synced": {"type": "boolean", "description": "Replica of the hypervisor's database current"},
              "converged": {"type": "boolean", "description": "Synced, and nothing left to change"},
              "bridge": {"type": "object", "properties": {
                "present": {"type": "boolean"}, "owned": {"type": "boolean"},
                "datapath_id": {"type": "string", "nullable": true},
                "datapath_type": {"type": "string", "nullable": true},
                "fail_mode_ok": {"type": "boolean"}, "protocols_ok": {"type": "boolean"}}},
              "controller": {"type": "object", "properties": {
                "configured": {"type": "boolean"}, "connected": {"type": "boolean"}}},
              "tunnels": {"type": "array", "items": {"type": "string", "enum": ["kumo-vxlan", "kumo-geneve", "kumo-gre"]}},
              "underlay_mtu": {"type": "integer", "nullable": true},
              "mtu_error": {"type": "string", "nullable": true, "description": "Why the underlay MTU cannot carry the encapsulated frames"},
              "last_error": {"type": "string", "nullable": true},
              "problem": {"type": "string", "nullable": true},
              "vifs": {"type": "array", "items": {"type": "object", "properties": {
                "iface_id": {"type": "string"}, "name": {"type": "string"},
                "ofport": {"type": "integer"}, "mac": {"type": "string", "nullable": true}}}},
              "transactions": {"type": "integer"},
              "transaction_failures": {"type": "integer"},
              "ovsdb_connects": {"type": "integer"}
            }
          },
          "Config": {
            "type": "object",
            "properties": {
              "unknown_mac": {"type": "string", "enum": ["drop", "quarantine"]},
              "quarantine_network": {"type": "string", "format": "uuid", "nullable": true}
            }
          },
          "SspTenantNetwork": {
            "type": "object",
            "required": ["name"],
            "properties": {
              "uuid": {"type": "string", "format": "uuid", "readOnly": true},
              "name": {"type": "string", "description": "Made unique with a suffix if the tenant already has a network of that name"},
              "tenant_uuid": {"type": "string", "format": "uuid"}
            }
          },
          "SspTenantPort": {
            "type": "object",
            "properties": {
              "uuid": {"type": "string", "format": "uuid", "readOnly": true},
              "name": {"type": "string"},
              "network_uuid": {"type": "string", "format": "uuid", "description": "Required on create"},
              "attachment_type": {"type": "string", "enum": ["NoAttachment", "VifAttachment"], "description": "Required on update"},
              "attachment_ip_address": {"type": "string", "description": "Hypervisor IP; required with VifAttachment"},
              "vlan_id": {"type": "integer", "readOnly": true, "description": "With VifAttachment: the VLAN the VM's NIC uses on that hypervisor's bridge"}
            }
          },
          "TenantPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Tenant"}}}}]
          },
          "NetworkPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Network"}}}}]
          },
          "PortPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Port"}}}}]
          },
          "ChassisPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Chassis"}}}}]
          },
          "Link": {
            "type": "object",
            "properties": {
              "a_dpid": {"type": "string"},
              "a_port": {"type": "integer"},
              "b_dpid": {"type": "string"},
              "b_port": {"type": "integer"},
              "state": {"type": "string", "enum": ["up", "one-way", "shared"]},
              "tree": {"type": "boolean", "description": "On the flooding tree"},
              "age_ms": {"type": "integer"}
            }
          },
          "Host": {
            "type": "object",
            "properties": {
              "mac": {"type": "string"},
              "vlan": {"type": "integer"},
              "dpid": {"type": "string"},
              "port": {"type": "integer"},
              "ipv4": {"type": "array", "items": {"type": "string"}},
              "ipv6": {"type": "array", "items": {"type": "string"}},
              "age_sec": {"type": "integer"}
            }
          },
          "Path": {
            "type": "object",
            "properties": {
              "src": {"$ref": "#/components/schemas/Host"},
              "dst": {"$ref": "#/components/schemas/Host"},
              "distance": {"type": "integer"},
              "hops": {"type": "array", "items": {"type": "object", "properties": {"dpid": {"type": "string"}, "in_port": {"type": "integer"}, "out_port": {"type": "integer"}, "ecmp": {"type": "array", "items": {"type": "integer"}}, "backup": {"type": "object", "nullable": true, "properties": {"port": {"type": "integer"}, "peer_dpid": {"type": "string"}}}}}}
            }
          },
          "LinkPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}}}]
          },
          "HostPage": {
            "allOf": [{"$ref": "#/components/schemas/Page"}, {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Host"}}}}]
          }
        }
      }
    }
);

const char *
api_openapi_text(void)
{
    return openapi_text;
}

void
api_openapi_get(const struct api_ctx *ctx, const struct api_request *req,
                char *const args[], struct api_response *resp)
{
    json_error_t jerr;
    json_t *doc;

    (void) ctx;
    (void) req;
    (void) args;
    doc = json_loads(openapi_text, 0, &jerr);
    if (doc) {
        api_reply(resp, 200, doc);
    } else {
        api_error(resp, 500, NULL, "OpenAPI document does not parse: %s",
                  jerr.text);
    }
}
