/* split.c - splitting SQL text into statements, each with the line on which
 * it starts, in one forward pass of a small lexer that knows only what
 * decides where a statement ends. Quotes: '' "" and `` double to escape;
 * MG_SPLIT_BACKSLASH_ESCAPES adds backslash escapes in '...' and "..."
 * (then a MariaDB string); MG_SPLIT_E_STRINGS adds E'...'; with
 * MG_SPLIT_DOLLAR_QUOTES a $tag$ whose tag is empty or [A-Za-z_][A-Za-z0-9_]*
 * and which does not follow an identifier character opens a dollar quote
 * ($1 and a$b$ do not). Comments: -- to end of line, block comments that
 * nest only with MG_SPLIT_DOLLAR_QUOTES (PostgreSQL nests, SQLite and
 * MariaDB do not); with MG_SPLIT_HASH_COMMENTS (MariaDB lexing) # at the
 * start of a token, -- only when a blank or control character follows, and
 * executable comments (slash-star-bang, slash-star-M-bang) count as
 * statement text. With MG_SPLIT_DELIMITER a line "DELIMITER xx" between
 * statements sets the terminator (at most 16 bytes; any other than ';' is
 * the only terminator and is found even inside a word, as in END$$). A
 * statement is a routine when its leading words are CREATE [OR REPLACE]
 * [TEMP|TEMPORARY] [DEFINER = user[@host]] [AGGREGATE] [CONSTRAINT] then
 * TRIGGER, PROCEDURE, FUNCTION or EVENT; in a routine BEGIN and CASE open a
 * level and END closes one, except that END IF, END LOOP, END WHILE, END
 * REPEAT and END FOR close nothing, their openers never being counted (so
 * IF(), IF NOT EXISTS and CURSOR FOR are harmless), and END CASE closes its
 * CASE; a word right after '.' is a column, never a keyword. A ';' above
 * level zero, or any unquoted ';' under a custom delimiter, stays in the
 * statement and makes it a block; an unclosed body runs to the end. A
 * statement's text runs from its first token to the end of its last, so
 * surrounding comments and white space go. Each byte is looked at a bounded
 * number of times, so the pass is linear. A NUL byte anywhere is refused
 * with MG_EPARSE "NUL byte in SQL text": statements leave as C strings. */
#include "mg_split.h"
#include "sqltok_int.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DELIMITER 16

/* The shared lexer's character classes, by their short names. */
#define is_space mg_sqltok__is_space
#define is_digit mg_sqltok__is_digit
#define is_ident mg_sqltok__is_ident
#define word_is  mg_sqltok__word_is

/* One statement. */
typedef struct stmt {
    char *sql;          /* NUL-terminated text, owned */
    int   line;         /* line of its first character */
    int   block;        /* 1 when an unquoted ';' is inside */
} stmt;

struct mg_stmtlist {
    stmt   *v;          /* statements in input order */
    size_t  n;          /* statements used */
    size_t  cap;        /* statements allocated */
};

/* How far the leading words of a statement have been recognised. */
enum {
    HDR_START,          /* no token yet */
    HDR_CREATE,         /* CREATE and modifiers so far */
    HDR_OTHER,          /* not a routine */
    HDR_ROUTINE         /* CREATE ... TRIGGER/PROCEDURE/FUNCTION/EVENT */
};

typedef struct lexer {
    mg_sqlcur     c;            /* the text and the position in it */
    char          delim[MAX_DELIMITER + 1]; /* custom terminator */
    size_t        delim_len;    /* 0 while the terminator is ';' */

    int           started;      /* the current statement has a token */
    size_t        start;        /* offset of its first token */
    size_t        end;          /* offset just past its last token */
    int           start_line;   /* line of its first token */
    int           block;        /* an unquoted ';' is inside */
    int           hdr;          /* HDR_* */
    int           definer_words; /* words still allowed after DEFINER */
    size_t        depth;        /* BEGIN/CASE nesting level */
    int           pending_end;  /* END seen, its effect waits for the next
                                 * token (END IF, END CASE...) */
} lexer;

static int
parse_error(mg_error *err, int line, const char *msg)
{
    mg_error_set(err, MG_EPARSE, "%s", msg);
    if (err)
        err->line = line;
    return MG_EPARSE;
}

/* Whether the custom delimiter starts at offset at. */
static int
at_delim(const lexer *lx, size_t at)
{
    return lx->delim_len && lx->c.len - at >= lx->delim_len &&
           memcmp(lx->c.s + at, lx->delim, lx->delim_len) == 0;
}

/* Recognise "DELIMITER xx" on the line starting at lx->c.i. Returns 1 after
 * consuming it (up to, not including, the newline), 0 when the line is
 * something else, or an error. */
static int
delimiter_line(lexer *lx, mg_error *err)
{
    const char *s = lx->c.s;
    size_t j = lx->c.i, k;

    while (j < lx->c.len && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (lx->c.len - j < 9 || !word_is(s + j, 9, "DELIMITER"))
        return 0;
    j += 9;
    if (j < lx->c.len && !is_space((unsigned char)s[j]))
        return 0;
    while (j < lx->c.len && (s[j] == ' ' || s[j] == '\t'))
        j++;
    for (k = j; k < lx->c.len && !is_space((unsigned char)s[k]); k++)
        ;
    if (k == j)
        return parse_error(err, lx->c.line,
                           "missing delimiter after DELIMITER");
    if (k - j > MAX_DELIMITER)
        return parse_error(err, lx->c.line, "delimiter longer than 16 bytes");
    if (k - j == 1 && s[j] == ';') {
        lx->delim_len = 0;
    } else {
        memcpy(lx->delim, s + j, k - j);
        lx->delim[k - j] = '\0';
        lx->delim_len = k - j;
    }
    lx->c.i = k;
    mg_sqltok__skip_line_comment(&lx->c);
    return 1;
}

/* Start the statement at its first token if not yet started. */
static void
begin_token(lexer *lx, size_t at)
{
    if (!lx->started) {
        lx->started = 1;
        lx->start = at;
        lx->start_line = lx->c.line;
    }
}

/* Apply a waiting END: it closes a level. */
static void
resolve_end(lexer *lx)
{
    if (lx->pending_end) {
        lx->pending_end = 0;
        if (lx->depth > 0)
            lx->depth--;
    }
}

/* Account for a token of the current statement at [at, lx->c.i): word is 1
 * for an unquoted word that may be a keyword. Tracks the leading words and
 * the BEGIN/CASE...END level. */
static void
end_token(lexer *lx, size_t at, int word)
{
    const char *w = lx->c.s + at;
    size_t n = lx->c.i - at;

    lx->end = lx->c.i;
    if (word && at > 0 && lx->c.s[at - 1] == '.')
        word = 0;
    if (lx->pending_end) {
        lx->pending_end = 0;
        if (word && (word_is(w, n, "IF") || word_is(w, n, "LOOP") ||
                     word_is(w, n, "WHILE") || word_is(w, n, "REPEAT") ||
                     word_is(w, n, "FOR")))
            return;
        if (lx->depth > 0)
            lx->depth--;
        if (word && word_is(w, n, "CASE"))
            return;
    }
    switch (lx->hdr) {
    case HDR_START:
        lx->hdr = word && word_is(w, n, "CREATE") ? HDR_CREATE : HDR_OTHER;
        break;
    case HDR_CREATE:
        if (!word)
            break;
        if (word_is(w, n, "TRIGGER") || word_is(w, n, "PROCEDURE") ||
            word_is(w, n, "FUNCTION") || word_is(w, n, "EVENT"))
            lx->hdr = HDR_ROUTINE;
        else if (word_is(w, n, "DEFINER"))
            lx->definer_words = 2;
        else if (word_is(w, n, "OR") || word_is(w, n, "REPLACE") ||
                 word_is(w, n, "TEMP") || word_is(w, n, "TEMPORARY") ||
                 word_is(w, n, "AGGREGATE") || word_is(w, n, "CONSTRAINT"))
            ;
        else if (lx->definer_words > 0)
            lx->definer_words--;
        else
            lx->hdr = HDR_OTHER;
        break;
    case HDR_ROUTINE:
        if (!word)
            break;
        if (word_is(w, n, "BEGIN") || word_is(w, n, "CASE"))
            lx->depth++;
        else if (word_is(w, n, "END"))
            lx->pending_end = 1;
        break;
    default:
        break;
    }
}

/* End the current statement: add it to list unless it has no token. */
static int
finish(lexer *lx, mg_stmtlist *list, mg_error *err)
{
    size_t n = lx->end - lx->start;
    char *text;

    if (lx->started) {
        if (list->n == list->cap) {
            size_t cap = list->cap ? list->cap * 2 : 16;
            stmt *v = realloc(list->v, cap * sizeof(*v));

            if (!v)
                return mg_error_set(err, MG_ENOMEM, "out of memory");
            list->v = v;
            list->cap = cap;
        }
        if (!(text = malloc(n + 1)))
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        memcpy(text, lx->c.s + lx->start, n);
        text[n] = '\0';
        list->v[list->n].sql = text;
        list->v[list->n].line = lx->start_line;
        list->v[list->n].block = lx->block;
        list->n++;
    }
    lx->started = 0;
    lx->block = 0;
    lx->hdr = HDR_START;
    lx->definer_words = 0;
    lx->depth = 0;
    lx->pending_end = 0;
    return 0;
}

/* Lex one token or comment at lx->c.i, which is not white space, a
 * terminator or a DELIMITER line. */
static int
lex_token(lexer *lx, mg_error *err)
{
    const char *s = lx->c.s;
    size_t i = lx->c.i, len = lx->c.len, tag_len;
    unsigned char c = (unsigned char)s[i];
    unsigned char c1 = i + 1 < len ? (unsigned char)s[i + 1] : 0;
    unsigned int fl = lx->c.flags;
    int line0 = lx->c.line, word = 0;

    if (mg_sqltok__line_comment_at(&lx->c)) {
        mg_sqltok__skip_line_comment(&lx->c);
        return 0;
    }
    if (c == '/' && c1 == '*') {
        int exec = (fl & MG_SPLIT_HASH_COMMENTS) && i + 2 < len &&
                   (s[i + 2] == '!' ||
                    (s[i + 2] == 'M' && i + 3 < len && s[i + 3] == '!'));

        if (exec)
            begin_token(lx, i);
        if (mg_sqltok__skip_block_comment(&lx->c,
                                          (fl & MG_SPLIT_DOLLAR_QUOTES) != 0)
            < 0)
            return parse_error(err, line0, "unterminated block comment");
        if (exec)
            end_token(lx, i, 0);
        return 0;
    }

    begin_token(lx, i);
    if (c == '\'') {
        if (mg_sqltok__skip_quoted(&lx->c, '\'',
                                   (fl & MG_SPLIT_BACKSLASH_ESCAPES) != 0) < 0)
            return parse_error(err, line0, "unterminated string literal");
    } else if (c == '"') {
        /* With backslash escapes (MariaDB) "..." is a string. */
        if (fl & MG_SPLIT_BACKSLASH_ESCAPES) {
            if (mg_sqltok__skip_quoted(&lx->c, '"', 1) < 0)
                return parse_error(err, line0, "unterminated string literal");
        } else if (mg_sqltok__skip_quoted(&lx->c, '"', 0) < 0) {
            return parse_error(err, line0, "unterminated quoted identifier");
        }
    } else if (c == '`') {
        if (mg_sqltok__skip_quoted(&lx->c, '`', 0) < 0)
            return parse_error(err, line0, "unterminated quoted identifier");
    } else if (c == '$' && (fl & MG_SPLIT_DOLLAR_QUOTES) &&
               mg_sqltok__dollar_opens(&lx->c, &tag_len)) {
        if (mg_sqltok__skip_dollar(&lx->c, tag_len) < 0)
            return parse_error(err, line0,
                               "unterminated dollar-quoted string");
    } else if (is_ident(c)) {
        size_t j = i + 1;

        while (j < len && is_ident((unsigned char)s[j]) && !at_delim(lx, j))
            j++;
        lx->c.i = j;
        word = !is_digit(c);
        if ((fl & MG_SPLIT_E_STRINGS) && j == i + 1 && (c == 'E' ||
            c == 'e') && j < len && s[j] == '\'') {
            if (mg_sqltok__skip_quoted(&lx->c, '\'', 1) < 0)
                return parse_error(err, line0, "unterminated string literal");
            word = 0;
        }
    } else {
        lx->c.i = i + 1;
    }
    end_token(lx, i, word);
    return 0;
}

static int
split_all(lexer *lx, mg_stmtlist *list, mg_error *err)
{
    int rc;

    while (lx->c.i < lx->c.len) {
        size_t i = lx->c.i;
        char c = lx->c.s[i];

        if ((lx->c.flags & MG_SPLIT_DELIMITER) && !lx->started &&
            (i == 0 || lx->c.s[i - 1] == '\n')) {
            if ((rc = delimiter_line(lx, err)) < 0)
                return rc;
            if (rc > 0)
                continue;
        }
        if (c == '\n') {
            lx->c.line++;
            lx->c.i++;
        } else if (is_space((unsigned char)c)) {
            lx->c.i++;
        } else if (at_delim(lx, i)) {
            lx->c.i += lx->delim_len;
            if ((rc = finish(lx, list, err)) < 0)
                return rc;
        } else if (c == ';') {
            if (!lx->delim_len) {
                resolve_end(lx);
                if (lx->hdr != HDR_ROUTINE || lx->depth == 0) {
                    lx->c.i++;
                    if ((rc = finish(lx, list, err)) < 0)
                        return rc;
                    continue;
                }
            }
            /* A ';' inside a body, or any ';' under a custom delimiter. */
            begin_token(lx, i);
            lx->block = 1;
            lx->c.i++;
            end_token(lx, i, 0);
        } else if ((rc = lex_token(lx, err)) < 0) {
            return rc;
        }
    }
    return finish(lx, list, err);
}

int
mg_split(mg_stmtlist **out, const char *sql, size_t len, int first_line,
         unsigned int flags, mg_error *err)
{
    mg_stmtlist *list;
    lexer lx;
    const char *nul;
    int rc;

    if (!out)
        return mg_error_set(err, MG_EUSAGE, "mg_split: no output");
    *out = NULL;
    if (!sql && len > 0)
        return mg_error_set(err, MG_EUSAGE, "mg_split: no text");
    if (len > 0 && (nul = memchr(sql, '\0', len)) != NULL) {
        const char *p;
        int line = first_line;

        for (p = sql; (p = memchr(p, '\n', (size_t)(nul - p))) != NULL; p++)
            line++;
        return parse_error(err, line, "NUL byte in SQL text");
    }
    if (!(list = calloc(1, sizeof(*list))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    memset(&lx, 0, sizeof(lx));
    lx.c.s = sql ? sql : "";
    lx.c.len = len;
    lx.c.line = first_line;
    lx.c.flags = flags;
    lx.hdr = HDR_START;
    if ((rc = split_all(&lx, list, err)) < 0) {
        mg_stmtlist_free(list);
        return rc;
    }
    *out = list;
    return 0;
}

void
mg_stmtlist_free(mg_stmtlist *list)
{
    size_t k;

    if (!list)
        return;
    for (k = 0; k < list->n; k++)
        free(list->v[k].sql);
    free(list->v);
    free(list);
}

size_t
mg_stmtlist_count(const mg_stmtlist *list)
{
    return list ? list->n : 0;
}

const char *
mg_stmtlist_sql(const mg_stmtlist *list, size_t i)
{
    return list && i < list->n ? list->v[i].sql : NULL;
}

int
mg_stmtlist_line(const mg_stmtlist *list, size_t i)
{
    return list && i < list->n ? list->v[i].line : 0;
}

int
mg_stmtlist_is_block(const mg_stmtlist *list, size_t i)
{
    return list && i < list->n ? list->v[i].block : 0;
}
