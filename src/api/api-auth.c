/* api-auth: see api-auth.h.
 *
 * Sessions are a small array scanned linearly: at most
 * API_AUTH_MAX_SESSIONS entries and one lookup per SSP request, which is
 * far below the cost of the SQLite write that request makes. */
#include "api/api-auth.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "lib/util.h"

#define SESSION_BYTES 32

struct session {
    char id[SESSION_BYTES * 2 + 1];
    int64_t last_used;
};

struct api_auth {
    char **tokens;
    size_t n_tokens;
    char *ssp_user;
    char *ssp_password;
    int64_t ttl_ms;

    pthread_mutex_t mutex;
    struct session *sessions;   /* Up to API_AUTH_MAX_SESSIONS. */
    size_t n_sessions;
};

struct api_auth *
api_auth_create(char *const tokens[], size_t n_tokens, const char *ssp_user,
                const char *ssp_password, int64_t session_ttl_ms)
{
    struct api_auth *auth = xzalloc(sizeof *auth);
    size_t i;

    auth->tokens = xcalloc(n_tokens ? n_tokens : 1, sizeof *auth->tokens);
    for (i = 0; i < n_tokens; i++) {
        auth->tokens[i] = xstrdup(tokens[i]);
    }
    auth->n_tokens = n_tokens;
    auth->ssp_user = ssp_user ? xstrdup(ssp_user) : NULL;
    auth->ssp_password = ssp_password ? xstrdup(ssp_password) : NULL;
    auth->ttl_ms = session_ttl_ms;
    auth->sessions = xcalloc(API_AUTH_MAX_SESSIONS, sizeof *auth->sessions);
    pthread_mutex_init(&auth->mutex, NULL);
    return auth;
}

void
api_auth_destroy(struct api_auth *auth)
{
    size_t i;

    if (!auth) {
        return;
    }
    for (i = 0; i < auth->n_tokens; i++) {
        free(auth->tokens[i]);
    }
    free(auth->tokens);
    free(auth->ssp_user);
    free(auth->ssp_password);
    free(auth->sessions);
    pthread_mutex_destroy(&auth->mutex);
    free(auth);
}

bool
api_auth_has_tokens(const struct api_auth *auth)
{
    return auth->n_tokens > 0;
}

/* Compares 'a' with 'b' in time that depends only on their lengths. */
static bool
secret_equal(const char *a, size_t a_len, const char *b)
{
    size_t b_len = strlen(b);
    unsigned char diff = a_len != b_len;
    size_t i;

    for (i = 0; i < a_len; i++) {
        diff |= (unsigned char) (a[i] ^ b[i % (b_len ? b_len : 1)]);
    }
    return !diff && b_len;
}

bool
api_auth_check_bearer(const struct api_auth *auth, const char *header)
{
    const char *token;
    bool ok = false;
    size_t i, len;

    if (!auth->n_tokens) {
        return true;
    }
    if (!header || strncasecmp(header, "Bearer ", 7)) {
        return false;
    }
    for (token = header + 7; *token == ' '; token++) {
        continue;
    }
    len = strlen(token);
    while (len && (token[len - 1] == ' ' || token[len - 1] == '\t')) {
        len--;
    }
    /* Check every token so the time does not tell which one matched. */
    for (i = 0; i < auth->n_tokens; i++) {
        ok |= secret_equal(token, len, auth->tokens[i]);
    }
    return ok;
}

bool
api_auth_check_password(const struct api_auth *auth, const char *user,
                        const char *password)
{
    bool user_ok, password_ok;

    if (!auth->ssp_user || !auth->ssp_password || !user || !password) {
        return false;
    }
    user_ok = secret_equal(user, strlen(user), auth->ssp_user);
    password_ok = secret_equal(password, strlen(password),
                               auth->ssp_password);
    return user_ok & password_ok;
}

static void
random_bytes(uint8_t *p, size_t n)
{
    while (n) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            kumo_fatal("getrandom: %s", strerror(errno));
        }
        p += got;
        n -= (size_t) got;
    }
}

/* Drops sessions idle since before 'now - ttl'.  Called with the mutex. */
static void
expire_locked(struct api_auth *auth, int64_t now)
{
    size_t i = 0;

    while (i < auth->n_sessions) {
        if (now - auth->sessions[i].last_used > auth->ttl_ms) {
            auth->sessions[i] = auth->sessions[--auth->n_sessions];
        } else {
            i++;
        }
    }
}

char *
api_auth_session_open(struct api_auth *auth, int64_t now)
{
    static const char hex[] = "0123456789abcdef";
    uint8_t raw[SESSION_BYTES];
    struct session *s;
    char *id;
    size_t i;

    random_bytes(raw, sizeof raw);
    pthread_mutex_lock(&auth->mutex);
    expire_locked(auth, now);
    if (auth->n_sessions >= API_AUTH_MAX_SESSIONS) {
        size_t oldest = 0;
        for (i = 1; i < auth->n_sessions; i++) {
            if (auth->sessions[i].last_used
                < auth->sessions[oldest].last_used) {
                oldest = i;
            }
        }
        s = &auth->sessions[oldest];
    } else {
        s = &auth->sessions[auth->n_sessions++];
    }
    for (i = 0; i < SESSION_BYTES; i++) {
        s->id[2 * i] = hex[raw[i] >> 4];
        s->id[2 * i + 1] = hex[raw[i] & 15];
    }
    s->id[SESSION_BYTES * 2] = '\0';
    s->last_used = now;
    id = xstrdup(s->id);
    pthread_mutex_unlock(&auth->mutex);
    return id;
}

bool
api_auth_session_check(struct api_auth *auth, const char *session,
                       int64_t now)
{
    bool found = false;
    size_t i, len;

    if (!session) {
        return false;
    }
    len = strlen(session);
    pthread_mutex_lock(&auth->mutex);
    expire_locked(auth, now);
    for (i = 0; i < auth->n_sessions; i++) {
        if (secret_equal(session, len, auth->sessions[i].id)) {
            auth->sessions[i].last_used = now;
            found = true;
        }
    }
    pthread_mutex_unlock(&auth->mutex);
    return found;
}

size_t
api_auth_n_sessions(struct api_auth *auth, int64_t now)
{
    size_t n;

    pthread_mutex_lock(&auth->mutex);
    expire_locked(auth, now);
    n = auth->n_sessions;
    pthread_mutex_unlock(&auth->mutex);
    return n;
}
