/* version_table.c - the version table (one row per applied head) and its
 * append-only log. Values are revision ids, hex checksums and numbers, all
 * rendered as literals through the dialect so the same statements serve
 * online runs and offline --sql scripts.
 *
 * A log row whose duration_ms is NULL marks a step that started and has not
 * finished: a step that is not transactional writes it (and commits) before
 * its first statement, and fills in duration_ms together with the
 * version-table update (found from the newest row down where the dialect
 * has MG_CAP_UPDATE_LIMIT). A row left NULL means the run died in
 * between. */
#include "version_table_int.h"

#include <stdlib.h>
#include <string.h>

static int
push(mg_strlist *stmts, mg_buf *b)
{
    int rc = b->oom ? MG_ENOMEM : mg_strlist_add(stmts, mg_buf_cstr(b));

    mg_buf_release(b);
    return rc;
}

static void
log_name(mg_buf *b, const mg_dialect *d, const char *table)
{
    mg_buf name = MG_BUF_INIT;

    mg_buf_addf(&name, "%s_log", table);
    d->sql.quote_ident(b, mg_buf_cstr(&name));
    mg_buf_release(&name);
}

int
mg_vt__create_sql(mg_strlist *stmts, const mg_dialect *d, const char *table)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    mg_buf_puts(&b, "CREATE TABLE IF NOT EXISTS ");
    d->sql.quote_ident(&b, table);
    mg_buf_puts(&b, " (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
    if ((rc = push(stmts, &b)) < 0)
        return rc;
    mg_buf_puts(&b, "CREATE TABLE IF NOT EXISTS ");
    log_name(&b, d, table);
    mg_buf_addf(&b, " (%s, revision VARCHAR(32) NOT NULL, direction "
                "VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at %s "
                "NOT NULL, duration_ms INTEGER)", d->sql.log_id_column,
                d->sql.timestamp_type);
    return push(stmts, &b);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
mg_vt__read(mg_strlist *rows, mg_engine *e, const char *table, mg_error *err)
{
    int exists = 0, rc;

    if ((rc = mg_engine_table_exists(e, table, &exists, err)) < 0 || !exists)
        return rc;
    return mg_vt__read_existing(rows, e, table, err);
}

int
mg_vt__read_existing(mg_strlist *rows, mg_engine *e, const char *table,
                     mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(e);
    mg_buf sql = MG_BUF_INIT;
    mg_rows *r = NULL;
    size_t i;
    int rc;

    mg_buf_puts(&sql, "SELECT version_num FROM ");
    d->sql.quote_ident(&sql, table);
    rc = mg_engine_query(&r, e, mg_buf_cstr(&sql), err);
    mg_buf_release(&sql);
    if (rc < 0)
        return rc;
    for (i = 0; i < mg_rows_count(r) && rc == 0; i++)
        if (mg_rows_value(r, i, 0))
            rc = mg_strlist_add(rows, mg_rows_value(r, i, 0));
    mg_rows_free(r);
    if (rc < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (rows->n > 1)
        qsort(rows->v, rows->n, sizeof(*rows->v), cmp_str);
    return 0;
}

int
mg_vt__change_sql(mg_strlist *stmts, const mg_dialect *d, const char *table,
                  const mg_strlist *before, const mg_strlist *after)
{
    mg_strlist gone = MG_STRLIST_INIT, added = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    size_t i;
    int rc = 0;

    for (i = 0; i < before->n; i++)
        if (!mg_strlist_contains(after, before->v[i]))
            mg_strlist_add(&gone, before->v[i]);
    for (i = 0; i < after->n; i++)
        if (!mg_strlist_contains(before, after->v[i]))
            mg_strlist_add(&added, after->v[i]);
    if (gone.n == 1 && added.n == 1) {
        mg_buf_puts(&b, "UPDATE ");
        d->sql.quote_ident(&b, table);
        mg_buf_puts(&b, " SET version_num = ");
        d->sql.quote_literal(&b, added.v[0]);
        mg_buf_puts(&b, " WHERE version_num = ");
        d->sql.quote_literal(&b, gone.v[0]);
        rc = push(stmts, &b);
        goto done;
    }
    for (i = 0; i < gone.n && rc == 0; i++) {
        mg_buf_puts(&b, "DELETE FROM ");
        d->sql.quote_ident(&b, table);
        mg_buf_puts(&b, " WHERE version_num = ");
        d->sql.quote_literal(&b, gone.v[i]);
        rc = push(stmts, &b);
    }
    for (i = 0; i < added.n && rc == 0; i++) {
        mg_buf_puts(&b, "INSERT INTO ");
        d->sql.quote_ident(&b, table);
        mg_buf_puts(&b, " (version_num) VALUES (");
        d->sql.quote_literal(&b, added.v[i]);
        mg_buf_putc(&b, ')');
        rc = push(stmts, &b);
    }
done:
    mg_strlist_release(&gone);
    mg_strlist_release(&added);
    return rc;
}

int
mg_vt__purge_sql(mg_strlist *stmts, const mg_dialect *d, const char *table)
{
    mg_buf b = MG_BUF_INIT;

    mg_buf_puts(&b, "DELETE FROM ");
    d->sql.quote_ident(&b, table);
    return push(stmts, &b);
}

int
mg_vt__log_sql(mg_strlist *stmts, const mg_dialect *d, const char *table,
               const char *revision, const char *direction,
               const char *checksum, long duration_ms)
{
    mg_buf b = MG_BUF_INIT;

    mg_buf_puts(&b, "INSERT INTO ");
    log_name(&b, d, table);
    mg_buf_puts(&b, " (revision, direction, checksum, applied_at, "
                "duration_ms) VALUES (");
    d->sql.quote_literal(&b, revision);
    mg_buf_puts(&b, ", ");
    d->sql.quote_literal(&b, direction);
    mg_buf_puts(&b, ", ");
    if (checksum)
        d->sql.quote_literal(&b, checksum);
    else
        mg_buf_puts(&b, "NULL");
    if (duration_ms < 0)
        mg_buf_addf(&b, ", %s, NULL)", d->sql.utc_now_sql);
    else
        mg_buf_addf(&b, ", %s, %ld)", d->sql.utc_now_sql, duration_ms);
    return push(stmts, &b);
}

/* " WHERE duration_ms IS NULL[ AND revision = rev[ AND direction = dir]]" */
static void
where_unfinished(mg_buf *b, const mg_dialect *d, const char *revision,
                 const char *direction)
{
    mg_buf_puts(b, " WHERE duration_ms IS NULL");
    if (revision) {
        mg_buf_puts(b, " AND revision = ");
        d->sql.quote_literal(b, revision);
    }
    if (direction) {
        mg_buf_puts(b, " AND direction = ");
        d->sql.quote_literal(b, direction);
    }
}

int
mg_vt__finish_sql(mg_strlist *stmts, const mg_dialect *d, const char *table,
                  const char *revision, const char *direction,
                  long duration_ms)
{
    mg_buf b = MG_BUF_INIT;

    mg_buf_puts(&b, "UPDATE ");
    log_name(&b, d, table);
    mg_buf_addf(&b, " SET applied_at = %s, duration_ms = %ld",
                d->sql.utc_now_sql, duration_ms < 0 ? 0 : duration_ms);
    where_unfinished(&b, d, revision, direction);
    /* The log has no index but its key, and a step's unfinished row is
     * the only one of its revision and direction (a run that finds one
     * refuses, or resumes the step with that row), mostly the newest row:
     * where the dialect can, read from the newest id down and stop at it
     * instead of reading the whole log at every step (MariaDB: 1,000
     * revisions read half a million rows). */
    if (d->caps & MG_CAP_UPDATE_LIMIT)
        mg_buf_puts(&b, " ORDER BY id DESC LIMIT 1");
    return push(stmts, &b);
}

int
mg_vt__forget_sql(mg_strlist *stmts, const mg_dialect *d, const char *table,
                  const char *revision, const char *direction)
{
    mg_buf b = MG_BUF_INIT;

    mg_buf_puts(&b, "DELETE FROM ");
    log_name(&b, d, table);
    where_unfinished(&b, d, revision, direction);
    return push(stmts, &b);
}

int
mg_vt__unfinished(mg_strlist *out, mg_engine *e, const char *table,
                  mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(e);
    mg_buf name = MG_BUF_INIT, sql = MG_BUF_INIT;
    mg_rows *r = NULL;
    int exists = 0, rc;
    size_t i;

    mg_buf_addf(&name, "%s_log", table);
    rc = mg_engine_table_exists(e, mg_buf_cstr(&name), &exists, err);
    if (rc < 0 || !exists)
        goto done;
    mg_buf_puts(&sql, "SELECT revision, direction, applied_at FROM ");
    d->sql.quote_ident(&sql, mg_buf_cstr(&name));
    mg_buf_puts(&sql, " WHERE duration_ms IS NULL ORDER BY id");
    if ((rc = mg_engine_query(&r, e, mg_buf_cstr(&sql), err)) < 0)
        goto done;
    for (i = 0; i < mg_rows_count(r) && rc == 0; i++) {
        const char *v0 = mg_rows_value(r, i, 0), *v1 = mg_rows_value(r, i, 1);
        const char *v2 = mg_rows_value(r, i, 2);
        if (mg_strlist_add(out, v0 ? v0 : "") < 0 ||
            mg_strlist_add(out, v1 ? v1 : "") < 0 ||
            mg_strlist_add(out, v2 ? v2 : "") < 0)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    mg_rows_free(r);
done:
    mg_buf_release(&name);
    mg_buf_release(&sql);
    return rc;
}

int
mg_vt__checksums(mg_strlist *out, mg_engine *e, const char *table,
                 mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(e);
    mg_buf name = MG_BUF_INIT, sql = MG_BUF_INIT;
    mg_rows *r = NULL;
    int exists = 0, rc;
    size_t i;

    mg_buf_addf(&name, "%s_log", table);
    rc = mg_engine_table_exists(e, mg_buf_cstr(&name), &exists, err);
    if (rc < 0 || !exists)
        goto done;
    mg_buf_puts(&sql, "SELECT revision, checksum FROM ");
    d->sql.quote_ident(&sql, mg_buf_cstr(&name));
    mg_buf_puts(&sql, " WHERE direction IN ('upgrade', 'stamp') AND "
                "checksum IS NOT NULL AND duration_ms IS NOT NULL "
                "ORDER BY id");
    if ((rc = mg_engine_query(&r, e, mg_buf_cstr(&sql), err)) < 0)
        goto done;
    for (i = 0; i < mg_rows_count(r); i++) {
        mg_strlist_add(out, mg_rows_value(r, i, 0));
        mg_strlist_add(out, mg_rows_value(r, i, 1));
    }
    mg_rows_free(r);
done:
    mg_buf_release(&name);
    mg_buf_release(&sql);
    return rc;
}

int
mg_vt__same_rows(const mg_strlist *a, const mg_strlist *b)
{
    size_t i;

    if (a->n != b->n)
        return 0;
    for (i = 0; i < a->n; i++)
        if (!mg_strlist_contains(b, a->v[i]))
            return 0;
    return 1;
}
