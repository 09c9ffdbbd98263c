/* libFuzzer target for the OVSDB client's protocol core: the input is
 * what an ovsdb-server (or an attacker posing as one) sends after the
 * client connected and asked for the schema (request id 1).  The client
 * monitors Bridge and Port; a schema is fed first so that the input can
 * answer the monitor request (id 2, monitor id "kumo-1") and send
 * updates, echoes and replies.  The input is fed in chunks whose sizes
 * come from the input itself, so framing across reads is exercised.
 * Events are formatted and freed; the replica must stay a table -> uuid
 * -> object map.  Sanitizers catch memory errors and leaks.
 *
 * In ordinary builds this file is linked with replay-main.c and replays
 * tests/fuzz/corpus/ovsdb-proto and tests/fuzz/regressions/ovsdb-proto. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ds.h"
#include "lib/log.h"
#include "ovsdb/ovsdb-datum.h"
#include "ovsdb/ovsdb-proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char schema_reply[] =
    "{\"id\":1,\"error\":null,\"result\":{\"name\":\"Open_vSwitch\","
    "\"version\":\"8.3.1\",\"tables\":{"
    "\"Bridge\":{\"columns\":{\"name\":{\"type\":\"string\"},"
    "\"ports\":{\"type\":{\"key\":{\"type\":\"uuid\",\"refTable\":\"Port\"},"
    "\"min\":0,\"max\":\"unlimited\"}}}},"
    "\"Port\":{\"columns\":{\"name\":{\"type\":\"string\"},"
    "\"tag\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}}}}}}}";

static void
check_replica(const struct ovsdb_replica *r)
{
    const char *table, *uuid;
    json_t *rows, *row;

    json_object_foreach(r->tables, table, rows) {
        if (!json_is_object(rows) || !json_object_size(rows)) {
            abort();
        }
        json_object_foreach(rows, uuid, row) {
            if (!ovsdb_uuid_is_valid(uuid) || !json_is_object(row)) {
                abort();
            }
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ovsdb_proto_config cfg = { .name = "fuzz" };
    struct ovsdb_proto *p;
    struct ovsdb_event *ev;
    size_t ofs = 0;
    int64_t now = 0;

    log_set_all(KLOG_OFF);
    p = ovsdb_proto_create(&cfg);
    ovsdb_proto_monitor_table(p, "Bridge", NULL, 0);
    ovsdb_proto_monitor_table(p, "Port", NULL, 0);
    ovsdb_proto_run(p, now);
    ovsdb_proto_connected(p, now);
    ovsdb_proto_receive(p, schema_reply, strlen(schema_reply), now);
    while (ofs < size && ovsdb_proto_get_state(p) == OVSDB_PROTO_ACTIVE) {
        size_t chunk = 1 + data[ofs] % 64;

        chunk = chunk > size - ofs ? size - ofs : chunk;
        ovsdb_proto_receive(p, data + ofs, chunk, now);
        ovsdb_proto_output_consumed(p, ovsdb_proto_output(p)->size);
        ofs += chunk;
        now += 100;
        ovsdb_proto_run(p, now);
    }
    check_replica(ovsdb_proto_get_replica(p));
    while ((ev = ovsdb_proto_pop_event(p)) != NULL) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ovsdb_event_format(ev, &ds);
        ds_destroy(&ds);
        ovsdb_event_destroy(ev);
    }
    ovsdb_proto_destroy(p);
    return 0;
}
