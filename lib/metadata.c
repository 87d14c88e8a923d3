/* metadata.c - the schema model's container and builders. Tables are kept
 * in insertion order with a hash index on their lowercased names, so
 * lookups stay constant-time on schemas of 10,000 tables. Beside them, the
 * objects a reflected database holds that the model does not (views,
 * triggers...), as names only, for inspect and diff to report. */
#include "mg_metadata.h"
#include "mg_object.h"
#include "metadata_int.h"
#include "namehash_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mg_metadata {
    mg_table **tables;
    size_t     ntables;
    size_t     cap;
    mg_table **slots;      /* hash index, power-of-two size */
    size_t     nslots;
    mg_strlist unmanaged;  /* kind, name, table ("" for none): three
                            * strings for each object not modelled */
    mg_object **objects;   /* views, triggers... (mg_object.h), in the
                            * order added; few, so found by a scan */
    size_t     nobjects;
    size_t     ocap;
};

static void
index_insert(mg_metadata *md, mg_table *t)
{
    size_t h = mg_namehash__hash(t->name) & (md->nslots - 1);

    while (md->slots[h])
        h = (h + 1) & (md->nslots - 1);
    md->slots[h] = t;
}

static int
reindex(mg_metadata *md)
{
    size_t n = 64, i;

    while (n < md->ntables * 2 + 2)
        n *= 2;
    free(md->slots);
    if (!(md->slots = calloc(n, sizeof(*md->slots))))
        return MG_ENOMEM;
    md->nslots = n;
    for (i = 0; i < md->ntables; i++)
        index_insert(md, md->tables[i]);
    return 0;
}

int
mg_metadata_new(mg_metadata **out, mg_error *err)
{
    if (!(*out = calloc(1, sizeof(**out))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (reindex(*out) < 0) {
        free(*out);
        *out = NULL;
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

static void
free_column(mg_column *c)
{
    if (!c)
        return;
    free(c->name);
    mg_type_release(&c->type);
    free(c->server_default);
    free(c->charset);
    free(c->collation);
    free(c->on_update);
    free(c->comment);
    free(c->renamed_from);
    free(c->generated);
    free(c);
}

static void
free_constraint(mg_constraint *k)
{
    if (!k)
        return;
    free(k->name);
    mg_strlist_release(&k->columns);
    free(k->ref_table);
    mg_strlist_release(&k->ref_columns);
    free(k->expression);
    free(k);
}

static void
free_index(mg_index *ix)
{
    if (!ix)
        return;
    free(ix->name);
    mg_strlist_release(&ix->expressions);
    free(ix->where);
    free(ix->method);
    free(ix);
}

static void
free_table(mg_table *t)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->ncolumns; i++)
        free_column(t->columns[i]);
    for (i = 0; i < t->nconstraints; i++)
        free_constraint(t->constraints[i]);
    for (i = 0; i < t->nindexes; i++)
        free_index(t->indexes[i]);
    free(t->columns);
    free(t->constraints);
    free(t->indexes);
    mg_strlist_release(&t->triggers);
    free(t->options);
    free(t->renamed_from);
    free(t->name);
    free(t);
}

static void
free_object(mg_object *o)
{
    if (!o)
        return;
    free(o->schema);
    free(o->name);
    free(o->table);
    free(o->signature);
    free(o->definition);
    free(o->key);
    mg_strlist_release(&o->values);
    mg_strlist_release(&o->depends);
    free(o);
}

void
mg_metadata_clear(mg_metadata *md)
{
    size_t i;

    for (i = 0; i < md->ntables; i++)
        free_table(md->tables[i]);
    md->ntables = 0;
    for (i = 0; i < md->nobjects; i++)
        free_object(md->objects[i]);
    md->nobjects = 0;
    memset(md->slots, 0, md->nslots * sizeof(*md->slots));
}

void
mg_metadata_free(mg_metadata *md)
{
    if (!md)
        return;
    mg_metadata_clear(md);
    mg_strlist_release(&md->unmanaged);
    free(md->objects);
    free(md->tables);
    free(md->slots);
    free(md);
}

size_t
mg_metadata_table_count(const mg_metadata *md)
{
    return md->ntables;
}

const mg_table *
mg_metadata_table_at(const mg_metadata *md, size_t i)
{
    return i < md->ntables ? md->tables[i] : NULL;
}

const mg_table *
mg_metadata_table(const mg_metadata *md, const char *name)
{
    size_t h;
    const mg_table *ci = NULL;

    if (!name || !md->nslots)
        return NULL;
    h = mg_namehash__hash(name) & (md->nslots - 1);
    while (md->slots[h]) {
        if (strcmp(md->slots[h]->name, name) == 0)
            return md->slots[h];
        if (!ci && strcasecmp(md->slots[h]->name, name) == 0)
            ci = md->slots[h];
        h = (h + 1) & (md->nslots - 1);
    }
    return ci;
}

/* Append to an array of pointers whose capacity is the next power of two
 * at or above its length: it grows by doubling, so n appends cost O(n). */
static int
push(void ***arr, size_t *n, void *item)
{
    if ((*n & (*n - 1)) == 0) {   /* 0, 1, 2, 4, ...: full */
        size_t cap = *n ? *n * 2 : 1;
        void **v = realloc(*arr, cap * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        *arr = v;
    }
    (*arr)[(*n)++] = item;
    return 0;
}

int
mg_metadata_add_table(mg_metadata *md, const char *name, mg_table **out,
                      mg_error *err)
{
    mg_table *t;

    *out = NULL;
    if (mg_metadata_table(md, name) &&
        strcmp(mg_metadata_table(md, name)->name, name) == 0)
        return mg_error_set(err, MG_EEXISTS, "table '%s' defined twice",
                            name);
    if (!(t = calloc(1, sizeof(*t))) || !(t->name = strdup(name))) {
        free(t);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if (md->ntables == md->cap) {
        size_t cap = md->cap ? md->cap * 2 : 16;
        mg_table **v = realloc(md->tables, cap * sizeof(*v));
        if (!v) {
            free_table(t);
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        }
        md->tables = v;
        md->cap = cap;
    }
    md->tables[md->ntables++] = t;
    if (md->ntables * 2 + 2 > md->nslots) {
        if (reindex(md) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    } else {
        index_insert(md, t);
    }
    *out = t;
    return 0;
}

int
mg_metadata_remove_table(mg_metadata *md, const char *name)
{
    size_t i;

    for (i = 0; i < md->ntables; i++)
        if (strcmp(md->tables[i]->name, name) == 0)
            break;
    if (i == md->ntables)
        return MG_ENOTFOUND;
    free_table(md->tables[i]);
    memmove(md->tables + i, md->tables + i + 1,
            (md->ntables - i - 1) * sizeof(*md->tables));
    md->ntables--;
    return reindex(md);
}

mg_column *
mg_table_add_column(mg_table *t, const char *name, const mg_type *type)
{
    mg_column *c = calloc(1, sizeof(*c));

    if (!c || !(c->name = strdup(name)))
        goto fail;
    c->type.scale = -1;
    if (type && mg_type_copy(&c->type, type) < 0)
        goto fail;
    c->nullable = 1;
    c->position = (int)t->ncolumns;
    if (push((void ***)&t->columns, &t->ncolumns, c) < 0)
        goto fail;
    return c;
fail:
    free_column(c);
    return NULL;
}

mg_constraint *
mg_table_add_constraint(mg_table *t, mg_constraint_kind kind,
                        const char *name)
{
    mg_constraint *k = calloc(1, sizeof(*k));

    if (!k || !(k->name = strdup(name ? name : "")))
        goto fail;
    k->kind = kind;
    k->named = name && *name;
    if (push((void ***)&t->constraints, &t->nconstraints, k) < 0)
        goto fail;
    if (kind == MG_CONSTRAINT_PRIMARY_KEY) {
        /* keep the primary key first */
        memmove(t->constraints + 1, t->constraints,
                (t->nconstraints - 1) * sizeof(*t->constraints));
        t->constraints[0] = k;
    }
    return k;
fail:
    free_constraint(k);
    return NULL;
}

mg_index *
mg_table_add_index(mg_table *t, const char *name, int unique)
{
    mg_index *ix = calloc(1, sizeof(*ix));

    if (!ix || !(ix->name = strdup(name ? name : "")))
        goto fail;
    ix->unique = unique;
    if (push((void ***)&t->indexes, &t->nindexes, ix) < 0)
        goto fail;
    return ix;
fail:
    free_index(ix);
    return NULL;
}

static int
set_str(char **slot, const char *s)
{
    char *copy = NULL;

    if (s && !(copy = strdup(s)))
        return MG_ENOMEM;
    free(*slot);
    *slot = copy;
    return 0;
}

int mg_column_set_default(mg_column *c, const char *e)
{
    return set_str(&c->server_default, e);
}

/* The slot of c's attribute a. */
static char **
attribute_slot(mg_column *c, mg_column_attribute a)
{
    switch (a) {
    case MG_ATTR_CHARSET:   return &c->charset;
    case MG_ATTR_COLLATION: return &c->collation;
    case MG_ATTR_ON_UPDATE: return &c->on_update;
    case MG_ATTR_GENERATED: return &c->generated;
    default:                return &c->comment;
    }
}

int mg_column_set_attribute(mg_column *c, mg_column_attribute a,
                            const char *text)
{
    return set_str(attribute_slot(c, a), text);
}

const char *mg_column_attribute_text(const mg_column *c,
                                     mg_column_attribute a)
{
    return *attribute_slot((mg_column *)c, a);
}

/* Copy every attribute of src to c. */
static int
copy_attributes(mg_column *c, const mg_column *src)
{
    int a;

    for (a = MG_ATTR_CHARSET; a <= MG_ATTR_GENERATED; a++)
        if (mg_column_set_attribute(c, (mg_column_attribute)a,
                                    mg_column_attribute_text(src,
                                        (mg_column_attribute)a)) < 0)
            return MG_ENOMEM;
    return 0;
}

int mg_constraint_set_ref(mg_constraint *k, const char *t)
{
    return set_str(&k->ref_table, t);
}

int mg_constraint_set_expression(mg_constraint *k, const char *e)
{
    return set_str(&k->expression, e);
}

int mg_index_set_where(mg_index *ix, const char *e)
{
    return set_str(&ix->where, e);
}

int mg_index_set_method(mg_index *ix, const char *m)
{
    return set_str(&ix->method, m);
}

const mg_column *
mg_table_column(const mg_table *t, const char *name)
{
    size_t i;

    for (i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i]->name, name) == 0)
            return t->columns[i];
    for (i = 0; i < t->ncolumns; i++)
        if (strcasecmp(t->columns[i]->name, name) == 0)
            return t->columns[i];
    return NULL;
}

const mg_constraint *
mg_table_primary_key(const mg_table *t)
{
    size_t i;

    for (i = 0; i < t->nconstraints; i++)
        if (t->constraints[i]->kind == MG_CONSTRAINT_PRIMARY_KEY)
            return t->constraints[i];
    return NULL;
}

const mg_constraint *
mg_table_constraint(const mg_table *t, const char *name)
{
    size_t i;

    for (i = 0; i < t->nconstraints; i++)
        if (strcasecmp(t->constraints[i]->name, name) == 0)
            return t->constraints[i];
    return NULL;
}

const mg_index *
mg_table_index(const mg_table *t, const char *name)
{
    size_t i;

    for (i = 0; i < t->nindexes; i++)
        if (strcasecmp(t->indexes[i]->name, name) == 0)
            return t->indexes[i];
    return NULL;
}

static int
copy_list(mg_strlist *dst, const mg_strlist *src)
{
    size_t i;

    for (i = 0; i < src->n; i++)
        if (mg_strlist_add(dst, src->v[i]) < 0)
            return MG_ENOMEM;
    return 0;
}

int
mg_metadata__copy_table(mg_metadata *md, const mg_table *src,
                        mg_error *err)
{
    mg_table *t;
    size_t i;
    int rc;

    if ((rc = mg_metadata_add_table(md, src->name, &t, err)) < 0)
        return rc;
    t->if_not_exists = src->if_not_exists;
    if (set_str(&t->options, src->options) < 0 ||
        set_str(&t->renamed_from, src->renamed_from) < 0 ||
        copy_list(&t->triggers, &src->triggers) < 0)
        goto oom;
    for (i = 0; i < src->ncolumns; i++) {
        const mg_column *s = src->columns[i];
        mg_column *c = mg_table_add_column(t, s->name, &s->type);
        if (!c || mg_column_set_default(c, s->server_default) < 0 ||
            set_str(&c->renamed_from, s->renamed_from) < 0 ||
            copy_attributes(c, s) < 0)
            goto oom;
        c->nullable = s->nullable;
        c->autoincrement = s->autoincrement;
        c->never_reuse = s->never_reuse;
        c->identity_always = s->identity_always;
        c->serial = s->serial;
        c->position = s->position;
        c->national = s->national;
        c->generated_stored = s->generated_stored;
    }
    for (i = 0; i < src->nconstraints; i++) {
        const mg_constraint *s = src->constraints[i];
        mg_constraint *k = mg_table_add_constraint(t, s->kind, s->name);
        if (!k || copy_list(&k->columns, &s->columns) < 0 ||
            copy_list(&k->ref_columns, &s->ref_columns) < 0 ||
            mg_constraint_set_ref(k, s->ref_table) < 0 ||
            mg_constraint_set_expression(k, s->expression) < 0)
            goto oom;
        k->named = s->named;
        k->on_delete = s->on_delete;
        k->on_update = s->on_update;
        k->deferrable = s->deferrable;
        k->column_level = s->column_level;
    }
    for (i = 0; i < src->nindexes; i++) {
        const mg_index *s = src->indexes[i];
        mg_index *ix = mg_table_add_index(t, s->name, s->unique);
        if (!ix || copy_list(&ix->expressions, &s->expressions) < 0 ||
            mg_index_set_where(ix, s->where) < 0 ||
            mg_index_set_method(ix, s->method) < 0)
            goto oom;
    }
    return 0;
oom:
    return mg_error_set(err, MG_ENOMEM, "out of memory");
}

int
mg_metadata_rename_table(mg_metadata *md, const char *from, const char *to,
                         mg_error *err)
{
    mg_table *t = (mg_table *)mg_metadata_table(md, from);
    char *name;

    if (!t)
        return mg_error_set(err, MG_ENOTFOUND, "no table '%s'", from);
    if (mg_metadata_table(md, to) && mg_metadata_table(md, to) != t)
        return mg_error_set(err, MG_EEXISTS, "table '%s' exists", to);
    if (!(name = strdup(to)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    free(t->name);
    t->name = name;
    if (reindex(md) < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

static int add_object(mg_metadata *md, mg_object_kind kind,
                      const char *schema, const char *name,
                      const char *table, const char *signature,
                      const char *definition, mg_object **out,
                      mg_error *err);

static int
copy_object(mg_metadata *md, const mg_object *src, mg_error *err)
{
    mg_object *o;
    int rc;

    if ((rc = add_object(md, src->kind, src->schema, src->name, src->table,
                         src->signature, src->definition, &o, err)) < 0)
        return rc;
    o->line = src->line;
    if (mg_object_set_key(o, src->key) < 0 ||
        copy_list(&o->values, &src->values) < 0 ||
        copy_list(&o->depends, &src->depends) < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

int
mg_metadata_copy(mg_metadata **out, const mg_metadata *md, mg_error *err)
{
    size_t i;
    int rc;

    if ((rc = mg_metadata_new(out, err)) < 0)
        return rc;
    for (i = 0; i < md->ntables; i++)
        if ((rc = mg_metadata__copy_table(*out, md->tables[i], err)) < 0) {
            mg_metadata_free(*out);
            *out = NULL;
            return rc;
        }
    for (i = 0; i < md->nobjects; i++)
        if ((rc = copy_object(*out, md->objects[i], err)) < 0) {
            mg_metadata_free(*out);
            *out = NULL;
            return rc;
        }
    for (i = 0; i < md->unmanaged.n; i++)
        if (mg_strlist_add(&(*out)->unmanaged, md->unmanaged.v[i]) < 0) {
            mg_metadata_free(*out);
            *out = NULL;
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        }
    return 0;
}

/* ---- objects not modelled ---- */

int
mg_metadata_add_unmanaged(mg_metadata *md, const char *kind,
                          const char *name, const char *table)
{
    size_t n = md->unmanaged.n;

    if (mg_strlist_add(&md->unmanaged, kind) < 0 ||
        mg_strlist_add(&md->unmanaged, name ? name : "") < 0 ||
        mg_strlist_add(&md->unmanaged, table ? table : "") < 0) {
        while (md->unmanaged.n > n)
            free(md->unmanaged.v[--md->unmanaged.n]);
        return MG_ENOMEM;
    }
    return 0;
}

size_t
mg_metadata_unmanaged_count(const mg_metadata *md)
{
    return md->unmanaged.n / 3;
}

int
mg_metadata_unmanaged_at(const mg_metadata *md, size_t i, mg_unmanaged *out)
{
    const char *const *v = (const char *const *)md->unmanaged.v + 3 * i;

    if (i >= md->unmanaged.n / 3)
        return MG_ENOTFOUND;
    out->kind = v[0];
    out->name = v[1];
    out->table = v[2][0] ? v[2] : NULL;
    return 0;
}

void
mg_unmanaged_describe(mg_buf *b, const mg_unmanaged *u)
{
    mg_buf_puts(b, u->kind);
    mg_buf_putc(b, ' ');
    mg_buf_add_printable(b, u->name);
    if (u->table) {
        mg_buf_puts(b, " on table ");
        mg_buf_add_printable(b, u->table);
    }
}

/* ---- objects beyond tables (mg_object.h) ---- */

/* Equal names, case-insensitive; NULL equals only NULL. */
static int
same_name(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcasecmp(a, b) == 0;
}

const mg_object *
mg_metadata_object(const mg_metadata *md, mg_object_kind kind,
                   const char *schema, const char *name, const char *table)
{
    size_t i;

    for (i = 0; i < md->nobjects; i++) {
        const mg_object *o = md->objects[i];
        if (o->kind == kind && same_name(o->name, name) &&
            same_name(o->schema, schema) && same_name(o->table, table))
            return o;
    }
    return NULL;
}

/* 1 when md has an object of that kind and identity: same schema, name
 * and table, and (for routines added with a signature) a signature
 * mg_object_same_signature takes for the same. */
static int
has_object(const mg_metadata *md, mg_object_kind kind, const char *schema,
           const char *name, const char *table, const char *signature)
{
    size_t i;

    for (i = 0; i < md->nobjects; i++) {
        const mg_object *o = md->objects[i];
        if (o->kind == kind && same_name(o->name, name) &&
            same_name(o->schema, schema) && same_name(o->table, table) &&
            mg_object_same_signature(o->signature, signature))
            return 1;
    }
    return 0;
}

static int
add_object(mg_metadata *md, mg_object_kind kind, const char *schema,
           const char *name, const char *table, const char *signature,
           const char *definition, mg_object **out, mg_error *err)
{
    mg_object *o;

    if (out)
        *out = NULL;
    if (has_object(md, kind, schema, name, table, signature))
        return mg_error_set(err, MG_EEXISTS, "%s %s is defined twice",
                            mg_object_kind_name(kind), name);
    if (md->nobjects == md->ocap) {
        size_t cap = md->ocap ? md->ocap * 2 : 16;
        mg_object **v = realloc(md->objects, cap * sizeof(*v));
        if (!v)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        md->objects = v;
        md->ocap = cap;
    }
    if (!(o = calloc(1, sizeof(*o))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    o->kind = kind;
    if (set_str(&o->schema, schema) < 0 || set_str(&o->name, name) < 0 ||
        set_str(&o->table, table) < 0 ||
        set_str(&o->signature, signature) < 0 ||
        set_str(&o->definition, definition) < 0) {
        free_object(o);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    md->objects[md->nobjects++] = o;
    if (out)
        *out = o;
    return 0;
}

int
mg_metadata_add_object(mg_metadata *md, mg_object_kind kind,
                       const char *schema, const char *name,
                       const char *table, const char *definition,
                       mg_object **out, mg_error *err)
{
    return add_object(md, kind, schema, name, table, NULL, definition, out,
                      err);
}

int
mg_metadata_add_routine(mg_metadata *md, mg_object_kind kind,
                        const char *schema, const char *name,
                        const char *signature, const char *definition,
                        mg_object **out, mg_error *err)
{
    return add_object(md, kind, schema, name, NULL, signature, definition,
                      out, err);
}

size_t
mg_metadata_object_count(const mg_metadata *md)
{
    return md->nobjects;
}

const mg_object *
mg_metadata_object_at(const mg_metadata *md, size_t i)
{
    return i < md->nobjects ? md->objects[i] : NULL;
}

mg_object *
mg_metadata_object_at_mut(mg_metadata *md, size_t i)
{
    return i < md->nobjects ? md->objects[i] : NULL;
}

int
mg_metadata_remove_object(mg_metadata *md, size_t i)
{
    if (i >= md->nobjects)
        return MG_ENOTFOUND;
    free_object(md->objects[i]);
    memmove(md->objects + i, md->objects + i + 1,
            (md->nobjects - i - 1) * sizeof(*md->objects));
    md->nobjects--;
    return 0;
}

int mg_object_set_key(mg_object *o, const char *key)
{
    return set_str(&o->key, key);
}

int mg_object_set_signature(mg_object *o, const char *signature)
{
    return set_str(&o->signature, signature);
}

int mg_object_set_definition(mg_object *o, const char *definition)
{
    return set_str(&o->definition, definition);
}
