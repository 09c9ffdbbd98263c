/* ctl-table: renders control-socket results (JSON, see ctl-proto.h) as the
 * aligned, human-readable tables kumoctl prints by default.
 *
 * Pure: JSON in, text out. Lives beside ctl-proto so that the formatting
 * is unit-tested without a daemon; kumoctl only adds the socket. */
#ifndef KUMO_CORE_CTL_TABLE_H
#define KUMO_CORE_CTL_TABLE_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

struct ds;

/* A text table: a heading row and cells, columns padded to their widest
 * cell and separated by two spaces. Numeric columns are right-aligned. */
struct ctl_table {
    size_t n_columns;
    char **headings;            /* 'n_columns' owned strings. */
    bool *right;                /* Per column: right-align. */
    size_t n_rows;
    size_t allocated_rows;
    char **cells;               /* n_rows * n_columns owned strings. */
};

/* Initializes 't' with the 'n_columns' headings in 'headings' (copied). A
 * heading that starts with '>' (not printed) makes its column
 * right-aligned. */
void ctl_table_init(struct ctl_table *t, size_t n_columns,
                    const char *const headings[]);
/* Frees what 't' owns. */
void ctl_table_uninit(struct ctl_table *t);
/* Appends an empty row (every cell ""). */
void ctl_table_add_row(struct ctl_table *t);
/* Sets cell 'column' of the last row to the printf-style text. */
void ctl_table_set(struct ctl_table *t, size_t column, const char *format,
                   ...) KUMO_PRINTF(3, 4);
/* Appends the table to 's': heading line, then one line per row, each
 * ending in a newline, without trailing spaces. */
void ctl_table_format(const struct ctl_table *t, struct ds *s);

/* Appends the human-readable rendering of 'result', the result of command
 * 'cmd' ("switches", "ports", "flows", "counters", "log-levels", ...), to
 * 's'. Returns NULL, or an error string (caller frees) if 'result' does not
 * have the shape that command returns. Commands without a specific layout
 * are printed as indented JSON. */
char *ctl_table_render(struct ds *s, const char *cmd, const json_t *result);

#endif /* ctl-table.h */
