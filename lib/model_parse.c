/* model_parse.c - the model file language of DESIGN.md section 2: CREATE
 * TABLE (with MariaDB's column attributes: CHARACTER SET, COLLATE, ON
 * UPDATE, COMMENT), CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX and comments,
 * read into an mg_metadata. The
 * same code reads the DDL SQLite keeps in sqlite_master (MG_MODEL_LENIENT),
 * so a reflected SQLite table and a model table go through one parser.
 *
 * A small tokenizer feeds a hand-written recursive descent with one token
 * of look-ahead. Every loop consumes a token and nesting is counted, never
 * recursed into, so the time is linear in the text and no input can exhaust
 * the stack. Expression texts (CHECK, DEFAULT (...), index expressions,
 * WHERE) are the exact source bytes from their first to their last token,
 * so comments around them drop out and everything inside is kept as written.
 * Errors carry the line and column (1-based, in characters) of the token
 * that could not be read. */
#include "mg_model.h"
#include "mg_dialect.h"
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Token kinds. */
enum {
    T_EOF,      /* end of the text */
    T_WORD,     /* bare identifier or keyword */
    T_QUOTED,   /* "ident", `ident` or [ident] */
    T_STRING,   /* 'text' or X'hex' */
    T_NUMBER,   /* 12, 1.5, 1e-3, 0x1F */
    T_PUNCT     /* any other single byte */
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

/* Names looked up while a table is read (its columns, its named
 * constraints), hashed case-insensitively so wide tables stay linear. */
typedef struct name_entry {
    const char *key;    /* borrowed from the item */
    void       *item;
} name_entry;

typedef struct nameset {
    name_entry *slots;  /* open addressing, power-of-two size */
    size_t      nslots;
    size_t      n;
} nameset;

/* A column named by a table constraint, checked once the table is read
 * (PostgreSQL lets constraints come before the columns they name). */
typedef struct colref {
    const char *name;   /* borrowed from the constraint's list */
    const char *where;  /* "primary key", "unique constraint"... */
    int         line;
    int         col;
} colref;

typedef struct table_ctx {
    mg_table *t;
    nameset   cols;         /* column name -> mg_column */
    nameset   cons;         /* written constraint name -> mg_constraint */
    colref   *refs;
    size_t    nrefs;
    size_t    caprefs;
    int       has_pk;       /* a primary key was read */
    int       pk_autoinc;   /* PRIMARY KEY (x AUTOINCREMENT) */
} table_ctx;

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
} parser;

/* The parsed type of text, from the cache or parsed now (and cached while
 * there is room). *owned: the caller must release *out. */
static int
cached_type(parser *p, const char *text, mg_type *out, const mg_type **use)
{
    size_t i;

    for (i = 0; i < p->ntypes; i++)
        if (strcmp(p->types[i].text, text) == 0) {
            *use = &p->types[i].ty;
            return 0;
        }
    if (mg_type_parse(out, text) < 0)
        return -1;
    *use = out;
    if (p->ntypes < sizeof(p->types) / sizeof(p->types[0]) &&
        (p->types[p->ntypes].text = strdup(text)) != NULL) {
        if (mg_type_copy(&p->types[p->ntypes].ty, out) == 0)
            p->ntypes++;
        else
            free(p->types[p->ntypes].text);
    }
    return 0;
}

static void
release_types(parser *p)
{
    size_t i;

    for (i = 0; i < p->ntypes; i++) {
        free(p->types[i].text);
        mg_type_release(&p->types[i].ty);
    }
    p->ntypes = 0;
}

/* ---- names ---- */

static size_t
name_hash(const char *s)
{
    size_t h = 2166136261u;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 16777619u;
    }
    return h;
}

static void *
nameset_get(const nameset *ns, const char *key)
{
    size_t h;

    if (!ns->nslots)
        return NULL;
    h = name_hash(key) & (ns->nslots - 1);
    while (ns->slots[h].key) {
        if (strcasecmp(ns->slots[h].key, key) == 0)
            return ns->slots[h].item;
        h = (h + 1) & (ns->nslots - 1);
    }
    return NULL;
}

static void
nameset_put(name_entry *slots, size_t nslots, const char *key, void *item)
{
    size_t h = name_hash(key) & (nslots - 1);

    while (slots[h].key)
        h = (h + 1) & (nslots - 1);
    slots[h].key = key;
    slots[h].item = item;
}

/* Add key (not already present). Errors: MG_ENOMEM. */
static int
nameset_add(nameset *ns, const char *key, void *item)
{
    if ((ns->n + 1) * 2 > ns->nslots) {
        size_t n = ns->nslots ? ns->nslots * 2 : 16, i;
        name_entry *v = calloc(n, sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        for (i = 0; i < ns->nslots; i++)
            if (ns->slots[i].key)
                nameset_put(v, n, ns->slots[i].key, ns->slots[i].item);
        free(ns->slots);
        ns->slots = v;
        ns->nslots = n;
    }
    nameset_put(ns->slots, ns->nslots, key, item);
    ns->n++;
    return 0;
}

static void
nameset_release(nameset *ns)
{
    free(ns->slots);
    ns->slots = NULL;
    ns->nslots = ns->n = 0;
}

/* ---- errors ---- */

static int
oom(parser *p)
{
    return mg_error_set(p->err, MG_ENOMEM, "out of memory");
}

static int fail_loc(parser *p, int line, int col, const char *fmt, ...)
    MG_PRINTF(4, 5);

static int
fail_loc(parser *p, int line, int col, const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return mg_error_set_at(p->err, MG_EPARSE, p->path, line, col, "%s",
                           text);
}

static int fail_at(parser *p, const token *t, const char *fmt, ...)
    MG_PRINTF(3, 4);

static int
fail_at(parser *p, const token *t, const char *fmt, ...)
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
static const char *
describe(const parser *p, const token *t, char *buf, size_t size)
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
static int
expected(parser *p, const char *what)
{
    char buf[80];

    if (p->tok.kind == T_EOF)
        return fail_at(p, &p->tok, "unexpected end of file in %s", p->what);
    return fail_at(p, &p->tok, "expected %s, found %s", what,
                   describe(p, &p->tok, buf, sizeof(buf)));
}

/* ---- tokenizer ---- */

static inline int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static inline int
is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

static inline int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline int
is_ident_char(unsigned char c)
{
    return is_ident_start(c) || is_digit(c) || c == '$';
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
            return fail_loc(p, start.line, start.col, "%s", unterminated);
        c = p->s[pos->off];
        if (c == '\0')
            return fail_loc(p, pos->line, pos->col, "unexpected NUL byte");
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

/* Read the token starting at or after pos into t. */
static int
lex(parser *p, lexpos pos, token *t)
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
                    return fail_loc(p, start.line, start.col,
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
    } else {
        unsigned char c = (unsigned char)s[pos.off];
        if ((c == 'x' || c == 'X') && pos.off + 1 < n &&
            s[pos.off + 1] == '\'') {
            t->kind = T_STRING;
            step(s, &pos);
            rc = lex_quoted(p, &pos, '\'', 1, "unterminated string");
        } else if (is_ident_start(c)) {
            t->kind = T_WORD;
            /* no newline in a word: count characters, not lines */
            while (pos.off < n) {
                unsigned char d = (unsigned char)s[pos.off];
                if (!is_ident_char(d))
                    break;
                pos.off++;
                if ((d & 0xc0) != 0x80)
                    pos.col++;
            }
        } else if (is_digit(c) || (c == '.' && pos.off + 1 < n &&
                                   is_digit((unsigned char)s[pos.off + 1]))) {
            int hex = c == '0' && pos.off + 1 < n &&
                      (s[pos.off + 1] == 'x' || s[pos.off + 1] == 'X');
            t->kind = T_NUMBER;
            step(s, &pos);
            while (pos.off < n) {
                unsigned char d = (unsigned char)s[pos.off];
                unsigned char e = (unsigned char)s[pos.off - 1];
                if (!(is_ident_char(d) || d == '.' ||
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
            return fail_loc(p, pos.line, pos.col, "unexpected NUL byte");
        } else {
            t->kind = T_PUNCT;
            step(s, &pos);
        }
    }
    t->end = pos.off;
    t->next = pos;
    return rc;
}

static int
advance(parser *p)
{
    p->prev_end = p->tok.end;
    if (p->have_ahead) {
        p->tok = p->ahead;
        p->have_ahead = 0;
        return 0;
    }
    return lex(p, p->tok.next, &p->tok);
}

/* The token after the current one. */
static int
peek(parser *p, const token **out)
{
    int rc;

    if (!p->have_ahead) {
        if ((rc = lex(p, p->tok.next, &p->ahead)) < 0)
            return rc;
        p->have_ahead = 1;
    }
    *out = &p->ahead;
    return 0;
}

static int
is_kw(const parser *p, const token *t, const char *kw)
{
    size_t n = strlen(kw);

    return t->kind == T_WORD && t->end - t->at.off == n &&
           strncasecmp(p->s + t->at.off, kw, n) == 0;
}

static int
is_punct(const parser *p, const token *t, char c)
{
    return t->kind == T_PUNCT && p->s[t->at.off] == c;
}

/* 1 when the current token is keyword kw and the next one is kw2. */
static int
is_kw2(parser *p, const char *kw, const char *kw2, int *rc)
{
    const token *next;

    *rc = 0;
    if (!is_kw(p, &p->tok, kw))
        return 0;
    if ((*rc = peek(p, &next)) < 0)
        return 0;
    return is_kw(p, next, kw2);
}

/* Move past keyword kw, or fail naming what was wanted. */
static int
expect_kw(parser *p, const char *kw, const char *what)
{
    if (!is_kw(p, &p->tok, kw))
        return expected(p, what);
    return advance(p);
}

static int
is_ident(const token *t)
{
    return t->kind == T_WORD || t->kind == T_QUOTED;
}

/* The name an identifier token spells, unquoted, malloc'd into *out. */
static int
ident_text(parser *p, const token *t, char **out)
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
        return oom(p);
    }
    if (b.len == 0)
        return fail_at(p, t, "empty identifier");
    *out = mg_buf_detach(&b);
    return 0;
}

/* Read a name (with MG_MODEL_LENIENT, schema.name keeps name) into *out;
 * *at is its token. */
static int
take_name(parser *p, const char *what, char **out, token *at)
{
    int rc;

    *out = NULL;
    if (!is_ident(&p->tok))
        return expected(p, what);
    *at = p->tok;
    if ((rc = ident_text(p, &p->tok, out)) < 0 || (rc = advance(p)) < 0)
        goto fail;
    if ((p->flags & MG_MODEL_LENIENT) && is_punct(p, &p->tok, '.')) {
        free(*out);
        *out = NULL;
        if ((rc = advance(p)) < 0)
            return rc;
        if (!is_ident(&p->tok))
            return expected(p, what);
        *at = p->tok;
        if ((rc = ident_text(p, &p->tok, out)) < 0 || (rc = advance(p)) < 0)
            goto fail;
    }
    return 0;
fail:
    free(*out);
    *out = NULL;
    return rc;
}

/* Copy s[from, to) into a new string. */
static int
slice(parser *p, size_t from, size_t to, char **out)
{
    if (!(*out = malloc(to - from + 1)))
        return oom(p);
    memcpy(*out, p->s + from, to - from);
    (*out)[to - from] = '\0';
    return 0;
}

/* The current token is '('; move past its matching ')'. *in_start and
 * *in_end are set to the source range of the tokens inside. When empty
 * is not NULL an empty group is an error naming it. */
static int
skip_group(parser *p, const char *empty, size_t *in_start, size_t *in_end)
{
    size_t depth = 1;
    int rc;

    if ((rc = advance(p)) < 0)
        return rc;
    if (empty && is_punct(p, &p->tok, ')'))
        return expected(p, empty);
    *in_start = *in_end = p->tok.at.off;
    for (;;) {
        if (p->tok.kind == T_EOF)
            return expected(p, "')'");
        if (is_punct(p, &p->tok, '('))
            depth++;
        else if (is_punct(p, &p->tok, ')') && --depth == 0)
            break;
        if ((rc = advance(p)) < 0)
            return rc;
        *in_end = p->prev_end;
    }
    return advance(p);
}

/* [ON CONFLICT resolution] (SQLite), ignored. */
static int
skip_conflict(parser *p)
{
    static const char *const res[] = {
        "ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"
    };
    size_t i;
    int rc;

    if (!is_kw2(p, "ON", "CONFLICT", &rc))
        return rc;
    if ((rc = advance(p)) < 0 || (rc = advance(p)) < 0)
        return rc;
    for (i = 0; i < sizeof(res) / sizeof(res[0]); i++)
        if (is_kw(p, &p->tok, res[i]))
            return advance(p);
    return expected(p, "ROLLBACK, ABORT, FAIL, IGNORE or REPLACE after "
                       "ON CONFLICT");
}

/* [COLLATE name] of a key or index column, ignored (a column's own
 * COLLATE is its attribute: parse_column_attribute). */
static int
skip_collate(parser *p)
{
    int rc;

    if (!is_kw(p, &p->tok, "COLLATE"))
        return 0;
    if ((rc = advance(p)) < 0)
        return rc;
    if (!is_ident(&p->tok) && p->tok.kind != T_STRING)
        return expected(p, "a collation name after COLLATE");
    return advance(p);
}

/* ---- CREATE TABLE ---- */

static void
table_ctx_release(table_ctx *cx)
{
    nameset_release(&cx->cols);
    nameset_release(&cx->cons);
    free(cx->refs);
}

static int
add_colref(parser *p, table_ctx *cx, const char *name, const char *where,
           const token *at)
{
    if (cx->nrefs == cx->caprefs) {
        size_t cap = cx->caprefs ? cx->caprefs * 2 : 8;
        colref *v = realloc(cx->refs, cap * sizeof(*v));
        if (!v)
            return oom(p);
        cx->refs = v;
        cx->caprefs = cap;
    }
    cx->refs[cx->nrefs].name = name;
    cx->refs[cx->nrefs].where = where;
    cx->refs[cx->nrefs].line = at->at.line;
    cx->refs[cx->nrefs].col = at->at.col;
    cx->nrefs++;
    return 0;
}

/* Words that end a column's type: the column constraints. */
static int
is_constraint_word(const parser *p, const token *t)
{
    static const char *const words[] = {
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "DEFAULT",
        "REFERENCES", "CHECK", "COLLATE", "GENERATED", "AS",
        "AUTOINCREMENT", "AUTO_INCREMENT", "CHARSET", "COMMENT", "ON"
    };
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (is_kw(p, t, words[i]))
            return 1;
    return 0;
}

/* Words that may follow a type's "(n)": TIMESTAMP(3) WITH TIME ZONE,
 * INT(11) UNSIGNED. Any other word there is a mistake, not a type. */
static int
is_type_tail_word(const parser *p, const token *t)
{
    static const char *const words[] = {
        "WITH", "WITHOUT", "LOCAL", "TIME", "ZONE", "VARYING", "PRECISION",
        "UNSIGNED", "SIGNED", "ZEROFILL"
    };
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (is_kw(p, t, words[i]))
            return 1;
    return 0;
}

/* Words that may follow a type's first word in a model file: DOUBLE
 * PRECISION, CHARACTER VARYING, UNSIGNED BIG INT, TIMESTAMP WITH TIME
 * ZONE, INTERVAL DAY TO SECOND. Any other word there is far more likely a
 * misspelt constraint (INTEGER PRIMRY KEY) than a type, so it is an error;
 * SQLite's own DDL (MG_MODEL_LENIENT) takes any words, as SQLite does. */
static int
is_type_word(const parser *p, const token *t)
{
    static const char *const words[] = {
        "PRECISION", "VARYING", "WITH", "WITHOUT", "LOCAL", "TIME", "ZONE",
        "UNSIGNED", "SIGNED", "ZEROFILL", "BIG", "INT", "INTEGER", "CHAR",
        "CHARACTER", "VARCHAR", "TEXT", "LONG", "NATIONAL", "BIT", "YEAR",
        "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TO"
    };
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (is_kw(p, t, words[i]))
            return 1;
    return 0;
}

/* A word no type list names, inside a type that goes on to a word one
 * does (a dialect's own type kept verbatim, as SQLite keeps any declared
 * type: BLOB SUB_TYPE TEXT). The words after t are read ahead, up to the
 * first that is not a word or is a constraint keyword; 1 when one of them
 * is a type word. INT FOO and INTEGER PRIMRY KEY stay mistakes. */
static int
is_inner_type_word(parser *p, const token *t)
{
    token ahead = *t;
    int guard;

    for (guard = 0; guard < 8; guard++) {
        if (lex(p, ahead.next, &ahead) < 0) {
            mg_error_clear(p->err);
            return 0;
        }
        if (ahead.kind != T_WORD || is_constraint_word(p, &ahead))
            return 0;
        if (is_type_word(p, &ahead))
            return 1;
    }
    return 0;
}

/* An array suffix: [] or [n]. */
static int
is_array_suffix(const parser *p, const token *t)
{
    size_t i;

    if (t->kind != T_QUOTED || t->quote != '[')
        return 0;
    for (i = t->at.off + 1; i + 1 < t->end; i++)
        if (!is_digit((unsigned char)p->s[i]))
            return 0;
    return 1;
}

/* Append token t to a type's text, spaced as a person writes a type:
 * "DOUBLE PRECISION", "NUMERIC(10, 2)", "varchar(20)[]". */
static void
type_add(parser *p, mg_buf *out, const token *t, int *prev)
{
    int kind = t->kind == T_PUNCT ? p->s[t->at.off] : 'w';

    if (out->len && (*prev == ',' ||
                     (kind == 'w' && (*prev == 'w' || *prev == ')'))))
        mg_buf_putc(out, ' ');
    mg_buf_add(out, p->s + t->at.off, t->end - t->at.off);
    *prev = kind;
}

/* 1 when the current token starts CHARACTER SET (which ends a type), 0
 * when not, < 0 on a lexing error. */
static int
is_charset_start(parser *p)
{
    const token *next;
    int rc;

    if (!is_kw(p, &p->tok, "CHARACTER"))
        return 0;
    if ((rc = peek(p, &next)) < 0)
        return rc;
    return is_kw(p, next, "SET");
}

/* A column's type: words, an optional parenthesised group, array
 * suffixes; stops at a constraint keyword, ',', ')' or (in a model file)
 * a word no type has. */
static int
parse_type(parser *p, mg_buf *out)
{
    int after_group = 0, words = 0, prev = 0, rc;

    for (;;) {
        const token *t = &p->tok;
        if ((rc = is_charset_start(p)) != 0)
            break;
        if (t->kind == T_WORD && !is_constraint_word(p, t) &&
            (after_group ? is_type_tail_word(p, t) :
             words == 0 || (p->flags & MG_MODEL_LENIENT) ||
             is_type_word(p, t) || is_inner_type_word(p, t))) {
            words++;
        } else if (words && !after_group && is_punct(p, t, '(')) {
            size_t depth = 0;
            for (;;) {
                if (p->tok.kind == T_EOF)
                    return expected(p, "')'");
                if (is_punct(p, &p->tok, '('))
                    depth++;
                else if (is_punct(p, &p->tok, ')'))
                    depth--;
                type_add(p, out, &p->tok, &prev);
                if ((rc = advance(p)) < 0)
                    return rc;
                if (depth == 0)
                    break;
            }
            after_group = 1;
            continue;
        } else if (words && is_array_suffix(p, t)) {
            after_group = 1;
            prev = ')';
            mg_buf_add(out, p->s + t->at.off, t->end - t->at.off);
            if ((rc = advance(p)) < 0)
                return rc;
            continue;
        } else {
            break;
        }
        type_add(p, out, t, &prev);
        if ((rc = advance(p)) < 0)
            return rc;
    }
    return rc < 0 ? rc : out->oom ? oom(p) : 0;
}

/* ::type casts after a default value (PostgreSQL '{}'::jsonb). */
static int
skip_casts(parser *p)
{
    const token *next;
    mg_buf scratch = MG_BUF_INIT;
    int rc;

    for (;;) {
        if (!is_punct(p, &p->tok, ':'))
            return 0;
        if ((rc = peek(p, &next)) < 0)
            return rc;
        if (!is_punct(p, next, ':'))
            return 0;
        if ((rc = advance(p)) < 0 || (rc = advance(p)) < 0)
            return rc;
        if (p->tok.kind != T_WORD || is_constraint_word(p, &p->tok))
            return expected(p, "a type after '::'");
        rc = parse_type(p, &scratch);
        mg_buf_release(&scratch);
        if (rc < 0)
            return rc;
    }
}

/* DEFAULT value: a literal, a word (CURRENT_TIMESTAMP, TRUE), a function
 * call, or a parenthesised expression; kept as written. DEFAULT NULL is
 * no default. */
static int
parse_default(parser *p, mg_column *c)
{
    size_t start, a, b;
    char *text = NULL;
    int rc, null = 0;

    if ((rc = advance(p)) < 0)
        return rc;
    start = p->tok.at.off;
    if (is_punct(p, &p->tok, '(')) {
        if ((rc = skip_group(p, "an expression", &a, &b)) < 0)
            return rc;
    } else if (is_punct(p, &p->tok, '-') || is_punct(p, &p->tok, '+')) {
        if ((rc = advance(p)) < 0)
            return rc;
        if (p->tok.kind != T_NUMBER)
            return expected(p, "a number after the sign");
        if ((rc = advance(p)) < 0)
            return rc;
    } else if (p->tok.kind == T_NUMBER || p->tok.kind == T_STRING ||
               p->tok.kind == T_QUOTED) {
        if ((rc = advance(p)) < 0)
            return rc;
    } else if (p->tok.kind == T_WORD &&
               (!is_constraint_word(p, &p->tok) ||
                is_kw(p, &p->tok, "NULL"))) {
        null = is_kw(p, &p->tok, "NULL");
        if ((rc = advance(p)) < 0)
            return rc;
        if (is_punct(p, &p->tok, '(')) {
            null = 0;
            if ((rc = skip_group(p, NULL, &a, &b)) < 0)
                return rc;
        }
    } else {
        return expected(p, "a default value after DEFAULT");
    }
    if (is_punct(p, &p->tok, ':')) {
        null = 0;
        if ((rc = skip_casts(p)) < 0)
            return rc;
    }
    if (null)
        return mg_column_set_default(c, NULL) < 0 ? oom(p) : 0;
    if ((rc = slice(p, start, p->prev_end, &text)) < 0)
        return rc;
    if (strncasecmp(text, "nextval(", 8) == 0)
        c->autoincrement = 1;   /* a sequence-backed key keeps its default */
    rc = mg_column_set_default(c, text) < 0 ? oom(p) : 0;
    free(text);
    return rc;
}

/* CHECK ( expr ): the text inside the parentheses. */
static int
parse_check(parser *p, mg_constraint *k)
{
    size_t a, b;
    char *text;
    int rc;

    if ((rc = advance(p)) < 0)
        return rc;
    if (!is_punct(p, &p->tok, '('))
        return expected(p, "'(' after CHECK");
    if ((rc = skip_group(p, "an expression in CHECK", &a, &b)) < 0 ||
        (rc = slice(p, a, b, &text)) < 0)
        return rc;
    rc = mg_constraint_set_expression(k, text) < 0 ? oom(p) : 0;
    free(text);
    return rc;
}

/* ( name [COLLATE x] [ASC|DESC] [AUTOINCREMENT], ... ) into out; names
 * are recorded in cx for checking when where is not NULL. sortable allows
 * COLLATE, ASC and DESC (PRIMARY KEY and UNIQUE lists), autoinc (primary
 * key only) AUTOINCREMENT. */
static int
parse_column_list(parser *p, table_ctx *cx, mg_strlist *out,
                  const char *where, int sortable, int *autoinc,
                  const char *open)
{
    int rc;

    if (!is_punct(p, &p->tok, '('))
        return expected(p, open);
    if ((rc = advance(p)) < 0)
        return rc;
    for (;;) {
        token at = p->tok;
        char *name;
        if (!is_ident(&p->tok))
            return expected(p, "a column name");
        if ((rc = ident_text(p, &p->tok, &name)) < 0)
            return rc;
        rc = mg_strlist_add(out, name);
        free(name);
        if (rc < 0)
            return oom(p);
        if (where && (rc = add_colref(p, cx, out->v[out->n - 1], where,
                                      &at)) < 0)
            return rc;
        if ((rc = advance(p)) < 0)
            return rc;
        if (sortable) {
            if ((rc = skip_collate(p)) < 0)
                return rc;
            if ((is_kw(p, &p->tok, "ASC") || is_kw(p, &p->tok, "DESC")) &&
                (rc = advance(p)) < 0)
                return rc;
            if (autoinc && is_kw(p, &p->tok, "AUTOINCREMENT")) {
                *autoinc = 1;
                if ((rc = advance(p)) < 0)
                    return rc;
            }
        }
        if (is_punct(p, &p->tok, ')'))
            return advance(p);
        if (!is_punct(p, &p->tok, ','))
            return expected(p, "',' or ')' in column list");
        if ((rc = advance(p)) < 0)
            return rc;
    }
}

/* CASCADE, RESTRICT, NO ACTION, SET NULL, SET DEFAULT. */
static int
parse_action(parser *p, mg_fk_action *out)
{
    static const struct {
        const char  *w1;
        const char  *w2;
        mg_fk_action action;
    } actions[] = {
        { "CASCADE", NULL, MG_FK_CASCADE },
        { "RESTRICT", NULL, MG_FK_RESTRICT },
        { "NO", "ACTION", MG_FK_NO_ACTION },
        { "SET", "NULL", MG_FK_SET_NULL },
        { "SET", "DEFAULT", MG_FK_SET_DEFAULT },
    };
    token first = p->tok;
    const token *next;
    char buf[80];
    size_t i;
    int rc;

    if (p->tok.kind == T_EOF)
        return expected(p, "a referential action");
    for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        if (!is_kw(p, &p->tok, actions[i].w1))
            continue;
        if (!actions[i].w2) {
            *out = actions[i].action;
            return advance(p);
        }
        if ((rc = peek(p, &next)) < 0)
            return rc;
        if (is_kw(p, next, actions[i].w2)) {
            *out = actions[i].action;
            if ((rc = advance(p)) < 0)
                return rc;
            return advance(p);
        }
    }
    if ((is_kw(p, &first, "NO") || is_kw(p, &first, "SET")) &&
        (rc = peek(p, &next)) == 0 && next->kind == T_WORD)
        return fail_at(p, &first, "unknown referential action '%.*s %.*s'",
                       (int)(first.end - first.at.off), p->s + first.at.off,
                       (int)(next->end - next->at.off), p->s + next->at.off);
    return fail_at(p, &first, "unknown referential action %s",
                   describe(p, &first, buf, sizeof(buf)));
}

/* REFERENCES table [(cols)] [ON DELETE a] [ON UPDATE a] [MATCH x]
 * [[NOT] DEFERRABLE] [INITIALLY DEFERRED|IMMEDIATE]; nlocal is the number
 * of referencing columns. */
static int
parse_references(parser *p, table_ctx *cx, mg_constraint *k, size_t nlocal)
{
    int rc, deferrable = 0, not_deferrable = 0, initially = 0;
    token at;
    char *name;

    if ((rc = advance(p)) < 0 ||
        (rc = take_name(p, "a table name after REFERENCES", &name, &at)) < 0)
        return rc;
    rc = mg_constraint_set_ref(k, name);
    free(name);
    if (rc < 0)
        return oom(p);
    if (is_punct(p, &p->tok, '(')) {
        token open = p->tok;
        if ((rc = parse_column_list(p, cx, &k->ref_columns, NULL, 0, NULL,
                                    "'('")) < 0)
            return rc;
        if (k->ref_columns.n != nlocal)
            return fail_at(p, &open, "foreign key has %zu column%s but "
                           "references %zu", nlocal, nlocal == 1 ? "" : "s",
                           k->ref_columns.n);
    }
    for (;;) {
        if (is_kw(p, &p->tok, "ON")) {
            mg_fk_action *slot;
            if ((rc = advance(p)) < 0)
                return rc;
            if (is_kw(p, &p->tok, "DELETE"))
                slot = &k->on_delete;
            else if (is_kw(p, &p->tok, "UPDATE"))
                slot = &k->on_update;
            else
                return expected(p, "DELETE or UPDATE after ON");
            if ((rc = advance(p)) < 0 || (rc = parse_action(p, slot)) < 0)
                return rc;
        } else if (is_kw(p, &p->tok, "MATCH")) {
            if ((rc = advance(p)) < 0)
                return rc;
            if (p->tok.kind != T_WORD)
                return expected(p, "FULL, PARTIAL or SIMPLE after MATCH");
            if ((rc = advance(p)) < 0)
                return rc;
        } else if (is_kw2(p, "NOT", "DEFERRABLE", &rc)) {
            not_deferrable = 1;
            if ((rc = advance(p)) < 0 || (rc = advance(p)) < 0)
                return rc;
        } else if (rc < 0) {
            return rc;
        } else if (is_kw(p, &p->tok, "DEFERRABLE")) {
            deferrable = 1;
            if ((rc = advance(p)) < 0)
                return rc;
        } else if (is_kw(p, &p->tok, "INITIALLY")) {
            if ((rc = advance(p)) < 0)
                return rc;
            if (is_kw(p, &p->tok, "DEFERRED"))
                initially = 2;
            else if (is_kw(p, &p->tok, "IMMEDIATE"))
                initially = 1;
            else
                return expected(p, "DEFERRED or IMMEDIATE after INITIALLY");
            if ((rc = advance(p)) < 0)
                return rc;
        } else {
            break;
        }
    }
    k->deferrable = not_deferrable ? 0 : initially == 2 ? 2 :
                    deferrable ? 1 : 0;
    return 0;
}

/* Add a constraint, refusing a second primary key and a name written
 * twice in the table. at is the token to blame for either. */
static int
new_constraint(parser *p, table_ctx *cx, mg_constraint_kind kind,
               const char *name, const token *name_at, const token *at,
               mg_constraint **out)
{
    if (kind == MG_CONSTRAINT_PRIMARY_KEY && cx->has_pk++)
        return fail_at(p, at, "table '%s' has more than one primary key",
                       cx->t->name);
    if (name && nameset_get(&cx->cons, name))
        return fail_at(p, name_at, "constraint '%s' defined twice in table "
                       "'%s'", name, cx->t->name);
    if (!(*out = mg_table_add_constraint(cx->t, kind, name)))
        return oom(p);
    if (name && nameset_add(&cx->cons, (*out)->name, *out) < 0)
        return oom(p);
    return 0;
}

/* GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY [( sequence options )]: c is
 * auto-generated (the options are the sequence's, not kept). At GENERATED;
 * *done is 0 when the clause is a generated column's AS (expr) instead,
 * the parser then left at AS. */
static int
parse_identity(parser *p, mg_column *c, int *done)
{
    const token *next;
    size_t a, b;
    int rc, always = 0;

    *done = 0;
    if ((rc = advance(p)) < 0)
        return rc;
    if (is_kw(p, &p->tok, "ALWAYS")) {
        always = 1;
        if ((rc = advance(p)) < 0)
            return rc;
    } else if (is_kw(p, &p->tok, "BY")) {
        if ((rc = advance(p)) < 0 ||
            (rc = expect_kw(p, "DEFAULT", "DEFAULT after BY")) < 0)
            return rc;
    }
    if (!is_kw(p, &p->tok, "AS"))
        return expected(p, "AS after GENERATED");
    if ((rc = peek(p, &next)) < 0)
        return rc;
    if (!is_kw(p, next, "IDENTITY"))
        return 0;
    if ((rc = advance(p)) < 0 || (rc = advance(p)) < 0)
        return rc;
    if (is_punct(p, &p->tok, '(') && (rc = skip_group(p, NULL, &a, &b)) < 0)
        return rc;
    c->autoincrement = 1;
    c->identity_always = always;
    c->nullable = 0;
    *done = 1;
    return 0;
}

/* Move over AS (expr) [STORED|VIRTUAL|PERSISTENT], a generated column's
 * expression; the model does not keep it. */
static int
skip_generated(parser *p)
{
    size_t a, b;
    int rc;

    if ((rc = advance(p)) < 0)
        return rc;
    if (!is_punct(p, &p->tok, '('))
        return expected(p, "'(' after AS");
    if ((rc = skip_group(p, "an expression", &a, &b)) < 0)
        return rc;
    if (is_kw(p, &p->tok, "STORED") || is_kw(p, &p->tok, "VIRTUAL") ||
        is_kw(p, &p->tok, "PERSISTENT"))
        return advance(p);
    return 0;
}

/* The text of the string token t without its quotes, '' and \x undone
 * (MariaDB's COMMENT 'it''s'), into *out (malloc'd). */
static int
string_text(parser *p, const token *t, char **out)
{
    mg_buf b = MG_BUF_INIT;
    size_t i;

    for (i = t->at.off + 1; i + 1 < t->end; i++) {
        char ch = p->s[i];
        if ((ch == '\'' || ch == '\\') && i + 2 < t->end)
            ch = p->s[++i];
        mg_buf_putc(&b, ch);
    }
    if (b.oom || !(*out = strdup(mg_buf_cstr(&b)))) {
        mg_buf_release(&b);
        return oom(p);
    }
    mg_buf_release(&b);
    return 0;
}

/* Set c's attribute a to the current token's text (a name, or a string's
 * contents) and move past it; what names the expected token. */
static int
take_attribute(parser *p, mg_column *c, mg_column_attribute a,
               const char *what)
{
    char *text = NULL;
    int rc;

    if (p->tok.kind == T_STRING && p->s[p->tok.at.off] == '\'')
        rc = string_text(p, &p->tok, &text);
    else if (is_ident(&p->tok) && a != MG_ATTR_COMMENT)
        rc = ident_text(p, &p->tok, &text);
    else
        return expected(p, what);
    if (rc == 0 && mg_column_set_attribute(c, a, text) < 0)
        rc = oom(p);
    free(text);
    return rc < 0 ? rc : advance(p);
}

/* ON UPDATE expr: a word with an optional argument list
 * (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(3), now()), kept as written. */
static int
parse_on_update(parser *p, mg_column *c)
{
    size_t start, a, b;
    char *text = NULL;
    int rc;

    if ((rc = advance(p)) < 0 ||
        (rc = expect_kw(p, "UPDATE", "UPDATE after ON")) < 0)
        return rc;
    start = p->tok.at.off;
    if (p->tok.kind != T_WORD)
        return expected(p, "an expression after ON UPDATE");
    if ((rc = advance(p)) < 0 ||
        (is_punct(p, &p->tok, '(') &&
         (rc = skip_group(p, NULL, &a, &b)) < 0))
        return rc;
    if ((rc = slice(p, start, p->prev_end, &text)) < 0)
        return rc;
    rc = mg_column_set_attribute(c, MG_ATTR_ON_UPDATE, text) < 0 ? oom(p)
                                                                 : 0;
    free(text);
    return rc;
}

/* A column attribute of MariaDB/MySQL: CHARACTER SET x, CHARSET x,
 * COLLATE x, ON UPDATE expr, COMMENT 'text'. *done: 1 when the current
 * token starts none of them. */
static int
parse_column_attribute(parser *p, mg_column *c, int *done)
{
    int rc;

    *done = 0;
    if ((rc = is_charset_start(p)) < 0)
        return rc;
    if (rc || is_kw(p, &p->tok, "CHARSET")) {
        if ((rc = advance(p)) < 0 || (is_kw(p, &p->tok, "SET") &&
                                      (rc = advance(p)) < 0))
            return rc;
        return take_attribute(p, c, MG_ATTR_CHARSET,
                              "a character set name");
    }
    if (is_kw(p, &p->tok, "COLLATE"))
        return (rc = advance(p)) < 0 ? rc :
               take_attribute(p, c, MG_ATTR_COLLATION,
                              "a collation name after COLLATE");
    if (is_kw(p, &p->tok, "COMMENT"))
        return (rc = advance(p)) < 0 ? rc :
               take_attribute(p, c, MG_ATTR_COMMENT,
                              "a string after COMMENT");
    if (is_kw(p, &p->tok, "ON"))
        return parse_on_update(p, c);
    *done = 1;
    return 0;
}

/* One column constraint of column c (with its optional CONSTRAINT name);
 * *done is set when the current token starts none. */
static int
parse_column_constraint(parser *p, table_ctx *cx, mg_column *c, int *done)
{
    mg_constraint *k = NULL;
    char *cname = NULL;
    token name_at, at;
    int rc = 0, none = 1;

    *done = 0;
    if (is_kw(p, &p->tok, "CONSTRAINT")) {
        if ((rc = advance(p)) < 0 ||
            (rc = take_name(p, "a constraint name after CONSTRAINT", &cname,
                            &name_at)) < 0)
            goto done;
    }
    at = p->tok;
    if (is_kw(p, &at, "PRIMARY")) {
        if ((rc = advance(p)) < 0 ||
            (rc = expect_kw(p, "KEY", "KEY after PRIMARY")) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_PRIMARY_KEY, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = oom(p);
            goto done;
        }
        c->nullable = 0;
        if (c->type.kind == MG_TYPE_INTEGER || c->type.kind == MG_TYPE_BIGINT)
            c->autoincrement = 1;   /* DESIGN.md 2: the inline key */
        if ((is_kw(p, &p->tok, "ASC") || is_kw(p, &p->tok, "DESC")) &&
            (rc = advance(p)) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (is_kw(p, &at, "NOT")) {
        if ((rc = advance(p)) < 0 ||
            (rc = expect_kw(p, "NULL", "NULL after NOT")) < 0)
            goto done;
        c->nullable = 0;
        rc = skip_conflict(p);
    } else if (is_kw(p, &at, "NULL")) {
        c->nullable = 1;
        rc = advance(p);
    } else if (is_kw(p, &at, "UNIQUE")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_UNIQUE, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = oom(p);
            goto done;
        }
        if ((rc = advance(p)) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (is_kw(p, &at, "DEFAULT")) {
        rc = parse_default(p, c);
    } else if (is_kw(p, &at, "REFERENCES")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_FOREIGN_KEY, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = oom(p);
            goto done;
        }
        rc = parse_references(p, cx, k, 1);
    } else if (is_kw(p, &at, "CHECK")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_CHECK, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        k->column_level = 1;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = oom(p);
            goto done;
        }
        rc = parse_check(p, k);
    } else if (!cname && (rc = parse_column_attribute(p, c, &none)) < 0) {
        goto done;
    } else if (!cname && !none) {
        rc = 0;         /* an attribute was read */
    } else if (is_kw(p, &at, "GENERATED") || is_kw(p, &at, "AS")) {
        int identity = 0;
        if (is_kw(p, &at, "GENERATED") &&
            ((rc = parse_identity(p, c, &identity)) < 0 || identity))
            goto done;
        if (!(p->flags & MG_MODEL_LENIENT))
            rc = fail_at(p, &at, "generated columns are not supported");
        else
            rc = skip_generated(p);
    } else if (is_kw(p, &at, "AUTOINCREMENT") ||
               is_kw(p, &at, "AUTO_INCREMENT")) {
        c->autoincrement = 1;
        /* SQLite's word also promises ids are never reused */
        c->never_reuse = is_kw(p, &at, "AUTOINCREMENT");
        rc = advance(p);
    } else if (cname) {
        rc = expected(p, "a constraint after the constraint name");
    } else {
        *done = 1;
    }
done:
    free(cname);
    return rc;
}

/* SERIAL, BIGSERIAL, SMALLSERIAL: PostgreSQL's auto-generated integers. */
static int
is_serial(const char *type)
{
    return strcasecmp(type, "SERIAL") == 0 ||
           strcasecmp(type, "BIGSERIAL") == 0 ||
           strcasecmp(type, "SMALLSERIAL") == 0 ||
           strcasecmp(type, "SERIAL4") == 0 || strcasecmp(type, "SERIAL8") == 0;
}

/* name [type] [constraints...] */
static int
parse_column(parser *p, table_ctx *cx)
{
    token name_at = p->tok;
    mg_buf type = MG_BUF_INIT;
    mg_type ty;
    const mg_type *use = NULL;
    mg_column *c;
    char *name;
    int rc, done = 0;

    if ((rc = ident_text(p, &p->tok, &name)) < 0)
        return rc;
    if (nameset_get(&cx->cols, name)) {
        rc = fail_at(p, &name_at, "duplicate column '%s' in table '%s'", name,
                     cx->t->name);
        goto done;
    }
    if ((rc = advance(p)) < 0 || (rc = parse_type(p, &type)) < 0)
        goto done;
    if (type.len == 0 && !(p->flags & MG_MODEL_LENIENT)) {
        rc = fail_at(p, &name_at, "column '%s' needs a type", name);
        goto done;
    }
    memset(&ty, 0, sizeof(ty));
    if (cached_type(p, mg_buf_cstr(&type), &ty, &use) < 0) {
        rc = oom(p);
        goto done;
    }
    c = mg_table_add_column(cx->t, name, use);
    mg_type_release(&ty);
    if (!c || nameset_add(&cx->cols, c->name, c) < 0) {
        rc = oom(p);
        goto done;
    }
    if (is_serial(mg_buf_cstr(&type))) {
        c->autoincrement = c->serial = 1;
        c->nullable = 0;
    }
    c->national = mg_type_is_national(mg_buf_cstr(&type));
    while (!done)
        if ((rc = parse_column_constraint(p, cx, c, &done)) < 0)
            goto done;
done:
    mg_buf_release(&type);
    free(name);
    return rc;
}

static int parse_index_item(parser *p, const mg_table *t, mg_strlist *out);

/* Move to the first token at nesting depth 0 that is the punctuation a or
 * b, or to the end; *depth gets the parentheses left open (0 unless the
 * text ended first). */
static int
skip_to(parser *p, char a, char b, size_t *depth)
{
    int rc;

    *depth = 0;
    while (p->tok.kind != T_EOF &&
           !(*depth == 0 && (is_punct(p, &p->tok, a) ||
                             is_punct(p, &p->tok, b)))) {
        if (is_punct(p, &p->tok, '('))
            (*depth)++;
        else if (is_punct(p, &p->tok, ')'))
            (*depth)--;
        if ((rc = advance(p)) < 0)
            return rc;
    }
    return 0;
}

/* MySQL's UNIQUE [KEY|INDEX] [name] (...): after UNIQUE, move over KEY or
 * INDEX and take the index's name as the constraint's when CONSTRAINT
 * gave none. */
static int
mysql_unique_name(parser *p, char **cname, token *name_at)
{
    const token *next;
    int rc = 0;

    if ((is_kw(p, &p->tok, "KEY") || is_kw(p, &p->tok, "INDEX")) &&
        (rc = advance(p)) < 0)
        return rc;
    if (!is_ident(&p->tok) || (rc = peek(p, &next)) < 0 ||
        !is_punct(p, next, '('))
        return rc;
    if (*cname)                   /* CONSTRAINT c UNIQUE KEY k (...) */
        return advance(p);
    return take_name(p, "an index name", cname, name_at);
}

/* 1 when the table element at the current token is MySQL's inline index,
 * [FULLTEXT|SPATIAL] {KEY|INDEX} [name] (...) or FULLTEXT [name] (...),
 * rather than a column called key or index ("key VARCHAR(10)": a number
 * follows its parenthesis, a column name an index's). */
static int
is_inline_index_start(parser *p, int *rc)
{
    const token *t1;
    token t2, t3;
    int special = is_kw(p, &p->tok, "FULLTEXT") || is_kw(p, &p->tok, "SPATIAL");

    *rc = 0;
    if (!special && !is_kw(p, &p->tok, "KEY") && !is_kw(p, &p->tok, "INDEX"))
        return 0;
    if ((*rc = peek(p, &t1)) < 0)
        return 0;
    if (is_punct(p, t1, '(') ||
        (special && (is_kw(p, t1, "KEY") || is_kw(p, t1, "INDEX"))))
        return 1;
    if (!is_ident(t1) || (*rc = lex(p, t1->next, &t2)) < 0)
        return 0;
    if (is_kw(p, &t2, "USING"))
        return 1;
    if (!is_punct(p, &t2, '(') || (*rc = lex(p, t2.next, &t3)) < 0)
        return 0;
    return t3.kind != T_NUMBER;
}

/* [FULLTEXT|SPATIAL] {KEY|INDEX} [name] [USING m] ( item, ... ) [options]:
 * an index of the table (FULLTEXT and SPATIAL kept as its method; BTREE
 * and HASH, MariaDB's own choice, and index options are dropped). */
static int
parse_inline_index(parser *p, table_ctx *cx)
{
    mg_strlist items = MG_STRLIST_INIT;
    char *name = NULL;
    const char *method = NULL;
    token name_at;
    mg_index *ix;
    size_t depth = 0;
    int rc;

    if (is_kw(p, &p->tok, "FULLTEXT") || is_kw(p, &p->tok, "SPATIAL")) {
        method = is_kw(p, &p->tok, "FULLTEXT") ? "FULLTEXT" : "SPATIAL";
        if ((rc = advance(p)) < 0)
            goto done;
    }
    if ((is_kw(p, &p->tok, "KEY") || is_kw(p, &p->tok, "INDEX")) &&
        (rc = advance(p)) < 0)
        goto done;
    if (is_ident(&p->tok) && !is_kw(p, &p->tok, "USING") &&
        (rc = take_name(p, "an index name", &name, &name_at)) < 0)
        goto done;
    if (is_kw(p, &p->tok, "USING") &&
        ((rc = advance(p)) < 0 || (rc = advance(p)) < 0))
        goto done;
    if (!is_punct(p, &p->tok, '(')) {
        rc = expected(p, "'(' before the index columns");
        goto done;
    }
    do {
        if ((rc = advance(p)) < 0 ||
            (rc = parse_index_item(p, cx->t, &items)) < 0)
            goto done;
    } while (is_punct(p, &p->tok, ','));
    if (!is_punct(p, &p->tok, ')')) {
        rc = expected(p, "',' or ')' after index column");
        goto done;
    }
    if ((rc = advance(p)) < 0)
        goto done;
    /* USING BTREE, COMMENT '...', KEY_BLOCK_SIZE=n...: up to , or ) */
    if ((rc = skip_to(p, ',', ')', &depth)) < 0)
        goto done;
    if (name && mg_table_index(cx->t, name)) {
        rc = fail_at(p, &name_at, "index '%s' defined twice", name);
        goto done;
    }
    if (!(ix = mg_table_add_index(cx->t, name, 0)) ||
        mg_index_set_method(ix, method) < 0) {
        rc = oom(p);
        goto done;
    }
    ix->expressions = items;
    memset(&items, 0, sizeof(items));
done:
    mg_strlist_release(&items);
    free(name);
    return rc;
}

/* [CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...) | FOREIGN KEY (...)
 * REFERENCES ... | CHECK (...) */
static int
parse_table_constraint(parser *p, table_ctx *cx)
{
    mg_constraint *k = NULL;
    char *cname = NULL;
    token name_at, at;
    int rc;

    if (is_kw(p, &p->tok, "CONSTRAINT")) {
        if ((rc = advance(p)) < 0 ||
            (rc = take_name(p, "a constraint name after CONSTRAINT", &cname,
                            &name_at)) < 0)
            goto done;
    }
    at = p->tok;
    if (is_kw(p, &at, "PRIMARY")) {
        if ((rc = advance(p)) < 0 ||
            (rc = expect_kw(p, "KEY", "KEY after PRIMARY")) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_PRIMARY_KEY, cname,
                                 &name_at, &at, &k)) < 0 ||
            (rc = parse_column_list(p, cx, &k->columns, "primary key", 1,
                                    &cx->pk_autoinc,
                                    "'(' after PRIMARY KEY")) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (is_kw(p, &at, "UNIQUE")) {
        if ((rc = advance(p)) < 0 ||
            (rc = mysql_unique_name(p, &cname, &name_at)) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_UNIQUE, cname,
                                 &name_at, &at, &k)) < 0 ||
            (rc = parse_column_list(p, cx, &k->columns, "unique constraint",
                                    1, NULL, "'(' after UNIQUE")) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (is_kw(p, &at, "FOREIGN")) {
        if ((rc = advance(p)) < 0 ||
            (rc = expect_kw(p, "KEY", "KEY after FOREIGN")) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_FOREIGN_KEY, cname,
                                 &name_at, &at, &k)) < 0 ||
            (rc = parse_column_list(p, cx, &k->columns, "foreign key", 0,
                                    NULL, "'(' after FOREIGN KEY")) < 0)
            goto done;
        if (!is_kw(p, &p->tok, "REFERENCES")) {
            rc = expected(p, "REFERENCES after the foreign key columns");
            goto done;
        }
        rc = parse_references(p, cx, k, k->columns.n);
    } else if (is_kw(p, &at, "CHECK")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_CHECK, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        rc = parse_check(p, k);
    } else {
        rc = expected(p, "a constraint after the constraint name");
    }
done:
    free(cname);
    return rc;
}

static int
is_table_constraint_start(const parser *p)
{
    return is_kw(p, &p->tok, "CONSTRAINT") || is_kw(p, &p->tok, "PRIMARY") ||
           is_kw(p, &p->tok, "UNIQUE") || is_kw(p, &p->tok, "FOREIGN") ||
           is_kw(p, &p->tok, "CHECK");
}

/* After the closing parenthesis: check the columns the table constraints
 * name, make primary-key columns NOT NULL. */
static int
finish_table(parser *p, table_ctx *cx, const token *name_at)
{
    const mg_constraint *pk = mg_table_primary_key(cx->t);
    size_t i;

    for (i = 0; i < cx->nrefs; i++)
        if (!nameset_get(&cx->cols, cx->refs[i].name))
            return fail_loc(p, cx->refs[i].line, cx->refs[i].col,
                            "unknown column '%s' in %s of table '%s'",
                            cx->refs[i].name, cx->refs[i].where,
                            cx->t->name);
    if (cx->t->ncolumns == 0)
        return fail_at(p, name_at, "table '%s' has no columns",
                       cx->t->name);
    for (i = 0; pk && i < pk->columns.n; i++) {
        mg_column *c = nameset_get(&cx->cols, pk->columns.v[i]);
        if (!c)
            continue;       /* cannot be: checked above */
        c->nullable = 0;
        if (cx->pk_autoinc && pk->columns.n == 1)
            c->autoincrement = c->never_reuse = 1;
    }
    return 0;
}

/* CREATE TABLE [IF NOT EXISTS] name ( element, ... ) [options] */
static int
parse_create_table(parser *p)
{
    mg_metadata *scratch = NULL, *target = p->md;
    table_ctx cx;
    token name_at;
    char *name = NULL;
    size_t depth = 0, opt_start;
    int rc, if_not_exists = 0;

    memset(&cx, 0, sizeof(cx));
    p->what = "CREATE TABLE";
    if ((rc = advance(p)) < 0)
        goto done;
    if (is_kw2(p, "IF", "NOT", &rc)) {
        if_not_exists = 1;
        if ((rc = advance(p)) < 0 || (rc = advance(p)) < 0 ||
            (rc = expect_kw(p, "EXISTS", "EXISTS after IF NOT")) < 0)
            goto done;
    } else if (rc < 0) {
        goto done;
    }
    if ((rc = take_name(p, "a table name", &name, &name_at)) < 0)
        goto done;
    if (mg_metadata_table(p->md, name)) {
        if (!if_not_exists) {
            rc = fail_at(p, &name_at, "table '%s' defined twice", name);
            goto done;
        }
        /* read it all the same, into a metadata thrown away */
        if ((rc = mg_metadata_new(&scratch, p->err)) < 0)
            goto done;
        target = scratch;
    }
    if ((rc = mg_metadata_add_table(target, name, &cx.t, p->err)) < 0)
        goto done;
    cx.t->if_not_exists = if_not_exists;
    if (!is_punct(p, &p->tok, '(')) {
        rc = expected(p, "'(' after table name");
        goto done;
    }
    if ((rc = advance(p)) < 0)
        goto done;
    for (;;) {
        if (is_table_constraint_start(p)) {
            if ((rc = parse_table_constraint(p, &cx)) < 0)
                goto done;
            if (!is_punct(p, &p->tok, ',') && !is_punct(p, &p->tok, ')')) {
                rc = expected(p, "',' or ')' after table constraint");
                goto done;
            }
        } else if (is_inline_index_start(p, &rc) || rc < 0) {
            if (rc < 0 || (rc = parse_inline_index(p, &cx)) < 0)
                goto done;
        } else if (is_ident(&p->tok)) {
            if ((rc = parse_column(p, &cx)) < 0)
                goto done;
            if (!is_punct(p, &p->tok, ',') && !is_punct(p, &p->tok, ')')) {
                rc = expected(p, "',' or ')' after column definition");
                goto done;
            }
        } else {
            rc = expected(p, "a column definition or table constraint");
            goto done;
        }
        if (is_punct(p, &p->tok, ')'))
            break;
        if ((rc = advance(p)) < 0)
            goto done;
    }
    if ((rc = advance(p)) < 0)
        goto done;
    /* table options: everything up to the end of the statement; CREATE
     * there is a forgotten ';' rather than an option */
    opt_start = p->tok.at.off;
    while (p->tok.kind != T_EOF &&
           !(depth == 0 && is_punct(p, &p->tok, ';'))) {
        if (is_kw(p, &p->tok, "CREATE")) {
            rc = expected(p, "';' after CREATE TABLE");
            goto done;
        }
        if (is_punct(p, &p->tok, '(')) {
            depth++;
        } else if (is_punct(p, &p->tok, ')')) {
            if (depth == 0) {
                rc = expected(p, "';' after CREATE TABLE");
                goto done;
            }
            depth--;
        }
        if ((rc = advance(p)) < 0)
            goto done;
    }
    if (p->tok.kind == T_EOF && depth > 0) {
        rc = expected(p, "')'");
        goto done;
    }
    if (p->tok.at.off > opt_start &&
        (rc = slice(p, opt_start, p->prev_end, &cx.t->options)) < 0)
        goto done;
    rc = finish_table(p, &cx, &name_at);
done:
    table_ctx_release(&cx);
    mg_metadata_free(scratch);
    free(name);
    return rc;
}

/* ---- CREATE INDEX ---- */

/* One index element: a column or an expression, with [COLLATE x]
 * (dropped), [ASC] (dropped), [DESC] and [NULLS FIRST|LAST] (kept). */
static int
parse_index_item(parser *p, const mg_table *t, mg_strlist *out)
{
    token first = p->tok;
    mg_buf text = MG_BUF_INIT;
    size_t depth = 0, ntok = 0, start = p->tok.at.off;
    char *name = NULL;
    int rc;

    for (;;) {
        if (p->tok.kind == T_EOF)
            return expected(p, "')'");
        if (depth == 0 &&
            (is_punct(p, &p->tok, ',') || is_punct(p, &p->tok, ')') ||
             is_kw(p, &p->tok, "ASC") || is_kw(p, &p->tok, "DESC") ||
             is_kw(p, &p->tok, "COLLATE") || is_kw(p, &p->tok, "NULLS")))
            break;
        if (is_punct(p, &p->tok, '('))
            depth++;
        else if (is_punct(p, &p->tok, ')'))
            depth--;
        ntok++;
        if ((rc = advance(p)) < 0)
            return rc;
    }
    if (ntok == 0)
        return expected(p, "an index column or expression");
    if (ntok == 1 && is_ident(&first)) {
        if ((rc = ident_text(p, &first, &name)) < 0)
            return rc;
        if (!mg_table_column(t, name)) {
            rc = fail_at(p, &first, "unknown column '%s' of table '%s' in "
                         "CREATE INDEX", name, t->name);
            free(name);
            return rc;
        }
        mg_buf_puts(&text, name);
        free(name);
    } else {
        mg_buf_add(&text, p->s + start, p->prev_end - start);
    }
    if ((rc = skip_collate(p)) < 0)
        goto done;
    if (is_kw(p, &p->tok, "ASC") || is_kw(p, &p->tok, "DESC")) {
        if (is_kw(p, &p->tok, "DESC"))
            mg_buf_puts(&text, " DESC");
        if ((rc = advance(p)) < 0)
            goto done;
    }
    if (is_kw(p, &p->tok, "NULLS")) {
        if ((rc = advance(p)) < 0)
            goto done;
        if (!is_kw(p, &p->tok, "FIRST") && !is_kw(p, &p->tok, "LAST")) {
            rc = expected(p, "FIRST or LAST after NULLS");
            goto done;
        }
        mg_buf_addf(&text, " NULLS %s",
                    is_kw(p, &p->tok, "FIRST") ? "FIRST" : "LAST");
        if ((rc = advance(p)) < 0)
            goto done;
    }
    if (text.oom || mg_strlist_add(out, mg_buf_cstr(&text)) < 0)
        rc = oom(p);
done:
    mg_buf_release(&text);
    return rc;
}

/* CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table [USING method]
 * ( item, ... ) [WHERE expr]; the current token is INDEX. */
static int
parse_create_index(parser *p, int unique)
{
    mg_strlist items = MG_STRLIST_INIT;
    char *name = NULL, *tname = NULL, *method = NULL, *where = NULL;
    const mg_table *t;
    mg_index *ix;
    token name_at, table_at;
    const token *next;
    int rc, if_not_exists = 0;

    p->what = "CREATE INDEX";
    if ((rc = advance(p)) < 0)
        goto done;
    if (is_kw2(p, "IF", "NOT", &rc)) {
        if_not_exists = 1;
        if ((rc = advance(p)) < 0 || (rc = advance(p)) < 0 ||
            (rc = expect_kw(p, "EXISTS", "EXISTS after IF NOT")) < 0)
            goto done;
    } else if (rc < 0) {
        goto done;
    }
    /* PostgreSQL's CREATE INDEX ON t (...) leaves the name to us */
    if (!is_kw(p, &p->tok, "ON") ||
        ((rc = peek(p, &next)) == 0 && is_kw(p, next, "ON"))) {
        if (rc < 0 ||
            (rc = take_name(p, "an index name", &name, &name_at)) < 0)
            goto done;
    } else if (rc < 0) {
        goto done;
    }
    if ((rc = expect_kw(p, "ON", "ON after the index name")) < 0 ||
        (rc = take_name(p, "a table name after ON", &tname, &table_at)) < 0)
        goto done;
    if (!(t = mg_metadata_table(p->md, tname))) {
        rc = fail_at(p, &table_at, "unknown table '%s' in CREATE INDEX",
                     tname);
        goto done;
    }
    if (is_kw(p, &p->tok, "USING")) {
        if ((rc = advance(p)) < 0)
            goto done;
        if (!is_ident(&p->tok)) {
            rc = expected(p, "an index method after USING");
            goto done;
        }
        if ((rc = ident_text(p, &p->tok, &method)) < 0 ||
            (rc = advance(p)) < 0)
            goto done;
    }
    if (p->index_kind && !method && !(method = strdup(p->index_kind))) {
        rc = oom(p);
        goto done;
    }
    if (!is_punct(p, &p->tok, '(')) {
        rc = expected(p, "'(' before the index columns");
        goto done;
    }
    if ((rc = advance(p)) < 0)
        goto done;
    for (;;) {
        if ((rc = parse_index_item(p, t, &items)) < 0)
            goto done;
        if (is_punct(p, &p->tok, ')'))
            break;
        if (!is_punct(p, &p->tok, ',')) {
            rc = expected(p, "',' or ')' after index column");
            goto done;
        }
        if ((rc = advance(p)) < 0)
            goto done;
    }
    if ((rc = advance(p)) < 0)
        goto done;
    if (is_kw(p, &p->tok, "WHERE")) {
        size_t depth = 0, start;
        if ((rc = advance(p)) < 0)
            goto done;
        start = p->tok.at.off;
        if ((rc = skip_to(p, ';', ')', &depth)) < 0)
            goto done;
        if (p->tok.at.off == start) {
            rc = expected(p, "an expression after WHERE");
            goto done;
        }
        if (depth > 0) {
            rc = expected(p, "')'");
            goto done;
        }
        if ((rc = slice(p, start, p->prev_end, &where)) < 0)
            goto done;
    }
    if (p->tok.kind != T_EOF && !is_punct(p, &p->tok, ';')) {
        rc = expected(p, "';' after CREATE INDEX");
        goto done;
    }
    if (name && mg_table_index(t, name)) {
        if (!if_not_exists)
            rc = fail_at(p, &name_at, "index '%s' defined twice", name);
        goto done;
    }
    /* the table is md's own, built by us: adding to it is allowed */
    if (!(ix = mg_table_add_index((mg_table *)t, name, unique)) ||
        mg_index_set_where(ix, where) < 0 ||
        mg_index_set_method(ix, method) < 0) {
        rc = oom(p);
        goto done;
    }
    ix->expressions = items;
    memset(&items, 0, sizeof(items));
done:
    mg_strlist_release(&items);
    free(name);
    free(tname);
    free(method);
    free(where);
    return rc;
}

/* ---- statements ---- */

/* CREATE FULLTEXT INDEX / CREATE SPATIAL INDEX (MySQL's): an index whose
 * method is that kind; the current token is FULLTEXT or SPATIAL, and INDEX
 * follows. */
static int
parse_create_special_index(parser *p)
{
    int rc;

    p->index_kind = is_kw(p, &p->tok, "FULLTEXT") ? "FULLTEXT" : "SPATIAL";
    if ((rc = advance(p)) == 0)
        rc = parse_create_index(p, 0);
    p->index_kind = NULL;
    return rc;
}

/* Move past a statement the model does not hold (MG_MODEL_LENIENT), up
 * to its ';' (left current); a trigger's BEGIN ... END body (and CASE ...
 * END inside it) may hold ';'. */
static int
skip_statement(parser *p)
{
    size_t depth = 0;
    int trigger = 0, rc;

    while (p->tok.kind != T_EOF) {
        if (depth == 0 && is_punct(p, &p->tok, ';'))
            return 0;
        if (is_kw(p, &p->tok, "TRIGGER"))
            trigger = 1;
        else if (trigger && (is_kw(p, &p->tok, "BEGIN") ||
                             is_kw(p, &p->tok, "CASE")))
            depth++;
        else if (trigger && depth > 0 && is_kw(p, &p->tok, "END"))
            depth--;
        if ((rc = advance(p)) < 0)
            return rc;
    }
    return 0;
}

static int
parse_statement(parser *p)
{
    token first = p->tok;
    const token *next;
    int rc;

    if (is_kw(p, &p->tok, "CREATE")) {
        if ((rc = advance(p)) < 0)
            return rc;
        if (is_kw(p, &p->tok, "TABLE"))
            return parse_create_table(p);
        if (is_kw(p, &p->tok, "INDEX"))
            return parse_create_index(p, 0);
        if (is_kw(p, &p->tok, "FULLTEXT") || is_kw(p, &p->tok, "SPATIAL")) {
            if ((rc = peek(p, &next)) < 0)
                return rc;
            if (is_kw(p, next, "INDEX"))
                return parse_create_special_index(p);
        }
        if (is_kw(p, &p->tok, "UNIQUE")) {
            if ((rc = peek(p, &next)) < 0)
                return rc;
            if (is_kw(p, next, "INDEX")) {
                if ((rc = advance(p)) < 0)
                    return rc;
                return parse_create_index(p, 1);
            }
        }
    }
    if (p->flags & MG_MODEL_LENIENT)
        return skip_statement(p);
    return fail_at(p, &first, "only CREATE TABLE, CREATE INDEX and comments "
                   "are allowed in a model file");
}

static int
parse_all(parser *p)
{
    lexpos start = { 0, 1, 1 };
    int rc;

    if (p->len >= 3 && memcmp(p->s, "\xef\xbb\xbf", 3) == 0)
        start.off = 3;      /* UTF-8 byte order mark */
    if ((rc = lex(p, start, &p->tok)) < 0)
        return rc;
    for (;;) {
        while (is_punct(p, &p->tok, ';'))
            if ((rc = advance(p)) < 0)
                return rc;
        if (p->tok.kind == T_EOF)
            return 0;
        if ((rc = parse_statement(p)) < 0)
            return rc;
        if (p->tok.kind != T_EOF && !is_punct(p, &p->tok, ';'))
            return expected(p, "';'");
    }
}

int
mg_model_parse(mg_metadata *md, const char *path, const char *text,
               size_t len, unsigned int flags, mg_error *err)
{
    parser p;
    int rc;

    memset(&p, 0, sizeof(p));
    p.md = md;
    p.path = path ? path : "<model>";
    p.s = text ? text : "";
    p.len = text ? len : 0;
    p.flags = flags;
    p.err = err;
    p.what = "statement";
    rc = parse_all(&p);
    release_types(&p);
    return rc;
}

/* ---- after parsing ---- */

static int
is_identifier_like(const char *s)
{
    if (!is_ident_start((unsigned char)*s))
        return 0;
    for (; *s; s++)
        if (!is_ident_char((unsigned char)*s))
            return 0;
    return 1;
}

/* Fill in the referred columns of foreign keys written without them (the
 * referred table's primary key) and check what they name. */
static int
check_foreign_key(const mg_metadata *md, const mg_table *t, mg_constraint *k,
                  mg_error *err)
{
    const mg_table *rt;
    const mg_constraint *pk;
    size_t i;

    for (i = 0; i < k->columns.n; i++)
        if (!mg_table_column(t, k->columns.v[i]))
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' names "
                                "unknown column '%s'", t->name,
                                k->columns.v[i]);
    if (!k->ref_table || !(rt = mg_metadata_table(md, k->ref_table)))
        return mg_error_set(err, MG_EPARSE, "foreign key on '%s' references "
                            "unknown table '%s'", t->name,
                            k->ref_table ? k->ref_table : "");
    if (k->ref_columns.n == 0) {
        if (!(pk = mg_table_primary_key(rt)))
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' "
                                "references table '%s', which has no "
                                "primary key", t->name, rt->name);
        if (pk->columns.n != k->columns.n)
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' has "
                                "%zu column%s but the primary key of '%s' "
                                "has %zu", t->name, k->columns.n,
                                k->columns.n == 1 ? "" : "s", rt->name,
                                pk->columns.n);
        for (i = 0; i < pk->columns.n; i++)
            if (mg_strlist_add(&k->ref_columns, pk->columns.v[i]) < 0)
                return mg_error_set(err, MG_ENOMEM, "out of memory");
        return 0;
    }
    for (i = 0; i < k->ref_columns.n; i++)
        if (!mg_table_column(rt, k->ref_columns.v[i]))
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' "
                                "references unknown column '%s' of table "
                                "'%s'", t->name, k->ref_columns.v[i],
                                rt->name);
    return 0;
}

typedef struct index_ref {
    const char *name;
    const char *table;
    size_t      order;
} index_ref;

static int
cmp_index_ref(const void *a, const void *b)
{
    const index_ref *x = a, *y = b;
    int c = strcasecmp(x->name, y->name);

    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Index names are one namespace for the whole schema. */
static int
check_index_names(const mg_metadata *md, mg_error *err)
{
    index_ref *v = NULL;
    size_t n = 0, cap = 0, i, j;
    int rc = 0;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        for (j = 0; j < t->nindexes; j++) {
            if (n == cap) {
                size_t c = cap ? cap * 2 : 64;
                index_ref *nv = realloc(v, c * sizeof(*nv));
                if (!nv) {
                    free(v);
                    return mg_error_set(err, MG_ENOMEM, "out of memory");
                }
                v = nv;
                cap = c;
            }
            v[n].name = t->indexes[j]->name;
            v[n].table = t->name;
            v[n].order = n;
            n++;
        }
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_index_ref);
    for (i = 1; i < n; i++)
        if (strcasecmp(v[i - 1].name, v[i].name) == 0) {
            rc = mg_error_set(err, MG_EPARSE, "index '%s' defined twice "
                              "(on tables '%s' and '%s')", v[i].name,
                              v[i - 1].table, v[i].table);
            break;
        }
    free(v);
    return rc;
}

int
mg_model_finish(mg_metadata *md, mg_error *err)
{
    return mg_model_finish_ex(md, 0, err);
}

int
mg_model_finish_ex(mg_metadata *md, unsigned int flags, mg_error *err)
{
    size_t i, j, e;
    int rc;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        for (j = 0; j < t->nconstraints; j++) {
            if (t->constraints[j]->kind != MG_CONSTRAINT_FOREIGN_KEY)
                continue;
            rc = check_foreign_key(md, t, t->constraints[j], err);
            /* a database may hold a foreign key to a table that is gone
             * (SQLite allows it): reflection keeps it as it is */
            if (rc == MG_EPARSE && (flags & MG_MODEL_LENIENT))
                continue;
            if (rc < 0)
                return rc;
        }
        for (j = 0; j < t->nindexes; j++) {
            const mg_index *ix = t->indexes[j];
            for (e = 0; e < ix->expressions.n; e++) {
                const char *x = ix->expressions.v[e];
                if (is_identifier_like(x) && !mg_table_column(t, x))
                    return mg_error_set(err, MG_EPARSE, "index '%s' on '%s' "
                                        "names unknown column '%s'",
                                        ix->name, t->name, x);
            }
        }
    }
    if ((rc = mg_metadata_apply_conventions(md, err)) < 0)
        return rc;
    if (flags & MG_MODEL_INDEX_PER_TABLE)
        return 0;       /* each table's names were checked as it was read */
    return check_index_names(md, err);
}

/* ---- files ---- */

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_file(mg_metadata *md, const char *path, mg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f;
    int rc;

    /* open once to report a missing file as such, then read */
    if (!(f = fopen(path, "rb"))) {
        int e = errno;
        return mg_error_set(err, e == ENOENT ? MG_ENOTFOUND : MG_EIO,
                            "cannot read model file '%s': %s", path,
                            strerror(e));
    }
    fclose(f);
    if ((rc = mg_fs__read(path, &data, &len, err)) < 0)
        return rc;
    rc = mg_model_parse(md, path, data, len, 0, err);
    free(data);
    return rc;
}

/* Every *.sql file of dir, in name order. */
static int
load_dir(mg_metadata *md, const char *dir, mg_error *err)
{
    mg_strlist names = MG_STRLIST_INIT;
    struct dirent *de;
    DIR *d;
    size_t i;
    int rc = 0;

    if (!(d = opendir(dir))) {
        int e = errno;
        return mg_error_set(err, MG_EIO, "cannot read model directory '%s': "
                            "%s", dir, strerror(e));
    }
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n < 5 ||
            strcmp(de->d_name + n - 4, ".sql") != 0)
            continue;
        if (mg_strlist_add(&names, de->d_name) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            break;
        }
    }
    closedir(d);
    if (names.n > 1)
        qsort(names.v, names.n, sizeof(*names.v), cmp_names);
    for (i = 0; rc == 0 && i < names.n; i++) {
        mg_buf path = MG_BUF_INIT;
        struct stat st;
        mg_fs__join(&path, dir, names.v[i]);
        if (path.oom)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        else if (stat(mg_buf_cstr(&path), &st) == 0 && S_ISDIR(st.st_mode))
            rc = 0;     /* a directory named x.sql is not a model file */
        else
            rc = load_file(md, mg_buf_cstr(&path), err);
        mg_buf_release(&path);
    }
    mg_strlist_release(&names);
    return rc;
}

int
mg_model_load(mg_metadata **out, const char *path, mg_error *err)
{
    return mg_model_load_for(out, path, NULL, err);
}

int
mg_model_load_for(mg_metadata **out, const char *path, const mg_dialect *d,
                  mg_error *err)
{
    unsigned int flags = d && (d->caps & MG_CAP_INDEX_PER_TABLE) ?
                         MG_MODEL_INDEX_PER_TABLE : 0;
    mg_metadata *md = NULL;
    struct stat st;
    int rc;

    *out = NULL;
    if (stat(path, &st) < 0) {
        int e = errno;
        return mg_error_set(err, e == ENOENT || e == ENOTDIR ?
                            MG_ENOTFOUND : MG_EIO,
                            "cannot read model file '%s': %s", path,
                            strerror(e));
    }
    if ((rc = mg_metadata_new(&md, err)) < 0)
        return rc;
    if (S_ISDIR(st.st_mode))
        rc = load_dir(md, path, err);
    else
        rc = load_file(md, path, err);
    if (rc == 0)
        rc = mg_model_finish_ex(md, flags, err);
    if (rc < 0) {
        mg_metadata_free(md);
        return rc;
    }
    *out = md;
    return 0;
}
