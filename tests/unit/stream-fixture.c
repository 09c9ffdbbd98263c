/* stream-fixture: see stream-fixture.h. */
#include "stream-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Checks target syntax. */
void
stream_fixture_check_targets(char *(*verify)(const char *),
                             const char *const *good, size_t n_good,
                             const struct stream_fixture_bad *bad,
                             size_t n_bad, const char *unix_prefix)
{
    char path[200];
    char *error;
    size_t i;

    for (i = 0; i < n_good; i++) {
        error = verify(good[i]);
        if (error) {
            fail_msg("%s: unexpected error %s", good[i], error);
        }
    }
    for (i = 0; i < n_bad; i++) {
        error = verify(bad[i].target);
        if (!error || !strstr(error, bad[i].expect)
            || strncmp(error, bad[i].target, strlen(bad[i].target))) {
            fail_msg("%s: got \"%s\", want \"%s\"", bad[i].target,
                     error ? error : "(no error)", bad[i].expect);
        }
        free(error);
    }
    /* A path longer than sun_path. */
    memset(path, 'a', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    memcpy(path, unix_prefix, strlen(unix_prefix));
    error = verify(path);
    assert_non_null(error);
    assert_non_null(strstr(error, "too long"));
    free(error);
}
