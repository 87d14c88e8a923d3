/* sqlite_ddl.c - the SQLite dialect's type names and DDL for each
 * operation.
 *
 * Rendering keeps a column's declared type as it was written (SQLite
 * stores it verbatim: NVARCHAR(40), INT(11)), but for UUID and BYTES,
 * which DESIGN.md section 2 maps. Rendering follows SQLite's limits. A
 * single auto-generated INTEGER/BIGINT primary key is the rowid alias,
 * "id" INTEGER PRIMARY KEY (DESIGN.md sections 2 and 9). SQLite
 * cannot add or drop a constraint or alter a column; compare turns such
 * changes into MG_OP_REBUILD_TABLE, rendered as SQLite's documented recipe:
 * create the new table under a temporary name, copy the rows, drop the old
 * table, rename, recreate indexes and triggers. Foreign keys are always
 * written inside CREATE TABLE: SQLite does not check a foreign key's target
 * when it creates a table, so a cycle needs no ALTER (lib/render.c leaves
 * out the ADD CONSTRAINT that other dialects get).
 *
 * A rebuild drops the old table, which with PRAGMA foreign_keys=ON deletes
 * its rows first and fires ON DELETE actions of the tables referring to
 * it; migrate's connections leave foreign keys off (SQLite's default), and
 * the pragma cannot change inside the revision's transaction. */
#include "mg_dialect.h"
#include "common_int.h"
#include "mg_model.h"
#include "sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TMP_PREFIX "_migrate_tmp_"

/* ---- types -------------------------------------------------------------- */

void
mg_sqlite__render_type(mg_buf *b, const mg_type *t)
{
    /* SQLite keeps the declared type as written: so does migrate, but
     * for the two generic names it has no such type for (DESIGN 2) */
    if (t->name && t->kind != MG_TYPE_UUID && t->kind != MG_TYPE_BYTES) {
        mg_buf_puts(b, t->name);
        return;
    }
    switch (t->kind) {
    case MG_TYPE_INTEGER:   mg_buf_puts(b, "INTEGER"); break;
    case MG_TYPE_BIGINT:    mg_buf_puts(b, "BIGINT"); break;
    case MG_TYPE_SMALLINT:  mg_buf_puts(b, "SMALLINT"); break;
    case MG_TYPE_TEXT:      mg_buf_puts(b, "TEXT"); break;
    case MG_TYPE_BOOLEAN:   mg_buf_puts(b, "BOOLEAN"); break;
    case MG_TYPE_DATE:      mg_buf_puts(b, "DATE"); break;
    case MG_TYPE_TIME:      mg_buf_puts(b, "TIME");
                            mg_dialect__time_precision(b, t, 0); break;
    case MG_TYPE_TIMESTAMP: mg_buf_puts(b, "TIMESTAMP");
                            mg_dialect__time_precision(b, t, 0); break;
    case MG_TYPE_DATETIME:  mg_buf_puts(b, "DATETIME");
                            mg_dialect__time_precision(b, t, 0); break;
    case MG_TYPE_REAL:
    case MG_TYPE_DOUBLE:    mg_buf_puts(b, "REAL"); break;
    case MG_TYPE_JSON:      mg_buf_puts(b, "JSON"); break;
    case MG_TYPE_BLOB:
    case MG_TYPE_BYTES:     mg_buf_puts(b, "BLOB"); break;
    case MG_TYPE_UUID:      mg_buf_puts(b, "CHAR(36)"); break;
    case MG_TYPE_VARCHAR:
    case MG_TYPE_CHAR:
        mg_buf_puts(b, t->kind == MG_TYPE_VARCHAR ? "VARCHAR" : "CHAR");
        if (t->length > 0)
            mg_buf_addf(b, "(%d)", t->length);
        break;
    case MG_TYPE_NUMERIC:
        mg_buf_puts(b, "NUMERIC");
        if (t->precision > 0 && t->scale >= 0)
            mg_buf_addf(b, "(%d,%d)", t->precision, t->scale);
        else if (t->precision > 0)
            mg_buf_addf(b, "(%d)", t->precision);
        break;
    case MG_TYPE_OTHER:
    default:
        mg_buf_puts(b, t->name ? t->name : "");
        break;
    }
}

/* ---- DDL pieces --------------------------------------------------------- */

static void
qi(mg_buf *b, const char *ident)
{
    mg_dialect_ansi_quote_ident(b, ident);
}

static int
is_ident(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '$'))
            return 0;
    return 1;
}

/* End of the quoted token starting at s (the character after the closing
 * quote), or NULL when it is not closed. A doubled quote stays inside. */
static const char *
skip_quoted(const char *s)
{
    char close = *s == '[' ? ']' : *s;

    for (s++; *s; s++) {
        if (*s == close) {
            if (close != ']' && s[1] == close) {
                s++;
                continue;
            }
            return s + 1;
        }
    }
    return NULL;
}

/* 1 when the whole of s is one parenthesised group "( ... )". */
static int
is_parenthesised(const char *s)
{
    int depth = 0;

    if (*s != '(')
        return 0;
    while (*s) {
        if (*s == '\'' || *s == '"' || *s == '`' || *s == '[') {
            if (!(s = skip_quoted(s)))
                return 0;
            continue;
        }
        if (*s == '(')
            depth++;
        else if (*s == ')' && --depth == 0)
            return s[1] == '\0';
        s++;
    }
    return 0;
}

/* 1 for what SQLite takes after DEFAULT without parentheses: a signed
 * number, a string or blob literal, NULL/TRUE/FALSE/CURRENT_*, or a bare
 * identifier (which SQLite reads as a string). */
static int
is_simple_default(const char *s)
{
    static const char *const words[] = {
        "NULL", "TRUE", "FALSE", "CURRENT_TIMESTAMP", "CURRENT_DATE",
        "CURRENT_TIME"
    };
    const char *p;
    size_t i;
    int digits = 0;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcasecmp(s, words[i]) == 0)
            return 1;
    if (*s == '\'' || ((*s == 'x' || *s == 'X') && s[1] == '\''))
        return (p = skip_quoted(*s == '\'' ? s : s + 1)) && *p == '\0';
    if (is_ident(s))
        return 1;
    p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        for (p += 2; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
                     (*p >= 'A' && *p <= 'F'); p++)
            digits++;
        return digits > 0 && *p == '\0';
    }
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static void
default_expr(mg_buf *b, const char *expr)
{
    if (is_simple_default(expr) || is_parenthesised(expr))
        mg_buf_puts(b, expr);
    else
        mg_buf_addf(b, "(%s)", expr);
}

/* The column rendered as the rowid alias: the only column of the primary
 * key, auto-generated (DESIGN.md section 2), of an integer type that
 * renders as INTEGER PRIMARY KEY. A key declared by a table constraint
 * stays a column with its own PRIMARY KEY (...), as it was written. */
static const mg_column *
rowid_column(const mg_table *t)
{
    const mg_constraint *pk = mg_table_primary_key(t);
    const mg_column *c;

    if (!pk || pk->columns.n != 1)
        return NULL;
    c = mg_table_column(t, pk->columns.v[0]);
    if (!c || !c->autoincrement || (c->type.kind != MG_TYPE_INTEGER &&
               c->type.kind != MG_TYPE_BIGINT))
        return NULL;
    return c;
}

static void
column_def(mg_buf *b, const mg_column *c, int rowid)
{
    qi(b, c->name);
    mg_buf_putc(b, ' ');
    if (rowid) {
        mg_buf_puts(b, c->never_reuse ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                      : "INTEGER PRIMARY KEY");
    } else {
        mg_sqlite__render_type(b, &c->type);
        if (b->len && b->ptr[b->len - 1] == ' ')
            b->ptr[--b->len] = '\0';   /* SQLite's typeless column */
        if (c->collation) {
            mg_buf_puts(b, " COLLATE ");
            if (is_ident(c->collation))
                mg_buf_puts(b, c->collation);
            else
                qi(b, c->collation);
        }
        if (!c->nullable)
            mg_buf_puts(b, " NOT NULL");
    }
    if (c->generated)
        mg_buf_addf(b, " GENERATED ALWAYS AS (%s) %s", c->generated,
                    c->generated_stored ? "STORED" : "VIRTUAL");
    else if (c->server_default) {
        mg_buf_puts(b, " DEFAULT ");
        default_expr(b, c->server_default);
    }
}

static void
constraint_name(mg_buf *b, const mg_constraint *k)
{
    if (k->name && *k->name) {
        mg_buf_puts(b, "CONSTRAINT ");
        qi(b, k->name);
        mg_buf_putc(b, ' ');
    }
}

static void
constraint_def(mg_buf *b, const mg_constraint *k)
{
    constraint_name(b, k);
    switch (k->kind) {
    case MG_CONSTRAINT_PRIMARY_KEY:
    case MG_CONSTRAINT_UNIQUE:
        mg_buf_puts(b, k->kind == MG_CONSTRAINT_UNIQUE ? "UNIQUE ("
                                                       : "PRIMARY KEY (");
        mg_dialect__ident_list(b, &k->columns, qi);
        mg_buf_putc(b, ')');
        break;
    case MG_CONSTRAINT_FOREIGN_KEY:
        mg_buf_puts(b, "FOREIGN KEY (");
        mg_dialect__ident_list(b, &k->columns, qi);
        mg_buf_puts(b, ") ");
        mg_dialect__fk_target(b, k, qi, 1);
        break;
    case MG_CONSTRAINT_CHECK:
        mg_buf_addf(b, "CHECK (%s)", k->expression ? k->expression : "");
        break;
    }
}

/* CREATE TABLE for t under name, every foreign key inline. */
/* A column as CREATE TABLE writes it, rowid the rowid alias column or
 * NULL (mg_dialect__table_ddl.column). */
static void
table_column(mg_buf *b, const mg_table *t, const mg_column *c, void *rowid)
{
    (void)t;
    column_def(b, c, c == rowid);
}

/* The primary key is left out when a rowid alias column says it. */
static int
table_skip(const mg_table *t, const mg_constraint *k, void *rowid)
{
    return rowid && k == mg_table_primary_key(t);
}

static void
create_table(mg_buf *b, const mg_table *t, const char *name,
             int if_not_exists)
{
    mg_dialect__table_ddl how = { qi, table_column, table_skip,
                                  constraint_def, NULL };

    how.ctx = (void *)rowid_column(t);
    mg_dialect__create_table(b, t, name, if_not_exists, &how);
}

static void
create_index(mg_buf *b, const mg_table *t, const mg_index *ix)
{
    size_t i;

    mg_buf_puts(b, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    qi(b, ix->name);
    mg_buf_puts(b, " ON ");
    qi(b, t->name);
    mg_buf_puts(b, " (");
    for (i = 0; i < ix->expressions.n; i++) {
        const char *e = ix->expressions.v[i];

        if (i)
            mg_buf_puts(b, ", ");
        if (mg_table_column(t, e) || is_ident(e))
            qi(b, e);
        else
            mg_buf_puts(b, e);
    }
    mg_buf_putc(b, ')');
    if (ix->where)
        mg_buf_addf(b, " WHERE %s", ix->where);
}

/* ---- operations --------------------------------------------------------- */

static int
add_column(mg_buf *b, const mg_op *op)
{
    const mg_table *t = op->new_table;
    const mg_column *c = op->new_column;
    size_t i;

    mg_buf_puts(b, "ALTER TABLE ");
    qi(b, t->name);
    mg_buf_puts(b, " ADD COLUMN ");
    column_def(b, c, 0);
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];

        if (k->kind == MG_CONSTRAINT_FOREIGN_KEY && k->columns.n == 1 &&
            strcasecmp(k->columns.v[0], c->name) == 0) {
            mg_buf_putc(b, ' ');
            constraint_name(b, k);
            mg_dialect__fk_target(b, k, qi, 1);
        }
    }
    return 0;
}

/* The twelve-step recipe of https://sqlite.org/lang_altertable.html, less
 * the steps the revision's transaction and the foreign-key setting take
 * care of. Columns are matched by name; those only in the new table take
 * their default (or NULL), so a new NOT NULL column needs a default.
 * A generated column on either side is not copied: SQLite computes it.
 * The triggers recreated are the old table's (the new one's when the old
 * has none: a downgrade's old table comes from the models), less those
 * managed as objects (the comparison drops and re-creates them around
 * the rebuild).
 * Views are not recreated: they name the table, which exists again after
 * the rename. */
/* AUTOINCREMENT's promise across a rebuild: the new table's counter
 * starts where the old one's was (SQLite keeps it in sqlite_sequence,
 * and a copy only raises it to the largest id copied, which can be below
 * an id already handed out and deleted). The rename carries it along. */
static int
keep_sequence(mg_strlist *out, mg_buf *b, const char *old, const char *tmp,
              mg_error *err)
{
    int rc;

    mg_buf_puts(b, "INSERT INTO sqlite_sequence (name, seq) SELECT ");
    mg_dialect_ansi_quote_literal(b, tmp);
    mg_buf_puts(b, ", 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence "
                "WHERE name = ");
    mg_dialect_ansi_quote_literal(b, tmp);
    mg_buf_putc(b, ')');
    if ((rc = mg_dialect__emit(out, b, err)) < 0)
        return rc;
    mg_buf_puts(b, "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM "
                "sqlite_sequence WHERE name IN (");
    mg_dialect_ansi_quote_literal(b, old);
    mg_buf_puts(b, ", ");
    mg_dialect_ansi_quote_literal(b, tmp);
    mg_buf_puts(b, ")) WHERE name = ");
    mg_dialect_ansi_quote_literal(b, tmp);
    return mg_dialect__emit(out, b, err);
}

/* 1 when the trigger text is a trigger object of either schema op
 * compares: a managed trigger, which the comparison drops before the
 * rebuild and creates after it (lib/compare_objects.c), so the rebuild
 * must not recreate it. */
static int
managed_trigger(const mg_op *op, const char *text)
{
    const mg_metadata *sides[2];
    size_t s, i;

    sides[0] = op->old_schema;
    sides[1] = op->new_schema;
    for (s = 0; s < 2; s++)
        for (i = 0; sides[s] && i < mg_metadata_object_count(sides[s]);
             i++) {
            const mg_object *o = mg_metadata_object_at(sides[s], i);
            if (o->kind == MG_OBJ_TRIGGER && o->definition &&
                strcmp(o->definition, text) == 0)
                return 1;
        }
    return 0;
}

static int
rebuild_table(mg_strlist *out, mg_buf *b, const mg_op *op, mg_error *err)
{
    const mg_table *old = op->old_table, *t = op->new_table;
    const mg_column *rowid = rowid_column(t);
    /* Triggers are reflected, so only one side has them: the old table
     * on upgrade, the new one on the downgrade that reverses it. */
    const mg_strlist *triggers = old->triggers.n ? &old->triggers
                                                 : &t->triggers;
    mg_buf tmp = MG_BUF_INIT, cols = MG_BUF_INIT, sel = MG_BUF_INIT;
    size_t i;
    int rc = 0;

    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *c = t->columns[i];
        const mg_column *was = mg_table_column(old, c->name);

        if (was && !c->generated && !was->generated) {
            if (cols.len) {
                mg_buf_puts(&cols, ", ");
                mg_buf_puts(&sel, ", ");
            }
            qi(&cols, c->name);
            qi(&sel, was->name);
        }
        /* a new NOT NULL column without a default gets no value: the
         * copy fails on a table with rows, as ADD COLUMN does elsewhere
         * (flagged in the script, lib/render.c) */
    }
    mg_buf_addf(&tmp, TMP_PREFIX "%s", t->name);

    create_table(b, t, mg_buf_cstr(&tmp), 0);
    if ((rc = mg_dialect__emit(out, b, err)) < 0)
        goto done;
    if (cols.len) {
        mg_buf_puts(b, "INSERT INTO ");
        qi(b, mg_buf_cstr(&tmp));
        mg_buf_addf(b, " (%s) SELECT %s FROM ", mg_buf_cstr(&cols),
                    mg_buf_cstr(&sel));
        qi(b, old->name);
        if ((rc = mg_dialect__emit(out, b, err)) < 0)
            goto done;
    }
    if (rowid && rowid->never_reuse &&
        (rc = keep_sequence(out, b, old->name, mg_buf_cstr(&tmp), err)) < 0)
        goto done;
    mg_buf_puts(b, "DROP TABLE ");
    qi(b, old->name);
    if ((rc = mg_dialect__emit(out, b, err)) < 0)
        goto done;
    /* Views and other tables' triggers naming the table would make the
     * rename fail ("error in view v: no such table"): the legacy rename
     * leaves the rest of the schema alone. */
    mg_buf_puts(b, "PRAGMA legacy_alter_table = ON");
    if ((rc = mg_dialect__emit(out, b, err)) < 0)
        goto done;
    mg_buf_puts(b, "ALTER TABLE ");
    qi(b, mg_buf_cstr(&tmp));
    mg_buf_puts(b, " RENAME TO ");
    qi(b, t->name);
    if ((rc = mg_dialect__emit(out, b, err)) < 0)
        goto done;
    mg_buf_puts(b, "PRAGMA legacy_alter_table = OFF");
    if ((rc = mg_dialect__emit(out, b, err)) < 0)
        goto done;
    for (i = 0; i < t->nindexes; i++) {
        create_index(b, t, t->indexes[i]);
        if ((rc = mg_dialect__emit(out, b, err)) < 0)
            goto done;
    }
    for (i = 0; i < triggers->n; i++) {
        if (managed_trigger(op, triggers->v[i]))
            continue;
        mg_buf_puts(b, triggers->v[i]);
        if ((rc = mg_dialect__emit(out, b, err)) < 0)
            goto done;
    }
    if (tmp.oom || cols.oom || sel.oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_buf_release(&tmp);
    mg_buf_release(&cols);
    mg_buf_release(&sel);
    return rc;
}

static int
needs_rebuild(mg_error *err, const mg_op *op)
{
    const mg_table *t = op->new_table ? op->new_table : op->old_table;
    const char *table = t ? t->name : "?";

    if (op->kind == MG_OP_ALTER_COLUMN) {
        const mg_column *c = op->new_column ? op->new_column
                                            : op->old_column;
        return mg_error_set(err, MG_EUSAGE, "sqlite cannot alter column "
                            "%s.%s; the change needs a table rebuild", table,
                            c ? c->name : "?");
    }
    return mg_error_set(err, MG_EUSAGE, "sqlite cannot %s constraint %s "
                        "%s %s; the change needs a table rebuild",
                        op->kind == MG_OP_ADD_CONSTRAINT ? "add" : "drop",
                        op->constraint ? op->constraint->name : "?",
                        op->kind == MG_OP_ADD_CONSTRAINT ? "to" : "from",
                        table);
}

/* The pointers each kind reads (mg_op.h); a missing one is a caller bug
 * reported as MG_EUSAGE rather than a crash. */
static int
complete(const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_CREATE_TABLE:
        return op->new_table != NULL;
    case MG_OP_DROP_TABLE:
        return op->old_table != NULL;
    case MG_OP_ADD_COLUMN:
        return op->new_table && op->new_column;
    case MG_OP_DROP_COLUMN:
        return op->old_table && op->old_column;
    case MG_OP_CREATE_INDEX:
        return op->new_table && op->index;
    case MG_OP_DROP_INDEX:
        return op->index != NULL;
    case MG_OP_REBUILD_TABLE:
        return op->old_table && op->new_table;
    case MG_OP_CREATE_OBJECT:
        return op->new_object != NULL;
    case MG_OP_DROP_OBJECT:
        return op->old_object != NULL;
    case MG_OP_REPLACE_OBJECT:
        return op->old_object && op->new_object;
    default:
        return 1;
    }
}

int
mg_sqlite__render_op(mg_strlist *out, const mg_op *op, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc = 0;

    if (!complete(op))
        return mg_error_set(err, MG_EUSAGE, "incomplete operation (kind %d)",
                            (int)op->kind);
    switch (op->kind) {
    case MG_OP_CREATE_TABLE:
        /* deferred_fks are written inline too (see the file comment). */
        create_table(&b, op->new_table, op->new_table->name,
                     op->new_table->if_not_exists);
        break;
    case MG_OP_DROP_TABLE:
        mg_buf_puts(&b, "DROP TABLE ");
        qi(&b, op->old_table->name);
        break;
    case MG_OP_ADD_COLUMN:
        add_column(&b, op);
        break;
    case MG_OP_DROP_COLUMN:
        mg_buf_puts(&b, "ALTER TABLE ");
        qi(&b, op->old_table->name);
        mg_buf_puts(&b, " DROP COLUMN ");
        qi(&b, op->old_column->name);
        break;
    case MG_OP_CREATE_INDEX:
        create_index(&b, op->new_table, op->index);
        break;
    case MG_OP_DROP_INDEX:
        mg_buf_puts(&b, "DROP INDEX ");
        qi(&b, op->index->name);
        break;
    case MG_OP_REBUILD_TABLE:
        rc = rebuild_table(out, &b, op, err);
        mg_buf_release(&b);
        return rc;
    case MG_OP_RENAME_TABLE:
    case MG_OP_RENAME_COLUMN:
        mg_buf_release(&b);
        return mg_dialect__render_rename(out, op, qi, err);
    case MG_OP_ALTER_COLUMN:
    case MG_OP_ADD_CONSTRAINT:
    case MG_OP_DROP_CONSTRAINT:
        return needs_rebuild(err, op);
    case MG_OP_CREATE_OBJECT:
    case MG_OP_DROP_OBJECT:
    case MG_OP_REPLACE_OBJECT:
        return mg_dialect__render_object(out, op, qi, 0, err);
    default:
        return mg_error_set(err, MG_EUSAGE, "unknown operation kind %d",
                            (int)op->kind);
    }
    rc = mg_dialect__emit(out, &b, err);
    mg_buf_release(&b);
    return rc;
}
