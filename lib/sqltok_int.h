/* sqltok_int.h - the SQL lexer that the statement splitter and the
 * destructive-statement scan share: one cursor over text, the skips for
 * quotes, comments and dollar quotes under the splitter's MG_SPLIT_*
 * flags, and a token reader on top of them. Internal to the library. */
#ifndef MG_SQLTOK_INT_H
#define MG_SQLTOK_INT_H

#include <stddef.h>

/* A position in SQL text; line counts the newlines passed. */
typedef struct mg_sqlcur {
    const char   *s;        /* the text (need not be NUL-terminated) */
    size_t        len;      /* its length */
    size_t        i;        /* current offset */
    int           line;     /* line of offset i */
    unsigned int  flags;    /* MG_SPLIT_* */
} mg_sqlcur;

/* Character classes shared by every dialect's unquoted words. */
int mg_sqltok__is_space(unsigned char c);
int mg_sqltok__is_alpha(unsigned char c);
int mg_sqltok__is_digit(unsigned char c);
int mg_sqltok__is_ident(unsigned char c);
/* Whether the n bytes at w are the keyword kw, ignoring ASCII case. */
int mg_sqltok__word_is(const char *w, size_t n, const char *kw);

/* Skip a quoted token whose opening quote q is at c->i; a doubled quote
 * stands for itself, with bs a backslash escapes the next byte. Returns -1
 * when the text ends first (c->i then at the end). */
int  mg_sqltok__skip_quoted(mg_sqlcur *c, char q, int bs);
/* Skip a block comment opening at c->i; with nest, inner openers nest as
 * in PostgreSQL. Returns -1 when the text ends first. */
int  mg_sqltok__skip_block_comment(mg_sqlcur *c, int nest);
/* Skip to the end of the line, leaving the newline. */
void mg_sqltok__skip_line_comment(mg_sqlcur *c);
/* Whether a dollar quote opens at c->i; its tag length to *tag_len. */
int  mg_sqltok__dollar_opens(const mg_sqlcur *c, size_t *tag_len);
/* Skip the dollar-quoted string whose $tag$ is at c->i. -1 at the end. */
int  mg_sqltok__skip_dollar(mg_sqlcur *c, size_t tag_len);
/* Whether the comment at c->i (which is not white space) is one that the
 * dialect's flags make a comment: "--" (under MG_SPLIT_HASH_COMMENTS only
 * before a blank or control byte) or "#" (MG_SPLIT_HASH_COMMENTS, not
 * inside a word). Block comments are told apart by the caller. */
int  mg_sqltok__line_comment_at(const mg_sqlcur *c);

/* What a token is. */
enum {
    MG_TOK_END,         /* no more tokens */
    MG_TOK_WORD,        /* unquoted word or number */
    MG_TOK_QUOTED,      /* quoted identifier: "x", `x`, [x] */
    MG_TOK_STRING,      /* string literal: '..', E'..', $$..$$ */
    MG_TOK_PUNCT        /* one other byte */
};

/* The next token at c->i, white space and comments skipped: its kind,
 * with [*start, c->i) its text. A quote or comment that does not end runs
 * to the end of the text. */
int mg_sqltok__next(mg_sqlcur *c, size_t *start);

#endif
