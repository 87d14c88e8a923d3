/* normalize.c - one spelling for equivalent SQL expressions, so a default,
 * a CHECK or an index expression written in a model compares equal to the
 * text a database hands back. The text is cut into tokens (comments and
 * white space dropped, words lowercased, string literals kept byte for
 * byte, quotes removed from identifiers that need none), outer parentheses
 * wrapping the whole expression are peeled, and the tokens are joined by
 * one fixed rule:
 *
 *   - one space between tokens, except
 *   - none after '(' and before ')' or ','; none around '.' and '::';
 *   - none between a function name and its '(' ("lower(x)"), but a space
 *     after a keyword such as "in" or "and" ("x in (1, 2)").
 *
 * So "CHECK ( X>0 )" and "check (x > 0)" both give "x > 0", and
 * "DEFAULT ('a')" gives "'a'". Operators are single tokens ("<=", "<>",
 * "||", "->>"), so "x>-1" becomes "x > - 1" however it was spaced. Casts
 * such as PostgreSQL's "::text" are kept; a dialect's normalize_default
 * removes what its catalog adds. */
#include "compare_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    TK_WORD,    /* identifier or keyword, lowercased */
    TK_NUM,     /* numeric literal */
    TK_STR,     /* string literal, quotes included, as written */
    TK_QID,     /* quoted identifier that needs its quotes: "a b" */
    TK_OP,      /* operator */
    TK_LP,      /* ( */
    TK_RP,      /* ) */
    TK_COMMA,   /* , */
    TK_DOT,     /* . */
    TK_CAST,    /* :: */
    TK_OTHER    /* anything else, one character */
};

typedef struct token {
    int    kind;
    size_t off;     /* into the token text buffer */
    size_t len;
} token;

typedef struct toklist {
    mg_buf  text;   /* all token texts, back to back */
    token  *v;
    size_t  n;
    size_t  cap;
    int     oom;
} toklist;

/* Multi-character operators, longest first. */
static const char *const operators[] = {
    "->>", "!~*", "~~*", "#>>", "<=>",
    "<=", ">=", "<>", "!=", "==", "||", "->", "<<", ">>", "~~", "!~",
    "@>", "<@", "&&", "#>", NULL
};

/* Keywords after which '(' opens a group, not a call. */
static const char *const group_keywords[] = {
    "all", "and", "any", "as", "between", "by", "case", "distinct", "else",
    "exists", "from", "ilike", "in", "is", "like", "not", "on", "or",
    "select", "some", "then", "using", "values", "when", "where", "with",
    NULL
};

static void
tok_push(toklist *tl, int kind, size_t off)
{
    if (tl->n == tl->cap) {
        size_t cap = tl->cap ? tl->cap * 2 : 16;
        token *v = realloc(tl->v, cap * sizeof(*v));
        if (!v) {
            tl->oom = 1;
            return;
        }
        tl->v = v;
        tl->cap = cap;
    }
    tl->v[tl->n].kind = kind;
    tl->v[tl->n].off = off;
    tl->v[tl->n].len = tl->text.len - off;
    tl->n++;
}

static int
is_word_start(unsigned char ch)
{
    return isalpha(ch) || ch == '_' || ch >= 0x80;
}

static int
is_word_char(unsigned char ch)
{
    return isalnum(ch) || ch == '_' || ch == '$' || ch >= 0x80;
}

/* 1 when s (n bytes, lowercase) is [a-z_][a-z0-9_]*. */
static int
is_plain_ident(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || !(islower((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (i = 1; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
              s[i] == '_'))
            return 0;
    return 1;
}

/* A quoted identifier starting at s (opening quote q): its content
 * lowercased, unquoted when plain, else in double quotes. Returns the
 * position after the closing quote. */
static const char *
lex_quoted_ident(toklist *tl, const char *s)
{
    char q = *s++;
    size_t off = tl->text.len, start;

    mg_buf_putc(&tl->text, '"');
    start = tl->text.len;
    while (*s) {
        if (*s == q) {
            if (s[1] != q) {
                s++;
                break;
            }
            s++;
        }
        if (*s == '"')
            mg_buf_putc(&tl->text, '"');
        mg_buf_putc(&tl->text, (char)tolower((unsigned char)*s));
        s++;
    }
    if (!tl->text.oom &&
        is_plain_ident(tl->text.ptr + start, tl->text.len - start)) {
        memmove(tl->text.ptr + off, tl->text.ptr + start,
                tl->text.len - start);
        tl->text.len -= 1;
        tl->text.ptr[tl->text.len] = '\0';
        tok_push(tl, TK_WORD, off);
    } else {
        mg_buf_putc(&tl->text, '"');
        tok_push(tl, TK_QID, off);
    }
    return s;
}

/* A string literal from its opening quote, kept as written. */
static const char *
lex_string(toklist *tl, const char *s, size_t off)
{
    const char *p = s + 1;

    while (*p) {
        if (*p == '\'') {
            if (p[1] != '\'')
                break;
            p++;
        }
        p++;
    }
    if (*p)
        p++;
    mg_buf_add(&tl->text, s, (size_t)(p - s));
    tok_push(tl, TK_STR, off);
    return p;
}

static const char *
lex_number(toklist *tl, const char *s)
{
    size_t off = tl->text.len;
    const char *p = s;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        while (isxdigit((unsigned char)*p))
            p++;
    } else {
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.') {
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if ((*p == 'e' || *p == 'E') &&
            (isdigit((unsigned char)p[1]) ||
             ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
            p += 2;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    for (; s < p; s++)
        mg_buf_putc(&tl->text, (char)tolower((unsigned char)*s));
    tok_push(tl, TK_NUM, off);
    return p;
}

static void
tokenize(toklist *tl, const char *s)
{
    while (s && *s) {
        unsigned char ch = (unsigned char)*s;
        size_t off = tl->text.len;
        int i;

        if (isspace(ch)) {
            s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            s = end ? end + 2 : s + strlen(s);
        } else if (ch == '\'') {
            s = lex_string(tl, s, off);
        } else if (strchr("xXeEnNbB", ch) && s[1] == '\'') {
            mg_buf_putc(&tl->text, (char)tolower(ch));
            s = lex_string(tl, s + 1, off);
        } else if (ch == '"' || ch == '`') {
            s = lex_quoted_ident(tl, s);
        } else if (isdigit(ch) ||
                   (ch == '.' && isdigit((unsigned char)s[1]))) {
            s = lex_number(tl, s);
        } else if (is_word_start(ch)) {
            while (is_word_char((unsigned char)*s))
                mg_buf_putc(&tl->text, (char)tolower((unsigned char)*s++));
            tok_push(tl, TK_WORD, off);
        } else if (ch == '(' || ch == ')' || ch == ',' || ch == '.') {
            mg_buf_putc(&tl->text, *s++);
            tok_push(tl, ch == '(' ? TK_LP : ch == ')' ? TK_RP
                         : ch == ',' ? TK_COMMA : TK_DOT, off);
        } else if (s[0] == ':' && s[1] == ':') {
            mg_buf_puts(&tl->text, "::");
            s += 2;
            tok_push(tl, TK_CAST, off);
        } else if (strchr("<>=!|&+-*/%~^@#:?", ch)) {
            size_t len = 1;
            for (i = 0; operators[i]; i++)
                if (strncmp(s, operators[i], strlen(operators[i])) == 0) {
                    len = strlen(operators[i]);
                    break;
                }
            mg_buf_add(&tl->text, s, len);
            s += len;
            tok_push(tl, TK_OP, off);
        } else {
            mg_buf_putc(&tl->text, *s++);
            tok_push(tl, TK_OTHER, off);
        }
    }
    if (tl->text.oom)
        tl->oom = 1;
}

static void
toklist_release(toklist *tl)
{
    mg_buf_release(&tl->text);
    free(tl->v);
}

/* Index of the ')' closing the '(' at i, or n when unbalanced. */
static size_t
matching_paren(const toklist *tl, size_t i, size_t n)
{
    size_t depth = 0;

    for (; i < n; i++) {
        if (tl->v[i].kind == TK_LP)
            depth++;
        else if (tl->v[i].kind == TK_RP && --depth == 0)
            return i;
    }
    return n;
}

static int
tok_is(const toklist *tl, const token *t, const char *const *words)
{
    size_t i;

    for (i = 0; words[i]; i++)
        if (strlen(words[i]) == t->len &&
            memcmp(tl->text.ptr + t->off, words[i], t->len) == 0)
            return 1;
    return 0;
}

static int
needs_space(const toklist *tl, const token *prev, const token *t)
{
    if (t->kind == TK_RP || t->kind == TK_COMMA || t->kind == TK_DOT ||
        t->kind == TK_CAST)
        return 0;
    if (prev->kind == TK_LP || prev->kind == TK_DOT ||
        prev->kind == TK_CAST)
        return 0;
    if (t->kind == TK_LP && prev->kind == TK_WORD &&
        !tok_is(tl, prev, group_keywords))
        return 0;
    return 1;
}

void
mg_normalize_expr(mg_buf *out, const char *expr)
{
    toklist tl;
    size_t first = 0, last, i;

    memset(&tl, 0, sizeof(tl));
    tokenize(&tl, expr);
    last = tl.n;
    /* peel parentheses that wrap everything: ((x)) -> x */
    while (last - first >= 2 && tl.v[first].kind == TK_LP &&
           matching_paren(&tl, first, last) == last - 1) {
        first++;
        last--;
    }
    for (i = first; i < last; i++) {
        if (i > first && needs_space(&tl, &tl.v[i - 1], &tl.v[i]))
            mg_buf_putc(out, ' ');
        mg_buf_add(out, tl.text.ptr + tl.v[i].off, tl.v[i].len);
    }
    if (tl.oom)
        out->oom = 1;
    toklist_release(&tl);
}

int
mg_compare__expr_equal(const char *a, const char *b)
{
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;
    int eq;

    if (!a || !b)
        return !a && !b;
    mg_normalize_expr(&x, a);
    mg_normalize_expr(&y, b);
    eq = strcmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) == 0;
    mg_buf_release(&x);
    mg_buf_release(&y);
    return eq;
}

int
mg_compare__expr_mentions(const char *expr, const char *name)
{
    toklist te, tn;
    mg_buf quoted = MG_BUF_INIT;
    const char *p;
    size_t i;
    int found = 0;

    if (!expr || !name)
        return 0;
    /* the name as a quoted identifier, so it lexes as one token */
    mg_buf_putc(&quoted, '"');
    for (p = name; *p; p++) {
        if (*p == '"')
            mg_buf_putc(&quoted, '"');
        mg_buf_putc(&quoted, *p);
    }
    mg_buf_putc(&quoted, '"');
    memset(&te, 0, sizeof(te));
    memset(&tn, 0, sizeof(tn));
    tokenize(&te, expr);
    tokenize(&tn, mg_buf_cstr(&quoted));
    /* on memory failure say yes: callers use this to stay safe */
    if (te.oom || tn.oom || quoted.oom || tn.n != 1)
        found = 1;
    for (i = 0; !found && i < te.n; i++)
        found = (te.v[i].kind == TK_WORD || te.v[i].kind == TK_QID) &&
                te.v[i].len == tn.v[0].len &&
                memcmp(te.text.ptr + te.v[i].off, tn.text.ptr + tn.v[0].off,
                       te.v[i].len) == 0;
    toklist_release(&te);
    toklist_release(&tn);
    mg_buf_release(&quoted);
    return found;
}
