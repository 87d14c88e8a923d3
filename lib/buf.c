/* buf.c - mg_buf, the growable text buffer, and mg_strlist. After an
 * allocation failure a buffer stays marked so one check at the end
 * suffices. */
#include "mg_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Length of the valid UTF-8 sequence at s (1-4), 0 when it is not one:
 * overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t
utf8_length(const unsigned char *s)
{
    size_t n, i;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4, cp = s[0] & 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n;
}

int
mg_buf_add_printable(mg_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n;

    while (*p) {
        if (*p == '\\')
            mg_buf_puts(b, "\\\\");
        else if (*p == '\n')
            mg_buf_puts(b, "\\n");
        else if (*p == '\r')
            mg_buf_puts(b, "\\r");
        else if (*p == '\t')
            mg_buf_puts(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f || (n = utf8_length(p)) == 0 ||
                 (*p == 0xc2 && p[1] < 0xa0))   /* C1 controls too */
            mg_buf_addf(b, "\\x%02x", *p);
        else {
            mg_buf_add(b, (const char *)p, n);
            p += n;
            continue;
        }
        p++;
    }
    return b->oom ? MG_ENOMEM : 0;
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
mg_strlist_leads_with(const mg_strlist *l, const mg_strlist *prefix)
{
    size_t i;

    if (prefix->n == 0 || l->n < prefix->n)
        return 0;
    for (i = 0; i < prefix->n; i++)
        if (strcasecmp(l->v[i], prefix->v[i]) != 0)
            return 0;
    return 1;
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
