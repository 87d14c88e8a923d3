/* version_table_int.h - the SQL that reads and writes the version table and its
 * log (DESIGN.md sections 5 and 9), for any dialect. */
#ifndef MG_VERSION_TABLE_H
#define MG_VERSION_TABLE_H

#include "mg_dialect.h"

/* The two CREATE TABLE IF NOT EXISTS statements, appended to stmts. */
int mg_vt__create_sql(mg_strlist *stmts, const mg_dialect *d,
                      const char *table);

/* The rows of the version table (empty when it does not exist), sorted. */
int mg_vt__read(mg_strlist *rows, mg_engine *e, const char *table,
                mg_error *err);

/* The same when the table is known to exist (one query instead of two:
 * each step of a run re-reads the rows). */
int mg_vt__read_existing(mg_strlist *rows, mg_engine *e, const char *table,
                         mg_error *err);

/* Statements that turn the rows `before` into `after` (an UPDATE when one
 * row replaces one, else DELETEs and INSERTs), appended to stmts. */
int mg_vt__change_sql(mg_strlist *stmts, const mg_dialect *d,
                      const char *table, const mg_strlist *before,
                      const mg_strlist *after);

/* The DELETE of every row of the version table (stamp --purge). */
int mg_vt__purge_sql(mg_strlist *stmts, const mg_dialect *d,
                     const char *table);

/* One log row; checksum may be NULL. duration_ms < 0 writes NULL: the
 * marker of a step that started and has not finished (written and
 * committed before a non-transactional step's first statement). */
int mg_vt__log_sql(mg_strlist *stmts, const mg_dialect *d, const char *table,
                   const char *revision, const char *direction,
                   const char *checksum, long duration_ms);

/* The UPDATE that completes the unfinished log row of revision/direction:
 * duration_ms and applied_at (the time it is recorded) are set. */
int mg_vt__finish_sql(mg_strlist *stmts, const mg_dialect *d,
                      const char *table, const char *revision,
                      const char *direction, long duration_ms);

/* The DELETE of unfinished log rows: of revision/direction, or every one
 * when revision (and direction) are NULL. */
int mg_vt__forget_sql(mg_strlist *stmts, const mg_dialect *d,
                      const char *table, const char *revision,
                      const char *direction);

/* The unfinished log rows, oldest first, as triples (revision, direction,
 * applied_at) in out. Empty when there is no log table. */
int mg_vt__unfinished(mg_strlist *out, mg_engine *e, const char *table,
                      mg_error *err);

/* The checksum last recorded for each revision by a finished upgrade or a
 * stamp, as pairs (revision, checksum) in out. Empty when there is no log table. */
int mg_vt__checksums(mg_strlist *out, mg_engine *e, const char *table,
                     mg_error *err);

/* 1 when two lists hold the same strings, in any order. */
int mg_vt__same_rows(const mg_strlist *a, const mg_strlist *b);

#endif
