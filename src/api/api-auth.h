/* api-auth: who may call kumod's HTTP APIs.
 *
 * Two schemes:
 *  - the native API (/v1/...) takes "Authorization: Bearer TOKEN" with one
 *    of the tokens from the configuration (api_token, repeatable).  With
 *    no token configured the native API is open (kumod then refuses to
 *    listen on anything but a loopback address, see kumod-config.c);
 *  - the Stratosphere SSP-compatible API logs in with a username and
 *    password (ssp_username / ssp_password) at /ws.v1/login and then
 *    carries a session cookie.  Sessions live in memory (a restart logs
 *    every client out; SSP clients log in again on 401), expire after
 *    'session_ttl_ms' without use, and are capped in number (the least
 *    recently used is dropped first).
 *
 * Threads: an api_auth is shared by the HTTP server's threads; every
 * function is thread-safe (one mutex, held only for table operations).
 * Secrets are compared in constant time.  Time is a parameter. */
#ifndef KUMO_API_API_AUTH_H
#define KUMO_API_API_AUTH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Name of the SSP session cookie. */
#define API_AUTH_COOKIE "kumo_ssp_session"
/* Default idle lifetime of an SSP session (ms), and the most sessions
 * kept at once. */
#define API_AUTH_SESSION_TTL_MS (60 * 60 * 1000)
#define API_AUTH_MAX_SESSIONS 1024

struct api_auth;

/* Creates the authenticator.  'tokens' (n_tokens strings), 'ssp_user' and
 * 'ssp_password' (both NULL: SSP logins always fail) are copied.
 * 'session_ttl_ms' is the idle lifetime of a session. */
struct api_auth *api_auth_create(char *const tokens[], size_t n_tokens,
                                 const char *ssp_user,
                                 const char *ssp_password,
                                 int64_t session_ttl_ms);
/* Frees 'auth'.  Accepts NULL. */
void api_auth_destroy(struct api_auth *auth);

/* Returns true if at least one bearer token is configured. */
bool api_auth_has_tokens(const struct api_auth *auth);

/* Checks an "Authorization" header value 'header' (may be NULL).  Returns
 * true if the native API may be used: no token configured, or the header
 * is "Bearer TOKEN" (scheme case-insensitive) with a configured token. */
bool api_auth_check_bearer(const struct api_auth *auth, const char *header);

/* Checks SSP credentials.  Returns true if they match the configured
 * ssp_username / ssp_password. */
bool api_auth_check_password(const struct api_auth *auth, const char *user,
                             const char *password);

/* Opens a session at time 'now' and returns its id (64 hex digits from
 * the kernel's random generator; caller frees). */
char *api_auth_session_open(struct api_auth *auth, int64_t now);

/* Returns true if 'session' (may be NULL) is an open session that has not
 * expired at 'now', and renews it. */
bool api_auth_session_check(struct api_auth *auth, const char *session,
                            int64_t now);

/* Returns the number of open (unexpired at 'now') sessions. */
size_t api_auth_n_sessions(struct api_auth *auth, int64_t now);

#endif /* api-auth.h */
