/* stream-fixture: the connection-target checks that the unit tests of
 * active targets (test-ovsdb-client.c: tcp:, ssl:, unix:) and of
 * listeners (test-stream.c: ptcp:, pssl:, punix:) share.
 *
 * Built into the unit tests' fixture library (tests/CMakeLists.txt);
 * failures are cmocka assertions in the calling test. */
#ifndef KUMO_TESTS_STREAM_FIXTURE_H
#define KUMO_TESTS_STREAM_FIXTURE_H 1

#include <stddef.h>

/* A target that must be refused, and a piece of the error it must get. */
struct stream_fixture_bad {
    const char *target;
    const char *expect;
};

/* Checks 'verify' (stream_verify_target() or pstream_verify_target(),
 * which return NULL or an error the caller frees): each of the 'n_good'
 * targets in 'good' passes; each of the 'n_bad' in 'bad' fails with an
 * error that starts with the target and contains its 'expect'; and
 * 'unix_prefix' ("unix:/" or "punix:/") followed by a path longer than a
 * socket address holds fails as "too long". */
void stream_fixture_check_targets(char *(*verify)(const char *),
                                  const char *const *good, size_t n_good,
                                  const struct stream_fixture_bad *bad,
                                  size_t n_bad, const char *unix_prefix);

#endif /* stream-fixture.h */
