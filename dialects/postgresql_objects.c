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
 * names the server gave unnamed CHECKs). The server's form of a model's
 * objects is postgresql_form.c's, read back by the same query
 * (mg_pg__objects_query and the row helpers below). */
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
#define OTHER_NS MG_PG__OTHER_NS
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

const char *
mg_pg__val(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

mg_object_kind
mg_pg__object_kind_of(char code)
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
int
mg_pg__object_left_out(const PGresult *r, int i,
                       const mg_strlist *ignore)
{
    const char *k = PQgetvalue(r, i, OB_KIND), *x = mg_pg__val(r, i, OB_X);

    if (*k == 'S')
        return x && mg_pg__val(r, i, OB_Y) && mg_pg__val(r, i, OB_Z) &&
               strstr(PQgetvalue(r, i, OB_DEF), " OWNED BY ") &&
               mg_pg__is_serial_default(x, mg_pg__val(r, i, OB_Y),
                                        mg_pg__val(r, i, OB_Z));
    return (*k == 't' || *k == 'c') && x && ignore &&
           mg_dialect__ignored(ignore, x);
}

/* Row i as an object of md, its key set. */
int
mg_pg__add_object_row(mg_metadata *md, const PGresult *r, int i)
{
    mg_buf def = MG_BUF_INIT, key = MG_BUF_INIT;
    mg_object *o = NULL;
    const char *k = PQgetvalue(r, i, OB_KIND);
    const char *schema = mg_pg__val(r, i, OB_SCHEMA);
    mg_object_kind kind = mg_pg__object_kind_of(*k);
    int rc;

    /* an object of another schema keeps its qualification */
    unqualified(&def, PQgetvalue(r, i, OB_DEF),
                schema ? NULL : mg_pg__val(r, i, OB_QUAL));
    /* routines by their argument types too: overloads are objects each */
    rc = def.oom ? MG_ENOMEM
         : strchr("fp", *k)
         ? mg_metadata_add_routine(md, kind, schema,
                                   PQgetvalue(r, i, OB_NAME),
                                   mg_pg__val(r, i, OB_SIG),
                                   mg_buf_cstr(&def), &o, NULL)
         : mg_metadata_add_object(md, kind, schema,
                                  PQgetvalue(r, i, OB_NAME),
                                  mg_pg__val(r, i, OB_TABLE),
                                  mg_buf_cstr(&def), &o, NULL);
    if (rc == 0 && o) {
        if (strchr("vmfpi", *k))
            rc = add_depends(o, mg_pg__val(r, i, OB_X));
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
PGresult *
mg_pg__objects_query(PGconn *pg, const char *schema, mg_error *err)
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
    PGresult *r = mg_pg__objects_query(conn, NULL, err);
    int i, rc = 0;

    if (!r)
        return MG_EDB;
    for (i = 0; i < PQntuples(r) && rc == 0; i++)
        if (!mg_pg__object_left_out(r, i, ignore))
            rc = mg_pg__add_object_row(md, r, i);
    PQclear(r);
    return rc < 0 ? mg_error_set(err, rc, "out of memory") : 0;
}
