/* mariadb_reflect.c - the MariaDB dialect's reflection from
 * information_schema, and the comparable form of types and defaults.
 *
 * Reflection reads the current database (DATABASE()) with five queries
 * whatever its size: TABLES and COLUMNS (each joined with COLLATIONS, for
 * character sets), STATISTICS, KEY_COLUMN_USAGE joined with
 * REFERENTIAL_CONSTRAINTS, CHECK_CONSTRAINTS; the views, triggers,
 * routines and sequences are mariadb_objects.c's. MariaDB keeps no
 * difference between a UNIQUE constraint and a unique index, so every
 * plain unique index (whole columns, ascending, BTREE) is reflected as a
 * UNIQUE constraint and the rest as indexes; the index InnoDB makes for a
 * foreign key carries the key's name and is left out, as is PRIMARY,
 * which becomes the primary key (named pk_<table> by the convention: the
 * server calls every one PRIMARY). A JSON column is a LONGTEXT guarded by
 * CHECK (json_valid(col)); the pair is read back as one JSON column. The
 * server rewrites expressions (lcase for lower, curdate() for
 * CURRENT_DATE...); mg_mariadb__reflect_expr undoes what it can so a model
 * compares equal to its database.
 *
 *
 * The small text helpers here (qi, is_word_char, is_plain_ident,
 * skip_quoted, canonical_number, is_year4, oom) serve mariadb_ddl.c too. */
#include "mg_dialect.h"
#include "common_int.h"
#include "mg_compare.h"
#include "mariadb_int.h"

#include <ctype.h>
#include "my_api_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <unistd.h>

#define NATIONAL_CHARSET MG_MARIADB_NATIONAL_CHARSET

/* ---- small text helpers ------------------------------------------------- */

void
mg_mariadb__qi(mg_buf *b, const char *ident)
{
    mg_dialect__quote(b, ident, '`');
}


int
mg_mariadb__is_word_char(int c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* 1 when s is [A-Za-z_][A-Za-z0-9_$]*. */
int
mg_mariadb__is_plain_ident(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!mg_mariadb__is_word_char(*s))
            return 0;
    return 1;
}

/* End of the quoted token at s (opening quote q = *s): the character
 * after the closing quote, or the end of s. A doubled quote and, for
 * strings, a backslash escape stay inside. */
const char *
mg_mariadb__skip_quoted(const char *s)
{
    char q = *s++;

    while (*s) {
        if (q != '`' && *s == '\\' && s[1]) {
            s += 2;
            continue;
        }
        if (*s == q) {
            if (s[1] == q) {
                s += 2;
                continue;
            }
            return s + 1;
        }
        s++;
    }
    return s;
}

/* 1 when the whole of s is one parenthesised group "( ... )". */
int
mg_mariadb__is_parenthesised(const char *s)
{
    int depth = 0;

    if (*s != '(')
        return 0;
    while (*s) {
        if (*s == '\'' || *s == '"' || *s == '`') {
            s = mg_mariadb__skip_quoted(s);
            continue;
        }
        if (*s == '(')
            depth++;
        else if (*s == ')' && --depth == 0)
            return s[1] == '\0';
        s++;
    }
    return 0;
}

/* ---- reflected expressions ---------------------------------------------- */

/* Functions MariaDB renames when it stores an expression, and their
 * model spelling. With "()" the empty argument list goes too. */
static const struct {
    const char *stored;
    const char *model;
    int         call;     /* 1: only before "(", 2: only as "name()" */
} renames[] = {
    { "ucase", "upper", 1 },
    { "lcase", "lower", 1 },
    { "octet_length", "length", 1 },
    { "curdate", "current_date", 2 },
    { "current_date", "current_date", 2 },
    { "curtime", "current_time", 2 },
    { "current_time", "current_time", 2 },
    { "current_timestamp", "current_timestamp", 2 },
    { "now", "current_timestamp", 2 },
    { "localtimestamp", "current_timestamp", 2 },
    { "localtime", "current_timestamp", 2 },
};

void
mg_mariadb__reflect_expr(mg_buf *out, const char *s)
{
    const char *prev = NULL;   /* last significant character written */

    while (s && *s) {
        if (*s == '\'') {
            /* MariaDB escapes a quote inside a CHECK's string as \' */
            const char *end = mg_mariadb__skip_quoted(s);
            mg_buf_putc(out, *s++);
            while (s < end) {
                if (s[0] == '\\' && s[1] == '\'' && s + 1 < end - 1) {
                    mg_buf_puts(out, "''");
                    s += 2;
                } else if (s[0] == '\\' && s + 1 < end - 1 &&
                           strchr("nrt\"", s[1])) {
                    /* information_schema writes a newline in a default
                     * as \n: one canonical form, the character itself */
                    mg_buf_putc(out, s[1] == 'n' ? '\n' : s[1] == 'r' ? '\r'
                                     : s[1] == 't' ? '\t' : '"');
                    s += 2;
                } else if (s[0] == '\\' && s[1]) {
                    mg_buf_add(out, s, 2);
                    s += 2;
                } else {
                    mg_buf_putc(out, *s++);
                }
            }
            prev = "'";
        } else if (*s == '"' || *s == '`') {
            const char *end = mg_mariadb__skip_quoted(s);
            mg_buf_add(out, s, (size_t)(end - s));
            s = end;
            prev = "`";
        } else if (isdigit((unsigned char)*s)) {
            while (mg_mariadb__is_word_char(*s) || *s == '.' ||
                   ((*s == '+' || *s == '-') &&
                    (s[-1] == 'e' || s[-1] == 'E')))
                mg_buf_putc(out, *s++);
            prev = "0";
        } else if (isalpha((unsigned char)*s) || *s == '_') {
            const char *w = s, *p;
            size_t n, i;
            int done = 0;

            while (mg_mariadb__is_word_char(*s))
                s++;
            n = (size_t)(s - w);
            for (p = s; *p == ' '; p++)
                ;
            for (i = 0; !done && i < sizeof(renames) / sizeof(renames[0]);
                 i++) {
                const char *q = p + 1;
                if (strlen(renames[i].stored) != n ||
                    strncasecmp(w, renames[i].stored, n) != 0 || *p != '(')
                    continue;
                if (renames[i].call == 1) {
                    mg_buf_puts(out, renames[i].model);
                    s = p;
                    done = 1;
                    continue;
                }
                while (*q == ' ')
                    q++;
                if (*q == ')') {
                    mg_buf_puts(out, renames[i].model);
                    s = q + 1;
                    done = 1;
                }
            }
            /* infix MOD, as MariaDB writes '%' */
            if (!done && n == 3 && strncasecmp(w, "mod", 3) == 0 &&
                *p != '(' && prev && *prev != '(' && *prev != ',') {
                mg_buf_putc(out, '%');
                done = 1;
            }
            if (!done)
                mg_buf_add(out, w, n);
            prev = "a";
        } else {
            if (!isspace((unsigned char)*s))
                prev = s;
            mg_buf_putc(out, *s++);
        }
    }
}

/* ---- numbers in defaults ------------------------------------------------ */

/* The plain decimal spelling of the unsigned number s (digits with an
 * optional fraction and exponent, or 0x hex) into out: no exponent, no
 * leading zeros, no trailing fractional zeros. 0 when s is no number. */
int
mg_mariadb__canonical_number(mg_buf *out, const char *s)
{
    mg_buf digits = MG_BUF_INIT;
    const char *p = s;
    long ex = 0, point;
    size_t i, n, lead = 0;
    int any = 0;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        unsigned long long v = 0;
        for (p += 2; isxdigit((unsigned char)*p); p++, any++) {
            if (v >> 60)
                return 0;
            v = v * 16 + (unsigned)(isdigit((unsigned char)*p)
                                    ? *p - '0'
                                    : tolower((unsigned char)*p) - 'a' + 10);
        }
        if (!any || *p)
            return 0;
        mg_buf_addf(out, "%llu", v);
        return 1;
    }
    for (; isdigit((unsigned char)*p); p++, any++)
        mg_buf_putc(&digits, *p);
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++, any++) {
            mg_buf_putc(&digits, *p);
            ex--;
        }
    if (any && (*p == 'e' || *p == 'E')) {
        char *end;
        long e = strtol(p + 1, &end, 10);
        if (end == p + 1 || e > 400 || e < -400) {
            mg_buf_release(&digits);
            return 0;
        }
        ex += e;
        p = end;
    }
    if (!any || *p) {
        mg_buf_release(&digits);
        return 0;
    }
    s = mg_buf_cstr(&digits);
    n = digits.len;
    while (lead < n && s[lead] == '0')
        lead++;
    s += lead;
    n -= lead;
    /* trailing zeros of the digits move into the exponent */
    while (n && s[n - 1] == '0') {
        n--;
        ex++;
    }
    if (n == 0) {
        mg_buf_putc(out, '0');
    } else if (ex >= 0) {
        mg_buf_add(out, s, n);
        for (i = 0; i < (size_t)ex; i++)
            mg_buf_putc(out, '0');
    } else {
        point = (long)n + ex;
        if (point > 0) {
            mg_buf_add(out, s, (size_t)point);
            mg_buf_putc(out, '.');
            mg_buf_add(out, s + point, n - (size_t)point);
        } else {
            mg_buf_puts(out, "0.");
            for (i = 0; i < (size_t)-point; i++)
                mg_buf_putc(out, '0');
            mg_buf_add(out, s, n);
        }
    }
    mg_buf_release(&digits);
    return 1;
}

/* A signed number as mg_normalize_expr leaves it ("- 1.5", "1e3", or
 * quoted "'1.50'") in canonical form into out; 0 when s is no number. */
static int
signed_number(mg_buf *out, const char *s, int quoted_ok)
{
    mg_buf inner = MG_BUF_INIT, num = MG_BUF_INIT;
    size_t n = strlen(s);
    int neg = 0, ok;

    if (quoted_ok && n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
        mg_buf_add(&inner, s + 1, n - 2);
        s = mg_buf_cstr(&inner);
        while (isspace((unsigned char)*s))
            s++;
    }
    if (*s == '-' || *s == '+') {
        neg = *s == '-';
        for (s++; *s == ' '; s++)
            ;
    }
    ok = mg_mariadb__canonical_number(&num, s);
    if (ok) {
        if (neg && strcmp(mg_buf_cstr(&num), "0") != 0)
            mg_buf_putc(out, '-');
        mg_buf_puts(out, mg_buf_cstr(&num));
    }
    mg_buf_release(&inner);
    mg_buf_release(&num);
    return ok;
}

static int
numeric_kind(mg_type_kind k)
{
    switch (k) {
    case MG_TYPE_INTEGER: case MG_TYPE_BIGINT: case MG_TYPE_SMALLINT:
    case MG_TYPE_BOOLEAN: case MG_TYPE_NUMERIC: case MG_TYPE_REAL:
    case MG_TYPE_DOUBLE:
        return 1;
    default:
        return 0;
    }
}

static int
string_kind(mg_type_kind k)
{
    return k == MG_TYPE_VARCHAR || k == MG_TYPE_CHAR || k == MG_TYPE_TEXT ||
           k == MG_TYPE_UUID || k == MG_TYPE_JSON;
}

void
mg_mariadb__normalize_default(mg_buf *out, const mg_column *col,
                              const char *normalized)
{
    mg_buf r = MG_BUF_INIT;
    const char *s;

    mg_mariadb__reflect_expr(&r, normalized);
    s = mg_buf_cstr(&r);
    if (!col) {                         /* a CHECK expression */
        mg_buf_puts(out, s);
    } else if (numeric_kind(col->type.kind)) {
        if (strcasecmp(s, "true") == 0)
            mg_buf_putc(out, '1');
        else if (strcasecmp(s, "false") == 0)
            mg_buf_putc(out, '0');
        else if (!signed_number(out, s, 1))
            mg_buf_puts(out, s);
    } else if (string_kind(col->type.kind) && (isdigit((unsigned char)*s) ||
                                               *s == '-' || *s == '+' ||
                                               *s == '.')) {
        /* DEFAULT 5 on a string column is stored as '5' */
        mg_buf num = MG_BUF_INIT;
        if (signed_number(&num, s, 0)) {
            const char *p = s;
            mg_buf_putc(out, '\'');
            for (; *p; p++)
                if (*p != ' ')
                    mg_buf_putc(out, *p);
            mg_buf_putc(out, '\'');
        } else {
            mg_buf_puts(out, s);
        }
        mg_buf_release(&num);
    } else {
        mg_buf_puts(out, s);
    }
    if (r.oom)
        out->oom = 1;
    mg_buf_release(&r);
}

/* ---- types -------------------------------------------------------------- */

/* 1 when s spells YEAR(4), which is YEAR: the display width MariaDB
 * shows (year(4)) and the one a model may write are no part of the type.
 * The deprecated YEAR(2) is another type and stays as written. */
int
mg_mariadb__is_year4(const char *s)
{
    return s && strcasecmp(s, "year(4)") == 0;
}

int
mg_mariadb__reflect_type(mg_type *out, const char *column_type, int json)
{
    static const char *const ints[] = {
        "tinyint", "smallint", "mediumint", "int", "bigint", NULL
    };
    mg_buf text = MG_BUF_INIT, r = MG_BUF_INIT;
    const char *s = column_type ? column_type : "";
    size_t i, n;
    int rc;

    memset(out, 0, sizeof(*out));
    out->scale = -1;
    if (json && strncasecmp(s, "longtext", 8) == 0 && s[8] == '\0') {
        out->kind = MG_TYPE_JSON;
        return 0;
    }
    if (strcasecmp(s, "tinyint(1)") == 0) {
        out->kind = MG_TYPE_BOOLEAN;
        return 0;
    }
    if (mg_mariadb__is_year4(s))
        s = "year";
    /* int(11) unsigned -> int unsigned: the display width is no part of
     * the type (and MySQL 8 no longer shows it), except with ZEROFILL,
     * which pads to it */
    for (i = 0; ints[i] && !strstr(s, "zerofill"); i++) {
        n = strlen(ints[i]);
        if (strncasecmp(s, ints[i], n) == 0 && s[n] == '(' &&
            isdigit((unsigned char)s[n + 1])) {
            const char *close = strchr(s + n, ')');
            if (close) {
                mg_buf_add(&text, s, n);
                mg_buf_puts(&text, close + 1);
                s = mg_buf_cstr(&text);
            }
            break;
        }
    }
    if ((rc = mg_type_parse(out, s)) < 0)
        goto done;
    if (out->kind != MG_TYPE_OTHER) {
        /* generic only when it renders back as this very type */
        mg_mariadb__render_type(&r, out);
        if (strcasecmp(mg_buf_cstr(&r), s) != 0) {
            mg_type_release(out);
            memset(out, 0, sizeof(*out));
            out->scale = -1;
            out->kind = MG_TYPE_OTHER;
            if ((out->name = malloc(strlen(s) + 1)) != NULL)
                memcpy(out->name, s, strlen(s) + 1);
            else
                rc = MG_ENOMEM;
        }
    }
done:
    if (text.oom || r.oom)
        rc = MG_ENOMEM;
    mg_buf_release(&text);
    mg_buf_release(&r);
    return rc;
}

/* ---- reflection --------------------------------------------------------- */

enum { Q_TABLES, Q_COLUMNS, Q_STATS, Q_FKS, Q_CHECKS, NQUERIES };

static const char *const queries[NQUERIES] = {
    "SELECT t.TABLE_NAME, t.TABLE_COLLATION, co.CHARACTER_SET_NAME, "
    "t.ENGINE, t.TABLE_COMMENT FROM information_schema.TABLES t "
    "LEFT JOIN information_schema.COLLATIONS co "
    "ON co.COLLATION_NAME = t.TABLE_COLLATION "
    "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', "
    "'SYSTEM VERSIONED') ORDER BY t.TABLE_NAME",

    "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, "
    "c.COLUMN_DEFAULT, c.EXTRA, c.CHARACTER_SET_NAME, c.COLLATION_NAME, "
    "c.COLUMN_COMMENT, co.IS_DEFAULT, c.GENERATION_EXPRESSION "
    "FROM information_schema.COLUMNS c "
    "LEFT JOIN information_schema.COLLATIONS co "
    "ON co.COLLATION_NAME = c.COLLATION_NAME "
    "WHERE c.TABLE_SCHEMA = DATABASE() "
    "ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION",

    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, "
    "`COLLATION`, INDEX_TYPE FROM information_schema.STATISTICS "
    "WHERE TABLE_SCHEMA = DATABASE() "
    "ORDER BY TABLE_NAME, INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX",

    "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
    "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, "
    "r.DELETE_RULE FROM information_schema.KEY_COLUMN_USAGE k "
    "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
    "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
    "AND r.TABLE_NAME = k.TABLE_NAME "
    "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
    "WHERE k.TABLE_SCHEMA = DATABASE() "
    "AND k.REFERENCED_TABLE_NAME IS NOT NULL "
    "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",

    "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE "
    "FROM information_schema.CHECK_CONSTRAINTS "
    "WHERE CONSTRAINT_SCHEMA = DATABASE() "
    "ORDER BY TABLE_NAME, CONSTRAINT_NAME",
};

/* MySQL's CHECK_CONSTRAINTS has no TABLE_NAME (names are unique per
 * schema there). */
static const char mysql_checks[] =
    "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE "
    "FROM information_schema.CHECK_CONSTRAINTS c "
    "JOIN information_schema.TABLE_CONSTRAINTS t "
    "ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA "
    "AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME "
    "AND t.CONSTRAINT_TYPE = 'CHECK' "
    "WHERE c.CONSTRAINT_SCHEMA = DATABASE() "
    "ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME";

typedef struct reflect {
    MYSQL       *my;
    mg_metadata *md;
    MYSQL_RES   *res[NQUERIES];
    mg_strlist   json;     /* "table\x1fnormalised json_valid(col)" */
    int          mysql;    /* MySQL rather than MariaDB */
    mg_strlist   tcoll;    /* each table's collation, in md's order */
    mg_strlist   tcharset; /* and its character set */
    size_t       tpos;     /* the table read_columns is in */
    mg_error    *err;
} reflect;

static int
query_error(reflect *r)
{
    return mg_error_set(r->err, MG_EDB, "cannot read the schema: ERROR %u "
                        "(%s): %s", mysql_errno(r->my), mysql_sqlstate(r->my),
                        mysql_error(r->my));
}

int
mg_mariadb__oom(mg_error *err)
{
    return mg_error_set(err, MG_ENOMEM, "out of memory");
}

static mg_table *
find_table(reflect *r, const char *name)
{
    return name ? (mg_table *)mg_metadata_table(r->md, name) : NULL;
}

/* The normalised CHECK json_valid(`col`) of column col. */
static void
json_check_text(mg_buf *out, const char *table, const char *col)
{
    mg_buf e = MG_BUF_INIT;

    mg_buf_puts(&e, "json_valid(");
    mg_mariadb__qi(&e, col);
    mg_buf_putc(&e, ')');
    mg_buf_puts(out, table);
    mg_buf_putc(out, '\x1f');
    mg_normalize_expr(out, mg_buf_cstr(&e));
    if (e.oom)
        out->oom = 1;
    mg_buf_release(&e);
}

/* The normalised model spelling of a CHECK clause. */
static void
check_text(mg_buf *out, const char *table, const char *clause)
{
    mg_buf e = MG_BUF_INIT;

    mg_mariadb__reflect_expr(&e, clause);
    mg_buf_puts(out, table);
    mg_buf_putc(out, '\x1f');
    mg_normalize_expr(out, mg_buf_cstr(&e));
    if (e.oom)
        out->oom = 1;
    mg_buf_release(&e);
}

/* Remember every CHECK that is exactly json_valid(one identifier). */
static int
find_json_checks(reflect *r)
{
    mg_buf key = MG_BUF_INIT;
    MYSQL_ROW row;
    int rc = 0;

    while ((row = mysql_fetch_row(r->res[Q_CHECKS])) != NULL && rc == 0) {
        const char *s;
        if (!row[0] || !row[2] || !find_table(r, row[0]))
            continue;
        mg_buf_clear(&key);
        check_text(&key, row[0], row[2]);
        if (!(s = strchr(mg_buf_cstr(&key), '\x1f')))
            break;
        s++;
        if (strncmp(s, "json_valid(", 11) == 0 && !strchr(s + 11, ',') &&
            !strchr(s + 11, '(') && mg_strlist_add(&r->json,
                                                   mg_buf_cstr(&key)) < 0)
            rc = mg_mariadb__oom(r->err);
    }
    if (key.oom)
        rc = mg_mariadb__oom(r->err);
    mg_buf_release(&key);
    return rc;
}

static int
is_json_column(reflect *r, const char *table, const char *col)
{
    mg_buf key = MG_BUF_INIT;
    int yes;

    json_check_text(&key, table, col);
    yes = mg_strlist_contains(&r->json, mg_buf_cstr(&key));
    mg_buf_release(&key);
    return yes;
}

/* A COLUMN_DEFAULT as default text, NULL for none. MariaDB 10.2.7+
 * gives an expression ('x' quoted, NULL as the word NULL); MySQL gives
 * the bare value, and DEFAULT_GENERATED in EXTRA for an expression. */
static int
column_default(reflect *r, mg_column *c, const char *value,
               const char *extra)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    if (!value || (!r->mysql && strcasecmp(value, "NULL") == 0))
        return 0;
    if (r->mysql && !numeric_kind(c->type.kind) &&
        strcasecmp(value, "CURRENT_TIMESTAMP") != 0 &&
        !(extra && strstr(extra, "DEFAULT_GENERATED"))) {
        mg_mariadb__quote_literal(&b, value);  /* MySQL's bare value */
    } else {
        mg_mariadb__reflect_expr(&b, value);
    }
    rc = b.oom ? MG_ENOMEM : mg_column_set_default(c, mg_buf_cstr(&b));
    mg_buf_release(&b);
    return rc < 0 ? mg_mariadb__oom(r->err) : 0;
}

/* md's index of table t, looked for from the last one found on (the
 * columns come in the tables' order). */
static size_t
table_index(reflect *r, const mg_table *t)
{
    size_t n = mg_metadata_table_count(r->md), i;

    for (i = 0; i < n; i++) {
        size_t k = (r->tpos + i) % n;
        if (mg_metadata_table_at(r->md, k) == t)
            return r->tpos = k;
    }
    return 0;
}

/* The character set, collation (rows 6, 7, with 9 the collation's
 * IS_DEFAULT) of a column where they are not its table's: the
 * character set when it differs, the collation when it is not the
 * table's, nor the default one of a character set named. */
static int
column_charset(reflect *r, mg_table *t, mg_column *c, MYSQL_ROW row)
{
    size_t k = table_index(r, t);
    const char *tcoll = k < r->tcoll.n ? r->tcoll.v[k] : "";
    const char *tcs = k < r->tcharset.n ? r->tcharset.v[k] : "";
    int named = 0;

    if (c->type.kind == MG_TYPE_JSON || !row[6] || !row[7])
        return 0;
    if (strcasecmp(row[6], tcs) != 0) {
        named = 1;
        if (mg_column_set_attribute(c, MG_ATTR_CHARSET, row[6]) < 0)
            return mg_mariadb__oom(r->err);
    }
    if (strcasecmp(row[7], tcoll) != 0 &&
        !(named && row[9] && strcasecmp(row[9], "Yes") == 0) &&
        mg_column_set_attribute(c, MG_ATTR_COLLATION, row[7]) < 0)
        return mg_mariadb__oom(r->err);
    return 0;
}

/* ON UPDATE from EXTRA ("on update current_timestamp()"), spelled as a
 * reflected default is, and the comment (row 8). */
static int
column_extras(reflect *r, mg_column *c, MYSQL_ROW row)
{
    const char *on = row[5] ? strstr(row[5], "on update ") : NULL;
    mg_buf b = MG_BUF_INIT, e = MG_BUF_INIT;
    int rc = 0;

    if (on) {
        on += strlen("on update ");
        mg_buf_add(&b, on, strcspn(on, " "));
        mg_mariadb__reflect_expr(&e, mg_buf_cstr(&b));
        rc = b.oom || e.oom ? MG_ENOMEM :
             mg_column_set_attribute(c, MG_ATTR_ON_UPDATE, mg_buf_cstr(&e));
    }
    if (rc == 0 && row[8] && *row[8])
        rc = mg_column_set_attribute(c, MG_ATTR_COMMENT, row[8]);
    mg_buf_release(&b);
    mg_buf_release(&e);
    return rc < 0 ? mg_mariadb__oom(r->err) : 0;
}

/* A generated column (EXTRA "STORED GENERATED" or "VIRTUAL GENERATED",
 * row 5): its GENERATION_EXPRESSION (row 10), spelled as a reflected
 * default is. MariaDB takes no NOT NULL on one and reports it nullable:
 * it is nullable in the model too. */
static int
column_generated(reflect *r, mg_column *c, MYSQL_ROW row)
{
    mg_buf e = MG_BUF_INIT;
    int rc;

    if (!row[5] || !strstr(row[5], "GENERATED") || !row[10] ||
        strstr(row[5], "DEFAULT_GENERATED"))
        return 0;
    c->generated_stored = strstr(row[5], "STORED") != NULL ||
                          strstr(row[5], "PERSISTENT") != NULL;
    mg_mariadb__reflect_expr(&e, row[10]);
    rc = e.oom ? MG_ENOMEM :
         mg_column_set_attribute(c, MG_ATTR_GENERATED, mg_buf_cstr(&e));
    mg_buf_release(&e);
    return rc < 0 ? mg_mariadb__oom(r->err) : 0;
}

static int
read_columns(reflect *r)
{
    MYSQL_ROW row;
    int rc;

    while ((row = mysql_fetch_row(r->res[Q_COLUMNS])) != NULL) {
        mg_table *t = find_table(r, row[0]);
        mg_column *c;
        mg_type ty;

        if (!t || !row[1])
            continue;
        if (mg_mariadb__reflect_type(&ty, row[2],
                                     is_json_column(r, row[0], row[1])) < 0)
            return mg_mariadb__oom(r->err);
        c = mg_table_add_column(t, row[1], &ty);
        mg_type_release(&ty);
        if (!c)
            return mg_mariadb__oom(r->err);
        c->nullable = row[3] && strcmp(row[3], "YES") == 0;
        c->autoincrement = row[5] && strstr(row[5], "auto_increment") != NULL;
        if ((rc = column_default(r, c, row[4], row[5])) < 0 ||
            (rc = column_charset(r, t, c, row)) < 0 ||
            (rc = column_extras(r, c, row)) < 0 ||
            (rc = column_generated(r, c, row)) < 0)
            return rc;
    }
    /* a streamed result ends early, with NULL, on a lost connection */
    return mysql_errno(r->my) ? query_error(r) : 0;
}

static mg_fk_action
fk_action(const char *rule)
{
    if (!rule)
        return MG_FK_NO_ACTION;
    if (strcmp(rule, "CASCADE") == 0)
        return MG_FK_CASCADE;
    if (strcmp(rule, "SET NULL") == 0)
        return MG_FK_SET_NULL;
    if (strcmp(rule, "SET DEFAULT") == 0)
        return MG_FK_SET_DEFAULT;
    /* RESTRICT is NO ACTION on MariaDB (DESIGN.md 9) */
    return MG_FK_NO_ACTION;
}

static int
read_foreign_keys(reflect *r)
{
    mg_constraint *k = NULL;
    mg_table *kt = NULL;
    MYSQL_ROW row;

    while ((row = mysql_fetch_row(r->res[Q_FKS])) != NULL) {
        mg_table *t = find_table(r, row[0]);

        if (!t || !row[1] || !row[2])
            continue;
        if (!k || kt != t || strcmp(k->name, row[1]) != 0) {
            if (!(k = mg_table_add_constraint(t, MG_CONSTRAINT_FOREIGN_KEY,
                                              row[1])) ||
                mg_constraint_set_ref(k, row[3]) < 0)
                return mg_mariadb__oom(r->err);
            kt = t;
            k->on_update = fk_action(row[5]);
            k->on_delete = fk_action(row[6]);
        }
        if (mg_strlist_add(&k->columns, row[2]) < 0 ||
            (row[4] && mg_strlist_add(&k->ref_columns, row[4]) < 0))
            return mg_mariadb__oom(r->err);
    }
    return 0;
}

/* The rows of one index of STATISTICS, gathered before deciding what it
 * is. Strings borrow from the result set. */
typedef struct ix_group {
    mg_table   *t;
    const char *name;
    const char *type;       /* INDEX_TYPE */
    int         unique;
    int         plain;      /* whole columns, ascending */
    mg_strlist  columns;    /* column names */
    mg_strlist  exprs;      /* with prefix length and DESC */
} ix_group;

static int
flush_index(reflect *r, ix_group *g)
{
    int rc = 0;

    if (!g->t)
        return 0;
    if (strcmp(g->name, "PRIMARY") == 0) {
        mg_buf name = MG_BUF_INIT;
        mg_constraint *k;

        mg_buf_addf(&name, "pk_%s", g->t->name);
        k = name.oom ? NULL
            : mg_table_add_constraint(g->t, MG_CONSTRAINT_PRIMARY_KEY,
                                      mg_buf_cstr(&name));
        mg_buf_release(&name);
        if (!k)
            return mg_mariadb__oom(r->err);
        k->named = 0;
        k->columns = g->columns;
        memset(&g->columns, 0, sizeof(g->columns));
    } else if (mg_table_constraint(g->t, g->name) &&
               mg_table_constraint(g->t, g->name)->kind ==
               MG_CONSTRAINT_FOREIGN_KEY) {
        /* InnoDB's index for the foreign key of that name */
    } else if (g->unique && g->plain && g->type &&
               strcmp(g->type, "BTREE") == 0) {
        mg_constraint *k = mg_table_add_constraint(g->t, MG_CONSTRAINT_UNIQUE,
                                                   g->name);
        if (!k)
            return mg_mariadb__oom(r->err);
        k->columns = g->columns;
        memset(&g->columns, 0, sizeof(g->columns));
    } else {
        mg_index *ix = mg_table_add_index(g->t, g->name, g->unique);

        if (!ix)
            return mg_mariadb__oom(r->err);
        ix->expressions = g->exprs;
        memset(&g->exprs, 0, sizeof(g->exprs));
        if (g->type && strcmp(g->type, "BTREE") != 0 &&
            mg_index_set_method(ix, g->type) < 0)
            rc = mg_mariadb__oom(r->err);
    }
    mg_strlist_release(&g->columns);
    mg_strlist_release(&g->exprs);
    g->t = NULL;
    return rc;
}

static int
read_indexes(reflect *r)
{
    ix_group g;
    MYSQL_ROW row;
    int rc = 0;

    memset(&g, 0, sizeof(g));
    while (rc == 0 && (row = mysql_fetch_row(r->res[Q_STATS])) != NULL) {
        mg_table *t = find_table(r, row[0]);
        mg_buf e = MG_BUF_INIT;
        int desc = row[5] && strcmp(row[5], "D") == 0;

        if (!t || !row[1] || !row[3])
            continue;
        if (g.t != t || strcmp(g.name, row[1]) != 0) {
            if ((rc = flush_index(r, &g)) < 0)
                break;
            g.t = t;
            g.name = row[1];
            g.type = row[6];
            g.unique = row[2] && strcmp(row[2], "0") == 0;
            g.plain = 1;
        }
        if (row[4] || desc) {
            g.plain = 0;
            if (mg_mariadb__is_plain_ident(row[3]))
                mg_buf_puts(&e, row[3]);
            else
                mg_mariadb__qi(&e, row[3]);
            if (row[4])
                mg_buf_addf(&e, "(%s)", row[4]);
            if (desc)
                mg_buf_puts(&e, " DESC");
        } else {
            mg_buf_puts(&e, row[3]);
        }
        if (e.oom || mg_strlist_add(&g.exprs, mg_buf_cstr(&e)) < 0 ||
            mg_strlist_add(&g.columns, row[3]) < 0)
            rc = mg_mariadb__oom(r->err);
        mg_buf_release(&e);
    }
    if (rc == 0)
        rc = flush_index(r, &g);
    mg_strlist_release(&g.columns);
    mg_strlist_release(&g.exprs);
    return rc;
}

static int
read_checks(reflect *r)
{
    mg_buf key = MG_BUF_INIT, e = MG_BUF_INIT;
    MYSQL_ROW row;
    int rc = 0;

    mysql_data_seek(r->res[Q_CHECKS], 0);
    while (rc == 0 && (row = mysql_fetch_row(r->res[Q_CHECKS])) != NULL) {
        mg_table *t = find_table(r, row[0]);
        mg_constraint *k;
        size_t i;
        int implicit = 0;

        if (!t || !row[1] || !row[2])
            continue;
        /* the json_valid check of a column reflected as JSON */
        mg_buf_clear(&key);
        check_text(&key, row[0], row[2]);
        for (i = 0; !implicit && i < t->ncolumns; i++) {
            mg_buf j = MG_BUF_INIT;
            if (t->columns[i]->type.kind != MG_TYPE_JSON)
                continue;
            json_check_text(&j, row[0], t->columns[i]->name);
            implicit = strcmp(mg_buf_cstr(&j), mg_buf_cstr(&key)) == 0;
            mg_buf_release(&j);
        }
        if (implicit)
            continue;
        mg_buf_clear(&e);
        mg_mariadb__reflect_expr(&e, row[2]);
        if (e.oom ||
            !(k = mg_table_add_constraint(t, MG_CONSTRAINT_CHECK, row[1])) ||
            mg_constraint_set_expression(k, mg_buf_cstr(&e)) < 0)
            rc = mg_mariadb__oom(r->err);
    }
    mg_buf_release(&key);
    mg_buf_release(&e);
    return rc;
}

/* Send catalog query i; take its result with how (store or use). */
static int
run_query(reflect *r, size_t i, MYSQL_RES *(*how)(MYSQL *))
{
    const char *sql = i == Q_CHECKS && r->mysql ? mysql_checks : queries[i];

    if (mysql_real_query(r->my, sql, strlen(sql)) != 0 ||
        !(r->res[i] = how(r->my)))
        return query_error(r);
    return 0;
}

/* t's options from its TABLES row: ENGINE=x DEFAULT CHARSET=y COLLATE=z
 * [COMMENT='c'], so a table made from the model is made as this one. */
static int
table_options(mg_table *t, MYSQL_ROW row)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    if (row[3] && *row[3])
        mg_buf_addf(&b, "ENGINE=%s", row[3]);
    if (row[2] && *row[2])
        mg_buf_addf(&b, "%sDEFAULT CHARSET=%s", b.len ? " " : "", row[2]);
    if (row[1] && *row[1])
        mg_buf_addf(&b, "%sCOLLATE=%s", b.len ? " " : "", row[1]);
    if (row[4] && *row[4]) {
        mg_buf_addf(&b, "%sCOMMENT=", b.len ? " " : "");
        mg_mariadb__quote_literal(&b, row[4]);
    }
    free(t->options);
    t->options = NULL;
    rc = b.oom ? MG_ENOMEM :
         b.len && !(t->options = strdup(mg_buf_cstr(&b))) ? MG_ENOMEM : 0;
    mg_buf_release(&b);
    return rc;
}

int
mg_mariadb__inspect(void *conn, mg_metadata *md, const mg_strlist *ignore,
                    mg_error *err)
{
    reflect r;
    MYSQL_ROW row;
    size_t i;
    int rc = 0;

    memset(&r, 0, sizeof(r));
    r.my = conn;
    r.md = md;
    r.err = err;
    r.mysql = !strstr(mysql_get_server_info(r.my), "MariaDB");
    /* The columns query, a row per column of the database, comes last and
     * is read as it arrives: the others are needed while it is read. */
    for (i = 0; i < NQUERIES && rc == 0; i++)
        if (i != Q_COLUMNS)
            rc = run_query(&r, i, mysql_store_result);
    if (rc < 0)
        goto done;
    while ((row = mysql_fetch_row(r.res[Q_TABLES])) != NULL) {
        mg_table *t;

        if (!row[0] || mg_dialect__ignored(ignore, row[0]))
            continue;
        if ((rc = mg_metadata_add_table(md, row[0], &t, err)) < 0)
            goto done;
        if (mg_strlist_add(&r.tcoll, row[1] ? row[1] : "") < 0 ||
            mg_strlist_add(&r.tcharset, row[2] ? row[2] : "") < 0 ||
            table_options(t, row) < 0) {
            rc = mg_mariadb__oom(err);
            goto done;
        }
    }
    if ((rc = find_json_checks(&r)) < 0 ||
        (rc = run_query(&r, Q_COLUMNS, mysql_use_result)) < 0 ||
        (rc = read_columns(&r)) < 0 ||
        (rc = read_foreign_keys(&r)) < 0 ||
        (rc = read_indexes(&r)) < 0 ||
        (rc = read_checks(&r)) < 0 ||
        (rc = mg_mariadb__inspect_objects(conn, r.mysql, md, ignore,
                                          err)) < 0)
        goto done;
    rc = 0;
done:
    for (i = 0; i < NQUERIES; i++)
        if (r.res[i])
            mysql_free_result(r.res[i]);
    mg_strlist_release(&r.json);
    mg_strlist_release(&r.tcoll);
    mg_strlist_release(&r.tcharset);
    return rc;
}
