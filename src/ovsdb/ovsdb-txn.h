/* ovsdb-txn: building "transact" requests (RFC 7047 section 5.2) and
 * reading their results op by op.
 *
 * Build a transaction with ovsdb_txn_create() and the op functions (each
 * returns the op's index, which is also its index in the result), hand it
 * to ovsdb_proto_transact(), and read the reply with
 * ovsdb_txn_result_parse(): every op's outcome (uuid of an insert, count
 * of an update/mutate/delete, rows of a select, or error + details) plus
 * a transaction-level error (commit failure, JSON-RPC error, connection
 * lost) named clearly.
 *
 * Pure. */
#ifndef KUMO_OVSDB_TXN_H
#define KUMO_OVSDB_TXN_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;

struct ovsdb_txn {
    json_t *params;         /* [db-name, op...]. */
};

/* A new empty transaction on database 'db' (copied).  Free with
 * ovsdb_txn_destroy() unless handed to ovsdb_proto_transact(). */
struct ovsdb_txn *ovsdb_txn_create(const char *db);
/* Frees 'txn'.  Accepts NULL. */
void ovsdb_txn_destroy(struct ovsdb_txn *txn);
/* Number of ops so far. */
size_t ovsdb_txn_n_ops(const struct ovsdb_txn *txn);

/* The op functions take ownership of every json_t argument; NULL
 * 'columns' means all columns.  Each returns the op's index. */
/* "insert" of 'row' into 'table'; 'uuid_name' (may be NULL) names the new
 * row for ["named-uuid", name] references in later ops. */
size_t ovsdb_txn_insert(struct ovsdb_txn *txn, const char *table,
                        json_t *row, const char *uuid_name);
/* "update": sets the columns of 'row' in rows of 'table' matching
 * 'where' (an array of conditions). */
size_t ovsdb_txn_update(struct ovsdb_txn *txn, const char *table,
                        json_t *where, json_t *row);
/* "mutate": applies 'mutations' (array of [column, mutator, value]). */
size_t ovsdb_txn_mutate(struct ovsdb_txn *txn, const char *table,
                        json_t *where, json_t *mutations);
/* "delete" of the rows matching 'where'. */
size_t ovsdb_txn_delete(struct ovsdb_txn *txn, const char *table,
                        json_t *where);
/* "select" of 'columns' (array of names, or NULL) of matching rows. */
size_t ovsdb_txn_select(struct ovsdb_txn *txn, const char *table,
                        json_t *where, json_t *columns);
/* "wait" until the 'columns' of the rows matching 'where' are (until
 * "==") or are not ("!=") exactly 'rows', for at most 'timeout_ms'
 * (negative: no timeout member, the server's default of waiting
 * forever). */
size_t ovsdb_txn_wait(struct ovsdb_txn *txn, const char *table,
                      json_t *where, json_t *columns, const char *until,
                      json_t *rows, int64_t timeout_ms);
/* "comment" (written to the server's log). */
size_t ovsdb_txn_comment(struct ovsdb_txn *txn, const char *comment);
/* Appends an op already in JSON form (ownership taken), e.g. from a user;
 * it is not checked. */
size_t ovsdb_txn_add_raw(struct ovsdb_txn *txn, json_t *op);

/* The outcome of one op. */
struct ovsdb_op_result {
    const char *error;      /* NULL if the op succeeded. */
    const char *details;    /* Error details or NULL. */
    const char *uuid;       /* "insert": the new row's UUID. */
    int64_t count;          /* "update"/"mutate"/"delete"; else -1. */
    json_t *rows;           /* "select": array of rows; else NULL. */
    bool executed;          /* False for ops after a failed one (null). */
};

/* A whole transaction's outcome.  Strings and JSON are borrowed from
 * 'reply'. */
struct ovsdb_txn_result {
    json_t *reply;          /* The raw result array (own reference), or
                             * NULL when the request itself failed. */
    char *error;            /* Transaction-level error (owned), or NULL. */
    size_t n_ops;
    struct ovsdb_op_result *ops;    /* One per op sent. */
    size_t failed_op;       /* Index of the first failed op, or SIZE_MAX
                             * if none failed (error may still be set by
                             * a commit failure). */
};

/* Fills 'res' from the JSON-RPC 'result' (borrowed; a reference is kept)
 * of a transaction of 'n_ops' ops.  Malformed results set 'res->error'.
 * Always initializes 'res'; free with ovsdb_txn_result_uninit(). */
void ovsdb_txn_result_parse(struct ovsdb_txn_result *res,
                            const json_t *result, size_t n_ops);
/* Fills 'res' for a transaction that got no result: 'error' (copied)
 * says why, e.g. a JSON-RPC error or "connection lost: outcome unknown". */
void ovsdb_txn_result_set_error(struct ovsdb_txn_result *res, size_t n_ops,
                                const char *error);
/* Frees what 'res' holds. */
void ovsdb_txn_result_uninit(struct ovsdb_txn_result *res);
/* True if every op succeeded and the transaction committed. */
bool ovsdb_txn_result_ok(const struct ovsdb_txn_result *res);
/* Appends a one-line summary ("ok" or what failed) to 'ds'. */
void ovsdb_txn_result_format(const struct ovsdb_txn_result *res,
                             struct ds *ds);

#endif /* ovsdb-txn.h */
