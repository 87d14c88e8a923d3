/* model_lex.c - the tokenizer of the model file language (DESIGN.md
 * section 2): bare words, quoted identifiers ("x", `x`, [x]), strings
 * (dollar-quoted ones too), numbers, single punctuation bytes and the
 * terminator a DELIMITER line set, with comments and white space
 * skipped, one token of look-ahead, and what the grammar files
 * (model_parse.c, model_column.c, model_index.c, model_object.c) are
 * written with: token tests, the skips they share (a parenthesised group,
 * to a delimiter, [COLLATE name]), DELIMITER lines and error reports at
 * a token's file:line:column. Every
 * call consumes input, so reading a text is linear in it. */
#include "model_lex_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- errors ---- */

int
mg_lex__oom(parser *p)
{
    return mg_error_set(p->err, MG_ENOMEM, "out of memory");
}

int
mg_lex__fail_loc(parser *p, int line, int col, const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return mg_error_set_at(p->err, MG_EPARSE, p->path, line, col, "%s",
                           text);
}

int
mg_lex__fail_at(parser *p, const token *t, const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return mg_error_set_at(p->err, MG_EPARSE, p->path, t->at.line,
                           t->at.col, "%s", text);
}

/* How a token reads in a message: 'FOO', string 'x', end of file. */
const char *
mg_lex__describe(const parser *p, const token *t, char *buf, size_t size)
{
    const char *s = p->s + t->at.off;
    size_t n = t->end - t->at.off, i;

    if (t->kind == T_EOF)
        return "end of file";
    if (t->kind == T_PUNCT &&
        ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)) {
        snprintf(buf, size, "character 0x%02x", (unsigned)(unsigned char)*s);
        return buf;
    }
    for (i = 0; i < n && i < 40; i++)
        if (s[i] == '\n' || s[i] == '\r' || s[i] == '\0')
            break;
    snprintf(buf, size, "%s'%.*s%s'", t->kind == T_STRING ? "string " : "",
             (int)i, s, i < n ? "..." : "");
    return buf;
}

/* The current token is not what the grammar wants here. */
int
mg_lex__expected(parser *p, const char *what)
{
    char buf[80];

    if (p->tok.kind == T_EOF)
        return mg_lex__fail_at(p, &p->tok, "unexpected end of file in %s",
                               p->what);
    return mg_lex__fail_at(p, &p->tok, "expected %s, found %s", what,
                   mg_lex__describe(p, &p->tok, buf, sizeof(buf)));
}

/* ---- tokenizer ---- */

static inline int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

int
mg_lex__is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

int
mg_lex__is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

int
mg_lex__is_ident_char(unsigned char c)
{
    return mg_lex__is_ident_start(c) || mg_lex__is_digit(c) || c == '$';
}

/* Move over one byte, counting lines and characters (a UTF-8 continuation
 * byte does not start a character). */
static void
step(const char *s, lexpos *pos)
{
    unsigned char c = (unsigned char)s[pos->off++];

    if (c == '\n') {
        pos->line++;
        pos->col = 1;
    } else if ((c & 0xc0) != 0x80) {
        pos->col++;
    }
}

/* Move over a quoted run opened at pos: up to the closing byte, a doubled
 * closing byte being an escape when doubled is set. */
static int
lex_quoted(parser *p, lexpos *pos, char close, int doubled,
           const char *unterminated)
{
    lexpos start = *pos;

    step(p->s, pos);
    for (;;) {
        char c;
        if (pos->off >= p->len)
            return mg_lex__fail_loc(p, start.line, start.col, "%s",
                                    unterminated);
        c = p->s[pos->off];
        if (c == '\0')
            return mg_lex__fail_loc(p, pos->line, pos->col,
                                    "unexpected NUL byte");
        step(p->s, pos);
        if (c != close)
            continue;
        if (doubled && pos->off < p->len && p->s[pos->off] == close) {
            step(p->s, pos);
            continue;
        }
        return 0;
    }
}

/* The length of the dollar-quote tag at s ("$$", "$body$"), 0 when s
 * starts none (PostgreSQL's $1 parameters among them). */
static size_t
dollar_tag(const char *s, size_t n)
{
    size_t i = 1;

    while (i < n && (mg_lex__is_ident_start((unsigned char)s[i]) ||
                     (i > 1 && mg_lex__is_digit((unsigned char)s[i]))))
        i++;
    return i < n && s[i] == '$' ? i + 1 : 0;
}

/* Move over a dollar-quoted string ($tag$ ... $tag$) opened at pos. */
static int
lex_dollar(parser *p, lexpos *pos)
{
    lexpos start = *pos;
    size_t tag = dollar_tag(p->s + pos->off, p->len - pos->off), k;
    const char *open = p->s + pos->off;

    for (k = 0; k < tag; k++)
        step(p->s, pos);
    for (;;) {
        if (pos->off + tag > p->len)
            return mg_lex__fail_loc(p, start.line, start.col,
                                    "unterminated dollar-quoted string");
        if (p->s[pos->off] == '$' &&
            strncmp(p->s + pos->off, open, tag) == 0) {
            for (k = 0; k < tag; k++)
                step(p->s, pos);
            return 0;
        }
        step(p->s, pos);
    }
}

/* Read the token starting at or after pos into t. */
int
mg_lex__lex(parser *p, lexpos pos, token *t)
{
    const char *s = p->s;
    size_t n = p->len;
    int rc = 0;

    for (;;) {
        /* fast path: blanks and newlines without step()'s branches */
        while (pos.off < n) {
            char c = s[pos.off];
            if (c == ' ' || c == '\t') {
                pos.off++;
                pos.col++;
            } else if (c == '\n') {
                pos.off++;
                pos.line++;
                pos.col = 1;
            } else if (is_space(c)) {
                step(s, &pos);
            } else {
                break;
            }
        }
        if (pos.off + 1 < n && s[pos.off] == '-' && s[pos.off + 1] == '-') {
            while (pos.off < n && s[pos.off] != '\n')
                step(s, &pos);
        } else if (pos.off + 1 < n && s[pos.off] == '/' &&
                   s[pos.off + 1] == '*') {
            lexpos start = pos;
            step(s, &pos);
            step(s, &pos);
            while (!(pos.off + 1 < n && s[pos.off] == '*' &&
                     s[pos.off + 1] == '/')) {
                if (pos.off >= n)
                    return mg_lex__fail_loc(p, start.line, start.col,
                                    "unterminated comment");
                step(s, &pos);
            }
            step(s, &pos);
            step(s, &pos);
        } else {
            break;
        }
    }
    t->at = pos;
    t->quote = 0;
    if (pos.off >= n) {
        t->kind = T_EOF;
    } else if (p->delim[0] && strlen(p->delim) <= n - pos.off &&
               memcmp(s + pos.off, p->delim, strlen(p->delim)) == 0) {
        size_t k, m = strlen(p->delim);
        t->kind = T_DELIM;
        for (k = 0; k < m; k++)
            step(s, &pos);
    } else if (s[pos.off] == '$' && dollar_tag(s + pos.off, n - pos.off)) {
        t->kind = T_STRING;
        rc = lex_dollar(p, &pos);
    } else {
        unsigned char c = (unsigned char)s[pos.off];
        if ((c == 'x' || c == 'X') && pos.off + 1 < n &&
            s[pos.off + 1] == '\'') {
            t->kind = T_STRING;
            step(s, &pos);
            rc = lex_quoted(p, &pos, '\'', 1, "unterminated string");
        } else if (mg_lex__is_ident_start(c)) {
            t->kind = T_WORD;
            /* no newline in a word: count characters, not lines */
            while (pos.off < n) {
                unsigned char d = (unsigned char)s[pos.off];
                if (!mg_lex__is_ident_char(d))
                    break;
                pos.off++;
                if ((d & 0xc0) != 0x80)
                    pos.col++;
            }
        } else if (mg_lex__is_digit(c) ||
                   (c == '.' && pos.off + 1 < n &&
                    mg_lex__is_digit((unsigned char)s[pos.off + 1]))) {
            int hex = c == '0' && pos.off + 1 < n &&
                      (s[pos.off + 1] == 'x' || s[pos.off + 1] == 'X');
            t->kind = T_NUMBER;
            step(s, &pos);
            while (pos.off < n) {
                unsigned char d = (unsigned char)s[pos.off];
                unsigned char e = (unsigned char)s[pos.off - 1];
                if (!(mg_lex__is_ident_char(d) || d == '.' ||
                      ((d == '+' || d == '-') && !hex &&
                       (e == 'e' || e == 'E'))))
                    break;
                step(s, &pos);
            }
        } else if (c == '\'') {
            t->kind = T_STRING;
            rc = lex_quoted(p, &pos, '\'', 1, "unterminated string");
        } else if (c == '"' || c == '`') {
            t->kind = T_QUOTED;
            t->quote = (char)c;
            rc = lex_quoted(p, &pos, (char)c, 1,
                            "unterminated quoted identifier");
        } else if (c == '[') {
            t->kind = T_QUOTED;
            t->quote = '[';
            rc = lex_quoted(p, &pos, ']', 0,
                            "unterminated quoted identifier");
        } else if (c == '\0') {
            /* it would cut the texts kept as C strings */
            return mg_lex__fail_loc(p, pos.line, pos.col,
                                    "unexpected NUL byte");
        } else {
            t->kind = T_PUNCT;
            step(s, &pos);
        }
    }
    t->end = pos.off;
    t->next = pos;
    return rc;
}

int
mg_lex__advance(parser *p)
{
    p->prev_end = p->tok.end;
    if (p->have_ahead) {
        p->tok = p->ahead;
        p->have_ahead = 0;
        return 0;
    }
    return mg_lex__lex(p, p->tok.next, &p->tok);
}

/* The token after the current one. */
int
mg_lex__peek(parser *p, const token **out)
{
    int rc;

    if (!p->have_ahead) {
        if ((rc = mg_lex__lex(p, p->tok.next, &p->ahead)) < 0)
            return rc;
        p->have_ahead = 1;
    }
    *out = &p->ahead;
    return 0;
}

int
mg_lex__is_kw(const parser *p, const token *t, const char *kw)
{
    size_t n = strlen(kw);

    return t->kind == T_WORD && t->end - t->at.off == n &&
           strncasecmp(p->s + t->at.off, kw, n) == 0;
}

int
mg_lex__is_punct(const parser *p, const token *t, char c)
{
    if (t->kind == T_DELIM)
        return c == ';';
    return t->kind == T_PUNCT && p->s[t->at.off] == c;
}

/* 1 when the current token is keyword kw and the next one is kw2. */
int
mg_lex__is_kw2(parser *p, const char *kw, const char *kw2, int *rc)
{
    const token *next;

    *rc = 0;
    if (!mg_lex__is_kw(p, &p->tok, kw))
        return 0;
    if ((*rc = mg_lex__peek(p, &next)) < 0)
        return 0;
    return mg_lex__is_kw(p, next, kw2);
}

/* Move past keyword kw, or fail naming what was wanted. */
int
mg_lex__expect_kw(parser *p, const char *kw, const char *what)
{
    if (!mg_lex__is_kw(p, &p->tok, kw))
        return mg_lex__expected(p, what);
    return mg_lex__advance(p);
}

int
mg_lex__is_ident(const token *t)
{
    return t->kind == T_WORD || t->kind == T_QUOTED;
}

/* The name an identifier token spells, unquoted, malloc'd into *out. */
int
mg_lex__ident_text(parser *p, const token *t, char **out)
{
    mg_buf b = MG_BUF_INIT;
    const char *s = p->s;
    size_t i;

    *out = NULL;
    if (t->kind == T_WORD) {
        mg_buf_add(&b, s + t->at.off, t->end - t->at.off);
    } else {
        char close = t->quote == '[' ? ']' : t->quote;
        for (i = t->at.off + 1; i + 1 < t->end; i++) {
            mg_buf_putc(&b, s[i]);
            if (s[i] == close && t->quote != '[')
                i++;
        }
    }
    if (b.oom) {
        mg_buf_release(&b);
        return mg_lex__oom(p);
    }
    if (b.len == 0)
        return mg_lex__fail_at(p, t, "empty identifier");
    *out = mg_buf_detach(&b);
    return 0;
}

/* Read a name (with MG_MODEL_LENIENT, schema.name keeps name) into *out;
 * *at is its token. */
int
mg_lex__take_name(parser *p, const char *what, char **out, token *at)
{
    int rc;

    *out = NULL;
    if (!mg_lex__is_ident(&p->tok))
        return mg_lex__expected(p, what);
    *at = p->tok;
    if ((rc = mg_lex__ident_text(p, &p->tok, out)) < 0 ||
        (rc = mg_lex__advance(p)) < 0)
        goto fail;
    if ((p->flags & MG_MODEL_LENIENT) && mg_lex__is_punct(p, &p->tok, '.')) {
        free(*out);
        *out = NULL;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        if (!mg_lex__is_ident(&p->tok))
            return mg_lex__expected(p, what);
        *at = p->tok;
        if ((rc = mg_lex__ident_text(p, &p->tok, out)) < 0 ||
            (rc = mg_lex__advance(p)) < 0)
            goto fail;
    }
    return 0;
fail:
    free(*out);
    *out = NULL;
    return rc;
}

/* Copy s[from, to) into a new string. */
int
mg_lex__slice(parser *p, size_t from, size_t to, char **out)
{
    if (!(*out = malloc(to - from + 1)))
        return mg_lex__oom(p);
    memcpy(*out, p->s + from, to - from);
    (*out)[to - from] = '\0';
    return 0;
}

/* The current token is '('; move past its matching ')'. *in_start and
 * *in_end are set to the source range of the tokens inside. When empty
 * is not NULL an empty group is an error naming it. */
int
mg_lex__skip_group(parser *p, const char *empty, size_t *in_start,
                   size_t *in_end)
{
    size_t depth = 1;
    int rc;

    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    if (empty && mg_lex__is_punct(p, &p->tok, ')'))
        return mg_lex__expected(p, empty);
    *in_start = *in_end = p->tok.at.off;
    for (;;) {
        if (p->tok.kind == T_EOF)
            return mg_lex__expected(p, "')'");
        if (mg_lex__is_punct(p, &p->tok, '('))
            depth++;
        else if (mg_lex__is_punct(p, &p->tok, ')') && --depth == 0)
            break;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        *in_end = p->prev_end;
    }
    return mg_lex__advance(p);
}

/* Move to the first token at nesting depth 0 that is the punctuation a or
 * b, or to the end; *depth gets the parentheses left open (0 unless the
 * text ended first). */
int
mg_lex__skip_to(parser *p, char a, char b, size_t *depth)
{
    int rc;

    *depth = 0;
    while (p->tok.kind != T_EOF &&
           !(*depth == 0 && (mg_lex__is_punct(p, &p->tok, a) ||
                             mg_lex__is_punct(p, &p->tok, b)))) {
        if (mg_lex__is_punct(p, &p->tok, '('))
            (*depth)++;
        else if (mg_lex__is_punct(p, &p->tok, ')'))
            (*depth)--;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    return 0;
}

/* [COLLATE name] of a key or index column, ignored (a column's own
 * COLLATE is its attribute: parse_column_attribute). */
int
mg_lex__skip_collate(parser *p)
{
    int rc;

    if (!mg_lex__is_kw(p, &p->tok, "COLLATE"))
        return 0;
    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    if (!mg_lex__is_ident(&p->tok) && p->tok.kind != T_STRING)
        return mg_lex__expected(p, "a collation name after COLLATE");
    return mg_lex__advance(p);
}

/* A DELIMITER line (MariaDB dumps), the current token being its first
 * word at the start of a line: the rest of the line is the terminator
 * from now on (";" again: the plain one); lexing resumes on the next
 * line. */
int
mg_lex__delimiter_line(parser *p)
{
    lexpos pos = p->tok.next;
    size_t a, b;

    while (pos.off < p->len && (p->s[pos.off] == ' ' ||
                                p->s[pos.off] == '\t')) {
        pos.off++;
        pos.col++;
    }
    a = pos.off;
    while (pos.off < p->len && p->s[pos.off] != '\n' &&
           p->s[pos.off] != '\r') {
        pos.off++;
        pos.col++;
    }
    b = pos.off;
    while (b > a && (p->s[b - 1] == ' ' || p->s[b - 1] == '\t'))
        b--;
    if (b == a || b - a >= sizeof(p->delim))
        return mg_lex__fail_at(p, &p->tok, "expected a terminator of 1 to "
                               "%zu characters after DELIMITER",
                               sizeof(p->delim) - 1);
    if (b - a == 1 && p->s[a] == ';')
        p->delim[0] = '\0';
    else {
        memcpy(p->delim, p->s + a, b - a);
        p->delim[b - a] = '\0';
    }
    p->have_ahead = 0;
    return mg_lex__lex(p, pos, &p->tok);
}

/* 1 when the current token is DELIMITER at the start of a line. */
int
mg_lex__at_delimiter(const parser *p)
{
    return mg_lex__is_kw(p, &p->tok, "DELIMITER") &&
           (p->tok.at.col == 1 || p->s[p->tok.at.off - 1] == '\n');
}
