/* api-openapi: the OpenAPI 3 description of kumod's HTTP APIs, served at
 * GET /v1/openapi.json.  Hand-written (api-openapi.c) and kept true to the
 * route table by a unit test (test-api-openapi.c) that checks every route
 * is documented and every documented operation is routed. */
#ifndef KUMO_API_API_OPENAPI_H
#define KUMO_API_API_OPENAPI_H 1

#include "api/api-router.h"

/* Returns the document as JSON text (static). */
const char *api_openapi_text(void);

/* GET /v1/openapi.json. */
api_handler api_openapi_get;

#endif /* api-openapi.h */
