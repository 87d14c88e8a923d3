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
