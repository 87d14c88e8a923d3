/* model_lex_int.h - the model file lexer (lib/model_lex.c) as the parser
 * (lib/model_parse.c) and the checks after it (lib/model_finish.c) use
 * it: the token kinds, the reader state a parse keeps, the token tests and
 * the error reports that carry a token's file:line:column. Internal to the
 * library. */
#ifndef MG_MODEL_LEX_INT_H
#define MG_MODEL_LEX_INT_H

#include "mg_model.h"
#include "mg_dialect.h"

#include <stddef.h>

/* Token kinds. */
enum {
    T_EOF,      /* end of the text */
    T_WORD,     /* bare identifier or keyword */
    T_QUOTED,   /* "ident", `ident` or [ident] */
    T_STRING,   /* 'text' or X'hex' */
    T_NUMBER,   /* 12, 1.5, 1e-3, 0x1F */
    T_PUNCT,    /* any other single byte */
    T_DELIM     /* the statement terminator a DELIMITER line set (MariaDB
                 * dumps): reads as ';' (mg_lex__is_punct) */
};

/* A place in the text. */
typedef struct lexpos {
    size_t off;         /* byte offset */
    int    line;        /* 1-based line */
    int    col;         /* 1-based column, in characters */
} lexpos;

typedef struct token {
    int    kind;        /* T_* */
    lexpos at;          /* first byte */
    size_t end;         /* offset after the last byte */
    lexpos next;        /* where the next token's search starts */
    char   quote;       /* T_QUOTED: '"', '`' or '[' */
} token;

typedef struct parser {
    mg_metadata *md;
    const char  *path;      /* for messages */
    const char  *s;         /* the text */
    size_t       len;
    unsigned int flags;     /* MG_MODEL_* */
    mg_error    *err;
    token        tok;       /* current token */
    token        ahead;     /* look-ahead, valid when have_ahead */
    int          have_ahead;
    size_t       prev_end;  /* end offset of the token before tok */
    const char  *what;      /* statement being read, for end of file */
    /* Type texts already parsed (a schema repeats a few dozen types over
     * thousands of columns): mg_type_parse once per distinct text. */
    struct {
        char    *text;
        mg_type  ty;
    }            types[64];
    size_t       ntypes;
    const char  *index_kind; /* CREATE FULLTEXT|SPATIAL INDEX being read:
                              * its kind, kept as the index's method */
    char         delim[16]; /* the terminator a DELIMITER line set; ""
                             * for ';' */
    const mg_dialect *dialect; /* the model's dialect (objects it lacks are
                             * refused); NULL: unknown, every kind taken */
    token        stmt;      /* the first token of the statement being read */
} parser;

/* Errors (each returns the error code it set in p->err). */
int mg_lex__oom(parser *p);
int mg_lex__fail_loc(parser *p, int line, int col, const char *fmt, ...)
    MG_PRINTF(4, 5);
int mg_lex__fail_at(parser *p, const token *t, const char *fmt, ...)
    MG_PRINTF(3, 4);
/* How a token reads in a message: 'FOO', string 'x', end of file. */
const char *mg_lex__describe(const parser *p, const token *t, char *buf,
                             size_t size);
/* The current token is not what the grammar wants here. */
int mg_lex__expected(parser *p, const char *what);

/* Character classes of bare words. */
int mg_lex__is_ident_start(unsigned char c);
int mg_lex__is_digit(unsigned char c);
int mg_lex__is_ident_char(unsigned char c);

/* Read the token starting at or after pos into t. */
int mg_lex__lex(parser *p, lexpos pos, token *t);
/* Move to the next token; the token after the current one. */
int mg_lex__advance(parser *p);
int mg_lex__peek(parser *p, const token **out);

/* Token tests and readers (see model_lex.c for each contract). */
int mg_lex__is_kw(const parser *p, const token *t, const char *kw);
int mg_lex__is_punct(const parser *p, const token *t, char c);
int mg_lex__is_kw2(parser *p, const char *kw, const char *kw2, int *rc);
int mg_lex__expect_kw(parser *p, const char *kw, const char *what);
int mg_lex__is_ident(const token *t);
int mg_lex__ident_text(parser *p, const token *t, char **out);
int mg_lex__take_name(parser *p, const char *what, char **out, token *at);
int mg_lex__slice(parser *p, size_t from, size_t to, char **out);
int mg_lex__skip_group(parser *p, const char *empty, size_t *in_start,
                       size_t *in_end);
/* Move to the first token at depth 0 that is a or b, or to the end. */
int mg_lex__skip_to(parser *p, char a, char b, size_t *depth);
/* MariaDB's DELIMITER lines: 1 when the current token is DELIMITER at
 * the start of a line; read the line (the terminator from now on; ";"
 * the plain one again) and lex on from the next line. */
int mg_lex__at_delimiter(const parser *p);
int mg_lex__delimiter_line(parser *p);
/* Move over [COLLATE name] of a key or index column. */
int mg_lex__skip_collate(parser *p);

#endif
