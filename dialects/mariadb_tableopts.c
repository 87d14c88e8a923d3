/* mariadb_tableopts.c - the MariaDB dialect's table options (engine,
 * default character set and collation, comment): read from a table's
 * options text (mg_table.options, as a model writes it after the closing
 * parenthesis or as inspect spells it), compared (catalog.table_changes)
 * and changed (MG_OP_ALTER_TABLE).
 *
 * Every spelling MariaDB takes is one option: CHARSET, CHARACTER SET,
 * DEFAULT CHARSET and DEFAULT CHARACTER SET; COLLATE and DEFAULT
 * COLLATE; '=' optional, keywords and names in any case, utf8 read as
 * utf8mb3 (what the server stores). The engine, character set and
 * collation are compared only when both sides state them (else the
 * server's default decides); a collation stated alone implies its
 * character set (the collation name's first part), a character set
 * stated alone compares the character set only. An absent comment is an
 * empty one, as a column's. Other options (ROW_FORMAT, AUTO_INCREMENT,
 * partitions) are not read.
 *
 * A new default character set or collation is one ALTER TABLE that sets
 * it and restates, by MODIFY COLUMN, every string column that inherits
 * it (no character set, collation or national type of its own) in the
 * new one: CONVERT TO CHARACTER SET would also convert the columns that
 * have their own and widen TEXT to MEDIUMTEXT. Converting rows to a
 * character set that cannot hold all of the old one's characters loses
 * data (MG_CHANGE_LOSS). The character set and collation a table's
 * options give are its columns' (catalog.table_charset), so a column
 * stating them compares as one inheriting them. */
#include "mg_dialect.h"
#include "mariadb_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- reading the options ------------------------------------------------ */

/* The value after an option's keyword at s + i ("= x", "x", "='x'"),
 * unquoted (a string literal decoded) into v, lower case when fold;
 * returns the end of the value. */
static size_t
option_value(mg_buf *v, const char *s, size_t i, int fold)
{
    size_t t, e = mg_mariadb__next_token(s, i, &t), k;

    if (e - t == 1 && s[t] == '=')
        e = mg_mariadb__next_token(s, e, &t);
    mg_buf_clear(v);
    if (s[t] == '\'' || s[t] == '"')
        mg_mariadb__literal_value(v, s + t);
    else if (s[t] == '`')
        mg_buf_add(v, s + t + 1, e - t >= 2 ? e - t - 2 : 0);
    else
        mg_buf_add(v, s + t, e - t);
    for (k = 0; fold && k < v->len; k++)
        v->ptr[k] = (char)tolower((unsigned char)v->ptr[k]);
    return e;
}

/* v, a character set or collation name in lower case, with a leading
 * "utf8" meaning utf8mb3 written so. */
static void
utf8_as_utf8mb3(mg_buf *v)
{
    mg_buf x = MG_BUF_INIT;

    if (v->len < 4 || strncmp(v->ptr, "utf8", 4) != 0 ||
        (v->len > 4 && v->ptr[4] != '_'))
        return;
    mg_buf_addf(&x, "utf8mb3%s", v->ptr + 4);
    mg_buf_clear(v);
    mg_buf_puts(v, mg_buf_cstr(&x));
    mg_buf_release(&x);
}

void
mg_mariadb__topts_parse(mg_mariadb__topts *o, const char *s)
{
    size_t t, e, i = 0;
    int depth = 0;

    memset(o, 0, sizeof(*o));
    while (s && (e = mg_mariadb__next_token(s, i, &t)) > t) {
        i = e;
        if (s[t] == '(' || s[t] == ')') {
            depth += s[t] == '(' ? 1 : -1;
        } else if (depth > 0) {
            continue;
        } else if (mg_mariadb__is_word(s, t, e, "PARTITION")) {
            break;      /* per-partition options are not the table's */
        } else if (mg_mariadb__is_word(s, t, e, "ENGINE") ||
                   mg_mariadb__is_word(s, t, e, "TYPE")) {
            i = option_value(&o->engine, s, e, 0);
        } else if (mg_mariadb__is_word(s, t, e, "CHARSET") ||
                   mg_mariadb__is_word(s, t, e, "CHARACTER")) {
            if (mg_mariadb__is_word(s, t, e, "CHARACTER"))
                e = mg_mariadb__next_token(s, e, &t);       /* SET */
            i = option_value(&o->charset, s, e, 1);
            o->charset_stated = 1;
        } else if (mg_mariadb__is_word(s, t, e, "COLLATE")) {
            i = option_value(&o->collation, s, e, 1);
        } else if (mg_mariadb__is_word(s, t, e, "COMMENT")) {
            i = option_value(&o->comment, s, e, 0);
        }
    }
    utf8_as_utf8mb3(&o->charset);
    utf8_as_utf8mb3(&o->collation);
    if (!o->charset.len && o->collation.len)
        mg_buf_add(&o->charset, o->collation.ptr,
                   strcspn(o->collation.ptr, "_"));
}

void
mg_mariadb__topts_release(mg_mariadb__topts *o)
{
    mg_buf_release(&o->engine);
    mg_buf_release(&o->charset);
    mg_buf_release(&o->collation);
    mg_buf_release(&o->comment);
}

/* ---- comparing ---------------------------------------------------------- */

/* 1 when c's type holds text in a character set: CHAR, VARCHAR, the
 * TEXT types, ENUM, SET (JSON's is fixed). */
static int
is_string_type(const mg_type *t)
{
    static const char *const names[] = {
        "char", "varchar", "nchar", "nvarchar", "national", "character",
        "tinytext", "text", "mediumtext", "longtext", "long varchar",
        "enum", "set"
    };
    size_t i, n;

    if (t->kind == MG_TYPE_VARCHAR || t->kind == MG_TYPE_CHAR ||
        t->kind == MG_TYPE_TEXT)
        return 1;
    if (t->kind != MG_TYPE_OTHER || !t->name)
        return 0;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        n = strlen(names[i]);
        if (strncasecmp(t->name, names[i], n) == 0 &&
            !isalnum((unsigned char)t->name[n]) && t->name[n] != '_')
            return 1;
    }
    return 0;
}

/* 1 when c takes its table's character set and collation. */
static int
inherits_charset(const mg_column *c)
{
    return !c->charset && !c->collation && !c->national &&
           is_string_type(&c->type);
}

/* 1 when text in character set from may hold a character that set to
 * cannot: to is not one of the full Unicode sets, nor a BMP-only one
 * with from no full one, and from is not ASCII (which every set holds). */
static int
charset_narrows(const char *from, const char *to)
{
    static const char *const full[] = { "utf8mb4", "utf16", "utf16le",
                                        "utf32" };
    static const char *const bmp[] = { "utf8mb3", "ucs2" };
    size_t i;
    int from_full = 0;

    if (strcmp(from, to) == 0 || strcmp(from, "ascii") == 0)
        return 0;
    for (i = 0; i < sizeof(full) / sizeof(full[0]); i++) {
        if (strcmp(to, full[i]) == 0)
            return 0;
        from_full |= strcmp(from, full[i]) == 0;
    }
    for (i = 0; i < sizeof(bmp) / sizeof(bmp[0]); i++)
        if (strcmp(to, bmp[i]) == 0)
            return from_full;
    return 1;
}

/* 1 when a and b are both stated (non-empty) and differ (any case). */
static int
stated_differ(const mg_buf *a, const mg_buf *b)
{
    return a->len && b->len && strcasecmp(a->ptr, b->ptr) != 0;
}

unsigned int
mg_mariadb__table_changes(const mg_table *have, const mg_table *want)
{
    mg_mariadb__topts h, w;
    unsigned int ch = 0;
    size_t i;

    mg_mariadb__topts_parse(&h, have->options);
    mg_mariadb__topts_parse(&w, want->options);
    if (stated_differ(&h.engine, &w.engine))
        ch |= MG_CHANGE_ENGINE;
    if (stated_differ(&h.charset, &w.charset))
        ch |= MG_CHANGE_CHARSET;
    if (stated_differ(&h.collation, &w.collation))
        ch |= MG_CHANGE_COLLATION;
    if (strcmp(mg_buf_cstr(&h.comment), mg_buf_cstr(&w.comment)) != 0)
        ch |= MG_CHANGE_TABLE_COMMENT;
    for (i = 0; (ch & MG_CHANGE_CHARSET) &&
                charset_narrows(h.charset.ptr, w.charset.ptr) &&
                i < want->ncolumns; i++)
        if (inherits_charset(want->columns[i]))
            ch |= MG_CHANGE_LOSS;
    mg_mariadb__topts_release(&h);
    mg_mariadb__topts_release(&w);
    return ch;
}

void
mg_mariadb__table_charset(const mg_table *t, mg_buf *charset,
                          mg_buf *collation)
{
    mg_mariadb__topts o;

    mg_mariadb__topts_parse(&o, t->options);
    mg_buf_puts(charset, mg_buf_cstr(&o.charset));
    mg_buf_puts(collation, mg_buf_cstr(&o.collation));
    mg_mariadb__topts_release(&o);
}

/* ---- rendering ---------------------------------------------------------- */

/* ALTER TABLE t DEFAULT CHARSET=x [COLLATE=y], then a MODIFY COLUMN for
 * each column of t that inherits them, restated in x [and y]. */
static void
alter_charset(mg_buf *b, const mg_table *t, const mg_mariadb__topts *o)
{
    size_t i;

    mg_buf_addf(b, "DEFAULT CHARSET=%s", mg_buf_cstr(&o->charset));
    if (o->collation.len)
        mg_buf_addf(b, " COLLATE=%s", o->collation.ptr);
    for (i = 0; i < t->ncolumns; i++) {
        mg_column c = *t->columns[i];
        if (!inherits_charset(&c))
            continue;
        c.charset = (char *)mg_buf_cstr(&o->charset);
        c.collation = o->collation.len ? o->collation.ptr : NULL;
        mg_buf_puts(b, ", MODIFY COLUMN ");
        mg_mariadb__column_def(b, &c, c.autoincrement);
    }
}

/* The first of o's engine, character set and collation that is stated
 * but is not a name (a quoted value such as 'x; DROP TABLE y', which the
 * statements below would write as SQL), or NULL. */
static const char *
not_a_name(const mg_mariadb__topts *o)
{
    const mg_buf *v[3];
    size_t i;

    v[0] = &o->engine;
    v[1] = &o->charset;
    v[2] = &o->collation;
    for (i = 0; i < 3; i++)
        if (v[i]->len && !mg_mariadb__is_plain_ident(mg_buf_cstr(v[i])))
            return mg_buf_cstr(v[i]);
    return NULL;
}

int
mg_mariadb__alter_table_options(mg_strlist *out, const mg_op *op,
                                mg_error *err)
{
    const mg_table *t = op->new_table;
    mg_mariadb__topts o;
    mg_buf b = MG_BUF_INIT;
    const char *bad;
    int rc = 0, part;

    mg_mariadb__topts_parse(&o, t->options);
    if ((bad = not_a_name(&o)) != NULL) {
        rc = mg_error_set(err, MG_EUSAGE, "table '%s': table option "
                          "value '%s' is not a name", t->name, bad);
        mg_mariadb__topts_release(&o);
        return rc;
    }
    for (part = 0; part < 3 && rc == 0; part++) {
        if (!(op->changes & (part == 0 ? MG_CHANGE_ENGINE :
                             part == 1 ? MG_CHANGE_CHARSET |
                                         MG_CHANGE_COLLATION :
                             MG_CHANGE_TABLE_COMMENT)))
            continue;
        mg_buf_clear(&b);
        mg_buf_puts(&b, "ALTER TABLE ");
        mg_mariadb__qi(&b, t->name);
        mg_buf_putc(&b, ' ');
        if (part == 0) {
            mg_buf_addf(&b, "ENGINE=%s", mg_buf_cstr(&o.engine));
        } else if (part == 1) {
            alter_charset(&b, t, &o);
        } else {
            mg_buf_puts(&b, "COMMENT=");
            mg_mariadb__quote_literal(&b, mg_buf_cstr(&o.comment));
        }
        if (b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0)
            rc = mg_mariadb__oom(err);
    }
    mg_buf_release(&b);
    mg_mariadb__topts_release(&o);
    return rc;
}
