/* buf.c - mg_buf, the growable text buffer, and mg_strlist. After an
 * allocation failure a buffer stays marked so one check at the end
 * suffices. */
#include "mg_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
grow(mg_buf *b, size_t extra)
{
    size_t want, cap;
    char *p;

    if (b->oom)
        return MG_ENOMEM;
    if (extra > ((size_t)-1) / 2 - b->len)
        goto fail;
    want = b->len + extra + 1;
    if (want <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    p = realloc(b->ptr, cap);
    if (!p)
        goto fail;
    b->ptr = p;
    b->cap = cap;
    return 0;
fail:
    b->oom = 1;
    return MG_ENOMEM;
}

int
mg_buf_add(mg_buf *b, const char *s, size_t n)
{
    if (grow(b, n) < 0)
        return MG_ENOMEM;
    if (n)
        memcpy(b->ptr + b->len, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return 0;
}

int
mg_buf_puts(mg_buf *b, const char *s)
{
    return mg_buf_add(b, s, strlen(s));
}

int
mg_buf_putc(mg_buf *b, char c)
{
    return mg_buf_add(b, &c, 1);
}

int
mg_buf_vaddf(mg_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0 || grow(b, (size_t)n) < 0)
        return MG_ENOMEM;
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int
mg_buf_addf(mg_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = mg_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *
mg_buf_cstr(const mg_buf *b)
{
    return b->ptr ? b->ptr : "";
}

char *
mg_buf_detach(mg_buf *b)
{
    char *p = b->ptr;

    if (!p)
        p = calloc(1, 1);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
    return p;
}

void
mg_buf_clear(mg_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void
mg_buf_release(mg_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

int
mg_strlist_addn(mg_strlist *l, const char *s, size_t n)
{
    char *copy;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        char **v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    copy = malloc(n + 1);
    if (!copy)
        return MG_ENOMEM;
    memcpy(copy, s, n);
    copy[n] = '\0';
    l->v[l->n++] = copy;
    return 0;
}

int
mg_strlist_add(mg_strlist *l, const char *s)
{
    return mg_strlist_addn(l, s, strlen(s));
}

int
mg_strlist_contains(const mg_strlist *l, const char *s)
{
    size_t i;

    for (i = 0; l && i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return 1;
    return 0;
}

int
mg_strlist_join(const mg_strlist *l, const char *sep, mg_buf *b)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        if (i)
            mg_buf_puts(b, sep);
        mg_buf_puts(b, l->v[i]);
    }
    return b->oom ? MG_ENOMEM : 0;
}

void
mg_strlist_release(mg_strlist *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
