/* model_column.c - the parts of a column definition in the model file
 * language that belong to the column alone: its type text (words, a
 * parenthesised group, array suffixes, MariaDB's CHARACTER SET), DEFAULT,
 * identity (GENERATED ... AS IDENTITY) and generated columns, and
 * MariaDB's column attributes (CHARACTER SET, COLLATE, ON UPDATE,
 * COMMENT). The constraints a column carries, which touch its table, are
 * read in model_parse.c. */
#include "model_column_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
        if (mg_lex__is_kw(p, t, words[i]))
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
        if (mg_lex__is_kw(p, t, words[i]))
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
        if (mg_lex__is_kw(p, t, words[i]))
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
        if (mg_lex__lex(p, ahead.next, &ahead) < 0) {
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
        if (!mg_lex__is_digit((unsigned char)p->s[i]))
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

    if (!mg_lex__is_kw(p, &p->tok, "CHARACTER"))
        return 0;
    if ((rc = mg_lex__peek(p, &next)) < 0)
        return rc;
    return mg_lex__is_kw(p, next, "SET");
}

/* A column's type: words (or one double-quoted name, a PostgreSQL
 * domain's or enum's as the server prints it), an optional parenthesised
 * group, array suffixes; stops at a constraint keyword, ',', ')' or (in a model file)
 * a word no type has. */
int
mg_model_column__parse_type(parser *p, mg_buf *out)
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
        } else if (words == 0 && t->kind == T_QUOTED && t->quote == '"') {
            words++;    /* a quoted type name ("Name"), kept with quotes */
        } else if (words && !after_group && mg_lex__is_punct(p, t, '(')) {
            size_t depth = 0;
            for (;;) {
                if (p->tok.kind == T_EOF)
                    return mg_lex__expected(p, "')'");
                if (mg_lex__is_punct(p, &p->tok, '('))
                    depth++;
                else if (mg_lex__is_punct(p, &p->tok, ')'))
                    depth--;
                type_add(p, out, &p->tok, &prev);
                if ((rc = mg_lex__advance(p)) < 0)
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
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
            continue;
        } else {
            break;
        }
        type_add(p, out, t, &prev);
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    return rc < 0 ? rc : out->oom ? mg_lex__oom(p) : 0;
}

/* ::type casts after a default value (PostgreSQL '{}'::jsonb). */
static int
skip_casts(parser *p)
{
    const token *next;
    mg_buf scratch = MG_BUF_INIT;
    int rc;

    for (;;) {
        if (!mg_lex__is_punct(p, &p->tok, ':'))
            return 0;
        if ((rc = mg_lex__peek(p, &next)) < 0)
            return rc;
        if (!mg_lex__is_punct(p, next, ':'))
            return 0;
        if ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0)
            return rc;
        if (p->tok.kind != T_WORD || is_constraint_word(p, &p->tok))
            return mg_lex__expected(p, "a type after '::'");
        rc = mg_model_column__parse_type(p, &scratch);
        mg_buf_release(&scratch);
        if (rc < 0)
            return rc;
    }
}

/* 1 when t is a character of a binary operator ("+", "||", "->>"...). */
static int
is_operator(const parser *p, const token *t)
{
    return t->kind == T_PUNCT && strchr("+-*/%|^<>=!&#~@",
                                        p->s[t->at.off]) != NULL;
}

/* One term of a default: a literal, a signed number, a word
 * (CURRENT_TIMESTAMP, TRUE) or a function call, a typed literal
 * (interval '1 day'), or a parenthesised expression, with ::type casts
 * after it; *null set when it is a bare NULL. */
static int
default_term(parser *p, int *null)
{
    size_t a, b;
    int rc;

    *null = 0;
    if (mg_lex__is_punct(p, &p->tok, '(')) {
        if ((rc = mg_lex__skip_group(p, "an expression", &a, &b)) < 0)
            return rc;
    } else if (mg_lex__is_punct(p, &p->tok, '-') ||
               mg_lex__is_punct(p, &p->tok, '+')) {
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        if (p->tok.kind != T_NUMBER)
            return mg_lex__expected(p, "a number after the sign");
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    } else if (p->tok.kind == T_NUMBER || p->tok.kind == T_STRING ||
               p->tok.kind == T_QUOTED) {
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    } else if (p->tok.kind == T_WORD && (!is_constraint_word(p, &p->tok) ||
                                         mg_lex__is_kw(p, &p->tok, "NULL"))) {
        *null = mg_lex__is_kw(p, &p->tok, "NULL");
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        if (mg_lex__is_punct(p, &p->tok, '(')) {
            *null = 0;
            if ((rc = mg_lex__skip_group(p, NULL, &a, &b)) < 0)
                return rc;
        } else if (!*null && p->tok.kind == T_STRING &&
                   (rc = mg_lex__advance(p)) < 0) {
            return rc;
        }
    } else {
        return mg_lex__expected(p, "a default value after DEFAULT");
    }
    if (mg_lex__is_punct(p, &p->tok, ':')) {
        *null = 0;
        return skip_casts(p);
    }
    return 0;
}

/* DEFAULT value: terms (default_term) joined by binary operators, as
 * PostgreSQL allows ("now() + interval '1 day'", "'a' || 'b'"); kept as
 * written, in parentheses when there are several terms, as SQLite and
 * MariaDB need them. DEFAULT NULL is no default. */
int
mg_model_column__parse_default(parser *p, mg_column *c)
{
    mg_buf wrapped = MG_BUF_INIT;
    size_t start;
    char *text = NULL;
    int rc, null, terms = 1;

    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    start = p->tok.at.off;
    if ((rc = default_term(p, &null)) < 0)
        return rc;
    while (is_operator(p, &p->tok)) {
        while (is_operator(p, &p->tok))
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
        if ((rc = default_term(p, &null)) < 0)
            return rc;
        terms++;
    }
    if (null && terms == 1)
        return mg_column_set_default(c, NULL) < 0 ? mg_lex__oom(p) : 0;
    if ((rc = mg_lex__slice(p, start, p->prev_end, &text)) < 0)
        return rc;
    if (strncasecmp(text, "nextval(", 8) == 0)
        c->autoincrement = 1;   /* a sequence-backed key keeps its default */
    if (terms > 1)
        mg_buf_addf(&wrapped, "(%s)", text);
    rc = mg_column_set_default(c, terms > 1 ? mg_buf_cstr(&wrapped) : text)
         < 0 || wrapped.oom ? mg_lex__oom(p) : 0;
    free(text);
    mg_buf_release(&wrapped);
    return rc;
}

/* GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY [( sequence options )]: c is
 * auto-generated (the options are the sequence's, not kept). At GENERATED;
 * *done is 0 when the clause is a generated column's AS (expr) instead,
 * the parser then left at AS. */
int
mg_model_column__parse_identity(parser *p, mg_column *c, int *done)
{
    const token *next;
    size_t a, b;
    int rc, always = 0;

    *done = 0;
    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    if (mg_lex__is_kw(p, &p->tok, "ALWAYS")) {
        always = 1;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    } else if (mg_lex__is_kw(p, &p->tok, "BY")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__expect_kw(p, "DEFAULT", "DEFAULT after BY")) < 0)
            return rc;
    }
    if (!mg_lex__is_kw(p, &p->tok, "AS"))
        return mg_lex__expected(p, "AS after GENERATED");
    if ((rc = mg_lex__peek(p, &next)) < 0)
        return rc;
    if (!mg_lex__is_kw(p, next, "IDENTITY"))
        return 0;
    if ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0)
        return rc;
    if (mg_lex__is_punct(p, &p->tok, '(') &&
        (rc = mg_lex__skip_group(p, NULL, &a, &b)) < 0)
        return rc;
    c->autoincrement = 1;
    c->identity_always = always;
    c->nullable = 0;
    *done = 1;
    return 0;
}

/* AS (expr) [STORED|VIRTUAL|PERSISTENT], a generated column's expression,
 * into c (VIRTUAL when neither is written, as SQLite and MariaDB take
 * it). A VIRTUAL column is refused when the model's dialect has only
 * STORED ones (no MG_CAP_VIRTUAL_COLUMNS). At AS. */
int
mg_model_column__parse_generated(parser *p, mg_column *c)
{
    token at = p->tok;
    size_t a, b;
    char *text;
    int rc;

    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    if (!mg_lex__is_punct(p, &p->tok, '('))
        return mg_lex__expected(p, "'(' after AS");
    if ((rc = mg_lex__skip_group(p, "an expression", &a, &b)) < 0 ||
        (rc = mg_lex__slice(p, a, b, &text)) < 0)
        return rc;
    rc = mg_column_set_attribute(c, MG_ATTR_GENERATED, text);
    free(text);
    if (rc < 0)
        return mg_lex__oom(p);
    c->generated_stored = mg_lex__is_kw(p, &p->tok, "STORED") ||
                          mg_lex__is_kw(p, &p->tok, "PERSISTENT");
    if (c->generated_stored || mg_lex__is_kw(p, &p->tok, "VIRTUAL")) {
        at = p->tok;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    if (!c->generated_stored && p->dialect &&
        !(p->dialect->caps & MG_CAP_VIRTUAL_COLUMNS))
        return mg_lex__fail_at(p, &at, "generated column '%s' must be "
                               "STORED: %s has no VIRTUAL generated columns",
                               c->name, p->dialect->name);
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
        return mg_lex__oom(p);
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
    else if (mg_lex__is_ident(&p->tok) && a != MG_ATTR_COMMENT)
        rc = mg_lex__ident_text(p, &p->tok, &text);
    else
        return mg_lex__expected(p, what);
    if (rc == 0 && mg_column_set_attribute(c, a, text) < 0)
        rc = mg_lex__oom(p);
    free(text);
    return rc < 0 ? rc : mg_lex__advance(p);
}

/* COLLATE [schema.]name (pg_dump writes pg_catalog."C"): the name
 * without its schema. */
static int
parse_collate(parser *p, mg_column *c)
{
    const token *next;
    int rc;

    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    if (mg_lex__is_ident(&p->tok)) {
        if ((rc = mg_lex__peek(p, &next)) < 0)
            return rc;
        if (mg_lex__is_punct(p, next, '.') &&
            ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0))
            return rc;
    }
    return take_attribute(p, c, MG_ATTR_COLLATION,
                          "a collation name after COLLATE");
}

/* ON UPDATE expr: a word with an optional argument list
 * (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(3), now()), kept as written. */
static int
parse_on_update(parser *p, mg_column *c)
{
    size_t start, a, b;
    char *text = NULL;
    int rc;

    if ((rc = mg_lex__advance(p)) < 0 ||
        (rc = mg_lex__expect_kw(p, "UPDATE", "UPDATE after ON")) < 0)
        return rc;
    start = p->tok.at.off;
    if (p->tok.kind != T_WORD)
        return mg_lex__expected(p, "an expression after ON UPDATE");
    if ((rc = mg_lex__advance(p)) < 0 ||
        (mg_lex__is_punct(p, &p->tok, '(') &&
         (rc = mg_lex__skip_group(p, NULL, &a, &b)) < 0))
        return rc;
    if ((rc = mg_lex__slice(p, start, p->prev_end, &text)) < 0)
        return rc;
    rc = mg_column_set_attribute(c, MG_ATTR_ON_UPDATE, text) < 0
             ? mg_lex__oom(p)
             : 0;
    free(text);
    return rc;
}

/* A column attribute of MariaDB/MySQL: CHARACTER SET x, CHARSET x,
 * COLLATE x, ON UPDATE expr, COMMENT 'text'. *done: 1 when the current
 * token starts none of them. */
int
mg_model_column__parse_attribute(parser *p, mg_column *c, int *done)
{
    int rc;

    *done = 0;
    if ((rc = is_charset_start(p)) < 0)
        return rc;
    if (rc || mg_lex__is_kw(p, &p->tok, "CHARSET")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (mg_lex__is_kw(p, &p->tok, "SET") &&
             (rc = mg_lex__advance(p)) < 0))
            return rc;
        return take_attribute(p, c, MG_ATTR_CHARSET,
                              "a character set name");
    }
    if (mg_lex__is_kw(p, &p->tok, "COLLATE"))
        return parse_collate(p, c);
    if (mg_lex__is_kw(p, &p->tok, "COMMENT"))
        return (rc = mg_lex__advance(p)) < 0 ? rc :
               take_attribute(p, c, MG_ATTR_COMMENT,
                              "a string after COMMENT");
    if (mg_lex__is_kw(p, &p->tok, "ON"))
        return parse_on_update(p, c);
    *done = 1;
    return 0;
}
