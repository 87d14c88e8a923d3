/* postgresql_form.c - the server's own form of what a model says
 * (catalog.server_form, catalog.server_tables): made on the server where
 * nothing stays, and read back as reflection reads a database.
 *
 * server_form gives the models' objects the key the server would give
 * them: in one transaction rolled back, a scratch schema alone on the
 * search path, the model's tables (without foreign keys) and objects
 * created there (an object of another schema in that schema, made anew
 * after the database's own is renamed away), all sent as one text under
 * one savepoint (objects that come before tables, tables, the other
 * objects, OWNED BY ties: a fixed number of statements whatever the
 * model's size); when one of them fails, that is rolled back and each is
 * made under a savepoint of its own (what fails is retried after the
 * rest, so the order the model writes them in does not matter); read
 * back by the objects' query; a routine also takes the catalog's
 * signature (its argument types, what DROP names: one query for all
 * routines of the batch).
 *
 * server_tables makes the tables it is given the same way (a scratch
 * schema first on the search path, the connection's own path after it so
 * that the database's types, sequences and functions resolve; all under
 * one savepoint, else each under its own, a refused one left out) and
 * reflects that schema with mg_pg__inspect: the expressions come back as
 * the catalog prints them, in the same six queries. */
#include "mg_compare.h"
#include "mg_dialect.h"
#include "common_int.h"
#include "postgresql_int.h"

#include "pq_api_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Run sql on pg; 0 or MG_EDB (the message in err when err). */
static int
run(PGconn *pg, const char *sql, mg_error *err)
{
    PGresult *r = PQexec(pg, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
             PQresultStatus(r) == PGRES_TUPLES_OK;

    if (!ok && err)
        mg_error_set(err, MG_EDB, "%s", PQerrorMessage(pg));
    PQclear(r);
    return ok ? 0 : MG_EDB;
}

/* The statements under a savepoint: 1 when they all ran, 0 when one
 * failed (rolled back to the savepoint), < 0 when pg is unusable. */
static int
try_statements(PGconn *pg, const mg_strlist *stmts)
{
    size_t i;
    int ok = 1;

    if (run(pg, "SAVEPOINT migrate_form_try", NULL) < 0)
        return MG_EDB;
    for (i = 0; i < stmts->n && ok; i++)
        ok = run(pg, stmts->v[i], NULL) == 0;
    if (run(pg, ok ? "RELEASE SAVEPOINT migrate_form_try"
                   : "ROLLBACK TO SAVEPOINT migrate_form_try", NULL) < 0)
        return MG_EDB;
    return ok;
}

/* One thing to create in the scratch schema: a table of the model
 * (without its foreign keys) or an object. */
typedef struct form_item {
    mg_strlist stmts;
    int        done;
    mg_object *routine;  /* a routine of the model: takes the catalog's
                          * signature once created */
} form_item;

/* 1 for an object server_form creates: any with a definition (those of
 * another schema in that schema, made anew for the transaction). */
static int
formed(const mg_object *o)
{
    return o->definition != NULL;
}

/* 1 when schema names a and b (NULL: the connection's) are the same. */
static int
same_schema(const char *a, const char *b)
{
    return a && b ? strcasecmp(a, b) == 0 : a == b;
}

/* Each schema md creates, if the database has it already, renamed out of
 * the way for the transaction (so what it holds does not clash). */
static int
move_schemas(PGconn *pg, const mg_metadata *md, const char *scratch)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < mg_metadata_object_count(md) && rc >= 0; i++) {
        const mg_object *o = mg_metadata_object_at(md, i);
        mg_strlist l = MG_STRLIST_INIT;
        mg_buf b = MG_BUF_INIT, to = MG_BUF_INIT;

        if (o->kind != MG_OBJ_SCHEMA)
            continue;
        mg_buf_addf(&to, "%s_%zu", scratch, i);
        mg_buf_puts(&b, "ALTER SCHEMA ");
        mg_pg__qi(&b, o->name);
        mg_buf_puts(&b, " RENAME TO ");
        mg_pg__qi(&b, mg_buf_cstr(&to));
        rc = b.oom || to.oom || mg_strlist_add(&l, mg_buf_cstr(&b)) < 0
             ? MG_ENOMEM : try_statements(pg, &l);
        mg_strlist_release(&l);
        mg_buf_release(&b);
        mg_buf_release(&to);
    }
    return rc < 0 ? rc : 0;
}

/* The statements of each item: items[i] for md's i-th object (those
 * formed; a sequence without its OWNED BY, which a table's DEFAULT may
 * need before the table can be), items[objects + j] for its j-th table,
 * items[objects + tables + i] for the OWNED BY of the i-th object. */
static int
form_items(form_item *items, mg_metadata *md)
{
    size_t no = mg_metadata_object_count(md), i;
    size_t ties = no + mg_metadata_table_count(md);
    int rc = 0, pass;

    for (pass = 0; pass < 3 && rc == 0; pass++) {
        if (pass == 1) {
            for (i = 0; i < mg_metadata_table_count(md) && rc == 0; i++)
                rc = mg_dialect__table_alone(&items[no + i].stmts,
                                             mg_metadata_table_at(md, i), 0,
                                             mg_pg__render_op);
            continue;
        }
        for (i = 0; i < no && rc == 0; i++) {
            const mg_object *o = mg_metadata_object_at(md, i);
            mg_op op;

            if (!formed(o) || (MG_OBJ_BEFORE_TABLES(o->kind) != (pass == 0)))
                continue;
            if (o->kind == MG_OBJ_FUNCTION || o->kind == MG_OBJ_PROCEDURE)
                items[i].routine = mg_metadata_object_at_mut(md, i);
            memset(&op, 0, sizeof(op));
            op.kind = MG_OP_CREATE_OBJECT;
            op.new_object = o;
            op.object_part = MG_OBJECT_UNTIED;
            rc = mg_pg__render_object_op(&items[i].stmts, &op, NULL);
            op.object_part = MG_OBJECT_TIE;
            if (rc == 0)
                rc = mg_pg__render_object_op(&items[ties + i].stmts, &op,
                                             NULL);
        }
    }
    return rc;
}

/* The argument types of the routine just created for o (the newest of
 * its schema and name), as the catalog spells them, onto o: what tells
 * its overloads apart when they are read back, and what DROP names.
 * Errors: MG_ENOMEM; a failed query leaves o as it is. */
static int
take_signature(PGconn *pg, mg_object *o)
{
    static const char sql[] =
        "SELECT pg_catalog.oidvectortypes(p.proargtypes) "
        "FROM pg_catalog.pg_proc p WHERE p.pronamespace = "
        "COALESCE(pg_catalog.to_regnamespace($1), (SELECT n.oid "
        "FROM pg_catalog.pg_namespace n "
        "WHERE n.nspname = pg_catalog.current_schema())) "
        "AND (p.proname = $2 OR p.proname = pg_catalog.lower($2)) "
        "ORDER BY p.oid DESC LIMIT 1";
    const char *params[2] = { o->schema, o->name };
    PGresult *r = PQexecParams(pg, sql, 2, NULL, params, NULL, NULL, 0);
    int rc = 0;

    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        rc = mg_object_set_signature(o, PQgetvalue(r, 0, 0));
    PQclear(r);
    return rc < 0 ? MG_ENOMEM : 0;
}

/* The group of item i in the batch's order: 0 an object created before
 * tables, 1 a table, 2 another object, 3 an OWNED BY tie. no: md's
 * objects, nt: its tables. */
static int
batch_group(const mg_metadata *md, size_t no, size_t nt, size_t i)
{
    if (i >= no)
        return i < no + nt ? 1 : 3;
    return MG_OBJ_BEFORE_TABLES(mg_metadata_object_at(md, i)->kind) ? 0 : 2;
}

/* Item indexes [0, n) in the batch's order, into order: by group
 * (batch_group), each in index order. */
static void
batch_order(size_t *order, const mg_metadata *md, size_t n)
{
    size_t no = mg_metadata_object_count(md);
    size_t nt = mg_metadata_table_count(md), i, k = 0;
    int g;

    for (g = 0; g < 4; g++)
        for (i = 0; i < n; i++)
            if (batch_group(md, no, nt, i) == g)
                order[k++] = i;
}

/* s as an element of a text array literal, onto b: NULL unquoted, else
 * double-quoted with " and \ escaped. */
static void
array_element(mg_buf *b, const char *s)
{
    if (!s) {
        mg_buf_puts(b, "NULL");
        return;
    }
    mg_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            mg_buf_putc(b, '\\');
        mg_buf_putc(b, *s);
    }
    mg_buf_putc(b, '"');
}

/* take_signature for every routine of items (all created, in the order
 * order gives) in one query: each routine takes the newest of its
 * schema and name not taken by one created after it, which is the one
 * it created. Errors: MG_ENOMEM; a failed query leaves them as they
 * are. */
static int
take_signatures(PGconn *pg, form_item *items, const size_t *order,
                size_t n)
{
    static const char sql[] =
        "SELECT s.i, p.oid, pg_catalog.oidvectortypes(p.proargtypes) "
        "FROM ROWS FROM (pg_catalog.unnest($1::text[]), "
        "pg_catalog.unnest($2::text[])) WITH ORDINALITY "
        "AS s(sch, nm, i) JOIN pg_catalog.pg_proc p ON p.pronamespace = "
        "COALESCE(pg_catalog.to_regnamespace(s.sch), (SELECT n.oid "
        "FROM pg_catalog.pg_namespace n "
        "WHERE n.nspname = pg_catalog.current_schema())) "
        "AND (p.proname = s.nm OR p.proname = pg_catalog.lower(s.nm)) "
        "ORDER BY s.i, p.oid DESC";
    mg_buf sch = MG_BUF_INIT, nm = MG_BUF_INIT, taken = MG_BUF_INIT;
    form_item **r = calloc(n + 1, sizeof(*r));
    const char *params[2];
    PGresult *res = NULL;
    size_t i, nr = 0;
    int rc = 0, k;

    if (!r)
        return MG_ENOMEM;
    mg_buf_putc(&sch, '{');
    mg_buf_putc(&nm, '{');
    for (i = 0; i < n; i++) {
        if (!items[order[i]].routine)
            continue;
        if (nr) {
            mg_buf_putc(&sch, ',');
            mg_buf_putc(&nm, ',');
        }
        array_element(&sch, items[order[i]].routine->schema);
        array_element(&nm, items[order[i]].routine->name);
        r[nr++] = &items[order[i]];
    }
    mg_buf_putc(&sch, '}');
    mg_buf_putc(&nm, '}');
    if (sch.oom || nm.oom)
        rc = MG_ENOMEM;
    if (rc == 0 && nr) {
        params[0] = mg_buf_cstr(&sch);
        params[1] = mg_buf_cstr(&nm);
        res = PQexecParams(pg, sql, 2, NULL, params, NULL, NULL, 0);
    }
    /* the routines created last first: each takes its newest untaken */
    for (i = nr; i-- > 0 && rc == 0 && res &&
         PQresultStatus(res) == PGRES_TUPLES_OK;) {
        for (k = 0; k < PQntuples(res); k++) {
            const char *oid = PQgetvalue(res, k, 1);
            char mark[32];

            if ((size_t)atol(PQgetvalue(res, k, 0)) != i + 1)
                continue;
            snprintf(mark, sizeof(mark), " %s ", oid);
            if (taken.len && strstr(mg_buf_cstr(&taken), mark))
                continue;
            mg_buf_puts(&taken, mark);
            if (taken.oom ||
                mg_object_set_signature(r[i]->routine,
                                        PQgetvalue(res, k, 2)) < 0)
                rc = MG_ENOMEM;
            break;
        }
    }
    PQclear(res);
    free(r);
    mg_buf_release(&sch);
    mg_buf_release(&nm);
    mg_buf_release(&taken);
    return rc;
}

/* Every item in one statement under one savepoint, in the batch's order:
 * 1 when they all ran (each routine then takes its signature), 0 when
 * one failed (all rolled back: the items are then made one by one),
 * < 0 when pg is unusable. */
static int
create_batch(PGconn *pg, const mg_metadata *md, form_item *items,
             size_t n)
{
    size_t *order = calloc(n + 1, sizeof(*order)), i, j;
    mg_strlist all = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    int rc = 0;

    if (!order)
        return MG_ENOMEM;
    batch_order(order, md, n);
    for (i = 0; i < n; i++)
        for (j = 0; j < items[order[i]].stmts.n; j++)
            mg_buf_addf(&b, "%s%s", b.len ? "\n;\n" : "",
                        items[order[i]].stmts.v[j]);
    if (b.oom || (b.len && mg_strlist_add(&all, mg_buf_cstr(&b)) < 0))
        rc = MG_ENOMEM;
    if (rc == 0 && (rc = try_statements(pg, &all)) == 1) {
        for (i = 0; i < n; i++)
            items[i].done = 1;
        if (take_signatures(pg, items, order, n) < 0)
            rc = MG_ENOMEM;
    }
    mg_strlist_release(&all);
    mg_buf_release(&b);
    free(order);
    return rc;
}

/* Create every item: all at once (create_batch), else one by one, again
 * and again while some that failed come through (one may need another
 * written after it). */
static int
create_items(PGconn *pg, const mg_metadata *md, form_item *items,
             size_t n)
{
    int progress = 1, rc;
    size_t i;

    if ((rc = create_batch(pg, md, items, n)) != 0)
        return rc < 0 ? rc : 0;
    while (progress) {
        progress = 0;
        for (i = 0; i < n; i++) {
            if (items[i].done || !items[i].stmts.n)
                continue;
            if ((rc = try_statements(pg, &items[i].stmts)) < 0)
                return rc;
            if (rc == 1)
                items[i].done = progress = 1;
            if (rc == 1 && items[i].routine &&
                (rc = take_signature(pg, items[i].routine)) < 0)
                return rc;
        }
    }
    return 0;
}

/* The model object row i of the scratch schema's objects stands for:
 * same kind, schema, name (and table); of routines of that name, the one
 * whose signature is the row's (take_signature gave it the catalog's
 * when it was created), else the first with no key yet. */
static mg_object *
model_object(mg_metadata *md, const PGresult *r, int i)
{
    mg_object_kind kind = mg_pg__object_kind_of(*PQgetvalue(r, i, OB_KIND));
    const char *name = PQgetvalue(r, i, OB_NAME);
    const char *t = mg_pg__val(r, i, OB_TABLE);
    const char *sig = mg_pg__val(r, i, OB_SIG);
    mg_object *loose = NULL;
    size_t j;

    for (j = 0; j < mg_metadata_object_count(md); j++) {
        mg_object *o = mg_metadata_object_at_mut(md, j);

        if (o->kind != kind || !formed(o) ||
            !same_schema(o->schema, mg_pg__val(r, i, OB_SCHEMA)) ||
            strcasecmp(o->name, name) != 0 ||
            (t && o->table && strcasecmp(o->table, t) != 0))
            continue;
        if (!sig || (o->signature && strcmp(o->signature, sig) == 0))
            return o;
        if (!loose && !o->key)
            loose = o;
    }
    return loose;
}

/* The key of each object read back (the scratch schema, first on the
 * search path, is the current one) onto its model object. */
static int
read_back(PGconn *pg, mg_metadata *md, mg_error *err)
{
    PGresult *r = mg_pg__objects_query(pg, NULL, err);
    mg_metadata *tmp = NULL;
    int i, rc = 0;

    if (!r)
        return MG_EDB;
    if (mg_metadata_new(&tmp, err) < 0) {
        PQclear(r);
        return MG_ENOMEM;
    }
    for (i = 0; i < PQntuples(r) && rc == 0; i++) {
        mg_object *m = model_object(md, r, i);
        size_t had = mg_metadata_object_count(tmp);

        if (!m || mg_pg__object_left_out(r, i, NULL) ||
            (rc = mg_pg__add_object_row(tmp, r, i)) < 0 ||
            mg_metadata_object_count(tmp) == had)
            continue;
        rc = mg_object_set_key(m, mg_metadata_object_at(tmp, had)->key);
        /* a routine is dropped by its argument types, as the catalog
         * spells them */
        if (rc == 0 && mg_pg__val(r, i, OB_SIG))
            rc = mg_object_set_signature(m, mg_pg__val(r, i, OB_SIG));
    }
    PQclear(r);
    mg_metadata_free(tmp);
    return rc < 0 ? mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
}

/* The scratch schema's work inside the open transaction. */
static int
form_in(PGconn *pg, mg_metadata *md, const char *schema, mg_error *err)
{
    size_t n = 2 * mg_metadata_object_count(md) +
               mg_metadata_table_count(md);
    form_item *items = calloc(n + 1, sizeof(*items));
    mg_buf b = MG_BUF_INIT;
    size_t i;
    int rc;

    if (!items)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    mg_buf_puts(&b, "CREATE SCHEMA ");
    mg_pg__qi(&b, schema);
    mg_buf_puts(&b, "; SET LOCAL search_path = ");
    mg_pg__qi(&b, schema);
    mg_buf_puts(&b, "; SET LOCAL check_function_bodies = false");
    rc = b.oom ? MG_ENOMEM : run(pg, mg_buf_cstr(&b), err);
    if (rc == 0 && (rc = form_items(items, md)) < 0)
        mg_error_set(err, rc, "out of memory");
    if (rc == 0)
        rc = move_schemas(pg, md, schema);
    if (rc == 0)
        rc = create_items(pg, md, items, n);
    if (rc == 0)
        rc = read_back(pg, md, err);
    for (i = 0; i < n; i++)
        mg_strlist_release(&items[i].stmts);
    free(items);
    mg_buf_release(&b);
    return rc;
}

/* work(pg, ctx, schema, err) in a transaction rolled back afterwards (a
 * savepoint released afterwards when one is open already), schema the
 * name of the scratch schema it may create. */
static int
in_scratch(PGconn *pg, int (*work)(PGconn *, void *, const char *,
                                   mg_error *),
           void *ctx, mg_error *err)
{
    int own = PQtransactionStatus(pg) == PQTRANS_IDLE, rc;
    char schema[64];

    snprintf(schema, sizeof(schema), "migrate_form_%ld", (long)getpid());
    if (run(pg, own ? "BEGIN" : "SAVEPOINT migrate_form", err) < 0)
        return MG_EDB;
    rc = work(pg, ctx, schema, err);
    if (run(pg, own ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT migrate_form",
            rc < 0 ? NULL : err) < 0 && rc == 0)
        rc = MG_EDB;
    if (!own && run(pg, "RELEASE SAVEPOINT migrate_form", NULL) < 0 &&
        rc == 0)
        rc = mg_error_set(err, MG_EDB, "%s", PQerrorMessage(pg));
    return rc;
}

static int
form_work(PGconn *pg, void *md, const char *schema, mg_error *err)
{
    return form_in(pg, md, schema, err);
}

int
mg_pg__server_form(void *conn, mg_metadata *md, mg_error *err)
{
    size_t i, n = 0;

    for (i = 0; i < mg_metadata_object_count(md); i++)
        n += formed(mg_metadata_object_at(md, i));
    return n ? in_scratch(conn, form_work, md, err) : 0;
}

/* ---- the server's form of a model's tables ------------------------------ */

/* What server_tables hands to its work in the transaction. */
typedef struct tables_job {
    const mg_metadata *md;
    mg_metadata       *out;
} tables_job;

/* The tables of job->md made in the scratch schema (first on the search
 * path, the connection's own path after it): all under one savepoint,
 * else each under its own; then that schema reflected into job->out. */
static int
tables_work(PGconn *pg, void *ctx, const char *schema, mg_error *err)
{
    tables_job *job = ctx;
    size_t n = mg_metadata_table_count(job->md), i, j;
    mg_strlist *each = calloc(n + 1, sizeof(*each));
    mg_strlist all = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    int rc = 0;

    if (!each)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    /* the schema is migrate_form_<pid>: no quote needed in the literal */
    mg_buf_addf(&b, "CREATE SCHEMA %s; SELECT pg_catalog.set_config("
                "'search_path', '%s, ' || "
                "pg_catalog.current_setting('search_path'), true); "
                "SET LOCAL check_function_bodies = false", schema, schema);
    rc = b.oom ? MG_ENOMEM : run(pg, mg_buf_cstr(&b), err);
    mg_buf_clear(&b);
    for (i = 0; i < n && rc == 0; i++) {
        rc = mg_dialect__table_alone(&each[i],
                                     mg_metadata_table_at(job->md, i), 1,
                                     mg_pg__render_op);
        if (rc < 0 && rc != MG_ENOMEM) {
            /* one the dialect cannot write: the text decides for it */
            mg_strlist_release(&each[i]);
            rc = 0;
        }
        for (j = 0; j < each[i].n; j++)
            mg_buf_addf(&b, "%s%s", b.len ? "\n;\n" : "", each[i].v[j]);
    }
    if (rc == 0 && (b.oom || mg_strlist_add(&all, mg_buf_cstr(&b)) < 0))
        rc = MG_ENOMEM;
    if (rc == 0 && (rc = try_statements(pg, &all)) == 0)
        for (i = 0; i < n && rc >= 0; i++)
            rc = try_statements(pg, &each[i]);
    if (rc == MG_ENOMEM)
        mg_error_set(err, rc, "out of memory");
    else if (rc >= 0)
        rc = mg_pg__inspect(pg, job->out, NULL, err);
    else if (rc == MG_EDB)
        mg_error_set(err, rc, "%s", PQerrorMessage(pg));
    for (i = 0; i < n; i++)
        mg_strlist_release(&each[i]);
    free(each);
    mg_strlist_release(&all);
    mg_buf_release(&b);
    return rc < 0 ? rc : 0;
}

int
mg_pg__server_tables(void *conn, const mg_metadata *md, mg_metadata *out,
                     mg_error *err)
{
    tables_job job;

    job.md = md;
    job.out = out;
    return mg_metadata_table_count(md)
           ? in_scratch(conn, tables_work, &job, err) : 0;
}
