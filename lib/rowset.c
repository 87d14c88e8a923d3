/* rowset.c - mg_rows: a query's rows held as text, filled by a dialect's
 * query() through mg_rows_add. Small result sets are all the runtime reads,
 * so materialising them keeps every dialect's cursor handling private. */
#include "mg_dialect.h"
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

struct mg_rows {
    size_t  ncols;
    size_t  nrows;
    size_t  cap;      /* value slots allocated */
    char  **values;   /* nrows * ncols, NULL for SQL NULL */
};

mg_rows *
mg_rows__new(void)
{
    return calloc(1, sizeof(mg_rows));
}

int
mg_rows_set_columns(mg_rows *r, size_t ncols)
{
    if (r->nrows)
        return MG_ERROR;
    r->ncols = ncols;
    return 0;
}

int
mg_rows_add(mg_rows *r, const char *const *values, const size_t *lens)
{
    size_t need = (r->nrows + 1) * r->ncols, i;

    if (need > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **v;
        while (cap < need)
            cap *= 2;
        v = realloc(r->values, cap * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        r->values = v;
        r->cap = cap;
    }
    for (i = 0; i < r->ncols; i++) {
        char *copy = NULL;
        if (values[i]) {
            size_t n = lens ? lens[i] : strlen(values[i]);
            copy = malloc(n + 1);
            if (!copy) {
                while (i-- > 0)
                    free(r->values[r->nrows * r->ncols + i]);
                return MG_ENOMEM;
            }
            memcpy(copy, values[i], n);
            copy[n] = '\0';
        }
        r->values[r->nrows * r->ncols + i] = copy;
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
    if (!r || row >= r->nrows || col >= r->ncols)
        return NULL;
    return r->values[row * r->ncols + col];
}

void
mg_rows_free(mg_rows *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->nrows * r->ncols; i++)
        free(r->values[i]);
    free(r->values);
    free(r);
}
