/* common.c - renderers shared by dialects that follow the SQL standard,
 * and the DDL and reflection pieces every dialect's family of files
 * shares (dialects/common_int.h): quoting, identifier lists, the FOREIGN
 * KEY target clause, the CREATE TABLE skeleton, the CREATE and DROP of
 * schema objects, the ignore list. */
#include "mg_dialect.h"
#include "common_int.h"
#include "sqltok_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
mg_dialect__quote(mg_buf *b, const char *ident, char q)
{
    mg_buf_putc(b, q);
    for (; *ident; ident++) {
        if (*ident == q)
            mg_buf_putc(b, q);
        mg_buf_putc(b, *ident);
    }
    mg_buf_putc(b, q);
}

void
mg_dialect_ansi_quote_ident(mg_buf *b, const char *ident)
{
    mg_dialect__quote(b, ident, '"');
}

void
mg_dialect_ansi_quote_literal(mg_buf *b, const char *s)
{
    mg_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            mg_buf_putc(b, '\'');
        mg_buf_putc(b, *s);
    }
    mg_buf_putc(b, '\'');
}

/* Copy a quoted identifier from s (at its opening quote) into b with the
 * quote character q; returns the position after the closing quote. */
static const char *
requote_ident(mg_buf *b, const char *s, char q)
{
    char open = *s++;

    mg_buf_putc(b, q);
    while (*s) {
        if (*s == open) {
            if (s[1] != open) {
                s++;
                break;
            }
            s++;          /* a doubled quote: one of it in the name */
        }
        if (*s == q)
            mg_buf_putc(b, q);
        mg_buf_putc(b, *s++);
    }
    mg_buf_putc(b, q);
    return s;
}

void
mg_dialect_requote(mg_buf *b, const char *expr, char q, int backslash)
{
    const char *s = expr;

    while (*s) {
        if (*s == '\'') {
            const char *p = s + 1;
            while (*p) {
                if (backslash && *p == '\\' && p[1]) {
                    p += 2;
                    continue;
                }
                if (*p == '\'') {
                    if (p[1] != '\'')
                        break;
                    p++;
                }
                p++;
            }
            if (*p)
                p++;
            mg_buf_add(b, s, (size_t)(p - s));
            s = p;
        } else if (*s == '"' || *s == '`') {
            s = requote_ident(b, s, q);
        } else {
            mg_buf_putc(b, *s++);
        }
    }
}

/* ---- DDL pieces (common_int.h) ------------------------------------------ */

void
mg_dialect__ident_list(mg_buf *b, const mg_strlist *l,
                       mg_dialect__quote_fn qi)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        if (i)
            mg_buf_puts(b, ", ");
        qi(b, l->v[i]);
    }
}

void
mg_dialect__fk_target(mg_buf *b, const mg_constraint *k,
                      mg_dialect__quote_fn qi, int deferrable)
{
    mg_buf_puts(b, "REFERENCES ");
    qi(b, k->ref_table ? k->ref_table : "");
    if (k->ref_columns.n) {
        mg_buf_puts(b, " (");
        mg_dialect__ident_list(b, &k->ref_columns, qi);
        mg_buf_putc(b, ')');
    }
    if (k->on_delete != MG_FK_NO_ACTION)
        mg_buf_addf(b, " ON DELETE %s", mg_fk_action_sql(k->on_delete));
    if (k->on_update != MG_FK_NO_ACTION)
        mg_buf_addf(b, " ON UPDATE %s", mg_fk_action_sql(k->on_update));
    if (!deferrable)
        return;
    if (k->deferrable == 1)
        mg_buf_puts(b, " DEFERRABLE");
    else if (k->deferrable == 2)
        mg_buf_puts(b, " DEFERRABLE INITIALLY DEFERRED");
}

int
mg_dialect__is_deferred(const mg_op *op, const mg_constraint *k)
{
    size_t i;

    for (i = 0; i < op->ndeferred_fks; i++)
        if (op->deferred_fks[i] == k ||
            strcmp(op->deferred_fks[i]->name, k->name) == 0)
            return 1;
    return 0;
}

int
mg_dialect__skip_deferred(const mg_table *t, const mg_constraint *k, void *op)
{
    (void)t;
    return k->kind == MG_CONSTRAINT_FOREIGN_KEY &&
           mg_dialect__is_deferred(op, k);
}

void
mg_dialect__create_table(mg_buf *b, const mg_table *t, const char *name,
                         int if_not_exists, const mg_dialect__table_ddl *how)
{
    const char *sep = "\n    ";
    size_t i;

    mg_buf_puts(b, if_not_exists ? "CREATE TABLE IF NOT EXISTS "
                                 : "CREATE TABLE ");
    how->qi(b, name);
    mg_buf_puts(b, " (");
    for (i = 0; i < t->ncolumns; i++) {
        mg_buf_puts(b, sep);
        how->column(b, t, t->columns[i], how->ctx);
        sep = ",\n    ";
    }
    for (i = 0; i < t->nconstraints; i++) {
        if (how->skip && how->skip(t, t->constraints[i], how->ctx))
            continue;
        mg_buf_puts(b, sep);
        how->constraint(b, t->constraints[i]);
        sep = ",\n    ";
    }
    mg_buf_puts(b, "\n)");
    if (t->options && *t->options)
        mg_buf_addf(b, " %s", t->options);
}

/* 1 when expr names the column name: the whole expression is the name,
 * or one of its tokens (the library's SQL lexer: strings and comments are
 * passed over) is the name, a word in any case that is no function's
 * name (not followed by "("), or a quoted one exactly. */
static int
names_column(const char *expr, const char *name)
{
    mg_sqlcur c = { expr, strlen(expr), 0, 1, 0 };
    size_t n = strlen(name), at;
    int kind;

    if (strcasecmp(expr, name) == 0)
        return 1;
    while ((kind = mg_sqltok__next(&c, &at)) != MG_TOK_END) {
        size_t len = c.i - at;
        if (kind == MG_TOK_WORD && len == n &&
            mg_sqltok__word_is(expr + at, len, name) && expr[c.i] != '(')
            return 1;
        if (kind == MG_TOK_QUOTED && len == n + 2 &&
            strncmp(expr + at + 1, name, n) == 0)
            return 1;
    }
    return 0;
}

size_t
mg_dialect__index_over_column(const mg_op *op, size_t i)
{
    const mg_table *t = op->new_table;
    size_t j;

    for (; t && op->old_table && i < t->nindexes; i++) {
        const mg_index *ix = t->indexes[i];
        if (!mg_table_index(op->old_table, ix->name))
            continue;
        for (j = 0; j < ix->expressions.n; j++)
            if (names_column(ix->expressions.v[j], op->new_column->name))
                return i;
        if (ix->where && names_column(ix->where, op->new_column->name))
            return i;
    }
    return SIZE_MAX;
}

size_t
mg_dialect__constraint_over_column(const mg_op *op, size_t i)
{
    const mg_table *t = op->new_table;
    const char *name = op->new_column ? op->new_column->name : NULL;
    size_t j;

    for (; t && op->old_table && name && i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if (!mg_table_constraint(op->old_table, k->name))
            continue;
        if (k->expression && names_column(k->expression, name))
            return i;
        for (j = 0; j < k->columns.n; j++)
            if (strcasecmp(k->columns.v[j], name) == 0)
                return i;
    }
    return SIZE_MAX;
}

int
mg_dialect__emit(mg_strlist *out, mg_buf *b, mg_error *err)
{
    if (b->oom || mg_strlist_add(out, mg_buf_cstr(b)) < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    mg_buf_clear(b);
    return 0;
}

int
mg_dialect__render_rename(mg_strlist *out, const mg_op *op,
                          mg_dialect__quote_fn qi, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    mg_buf_puts(&b, "ALTER TABLE ");
    qi(&b, op->old_table->name);
    if (op->kind == MG_OP_RENAME_TABLE) {
        mg_buf_puts(&b, " RENAME TO ");
        qi(&b, op->new_table->name);
    } else {
        mg_buf_puts(&b, " RENAME COLUMN ");
        qi(&b, op->old_column->name);
        mg_buf_puts(&b, " TO ");
        qi(&b, op->new_column->name);
    }
    rc = mg_dialect__emit(out, &b, err);
    mg_buf_release(&b);
    return rc;
}

/* ---- reflection pieces (common_int.h) ----------------------------------- */

int
mg_dialect__ignored(const mg_strlist *ignore, const char *table)
{
    size_t i;

    for (i = 0; ignore && i < ignore->n; i++)
        if (strcasecmp(ignore->v[i], table) == 0)
            return 1;
    return 0;
}

void
mg_dialect__time_precision(mg_buf *b, const mg_type *t, int omit_zero)
{
    if (t->scale > 0 || (t->scale == 0 && !omit_zero))
        mg_buf_addf(b, "(%d)", t->scale);
}

void
mg_dialect__drop_object(mg_buf *b, const mg_object *o,
                        mg_dialect__quote_fn qi, int on_table)
{
    if (o->kind == MG_OBJ_COMMENT) {
        /* the target as COMMENT ON wrote it: kind words, then the name */
        mg_buf_puts(b, "COMMENT ON ");
        mg_buf_puts(b, o->name);
        mg_buf_puts(b, " IS NULL");
        return;
    }
    mg_buf_puts(b, "DROP ");
    mg_buf_puts(b, mg_object_kind_sql(o->kind));
    mg_buf_putc(b, ' ');
    if (o->schema) {
        qi(b, o->schema);
        mg_buf_putc(b, '.');
    }
    qi(b, o->name);
    if (o->signature && (o->kind == MG_OBJ_FUNCTION ||
                         o->kind == MG_OBJ_PROCEDURE))
        mg_buf_addf(b, "(%s)", o->signature);
    if (on_table && o->kind == MG_OBJ_TRIGGER && o->table) {
        mg_buf_puts(b, " ON ");
        qi(b, o->table);
    }
}

int
mg_dialect__render_object(mg_strlist *out, const mg_op *op,
                          mg_dialect__quote_fn qi, int on_table,
                          mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    if (op->object_part == MG_OBJECT_TIE)  /* no ties on such dialects */
        return 0;
    switch (op->kind) {
    case MG_OP_CREATE_OBJECT:
        mg_buf_puts(&b, op->new_object->definition);
        break;
    case MG_OP_DROP_OBJECT:
        mg_dialect__drop_object(&b, op->old_object, qi, on_table);
        break;
    case MG_OP_REPLACE_OBJECT:
        if (op->old_object->kind != MG_OBJ_COMMENT) {
            mg_dialect__drop_object(&b, op->old_object, qi, on_table);
            if ((rc = mg_dialect__emit(out, &b, err)) < 0)
                return rc;
        }
        mg_buf_puts(&b, op->new_object->definition);
        break;
    default:
        return mg_error_set(err, MG_EUSAGE, "not an object operation "
                            "(kind %d)", (int)op->kind);
    }
    rc = mg_dialect__emit(out, &b, err);
    mg_buf_release(&b);
    return rc;
}

int
mg_dialect__table_alone(mg_strlist *out, const mg_table *t, int indexes,
                        int (*render_op)(mg_strlist *, const mg_op *,
                                         mg_error *))
{
    const mg_constraint **fks = calloc(t->nconstraints + 1, sizeof(*fks));
    mg_op op;
    size_t i, n = 0;
    int rc;

    if (!fks)
        return MG_ENOMEM;
    for (i = 0; i < t->nconstraints; i++)
        if (t->constraints[i]->kind == MG_CONSTRAINT_FOREIGN_KEY)
            fks[n++] = t->constraints[i];
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = t;
    op.deferred_fks = fks;
    op.ndeferred_fks = n;
    rc = render_op(out, &op, NULL);
    free(fks);
    for (i = 0; indexes && i < t->nindexes && rc == 0; i++) {
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_CREATE_INDEX;
        op.new_table = t;
        op.index = t->indexes[i];
        rc = render_op(out, &op, NULL);
    }
    return rc;
}
