/* kumo-ovsdb-cli: a small command-line front end to Kumo's OVSDB client
 * (src/ovsdb), for manual use and for tests/e2e/test-ovsdb.sh.  Not part
 * of kumod or kumoctl.
 *
 *   kumo-ovsdb-cli [OPTIONS] TARGET schema
 *   kumo-ovsdb-cli [OPTIONS] TARGET transact '[OP, ...]'
 *   kumo-ovsdb-cli [OPTIONS] TARGET monitor TABLE[:COL,...]...
 *
 * "monitor" prints one line per client event (connected, insert/modify/
 * delete with full rows, synced, disconnected, txn results...) and reads
 * commands on stdin, one per line: "transact [OP,...]", "cancel",
 * "monitor", "dump", "stats", "quit".
 *
 * TARGET is tcp:IP:PORT, ssl:IP:PORT or unix:PATH. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/ds.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ovsdb/ovsdb-client.h"
#include "ovsdb/ovsdb-schema.h"

static bool stdin_open = true;
static char stdin_buf[1 << 20];
static size_t stdin_len;

static void
usage(void)
{
    printf("usage: kumo-ovsdb-cli [OPTIONS] TARGET COMMAND [ARGS]\n"
           "TARGET: tcp:IP:PORT | ssl:IP:PORT | unix:PATH\n"
           "COMMAND:\n"
           "  schema                      print tables and columns\n"
           "  transact '[OP,...]'         run one transaction\n"
           "  monitor TABLE[:COL,...]...  print changes; stdin commands:\n"
           "      transact [OP,...] | cancel | monitor | dump | stats | "
           "quit\n"
           "OPTIONS:\n"
           "  --db NAME            database (default Open_vSwitch)\n"
           "  --probe MS           echo probe interval (default 5000, "
           "-1 off)\n"
           "  --min-backoff MS     (default 1000)\n"
           "  --max-backoff MS     (default 8000)\n"
           "  --timeout MS         schema/transact: give up after MS "
           "(default 10000)\n"
           "  --ssl-key FILE --ssl-cert FILE --ssl-ca FILE   for ssl:\n"
           "  --no-row-events      monitor: print no row changes (use dump)\n"
           "  -v                   debug logging\n");
}

static void
print_event(const struct ovsdb_event *ev)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ovsdb_event_format(ev, &ds);
    printf("%s\n", ds_cstr(&ds));
    fflush(stdout);
    ds_destroy(&ds);
}

static void
dump_replica(struct ovsdb_client *c)
{
    const struct ovsdb_replica *r
        = ovsdb_proto_get_replica(ovsdb_client_get_proto(c));
    const char *table, *uuid;
    json_t *rows, *row;

    json_object_foreach(r->tables, table, rows) {
        json_object_foreach(rows, uuid, row) {
            char *s = ovsdb_jsonrpc_to_string(row);
            printf("row %s %s %s\n", table, uuid, s);
            free(s);
        }
    }
    printf("dump-end seq=%"PRIu64"\n", r->change_seq);
    fflush(stdout);
}

static void
print_stats(struct ovsdb_client *c)
{
    const struct ovsdb_proto_stats *s
        = ovsdb_proto_get_stats(ovsdb_client_get_proto(c));

    printf("stats connects=%"PRIu64" connect_failures=%"PRIu64
           " disconnects=%"PRIu64" echo_sent=%"PRIu64" echo_answered=%"
           PRIu64" probe_timeouts=%"PRIu64" protocol_errors=%"PRIu64
           " unexpected_replies=%"PRIu64" updates=%"PRIu64" resyncs=%"
           PRIu64"\n", s->n_connects, s->n_connect_failures,
           s->n_disconnects, s->n_echo_sent, s->n_echo_answered,
           s->n_probe_timeouts, s->n_protocol_errors,
           s->n_unexpected_replies, s->n_updates, s->n_resyncs);
    fflush(stdout);
}

/* Sends the ops in JSON text 'ops' as one transaction.  Returns its id,
 * or 0 (with a message printed) on failure. */
static uint64_t
start_transact(struct ovsdb_client *c, const char *db, const char *ops)
{
    json_error_t jerr;
    json_t *json = json_loads(ops, 0, &jerr);
    struct ovsdb_txn *txn;
    size_t i;
    uint64_t id;

    if (!json_is_array(json)) {
        printf("txn-error ops must be a JSON array of operations%s%s\n",
               json ? "" : ": ", json ? "" : jerr.text);
        fflush(stdout);
        json_decref(json);
        return 0;
    }
    txn = ovsdb_txn_create(db);
    for (i = 0; i < json_array_size(json); i++) {
        ovsdb_txn_add_raw(txn, json_incref(json_array_get(json, i)));
    }
    json_decref(json);
    id = ovsdb_proto_transact(ovsdb_client_get_proto(c), txn);
    if (!id) {
        printf("txn-error not connected\n");
    } else {
        printf("txn-sent %"PRIu64"\n", id);
    }
    fflush(stdout);
    return id;
}

/* Executes one stdin command.  Returns false on "quit". */
static bool
do_command(struct ovsdb_client *c, const char *db, char *line)
{
    struct ovsdb_proto *p = ovsdb_client_get_proto(c);

    while (*line == ' ') {
        line++;
    }
    if (!*line || *line == '#') {
        return true;
    } else if (!strncmp(line, "transact ", 9)) {
        start_transact(c, db, line + 9);
    } else if (!strcmp(line, "cancel")) {
        ovsdb_proto_monitor_cancel(p);
    } else if (!strcmp(line, "monitor")) {
        ovsdb_proto_monitor_start(p);
    } else if (!strcmp(line, "dump")) {
        dump_replica(c);
    } else if (!strcmp(line, "stats")) {
        print_stats(c);
    } else if (!strcmp(line, "quit")) {
        return false;
    } else {
        printf("unknown-command %s\n", line);
        fflush(stdout);
    }
    return true;
}

/* Reads available stdin and runs complete lines.  Returns false on
 * "quit". */
static bool
read_stdin(struct ovsdb_client *c, const char *db)
{
    ssize_t n = read(STDIN_FILENO, stdin_buf + stdin_len,
                     sizeof stdin_buf - stdin_len - 1);
    char *nl;

    if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            stdin_open = false;
        }
        return true;
    }
    stdin_len += n;
    while ((nl = memchr(stdin_buf, '\n', stdin_len)) != NULL) {
        size_t len = nl - stdin_buf + 1;
        bool go_on;

        *nl = '\0';
        go_on = do_command(c, db, stdin_buf);
        memmove(stdin_buf, stdin_buf + len, stdin_len - len);
        stdin_len -= len;
        if (!go_on) {
            return false;
        }
    }
    if (stdin_len == sizeof stdin_buf - 1) {
        printf("unknown-command (line too long)\n");
        stdin_len = 0;
    }
    return true;
}

/* Parses "TABLE[:COL,COL...]" and adds it to the monitor. */
static void
add_monitor(struct ovsdb_proto *p, const char *spec)
{
    char *copy = xstrdup(spec);
    char *colon = strchr(copy, ':');

    if (!colon) {
        ovsdb_proto_monitor_table(p, copy, NULL, 0);
    } else {
        const char *cols[256];
        size_t n = 0;
        char *save = NULL, *tok;

        *colon = '\0';
        for (tok = strtok_r(colon + 1, ",", &save); tok && n < 256;
             tok = strtok_r(NULL, ",", &save)) {
            cols[n++] = tok;
        }
        ovsdb_proto_monitor_table(p, copy, cols, n);
    }
    free(copy);
}

static void
print_schema(const struct ovsdb_schema *s)
{
    size_t i, j;

    printf("database %s version %s\n", s->name, s->version);
    for (i = 0; i < s->n_tables; i++) {
        const struct ovsdb_schema_table *t = &s->tables[i];
        printf("table %s%s:", t->name, t->is_root ? " (root)" : "");
        for (j = 0; j < t->n_columns; j++) {
            printf(" %s", t->columns[j].name);
        }
        printf("\n");
    }
}

int
main(int argc, char *argv[])
{
    static const struct option options[] = {
        { "db", required_argument, NULL, 'd' },
        { "probe", required_argument, NULL, 'p' },
        { "min-backoff", required_argument, NULL, 'm' },
        { "max-backoff", required_argument, NULL, 'M' },
        { "timeout", required_argument, NULL, 't' },
        { "ssl-key", required_argument, NULL, 'k' },
        { "ssl-cert", required_argument, NULL, 'c' },
        { "ssl-ca", required_argument, NULL, 'C' },
        { "no-row-events", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct ovsdb_client_config cfg;
    struct ovsdb_client *c;
    struct ovsdb_proto *p;
    const char *db = "Open_vSwitch";
    const char *command;
    int64_t timeout = 10000, deadline;
    uint64_t txn_id = 0;
    char *error;
    int opt, status = 2;
    bool running = true;

    memset(&cfg, 0, sizeof cfg);
    log_set_all(KLOG_WARN);
    while ((opt = getopt_long(argc, argv, "vh", options, NULL)) != -1) {
        switch (opt) {
        case 'd': db = optarg; break;
        case 'p': cfg.proto.probe_interval_ms = atoll(optarg); break;
        case 'm': cfg.proto.min_backoff_ms = atoll(optarg); break;
        case 'M': cfg.proto.max_backoff_ms = atoll(optarg); break;
        case 't': timeout = atoll(optarg); break;
        case 'k': cfg.ssl.key = optarg; break;
        case 'c': cfg.ssl.cert = optarg; break;
        case 'C': cfg.ssl.ca = optarg; break;
        case 'q': cfg.proto.no_row_events = true; break;
        case 'v': log_set_all(KLOG_DBG); break;
        case 'h': usage(); return 0;
        default: usage(); return 2;
        }
    }
    if (argc - optind < 2) {
        usage();
        return 2;
    }
    cfg.target = argv[optind];
    cfg.proto.database = db;
    command = argv[optind + 1];
    c = ovsdb_client_create(&cfg, &error);
    if (!c) {
        fprintf(stderr, "kumo-ovsdb-cli: %s\n", error);
        free(error);
        return 2;
    }
    p = ovsdb_client_get_proto(c);
    if (!strcmp(command, "monitor")) {
        int i;
        if (argc - optind < 3) {
            usage();
            ovsdb_client_destroy(c);
            return 2;
        }
        for (i = optind + 2; i < argc; i++) {
            add_monitor(p, argv[i]);
        }
        timeout = INT64_MAX / 2;
        fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
    } else if (strcmp(command, "schema") && strcmp(command, "transact")) {
        usage();
        ovsdb_client_destroy(c);
        return 2;
    } else {
        stdin_open = false;
        if (!strcmp(command, "transact") && argc - optind < 3) {
            usage();
            ovsdb_client_destroy(c);
            return 2;
        }
    }

    deadline = ovsdb_client_time_ms() + timeout;
    while (running) {
        struct ovsdb_event *ev;
        struct pollfd pfds[2];
        int64_t now = ovsdb_client_time_ms(), wake;
        int n = 0;

        ovsdb_client_run(c, now);
        while (running && (ev = ovsdb_proto_pop_event(p)) != NULL) {
            print_event(ev);
            if (!strcmp(command, "schema") && ev->type == OVSDB_EV_SCHEMA) {
                print_schema(ovsdb_proto_get_schema(p));
                status = 0;
                running = false;
            } else if (!strcmp(command, "transact")) {
                if (ev->type == OVSDB_EV_SCHEMA && !txn_id) {
                    txn_id = start_transact(c, db, argv[optind + 2]);
                    if (!txn_id) {
                        running = false;
                    }
                    ovsdb_client_run(c, now);
                } else if (ev->type == OVSDB_EV_TXN && ev->id == txn_id) {
                    status = ovsdb_txn_result_ok(&ev->txn) ? 0 : 1;
                    running = false;
                }
            }
            ovsdb_event_destroy(ev);
        }
        if (!running) {
            break;
        }
        if (now >= deadline) {
            printf("timeout after %"PRId64" ms\n", timeout);
            break;
        }
        if (ovsdb_client_get_fd(c) >= 0) {
            pfds[n].fd = ovsdb_client_get_fd(c);
            pfds[n].events = POLLIN
                             | (ovsdb_client_want_write(c) ? POLLOUT : 0);
            n++;
        }
        if (stdin_open) {
            pfds[n].fd = STDIN_FILENO;
            pfds[n].events = POLLIN;
            n++;
        }
        wake = MIN(ovsdb_client_next_wake(c), deadline);
        poll(pfds, n, (int) MIN(MAX(wake - now, 0), 1000));
        if (stdin_open && n && pfds[n - 1].fd == STDIN_FILENO
            && pfds[n - 1].revents) {
            if (!read_stdin(c, db)) {
                status = 0;
                running = false;
            }
            ovsdb_client_run(c, ovsdb_client_time_ms());
        }
    }
    ovsdb_client_destroy(c);
    return status;
}
