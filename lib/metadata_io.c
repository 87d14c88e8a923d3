/* metadata_io.c - metadata as records of length-prefixed tokens, one
 * record a line: "T" a table, then its "C" columns (each followed by an
 * "A" record when it has attributes: charset, comment..., and a "G"
 * record when it is generated), "K" constraints and
 * "I" indexes; then an "O" record for each schema object (mg_object.h),
 * and "E" at the end. A string is LEN:BYTES (so any byte may
 * appear in it), "-" is NULL, a number is decimal. Reading checks every
 * length, count and enum, because the text comes from a file. */
#include "metadata_io_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void
put_str(mg_buf *b, const char *s)
{
    if (s)
        mg_buf_addf(b, " %zu:", strlen(s)), mg_buf_puts(b, s);
    else
        mg_buf_puts(b, " -");
}

static void
put_list(mg_buf *b, const mg_strlist *l)
{
    size_t i;

    mg_buf_addf(b, " %zu", l->n);
    for (i = 0; i < l->n; i++)
        put_str(b, l->v[i]);
}

/* An "A" record after a column that has attributes: national, then each
 * mg_column_attribute in order. */
static void
dump_attributes(mg_buf *b, const mg_column *c)
{
    int a, any = c->national;

    for (a = MG_ATTR_CHARSET; a <= MG_ATTR_COMMENT; a++)
        any |= mg_column_attribute_text(c, (mg_column_attribute)a) != NULL;
    if (!any)
        return;
    mg_buf_addf(b, "A %d", c->national);
    for (a = MG_ATTR_CHARSET; a <= MG_ATTR_COMMENT; a++)
        put_str(b, mg_column_attribute_text(c, (mg_column_attribute)a));
    mg_buf_putc(b, '\n');
}

/* A "G" record after a generated column: STORED, then the expression. */
static void
dump_generated(mg_buf *b, const mg_column *c)
{
    if (!c->generated)
        return;
    mg_buf_addf(b, "G %d", c->generated_stored);
    put_str(b, c->generated);
    mg_buf_putc(b, '\n');
}

static void
dump_table(mg_buf *b, const mg_table *t)
{
    size_t i;

    mg_buf_puts(b, "T");
    put_str(b, t->name);
    mg_buf_addf(b, " %d", t->if_not_exists);
    put_str(b, t->options);
    put_list(b, &t->triggers);
    mg_buf_putc(b, '\n');
    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *c = t->columns[i];
        mg_buf_puts(b, "C");
        put_str(b, c->name);
        mg_buf_addf(b, " %d %d %d %d", (int)c->type.kind, c->type.length,
                    c->type.precision, c->type.scale);
        put_str(b, c->type.name);
        mg_buf_addf(b, " %d", c->nullable);
        put_str(b, c->server_default);
        mg_buf_addf(b, " %d %d %d %d %d\n", c->autoincrement,
                    c->never_reuse, c->position, c->identity_always,
                    c->serial);
        dump_attributes(b, c);
        dump_generated(b, c);
    }
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        mg_buf_addf(b, "K %d", (int)k->kind);
        put_str(b, k->name);
        mg_buf_addf(b, " %d", k->named);
        put_list(b, &k->columns);
        put_str(b, k->ref_table);
        put_list(b, &k->ref_columns);
        mg_buf_addf(b, " %d %d %d", (int)k->on_delete, (int)k->on_update,
                    k->deferrable);
        put_str(b, k->expression);
        mg_buf_addf(b, " %d\n", k->column_level);
    }
    for (i = 0; i < t->nindexes; i++) {
        const mg_index *ix = t->indexes[i];
        mg_buf_puts(b, "I");
        put_str(b, ix->name);
        mg_buf_addf(b, " %d", ix->unique);
        put_list(b, &ix->expressions);
        put_str(b, ix->where);
        put_str(b, ix->method);
        mg_buf_putc(b, '\n');
    }
}

/* "O" kind schema name table signature definition key values depends
 * line. */
static void
dump_object(mg_buf *b, const mg_object *o)
{
    mg_buf_addf(b, "O %d", (int)o->kind);
    put_str(b, o->schema);
    put_str(b, o->name);
    put_str(b, o->table);
    put_str(b, o->signature);
    put_str(b, o->definition);
    put_str(b, o->key);
    put_list(b, &o->values);
    put_list(b, &o->depends);
    mg_buf_addf(b, " %d\n", o->line);
}

int
mg_metadata__dump(mg_buf *b, const mg_metadata *md)
{
    size_t i;

    for (i = 0; i < mg_metadata_table_count(md); i++)
        dump_table(b, mg_metadata_table_at(md, i));
    for (i = 0; i < mg_metadata_object_count(md); i++)
        dump_object(b, mg_metadata_object_at(md, i));
    mg_buf_puts(b, "E\n");
    return b->oom ? MG_ENOMEM : 0;
}

/* The reader: a cursor over the text and the record it is in. */
typedef struct reader {
    const char *p, *end;
    size_t      record;    /* 1-based, for messages */
    mg_error   *err;
    int         failed;
} reader;

static int
bad(reader *r, const char *what)
{
    if (!r->failed)
        mg_error_set(r->err, MG_EPARSE, "record %zu: %s", r->record, what);
    r->failed = 1;
    return MG_EPARSE;
}

/* A space, then a token starting at r->p; leaves r->p on its first byte. */
static int
space(reader *r)
{
    if (r->failed)
        return MG_EPARSE;
    if (r->p >= r->end || *r->p != ' ')
        return bad(r, "missing field");
    r->p++;
    return 0;
}

static int
get_long(reader *r, long lo, long hi, long *out)
{
    const char *p;
    int neg = 0, digits = 0;
    long v = 0;

    if (space(r) < 0)
        return MG_EPARSE;
    p = r->p;
    if (p < r->end && *p == '-')
        neg = 1, p++;
    /* at most 18 digits: no long overflows on the way */
    for (; p < r->end && *p >= '0' && *p <= '9' && digits < 18; p++, digits++)
        v = v * 10 + (*p - '0');
    if (digits == 0 || (p < r->end && *p >= '0' && *p <= '9'))
        return bad(r, "bad number");
    if (neg)
        v = -v;
    if (v < lo || v > hi)
        return bad(r, "bad number");
    r->p = p;
    *out = v;
    return 0;
}

static int
get_int(reader *r, int lo, int hi, int *out)
{
    long v;

    if (get_long(r, lo, hi, &v) < 0)
        return MG_EPARSE;
    *out = (int)v;
    return 0;
}

/* A string token into *out (malloc'd; NULL for "-"). */
static int
get_str(reader *r, char **out)
{
    long len;

    *out = NULL;
    if (r->failed)
        return MG_EPARSE;
    if (r->p + 1 < r->end && r->p[0] == ' ' && r->p[1] == '-') {
        r->p += 2;
        return 0;
    }
    if (get_long(r, 0, LONG_MAX, &len) < 0)
        return MG_EPARSE;
    if (r->p >= r->end || *r->p != ':' || (size_t)len >
        (size_t)(r->end - r->p - 1))
        return bad(r, "bad string");
    r->p++;
    if (memchr(r->p, '\0', (size_t)len))
        return bad(r, "NUL in a string");
    if (!(*out = malloc((size_t)len + 1))) {
        r->failed = 1;
        return mg_error_set(r->err, MG_ENOMEM, "out of memory");
    }
    memcpy(*out, r->p, (size_t)len);
    (*out)[len] = '\0';
    r->p += len;
    return 0;
}

/* A string token that must be there. */
static int
get_name(reader *r, char **out)
{
    if (get_str(r, out) < 0)
        return MG_EPARSE;
    return *out ? 0 : bad(r, "missing name");
}

/* Move a token into a slot the builders own. */
static int
get_into(reader *r, char **slot)
{
    char *s;

    if (get_str(r, &s) < 0)
        return MG_EPARSE;
    free(*slot);
    *slot = s;
    return 0;
}

static int
get_list(reader *r, mg_strlist *l)
{
    long n, i;

    /* each item takes at least two bytes, so n is bounded by the text */
    if (get_long(r, 0, (long)((r->end - r->p) / 2), &n) < 0)
        return MG_EPARSE;
    for (i = 0; i < n; i++) {
        char *s;
        if (get_name(r, &s) < 0)
            return MG_EPARSE;
        if (mg_strlist_add(l, s) < 0) {
            free(s);
            r->failed = 1;
            return mg_error_set(r->err, MG_ENOMEM, "out of memory");
        }
        free(s);
    }
    return 0;
}

static int
oom(reader *r)
{
    r->failed = 1;
    return mg_error_set(r->err, MG_ENOMEM, "out of memory");
}

static int
read_table(reader *r, mg_metadata *md, mg_table **out)
{
    char *name;
    int rc;

    if (get_name(r, &name) < 0)
        return MG_EPARSE;
    rc = mg_metadata_add_table(md, name, out, r->err);
    free(name);
    if (rc == MG_EEXISTS)
        return bad(r, "table listed twice");
    if (rc < 0) {
        r->failed = 1;
        return rc;
    }
    if (get_int(r, 0, 1, &(*out)->if_not_exists) < 0 ||
        get_into(r, &(*out)->options) < 0 ||
        get_list(r, &(*out)->triggers) < 0)
        return MG_EPARSE;
    return 0;
}

static int
read_column(reader *r, mg_table *t)
{
    mg_column *c;
    char *name;
    int kind;

    if (get_name(r, &name) < 0)
        return MG_EPARSE;
    c = mg_table_add_column(t, name, NULL);
    free(name);
    if (!c)
        return oom(r);
    if (get_int(r, 0, MG_TYPE_OTHER, &kind) < 0 ||
        get_int(r, INT_MIN, INT_MAX, &c->type.length) < 0 ||
        get_int(r, INT_MIN, INT_MAX, &c->type.precision) < 0 ||
        get_int(r, INT_MIN, INT_MAX, &c->type.scale) < 0 ||
        get_into(r, &c->type.name) < 0 ||
        get_int(r, 0, 1, &c->nullable) < 0 ||
        get_into(r, &c->server_default) < 0 ||
        get_int(r, 0, 1, &c->autoincrement) < 0 ||
        get_int(r, 0, 1, &c->never_reuse) < 0 ||
        get_int(r, 0, INT_MAX, &c->position) < 0 ||
        get_int(r, 0, 1, &c->identity_always) < 0 ||
        get_int(r, 0, 1, &c->serial) < 0)
        return MG_EPARSE;
    c->type.kind = (mg_type_kind)kind;
    return 0;
}

/* An "A" record: the attributes of t's last column. */
static int
read_attributes(reader *r, mg_table *t)
{
    mg_column *c;
    int a;

    if (t->ncolumns == 0)
        return bad(r, "attributes before any column");
    c = t->columns[t->ncolumns - 1];
    if (get_int(r, 0, 1, &c->national) < 0)
        return MG_EPARSE;
    for (a = MG_ATTR_CHARSET; a <= MG_ATTR_COMMENT; a++) {
        char *text = NULL;
        int rc = get_into(r, &text);
        if (rc == 0 && mg_column_set_attribute(c, (mg_column_attribute)a,
                                               text) < 0)
            rc = oom(r);
        free(text);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* A "G" record: t's last column is generated. */
static int
read_generated(reader *r, mg_table *t)
{
    mg_column *c;
    char *text = NULL;
    int rc;

    if (t->ncolumns == 0)
        return bad(r, "a generated expression before any column");
    c = t->columns[t->ncolumns - 1];
    if (get_int(r, 0, 1, &c->generated_stored) < 0)
        return MG_EPARSE;
    if ((rc = get_into(r, &text)) == 0 && !text)
        rc = bad(r, "a generated column without its expression");
    if (rc == 0 && mg_column_set_attribute(c, MG_ATTR_GENERATED, text) < 0)
        rc = oom(r);
    free(text);
    return rc;
}

static int
read_constraint(reader *r, mg_table *t)
{
    int kind, del, upd;
    mg_constraint *k;
    char *name;

    if (get_int(r, 0, MG_CONSTRAINT_CHECK, &kind) < 0)
        return MG_EPARSE;
    /* the one primary key comes first, as the builders keep it */
    if (kind == MG_CONSTRAINT_PRIMARY_KEY && t->nconstraints > 0)
        return bad(r, "a primary key after other constraints");
    if (get_name(r, &name) < 0)
        return MG_EPARSE;
    k = mg_table_add_constraint(t, (mg_constraint_kind)kind, name);
    free(name);
    if (!k)
        return oom(r);
    if (get_int(r, 0, 1, &k->named) < 0 ||
        get_list(r, &k->columns) < 0 ||
        get_into(r, &k->ref_table) < 0 ||
        get_list(r, &k->ref_columns) < 0 ||
        get_int(r, 0, MG_FK_SET_DEFAULT, &del) < 0 ||
        get_int(r, 0, MG_FK_SET_DEFAULT, &upd) < 0 ||
        get_int(r, 0, 2, &k->deferrable) < 0 ||
        get_into(r, &k->expression) < 0 ||
        get_int(r, 0, 1, &k->column_level) < 0)
        return MG_EPARSE;
    k->on_delete = (mg_fk_action)del;
    k->on_update = (mg_fk_action)upd;
    return 0;
}

static int
read_index(reader *r, mg_table *t)
{
    mg_index *ix;
    char *name;

    if (get_name(r, &name) < 0)
        return MG_EPARSE;
    ix = mg_table_add_index(t, name, 0);
    free(name);
    if (!ix)
        return oom(r);
    if (get_int(r, 0, 1, &ix->unique) < 0 ||
        get_list(r, &ix->expressions) < 0 ||
        get_into(r, &ix->where) < 0 ||
        get_into(r, &ix->method) < 0)
        return MG_EPARSE;
    return 0;
}

static int
read_object(reader *r, mg_metadata *md)
{
    char *schema = NULL, *name = NULL, *table = NULL, *sig = NULL,
         *def = NULL, *key = NULL;
    mg_object *o = NULL;
    int kind, rc = MG_EPARSE;

    if (get_int(r, 0, MG_OBJ_NKINDS - 1, &kind) < 0 ||
        get_str(r, &schema) < 0 || get_name(r, &name) < 0 ||
        get_str(r, &table) < 0 || get_str(r, &sig) < 0 ||
        get_str(r, &def) < 0 || get_str(r, &key) < 0)
        goto done;
    rc = table ? mg_metadata_add_object(md, (mg_object_kind)kind, schema,
                                        name, table, def, &o, NULL)
               : mg_metadata_add_routine(md, (mg_object_kind)kind, schema,
                                         name, sig, def, &o, NULL);
    if (rc == MG_EEXISTS) {
        rc = bad(r, "an object twice");
        goto done;
    }
    if (rc < 0 || mg_object_set_signature(o, sig) < 0 ||
        mg_object_set_key(o, key) < 0) {
        rc = oom(r);
        goto done;
    }
    rc = get_list(r, &o->values) < 0 || get_list(r, &o->depends) < 0 ||
         get_int(r, 0, INT_MAX, &o->line) < 0 ? MG_EPARSE : 0;
done:
    free(schema);
    free(name);
    free(table);
    free(sig);
    free(def);
    free(key);
    return rc;
}

static int
read_records(reader *r, mg_metadata *md)
{
    mg_table *t = NULL;

    for (r->record = 1; r->p < r->end; r->record++) {
        char tag = *r->p++;
        int rc;

        if (tag == 'E')
            return r->p + 1 == r->end && *r->p == '\n' ? 0 :
                   bad(r, "text after the end");
        if (tag == 'T')
            rc = read_table(r, md, &t);
        else if (tag == 'O')
            rc = read_object(r, md);
        else if (tag != 'C' && tag != 'K' && tag != 'I' && tag != 'A' &&
                 tag != 'G')
            rc = bad(r, "unknown record");
        else if (!t)
            rc = bad(r, "a column, constraint or index before any table");
        else if (tag == 'C')
            rc = read_column(r, t);
        else if (tag == 'K')
            rc = read_constraint(r, t);
        else if (tag == 'A')
            rc = read_attributes(r, t);
        else if (tag == 'G')
            rc = read_generated(r, t);
        else
            rc = read_index(r, t);
        if (rc < 0)
            return rc;
        if (r->p >= r->end || *r->p != '\n')
            return bad(r, "extra fields");
        r->p++;
    }
    return bad(r, "truncated: no end record");
}

int
mg_metadata__undump(mg_metadata **out, const char *text, size_t len,
                    mg_error *err)
{
    reader r;
    int rc;

    *out = NULL;
    if ((rc = mg_metadata_new(out, err)) < 0)
        return rc;
    r.p = text;
    r.end = text + len;
    r.record = 0;
    r.err = err;
    r.failed = 0;
    if ((rc = read_records(&r, *out)) < 0) {
        mg_metadata_free(*out);
        *out = NULL;
    }
    return rc;
}
