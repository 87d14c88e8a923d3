/* sqlite_reflect.c - the SQLite dialect's reflection (inspect).
 *
 * Reflection reads the DDL SQLite keeps for every table, index and trigger
 * in sqlite_schema, with ONE query whatever the schema's size, and hands it
 * to the model parser (lib/model_parse.c), so a database and a model file
 * become metadata through the same code and compare as equals. Views
 * and triggers become objects (mg_object.h) whose definition is the
 * stored text; triggers also ride along with their table (t->triggers),
 * for a rebuild to recreate those not managed. Virtual tables, which the
 * model does not express, are named as not managed; a virtual table's
 * shadow tables go with it. */
#include "mg_dialect.h"
#include "common_int.h"
#include "mg_model.h"
#include "sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- reflection --------------------------------------------------------- */

/* Catalog rows are kept four strings each, in this order. */
enum { ROW_TYPE, ROW_NAME, ROW_TABLE, ROW_SQL, ROW_WIDTH };

static int
is_virtual(const mg_strlist *rows, size_t i)
{
    return strcmp(rows->v[i + ROW_TYPE], "table") == 0 &&
           strncasecmp(rows->v[i + ROW_SQL], "CREATE VIRTUAL", 14) == 0;
}

/* The names of rows' virtual tables into out. */
static int
virtual_tables(const mg_strlist *rows, mg_strlist *out, mg_error *err)
{
    size_t i;

    for (i = 0; i + ROW_WIDTH <= rows->n; i += ROW_WIDTH)
        if (is_virtual(rows, i) &&
            mg_strlist_add(out, rows->v[i + ROW_NAME]) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

/* 1 when table is a shadow table of one of the virtual tables vtabs
 * (named <virtual table>_<suffix>, as SQLite names them): the virtual
 * table's storage, which goes with it. */
static int
is_shadow(const mg_strlist *vtabs, const char *table)
{
    size_t i, n;

    for (i = 0; i < vtabs->n; i++) {
        n = strlen(vtabs->v[i]);
        if (strncasecmp(table, vtabs->v[i], n) == 0 && table[n] == '_')
            return 1;
    }
    return 0;
}

/* Read the whole catalog into rows. */
static int
read_catalog(sqlite3 *db, mg_strlist *rows, mg_error *err)
{
    static const char sql[] =
        "SELECT type, name, tbl_name, sql FROM sqlite_schema "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY rowid";
    sqlite3_stmt *st = NULL;
    int step, i, rc = 0;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return mg_error_set(err, MG_EDB, "cannot read the schema: %s",
                            sqlite3_errmsg(db));
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        for (i = 0; i < ROW_WIDTH; i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            int n = sqlite3_column_bytes(st, i);
            if (mg_strlist_addn(rows, v ? v : "", v ? (size_t)n : 0) < 0) {
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
                goto done;
            }
        }
    }
    if (step != SQLITE_DONE)
        rc = mg_error_set(err, MG_EDB, "cannot read the schema: %s",
                          sqlite3_errmsg(db));
done:
    sqlite3_finalize(st);
    return rc;
}

/* Turn the parser's "table:line:col: message" into a message that says
 * it was the stored DDL of a table that could not be read. */
static int
parse_failed(mg_error *err, int rc, const char *table)
{
    char msg[sizeof(err->msg)];
    const char *m;
    size_t n = strlen(table);

    if (rc != MG_EPARSE || !err)
        return rc;
    memcpy(msg, err->msg, sizeof(msg));
    msg[sizeof(msg) - 1] = '\0';
    m = msg;
    if (strncmp(m, table, n) == 0 && m[n] == ':')
        m += n + 1;
    return mg_error_set(err, MG_EPARSE, "cannot read the stored definition "
                        "of table '%s': %s", table, m);
}

/* A view or trigger row as an object of md (its definition the stored
 * text verbatim, read by the model parser); 1 when the parser cannot
 * read it or finds no such object, which is then named as not managed. */
static int
add_object(mg_metadata *md, const char *name, const char *sql,
           mg_error *err)
{
    size_t before = mg_metadata_object_count(md);
    mg_error perr;
    int rc;

    rc = mg_model_parse_for(md, name, sql, strlen(sql), 0,
                            &mg_dialect_sqlite, &perr);
    if (rc == MG_ENOMEM)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (rc < 0 || mg_metadata_object_count(md) != before + 1)
        return 1;
    return 0;
}

/* The catalog's views and triggers into md's objects, and what the model
 * does not express (virtual tables, and a view or trigger the parser
 * cannot read) into md's objects not managed, in creation order. */
static int
add_unmanaged(mg_metadata *md, const mg_strlist *rows,
              const mg_strlist *ignore, mg_error *err)
{
    size_t i;
    int rc;

    for (i = 0; i + ROW_WIDTH <= rows->n; i += ROW_WIDTH) {
        const char *type = rows->v[i + ROW_TYPE];
        const char *name = rows->v[i + ROW_NAME];
        const char *kind = NULL, *table = NULL;

        if (mg_dialect__ignored(ignore, rows->v[i + ROW_TABLE]))
            continue;
        if (strcmp(type, "view") == 0 || strcmp(type, "trigger") == 0) {
            if ((rc = add_object(md, name, rows->v[i + ROW_SQL], err)) < 0)
                return rc;
            if (rc == 0)
                continue;
            kind = type;
            if (strcmp(type, "trigger") == 0)
                table = rows->v[i + ROW_TABLE];
        } else if (is_virtual(rows, i)) {
            kind = "virtual table";
        }
        if (kind && mg_metadata_add_unmanaged(md, kind, name, table) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

int
mg_sqlite__inspect(void *conn, mg_metadata *md, const mg_strlist *ignore,
                   mg_error *err)
{
    static const char *const passes[] = { "table", "index" };
    mg_strlist rows = MG_STRLIST_INIT, vtabs = MG_STRLIST_INIT;
    size_t i, p;
    int rc;

    if ((rc = read_catalog(MG_SQLITE_DB(conn), &rows, err)) < 0 ||
        (rc = virtual_tables(&rows, &vtabs, err)) < 0)
        goto done;
    if (((mg_sqlite_conn *)conn)->read_once) {
        /* the rows are all that is needed: the connection's copy of the
         * schema (at 10,000 tables, 14 MiB parsed; 45 MiB with the pages
         * of an in-memory scratch database) goes before the metadata is
         * built */
        sqlite3_close(MG_SQLITE_DB(conn));
        ((mg_sqlite_conn *)conn)->db = NULL;
    }
    /* Tables, then indexes (which name their table), then naming. */
    for (p = 0; p < sizeof(passes) / sizeof(passes[0]); p++) {
        for (i = 0; i + ROW_WIDTH <= rows.n; i += ROW_WIDTH) {
            const char *table = rows.v[i + ROW_TABLE];
            const char *sql = rows.v[i + ROW_SQL];

            if (strcmp(rows.v[i + ROW_TYPE], passes[p]) != 0 ||
                mg_dialect__ignored(ignore, table) || is_shadow(&vtabs, table))
                continue;
            rc = mg_model_parse(md, table, sql, strlen(sql),
                                MG_MODEL_LENIENT, err);
            if (rc < 0) {
                rc = parse_failed(err, rc, table);
                goto done;
            }
        }
    }
    if ((rc = mg_model_finish_ex(md, MG_MODEL_LENIENT, err)) < 0)
        goto done;
    /* Triggers ride along with their table, to be recreated after a
     * rebuild; those of views and ignored tables find no table. */
    for (i = 0; i + ROW_WIDTH <= rows.n; i += ROW_WIDTH) {
        mg_table *t;

        if (strcmp(rows.v[i + ROW_TYPE], "trigger") != 0 ||
            mg_dialect__ignored(ignore, rows.v[i + ROW_TABLE]))
            continue;
        t = (mg_table *)mg_metadata_table(md, rows.v[i + ROW_TABLE]);
        if (t && mg_strlist_add(&t->triggers, rows.v[i + ROW_SQL]) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto done;
        }
    }
    if ((rc = add_unmanaged(md, &rows, ignore, err)) < 0)
        goto done;
    rc = 0;
done:
    mg_strlist_release(&rows);
    mg_strlist_release(&vtabs);
    return rc;
}
