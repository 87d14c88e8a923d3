/* model_renames.c - the model annotation "-- migrate: renamed from OLD"
 * on a table's or a column's line, read in a pass of its own over the
 * text the parser already read: a comment is nothing to the grammar, so
 * the parser stays as it is, and this pass only needs to know which
 * definition starts on which line (CREATE TABLE's name, and inside its
 * parentheses the first word of each item that is not a constraint). The
 * comments are found in the gaps between tokens, so a "--" inside a
 * string is never taken for one. */
#include "renames_int.h"
#include "sqltok_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ANNOTATION "migrate:"
#define RENAMED    "renamed from"

/* What the scan knows: the last definition started and on which line. */
typedef struct scan {
    mg_metadata *md;
    const char  *path;
    const char  *s;
    mg_error    *err;
    int          line;        /* line at offset pos */
    size_t       pos;         /* how far lines are counted */
    int          def_line;    /* line of the last definition, 0: none */
    char        *table;       /* its table */
    char        *column;      /* its column, NULL for the table itself */
    int          depth;       /* parentheses inside CREATE TABLE */
    int          state;       /* S_* */
    int          want_item;   /* at depth 1, the next token starts one */
} scan;

enum { S_NONE, S_CREATE, S_TABLE, S_NAME, S_BODY };

/* The line of offset off (off never goes backwards). */
static int
line_at(scan *sc, size_t off)
{
    for (; sc->pos < off; sc->pos++)
        if (sc->s[sc->pos] == '\n')
            sc->line++;
    return sc->line;
}

/* The column of offset off, in characters as the lexer counts them (a
 * UTF-8 continuation byte is not one), so errors point where the model
 * parser's own would. */
static int
col_at(const char *s, size_t off)
{
    size_t i = off;
    int col = 1;

    while (i > 0 && s[i - 1] != '\n')
        i--;
    for (; i < off; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            col++;
    return col;
}

/* The text of identifier token [from, to), unquoted, malloc'd; "" when
 * it is empty (an annotation at the very end of the text: s[from] is then
 * past it). */
static char *
ident(const char *s, size_t from, size_t to)
{
    char q = from < to ? s[from] : '\0', close, *out, *o;
    size_t i;

    if (q != '"' && q != '`' && q != '[')
        return strndup(s + from, to - from);
    close = q == '[' ? ']' : q;
    if (!(o = out = malloc(to - from + 1)))
        return NULL;
    for (i = from + 1; i + 1 < to; i++) {
        *o++ = s[i];
        if (s[i] == close && s[i + 1] == close)
            i++;
    }
    *o = '\0';
    return out;
}

/* Constraint words that start a table item that is not a column. */
static int
item_keyword(const char *w, size_t n)
{
    static const char *const kw[] = { "CONSTRAINT", "PRIMARY", "UNIQUE",
                                      "FOREIGN", "CHECK", "KEY", "INDEX",
                                      "FULLTEXT", "SPATIAL", "EXCLUDE",
                                      "LIKE", "PERIOD", NULL };
    size_t i;

    for (i = 0; kw[i]; i++)
        if (mg_sqltok__word_is(w, n, kw[i]))
            return 1;
    return 0;
}

/* A definition (table, or column when column is not NULL) starts at
 * line; scan takes both strings. */
static int
defined(scan *sc, int line, char *table, char *column)
{
    if (!table) {
        free(column);
        return mg_error_set(sc->err, MG_ENOMEM, "out of memory");
    }
    free(sc->table);
    free(sc->column);
    sc->table = table;
    sc->column = column;
    sc->def_line = line;
    return 0;
}

/* Set renamed_from to old on the definition the annotation at line:col
 * belongs to. */
static int
annotate(scan *sc, int line, int col, const char *old)
{
    mg_table *t;
    mg_column *c;
    char **slot;

    if (!*old)
        return mg_error_set_at(sc->err, MG_EPARSE, sc->path, line, col,
                               "'-- migrate: renamed from' needs the old "
                               "name");
    if (sc->def_line != line)
        return mg_error_set_at(sc->err, MG_EPARSE, sc->path, line, col,
                               "'-- migrate: renamed from %s' must be on "
                               "the line of a table or column definition",
                               old);
    if (!(t = (mg_table *)mg_metadata_table(sc->md, sc->table)))
        return 0;           /* not a table the parser kept */
    if (sc->column && !(c = (mg_column *)mg_table_column(t, sc->column)))
        return 0;
    slot = sc->column ? &c->renamed_from : &t->renamed_from;
    free(*slot);
    if (!(*slot = strdup(old)))
        return mg_error_set(sc->err, MG_ENOMEM, "out of memory");
    return 0;
}

/* One "--" comment's text [from, to) at line:col (of its "--"): an
 * annotation or not. */
static int
comment(scan *sc, size_t from, size_t to, int line, int col)
{
    const char *s = sc->s;
    char *old;
    int rc;

    while (from < to && (s[from] == ' ' || s[from] == '\t'))
        from++;
    if (to - from < strlen(ANNOTATION) ||
        strncasecmp(s + from, ANNOTATION, strlen(ANNOTATION)) != 0)
        return 0;
    from += strlen(ANNOTATION);
    while (from < to && (s[from] == ' ' || s[from] == '\t'))
        from++;
    if (to - from < strlen(RENAMED) ||
        strncasecmp(s + from, RENAMED, strlen(RENAMED)) != 0)
        return 0;           /* another annotation: not ours */
    from += strlen(RENAMED);
    while (from < to && (s[from] == ' ' || s[from] == '\t'))
        from++;
    while (to > from && (s[to - 1] == ' ' || s[to - 1] == '\t' ||
                         s[to - 1] == '\r'))
        to--;
    if (!(old = ident(s, from, to)))
        return mg_error_set(sc->err, MG_ENOMEM, "out of memory");
    rc = annotate(sc, line, col, old);
    free(old);
    return rc;
}

/* The comments in the gap [from, to) between two tokens. */
static int
gap(scan *sc, size_t from, size_t to)
{
    const char *s = sc->s;
    size_t i = from, end;
    int rc;

    while (i + 1 < to) {
        if (s[i] == '/' && s[i + 1] == '*') {
            for (i += 2; i + 1 < to && !(s[i] == '*' && s[i + 1] == '/');
                 i++)
                ;
            i += 2;
        } else if (s[i] == '-' && s[i + 1] == '-') {
            for (end = i + 2; end < to && s[end] != '\n'; end++)
                ;
            if ((rc = comment(sc, i + 2, end, line_at(sc, i),
                              col_at(s, i))) < 0)
                return rc;
            i = end;
        } else {
            i++;
        }
    }
    return 0;
}

/* Advance the CREATE TABLE state machine by one token. */
static int
token(scan *sc, int kind, size_t start, size_t end)
{
    const char *w = sc->s + start;
    size_t n = end - start;
    int line = line_at(sc, start);
    int punct = kind == MG_TOK_PUNCT ? *w : 0;

    if (punct == ';') {
        sc->state = S_NONE;
        sc->depth = 0;
        return 0;
    }
    switch (sc->state) {
    case S_NONE:
        if (kind == MG_TOK_WORD && mg_sqltok__word_is(w, n, "CREATE"))
            sc->state = S_CREATE;
        return 0;
    case S_CREATE:          /* CREATE [TEMP...] TABLE */
        if (kind == MG_TOK_WORD && mg_sqltok__word_is(w, n, "TABLE"))
            sc->state = S_TABLE;
        else if (kind != MG_TOK_WORD || punct)
            sc->state = S_NONE;
        return 0;
    case S_TABLE:           /* [IF NOT EXISTS] name */
        if (kind == MG_TOK_WORD && (mg_sqltok__word_is(w, n, "IF") ||
                                    mg_sqltok__word_is(w, n, "NOT") ||
                                    mg_sqltok__word_is(w, n, "EXISTS")))
            return 0;
        sc->state = S_NAME;
        return defined(sc, line, ident(sc->s, start, end), NULL);
    case S_NAME:            /* [. name] ( */
        if (punct == '.')
            return 0;
        if (punct == '(') {
            sc->state = S_BODY;
            sc->depth = 1;
            sc->want_item = 1;
            return 0;
        }
        if (kind == MG_TOK_WORD || kind == MG_TOK_QUOTED)
            return defined(sc, line, ident(sc->s, start, end), NULL);
        sc->state = S_NONE;
        return 0;
    default:                /* S_BODY */
        if (punct == '(')
            sc->depth++;
        else if (punct == ')' && --sc->depth == 0)
            sc->state = S_NONE;
        else if (punct == ',' && sc->depth == 1)
            sc->want_item = 1;
        else if (sc->depth == 1 && sc->want_item) {
            sc->want_item = 0;
            if ((kind == MG_TOK_WORD && !item_keyword(w, n)) ||
                kind == MG_TOK_QUOTED)
                return defined(sc, line, sc->table ? strdup(sc->table)
                                                    : NULL,
                               ident(sc->s, start, end));
        }
        return 0;
    }
}

int
mg_model__renames(mg_metadata *md, const char *path, const char *text,
                  size_t len, mg_error *err)
{
    mg_sqlcur c;
    scan sc;
    size_t start, prev = 0;
    int kind, rc = 0;

    if (!text || !len)
        return 0;
    memset(&sc, 0, sizeof(sc));
    sc.md = md;
    sc.path = path ? path : "<model>";
    sc.s = text;
    sc.err = err;
    sc.line = 1;
    memset(&c, 0, sizeof(c));
    c.s = text;
    c.len = len;
    c.line = 1;
    do {
        kind = mg_sqltok__next(&c, &start);
        if ((rc = gap(&sc, prev, start)) < 0)
            break;
        if (kind != MG_TOK_END && (rc = token(&sc, kind, start, c.i)) < 0)
            break;
        prev = c.i;
    } while (kind != MG_TOK_END);
    if (rc == 0 && prev < len)
        rc = gap(&sc, prev, len);
    free(sc.table);
    free(sc.column);
    return rc;
}
