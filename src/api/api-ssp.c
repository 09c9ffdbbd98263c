/* api-ssp: see api-ssp.h. */
#include "api/api-ssp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api-auth.h"
#include "api/api-v1.h"
#include "lib/log.h"
#include "lib/util.h"
#include "vnet/vnet.h"

LOG_MODULE(api_ssp)

void
api_ssp_login(const struct api_ctx *ctx, const struct api_request *req,
              char *const args[], struct api_response *resp)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 10);
    struct api_param *form;
    const char *user, *password;
    size_t n_form;
    char *session;

    (void) args;
    if (req->body_too_large) {
        api_error(resp, 413, NULL, "request body larger than %d bytes",
                  API_MAX_BODY);
        return;
    }
    if (!api_form_parse(req->body ? req->body : "", req->body_size, &form,
                        &n_form)) {
        api_error(resp, 400, NULL, "the body is not valid "
                  "application/x-www-form-urlencoded data");
        return;
    }
    user = api_params_get(form, n_form, "username");
    password = api_params_get(form, n_form, "password");
    if (!user || !password) {
        api_error(resp, 400, user ? "password" : "username",
                  "form field \"%s\" is required",
                  user ? "password" : "username");
    } else if (!api_auth_check_password(ctx->auth, user, password)) {
        LOG_INFO_RL(&rl, "SSP login refused for user \"%.64s\"", user);
        api_error(resp, 401, "username", "bad username or password");
    } else {
        session = api_auth_session_open(ctx->auth, req->now);
        free(resp->set_cookie);
        resp->set_cookie = xasprintf("%s=%s; Path=/; HttpOnly; "
                                     "SameSite=Strict", API_AUTH_COOKIE,
                                     session);
        free(session);
        api_reply(resp, 200, json_pack("{s:s}", "username", user));
    }
    api_params_free(form, n_form);
}

/* ---- Tenant networks ---- */

/* Name of the tenant that tenant networks created without "tenant_uuid"
 * belong to. */
#define SSP_DEFAULT_TENANT "ssp"

/* Finds the tenant named SSP_DEFAULT_TENANT, creating it if needed. */
static int
default_tenant(struct vnet_db *db, char uuid[VNET_UUID_SIZE],
               struct vnet_error *err)
{
    int attempt;

    for (attempt = 0; attempt < 2; attempt++) {
        struct vnet_tenant *all = NULL, t;
        size_t n, total, i;
        int error;

        error = vnet_db_tenant_list(db, 0, SIZE_MAX, &all, &n, &total, err);
        if (error) {
            return error;
        }
        for (i = 0; i < n; i++) {
            if (!strcmp(all[i].name, SSP_DEFAULT_TENANT)) {
                memcpy(uuid, all[i].uuid, VNET_UUID_SIZE);
                free(all);
                return 0;
            }
        }
        free(all);
        memset(&t, 0, sizeof t);
        snprintf(t.name, sizeof t.name, "%s", SSP_DEFAULT_TENANT);
        snprintf(t.description, sizeof t.description,
                 "tenant networks created through the SSP API");
        error = vnet_db_tenant_create(db, &t, &t, err);
        if (!error) {
            memcpy(uuid, t.uuid, VNET_UUID_SIZE);
            return 0;
        } else if (error != VNET_ECONFLICT) {
            return error;
        }
        /* Another request created it meanwhile: look again. */
    }
    return vnet_error_set(err, VNET_EINTERNAL, NULL, "cannot create the "
                          "\"%s\" tenant", SSP_DEFAULT_TENANT);
}

/* Makes sure tenant 'uuid' exists: SSP clients name a tenant they never
 * created (CloudStack: one configured uuid per zone), so the first
 * network of an unknown tenant creates it, named "ssp-UUID". */
static int
ensure_tenant(struct vnet_db *db, const char *uuid, struct vnet_error *err)
{
    struct vnet_tenant t;
    int error;

    error = vnet_db_tenant_get(db, uuid, &t, err);
    if (error != VNET_ENOTFOUND) {
        return error;
    }
    memset(&t, 0, sizeof t);
    memcpy(t.uuid, uuid, VNET_UUID_SIZE);
    snprintf(t.name, sizeof t.name, "ssp-%s", uuid);
    snprintf(t.description, sizeof t.description,
             "created by the SSP API for its first tenant network");
    memset(err, 0, sizeof *err);
    error = vnet_db_tenant_create(db, &t, NULL, err);
    if (error == VNET_ECONFLICT) {
        /* Created by a concurrent request? */
        memset(err, 0, sizeof *err);
        error = vnet_db_tenant_get(db, uuid, &t, err);
    }
    return error;
}

static const char *const ssp_network_fields[] = {
    "uuid", "name", "tenant_uuid", NULL,
};

static json_t *
ssp_network_json(const struct vnet_network *n)
{
    return json_pack("{s:s, s:s, s:s}", "uuid", n->uuid, "name", n->name,
                     "tenant_uuid", n->tenant_uuid);
}

void
api_ssp_network_create(const struct api_ctx *ctx,
                       const struct api_request *req, char *const args[],
                       struct api_response *resp)
{
    const char *name, *tenant;
    struct vnet_network n;
    struct vnet_error err;
    json_t *obj;
    int error;

    (void) args;
    if (!api_v1_have_store(ctx, resp) || !(obj = api_body_object(req, resp))) {
        return;
    }
    memset(&n, 0, sizeof n);
    memset(&err, 0, sizeof err);
    if (!api_json_check_keys(obj, ssp_network_fields, resp)
        || !api_json_get_string(obj, "name", true, &name, resp)
        || !api_json_get_string(obj, "tenant_uuid", false, &tenant, resp)) {
        json_decref(obj);
        return;
    }
    if (strlen(name) >= sizeof n.name) {
        api_error(resp, 400, "name", "field \"name\" is longer than %zu "
                  "bytes", sizeof n.name - 1);
        json_decref(obj);
        return;
    }
    if (tenant && !vnet_uuid_normalize(tenant, n.tenant_uuid)) {
        api_error(resp, 400, "tenant_uuid", "field \"tenant_uuid\" is not a "
                  "uuid");
        json_decref(obj);
        return;
    }
    error = (tenant ? ensure_tenant(ctx->db, n.tenant_uuid, &err)
             : default_tenant(ctx->db, n.tenant_uuid, &err));
    if (!error) {
        snprintf(n.name, sizeof n.name, "%s", name);
        error = vnet_db_network_create(ctx->db, &n, &n, &err);
        if (error == VNET_ECONFLICT && !strcmp(err.field, "name")) {
            /* SSP clients do not keep names unique (CloudStack's are per
             * account, all in one zone tenant): make this one unique. */
            char uuid[VNET_UUID_SIZE];

            vnet_uuid_generate(uuid);
            snprintf(n.name, sizeof n.name, "%.*s-%.8s",
                     (int) (sizeof n.name - 10), name, uuid);
            memset(&err, 0, sizeof err);
            error = vnet_db_network_create(ctx->db, &n, &n, &err);
        }
    }
    if (error) {
        api_v1_store_error(resp, &err);
    } else {
        LOG_INFO("SSP tenant network %s (\"%s\") created", n.uuid, n.name);
        api_reply(resp, 201, ssp_network_json(&n));
    }
    json_decref(obj);
}

/* SSP answers 404 for anything that does not name an object. */
static bool
ssp_uuid(const char *arg, char uuid[VNET_UUID_SIZE], const char *what,
         struct api_response *resp)
{
    if (!vnet_uuid_normalize(arg, uuid)) {
        api_error(resp, 404, "uuid", "no %s %s", what, arg);
        return false;
    }
    return true;
}

void
api_ssp_network_delete(const struct api_ctx *ctx,
                       const struct api_request *req, char *const args[],
                       struct api_response *resp)
{
    char uuid[VNET_UUID_SIZE];
    struct vnet_error err;

    (void) req;
    if (!api_v1_have_store(ctx, resp)
        || !ssp_uuid(args[0], uuid, "tenant network", resp)) {
        return;
    }
    memset(&err, 0, sizeof err);
    if (vnet_db_network_delete(ctx->db, uuid, false, &err)) {
        api_v1_store_error(resp, &err);
    } else {
        LOG_INFO("SSP tenant network %s deleted", uuid);
        api_reply(resp, 204, NULL);
    }
}

/* ---- Tenant ports ---- */

static const char *const ssp_port_fields[] = {
    "uuid", "name", "network_uuid", "attachment_type",
    "attachment_ip_address",
    "vlan_id",                  /* Output only: ignored. */
    NULL,
};

static json_t *
ssp_port_json(const struct vnet_port *p)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "uuid", p->uuid,
                          "network_uuid", p->network_uuid,
                          "attachment_type",
                          vnet_attach_type_to_string(p->attachment_type));

    if (p->name[0]) {
        json_object_set_new(o, "name", json_string(p->name));
    }
    if (p->attachment_type == VNET_ATTACH_VIF) {
        json_object_set_new(o, "attachment_ip_address",
                            json_string(p->attachment_ip));
        json_object_set_new(o, "vlan_id", json_integer(p->vlan_id));
    }
    return o;
}

/* The store names the hypervisor address "attachment_ip"; SSP clients
 * know it as "attachment_ip_address". */
static void
ssp_store_error(struct api_response *resp, struct vnet_error *err)
{
    if (!strcmp(err->field, "attachment_ip")) {
        snprintf(err->field, sizeof err->field, "attachment_ip_address");
    }
    api_v1_store_error(resp, err);
}

/* Reads "attachment_type" (required if 'required', else default
 * NoAttachment) and, for VifAttachment, "attachment_ip_address". */
static bool
ssp_attachment(const json_t *obj, bool required, enum vnet_attach_type *type,
               const char **ip, struct api_response *resp)
{
    const char *s;

    *type = VNET_ATTACH_NONE;
    *ip = NULL;
    if (!api_json_get_string(obj, "attachment_type", required, &s, resp)) {
        return false;
    }
    if (s && !vnet_attach_type_from_string(s, type)) {
        api_error(resp, 400, "attachment_type", "field \"attachment_type\" "
                  "must be \"NoAttachment\" or \"VifAttachment\"");
        return false;
    }
    if (!api_json_get_string(obj, "attachment_ip_address",
                             *type == VNET_ATTACH_VIF, ip, resp)) {
        return false;
    }
    if (*type == VNET_ATTACH_NONE) {
        *ip = NULL;
    }
    return true;
}

void
api_ssp_port_create(const struct api_ctx *ctx, const struct api_request *req,
                    char *const args[], struct api_response *resp)
{
    enum vnet_attach_type type;
    const char *network, *name, *ip;
    struct vnet_error err;
    struct vnet_port p;
    json_t *obj;

    (void) args;
    if (!api_v1_have_store(ctx, resp) || !(obj = api_body_object(req, resp))) {
        return;
    }
    memset(&p, 0, sizeof p);
    memset(&err, 0, sizeof err);
    if (!api_json_check_keys(obj, ssp_port_fields, resp)
        || !api_json_get_string(obj, "network_uuid", true, &network, resp)
        || !api_json_get_string(obj, "name", false, &name, resp)
        || !ssp_attachment(obj, false, &type, &ip, resp)) {
        json_decref(obj);
        return;
    }
    if (!vnet_uuid_normalize(network, p.network_uuid)) {
        api_error(resp, 400, "network_uuid", "field \"network_uuid\" is not "
                  "a uuid");
    } else if (name && strlen(name) >= sizeof p.name) {
        api_error(resp, 400, "name", "field \"name\" is longer than %zu "
                  "bytes", sizeof p.name - 1);
    } else if (ip && strlen(ip) >= sizeof p.attachment_ip) {
        api_error(resp, 400, "attachment_ip_address", "field "
                  "\"attachment_ip_address\" is not an IP address");
    } else {
        snprintf(p.name, sizeof p.name, "%s", name ? name : "");
        p.attachment_type = type;
        snprintf(p.attachment_ip, sizeof p.attachment_ip, "%s",
                 ip ? ip : "");
        if (vnet_db_port_create(ctx->db, &p, &p, &err)) {
            ssp_store_error(resp, &err);
        } else {
            LOG_INFO("SSP tenant port %s created in network %s", p.uuid,
                     p.network_uuid);
            api_reply(resp, 201, ssp_port_json(&p));
        }
    }
    json_decref(obj);
}

void
api_ssp_port_update(const struct api_ctx *ctx, const struct api_request *req,
                    char *const args[], struct api_response *resp)
{
    enum vnet_attach_type type;
    char uuid[VNET_UUID_SIZE];
    struct vnet_error err;
    struct vnet_port p;
    const char *ip;
    json_t *obj;

    if (!api_v1_have_store(ctx, resp)
        || !ssp_uuid(args[0], uuid, "tenant port", resp)
        || !(obj = api_body_object(req, resp))) {
        return;
    }
    memset(&err, 0, sizeof err);
    if (api_json_check_keys(obj, ssp_port_fields, resp)
        && ssp_attachment(obj, true, &type, &ip, resp)) {
        int status;

        /* A partial change of the port: see vnet_db_update_lock(). */
        vnet_db_update_lock(ctx->db);
        status = vnet_db_port_set_attachment(ctx->db, uuid, type, ip, &p,
                                             &err);
        vnet_db_update_unlock(ctx->db);
        if (status) {
            ssp_store_error(resp, &err);
        } else {
            if (type == VNET_ATTACH_VIF) {
                LOG_INFO("SSP tenant port %s attached to hypervisor %s, "
                         "vlan %u", uuid, p.attachment_ip, p.vlan_id);
            } else {
                LOG_INFO("SSP tenant port %s detached", uuid);
            }
            api_reply(resp, 200, ssp_port_json(&p));
        }
    }
    json_decref(obj);
}

void
api_ssp_port_delete(const struct api_ctx *ctx, const struct api_request *req,
                    char *const args[], struct api_response *resp)
{
    char uuid[VNET_UUID_SIZE];
    struct vnet_error err;

    (void) req;
    if (!api_v1_have_store(ctx, resp)
        || !ssp_uuid(args[0], uuid, "tenant port", resp)) {
        return;
    }
    memset(&err, 0, sizeof err);
    if (vnet_db_port_delete(ctx->db, uuid, &err)) {
        ssp_store_error(resp, &err);
    } else {
        LOG_INFO("SSP tenant port %s deleted", uuid);
        api_reply(resp, 204, NULL);
    }
}
