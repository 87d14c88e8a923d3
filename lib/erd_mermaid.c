/* erd_mermaid.c - the Mermaid writer of entity-relationship diagrams
 * (mg_erd.h): an erDiagram with one entity per table, one relationship per
 * foreign key (or collapsed association table), and views as entities
 * joined by dashed (non-identifying) relationships to what they read.
 *
 * Mermaid's ER grammar (erDiagram.jison) is the constraint: its lexer
 * takes the first rule that matches, so bare entity names beginning with
 * "one", "many", "to", "class"... break; quoted ones never do, so every
 * entity name and label is quoted. Attribute names and types cannot be
 * quoted on the Mermaid versions GitHub has run, so they are reduced to
 * the characters its ATTRIBUTE_WORD takes. */
#include "erd_int.h"

#include <ctype.h>
#include <string.h>


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
        mg_erd__column_keys(&keys, t, c);
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

/* One relationship line: "PARENT" ||--o{ "CHILD" : "LABEL". */
static void
mm_rel(mg_buf *b, const mg_erd__graph *g, const mg_erd__rel *r)
{
    mg_buf label = MG_BUF_INIT;

    mg_buf_puts(b, "    ");
    mm_quoted(b, mg_erd__node_name(g, r->parent), 0);
    if (r->kind == MG_ERD_REL_FK) {
        mg_buf_addf(b, " %s--%s ", r->optional ? "|o" : "||",
                    r->unique ? "o|" : "o{");
        mg_strlist_join(&r->fk->columns, ", ", &label);
    } else if (r->kind == MG_ERD_REL_MANY) {
        mg_buf_puts(b, " }o..o{ ");
        mg_buf_puts(&label, r->assoc->name);
    } else {
        mg_buf_puts(b, " ||..o{ ");
        mg_buf_puts(&label, "read by view");
    }
    mm_quoted(b, mg_erd__node_name(g, r->child), 0);
    mg_buf_puts(b, " : ");
    mm_quoted(b, mg_buf_cstr(&label), 0);
    mg_buf_putc(b, '\n');
    mg_buf_release(&label);
}

/* The diagram: entities (tables, then views as entities without
 * attributes), then relationships. */
void
mg_erd__mermaid(mg_buf *b, const mg_erd__graph *g, int fenced)
{
    size_t i;

    if (fenced)
        mg_buf_puts(b, "```mermaid\n");
    mg_buf_puts(b, "erDiagram\n");
    for (i = 0; i < g->ntables + g->nviews; i++) {
        if (!g->keep[i])
            continue;
        if (i < g->ntables) {
            mm_table(b, mg_erd__node_table(g, i));
        } else {
            mg_buf_puts(b, "    ");
            mm_quoted(b, mg_erd__node_name(g, i), 0);
            mg_buf_putc(b, '\n');
        }
    }
    for (i = 0; i < g->nrels; i++)
        mm_rel(b, g, &g->rels[i]);
    if (fenced)
        mg_buf_puts(b, "```\n");
}
