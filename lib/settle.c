/* settle.c - the server decides what text cannot. A database stores a
 * default, a generated column's expression or a CHECK in its own
 * spelling: PostgreSQL writes "a * b" over an integer and a numeric as
 * "a::numeric * b", and "b BETWEEN 1 AND 10" as "b >= 1 AND b <= 10".
 * Text normalisation (normalize.c, the dialect's normalize_default)
 * cannot know every such rewrite, so before two schemas are compared the
 * expressions of the models whose text still differs from the other
 * side's are shown to the server itself: the tables holding them are
 * made where nothing stays (the dialect's catalog.server_tables, a
 * transaction rolled back) and read back as reflection reads them. Where
 * the server's form of a model's expression equals the other side's, the
 * model takes the other side's text, so compare finds no difference; any
 * other stays as written, and compare reports it as before.
 *
 * Only the tables with such an expression are sent, so a schema whose
 * expressions agree in text costs no connection and no query, and one
 * that does not costs the dialect's fixed number (one batch and one
 * reflection) whatever its size. Unnamed CHECKs are named
 * migrate_settle_<i> in the copy sent, to find them again. */
#include "compare_int.h"
#include "engine_int.h"
#include "metadata_int.h"
#include "settle_int.h"
#include "mg_source.h"
#include "mg_dialect_resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The name of the i-th constraint of a table sent to the server. */
static void
probe_name(char *buf, size_t n, size_t i)
{
    snprintf(buf, n, "migrate_settle_%zu", i);
}

/* The CHECK of t named name, NULL when none. */
static const mg_constraint *
check_named(const mg_table *t, const char *name)
{
    const mg_constraint *k = mg_table_constraint(t, name);

    return k && k->kind == MG_CONSTRAINT_CHECK ? k : NULL;
}

/* 1 when some CHECK of t has expression expr, as compare sees it. */
static int
has_check(const mg_cmp *c, const mg_table *t, const char *expr)
{
    size_t i;

    for (i = 0; i < t->nconstraints; i++)
        if (t->constraints[i]->kind == MG_CONSTRAINT_CHECK &&
            mg_compare__checks_equal(c, t->constraints[i]->expression,
                                     expr))
            return 1;
    return 0;
}

/* 1 when CHECK k of the models' table has no equal in the other side's
 * table o: by name when o has one of that name, else by expression (and
 * o has a CHECK it could be). */
static int
check_differs(const mg_cmp *c, const mg_table *o, const mg_constraint *k)
{
    const mg_constraint *h = check_named(o, k->name);
    size_t i;

    if (h)
        return !mg_compare__checks_equal(c, h->expression, k->expression);
    if (has_check(c, o, k->expression))
        return 0;
    for (i = 0; i < o->nconstraints; i++)
        if (o->constraints[i]->kind == MG_CONSTRAINT_CHECK)
            return 1;
    return 0;
}

/* 1 when column m of the models has a default or generation that
 * differs from its namesake's in o. */
static int
column_differs(const mg_cmp *c, const mg_table *o, const mg_column *m)
{
    const mg_column *h = mg_table_column(o, m->name);

    if (!h)
        return 0;
    if (m->generated && h->generated)
        return !mg_compare__generation_equal(c, h, m);
    return !m->generated && !h->generated && m->server_default &&
           h->server_default && !mg_compare__defaults_equal(c, h, m);
}

/* 1 when index x of the models' table m differs from its namesake in
 * o (an index matched by name; one without a namesake is compared by
 * definition only, which the server's words would not change). */
static int
index_differs(const mg_table *o, const mg_table *m, const mg_index *x)
{
    const mg_index *h = mg_table_index(o, x->name);

    return h && !mg_compare__index_definition_equal(o, h, m, x);
}

/* 1 when table m of the models holds an expression that differs in text
 * from table o's. */
static int
table_differs(const mg_cmp *c, const mg_table *o, const mg_table *m)
{
    size_t i;

    for (i = 0; i < m->nindexes; i++)
        if (index_differs(o, m, m->indexes[i]))
            return 1;

    for (i = 0; i < m->ncolumns; i++)
        if (column_differs(c, o, m->columns[i]))
            return 1;
    for (i = 0; i < m->nconstraints; i++)
        if (m->constraints[i]->kind == MG_CONSTRAINT_CHECK &&
            check_differs(c, o, m->constraints[i]))
            return 1;
    return 0;
}

/* Copy of m onto probe, its CHECKs renamed probe_name(i). */
static int
add_probe_table(mg_metadata *probe, const mg_table *m, mg_error *err)
{
    mg_table *t;
    char name[48];
    size_t i;
    int rc;

    if ((rc = mg_metadata__copy_table(probe, m, err)) < 0)
        return rc;
    t = (mg_table *)mg_metadata_table(probe, m->name);
    for (i = 0; i < t->nconstraints; i++) {
        mg_constraint *k = t->constraints[i];
        char *s;

        if (k->kind != MG_CONSTRAINT_CHECK)
            continue;
        probe_name(name, sizeof(name), i);
        if (!(s = strdup(name)))
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        free(k->name);
        k->name = s;
        k->named = 1;
    }
    return 0;
}

/* *slot (a malloc'd expression text) replaced by a copy of text. */
static int
take_text(char **slot, const char *text)
{
    char *s = strdup(text);

    if (!s)
        return MG_ENOMEM;
    free(*slot);
    *slot = s;
    return 0;
}

/* Column m takes its namesake's default or generation in o when the
 * server's form of its own (column s, read back) equals it. */
static int
settle_column(const mg_cmp *c, const mg_table *o, const mg_table *back,
              mg_column *m)
{
    const mg_column *h = mg_table_column(o, m->name);
    const mg_column *s = mg_table_column(back, m->name);

    if (!h || !s || !column_differs(c, o, m))
        return 0;
    if (m->generated)
        return s->generated && mg_compare__generation_equal(c, h, s)
               ? take_text(&m->generated, h->generated) : 0;
    return s->server_default && mg_compare__defaults_equal(c, h, s)
           ? mg_column_set_default(m, h->server_default) : 0;
}

/* The CHECK of o that the server's form of the models' CHECK k (expr)
 * stands for: its namesake, else the first CHECK of o with that
 * expression that no CHECK of the models' table m already equals. */
static const mg_constraint *
settled_check(const mg_cmp *c, const mg_table *o, const mg_table *m,
              const mg_constraint *k, const char *expr)
{
    const mg_constraint *h = check_named(o, k->name);
    size_t i;

    if (h)
        return mg_compare__checks_equal(c, h->expression, expr) ? h : NULL;
    for (i = 0; i < o->nconstraints; i++) {
        h = o->constraints[i];
        if (h->kind == MG_CONSTRAINT_CHECK &&
            mg_compare__checks_equal(c, h->expression, expr) &&
            !has_check(c, m, h->expression))
            return h;
    }
    return NULL;
}

/* Index x of the models' table m takes its namesake's expressions and
 * predicate in o when the server's form of it (in back) has o's
 * definition. */
static int
settle_index(const mg_table *o, const mg_table *back, mg_table *m,
             mg_index *x)
{
    const mg_index *h = mg_table_index(o, x->name);
    const mg_index *s = mg_table_index(back, x->name);
    mg_strlist l = MG_STRLIST_INIT;
    size_t i;

    if (!h || !s || !index_differs(o, m, x) ||
        !mg_compare__index_definition_equal(o, h, back, s))
        return 0;
    for (i = 0; i < h->expressions.n; i++)
        if (mg_strlist_add(&l, h->expressions.v[i]) < 0) {
            mg_strlist_release(&l);
            return MG_ENOMEM;
        }
    if (mg_index_set_where(x, h->where) < 0) {
        mg_strlist_release(&l);
        return MG_ENOMEM;
    }
    mg_strlist_release(&x->expressions);
    x->expressions = l;
    return 0;
}

/* Table m of the models against o, with back the server's form of m. */
static int
settle_table(const mg_cmp *c, const mg_table *o, const mg_table *back,
             mg_table *m)
{
    char name[48];
    size_t i;
    int rc = 0;

    for (i = 0; i < m->ncolumns && rc == 0; i++)
        rc = settle_column(c, o, back, m->columns[i]);
    for (i = 0; i < m->nindexes && rc == 0; i++)
        rc = settle_index(o, back, m, m->indexes[i]);
    for (i = 0; i < m->nconstraints && rc == 0; i++) {
        mg_constraint *k = m->constraints[i];
        const mg_constraint *s, *h;

        if (k->kind != MG_CONSTRAINT_CHECK || !check_differs(c, o, k))
            continue;
        probe_name(name, sizeof(name), i);
        if ((s = check_named(back, name)) && s->expression &&
            (h = settled_check(c, o, m, k, s->expression)))
            rc = mg_constraint_set_expression(k, h->expression);
    }
    return rc;
}

/* The tables of models that differ from other's, copied onto probe. */
static int
gather(mg_metadata *probe, const mg_cmp *c, const mg_metadata *models,
       const mg_metadata *other, mg_error *err)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < mg_metadata_table_count(models) && rc == 0; i++) {
        const mg_table *m = mg_metadata_table_at(models, i);
        const mg_table *o = mg_metadata_table(other, m->name);

        if (o && table_differs(c, o, m))
            rc = add_probe_table(probe, m, err);
    }
    return rc;
}

/* Ask the server (e, else a connection to url) for its form of probe's
 * tables, into back. */
static int
ask(const mg_dialect *d, mg_engine *e, const char *url,
    const mg_metadata *probe, mg_metadata *back, mg_error *err)
{
    mg_engine *own = NULL;
    int rc;

    if (!e && (rc = mg_engine_open(&own, url, 0, err)) < 0)
        return rc;
    rc = d->catalog.server_tables(mg_engine__conn(e ? e : own), probe, back,
                                  err);
    mg_engine_free(own);
    return rc;
}

int
mg_compare__settle(mg_metadata *models, const mg_metadata *other,
                   const mg_dialect *d, mg_engine *e, const char *url,
                   mg_error *err)
{
    mg_metadata *probe = NULL, *back = NULL;
    mg_cmp c;
    size_t i;
    int rc;

    if (!d || !d->catalog.server_tables || (!e && !url) || !other)
        return 0;
    memset(&c, 0, sizeof(c));
    c.d = d;
    c.have = other;
    c.want = models;
    if ((rc = mg_metadata_new(&probe, err)) < 0 ||
        (rc = gather(probe, &c, models, other, err)) < 0 ||
        mg_metadata_table_count(probe) == 0 ||
        (rc = mg_metadata_new(&back, err)) < 0 ||
        (rc = ask(d, e, url, probe, back, err)) < 0)
        goto done;
    for (i = 0; i < mg_metadata_table_count(probe) && rc == 0; i++) {
        const char *name = mg_metadata_table_at(probe, i)->name;
        const mg_table *b = mg_metadata_table(back, name);

        if (b)
            rc = settle_table(&c, mg_metadata_table(other, name), b,
                              (mg_table *)mg_metadata_table(models, name));
    }
    if (rc < 0)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_metadata_free(probe);
    mg_metadata_free(back);
    return rc < 0 ? rc : 0;
}

int
mg_source_settle(mg_metadata *models, const mg_metadata *other,
                 const char *url, mg_error *err)
{
    const mg_dialect *d = NULL;
    int rc;

    if (!url)
        return 0;
    if ((rc = mg_dialect_resolve(&d, NULL, url, err)) < 0)
        return rc;
    return mg_compare__settle(models, other, d, NULL, url, err);
}
