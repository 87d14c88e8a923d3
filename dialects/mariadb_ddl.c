/* mariadb_ddl.c - the MariaDB dialect's type names and DDL for each
 * operation.
 *
 * Rendering quotes with backticks. A single INTEGER/BIGINT key is
 * AUTO_INCREMENT; the primary key is never named (MariaDB calls it
 * PRIMARY); a column changes by MODIFY COLUMN with its whole definition;
 * DEFERRABLE does not exist here and is left out; RESTRICT and NO ACTION
 * are one action, reflected as NO ACTION. Table options (engine,
 * character set, collation, comment) are reflected and rendered, so a
 * table made from inspect's model is made as the original, and compared
 * and changed by mariadb_tableopts.c. A column's character set and
 * collation are reflected where they are not its table's (NVARCHAR is a VARCHAR in utf8mb3), with ON
 * UPDATE and its comment; MODIFY COLUMN restates all of them. An op
 * marked online (mg_op.online) ends with ALGORITHM=INPLACE, LOCK=NONE
 * where InnoDB does it so (online_allowed), indexes then made and dropped
 * by ALTER TABLE; anything else keeps its plain form. */
#include "mg_dialect.h"
#include "common_int.h"
#include "mg_compare.h"
#include "mariadb_int.h"

#include <ctype.h>
#include "my_api_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <unistd.h>

#define NATIONAL_CHARSET MG_MARIADB_NATIONAL_CHARSET

/* ---- types -------------------------------------------------------------- */

const char *
mg_mariadb__literal_value(mg_buf *v, const char *s)
{
    char q = *s;

    for (s++; *s; s++) {
        if (*s == '\\' && s[1]) {
            static const char from[] = "nrtbZ", to[] = "\n\r\t\b\032";
            const char *e = strchr(from, s[1]);
            s++;
            if (e && *s)
                mg_buf_add(v, to + (e - from), 1);
            else
                mg_buf_putc(v, *s);
        } else if (*s == q && s[1] == q) {
            mg_buf_putc(v, *s++);
        } else if (*s == q) {
            return s + 1;
        } else {
            mg_buf_putc(v, *s);
        }
    }
    return s;
}

/* ENUM(...) or SET(...) in one spelling whatever way name writes it: the
 * word as written, the values one after the other, each quoted as
 * mg_mariadb__quote_literal does, and whatever follows the list. 0 when
 * name is no such type. */
static int
enum_type(mg_buf *b, const char *name)
{
    const char *s = name;
    size_t n = strncasecmp(s, "ENUM", 4) == 0 ? 4 :
               strncasecmp(s, "SET", 3) == 0 ? 3 : 0;
    int first = 1;

    if (!n)
        return 0;
    for (s += n; isspace((unsigned char)*s); s++)
        ;
    if (*s != '(')
        return 0;
    mg_buf_add(b, name, n);
    mg_buf_putc(b, '(');
    for (s++; *s && *s != ')'; s++) {
        if (*s == '\'') {
            mg_buf v = MG_BUF_INIT;
            s = mg_mariadb__literal_value(&v, s) - 1;
            mg_buf_puts(b, first ? "" : ",");
            mg_mariadb__quote_literal(b, mg_buf_cstr(&v));
            mg_buf_release(&v);
            first = 0;
        }
    }
    mg_buf_puts(b, *s ? s : ")");
    return 1;
}

void
mg_mariadb__render_type(mg_buf *b, const mg_type *t)
{
    switch (t->kind) {
    case MG_TYPE_INTEGER:   mg_buf_puts(b, "INT"); break;
    case MG_TYPE_BIGINT:    mg_buf_puts(b, "BIGINT"); break;
    case MG_TYPE_SMALLINT:  mg_buf_puts(b, "SMALLINT"); break;
    case MG_TYPE_TEXT:      mg_buf_puts(b, "TEXT"); break;
    case MG_TYPE_BOOLEAN:   mg_buf_puts(b, "BOOL"); break;
    case MG_TYPE_DATE:      mg_buf_puts(b, "DATE"); break;
    /* fsp 0 is the default, which the catalog does not spell */
    case MG_TYPE_TIME:      mg_buf_puts(b, "TIME");
                            mg_dialect__time_precision(b, t, 1); break;
    case MG_TYPE_TIMESTAMP: mg_buf_puts(b, "TIMESTAMP");
                            mg_dialect__time_precision(b, t, 1); break;
    case MG_TYPE_DATETIME:  mg_buf_puts(b, "DATETIME");
                            mg_dialect__time_precision(b, t, 1); break;
    case MG_TYPE_REAL:      mg_buf_puts(b, "FLOAT"); break;
    case MG_TYPE_DOUBLE:    mg_buf_puts(b, "DOUBLE"); break;
    case MG_TYPE_JSON:      mg_buf_puts(b, "JSON"); break;
    case MG_TYPE_BLOB:      mg_buf_puts(b, "BLOB"); break;
    case MG_TYPE_BYTES:     mg_buf_puts(b, "LONGBLOB"); break;
    case MG_TYPE_UUID:      mg_buf_puts(b, "UUID"); break;
    case MG_TYPE_VARCHAR:
        mg_buf_addf(b, "VARCHAR(%d)", t->length > 0 ? t->length : 255);
        break;
    case MG_TYPE_CHAR:
        mg_buf_addf(b, "CHAR(%d)", t->length > 0 ? t->length : 1);
        break;
    case MG_TYPE_NUMERIC:
        mg_buf_addf(b, "DECIMAL(%d,%d)", t->precision > 0 ? t->precision
                                                          : 10,
                    t->scale > 0 ? t->scale : 0);
        break;
    case MG_TYPE_OTHER:
    default:
        if (t->name && enum_type(b, t->name))
            break;
        mg_buf_puts(b, mg_mariadb__is_year4(t->name) ? "YEAR"
                       : t->name ? t->name : "");
        break;
    }
}


/* ---- DDL pieces --------------------------------------------------------- */

/* 1 for what MariaDB takes after DEFAULT without parentheses: a signed
 * number, a string or X''/B'' literal, NULL/TRUE/FALSE, or
 * CURRENT_TIMESTAMP and its relatives (with an optional precision). */
static int
is_simple_default(const char *s)
{
    static const char *const words[] = {
        "NULL", "TRUE", "FALSE", "CURRENT_TIMESTAMP", "CURRENT_DATE",
        "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME", "NOW"
    };
    mg_buf num = MG_BUF_INIT;
    const char *p;
    size_t i, n;
    int ok;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        n = strlen(words[i]);
        if (strncasecmp(s, words[i], n) != 0)
            continue;
        p = s + n;
        if (*p == '\0' && strcasecmp(words[i], "NOW") != 0)
            return 1;
        if (*p == '(' && i >= 3) {
            for (p++; isdigit((unsigned char)*p); p++)
                ;
            return p[0] == ')' && p[1] == '\0';
        }
    }
    if (*s == '\'' || ((*s == 'x' || *s == 'X' || *s == 'b' || *s == 'B') &&
                       s[1] == '\''))
        return *(p = mg_mariadb__skip_quoted(*s == '\'' ? s
                                                         : s + 1)) == '\0' &&
               p[-1] == '\'' && p - s >= 2;
    p = s;
    if (*p == '-' || *p == '+')
        p++;
    ok = mg_mariadb__canonical_number(&num, p);
    mg_buf_release(&num);
    return ok;
}

static void
default_expr(mg_buf *b, const char *expr)
{
    if (is_simple_default(expr) || mg_mariadb__is_parenthesised(expr))
        mg_buf_puts(b, expr);
    else
        mg_buf_addf(b, "(%s)", expr);
}

/* `name` TYPE [CHARACTER SET x] [COLLATE y] [NOT NULL] [AUTO_INCREMENT]
 * [DEFAULT x] [ON UPDATE x] [COMMENT 'x']: everything the column has, so
 * a MODIFY COLUMN restates it all. A generated column says GENERATED
 * ALWAYS AS (expr) STORED|VIRTUAL in place of NOT NULL ... ON UPDATE
 * (MariaDB takes no NOT NULL on one). */
static void
column_def(mg_buf *b, const mg_column *c, int autoincrement)
{
    mg_mariadb__qi(b, c->name);
    mg_buf_putc(b, ' ');
    mg_mariadb__render_type(b, &c->type);
    if (c->charset || c->national)
        mg_buf_addf(b, " CHARACTER SET %s",
                    c->charset ? c->charset : NATIONAL_CHARSET);
    if (c->collation)
        mg_buf_addf(b, " COLLATE %s", c->collation);
    if (c->generated) {
        mg_buf_puts(b, " GENERATED ALWAYS AS (");
        mg_dialect_requote(b, c->generated, '`', 1);
        mg_buf_puts(b, c->generated_stored ? ") STORED" : ") VIRTUAL");
    } else if (!c->nullable)
        mg_buf_puts(b, " NOT NULL");
    if (c->generated)
        ;   /* computed: no AUTO_INCREMENT, DEFAULT or ON UPDATE */
    else if (autoincrement)
        mg_buf_puts(b, " AUTO_INCREMENT");
    else if (c->server_default) {
        mg_buf_puts(b, " DEFAULT ");
        default_expr(b, c->server_default);
    }
    if (c->on_update)
        mg_buf_addf(b, " ON UPDATE %s", c->on_update);
    if (c->comment) {
        mg_buf_puts(b, " COMMENT ");
        mg_mariadb__quote_literal(b, c->comment);
    }
}

void
mg_mariadb__column_def(mg_buf *b, const mg_column *c, int autoincrement)
{
    column_def(b, c, autoincrement);
}

/* A constraint as written in CREATE TABLE or after ADD. */
static void
constraint_def(mg_buf *b, const mg_constraint *k)
{
    if (k->kind == MG_CONSTRAINT_PRIMARY_KEY) {
        mg_buf_puts(b, "PRIMARY KEY (");
        mg_dialect__ident_list(b, &k->columns, mg_mariadb__qi);
        mg_buf_putc(b, ')');
        return;
    }
    mg_buf_puts(b, "CONSTRAINT ");
    mg_mariadb__qi(b, k->name);
    switch (k->kind) {
    case MG_CONSTRAINT_UNIQUE:
        mg_buf_puts(b, " UNIQUE (");
        mg_dialect__ident_list(b, &k->columns, mg_mariadb__qi);
        mg_buf_putc(b, ')');
        break;
    case MG_CONSTRAINT_FOREIGN_KEY:
        mg_buf_puts(b, " FOREIGN KEY (");
        mg_dialect__ident_list(b, &k->columns, mg_mariadb__qi);
        mg_buf_puts(b, ") ");
        mg_dialect__fk_target(b, k, mg_mariadb__qi, 0);
        break;
    case MG_CONSTRAINT_CHECK:
        mg_buf_puts(b, " CHECK (");
        mg_dialect_requote(b, k->expression ? k->expression : "", '`', 1);
        mg_buf_putc(b, ')');
        break;
    default:
        break;
    }
}

/* A column as CREATE TABLE writes it (mg_dialect__table_ddl.column). */
static void
table_column(mg_buf *b, const mg_table *t, const mg_column *c, void *ctx)
{
    (void)t;
    (void)ctx;
    column_def(b, c, c->autoincrement);
}

static void
create_table(mg_buf *b, const mg_op *op)
{
    mg_dialect__table_ddl how = { mg_mariadb__qi, table_column,
                                  mg_dialect__skip_deferred,
                                  constraint_def, NULL };

    how.ctx = (void *)op;
    mg_dialect__create_table(b, op->new_table, op->new_table->name,
                             op->new_table->if_not_exists, &how);
}

/* An index element: a column quoted, "col DESC" with the column quoted,
 * anything else (a prefix "col(10)", an expression) as written. */
static void
index_item(mg_buf *b, const mg_table *t, const char *e)
{
    size_t n = strlen(e);

    if (mg_table_column(t, e) || mg_mariadb__is_plain_ident(e)) {
        mg_mariadb__qi(b, e);
        return;
    }
    if (n > 5 && strcasecmp(e + n - 5, " DESC") == 0) {
        mg_buf col = MG_BUF_INIT;
        mg_buf_add(&col, e, n - 5);
        if (mg_table_column(t, mg_buf_cstr(&col))) {
            mg_mariadb__qi(b, mg_buf_cstr(&col));
            mg_buf_puts(b, " DESC");
            mg_buf_release(&col);
            return;
        }
        mg_buf_release(&col);
    }
    mg_dialect_requote(b, e, '`', 1);
}

/* 1 when the name part of a prefix key part, s[0..n), is a column name,
 * plain or quoted with ` or ". */
static int
prefix_column(const char *s, size_t n)
{
    size_t i;

    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n >= 2 && (s[0] == '`' || s[0] == '"') && s[n - 1] == s[0])
        return 1;
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (i = 1; i < n; i++)
        if (!mg_mariadb__is_word_char(s[i]))
            return 0;
    return 1;
}

/* 1 when the index element e is a key part MariaDB can index: a column of
 * t, or a prefix of one ("name(10)"), either maybe followed by " DESC".
 * Anything else is an expression, which no MariaDB version can index
 * (functional key parts are MySQL 8.0.13's, not MariaDB's). */
static int
key_part(const mg_table *t, const char *e)
{
    size_t n = strlen(e), open, i;
    mg_buf col = MG_BUF_INIT;
    int ok;

    if (n > 5 && strcasecmp(e + n - 5, " DESC") == 0)
        n -= 5;
    mg_buf_add(&col, e, n);
    ok = mg_table_column(t, mg_buf_cstr(&col)) ||
         mg_mariadb__is_plain_ident(mg_buf_cstr(&col));
    mg_buf_release(&col);
    if (ok)
        return 1;
    if (n < 4 || e[n - 1] != ')')
        return 0;
    for (open = n - 1; open > 0 && e[open - 1] != '('; open--)
        ;
    if (open == 0 || open == n - 1)
        return 0;
    for (i = open; i < n - 1; i++)
        if (!isdigit((unsigned char)e[i]))
            return 0;
    return prefix_column(e, open - 1);
}

static void
alter_table(mg_buf *b, const mg_table *t)
{
    mg_buf_puts(b, "ALTER TABLE ");
    mg_mariadb__qi(b, t->name);
    mg_buf_putc(b, ' ');
}

/* 1 when ix is FULLTEXT or SPATIAL: InnoDB builds those only under a
 * lock (LOCK=SHARED), and rebuilds a table that has one likewise. */
static int
locking_index(const mg_index *ix)
{
    return ix->method && (strcasecmp(ix->method, "FULLTEXT") == 0 ||
                          strcasecmp(ix->method, "SPATIAL") == 0);
}

/* 1 when t (NULL: none) has a locking_index. */
static int
has_locking_index(const mg_table *t)
{
    size_t i;

    for (i = 0; t && i < t->nindexes; i++)
        if (locking_index(t->indexes[i]))
            return 1;
    return 0;
}

/* 1 when op, marked online, may say ALGORITHM=INPLACE, LOCK=NONE: the
 * server then does it while writes go on, or refuses it. Conservative:
 * only what InnoDB allows so on every MariaDB from 10.3 on, and nothing
 * on a table with a FULLTEXT or SPATIAL index. Not: adding a foreign key
 * (INPLACE needs foreign_key_checks off), a CHECK (copies), a primary
 * key, a type change or an AUTO_INCREMENT column. */
static int
online_allowed(const mg_op *op)
{
    const mg_column *c = op->new_column;
    const mg_constraint *k = op->constraint;

    if (!op->online || has_locking_index(op->old_table) ||
        has_locking_index(op->new_table))
        return 0;
    switch (op->kind) {
    case MG_OP_CREATE_INDEX:
    case MG_OP_DROP_INDEX:
        return !locking_index(op->index);
    case MG_OP_ADD_COLUMN:
        return !c->autoincrement &&
               (!c->server_default || is_simple_default(c->server_default));
    case MG_OP_DROP_COLUMN:
        return 1;
    case MG_OP_ALTER_COLUMN:
        return !(op->changes & ~(MG_CHANGE_NULLABLE | MG_CHANGE_DEFAULT)) &&
               !c->autoincrement &&
               (!c->server_default || is_simple_default(c->server_default));
    case MG_OP_ADD_CONSTRAINT:
        return k->kind == MG_CONSTRAINT_UNIQUE;
    case MG_OP_DROP_CONSTRAINT:
        return k->kind != MG_CONSTRAINT_PRIMARY_KEY;
    default:
        return 0;
    }
}

/* The index's columns "(`a`, `b`)" as CREATE INDEX and ADD INDEX write
 * them. */
static void
index_items(mg_buf *b, const mg_table *t, const mg_index *ix)
{
    size_t i;

    mg_buf_puts(b, " (");
    for (i = 0; i < ix->expressions.n; i++) {
        if (i)
            mg_buf_puts(b, ", ");
        index_item(b, t, ix->expressions.v[i]);
    }
    mg_buf_putc(b, ')');
}

/* CREATE INDEX; online (online_allowed), the same index as ALTER TABLE
 * ADD INDEX, which takes ALGORITHM and LOCK on every version. */
static int
create_index(mg_buf *b, const mg_table *t, const mg_index *ix, int online,
             mg_error *err)
{
    const char *m = ix->method;
    int prefix = m && (strcasecmp(m, "FULLTEXT") == 0 ||
                       strcasecmp(m, "SPATIAL") == 0);
    size_t i;

    if (ix->where)
        return mg_error_set(err, MG_EUSAGE, "mariadb has no partial "
                            "indexes: cannot create index %s on %s "
                            "WHERE %s", ix->name, t->name, ix->where);
    for (i = 0; i < ix->expressions.n; i++)
        if (!key_part(t, ix->expressions.v[i]))
            return mg_error_set(err, MG_EUSAGE, "mariadb has no expression "
                                "indexes: cannot create index %s on %s "
                                "over %s (index a generated column "
                                "instead)", ix->name, t->name,
                                ix->expressions.v[i]);
    if (online) {
        alter_table(b, t);
        mg_buf_puts(b, "ADD ");
    } else {
        mg_buf_puts(b, "CREATE ");
    }
    if (ix->unique)
        mg_buf_puts(b, "UNIQUE ");
    if (prefix)
        mg_buf_addf(b, "%s ", m);
    mg_buf_puts(b, "INDEX ");
    mg_mariadb__qi(b, ix->name);
    if (!online) {
        mg_buf_puts(b, " ON ");
        mg_mariadb__qi(b, t->name);
    }
    index_items(b, t, ix);
    if (m && *m && !prefix && strcasecmp(m, "btree") != 0)
        mg_buf_addf(b, " USING %s", m);
    return 0;
}

/* The auto-increment column of a single-column primary key k of t, or
 * NULL. */
static const mg_column *
auto_key_column(const mg_table *t, const mg_constraint *k)
{
    const mg_column *c;

    if (!t || k->kind != MG_CONSTRAINT_PRIMARY_KEY || k->columns.n != 1)
        return NULL;
    c = mg_table_column(t, k->columns.v[0]);
    return c && c->autoincrement ? c : NULL;
}

/* " FIRST" or " AFTER `x`": where c stands in t. */
static void
after_column(mg_buf *b, const mg_table *t, const mg_column *c)
{
    size_t i;

    for (i = 0; i < t->ncolumns && t->columns[i] != c; i++)
        ;
    if (i == 0) {
        mg_buf_puts(b, " FIRST");
        return;
    }
    mg_buf_puts(b, " AFTER ");
    mg_mariadb__qi(b, t->columns[i - 1]->name);
}

/* 1 when an index or key of t other than the one named skip can serve
 * foreign key columns fk and stays: is in w, the table's new version (an
 * index of a table whose DROP TABLE follows, w NULL, may be dropped by an
 * op before it, so there only the keys, which go with the table, count). */
static int
served_elsewhere(const mg_table *t, const mg_table *w, const char *skip,
                 const mg_strlist *fk)
{
    size_t i;

    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if ((k->kind == MG_CONSTRAINT_PRIMARY_KEY ||
             k->kind == MG_CONSTRAINT_UNIQUE) &&
            strcasecmp(k->name, skip) != 0 &&
            mg_strlist_leads_with(&k->columns, fk) &&
            (!w || mg_table_constraint(w, k->name)))
            return 1;
    }
    for (i = 0; w && i < t->nindexes; i++)
        if (strcasecmp(t->indexes[i]->name, skip) != 0 &&
            mg_strlist_leads_with(&t->indexes[i]->expressions, fk) &&
            mg_table_index(w, t->indexes[i]->name))
            return 1;
    return 0;
}

/* InnoDB refuses to drop the only index a foreign key can use. When the
 * index or UNIQUE constraint named name (over cols) is that index for a
 * foreign key that stays (in op's old and new table alike, or the table
 * has no new version: its DROP TABLE follows and takes the key along),
 * append ", ADD INDEX IF NOT EXISTS `fk` (...)": an index named like the
 * key, which is what InnoDB would have made and what reflection leaves
 * out (so it may be there already, from an earlier such drop). */
static void
keep_fk_indexes(mg_buf *b, const mg_op *op, const char *name,
                const mg_strlist *cols)
{
    const mg_table *t = op->old_table, *w = op->new_table;
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i], *kw = NULL;
        if (k->kind != MG_CONSTRAINT_FOREIGN_KEY ||
            (w && (!(kw = mg_table_constraint(w, k->name)) ||
                   kw->kind != MG_CONSTRAINT_FOREIGN_KEY)) ||
            !mg_strlist_leads_with(cols, &k->columns) ||
            served_elsewhere(t, w, name, &k->columns))
            continue;
        mg_buf_puts(b, ", ADD INDEX IF NOT EXISTS ");
        mg_mariadb__qi(b, k->name);
        mg_buf_puts(b, " (");
        mg_dialect__ident_list(b, &k->columns, mg_mariadb__qi);
        mg_buf_putc(b, ')');
    }
}

/* DROP INDEX ... ON, or ALTER TABLE DROP INDEX when it must keep an
 * index for a foreign key, or is online (DROP INDEX ... ON takes no
 * ALGORITHM or LOCK on MariaDB 10.11). */
static void
drop_index(mg_buf *b, const mg_op *op, int online)
{
    const mg_table *t = op->old_table ? op->old_table : op->new_table;
    size_t mark;

    alter_table(b, t);
    mg_buf_puts(b, "DROP INDEX ");
    mg_mariadb__qi(b, op->index->name);
    mark = b->len;
    keep_fk_indexes(b, op, op->index->name, &op->index->expressions);
    if (b->len == mark && !online) {
        /* the plain form */
        mg_buf_clear(b);
        mg_buf_puts(b, "DROP INDEX ");
        mg_mariadb__qi(b, op->index->name);
        mg_buf_puts(b, " ON ");
        mg_mariadb__qi(b, t->name);
    }
}

static void
add_constraint(mg_buf *b, const mg_op *op)
{
    const mg_column *ai = auto_key_column(op->new_table, op->constraint);

    alter_table(b, op->new_table);
    mg_buf_puts(b, "ADD ");
    constraint_def(b, op->constraint);
    /* AUTO_INCREMENT needs the key: ADD COLUMN left it out */
    if (ai) {
        mg_buf_puts(b, ", MODIFY COLUMN ");
        column_def(b, ai, 1);
    }
}

static void
drop_constraint(mg_buf *b, const mg_op *op)
{
    const mg_table *t = op->old_table ? op->old_table : op->new_table;
    const mg_constraint *k = op->constraint;
    const mg_column *ai;

    alter_table(b, t);
    switch (k->kind) {
    case MG_CONSTRAINT_PRIMARY_KEY:
        /* an AUTO_INCREMENT column cannot outlive its key */
        if ((ai = auto_key_column(t, k)) != NULL) {
            mg_buf_puts(b, "MODIFY COLUMN ");
            column_def(b, ai, 0);
            mg_buf_puts(b, ", ");
        }
        mg_buf_puts(b, "DROP PRIMARY KEY");
        break;
    case MG_CONSTRAINT_UNIQUE:
        mg_buf_puts(b, "DROP INDEX ");
        mg_mariadb__qi(b, k->name);
        keep_fk_indexes(b, op, k->name, &k->columns);
        break;
    case MG_CONSTRAINT_FOREIGN_KEY:
        /* and the index InnoDB made for it, when it is still there */
        mg_buf_puts(b, "DROP FOREIGN KEY ");
        mg_mariadb__qi(b, k->name);
        mg_buf_puts(b, ", DROP INDEX IF EXISTS ");
        mg_mariadb__qi(b, k->name);
        break;
    case MG_CONSTRAINT_CHECK:
        mg_buf_puts(b, "DROP CONSTRAINT ");
        mg_mariadb__qi(b, k->name);
        break;
    }
}

/* The UNIQUE and CHECK constraints over the column op makes again, the
 * i-th or later (mg_dialect__constraint_over_column): the server would
 * keep a UNIQUE key less the column, and refuses to drop a column a
 * CHECK names. */
static size_t
constraint_over_column(const mg_op *op, size_t i)
{
    const mg_table *t = op->new_table;

    for (i = mg_dialect__constraint_over_column(op, i); i != SIZE_MAX;
         i = mg_dialect__constraint_over_column(op, i + 1))
        if (t->constraints[i]->kind == MG_CONSTRAINT_UNIQUE ||
            t->constraints[i]->kind == MG_CONSTRAINT_CHECK)
            return i;
    return SIZE_MAX;
}

/* A generated column is not altered but made again, where it stood:
 * the indexes over it dropped first (a drop of the column would keep
 * them, less the column), the column dropped and added in one ALTER
 * TABLE with the UNIQUE and CHECK constraints over it (dropped before
 * it, added after it), the indexes created again. */
static int
remake_column(mg_strlist *out, mg_buf *b, const mg_op *op, mg_error *err)
{
    const mg_table *t = op->new_table ? op->new_table : op->old_table;
    size_t i;
    int rc;

    for (i = mg_dialect__index_over_column(op, 0); i != SIZE_MAX;
         i = mg_dialect__index_over_column(op, i + 1)) {
        mg_buf_puts(b, "DROP INDEX ");
        mg_mariadb__qi(b, t->indexes[i]->name);
        mg_buf_puts(b, " ON ");
        mg_mariadb__qi(b, t->name);
        if ((rc = mg_dialect__emit(out, b, err)) < 0)
            return rc;
    }
    alter_table(b, t);
    for (i = constraint_over_column(op, 0); i != SIZE_MAX;
         i = constraint_over_column(op, i + 1)) {
        mg_buf_puts(b, t->constraints[i]->kind == MG_CONSTRAINT_CHECK
                       ? "DROP CONSTRAINT " : "DROP INDEX ");
        mg_mariadb__qi(b, t->constraints[i]->name);
        mg_buf_puts(b, ", ");
    }
    mg_buf_puts(b, "DROP COLUMN ");
    mg_mariadb__qi(b, op->new_column->name);
    mg_buf_puts(b, ", ADD COLUMN ");
    column_def(b, op->new_column, 0);
    after_column(b, t, op->new_column);
    for (i = constraint_over_column(op, 0); i != SIZE_MAX;
         i = constraint_over_column(op, i + 1)) {
        mg_buf_puts(b, ", ADD ");
        constraint_def(b, t->constraints[i]);
    }
    if ((rc = mg_dialect__emit(out, b, err)) < 0)
        return rc;
    for (i = mg_dialect__index_over_column(op, 0); i != SIZE_MAX;
         i = mg_dialect__index_over_column(op, i + 1)) {
        if ((rc = create_index(b, t, t->indexes[i], 0, err)) < 0 ||
            (rc = mg_dialect__emit(out, b, err)) < 0)
            return rc;
    }
    return 0;
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
    case MG_OP_ALTER_COLUMN:
        return (op->new_table || op->old_table) && op->new_column;
    case MG_OP_ADD_CONSTRAINT:
        return op->new_table && op->constraint;
    case MG_OP_DROP_CONSTRAINT:
        return (op->old_table || op->new_table) && op->constraint;
    case MG_OP_CREATE_INDEX:
        return op->new_table && op->index;
    case MG_OP_DROP_INDEX:
        return (op->old_table || op->new_table) && op->index;
    case MG_OP_ALTER_TABLE:
        return op->old_table && op->new_table;
    default:
        return 1;
    }
}

int
mg_mariadb__render_op(mg_strlist *out, const mg_op *op, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc = 0, online;

    if (!complete(op))
        return mg_error_set(err, MG_EUSAGE, "incomplete operation (kind %d)",
                            (int)op->kind);
    online = online_allowed(op);
    if (op->kind == MG_OP_CREATE_OBJECT || op->kind == MG_OP_DROP_OBJECT ||
        op->kind == MG_OP_REPLACE_OBJECT)
        return mg_mariadb__render_object_op(out, op, err);
    switch (op->kind) {
    case MG_OP_CREATE_TABLE:
        create_table(&b, op);
        break;
    case MG_OP_DROP_TABLE:
        mg_buf_puts(&b, "DROP TABLE ");
        mg_mariadb__qi(&b, op->old_table->name);
        break;
    case MG_OP_ADD_COLUMN:
        /* AUTO_INCREMENT comes with the primary key (add_constraint) */
        alter_table(&b, op->new_table);
        mg_buf_puts(&b, "ADD COLUMN ");
        column_def(&b, op->new_column, 0);
        break;
    case MG_OP_DROP_COLUMN:
        alter_table(&b, op->old_table);
        mg_buf_puts(&b, "DROP COLUMN ");
        mg_mariadb__qi(&b, op->old_column->name);
        break;
    case MG_OP_ALTER_COLUMN:
        if (op->changes & MG_CHANGE_GENERATED) {
            rc = remake_column(out, &b, op, err);
            mg_buf_release(&b);
            return rc;
        }
        alter_table(&b, op->new_table ? op->new_table : op->old_table);
        mg_buf_puts(&b, "MODIFY COLUMN ");
        column_def(&b, op->new_column, op->new_column->autoincrement);
        break;
    case MG_OP_ADD_CONSTRAINT:
        add_constraint(&b, op);
        break;
    case MG_OP_DROP_CONSTRAINT:
        drop_constraint(&b, op);
        break;
    case MG_OP_CREATE_INDEX:
        rc = create_index(&b, op->new_table, op->index, online, err);
        break;
    case MG_OP_DROP_INDEX:
        drop_index(&b, op, online);
        break;
    case MG_OP_RENAME_TABLE:
    case MG_OP_RENAME_COLUMN:
        mg_buf_release(&b);
        return mg_dialect__render_rename(out, op, mg_mariadb__qi, err);
    case MG_OP_ALTER_TABLE:
        mg_buf_release(&b);
        return mg_mariadb__alter_table_options(out, op, err);
    case MG_OP_REBUILD_TABLE:
        rc = mg_error_set(err, MG_EUSAGE, "mariadb does not rebuild "
                          "tables: alter table %s instead",
                          op->new_table ? op->new_table->name
                          : op->old_table ? op->old_table->name : "?");
        break;
    default:
        rc = mg_error_set(err, MG_EUSAGE, "unknown operation kind %d",
                          (int)op->kind);
    }
    if (rc == 0 && online)
        mg_buf_puts(&b, ", ALGORITHM=INPLACE, LOCK=NONE");
    if (rc == 0 && (b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0))
        rc = mg_mariadb__oom(err);
    mg_buf_release(&b);
    return rc;
}
