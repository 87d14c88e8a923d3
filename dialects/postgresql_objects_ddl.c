/* postgresql_objects_ddl.c - the PostgreSQL dialect's DDL for the schema
 * objects beyond tables (the *_OBJECT ops; reflection and keys are in
 * postgresql_objects.c).
 *
 * CREATE is the definition (connections have check_function_bodies
 * off, as pg_dump's scripts do, since a LANGUAGE sql routine comes before
 * the tables it reads); DROP names kind and identity (a routine with its
 * argument types, a trigger ON its table, a comment IS NULL); a changed
 * routine is CREATE OR REPLACE, a changed comment the new COMMENT, a
 * sequence ALTER SEQUENCE (one OWNED BY a column is created without it
 * and tied by ALTER SEQUENCE ... OWNED BY once the tables are there,
 * untied by OWNED BY NONE before they change: mg_op.h MG_OBJECT_*), an
 * enum that only gained labels ALTER TYPE ... ADD VALUE, any other enum
 * or domain change rename-create-convert-drop
 * (the columns using it converted through text, the views reading them
 * saved by the server, dropped and created again around it), views,
 * materialized views, their indexes and triggers drop and create. */
#include "mg_dialect.h"
#include "common_int.h"
#include "postgresql_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* o's name, qualified by its schema when it has one. */
static void
object_name(mg_buf *b, const mg_object *o)
{
    if (o->schema) {
        mg_pg__qi(b, o->schema);
        mg_buf_putc(b, '.');
    }
    mg_pg__qi(b, o->name);
}

/* The target of a COMMENT definition: the text between "COMMENT ON "
 * and its top-level " IS ". */
static void
comment_target(mg_buf *b, const char *def)
{
    const char *p = mg_pg__find_word(def, "ON"), *is;

    if (!p) {
        mg_buf_puts(b, def);
        return;
    }
    p += 2;
    while (isspace((unsigned char)*p))
        p++;
    is = mg_pg__find_word(p, "IS");
    if (!is)
        is = p + strlen(p);
    while (is > p && isspace((unsigned char)is[-1]))
        is--;
    mg_buf_add(b, p, (size_t)(is - p));
}

/* DROP for o, into b: common.c's, but a comment's target as its
 * definition writes it (quoted where it needs to be). */
static void
drop_object(mg_buf *b, const mg_object *o)
{
    if (o->kind == MG_OBJ_COMMENT) {
        mg_buf_puts(b, "COMMENT ON ");
        comment_target(b, o->definition ? o->definition : "");
        mg_buf_puts(b, " IS NULL");
        return;
    }
    mg_dialect__drop_object(b, o, mg_pg__qi, 1);
}

/* The statements creating o; or_replace: a routine's CREATE made CREATE
 * OR REPLACE. */
static int
create_object(mg_strlist *out, const mg_object *o, int or_replace)
{
    const char *def = o->definition ? o->definition : "";
    mg_buf b = MG_BUF_INIT;
    int rc;

    if (or_replace && mg_pg__word_at(def, "CREATE")) {
        const char *p = def + 6;
        while (isspace((unsigned char)*p))
            p++;
        if (mg_pg__word_at(p, "OR"))
            mg_buf_puts(&b, def);
        else
            mg_buf_addf(&b, "CREATE OR REPLACE %s", p);
    } else {
        mg_buf_puts(&b, def);
    }
    rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0 ? MG_ENOMEM : 0;
    mg_buf_release(&b);
    return rc;
}

/* 1 when old's labels are new's with some left out (same order): the
 * change is ALTER TYPE ... ADD VALUE only. */
static int
only_added(const mg_strlist *old, const mg_strlist *new_)
{
    size_t i, j = 0;

    for (i = 0; i < new_->n && j < old->n; i++)
        if (strcmp(new_->v[i], old->v[j]) == 0)
            j++;
    for (i = 0; i < old->n; i++)
        if (!mg_strlist_contains(new_, old->v[i]))
            return 0;
    return j == old->n && new_->n > old->n;
}

/* ALTER TYPE name ADD VALUE for each label of new_ not in old, placed
 * where new_ has it. */
static int
add_values(mg_strlist *out, const mg_object *o, const mg_strlist *old,
           const mg_strlist *new_)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < new_->n && rc == 0; i++) {
        mg_buf b = MG_BUF_INIT;

        if (mg_strlist_contains(old, new_->v[i]))
            continue;
        mg_buf_puts(&b, "ALTER TYPE ");
        object_name(&b, o);
        mg_buf_puts(&b, " ADD VALUE ");
        mg_dialect_ansi_quote_literal(&b, new_->v[i]);
        if (i > 0) {
            mg_buf_puts(&b, " AFTER ");
            mg_dialect_ansi_quote_literal(&b, new_->v[i - 1]);
        } else if (old->n) {
            mg_buf_puts(&b, " BEFORE ");
            mg_dialect_ansi_quote_literal(&b, old->v[0]);
        }
        rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0
             ? MG_ENOMEM : 0;
        mg_buf_release(&b);
    }
    return rc;
}

/* 1 when column c's type is the type named name (unqualified, any
 * case, quoted or not). */
static int
uses_type(const mg_column *c, const char *name)
{
    const char *t = c->type.name;
    size_t n;

    if (c->type.kind != MG_TYPE_OTHER || !t)
        return 0;
    if (*t == '"') {
        n = strlen(t);
        return n == strlen(name) + 2 && strncmp(t + 1, name, n - 2) == 0;
    }
    return strcasecmp(t, name) == 0;
}

/* ALTER TABLE t ALTER COLUMN c ..., one statement into out. */
static int
alter_col(mg_strlist *out, const mg_table *t, const mg_column *c,
          const char *what, const char *arg)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    mg_buf_puts(&b, "ALTER TABLE ");
    mg_pg__qi(&b, t->name);
    mg_buf_puts(&b, " ALTER COLUMN ");
    mg_pg__qi(&b, c->name);
    mg_buf_addf(&b, " %s", what);
    if (arg)
        mg_buf_puts(&b, arg);
    rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0 ? MG_ENOMEM : 0;
    mg_buf_release(&b);
    return rc;
}

/* Each column of schema using type o, converted to the type of that name
 * created anew (through text), its default dropped before and set again
 * after (it names the old type). */
static int
convert_columns(mg_strlist *out, const mg_object *o, const mg_metadata *md)
{
    size_t i, j, n = md ? mg_metadata_table_count(md) : 0;
    int rc = 0;

    for (i = 0; i < n && rc == 0; i++) {
        const mg_table *t = mg_metadata_table_at(md, i);

        for (j = 0; j < t->ncolumns && rc == 0; j++) {
            const mg_column *c = t->columns[j];
            mg_buf ty = MG_BUF_INIT;

            if (!uses_type(c, o->name))
                continue;
            if (c->server_default)
                rc = alter_col(out, t, c, "DROP DEFAULT", NULL);
            mg_buf_puts(&ty, "TYPE ");
            object_name(&ty, o);
            mg_buf_puts(&ty, " USING ");
            mg_pg__qi(&ty, c->name);
            mg_buf_puts(&ty, "::text::");
            object_name(&ty, o);
            if (rc == 0)
                rc = ty.oom ? MG_ENOMEM
                            : alter_col(out, t, c, mg_buf_cstr(&ty), NULL);
            if (rc == 0 && c->server_default)
                rc = alter_col(out, t, c, "SET DEFAULT ", c->server_default);
            mg_buf_release(&ty);
        }
    }
    return rc;
}

/* The views (and materialized views) reading a column of type o, and
 * the views reading those, saved by the server before the conversion
 * (their definitions as they are at that point of the revision, in
 * either direction), dropped, and created again after it. */
static const char saved_views_sql[] =
    "CREATE TEMPORARY TABLE migrate_views AS WITH RECURSIVE v(oid, depth) "
    "AS (SELECT w.ev_class, 1 FROM pg_catalog.pg_depend d "
    "JOIN pg_catalog.pg_rewrite w ON d.classid = "
    "'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = w.oid "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid "
    "AND a.attnum = d.refobjsubid WHERE d.refclassid = "
    "'pg_catalog.pg_class'::pg_catalog.regclass AND a.atttypid = "
    "%s::pg_catalog.regtype AND w.ev_class <> d.refobjid "
    "UNION ALL SELECT w.ev_class, v.depth + 1 FROM v "
    "JOIN pg_catalog.pg_depend d ON d.refobjid = v.oid AND d.classid = "
    "'pg_catalog.pg_rewrite'::pg_catalog.regclass "
    "JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid "
    "WHERE w.ev_class <> v.oid AND v.depth < 100) "
    "SELECT c.oid::pg_catalog.regclass::text AS name, CASE c.relkind "
    "WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END AS kind, "
    "COALESCE(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') "
    "|| ')', '') AS opts, pg_catalog.pg_get_viewdef(c.oid) AS def, "
    "max(v.depth) AS depth FROM v JOIN pg_catalog.pg_class c "
    "ON c.oid = v.oid GROUP BY c.oid, c.relkind, c.reloptions";
static const char drop_views_sql[] =
    "DO $migrate$ DECLARE r record; BEGIN FOR r IN SELECT * "
    "FROM migrate_views ORDER BY depth DESC LOOP EXECUTE 'DROP ' || "
    "r.kind || ' IF EXISTS ' || r.name; END LOOP; END $migrate$";
static const char create_views_sql[] =
    "DO $migrate$ DECLARE r record; BEGIN FOR r IN SELECT * "
    "FROM migrate_views ORDER BY depth LOOP EXECUTE 'CREATE ' || r.kind || "
    "' ' || r.name || r.opts || ' AS ' || r.def; END LOOP; END $migrate$";

/* An enum or domain changed otherwise: the views reading the columns
 * using it saved and dropped (they would block the conversion), the old
 * type renamed, the new one created, the columns converted, the old type
 * dropped, the views created again. */
static int
recreate_type(mg_strlist *out, const mg_op *op)
{
    const mg_object *o = op->old_object;
    const char *word = o->kind == MG_OBJ_ENUM ? "TYPE" : "DOMAIN";
    mg_buf a = MG_BUF_INIT, d = MG_BUF_INIT, old = MG_BUF_INIT;
    mg_buf name = MG_BUF_INIT, lit = MG_BUF_INIT;
    int rc;

    object_name(&name, o);
    mg_dialect_ansi_quote_literal(&lit, mg_buf_cstr(&name));
    mg_buf_addf(&a, saved_views_sql, mg_buf_cstr(&lit));
    rc = a.oom || mg_strlist_add(out, mg_buf_cstr(&a)) < 0 ||
         mg_strlist_add(out, drop_views_sql) < 0 ? MG_ENOMEM : 0;
    mg_buf_clear(&a);
    mg_buf_addf(&old, "%s_old", o->name);
    mg_buf_addf(&a, "ALTER %s %s RENAME TO ", word, mg_buf_cstr(&name));
    mg_pg__qi(&a, mg_buf_cstr(&old));
    mg_buf_addf(&d, "DROP %s ", word);
    if (o->schema) {
        mg_pg__qi(&d, o->schema);
        mg_buf_putc(&d, '.');
    }
    mg_pg__qi(&d, mg_buf_cstr(&old));
    if (rc == 0 && (a.oom || d.oom || mg_strlist_add(out, mg_buf_cstr(&a)) < 0))
        rc = MG_ENOMEM;
    if (rc == 0)
        rc = create_object(out, op->new_object, 0);
    if (rc == 0)
        rc = convert_columns(out, op->new_object, op->tables_at
                                                  ? op->tables_at
                                                  : op->old_schema);
    if (rc == 0 && (mg_strlist_add(out, mg_buf_cstr(&d)) < 0 ||
                    mg_strlist_add(out, create_views_sql) < 0 ||
                    mg_strlist_add(out, "DROP TABLE migrate_views") < 0))
        rc = MG_ENOMEM;
    mg_buf_release(&a);
    mg_buf_release(&d);
    mg_buf_release(&old);
    mg_buf_release(&name);
    mg_buf_release(&lit);
    return rc;
}

static int
replace_enum(mg_strlist *out, const mg_op *op)
{
    mg_strlist o = MG_STRLIST_INIT, n = MG_STRLIST_INIT;
    int rc = mg_pg__enum_labels(&o, op->old_object->definition);

    if (rc == 0)
        rc = mg_pg__enum_labels(&n, op->new_object->definition);
    if (rc == 0)
        rc = only_added(&o, &n) ? add_values(out, op->new_object, &o, &n)
                                : recreate_type(out, op);
    mg_strlist_release(&o);
    mg_strlist_release(&n);
    return rc;
}

/* A sequence's new parameters: ALTER SEQUENCE with the new definition's
 * options, and the default of each option it leaves out (but START). */
static int
alter_sequence(mg_strlist *out, const mg_object *o)
{
    static const struct { const char *word, *dflt; } opts[] = {
        { "AS", " AS bigint" }, { "INCREMENT", " INCREMENT BY 1" },
        { "MINVALUE", " NO MINVALUE" }, { "MAXVALUE", " NO MAXVALUE" },
        { "CACHE", " CACHE 1" }, { "CYCLE", " NO CYCLE" },
        { "OWNED", " OWNED BY NONE" },
    };
    const char *def = o->definition ? o->definition : "";
    const char *p = mg_pg__find_word(def, "SEQUENCE");
    mg_buf b = MG_BUF_INIT;
    size_t i;
    int rc;

    mg_buf_puts(&b, "ALTER SEQUENCE ");
    object_name(&b, o);
    if (p) {                        /* past the name */
        p += 8;
        while (isspace((unsigned char)*p))
            p++;
        while (*p && !isspace((unsigned char)*p))
            p = mg_pg__skip_quoted(p) != p ? mg_pg__skip_quoted(p) : p + 1;
        mg_buf_puts(&b, p);
    }
    for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
        if (!p || !mg_pg__find_word(p, opts[i].word))
            mg_buf_puts(&b, opts[i].dflt);
    rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0 ? MG_ENOMEM : 0;
    mg_buf_release(&b);
    return rc;
}

/* Where the OWNED BY clause of sequence definition def is, [*from,
 * *to): the words and the column (or NONE), white space before them
 * included; 0 when it has none. */
static int
owned_by(const char *def, const char **from, const char **to)
{
    const char *p = mg_pg__find_word(def, "OWNED"), *q, *e;

    if (!p)
        return 0;
    for (q = p + 5; isspace((unsigned char)*q); q++)
        ;
    if (!mg_pg__word_at(q, "BY"))
        return 0;
    for (q += 2; isspace((unsigned char)*q); q++)
        ;
    while (*q) {                    /* [schema.]table.column, or NONE */
        if ((e = mg_pg__skip_quoted(q)) != q)
            q = e;
        else if (mg_pg__word_char(*q) || *q == '.')
            q++;
        else
            break;
    }
    while (p > def && isspace((unsigned char)p[-1]))
        p--;
    *from = p;
    *to = q;
    return 1;
}

/* A sequence tied to a table (mg_op.h MG_OBJECT_UNTIED): its CREATE
 * without OWNED BY. */
static int
create_untied(mg_strlist *out, const mg_object *o)
{
    const char *def = o->definition ? o->definition : "", *from, *to;
    mg_buf b = MG_BUF_INIT;
    int rc;

    if (o->kind != MG_OBJ_SEQUENCE || !owned_by(def, &from, &to))
        return create_object(out, o, 0);
    mg_buf_add(&b, def, (size_t)(from - def));
    mg_buf_puts(&b, to);
    rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0 ? MG_ENOMEM : 0;
    mg_buf_release(&b);
    return rc;
}

/* The tie alone (MG_OBJECT_TIE): ALTER SEQUENCE ... OWNED BY as o's
 * definition has it (tie), or OWNED BY NONE (untie); nothing when the
 * definition has no OWNED BY. */
static int
sequence_tie(mg_strlist *out, const mg_object *o, int tie)
{
    const char *def = o->definition ? o->definition : "", *from, *to;
    mg_buf b = MG_BUF_INIT;
    int rc;

    if (o->kind != MG_OBJ_SEQUENCE || !owned_by(def, &from, &to))
        return 0;
    mg_buf_puts(&b, "ALTER SEQUENCE ");
    object_name(&b, o);
    if (tie)
        mg_buf_add(&b, from, (size_t)(to - from));
    else
        mg_buf_puts(&b, " OWNED BY NONE");
    rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0 ? MG_ENOMEM : 0;
    mg_buf_release(&b);
    return rc;
}

/* "DROP <KIND> name" in b made "DROP <KIND> IF EXISTS name". */
static void
if_exists(mg_buf *b, const mg_object *o)
{
    size_t at = 5 + strlen(mg_object_kind_sql(o->kind)) + 1;

    if (b->len > at && mg_buf_puts(b, "IF EXISTS ") == 0) {
        memmove(b->ptr + at + 10, b->ptr + at, b->len - 10 - at);
        memcpy(b->ptr + at, "IF EXISTS ", 10);
    }
}

static int
replace_object(mg_strlist *out, const mg_op *op)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    switch (op->new_object->kind) {
    case MG_OBJ_ENUM:
        return replace_enum(out, op);
    case MG_OBJ_DOMAIN:
        return recreate_type(out, op);
    case MG_OBJ_SEQUENCE:
        return alter_sequence(out, op->new_object);
    case MG_OBJ_FUNCTION:
    case MG_OBJ_PROCEDURE:
        return create_object(out, op->new_object, 1);
    case MG_OBJ_COMMENT:
    case MG_OBJ_SCHEMA:
        return op->new_object->kind == MG_OBJ_SCHEMA
               ? 0 : create_object(out, op->new_object, 0);
    default:                        /* views, triggers: drop and create */
        drop_object(&b, op->old_object);
        if (op->old_object->kind == MG_OBJ_VIEW ||
            op->old_object->kind == MG_OBJ_MATVIEW)   /* a type's change */
            if_exists(&b, op->old_object);           /* may have dropped */
        rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0
             ? MG_ENOMEM : create_object(out, op->new_object, 0);
        mg_buf_release(&b);
        return rc;
    }
}

int
mg_pg__render_object_op(mg_strlist *out, const mg_op *op, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    if ((op->kind != MG_OP_DROP_OBJECT && !op->new_object) ||
        (op->kind != MG_OP_CREATE_OBJECT && !op->old_object))
        return mg_error_set(err, MG_EUSAGE, "incomplete operation (kind %d)",
                            (int)op->kind);
    if (op->object_part == MG_OBJECT_TIE && op->kind != MG_OP_REPLACE_OBJECT)
        rc = op->kind == MG_OP_CREATE_OBJECT
             ? sequence_tie(out, op->new_object, 1)
             : sequence_tie(out, op->old_object, 0);
    else if (op->kind == MG_OP_CREATE_OBJECT)
        rc = op->object_part == MG_OBJECT_UNTIED
             ? create_untied(out, op->new_object)
             : create_object(out, op->new_object, 0);
    else if (op->kind == MG_OP_REPLACE_OBJECT)
        rc = replace_object(out, op);
    else {
        drop_object(&b, op->old_object);
        rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0 ? MG_ENOMEM
                                                              : 0;
    }
    mg_buf_release(&b);
    return rc < 0 ? mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
}

