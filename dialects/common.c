/* common.c - renderers shared by dialects that follow the SQL standard. */
#include "mg_dialect.h"

void
mg_dialect_ansi_quote_ident(mg_buf *b, const char *ident)
{
    mg_buf_putc(b, '"');
    for (; *ident; ident++) {
        if (*ident == '"')
            mg_buf_putc(b, '"');
        mg_buf_putc(b, *ident);
    }
    mg_buf_putc(b, '"');
}

void
mg_dialect_ansi_quote_literal(mg_buf *b, const char *s)
{
    mg_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            mg_buf_putc(b, '\'');
        mg_buf_putc(b, *s);
    }
    mg_buf_putc(b, '\'');
}

/* Copy a quoted identifier from s (at its opening quote) into b with the
 * quote character q; returns the position after the closing quote. */
static const char *
requote_ident(mg_buf *b, const char *s, char q)
{
    char open = *s++;

    mg_buf_putc(b, q);
    while (*s) {
        if (*s == open) {
            if (s[1] != open) {
                s++;
                break;
            }
            s++;          /* a doubled quote: one of it in the name */
        }
        if (*s == q)
            mg_buf_putc(b, q);
        mg_buf_putc(b, *s++);
    }
    mg_buf_putc(b, q);
    return s;
}

void
mg_dialect_requote(mg_buf *b, const char *expr, char q, int backslash)
{
    const char *s = expr;

    while (*s) {
        if (*s == '\'') {
            const char *p = s + 1;
            while (*p) {
                if (backslash && *p == '\\' && p[1]) {
                    p += 2;
                    continue;
                }
                if (*p == '\'') {
                    if (p[1] != '\'')
                        break;
                    p++;
                }
                p++;
            }
            if (*p)
                p++;
            mg_buf_add(b, s, (size_t)(p - s));
            s = p;
        } else if (*s == '"' || *s == '`') {
            s = requote_ident(b, s, q);
        } else {
            mg_buf_putc(b, *s++);
        }
    }
}
