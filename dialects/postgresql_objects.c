/* postgresql_objects.c - the PostgreSQL dialect's schema objects beyond
 * tables (mg_object.h): their reflection, the key they are compared by,
 * and the server's own form of a model's objects (their DDL:
 * postgresql_objects_ddl.c).
 *
 * Reflection is ONE catalog query (a UNION ALL, a branch per kind),
 * whatever the schema's size. Every object gets an executable CREATE
 * statement as its definition: a view's or materialized view's is built
 * around pg_get_viewdef, a function's or procedure's is
 * pg_get_functiondef, a trigger's pg_get_triggerdef, an index's (of a
 * materialized view: a table's belong to the table) pg_get_indexdef
 * (those three without the qualification by the connection's schema), an enum's, a domain's and a
 * sequence's are spelt from the catalog (labels in order; base type,
 * collation, default, NOT NULL, CHECKs; every sequence parameter and its
 * OWNED BY), a comment's is COMMENT ON ... IS '...'. Objects are read from
 * the current schema (schema NULL) and from every other schema that is
 * neither public nor a system one nor an extension's (schema set; each of
 * those schemas is itself a CREATE SCHEMA object). Left out, as the
 * columns keep them: the sequence of a serial column and of an identity;
 * left out as not managed: aggregates, rules, objects of extensions, and
 * triggers and comments of tables that are not managed or ignored.
 *
 * The key of every reflected object is its definition normalised
 * (mg_object_key's rule; an enum's: its labels; a domain's without the
 * names the server gave unnamed CHECKs). server_form gives the
 * models' objects the key the server would give them: in one transaction
 * rolled back, a scratch schema alone on the search path, the model's
 * tables (without foreign keys) and objects created there (an object of
 * another schema in that schema, made anew after the database's own is
 * renamed away), all sent as one text under one savepoint (objects that
 * come before tables, tables, the other objects, OWNED BY ties: a fixed
 * number of statements whatever the model's size); when one of them
 * fails, that is rolled back and each is made under a savepoint of its
 * own (what fails is retried after the rest, so the order the model
 * writes them in does not matter); read back by the same query; a
 * routine also takes the catalog's signature (its argument types, what
 * DROP names: one query for all routines of the batch). */
#include "mg_compare.h"
#include "mg_dialect.h"
#include "common_int.h"
#include "postgresql_int.h"

#include "pq_api_int.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- the catalog query -------------------------------------------------- */

/* $1: the one schema to read (server_form's scratch schema), or NULL for
 * the current schema and the other managed ones. */
#define OTHER_NS \
    "(n.nspname <> 'public' AND n.nspname <> 'information_schema' " \
    "AND n.nspname !~ '^pg_' AND NOT EXISTS (SELECT 1 " \
    "FROM pg_catalog.pg_depend e WHERE e.classid = " \
    "'pg_catalog.pg_namespace'::pg_catalog.regclass " \
    "AND e.objid = n.oid AND e.deptype = 'e'))"
#define OWN_NS "COALESCE($1::text, pg_catalog.current_schema()::text)"
#define IN_NS(col) "JOIN pg_catalog.pg_namespace n ON n.oid = " col " " \
    "WHERE (n.nspname = " OWN_NS " OR ($1::text IS NULL AND " \
    OTHER_NS ")) "
#define IN_OWN_NS(col) "JOIN pg_catalog.pg_namespace n ON n.oid = " col \
    " WHERE n.nspname = " OWN_NS " "
#define SCHEMA_OF "NULLIF(n.nspname::text, " OWN_NS ")"
#define QUAL "CASE WHEN n.nspname = " OWN_NS " THEN '' " \
    "ELSE pg_catalog.quote_ident(n.nspname) || '.' END"
#define NOT_EXT(catalog, oid, types) "AND NOT EXISTS (SELECT 1 " \
    "FROM pg_catalog.pg_depend d WHERE d.classid = " \
    "'pg_catalog." catalog "'::pg_catalog.regclass AND d.objid = " oid " " \
    "AND d.deptype IN (" types ")) "
/* A table managed as a table (postgresql_reflect.c's IN_SCHEMA) or a
 * view: what triggers and comments may be on. */
#define MANAGED_REL \
    "(c.relkind IN ('v', 'm') OR (c.relkind = 'r' " \
    "AND NOT c.relispartition AND NOT EXISTS (SELECT 1 " \
    "FROM pg_catalog.pg_inherits h WHERE h.inhrelid = c.oid))) "
#define NULLS3 "NULL::text, NULL::text, NULL::text"

enum { OB_KIND, OB_SCHEMA, OB_NAME, OB_TABLE, OB_SIG, OB_DEF, OB_X, OB_Y,
       OB_Z, OB_QUAL };

static const char objects_sql[] =
    "SELECT k, s, o, t, g, d, x, y, z, q FROM ("
    /* schemas */
    "SELECT 0, 's', NULL::text, n.nspname::text, NULL::text, NULL::text, "
    "'CREATE SCHEMA ' || pg_catalog.quote_ident(n.nspname), " NULLS3 ", "
    "NULL::text FROM pg_catalog.pg_namespace n WHERE $1::text IS NULL "
    "AND n.nspname <> pg_catalog.current_schema() AND " OTHER_NS
    /* enums */
    "UNION ALL SELECT 1, 'e', " SCHEMA_OF ", y.typname::text, NULL, NULL, "
    "'CREATE TYPE ' || " QUAL " || pg_catalog.quote_ident(y.typname) || "
    "' AS ENUM (' || COALESCE((SELECT pg_catalog.string_agg("
    "pg_catalog.quote_literal(e.enumlabel::text), ', ' "
    "ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e "
    "WHERE e.enumtypid = y.oid), '') || ')', " NULLS3 ", NULL "
    "FROM pg_catalog.pg_type y " IN_NS("y.typnamespace")
    "AND y.typtype = 'e' " NOT_EXT("pg_type", "y.oid", "'e'")
    /* domains */
    "UNION ALL SELECT 2, 'd', " SCHEMA_OF ", y.typname::text, NULL, NULL, "
    "'CREATE DOMAIN ' || " QUAL " || pg_catalog.quote_ident(y.typname) || "
    "' AS ' || pg_catalog.format_type(y.typbasetype, y.typtypmod) || "
    "CASE WHEN y.typcollation <> 0 AND y.typcollation <> (SELECT "
    "b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = y.typbasetype) "
    "THEN ' COLLATE ' || (SELECT pg_catalog.quote_ident(l.collname) "
    "FROM pg_catalog.pg_collation l WHERE l.oid = y.typcollation) "
    "ELSE '' END || COALESCE(' DEFAULT ' || y.typdefault, '') || "
    "CASE WHEN y.typnotnull THEN ' NOT NULL' ELSE '' END || "
    "COALESCE((SELECT pg_catalog.string_agg(' CONSTRAINT ' || "
    "pg_catalog.quote_ident(k.conname) || ' ' || "
    "pg_catalog.pg_get_constraintdef(k.oid, true), '' ORDER BY k.conname) "
    "FROM pg_catalog.pg_constraint k WHERE k.contypid = y.oid "
    "AND k.contype = 'c'), ''), " NULLS3 ", NULL "
    "FROM pg_catalog.pg_type y " IN_NS("y.typnamespace")
    "AND y.typtype = 'd' " NOT_EXT("pg_type", "y.oid", "'e'")
    /* sequences, with the column whose default may make them a serial's */
    "UNION ALL SELECT 3, 'S', " SCHEMA_OF ", c.relname::text, NULL, NULL, "
    "'CREATE SEQUENCE ' || " QUAL " || pg_catalog.quote_ident(c.relname) || "
    "' AS ' || pg_catalog.format_type(q.seqtypid, NULL) || "
    "' INCREMENT BY ' || q.seqincrement || ' MINVALUE ' || q.seqmin || "
    "' MAXVALUE ' || q.seqmax || ' START WITH ' || q.seqstart || "
    "' CACHE ' || q.seqcache || "
    "CASE WHEN q.seqcycle THEN ' CYCLE' ELSE '' END || COALESCE((SELECT "
    "' OWNED BY ' || pg_catalog.quote_ident(oc.relname) || '.' || "
    "pg_catalog.quote_ident(oa.attname) FROM pg_catalog.pg_depend o "
    "JOIN pg_catalog.pg_class oc ON oc.oid = o.refobjid "
    "JOIN pg_catalog.pg_attribute oa ON oa.attrelid = o.refobjid "
    "AND oa.attnum = o.refobjsubid WHERE o.classid = "
    "'pg_catalog.pg_class'::pg_catalog.regclass AND o.objid = c.oid "
    "AND o.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND o.deptype = 'a' LIMIT 1), ''), u.relname, u.attname, u.def, NULL "
    "FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_sequence q ON q.seqrelid = c.oid "
    "LEFT JOIN LATERAL (SELECT tc.relname::text AS relname, "
    "a.attname::text AS attname, "
    "pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) AS def "
    "FROM pg_catalog.pg_depend u2 "
    "JOIN pg_catalog.pg_attrdef ad ON ad.oid = u2.objid "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid "
    "AND a.attnum = ad.adnum "
    "JOIN pg_catalog.pg_class tc ON tc.oid = ad.adrelid "
    "WHERE u2.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass "
    "AND u2.refobjid = c.oid AND a.attnotnull "
    "ORDER BY c.relname = tc.relname || '_' || a.attname || '_seq' DESC, "
    "tc.relname LIMIT 1) u ON true " IN_NS("c.relnamespace")
    "AND c.relkind = 'S' " NOT_EXT("pg_class", "c.oid", "'i', 'e'")
    /* functions and procedures */
    "UNION ALL SELECT CASE p.prokind WHEN 'p' THEN 5 ELSE 4 END, "
    "CASE p.prokind WHEN 'p' THEN 'p' ELSE 'f' END, " SCHEMA_OF ", "
    "p.proname::text, NULL, pg_catalog.oidvectortypes(p.proargtypes), "
    "pg_catalog.pg_get_functiondef(p.oid), (SELECT "
    "pg_catalog.string_agg(DISTINCT tc.relname::text, pg_catalog.chr(31)) "
    "FROM pg_catalog.pg_type ty JOIN pg_catalog.pg_class tc "
    "ON tc.oid = ty.typrelid WHERE ty.oid = p.prorettype "
    "OR ty.oid = ANY (p.proargtypes::pg_catalog.oid[])), NULL, NULL, "
    "pg_catalog.quote_ident(n.nspname) || '.' "
    "FROM pg_catalog.pg_proc p " IN_NS("p.pronamespace")
    "AND p.prokind IN ('f', 'p') " NOT_EXT("pg_proc", "p.oid", "'e'")
    /* views and materialized views, with the relations they read */
    "UNION ALL SELECT CASE c.relkind WHEN 'v' THEN 6 ELSE 7 END, "
    "CASE c.relkind WHEN 'v' THEN 'v' ELSE 'm' END, " SCHEMA_OF ", "
    "c.relname::text, NULL, NULL, 'CREATE ' || CASE c.relkind "
    "WHEN 'v' THEN 'VIEW ' ELSE 'MATERIALIZED VIEW ' END || " QUAL " || "
    "pg_catalog.quote_ident(c.relname) || COALESCE(' WITH (' || "
    "pg_catalog.array_to_string(c.reloptions, ', ') || ')', '') || "
    "' AS' || E'\\n' || pg_catalog.regexp_replace("
    "pg_catalog.pg_get_viewdef(c.oid, true), ';\\s*$', '') || "
    "CASE WHEN c.relkind = 'm' AND NOT c.relispopulated "
    "THEN E'\\nWITH NO DATA' ELSE '' END, "
    "(SELECT pg_catalog.string_agg(DISTINCT dc.relname::text, "
    "pg_catalog.chr(31)) FROM pg_catalog.pg_rewrite w "
    "JOIN pg_catalog.pg_depend dd ON dd.classid = "
    "'pg_catalog.pg_rewrite'::pg_catalog.regclass AND dd.objid = w.oid "
    "AND dd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "JOIN pg_catalog.pg_class dc ON dc.oid = dd.refobjid "
    "WHERE w.ev_class = c.oid AND dc.oid <> c.oid), NULL, NULL, NULL "
    "FROM pg_catalog.pg_class c " IN_NS("c.relnamespace")
    "AND c.relkind IN ('v', 'm') " NOT_EXT("pg_class", "c.oid", "'e'")
    /* indexes of materialized views (a table's are part of the table) */
    "UNION ALL SELECT 10, 'i', " SCHEMA_OF ", ic.relname::text, "
    "c.relname::text, NULL, pg_catalog.pg_get_indexdef(i.indexrelid), "
    "c.relname::text, NULL, NULL, pg_catalog.quote_ident(n.nspname) || '.' "
    "FROM pg_catalog.pg_index i "
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
    IN_NS("c.relnamespace") "AND c.relkind = 'm' "
    NOT_EXT("pg_class", "c.oid", "'e'")
    /* triggers of managed tables and views */
    "UNION ALL SELECT 8, 't', " SCHEMA_OF ", g.tgname::text, "
    "c.relname::text, NULL, pg_catalog.pg_get_triggerdef(g.oid, true), "
    "c.relname::text, NULL, NULL, pg_catalog.quote_ident(n.nspname) || '.' "
    "FROM pg_catalog.pg_trigger g "
    "JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
    IN_OWN_NS("c.relnamespace") "AND NOT g.tgisinternal AND " MANAGED_REL
    /* comments: on tables, views, columns */
    "UNION ALL SELECT 9, 'c', NULL, CASE WHEN ds.objsubid = 0 THEN "
    "CASE c.relkind WHEN 'v' THEN 'VIEW ' WHEN 'm' THEN "
    "'MATERIALIZED VIEW ' ELSE 'TABLE ' END || c.relname "
    "ELSE 'COLUMN ' || c.relname || '.' || a.attname END, "
    "CASE WHEN ds.objsubid <> 0 THEN c.relname::text END, NULL, "
    "'COMMENT ON ' || CASE WHEN ds.objsubid <> 0 THEN 'COLUMN ' "
    "WHEN c.relkind = 'v' THEN 'VIEW ' WHEN c.relkind = 'm' THEN "
    "'MATERIALIZED VIEW ' ELSE 'TABLE ' END || "
    "pg_catalog.quote_ident(c.relname) || COALESCE('.' || "
    "pg_catalog.quote_ident(a.attname), '') || ' IS ' || "
    "pg_catalog.quote_literal(ds.description), c.relname::text, NULL, "
    "NULL, NULL FROM pg_catalog.pg_description ds "
    "JOIN pg_catalog.pg_class c ON ds.classoid = "
    "'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objoid = c.oid "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
    "AND a.attnum = ds.objsubid AND ds.objsubid > 0 "
    IN_OWN_NS("c.relnamespace") "AND " MANAGED_REL
    /* comments: on enums, domains, routines, triggers */
    "UNION ALL SELECT 9, 'c', NULL, CASE WHEN y.typtype = 'e' "
    "THEN 'TYPE ' ELSE 'DOMAIN ' END || y.typname, NULL, NULL, "
    "'COMMENT ON ' || CASE WHEN y.typtype = 'e' THEN 'TYPE ' "
    "ELSE 'DOMAIN ' END || pg_catalog.quote_ident(y.typname) || ' IS ' || "
    "pg_catalog.quote_literal(ds.description), " NULLS3 ", NULL "
    "FROM pg_catalog.pg_description ds JOIN pg_catalog.pg_type y "
    "ON ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass "
    "AND ds.objoid = y.oid " IN_OWN_NS("y.typnamespace")
    "AND y.typtype IN ('e', 'd') "
    "UNION ALL SELECT 9, 'c', NULL, CASE p.prokind WHEN 'p' THEN "
    "'PROCEDURE ' ELSE 'FUNCTION ' END || p.proname || '(' || "
    "pg_catalog.oidvectortypes(p.proargtypes) || ')', NULL, NULL, "
    "'COMMENT ON ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' "
    "ELSE 'FUNCTION ' END || pg_catalog.quote_ident(p.proname) || '(' || "
    "pg_catalog.oidvectortypes(p.proargtypes) || ') IS ' || "
    "pg_catalog.quote_literal(ds.description), " NULLS3 ", NULL "
    "FROM pg_catalog.pg_description ds JOIN pg_catalog.pg_proc p "
    "ON ds.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
    "AND ds.objoid = p.oid " IN_OWN_NS("p.pronamespace")
    "AND p.prokind IN ('f', 'p') "
    "UNION ALL SELECT 9, 'c', NULL, 'TRIGGER ' || g.tgname || ' ON ' || "
    "c.relname, NULL, NULL, 'COMMENT ON TRIGGER ' || "
    "pg_catalog.quote_ident(g.tgname) || ' ON ' || "
    "pg_catalog.quote_ident(c.relname) || ' IS ' || "
    "pg_catalog.quote_literal(ds.description), c.relname::text, NULL, "
    "NULL, NULL FROM pg_catalog.pg_description ds "
    "JOIN pg_catalog.pg_trigger g ON ds.classoid = "
    "'pg_catalog.pg_trigger'::pg_catalog.regclass AND ds.objoid = g.oid "
    "JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
    IN_OWN_NS("c.relnamespace") "AND NOT g.tgisinternal AND " MANAGED_REL
    /* comments: on schemas (not public's own, which every database has) */
    "UNION ALL SELECT 9, 'c', NULL, 'SCHEMA ' || n.nspname, NULL, NULL, "
    "'COMMENT ON SCHEMA ' || pg_catalog.quote_ident(n.nspname) || ' IS ' "
    "|| pg_catalog.quote_literal(ds.description), " NULLS3 ", NULL "
    "FROM pg_catalog.pg_description ds JOIN pg_catalog.pg_namespace n "
    "ON ds.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass "
    "AND ds.objoid = n.oid WHERE $1::text IS NULL "
    "AND (n.nspname = pg_catalog.current_schema() OR " OTHER_NS
    "OR n.nspname = 'public') AND NOT (n.nspname = 'public' "
    "AND ds.description = 'standard public schema') "
    ") x(r, k, s, o, t, g, d, x, y, z, q) "
    "ORDER BY r, s COLLATE \"C\" NULLS FIRST, o COLLATE \"C\", "
    "t COLLATE \"C\" NULLS FIRST, g COLLATE \"C\" NULLS FIRST";

/* ---- keys --------------------------------------------------------------- */

/* 1 when the word w (letters) starts at s, case-insensitively, with no
 * identifier character right after it. */
int
mg_pg__word_at(const char *s, const char *w)
{
    size_t n = strlen(w);

    return strncasecmp(s, w, n) == 0 && !mg_pg__word_char(s[n]);
}

/* The end of the literal at s: 'x', E'x' (backslash escapes) or a
 * quoted identifier; s itself when none starts there. */
const char *
mg_pg__skip_quoted(const char *s)
{
    if (*s == '"')
        return mg_pg__skip_qident(s);
    if ((*s == 'E' || *s == 'e') && s[1] == '\'') {
        for (s += 2; *s; s++)
            if (*s == '\\' && s[1])
                s++;
            else if (*s == '\'' && s[1] == '\'')
                s++;
            else if (*s == '\'')
                return s + 1;
        return s;
    }
    if (*s == '\'')
        return mg_pg__skip_string(s);
    return s;
}

/* The top-level word w in s (outside literals and quoted names, at a
 * word boundary), or NULL. */
const char *
mg_pg__find_word(const char *s, const char *w)
{
    const char *p = s, *q;

    while (*p) {
        if ((q = mg_pg__skip_quoted(p)) != p) {
            p = q;
            continue;
        }
        if ((p == s || !mg_pg__word_char(p[-1])) && mg_pg__word_at(p, w))
            return p;
        p++;
    }
    return NULL;
}

/* The value of the literal [s, end) into b ('' and \' undone). */
static void
literal_value(mg_buf *b, const char *s, const char *end)
{
    int esc = (*s == 'E' || *s == 'e');

    for (s += esc ? 2 : 1; s < end - 1; s++) {
        if (esc && *s == '\\' && s + 1 < end - 1)
            s++;
        else if (*s == '\'' && s[1] == '\'')
            s++;
        mg_buf_putc(b, *s);
    }
}

/* The labels of an enum definition (CREATE TYPE x AS ENUM ('a', ...))
 * into out, in order. Errors: MG_ENOMEM. */
int
mg_pg__enum_labels(mg_strlist *out, const char *def)
{
    const char *p = def ? mg_pg__find_word(def, "ENUM") : NULL;
    int rc = 0;

    if (!p || !(p = strchr(p, '(')))
        return 0;
    for (p++; *p && *p != ')' && rc == 0;) {
        const char *end = mg_pg__skip_quoted(p);
        if (end != p && *p != '"') {
            mg_buf b = MG_BUF_INIT;
            literal_value(&b, p, end);
            rc = b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0
                 ? MG_ENOMEM : 0;
            mg_buf_release(&b);
            p = end;
        } else {
            p++;
        }
    }
    return rc;
}

/* key (a domain's, normalised) into out without the names the server
 * gives unnamed CHECKs, "constraint <domain>_check[N] ": which one a
 * CHECK gets depends on the names taken when it was made. */
static void
unnamed_checks(mg_buf *out, const char *key, const char *domain)
{
    const char *p = key, *hit;
    size_t n = strlen(domain);

    while ((hit = strstr(p, "constraint "))) {
        const char *w = hit + 11, *e;
        mg_buf_add(out, p, (size_t)(hit - p));
        p = hit;
        if (strncasecmp(w, domain, n) == 0 && strncmp(w + n, "_check", 6) == 0) {
            for (e = w + n + 6; *e >= '0' && *e <= '9'; e++)
                ;
            if (*e == ' ') {
                p = e + 1;
                continue;
            }
        }
        mg_buf_add(out, p, 11);
        p += 11;
    }
    mg_buf_puts(out, p);
}

/* What o is compared by when no key is set: an enum's labels in order,
 * a domain's definition normalised less its CHECKs' server-given names,
 * anything else its definition normalised (mg_object_key). */
void
mg_pg__object_key(mg_buf *out, const mg_object *o)
{
    mg_object plain = *o;
    mg_buf k = MG_BUF_INIT;

    if (o->kind == MG_OBJ_ENUM) {
        mg_strlist l = MG_STRLIST_INIT;
        size_t i;

        if (mg_pg__enum_labels(&l, o->definition) < 0)
            out->oom = 1;
        mg_buf_puts(out, "enum");
        for (i = 0; i < l.n; i++) {
            mg_buf_puts(out, i ? ", " : " ");
            mg_dialect_ansi_quote_literal(out, l.v[i]);
        }
        mg_strlist_release(&l);
        return;
    }
    plain.key = NULL;
    if (o->kind != MG_OBJ_DOMAIN) {
        mg_object_key(out, &plain);
        return;
    }
    mg_object_key(&k, &plain);
    unnamed_checks(out, mg_buf_cstr(&k), o->name);
    mg_buf_release(&k);
}

/* ---- reflection --------------------------------------------------------- */

static const char *
val(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static mg_object_kind
kind_of(char code)
{
    switch (code) {
    case 's': return MG_OBJ_SCHEMA;
    case 'e': return MG_OBJ_ENUM;
    case 'd': return MG_OBJ_DOMAIN;
    case 'S': return MG_OBJ_SEQUENCE;
    case 'f': return MG_OBJ_FUNCTION;
    case 'p': return MG_OBJ_PROCEDURE;
    case 'v': return MG_OBJ_VIEW;
    case 'm': return MG_OBJ_MATVIEW;
    case 't': return MG_OBJ_TRIGGER;
    case 'i': return MG_OBJ_INDEX;
    default:  return MG_OBJ_COMMENT;
    }
}

/* def without the qualification by its own schema the catalog's
 * deparser writes after "FUNCTION ", "PROCEDURE " (pg_get_functiondef)
 * or " ON " (pg_get_triggerdef, pg_get_indexdef), once, into b; trailing
 * white space dropped. */
static void
unqualified(mg_buf *b, const char *def, const char *qual)
{
    static const char *const marks[] = { "FUNCTION ", "PROCEDURE ", " ON " };
    const char *hit = NULL, *p;
    size_t i, n = strlen(def);

    for (i = 0; qual && i < sizeof(marks) / sizeof(marks[0]) && !hit; i++)
        if ((p = strstr(def, marks[i])) &&
            strncmp(p + strlen(marks[i]), qual, strlen(qual)) == 0)
            hit = p + strlen(marks[i]);
    while (n && isspace((unsigned char)def[n - 1]))
        n--;
    if (!hit || (size_t)(hit - def) > n) {
        mg_buf_add(b, def, n);
        return;
    }
    mg_buf_add(b, def, (size_t)(hit - def));
    mg_buf_add(b, hit + strlen(qual), n - (size_t)(hit - def) -
               strlen(qual));
}

/* The depends of a view (the relations it reads), a routine (the
 * tables whose row type it takes or returns) or an index (its
 * materialized view): names separated by \x1f. */
static int
add_depends(mg_object *o, const char *list)
{
    const char *p = list, *e;

    while (p && *p) {
        e = strchr(p, '\x1f');
        if (mg_strlist_addn(&o->depends, p, e ? (size_t)(e - p)
                                                : strlen(p)) < 0)
            return MG_ENOMEM;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

/* 1 when row i is to be left out: the sequence of a serial column (part
 * of the column: named as SERIAL names it and OWNED BY a column, as
 * reflect_auto reads it), a trigger or comment of an ignored table. */
static int
left_out(const PGresult *r, int i, const mg_strlist *ignore)
{
    const char *k = PQgetvalue(r, i, OB_KIND), *x = val(r, i, OB_X);

    if (*k == 'S')
        return x && val(r, i, OB_Y) && val(r, i, OB_Z) &&
               strstr(PQgetvalue(r, i, OB_DEF), " OWNED BY ") &&
               mg_pg__is_serial_default(x, val(r, i, OB_Y),
                                        val(r, i, OB_Z));
    return (*k == 't' || *k == 'c') && x && ignore &&
           mg_dialect__ignored(ignore, x);
}

/* Row i as an object of md, its key set. */
static int
add_object(mg_metadata *md, const PGresult *r, int i)
{
    mg_buf def = MG_BUF_INIT, key = MG_BUF_INIT;
    mg_object *o = NULL;
    const char *k = PQgetvalue(r, i, OB_KIND);
    int rc;

    /* an object of another schema keeps its qualification */
    unqualified(&def, PQgetvalue(r, i, OB_DEF),
                val(r, i, OB_SCHEMA) ? NULL : val(r, i, OB_QUAL));
    /* routines by their argument types too: overloads are objects each */
    rc = def.oom ? MG_ENOMEM
         : strchr("fp", *k)
         ? mg_metadata_add_routine(md, kind_of(*k), val(r, i, OB_SCHEMA),
                                   PQgetvalue(r, i, OB_NAME),
                                   val(r, i, OB_SIG), mg_buf_cstr(&def),
                                   &o, NULL)
         : mg_metadata_add_object(md, kind_of(*k), val(r, i, OB_SCHEMA),
                                  PQgetvalue(r, i, OB_NAME),
                                  val(r, i, OB_TABLE), mg_buf_cstr(&def),
                                  &o, NULL);
    if (rc == 0 && o) {
        if (strchr("vmfpi", *k))
            rc = add_depends(o, val(r, i, OB_X));
        if (rc == 0 && o->kind == MG_OBJ_ENUM)
            rc = mg_pg__enum_labels(&o->values, o->definition);
        mg_pg__object_key(&key, o);
        if (rc == 0)
            rc = key.oom ? MG_ENOMEM : mg_object_set_key(o, mg_buf_cstr(&key));
    }
    mg_buf_release(&def);
    mg_buf_release(&key);
    return rc < 0 ? MG_ENOMEM : 0;
}

/* Run objects_sql for schema (NULL: the current one and the other
 * managed ones). */
static PGresult *
objects_query(PGconn *pg, const char *schema, mg_error *err)
{
    const char *params[1] = { schema };
    PGresult *r = PQexecParams(pg, objects_sql, 1, NULL, params, NULL,
                               NULL, 0);

    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        return r;
    mg_error_set(err, MG_EDB, "cannot read the schema objects: %s",
                 PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                 ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                 : PQerrorMessage(pg));
    PQclear(r);
    return NULL;
}

int
mg_pg__inspect_objects(void *conn, mg_metadata *md,
                       const mg_strlist *ignore, mg_error *err)
{
    PGresult *r = objects_query(conn, NULL, err);
    int i, rc = 0;

    if (!r)
        return MG_EDB;
    for (i = 0; i < PQntuples(r) && rc == 0; i++)
        if (!left_out(r, i, ignore))
            rc = add_object(md, r, i);
    PQclear(r);
    return rc < 0 ? mg_error_set(err, rc, "out of memory") : 0;
}

/* ---- the server's form of a model's objects ----------------------------- */

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

/* The statements creating table t without its foreign keys. */
static int
table_statements(mg_strlist *out, const mg_table *t)
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
    rc = mg_pg__render_op(out, &op, NULL);
    free(fks);
    return rc;
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
                rc = table_statements(&items[no + i].stmts,
                                      mg_metadata_table_at(md, i));
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
    mg_object_kind kind = kind_of(*PQgetvalue(r, i, OB_KIND));
    const char *name = PQgetvalue(r, i, OB_NAME), *t = val(r, i, OB_TABLE);
    const char *sig = val(r, i, OB_SIG);
    mg_object *loose = NULL;
    size_t j;

    for (j = 0; j < mg_metadata_object_count(md); j++) {
        mg_object *o = mg_metadata_object_at_mut(md, j);

        if (o->kind != kind || !formed(o) ||
            !same_schema(o->schema, val(r, i, OB_SCHEMA)) ||
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
    PGresult *r = objects_query(pg, NULL, err);
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

        if (!m || left_out(r, i, NULL) || (rc = add_object(tmp, r, i)) < 0 ||
            mg_metadata_object_count(tmp) == had)
            continue;
        rc = mg_object_set_key(m, mg_metadata_object_at(tmp, had)->key);
        /* a routine is dropped by its argument types, as the catalog
         * spells them */
        if (rc == 0 && val(r, i, OB_SIG))
            rc = mg_object_set_signature(m, val(r, i, OB_SIG));
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

int
mg_pg__server_form(void *conn, mg_metadata *md, mg_error *err)
{
    PGconn *pg = conn;
    int own = PQtransactionStatus(pg) == PQTRANS_IDLE, rc;
    char schema[64];
    size_t i, n = 0;

    for (i = 0; i < mg_metadata_object_count(md); i++)
        n += formed(mg_metadata_object_at(md, i));
    if (!n)
        return 0;
    snprintf(schema, sizeof(schema), "migrate_form_%ld", (long)getpid());
    if (run(pg, own ? "BEGIN" : "SAVEPOINT migrate_form", err) < 0)
        return MG_EDB;
    rc = form_in(pg, md, schema, err);
    if (run(pg, own ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT migrate_form",
            rc < 0 ? NULL : err) < 0 && rc == 0)
        rc = MG_EDB;
    if (!own && run(pg, "RELEASE SAVEPOINT migrate_form", NULL) < 0 &&
        rc == 0)
        rc = mg_error_set(err, MG_EDB, "%s", PQerrorMessage(pg));
    return rc;
}
