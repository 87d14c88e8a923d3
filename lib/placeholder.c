/* placeholder.c - finding the `?` parameters of a statement. Programs write
 * `?` on every dialect; PostgreSQL wants $1, $2... A `?` inside a string
 * literal, a quoted identifier or a comment is text, not a parameter, so
 * the scan reads those the way the dialect does (its split flags say
 * whether backslashes escape, # starts a comment, $tag$ quotes). A `?`
 * meant as an operator (PostgreSQL's jsonb `?`) cannot be told apart:
 * use the function form (jsonb_exists) instead. */
#include "db_int.h"

#include <ctype.h>
#include <string.h>

static int
ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' ||
           (unsigned char)ch >= 0x80;
}

/* Length of a $tag$ opening at p, 0 when p does not open one. */
static size_t
dollar_tag(const char *p)
{
    size_t n = 1;

    if (isdigit((unsigned char)p[1]))
        return 0;   /* $1: a parameter */
    while (ident_char(p[n]) && p[n] != '$')
        n++;
    return p[n] == '$' ? n + 1 : 0;
}

/* End of a quoted run opened by q at p (p past the opening quote). */
static const char *
skip_quoted(const char *p, char q, int backslash)
{
    while (*p) {
        if (backslash && *p == '\\' && p[1]) {
            p += 2;
            continue;
        }
        if (*p == q) {
            if (p[1] == q) {
                p += 2;
                continue;
            }
            return p + 1;
        }
        p++;
    }
    return p;
}

int
mg_db__placeholders(mg_buf *out, size_t *nparams_out, const char *sql,
                    unsigned int flags, int dollar)
{
    const char *p = sql, *start;
    int bs = (flags & MG_SPLIT_BACKSLASH_ESCAPES) != 0;
    size_t n = 0;

    *nparams_out = 0;
    while (*p) {
        start = p;
        if (*p == '\'') {
            int e = (flags & MG_SPLIT_E_STRINGS) && p > sql &&
                    (p[-1] == 'E' || p[-1] == 'e') &&
                    (p - 1 == sql || !ident_char(p[-2]));
            p = skip_quoted(p + 1, '\'', bs || e);
        } else if (*p == '"') {
            p = skip_quoted(p + 1, '"', bs);
        } else if (*p == '`') {
            p = skip_quoted(p + 1, '`', 0);
        } else if ((p[0] == '-' && p[1] == '-') ||
                   (*p == '#' && (flags & MG_SPLIT_HASH_COMMENTS))) {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else if (*p == '$' && (flags & MG_SPLIT_DOLLAR_QUOTES) &&
                   (p == sql || !ident_char(p[-1])) && dollar_tag(p)) {
            size_t tl = dollar_tag(p);
            char tag[64];
            const char *end;

            if (tl >= sizeof(tag)) {
                p += tl;
            } else {
                memcpy(tag, p, tl);
                tag[tl] = '\0';
                end = strstr(p + tl, tag);
                p = end ? end + tl : p + strlen(p);
            }
        } else if (*p == '?') {
            n++;
            if (dollar)
                mg_buf_addf(out, "$%zu", n);
            else
                mg_buf_putc(out, '?');
            p++;
            continue;
        } else {
            p++;
        }
        mg_buf_add(out, start, (size_t)(p - start));
    }
    if (!out->ptr)
        mg_buf_puts(out, "");
    *nparams_out = n;
    return out->oom ? MG_ENOMEM : 0;
}
