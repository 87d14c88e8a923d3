/* rowset.c - mg_rows: a query's rows held as text, filled by
 * mg_engine_query through mg_rows__add. Small result sets are all it
 * reads (the version table, lint's statistics), so materialising them
 * frees the caller of any cursor. */
#include "mg_dialect.h"
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

/* Values live in one growing text buffer and are found by offset: a
 * catalog query over 10,000 tables returns a million values, and a
 * malloc each would double what they weigh. */
#define NULL_VALUE ((size_t)-1)

struct mg_rows {
    size_t  ncols;
    size_t  nrows;
    size_t  cap;      /* offset slots allocated */
    size_t *offsets;  /* nrows * ncols into text, NULL_VALUE for SQL NULL */
    char   *text;     /* every value, each ending in NUL */
    size_t  len, size;
};

mg_rows *
mg_rows__new(void)
{
    return calloc(1, sizeof(mg_rows));
}

int
mg_rows__set_columns(mg_rows *r, size_t ncols)
{
    if (r->nrows)
        return MG_ERROR;
    r->ncols = ncols;
    return 0;
}

/* Room for n more bytes of text. */
static int
reserve_text(mg_rows *r, size_t n)
{
    size_t size = r->size ? r->size : 4096;
    char *t;

    if (r->len + n <= r->size)
        return 0;
    while (size < r->len + n) {
        if (size > ((size_t)-1) / 2)
            return MG_ENOMEM;
        size *= 2;
    }
    if (!(t = realloc(r->text, size)))
        return MG_ENOMEM;
    r->text = t;
    r->size = size;
    return 0;
}

int
mg_rows__add(mg_rows *r, const char *const *values, const size_t *lens)
{
    size_t need = (r->nrows + 1) * r->ncols, i, total = 0;
    size_t *slot;

    if (need > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        size_t *v;
        while (cap < need)
            cap *= 2;
        v = realloc(r->offsets, cap * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        r->offsets = v;
        r->cap = cap;
    }
    for (i = 0; i < r->ncols; i++)
        if (values[i])
            total += (lens ? lens[i] : strlen(values[i])) + 1;
    if (reserve_text(r, total) < 0)
        return MG_ENOMEM;
    slot = r->offsets + r->nrows * r->ncols;
    for (i = 0; i < r->ncols; i++) {
        size_t n;
        if (!values[i]) {
            slot[i] = NULL_VALUE;
            continue;
        }
        n = lens ? lens[i] : strlen(values[i]);
        memcpy(r->text + r->len, values[i], n);
        r->text[r->len + n] = '\0';
        slot[i] = r->len;
        r->len += n + 1;
    }
    r->nrows++;
    return 0;
}

size_t
mg_rows_count(const mg_rows *r)
{
    return r ? r->nrows : 0;
}

size_t
mg_rows_columns(const mg_rows *r)
{
    return r ? r->ncols : 0;
}

const char *
mg_rows_value(const mg_rows *r, size_t row, size_t col)
{
    size_t off;

    if (!r || row >= r->nrows || col >= r->ncols)
        return NULL;
    off = r->offsets[row * r->ncols + col];
    return off == NULL_VALUE ? NULL : r->text + off;
}

void
mg_rows_free(mg_rows *r)
{
    if (!r)
        return;
    free(r->offsets);
    free(r->text);
    free(r);
}
