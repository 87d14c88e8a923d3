/* sqltok.c - the SQL lexer shared by the statement splitter (split.c) and
 * the destructive-statement scan (destructive.c): quotes, comments and
 * dollar quotes are recognised once, under the same MG_SPLIT_* flags, so
 * the two can never disagree on where a string or a comment ends. See
 * split.c's header for the rules. */
#include "sqltok_int.h"
#include "mg_split.h"

#include <string.h>

int
mg_sqltok__is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

int
mg_sqltok__is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

int
mg_sqltok__is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Characters of unquoted identifiers in all three dialects. */
int
mg_sqltok__is_ident(unsigned char c)
{
    return mg_sqltok__is_alpha(c) || mg_sqltok__is_digit(c) || c == '$' ||
           c >= 0x80;
}

static int
lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int
mg_sqltok__word_is(const char *w, size_t n, const char *kw)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (kw[k] == '\0' || lower((unsigned char)w[k]) !=
            lower((unsigned char)kw[k]))
            return 0;
    return kw[n] == '\0';
}

int
mg_sqltok__skip_quoted(mg_sqlcur *c, char q, int bs)
{
    size_t i = c->i + 1;

    while (i < c->len) {
        char ch = c->s[i];

        if (ch == '\n') {
            c->line++;
        } else if (bs && ch == '\\') {
            if (i + 1 >= c->len)
                break;
            if (c->s[i + 1] == '\n')
                c->line++;
            i += 2;
            continue;
        } else if (ch == q) {
            if (i + 1 < c->len && c->s[i + 1] == q) {
                i += 2;
                continue;
            }
            c->i = i + 1;
            return 0;
        }
        i++;
    }
    c->i = c->len;
    return -1;
}

int
mg_sqltok__skip_block_comment(mg_sqlcur *c, int nest)
{
    size_t i = c->i + 2, level = 1;

    while (i < c->len) {
        char ch = c->s[i];

        if (ch == '\n') {
            c->line++;
        } else if (ch == '*' && i + 1 < c->len && c->s[i + 1] == '/') {
            i += 2;
            if (--level == 0) {
                c->i = i;
                return 0;
            }
            continue;
        } else if (nest && ch == '/' && i + 1 < c->len &&
                   c->s[i + 1] == '*') {
            level++;
            i += 2;
            continue;
        }
        i++;
    }
    c->i = c->len;
    return -1;
}

void
mg_sqltok__skip_line_comment(mg_sqlcur *c)
{
    const char *nl = memchr(c->s + c->i, '\n', c->len - c->i);

    c->i = nl ? (size_t)(nl - c->s) : c->len;
}

int
mg_sqltok__dollar_opens(const mg_sqlcur *c, size_t *tag_len)
{
    const char *s = c->s;
    size_t i = c->i, j = i + 1;

    if (i > 0 && mg_sqltok__is_ident((unsigned char)s[i - 1]))
        return 0;
    if (j < c->len && mg_sqltok__is_alpha((unsigned char)s[j])) {
        while (j < c->len && (mg_sqltok__is_alpha((unsigned char)s[j]) ||
                              mg_sqltok__is_digit((unsigned char)s[j])))
            j++;
    }
    if (j >= c->len || s[j] != '$')
        return 0;
    *tag_len = j - i - 1;
    return 1;
}

/* The tag holds no '$', so each comparison stops at the next '$' at the
 * latest and the scan stays linear. */
int
mg_sqltok__skip_dollar(mg_sqlcur *c, size_t tag_len)
{
    const char *s = c->s, *tag = c->s + c->i + 1;
    size_t i = c->i + tag_len + 2;

    for (; i < c->len; i++) {
        size_t k;

        if (s[i] == '\n') {
            c->line++;
            continue;
        }
        if (s[i] != '$')
            continue;
        for (k = 0; k < tag_len && i + 1 + k < c->len; k++)
            if (s[i + 1 + k] != tag[k])
                break;
        if (k == tag_len && i + 1 + k < c->len && s[i + 1 + k] == '$') {
            c->i = i + tag_len + 2;
            return 0;
        }
    }
    c->i = c->len;
    return -1;
}

int
mg_sqltok__line_comment_at(const mg_sqlcur *c)
{
    const char *s = c->s;
    size_t i = c->i, len = c->len;
    int hash = (c->flags & MG_SPLIT_HASH_COMMENTS) != 0;

    if (s[i] == '-' && i + 1 < len && s[i + 1] == '-')
        return !hash || i + 2 >= len || (unsigned char)s[i + 2] <= ' ' ||
               s[i + 2] == 0x7f;
    return s[i] == '#' && hash &&
           !(i > 0 && mg_sqltok__is_ident((unsigned char)s[i - 1]));
}

/* Skip white space and comments; 1 when a token follows. */
static int
skip_blank(mg_sqlcur *c)
{
    while (c->i < c->len) {
        unsigned char ch = (unsigned char)c->s[c->i];

        if (ch == '\n') {
            c->line++;
            c->i++;
        } else if (mg_sqltok__is_space(ch)) {
            c->i++;
        } else if (mg_sqltok__line_comment_at(c)) {
            mg_sqltok__skip_line_comment(c);
        } else if (ch == '/' && c->i + 1 < c->len && c->s[c->i + 1] == '*') {
            mg_sqltok__skip_block_comment(c,
                (c->flags & MG_SPLIT_DOLLAR_QUOTES) != 0);
        } else {
            return 1;
        }
    }
    return 0;
}

int
mg_sqltok__next(mg_sqlcur *c, size_t *start)
{
    const char *s = c->s;
    unsigned int fl = c->flags;
    size_t i, tag_len;
    unsigned char ch;

    if (!skip_blank(c)) {
        *start = c->i;
        return MG_TOK_END;
    }
    i = *start = c->i;
    ch = (unsigned char)s[i];
    if (ch == '\'' || (ch == '"' && (fl & MG_SPLIT_BACKSLASH_ESCAPES))) {
        mg_sqltok__skip_quoted(c, (char)ch,
                               (fl & MG_SPLIT_BACKSLASH_ESCAPES) != 0);
        return MG_TOK_STRING;
    }
    if (ch == '"' || ch == '`') {
        mg_sqltok__skip_quoted(c, (char)ch, 0);
        return MG_TOK_QUOTED;
    }
    if (ch == '[' && !(fl & (MG_SPLIT_DOLLAR_QUOTES |
                             MG_SPLIT_BACKSLASH_ESCAPES))) {
        /* SQLite's [name] */
        mg_sqltok__skip_quoted(c, ']', 0);
        return MG_TOK_QUOTED;
    }
    if (ch == '$' && (fl & MG_SPLIT_DOLLAR_QUOTES) &&
        mg_sqltok__dollar_opens(c, &tag_len)) {
        mg_sqltok__skip_dollar(c, tag_len);
        return MG_TOK_STRING;
    }
    if (mg_sqltok__is_ident(ch)) {
        size_t j = i + 1;

        while (j < c->len && mg_sqltok__is_ident((unsigned char)s[j]))
            j++;
        c->i = j;
        if ((fl & MG_SPLIT_E_STRINGS) && j == i + 1 &&
            (ch == 'E' || ch == 'e') && j < c->len && s[j] == '\'') {
            mg_sqltok__skip_quoted(c, '\'', 1);
            return MG_TOK_STRING;
        }
        return MG_TOK_WORD;
    }
    c->i = i + 1;
    return MG_TOK_PUNCT;
}
