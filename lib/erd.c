/* erd.c - entity-relationship diagrams (mg_erd.h). One analysis, two
 * writers: the tables to draw are chosen first (globs, then foreign-key
 * hops around a table, counted on the whole schema), then each foreign key
 * between two drawn tables becomes a relationship whose cardinality comes
 * from nullability and uniqueness, and association tables add a
 * many-to-many line. The Mermaid and DOT writers only spell that out; SVG
 * is the DOT laid out by Graphviz's libgvc when configure found it.
 *
 * Mermaid's ER grammar (erDiagram.jison) is the constraint on the Mermaid
 * side: its lexer takes the first rule that matches, so bare entity names
 * beginning with "one", "many", "to", "class"... break; quoted ones never
 * do, so every entity name and label is quoted. Attribute names and types
 * cannot be quoted on the Mermaid versions GitHub has run, so they are
 * reduced to the characters its ATTRIBUTE_WORD takes. */
#include "mg_erd.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef MG_WITH_GVC
# include "gvc_api_int.h"
#endif

/* ---- options and formats ------------------------------------------------ */

static const char *const format_names[] = { "mermaid", "dot", "svg" };

void
mg_erd_opts_init(mg_erd_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->format = MG_ERD_MERMAID;
}

int
mg_erd_format_parse(mg_erd_format *out, const char *name, mg_error *err)
{
    int i;

    for (i = 0; name && i < 3; i++)
        if (strcasecmp(name, format_names[i]) == 0) {
            *out = (mg_erd_format)i;
            return 0;
        }
    return mg_error_set(err, MG_EUSAGE, "unknown diagram format '%s' "
                        "(expected mermaid, dot or svg)", name ? name : "");
}

int
mg_erd_format_for_path(mg_erd_format *out, const char *file)
{
    static const struct {
        const char   *ext;
        mg_erd_format format;
    } exts[] = {
        { ".mmd", MG_ERD_MERMAID }, { ".md", MG_ERD_MERMAID },
        { ".dot", MG_ERD_DOT }, { ".gv", MG_ERD_DOT }, { ".svg", MG_ERD_SVG },
    };
    const char *dot = file ? strrchr(file, '.') : NULL;
    size_t i;

    if (!dot || strchr(dot, '/'))
        return MG_ENOTFOUND;
    for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
        if (strcasecmp(dot, exts[i].ext) == 0) {
            *out = exts[i].format;
            return 0;
        }
    return MG_ENOTFOUND;
}

const char *
mg_erd_format_name(mg_erd_format format)
{
    return (unsigned)format < 3 ? format_names[format] : "?";
}

int
mg_erd_svg_available(void)
{
#ifdef MG_WITH_GVC
    return 1;
#else
    return 0;
#endif
}

/* ---- the analysis --------------------------------------------------------- */

typedef struct rel {
    size_t               parent;    /* table indexes in md's order */
    size_t               child;
    const mg_constraint *fk;        /* NULL for a many-to-many line */
    const mg_table      *assoc;     /* many-to-many: the association table */
    int                  optional;  /* a foreign-key column is nullable */
    int                  unique;    /* the foreign-key columns are unique */
} rel;

typedef struct slot {
    uintptr_t ptr;
    size_t    idx;
} slot;

typedef struct erd {
    const mg_metadata *md;
    size_t             n;
    slot              *slots;  /* table pointer -> index, sorted */
    unsigned char     *keep;   /* by index */
    rel               *rels;
    size_t             nrels;
} erd;

static int
cmp_slot(const void *a, const void *b)
{
    uintptr_t x = ((const slot *)a)->ptr, y = ((const slot *)b)->ptr;

    return x < y ? -1 : x > y;
}

/* The index of the table a foreign key references, or (size_t)-1. */
static size_t
ref_index(const erd *e, const mg_constraint *k)
{
    const mg_table *t = mg_metadata_table(e->md, k->ref_table);
    slot key, *s;

    if (!t)
        return (size_t)-1;
    key.ptr = (uintptr_t)t;
    key.idx = 0;
    s = bsearch(&key, e->slots, e->n, sizeof(*e->slots), cmp_slot);
    return s ? s->idx : (size_t)-1;
}

static int
is_fk(const mg_constraint *k)
{
    return k->kind == MG_CONSTRAINT_FOREIGN_KEY && k->ref_table;
}

static const mg_table *
table_at(const erd *e, size_t i)
{
    return mg_metadata_table_at(e->md, i);
}

/* Split every item of l at commas into out, trimming blanks. */
static int
flatten(mg_strlist *out, const mg_strlist *l)
{
    size_t i;

    for (i = 0; l && i < l->n; i++) {
        const char *s = l->v[i];
        while (*s) {
            const char *end = strchr(s, ','), *a = s, *b;
            if (!end)
                end = s + strlen(s);
            b = end;
            while (a < b && isspace((unsigned char)*a))
                a++;
            while (b > a && isspace((unsigned char)b[-1]))
                b--;
            if (b > a && mg_strlist_addn(out, a, (size_t)(b - a)) < 0)
                return MG_ENOMEM;
            s = *end ? end + 1 : end;
        }
    }
    return 0;
}

static void
lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* 1 when name matches one of the (lowercased) globs. */
static int
matches(const mg_strlist *globs, const char *name)
{
    char *low = strdup(name);
    size_t i;
    int hit = 0;

    if (!low)
        return 0;
    lower(low);
    for (i = 0; i < globs->n && !hit; i++)
        hit = fnmatch(globs->v[i], low, 0) == 0;
    free(low);
    return hit;
}

/* "TABLE[:DEPTH]": a whole table name first, so names with ':' work. */
static int
parse_around(const erd *e, const char *entry, const mg_table **t,
             size_t *depth, mg_error *err)
{
    const char *colon = strrchr(entry, ':'), *p;
    char *name;
    int rc = 0;

    *depth = 1;
    if ((*t = mg_metadata_table(e->md, entry)) != NULL)
        return 0;
    if (!colon)
        return mg_error_set(err, MG_ENOTFOUND, "no table '%s' to draw "
                            "around", entry);
    for (p = colon + 1; isdigit((unsigned char)*p); p++)
        ;
    if (!colon[1] || *p || p - colon > 7)
        return mg_error_set(err, MG_EUSAGE, "invalid depth in '%s' "
                            "(expected TABLE[:DEPTH], DEPTH a whole number)",
                            entry);
    *depth = (size_t)strtoul(colon + 1, NULL, 10);
    if (!(name = malloc((size_t)(colon - entry) + 1)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    memcpy(name, entry, (size_t)(colon - entry));
    name[colon - entry] = '\0';
    if (!(*t = mg_metadata_table(e->md, name)))
        rc = mg_error_set(err, MG_ENOTFOUND, "no table '%s' to draw around",
                          name);
    free(name);
    return rc;
}

/* Keep only the tables within DEPTH hops of an around entry: breadth-first
 * over foreign keys in both directions (adjacency in CSR form). */
static int
select_around(erd *e, const mg_strlist *around, mg_error *err)
{
    size_t *start = NULL, *adj = NULL, *fill = NULL, *dist = NULL;
    size_t *queue = NULL, i, j, m = 0, r;
    unsigned char *near = NULL;
    int rc = MG_ENOMEM;

    for (i = 0; i < e->n; i++) {
        const mg_table *t = table_at(e, i);
        for (j = 0; j < t->nconstraints; j++)
            m += is_fk(t->constraints[j]) ? 2 : 0;
    }
    if (!(start = calloc(e->n + 2, sizeof(*start))) ||
        !(fill = calloc(e->n + 1, sizeof(*fill))) ||
        !(adj = malloc((m + 1) * sizeof(*adj))) ||
        !(dist = malloc((e->n + 1) * sizeof(*dist))) ||
        !(queue = malloc((e->n + 1) * sizeof(*queue))) ||
        !(near = calloc(e->n + 1, 1)))
        goto done;
    for (r = 0; r < 2; r++) {   /* count, then place */
        for (i = 0; i < e->n; i++) {
            const mg_table *t = table_at(e, i);
            for (j = 0; j < t->nconstraints; j++) {
                size_t p;
                if (!is_fk(t->constraints[j]) ||
                    (p = ref_index(e, t->constraints[j])) == (size_t)-1)
                    continue;
                if (r == 0) {
                    start[i + 1]++;
                    start[p + 1]++;
                } else {
                    adj[start[i] + fill[i]++] = p;
                    adj[start[p] + fill[p]++] = i;
                }
            }
        }
        if (r == 0)
            for (i = 0; i < e->n; i++)
                start[i + 1] += start[i];
    }
    for (r = 0; r < around->n; r++) {
        const mg_table *root;
        size_t depth, head = 0, tail = 0;
        slot key, *s;
        if ((rc = parse_around(e, around->v[r], &root, &depth, err)) < 0)
            goto done;
        key.ptr = (uintptr_t)root;
        key.idx = 0;
        s = bsearch(&key, e->slots, e->n, sizeof(*e->slots), cmp_slot);
        for (i = 0; i < e->n; i++)
            dist[i] = (size_t)-1;
        dist[s->idx] = 0;
        queue[tail++] = s->idx;
        while (head < tail) {
            size_t u = queue[head++];
            near[u] = 1;
            if (dist[u] >= depth)
                continue;
            for (j = start[u]; j < start[u + 1]; j++)
                if (dist[adj[j]] == (size_t)-1) {
                    dist[adj[j]] = dist[u] + 1;
                    queue[tail++] = adj[j];
                }
        }
    }
    for (i = 0; i < e->n; i++)
        e->keep[i] = e->keep[i] && near[i];
    rc = 0;
done:
    free(start);
    free(adj);
    free(fill);
    free(dist);
    free(queue);
    free(near);
    if (rc == MG_ENOMEM)
        mg_error_set(err, MG_ENOMEM, "out of memory");
    return rc;
}

static int
select_tables(erd *e, const mg_erd_opts *opts, mg_error *err)
{
    mg_strlist tables = MG_STRLIST_INIT, exclude = MG_STRLIST_INIT;
    mg_strlist around = MG_STRLIST_INIT;
    size_t i;
    int rc = MG_ENOMEM;

    if (flatten(&tables, opts->tables) < 0 ||
        flatten(&exclude, opts->exclude) < 0 ||
        flatten(&around, opts->around) < 0) {
        mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < tables.n; i++)
        lower(tables.v[i]);
    for (i = 0; i < exclude.n; i++)
        lower(exclude.v[i]);
    for (i = 0; i < e->n; i++) {
        const char *name = table_at(e, i)->name;
        e->keep[i] = (!tables.n || matches(&tables, name)) &&
                     !matches(&exclude, name);
    }
    rc = around.n ? select_around(e, &around, err) : 0;
done:
    mg_strlist_release(&tables);
    mg_strlist_release(&exclude);
    mg_strlist_release(&around);
    return rc;
}

static int
has_column(const mg_strlist *cols, const char *name)
{
    size_t i;

    for (i = 0; i < cols->n; i++)
        if (strcasecmp(cols->v[i], name) == 0)
            return 1;
    return 0;
}

/* 1 when every one of key's columns is in cols (key not empty). */
static int
covers(const mg_strlist *cols, const mg_strlist *key)
{
    size_t i;

    for (i = 0; i < key->n; i++)
        if (!has_column(cols, key->v[i]))
            return 0;
    return key->n > 0;
}

/* A unique index over plain columns (no predicate) is a unique key too. */
static int
plain_unique_index(const mg_table *t, const mg_index *ix)
{
    size_t i;

    if (!ix->unique || ix->where || !ix->expressions.n)
        return 0;
    for (i = 0; i < ix->expressions.n; i++)
        if (!mg_table_column(t, ix->expressions.v[i]))
            return 0;
    return 1;
}

/* 1 when cols contain a whole primary key, UNIQUE constraint or unique
 * index of t, so no two rows share their values. */
static int
unique_columns(const mg_table *t, const mg_strlist *cols)
{
    size_t i;

    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if ((k->kind == MG_CONSTRAINT_PRIMARY_KEY ||
             k->kind == MG_CONSTRAINT_UNIQUE) && covers(cols, &k->columns))
            return 1;
    }
    for (i = 0; i < t->nindexes; i++)
        if (plain_unique_index(t, t->indexes[i]) &&
            covers(cols, &t->indexes[i]->expressions))
            return 1;
    return 0;
}

static int
optional_columns(const mg_table *t, const mg_strlist *cols)
{
    size_t i;

    for (i = 0; i < cols->n; i++) {
        const mg_column *c = mg_table_column(t, cols->v[i]);
        if (c && c->nullable)
            return 1;
    }
    return 0;
}

/* An association table: its primary key is exactly the columns of two
 * foreign keys with no column in common. */
static int
association(const mg_table *t, const mg_constraint **a,
            const mg_constraint **b)
{
    const mg_constraint *pk = mg_table_primary_key(t);
    size_t i, j, k;

    if (!pk || pk->columns.n < 2)
        return 0;
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *x = t->constraints[i];
        if (!is_fk(x) || !covers(&pk->columns, &x->columns))
            continue;
        for (j = i + 1; j < t->nconstraints; j++) {
            const mg_constraint *y = t->constraints[j];
            int disjoint = 1;
            if (!is_fk(y) || !covers(&pk->columns, &y->columns) ||
                x->columns.n + y->columns.n != pk->columns.n)
                continue;
            for (k = 0; k < y->columns.n; k++)
                if (has_column(&x->columns, y->columns.v[k]))
                    disjoint = 0;
            if (disjoint) {
                *a = x;
                *b = y;
                return 1;
            }
        }
    }
    return 0;
}

static int
add_rel(erd *e, const rel *r)
{
    rel *v = realloc(e->rels, (e->nrels + 1) * sizeof(*v));

    if (!v)
        return MG_ENOMEM;
    e->rels = v;
    e->rels[e->nrels++] = *r;
    return 0;
}

static int
find_relationships(erd *e)
{
    size_t i, j;

    for (i = 0; i < e->n; i++) {
        const mg_table *t = table_at(e, i);
        if (!e->keep[i])
            continue;
        for (j = 0; j < t->nconstraints; j++) {
            const mg_constraint *k = t->constraints[j];
            rel r;
            if (!is_fk(k) || (r.parent = ref_index(e, k)) == (size_t)-1 ||
                !e->keep[r.parent])
                continue;
            r.child = i;
            r.fk = k;
            r.assoc = NULL;
            r.optional = optional_columns(t, &k->columns);
            r.unique = unique_columns(t, &k->columns);
            if (add_rel(e, &r) < 0)
                return MG_ENOMEM;
        }
    }
    for (i = 0; i < e->n; i++) {
        const mg_table *t = table_at(e, i);
        const mg_constraint *a, *b;
        rel r;
        if (!association(t, &a, &b) ||
            (r.parent = ref_index(e, a)) == (size_t)-1 ||
            (r.child = ref_index(e, b)) == (size_t)-1 ||
            !e->keep[r.parent] || !e->keep[r.child])
            continue;
        r.fk = NULL;
        r.assoc = t;
        r.optional = r.unique = 0;
        if (add_rel(e, &r) < 0)
            return MG_ENOMEM;
    }
    return 0;
}

static void
erd_release(erd *e)
{
    free(e->slots);
    free(e->keep);
    free(e->rels);
}

static int
erd_build(erd *e, const mg_metadata *md, const mg_erd_opts *opts,
          mg_error *err)
{
    size_t i;
    int rc;

    memset(e, 0, sizeof(*e));
    e->md = md;
    e->n = mg_metadata_table_count(md);
    if (!(e->slots = malloc((e->n + 1) * sizeof(*e->slots))) ||
        !(e->keep = calloc(e->n + 1, 1)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; i < e->n; i++) {
        e->slots[i].ptr = (uintptr_t)table_at(e, i);
        e->slots[i].idx = i;
    }
    qsort(e->slots, e->n, sizeof(*e->slots), cmp_slot);
    if ((rc = select_tables(e, opts, err)) < 0)
        return rc;
    if (find_relationships(e) < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

int
mg_erd_select(mg_strlist *out, const mg_metadata *md, const mg_erd_opts *opts,
              mg_error *err)
{
    mg_erd_opts defaults;
    size_t i;
    erd e;
    int rc;

    if (!opts) {
        mg_erd_opts_init(&defaults);
        opts = &defaults;
    }
    if ((rc = erd_build(&e, md, opts, err)) == 0)
        for (i = 0; i < e.n && rc == 0; i++)
            if (e.keep[i] && mg_strlist_add(out, table_at(&e, i)->name) < 0)
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    erd_release(&e);
    return rc;
}

/* Key markers of a column: "PK", "FK", "UK" joined by ", " into b. */
static void
column_keys(mg_buf *b, const mg_table *t, const mg_column *c)
{
    const char *names[3] = { "PK", "FK", "UK" };
    int has[3] = { 0, 0, 0 }, i, n = 0;
    size_t j;

    for (j = 0; j < t->nconstraints; j++) {
        const mg_constraint *k = t->constraints[j];
        if (!has_column(&k->columns, c->name))
            continue;
        if (k->kind == MG_CONSTRAINT_PRIMARY_KEY)
            has[0] = 1;
        else if (k->kind == MG_CONSTRAINT_FOREIGN_KEY)
            has[1] = 1;
        else if (k->kind == MG_CONSTRAINT_UNIQUE)
            has[2] = 1;
    }
    for (j = 0; j < t->nindexes; j++)
        if (plain_unique_index(t, t->indexes[j]) &&
            has_column(&t->indexes[j]->expressions, c->name))
            has[2] = 1;
    for (i = 0; i < 3; i++)
        if (has[i])
            mg_buf_addf(b, "%s%s", n++ ? ", " : "", names[i]);
}

/* The position of a column in t, or -1. */
static long
column_index(const mg_table *t, const char *name)
{
    size_t i;

    for (i = 0; name && i < t->ncolumns; i++)
        if (strcasecmp(t->columns[i]->name, name) == 0)
            return (long)i;
    return -1;
}

/* ---- Mermaid -------------------------------------------------------------- */

/* A double-quoted entity name, label or comment: '"' becomes '\'' and the
 * characters a quoted ENTITY_NAME refuses ('%', '\\', controls) '_', as
 * does '~', which inside an entity block starts a generic type even within
 * quotes. An attribute comment (inside the block) may keep '%' and '\\'. */
static void
mm_quoted(mg_buf *b, const char *s, int comment)
{
    mg_buf_putc(b, '"');
    if (!*s)
        mg_buf_putc(b, '_');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"')
            mg_buf_putc(b, '\'');
        else if (((ch == '%' || ch == '\\') && !comment) || ch == '~' ||
                 ch < 0x20 || ch == 0x7f)
            mg_buf_putc(b, '_');
        else
            mg_buf_putc(b, (char)ch);
    }
    mg_buf_putc(b, '"');
}

static int
mm_start_char(unsigned char ch)
{
    return isalpha(ch) || ch == '_';
}

static int
mm_word_char(unsigned char ch)
{
    return isalnum(ch) || ch == '_' || ch == '-' || ch == '(' || ch == ')' ||
           ch == '[' || ch == ']';
}

/* An attribute type or name as one ATTRIBUTE_WORD that Mermaid 10 and 11
 * both take: other characters (non-ASCII ones too: Mermaid 10 refuses
 * them) become one '_' each; a word that cannot start one gets a '_' in
 * front, as does one the lexer would read as a PK/FK/UK key. Returns 1
 * when the word differs from s. */
static int
mm_word(mg_buf *b, const char *s)
{
    size_t start = b->len;
    const unsigned char *p = (const unsigned char *)s;
    const char *w;
    int changed = 0;

    if (*p && !mm_start_char(*p) && mm_word_char(*p)) {
        mg_buf_putc(b, '_');
        changed = 1;
    }
    for (; *p; p++) {
        if (mm_word_char(*p)) {
            mg_buf_putc(b, (char)*p);
            continue;
        }
        mg_buf_putc(b, '_');
        changed = 1;
        if (*p >= 0xc0)         /* one '_' per UTF-8 character */
            while ((p[1] & 0xc0) == 0x80)
                p++;
    }
    if (b->len == start) {
        mg_buf_putc(b, '_');
        return 1;
    }
    if (b->oom)
        return changed;
    w = b->ptr + start;
    if (b->len - start >= 2 && strchr("pPfFuU", w[0]) && strchr("kK", w[1]) &&
        (b->len - start == 2 || !(isalnum((unsigned char)w[2]) ||
                                  w[2] == '_'))) {
        mg_buf_putc(b, '_');    /* make room, then shift right by one */
        if (!b->oom) {
            memmove(b->ptr + start + 1, b->ptr + start, b->len - start - 1);
            b->ptr[start] = '_';
        }
        changed = 1;
    }
    return changed;
}

static void
mm_table(mg_buf *b, const mg_table *t)
{
    size_t i;

    mg_buf_puts(b, "    ");
    mm_quoted(b, t->name, 0);
    if (!t->ncolumns) {
        mg_buf_putc(b, '\n');
        return;
    }
    mg_buf_puts(b, " {\n");
    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *c = t->columns[i];
        mg_buf type = MG_BUF_INIT, keys = MG_BUF_INIT;
        int type_changed, name_changed;

        mg_type_format(&type, &c->type);
        column_keys(&keys, t, c);
        mg_buf_puts(b, "        ");
        type_changed = mm_word(b, mg_buf_cstr(&type));
        mg_buf_putc(b, ' ');
        name_changed = mm_word(b, c->name);
        if (keys.len)
            mg_buf_addf(b, " %s", mg_buf_cstr(&keys));
        if (type_changed || name_changed) {
            mg_buf orig = MG_BUF_INIT;
            if (name_changed && type_changed)
                mg_buf_addf(&orig, "%s: %s", c->name, mg_buf_cstr(&type));
            else
                mg_buf_puts(&orig, name_changed ? c->name
                                                : mg_buf_cstr(&type));
            mg_buf_putc(b, ' ');
            mm_quoted(b, mg_buf_cstr(&orig), 1);
            mg_buf_release(&orig);
        }
        mg_buf_putc(b, '\n');
        mg_buf_release(&type);
        mg_buf_release(&keys);
    }
    mg_buf_puts(b, "    }\n");
}

static void
render_mermaid(mg_buf *b, const erd *e, int fenced)
{
    size_t i;

    if (fenced)
        mg_buf_puts(b, "```mermaid\n");
    mg_buf_puts(b, "erDiagram\n");
    for (i = 0; i < e->n; i++)
        if (e->keep[i])
            mm_table(b, table_at(e, i));
    for (i = 0; i < e->nrels; i++) {
        const rel *r = &e->rels[i];
        mg_buf label = MG_BUF_INIT;

        mg_buf_puts(b, "    ");
        mm_quoted(b, table_at(e, r->parent)->name, 0);
        if (r->fk)
            mg_buf_addf(b, " %s--%s ", r->optional ? "|o" : "||",
                        r->unique ? "o|" : "o{");
        else
            mg_buf_puts(b, " }o..o{ ");
        mm_quoted(b, table_at(e, r->child)->name, 0);
        mg_buf_puts(b, " : ");
        if (r->fk)
            mg_strlist_join(&r->fk->columns, ", ", &label);
        else
            mg_buf_puts(&label, r->assoc->name);
        mm_quoted(b, mg_buf_cstr(&label), 0);
        mg_buf_putc(b, '\n');
        mg_buf_release(&label);
    }
    if (fenced)
        mg_buf_puts(b, "```\n");
}

/* ---- DOT ------------------------------------------------------------------ */

/* A DOT double-quoted string: '"' and '\\' escaped, controls as spaces. */
static void
dot_quoted(mg_buf *b, const char *s)
{
    mg_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            mg_buf_putc(b, '\\');
        mg_buf_putc(b, ch < 0x20 ? ' ' : (char)ch);
    }
    mg_buf_putc(b, '"');
}

/* Text inside an HTML-like label. */
static void
dot_html(mg_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': mg_buf_puts(b, "&lt;"); break;
        case '>': mg_buf_puts(b, "&gt;"); break;
        case '&': mg_buf_puts(b, "&amp;"); break;
        case '"': mg_buf_puts(b, "&quot;"); break;
        default:
            mg_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
        }
    }
}

static void
dot_table(mg_buf *b, const mg_table *t)
{
    size_t i;

    mg_buf_puts(b, "    ");
    dot_quoted(b, t->name);
    mg_buf_puts(b, " [label=<<table border=\"0\" cellborder=\"1\" "
                "cellspacing=\"0\" cellpadding=\"4\">\n"
                "        <tr><td colspan=\"3\" bgcolor=\"#dde4ee\"><b>");
    dot_html(b, t->name);
    mg_buf_puts(b, "</b></td></tr>\n");
    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *c = t->columns[i];
        mg_buf type = MG_BUF_INIT, keys = MG_BUF_INIT;

        mg_type_format(&type, &c->type);
        column_keys(&keys, t, c);
        mg_buf_addf(b, "        <tr><td port=\"c%zu\" align=\"left\">", i);
        dot_html(b, c->name);
        mg_buf_puts(b, "</td><td align=\"left\">");
        dot_html(b, mg_buf_cstr(&type));
        mg_buf_addf(b, "</td><td>%s</td></tr>\n", mg_buf_cstr(&keys));
        mg_buf_release(&type);
        mg_buf_release(&keys);
    }
    mg_buf_puts(b, "    </table>>];\n");
}

/* "NAME":"cN" for the column, or just "NAME" when there is none. */
static void
dot_end(mg_buf *b, const mg_table *t, long col)
{
    dot_quoted(b, t->name);
    if (col >= 0)
        mg_buf_addf(b, ":\"c%ld\"", col);
}

static void
render_dot(mg_buf *b, const erd *e)
{
    size_t i;

    mg_buf_puts(b, "digraph erd {\n"
                "    graph [rankdir=LR];\n"
                "    node [shape=plain, fontname=\"Helvetica\", "
                "fontsize=10];\n"
                "    edge [fontname=\"Helvetica\", fontsize=9, dir=both];\n");
    for (i = 0; i < e->n; i++)
        if (e->keep[i])
            dot_table(b, table_at(e, i));
    for (i = 0; i < e->nrels; i++) {
        const rel *r = &e->rels[i];
        const mg_table *p = table_at(e, r->parent), *c = table_at(e, r->child);
        mg_buf label = MG_BUF_INIT;

        mg_buf_puts(b, "    ");
        if (r->fk) {
            const char *ref = r->fk->ref_columns.n ? r->fk->ref_columns.v[0]
                              : mg_table_primary_key(p) &&
                                mg_table_primary_key(p)->columns.n
                              ? mg_table_primary_key(p)->columns.v[0] : NULL;
            dot_end(b, p, column_index(p, ref));
            mg_buf_puts(b, " -> ");
            dot_end(b, c, column_index(c, r->fk->columns.n
                                          ? r->fk->columns.v[0] : NULL));
            mg_strlist_join(&r->fk->columns, ", ", &label);
            mg_buf_puts(b, " [label=");
            dot_quoted(b, mg_buf_cstr(&label));
            mg_buf_addf(b, ", arrowtail=%s, arrowhead=%s];\n",
                        r->optional ? "teeodot" : "teetee",
                        r->unique ? "teeodot" : "crowodot");
        } else {
            dot_end(b, p, -1);
            mg_buf_puts(b, " -> ");
            dot_end(b, c, -1);
            mg_buf_puts(b, " [label=");
            dot_quoted(b, r->assoc->name);
            mg_buf_puts(b, ", arrowtail=crowodot, arrowhead=crowodot, "
                        "style=dashed, constraint=false];\n");
        }
        mg_buf_release(&label);
    }
    mg_buf_puts(b, "}\n");
}

/* ---- SVG ------------------------------------------------------------------ */

#ifdef MG_WITH_GVC
/* Lay out dot with Graphviz's dot engine and append the SVG to out. The
 * SVG goes through a temporary file: gvRender's FILE * is the one
 * interface whose signature has not changed across Graphviz versions. */
static int
render_svg(mg_buf *out, const char *dot, mg_error *err)
{
    GVC_t *gvc;
    Agraph_t *g = NULL;
    FILE *f = NULL;
    char chunk[8192];
    size_t n;
    int rc = 0;

    if ((rc = gvc_api_load(err)) < 0)
        return rc;
    agseterr(AGERR);
    if (!(gvc = gvContext()))
        return mg_error_set(err, MG_ENOMEM, "graphviz: cannot start");
    if (!(g = agmemread(dot))) {
        rc = mg_error_set(err, MG_ERROR, "graphviz: cannot read the "
                          "diagram: %s", aglasterr() ? aglasterr() : "?");
        goto done;
    }
    if (gvLayout(gvc, g, "dot") != 0) {
        rc = mg_error_set(err, MG_ERROR, "graphviz: cannot lay out the "
                          "diagram (is the 'dot' plugin installed?)");
        goto done;
    }
    if (!(f = tmpfile()) || gvRender(gvc, g, "svg", f) != 0) {
        rc = mg_error_set(err, MG_ERROR, "graphviz: cannot render svg");
        gvFreeLayout(gvc, g);
        goto done;
    }
    gvFreeLayout(gvc, g);
    rewind(f);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_buf_add(out, chunk, n);
done:
    if (f)
        fclose(f);
    if (g)
        agclose(g);
    gvFreeContext(gvc);
    return rc;
}
#endif

int
mg_erd_render(mg_buf *out, const mg_metadata *md, const mg_erd_opts *opts,
              mg_error *err)
{
    mg_erd_opts defaults;
    erd e;
    int rc;

    if (!opts) {
        mg_erd_opts_init(&defaults);
        opts = &defaults;
    }
    if ((unsigned)opts->format > MG_ERD_SVG)
        return mg_error_set(err, MG_EUSAGE, "unknown diagram format %d",
                            (int)opts->format);
    if (opts->format == MG_ERD_SVG && !mg_erd_svg_available())
        return mg_error_set(err, MG_EUSAGE, "svg output needs Graphviz "
                            "(libgvc), which this build lacks: use --format "
                            "dot and run 'dot -Tsvg', or rebuild with "
                            "libgraphviz-dev installed");
    if ((rc = erd_build(&e, md, opts, err)) < 0)
        goto done;
    if (opts->format == MG_ERD_MERMAID) {
        render_mermaid(out, &e, opts->fenced);
    } else if (opts->format == MG_ERD_DOT) {
        render_dot(out, &e);
    } else {
#ifdef MG_WITH_GVC
        mg_buf dot = MG_BUF_INIT;
        render_dot(&dot, &e);
        rc = dot.oom ? mg_error_set(err, MG_ENOMEM, "out of memory")
                     : render_svg(out, mg_buf_cstr(&dot), err);
        mg_buf_release(&dot);
#endif
    }
    if (rc == 0 && out->oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    erd_release(&e);
    return rc;
}
