/* create_all.c - SQLAlchemy's metadata.create_all / drop_all on a pooled
 * connection: the tables of a metadata created parents first (foreign keys
 * of cycles added by ALTER afterwards, where the dialect can) or dropped
 * children first, each statement rendered by the dialect exactly as
 * `migrate` renders a migration, and with checkfirst the tables that
 * already exist (or are already gone) left alone. Every statement is
 * rendered before the first one runs, so what the dialect cannot express
 * (an expression index on MariaDB) fails with nothing created. Whether
 * a table exists, the checkfirst test, is public too. */
#include "db_int.h"
#include "mg_sort.h"

#include <stdlib.h>
#include <string.h>

int
mg_conn_table_exists(mg_conn *c, const char *name, int *out, mg_error *err)
{
    int rc;

    *out = 0;
    if ((rc = mg_conn__check(c, err)) < 0)
        return rc;
    if ((rc = c->db->d->conn.table_exists(c->h, name, out, err)) < 0)
        mg_conn__failed(c, rc, err);
    return rc;
}

/* Render op for c's dialect, appending its statements to stmts. */
static int
render_op(mg_strlist *stmts, mg_conn *c, const mg_op *op, mg_error *err)
{
    return c->db->d->ddl.render_op(stmts, op, err);
}

/* Run the rendered statements in order, stopping at the first failure. */
static int
run_all(mg_conn *c, const mg_strlist *stmts, const char *file, int line,
        mg_error *err)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < stmts->n && rc == 0; i++)
        rc = mg_conn__run(c, stmts->v[i], file, line, err);
    return rc;
}

/* Which tables of s to act on: 1 for each to create (missing) or drop
 * (present); all of them without checkfirst. */
static int
pick_tables(mg_conn *c, const mg_sorted *s, int checkfirst, int want,
            unsigned char **out, mg_error *err)
{
    size_t i, n = mg_sorted_count(s);
    unsigned char *pick = calloc(n ? n : 1, 1);
    int rc = 0, exists;

    *out = NULL;
    if (!pick)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        exists = want;
        if (checkfirst &&
            (rc = mg_conn_table_exists(c, mg_sorted_table(s, i)->name,
                                       &exists, err)) < 0) {
            free(pick);
            return rc;
        }
        pick[i] = exists == want;
    }
    *out = pick;
    return 0;
}

/* Open a transaction around the work where DDL is transactional and the
 * caller has none; *own says whether we did. */
static int
maybe_begin(mg_conn *c, int *own, const char *file, int line, mg_error *err)
{
    *own = 0;
    if (c->in_tx || !(c->db->d->caps & MG_CAP_TRANSACTIONAL_DDL))
        return 0;
    *own = 1;
    return mg_conn_begin_at(c, file, line, err);
}

static int
finish(mg_conn *c, int own, int rc, const char *file, int line,
       mg_error *err)
{
    if (!own)
        return rc;
    if (rc < 0) {
        mg_conn_rollback_at(c, file, line, NULL);
        return rc;
    }
    return mg_conn_commit_at(c, file, line, err);
}

/* Add (after the tables) or drop (before them) the foreign keys that the
 * sort set aside to break cycles, for the tables picked. */
static int
set_aside_fks(mg_strlist *stmts, mg_conn *c, const mg_sorted *s,
              const unsigned char *pick, mg_op_kind kind, mg_error *err)
{
    size_t i, k;
    int rc = 0;
    mg_op op;

    for (i = 0; rc == 0 && i < mg_sorted_set_aside_count(s); i++) {
        const mg_table *t = mg_sorted_set_aside_table(s, i);
        for (k = 0; k < mg_sorted_count(s); k++)
            if (mg_sorted_table(s, k) == t)
                break;
        if (k == mg_sorted_count(s) || !pick[k])
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = kind;
        if (kind == MG_OP_ADD_CONSTRAINT)
            op.new_table = t;
        else
            op.old_table = t;
        op.constraint = mg_sorted_set_aside_fk(s, i);
        rc = render_op(stmts, c, &op, err);
    }
    return rc;
}

/* The statements creating the picked tables of s, their indexes, and the
 * foreign keys set aside, in that order. */
static int
create_statements(mg_strlist *stmts, mg_conn *c, const mg_sorted *s,
                  const unsigned char *pick, mg_error *err)
{
    int alter = (c->db->d->caps & MG_CAP_DROP_CONSTRAINT) != 0;
    const mg_constraint **fks = NULL;
    size_t i, j, nfk;
    int rc = 0;
    mg_op op;

    for (i = 0; i < mg_sorted_count(s) && rc == 0; i++) {
        const mg_table *t = mg_sorted_table(s, i);

        if (!pick[i])
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_CREATE_TABLE;
        op.new_table = t;
        nfk = 0;
        free(fks);
        if (!(fks = calloc(t->nconstraints + 1, sizeof(*fks)))) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            break;
        }
        /* a dialect that cannot ALTER keeps cycle FKs inline: SQLite does
         * not check the referenced table exists when creating */
        for (j = 0; alter && j < t->nconstraints; j++)
            if (mg_sorted_is_set_aside(s, t->constraints[j]))
                fks[nfk++] = t->constraints[j];
        op.deferred_fks = nfk ? fks : NULL;
        op.ndeferred_fks = nfk;
        if ((rc = render_op(stmts, c, &op, err)) < 0)
            break;
        for (j = 0; j < t->nindexes && rc == 0; j++) {
            memset(&op, 0, sizeof(op));
            op.kind = MG_OP_CREATE_INDEX;
            op.new_table = t;
            op.index = t->indexes[j];
            rc = render_op(stmts, c, &op, err);
        }
    }
    free(fks);
    if (alter && rc == 0)
        rc = set_aside_fks(stmts, c, s, pick, MG_OP_ADD_CONSTRAINT, err);
    return rc;
}

int
mg_create_all_at(mg_conn *c, const mg_metadata *md, int checkfirst,
                 const char *file, int line, mg_error *err)
{
    mg_strlist stmts = MG_STRLIST_INIT;
    unsigned char *pick = NULL;
    mg_sorted *s = NULL;
    int rc, own = 0;

    if ((rc = mg_sort_tables(&s, md, err)) < 0 ||
        (rc = pick_tables(c, s, checkfirst, 0, &pick, err)) < 0 ||
        (rc = create_statements(&stmts, c, s, pick, err)) < 0 ||
        (rc = maybe_begin(c, &own, file, line, err)) < 0)
        goto done;
    rc = run_all(c, &stmts, file, line, err);
    rc = finish(c, own, rc, file, line, err);
done:
    mg_strlist_release(&stmts);
    free(pick);
    mg_sorted_free(s);
    return rc;
}

int
mg_drop_all_at(mg_conn *c, const mg_metadata *md, int checkfirst,
               const char *file, int line, mg_error *err)
{
    int alter = (c->db->d->caps & MG_CAP_DROP_CONSTRAINT) != 0;
    mg_strlist stmts = MG_STRLIST_INIT;
    unsigned char *pick = NULL;
    mg_sorted *s = NULL;
    size_t i;
    int rc, own = 0;
    mg_op op;

    if ((rc = mg_sort_tables(&s, md, err)) < 0 ||
        (rc = pick_tables(c, s, checkfirst, 1, &pick, err)) < 0)
        goto done;
    /* cycles: the foreign keys set aside go first, so no table is still
     * referenced when it is dropped */
    if (alter)
        rc = set_aside_fks(&stmts, c, s, pick, MG_OP_DROP_CONSTRAINT, err);
    for (i = mg_sorted_count(s); i-- > 0 && rc == 0;) {
        if (!pick[i])
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_DROP_TABLE;
        op.old_table = mg_sorted_table(s, i);
        rc = render_op(&stmts, c, &op, err);
    }
    if (rc < 0 || (rc = maybe_begin(c, &own, file, line, err)) < 0)
        goto done;
    rc = run_all(c, &stmts, file, line, err);
    rc = finish(c, own, rc, file, line, err);
done:
    mg_strlist_release(&stmts);
    free(pick);
    mg_sorted_free(s);
    return rc;
}
