/* mariadb_schema.c - the MariaDB dialect's schema work: reflection from
 * information_schema, type names, default normalisation, DDL for each
 * operation, and scratch databases for replaying migrations.
 *
 * Reflection reads the current database (DATABASE()) with SIX queries
 * whatever its size: TABLES and COLUMNS (each joined with COLLATIONS, for
 * character sets), STATISTICS, KEY_COLUMN_USAGE joined with
 * REFERENTIAL_CONSTRAINTS, CHECK_CONSTRAINTS, and the views, sequences,
 * routines, events and triggers the model does not express (one UNION
 * ALL, named as not managed). MariaDB keeps no
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
 * Rendering quotes with backticks. A single INTEGER/BIGINT key is
 * AUTO_INCREMENT; the primary key is never named (MariaDB calls it
 * PRIMARY); a column changes by MODIFY COLUMN with its whole definition;
 * DEFERRABLE does not exist here and is left out; RESTRICT and NO ACTION
 * are one action, reflected as NO ACTION. Table options (engine,
 * character set, collation, comment) are reflected and rendered, so a
 * table made from inspect's model is made as the original, but not
 * compared. A column's character set and collation are reflected where
 * they are not its table's (NVARCHAR is a VARCHAR in utf8mb3), with ON
 * UPDATE and its comment; MODIFY COLUMN restates all of them. */
#include "mg_dialect.h"
#include "mg_compare.h"
#include "mariadb_int.h"

#include <ctype.h>
#include "my_api.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <unistd.h>

#define SCRATCH_PREFIX "migrate_scratch_"
#define NATIONAL_CHARSET MG_MARIADB_NATIONAL_CHARSET
#define ER_DB_EXISTS 1007   /* ER_DB_CREATE_EXISTS */

/* ---- small text helpers ------------------------------------------------- */

static void
qi(mg_buf *b, const char *ident)
{
    mg_buf_putc(b, '`');
    for (; *ident; ident++) {
        if (*ident == '`')
            mg_buf_putc(b, '`');
        mg_buf_putc(b, *ident);
    }
    mg_buf_putc(b, '`');
}

static void
qi_list(mg_buf *b, const mg_strlist *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        if (i)
            mg_buf_puts(b, ", ");
        qi(b, l->v[i]);
    }
}

static int
is_word_char(int c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* 1 when s is [A-Za-z_][A-Za-z0-9_$]*. */
static int
is_plain_ident(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!is_word_char(*s))
            return 0;
    return 1;
}

/* End of the quoted token at s (opening quote q = *s): the character
 * after the closing quote, or the end of s. A doubled quote and, for
 * strings, a backslash escape stay inside. */
static const char *
skip_quoted(const char *s)
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
static int
is_parenthesised(const char *s)
{
    int depth = 0;

    if (*s != '(')
        return 0;
    while (*s) {
        if (*s == '\'' || *s == '"' || *s == '`') {
            s = skip_quoted(s);
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
            const char *end = skip_quoted(s);
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
            const char *end = skip_quoted(s);
            mg_buf_add(out, s, (size_t)(end - s));
            s = end;
            prev = "`";
        } else if (isdigit((unsigned char)*s)) {
            while (is_word_char(*s) || *s == '.' ||
                   ((*s == '+' || *s == '-') &&
                    (s[-1] == 'e' || s[-1] == 'E')))
                mg_buf_putc(out, *s++);
            prev = "0";
        } else if (isalpha((unsigned char)*s) || *s == '_') {
            const char *w = s, *p;
            size_t n, i;
            int done = 0;

            while (is_word_char(*s))
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
static int
canonical_number(mg_buf *out, const char *s)
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
    ok = canonical_number(&num, s);
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
static int
is_year4(const char *s)
{
    return s && strcasecmp(s, "year(4)") == 0;
}

void
mg_mariadb__render_type(mg_buf *b, const mg_type *t)
{
    switch (t->kind) {
    case MG_TYPE_INTEGER:   mg_buf_puts(b, "INT"); break;
    case MG_TYPE_BIGINT:    mg_buf_puts(b, "BIGINT"); break;
    case MG_TYPE_SMALLINT:  mg_buf_puts(b, "SMALLINT"); break;
    case MG_TYPE_TEXT:      mg_buf_puts(b, "TEXT"); break;
    case MG_TYPE_BOOLEAN:   mg_buf_puts(b, "BOOL"); break;
    case MG_TYPE_DATE:      mg_buf_puts(b, "DATE"); break;
    case MG_TYPE_TIME:      mg_buf_puts(b, "TIME"); break;
    case MG_TYPE_TIMESTAMP: mg_buf_puts(b, "TIMESTAMP"); break;
    case MG_TYPE_DATETIME:  mg_buf_puts(b, "DATETIME"); break;
    case MG_TYPE_REAL:      mg_buf_puts(b, "FLOAT"); break;
    case MG_TYPE_DOUBLE:    mg_buf_puts(b, "DOUBLE"); break;
    case MG_TYPE_JSON:      mg_buf_puts(b, "JSON"); break;
    case MG_TYPE_BLOB:      mg_buf_puts(b, "BLOB"); break;
    case MG_TYPE_BYTES:     mg_buf_puts(b, "LONGBLOB"); break;
    case MG_TYPE_UUID:      mg_buf_puts(b, "UUID"); break;
    case MG_TYPE_VARCHAR:
        mg_buf_addf(b, "VARCHAR(%d)", t->length > 0 ? t->length : 255);
        break;
    case MG_TYPE_CHAR:
        mg_buf_addf(b, "CHAR(%d)", t->length > 0 ? t->length : 1);
        break;
    case MG_TYPE_NUMERIC:
        mg_buf_addf(b, "DECIMAL(%d,%d)", t->precision > 0 ? t->precision
                                                          : 10,
                    t->scale > 0 ? t->scale : 0);
        break;
    case MG_TYPE_OTHER:
    default:
        mg_buf_puts(b, is_year4(t->name) ? "YEAR" : t->name ? t->name : "");
        break;
    }
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
    if (is_year4(s))
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

enum { Q_TABLES, Q_COLUMNS, Q_STATS, Q_FKS, Q_CHECKS, Q_UNMANAGED,
       NQUERIES };

static const char *const queries[NQUERIES] = {
    "SELECT t.TABLE_NAME, t.TABLE_COLLATION, co.CHARACTER_SET_NAME, "
    "t.ENGINE, t.TABLE_COMMENT FROM information_schema.TABLES t "
    "LEFT JOIN information_schema.COLLATIONS co "
    "ON co.COLLATION_NAME = t.TABLE_COLLATION "
    "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', "
    "'SYSTEM VERSIONED') ORDER BY t.TABLE_NAME",

    "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, "
    "c.COLUMN_DEFAULT, c.EXTRA, c.CHARACTER_SET_NAME, c.COLLATION_NAME, "
    "c.COLUMN_COMMENT, co.IS_DEFAULT FROM information_schema.COLUMNS c "
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

    /* what the model does not express: kind, name, table or NULL */
    "SELECT k, o, t FROM ("
    "SELECT LOWER(TABLE_TYPE) AS k, TABLE_NAME AS o, NULL AS t "
    "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
    "AND TABLE_TYPE IN ('VIEW', 'SEQUENCE') "
    "UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME, NULL "
    "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() "
    "UNION ALL SELECT 'event', EVENT_NAME, NULL "
    "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() "
    "UNION ALL SELECT 'trigger', TRIGGER_NAME, EVENT_OBJECT_TABLE "
    "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
    ") x ORDER BY BINARY k, BINARY o, BINARY t"
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

static int
oom(mg_error *err)
{
    return mg_error_set(err, MG_ENOMEM, "out of memory");
}

static mg_table *
find_table(reflect *r, const char *name)
{
    return name ? (mg_table *)mg_metadata_table(r->md, name) : NULL;
}

static int
ignored(const mg_strlist *ignore, const char *table)
{
    size_t i;

    for (i = 0; ignore && i < ignore->n; i++)
        if (strcasecmp(ignore->v[i], table) == 0)
            return 1;
    return 0;
}

/* The normalised CHECK json_valid(`col`) of column col. */
static void
json_check_text(mg_buf *out, const char *table, const char *col)
{
    mg_buf e = MG_BUF_INIT;

    mg_buf_puts(&e, "json_valid(");
    qi(&e, col);
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
            rc = oom(r->err);
    }
    if (key.oom)
        rc = oom(r->err);
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
    return rc < 0 ? oom(r->err) : 0;
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
            return oom(r->err);
    }
    if (strcasecmp(row[7], tcoll) != 0 &&
        !(named && row[9] && strcasecmp(row[9], "Yes") == 0) &&
        mg_column_set_attribute(c, MG_ATTR_COLLATION, row[7]) < 0)
        return oom(r->err);
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
    return rc < 0 ? oom(r->err) : 0;
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
            return oom(r->err);
        c = mg_table_add_column(t, row[1], &ty);
        mg_type_release(&ty);
        if (!c)
            return oom(r->err);
        c->nullable = row[3] && strcmp(row[3], "YES") == 0;
        c->autoincrement = row[5] && strstr(row[5], "auto_increment") != NULL;
        if ((rc = column_default(r, c, row[4], row[5])) < 0 ||
            (rc = column_charset(r, t, c, row)) < 0 ||
            (rc = column_extras(r, c, row)) < 0)
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
                return oom(r->err);
            kt = t;
            k->on_update = fk_action(row[5]);
            k->on_delete = fk_action(row[6]);
        }
        if (mg_strlist_add(&k->columns, row[2]) < 0 ||
            (row[4] && mg_strlist_add(&k->ref_columns, row[4]) < 0))
            return oom(r->err);
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
            return oom(r->err);
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
            return oom(r->err);
        k->columns = g->columns;
        memset(&g->columns, 0, sizeof(g->columns));
    } else {
        mg_index *ix = mg_table_add_index(g->t, g->name, g->unique);

        if (!ix)
            return oom(r->err);
        ix->expressions = g->exprs;
        memset(&g->exprs, 0, sizeof(g->exprs));
        if (g->type && strcmp(g->type, "BTREE") != 0 &&
            mg_index_set_method(ix, g->type) < 0)
            rc = oom(r->err);
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
            if (is_plain_ident(row[3]))
                mg_buf_puts(&e, row[3]);
            else
                qi(&e, row[3]);
            if (row[4])
                mg_buf_addf(&e, "(%s)", row[4]);
            if (desc)
                mg_buf_puts(&e, " DESC");
        } else {
            mg_buf_puts(&e, row[3]);
        }
        if (e.oom || mg_strlist_add(&g.exprs, mg_buf_cstr(&e)) < 0 ||
            mg_strlist_add(&g.columns, row[3]) < 0)
            rc = oom(r->err);
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
            rc = oom(r->err);
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

/* The rows of Q_UNMANAGED into md's objects not managed, but for the
 * triggers of ignored tables. */
static int
read_unmanaged(reflect *r, const mg_strlist *ignore)
{
    MYSQL_ROW row;

    while ((row = mysql_fetch_row(r->res[Q_UNMANAGED])) != NULL) {
        if (!row[0] || !row[1] || (row[2] && ignored(ignore, row[2])))
            continue;
        if (mg_metadata_add_unmanaged(r->md, row[0], row[1], row[2]) < 0)
            return oom(r->err);
    }
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

        if (!row[0] || ignored(ignore, row[0]))
            continue;
        if ((rc = mg_metadata_add_table(md, row[0], &t, err)) < 0)
            goto done;
        if (mg_strlist_add(&r.tcoll, row[1] ? row[1] : "") < 0 ||
            mg_strlist_add(&r.tcharset, row[2] ? row[2] : "") < 0 ||
            table_options(t, row) < 0) {
            rc = oom(err);
            goto done;
        }
    }
    if ((rc = find_json_checks(&r)) < 0 ||
        (rc = run_query(&r, Q_COLUMNS, mysql_use_result)) < 0 ||
        (rc = read_columns(&r)) < 0 ||
        (rc = read_foreign_keys(&r)) < 0 ||
        (rc = read_indexes(&r)) < 0 ||
        (rc = read_checks(&r)) < 0 ||
        (rc = read_unmanaged(&r, ignore)) < 0)
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

/* ---- DDL pieces --------------------------------------------------------- */

/* 1 for what MariaDB takes after DEFAULT without parentheses: a signed
 * number, a string or X''/B'' literal, NULL/TRUE/FALSE, or
 * CURRENT_TIMESTAMP and its relatives (with an optional precision). */
static int
is_simple_default(const char *s)
{
    static const char *const words[] = {
        "NULL", "TRUE", "FALSE", "CURRENT_TIMESTAMP", "CURRENT_DATE",
        "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME", "NOW"
    };
    mg_buf num = MG_BUF_INIT;
    const char *p;
    size_t i, n;
    int ok;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        n = strlen(words[i]);
        if (strncasecmp(s, words[i], n) != 0)
            continue;
        p = s + n;
        if (*p == '\0' && strcasecmp(words[i], "NOW") != 0)
            return 1;
        if (*p == '(' && i >= 3) {
            for (p++; isdigit((unsigned char)*p); p++)
                ;
            return p[0] == ')' && p[1] == '\0';
        }
    }
    if (*s == '\'' || ((*s == 'x' || *s == 'X' || *s == 'b' || *s == 'B') &&
                       s[1] == '\''))
        return *(p = skip_quoted(*s == '\'' ? s : s + 1)) == '\0' &&
               p[-1] == '\'' && p - s >= 2;
    p = s;
    if (*p == '-' || *p == '+')
        p++;
    ok = canonical_number(&num, p);
    mg_buf_release(&num);
    return ok;
}

static void
default_expr(mg_buf *b, const char *expr)
{
    if (is_simple_default(expr) || is_parenthesised(expr))
        mg_buf_puts(b, expr);
    else
        mg_buf_addf(b, "(%s)", expr);
}

/* `name` TYPE [CHARACTER SET x] [COLLATE y] [NOT NULL] [AUTO_INCREMENT]
 * [DEFAULT x] [ON UPDATE x] [COMMENT 'x']: everything the column has, so
 * a MODIFY COLUMN restates it all. */
static void
column_def(mg_buf *b, const mg_column *c, int autoincrement)
{
    qi(b, c->name);
    mg_buf_putc(b, ' ');
    mg_mariadb__render_type(b, &c->type);
    if (c->charset || c->national)
        mg_buf_addf(b, " CHARACTER SET %s",
                    c->charset ? c->charset : NATIONAL_CHARSET);
    if (c->collation)
        mg_buf_addf(b, " COLLATE %s", c->collation);
    if (!c->nullable)
        mg_buf_puts(b, " NOT NULL");
    if (autoincrement)
        mg_buf_puts(b, " AUTO_INCREMENT");
    else if (c->server_default) {
        mg_buf_puts(b, " DEFAULT ");
        default_expr(b, c->server_default);
    }
    if (c->on_update)
        mg_buf_addf(b, " ON UPDATE %s", c->on_update);
    if (c->comment) {
        mg_buf_puts(b, " COMMENT ");
        mg_mariadb__quote_literal(b, c->comment);
    }
}

static void
fk_target(mg_buf *b, const mg_constraint *k)
{
    mg_buf_puts(b, "REFERENCES ");
    qi(b, k->ref_table ? k->ref_table : "");
    if (k->ref_columns.n) {
        mg_buf_puts(b, " (");
        qi_list(b, &k->ref_columns);
        mg_buf_putc(b, ')');
    }
    if (k->on_delete != MG_FK_NO_ACTION)
        mg_buf_addf(b, " ON DELETE %s", mg_fk_action_sql(k->on_delete));
    if (k->on_update != MG_FK_NO_ACTION)
        mg_buf_addf(b, " ON UPDATE %s", mg_fk_action_sql(k->on_update));
}

/* A constraint as written in CREATE TABLE or after ADD. */
static void
constraint_def(mg_buf *b, const mg_constraint *k)
{
    if (k->kind == MG_CONSTRAINT_PRIMARY_KEY) {
        mg_buf_puts(b, "PRIMARY KEY (");
        qi_list(b, &k->columns);
        mg_buf_putc(b, ')');
        return;
    }
    mg_buf_puts(b, "CONSTRAINT ");
    qi(b, k->name);
    switch (k->kind) {
    case MG_CONSTRAINT_UNIQUE:
        mg_buf_puts(b, " UNIQUE (");
        qi_list(b, &k->columns);
        mg_buf_putc(b, ')');
        break;
    case MG_CONSTRAINT_FOREIGN_KEY:
        mg_buf_puts(b, " FOREIGN KEY (");
        qi_list(b, &k->columns);
        mg_buf_puts(b, ") ");
        fk_target(b, k);
        break;
    case MG_CONSTRAINT_CHECK:
        mg_buf_puts(b, " CHECK (");
        mg_dialect_requote(b, k->expression ? k->expression : "", '`', 1);
        mg_buf_putc(b, ')');
        break;
    default:
        break;
    }
}

static int
is_deferred(const mg_op *op, const mg_constraint *k)
{
    size_t i;

    for (i = 0; i < op->ndeferred_fks; i++)
        if (op->deferred_fks[i] == k ||
            strcmp(op->deferred_fks[i]->name, k->name) == 0)
            return 1;
    return 0;
}

static void
create_table(mg_buf *b, const mg_op *op)
{
    const mg_table *t = op->new_table;
    const char *sep = "\n    ";
    size_t i;

    mg_buf_puts(b, t->if_not_exists ? "CREATE TABLE IF NOT EXISTS "
                                    : "CREATE TABLE ");
    qi(b, t->name);
    mg_buf_puts(b, " (");
    for (i = 0; i < t->ncolumns; i++) {
        mg_buf_puts(b, sep);
        column_def(b, t->columns[i], t->columns[i]->autoincrement);
        sep = ",\n    ";
    }
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if (k->kind == MG_CONSTRAINT_FOREIGN_KEY && is_deferred(op, k))
            continue;
        mg_buf_puts(b, sep);
        constraint_def(b, k);
    }
    mg_buf_puts(b, "\n)");
    if (t->options && *t->options)
        mg_buf_addf(b, " %s", t->options);
}

/* An index element: a column quoted, "col DESC" with the column quoted,
 * anything else (a prefix "col(10)", an expression) as written. */
static void
index_item(mg_buf *b, const mg_table *t, const char *e)
{
    size_t n = strlen(e);

    if (mg_table_column(t, e) || is_plain_ident(e)) {
        qi(b, e);
        return;
    }
    if (n > 5 && strcasecmp(e + n - 5, " DESC") == 0) {
        mg_buf col = MG_BUF_INIT;
        mg_buf_add(&col, e, n - 5);
        if (mg_table_column(t, mg_buf_cstr(&col))) {
            qi(b, mg_buf_cstr(&col));
            mg_buf_puts(b, " DESC");
            mg_buf_release(&col);
            return;
        }
        mg_buf_release(&col);
    }
    mg_dialect_requote(b, e, '`', 1);
}

/* 1 when the name part of a prefix key part, s[0..n), is a column name,
 * plain or quoted with ` or ". */
static int
prefix_column(const char *s, size_t n)
{
    size_t i;

    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n >= 2 && (s[0] == '`' || s[0] == '"') && s[n - 1] == s[0])
        return 1;
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (i = 1; i < n; i++)
        if (!is_word_char(s[i]))
            return 0;
    return 1;
}

/* 1 when the index element e is a key part MariaDB can index: a column of
 * t, or a prefix of one ("name(10)"), either maybe followed by " DESC".
 * Anything else is an expression, which no MariaDB version can index
 * (functional key parts are MySQL 8.0.13's, not MariaDB's). */
static int
key_part(const mg_table *t, const char *e)
{
    size_t n = strlen(e), open, i;
    mg_buf col = MG_BUF_INIT;
    int ok;

    if (n > 5 && strcasecmp(e + n - 5, " DESC") == 0)
        n -= 5;
    mg_buf_add(&col, e, n);
    ok = mg_table_column(t, mg_buf_cstr(&col)) ||
         is_plain_ident(mg_buf_cstr(&col));
    mg_buf_release(&col);
    if (ok)
        return 1;
    if (n < 4 || e[n - 1] != ')')
        return 0;
    for (open = n - 1; open > 0 && e[open - 1] != '('; open--)
        ;
    if (open == 0 || open == n - 1)
        return 0;
    for (i = open; i < n - 1; i++)
        if (!isdigit((unsigned char)e[i]))
            return 0;
    return prefix_column(e, open - 1);
}

static int
create_index(mg_buf *b, const mg_table *t, const mg_index *ix, mg_error *err)
{
    const char *m = ix->method;
    int prefix = m && (strcasecmp(m, "FULLTEXT") == 0 ||
                       strcasecmp(m, "SPATIAL") == 0);
    size_t i;

    if (ix->where)
        return mg_error_set(err, MG_EUSAGE, "mariadb has no partial "
                            "indexes: cannot create index %s on %s "
                            "WHERE %s", ix->name, t->name, ix->where);
    for (i = 0; i < ix->expressions.n; i++)
        if (!key_part(t, ix->expressions.v[i]))
            return mg_error_set(err, MG_EUSAGE, "mariadb has no expression "
                                "indexes: cannot create index %s on %s "
                                "over %s (index a generated column "
                                "instead)", ix->name, t->name,
                                ix->expressions.v[i]);
    mg_buf_puts(b, "CREATE ");
    if (ix->unique)
        mg_buf_puts(b, "UNIQUE ");
    if (prefix)
        mg_buf_addf(b, "%s ", m);
    mg_buf_puts(b, "INDEX ");
    qi(b, ix->name);
    mg_buf_puts(b, " ON ");
    qi(b, t->name);
    mg_buf_puts(b, " (");
    for (i = 0; i < ix->expressions.n; i++) {
        if (i)
            mg_buf_puts(b, ", ");
        index_item(b, t, ix->expressions.v[i]);
    }
    mg_buf_putc(b, ')');
    if (m && *m && !prefix && strcasecmp(m, "btree") != 0)
        mg_buf_addf(b, " USING %s", m);
    return 0;
}

/* The auto-increment column of a single-column primary key k of t, or
 * NULL. */
static const mg_column *
auto_key_column(const mg_table *t, const mg_constraint *k)
{
    const mg_column *c;

    if (!t || k->kind != MG_CONSTRAINT_PRIMARY_KEY || k->columns.n != 1)
        return NULL;
    c = mg_table_column(t, k->columns.v[0]);
    return c && c->autoincrement ? c : NULL;
}

static void
alter_table(mg_buf *b, const mg_table *t)
{
    mg_buf_puts(b, "ALTER TABLE ");
    qi(b, t->name);
    mg_buf_putc(b, ' ');
}

/* 1 when an index or key of t other than the one named skip can serve
 * foreign key columns fk and stays: is in w, the table's new version (an
 * index of a table whose DROP TABLE follows, w NULL, may be dropped by an
 * op before it, so there only the keys, which go with the table, count). */
static int
served_elsewhere(const mg_table *t, const mg_table *w, const char *skip,
                 const mg_strlist *fk)
{
    size_t i;

    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if ((k->kind == MG_CONSTRAINT_PRIMARY_KEY ||
             k->kind == MG_CONSTRAINT_UNIQUE) &&
            strcasecmp(k->name, skip) != 0 &&
            mg_strlist_leads_with(&k->columns, fk) &&
            (!w || mg_table_constraint(w, k->name)))
            return 1;
    }
    for (i = 0; w && i < t->nindexes; i++)
        if (strcasecmp(t->indexes[i]->name, skip) != 0 &&
            mg_strlist_leads_with(&t->indexes[i]->expressions, fk) &&
            mg_table_index(w, t->indexes[i]->name))
            return 1;
    return 0;
}

/* InnoDB refuses to drop the only index a foreign key can use. When the
 * index or UNIQUE constraint named name (over cols) is that index for a
 * foreign key that stays (in op's old and new table alike, or the table
 * has no new version: its DROP TABLE follows and takes the key along),
 * append ", ADD INDEX IF NOT EXISTS `fk` (...)": an index named like the
 * key, which is what InnoDB would have made and what reflection leaves
 * out (so it may be there already, from an earlier such drop). */
static void
keep_fk_indexes(mg_buf *b, const mg_op *op, const char *name,
                const mg_strlist *cols)
{
    const mg_table *t = op->old_table, *w = op->new_table;
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i], *kw = NULL;
        if (k->kind != MG_CONSTRAINT_FOREIGN_KEY ||
            (w && (!(kw = mg_table_constraint(w, k->name)) ||
                   kw->kind != MG_CONSTRAINT_FOREIGN_KEY)) ||
            !mg_strlist_leads_with(cols, &k->columns) ||
            served_elsewhere(t, w, name, &k->columns))
            continue;
        mg_buf_puts(b, ", ADD INDEX IF NOT EXISTS ");
        qi(b, k->name);
        mg_buf_puts(b, " (");
        qi_list(b, &k->columns);
        mg_buf_putc(b, ')');
    }
}

static void
drop_index(mg_buf *b, const mg_op *op)
{
    const mg_table *t = op->old_table ? op->old_table : op->new_table;
    size_t mark;

    alter_table(b, t);
    mg_buf_puts(b, "DROP INDEX ");
    qi(b, op->index->name);
    mark = b->len;
    keep_fk_indexes(b, op, op->index->name, &op->index->expressions);
    if (b->len == mark) {
        /* the plain form */
        mg_buf_clear(b);
        mg_buf_puts(b, "DROP INDEX ");
        qi(b, op->index->name);
        mg_buf_puts(b, " ON ");
        qi(b, t->name);
    }
}

static void
add_constraint(mg_buf *b, const mg_op *op)
{
    const mg_column *ai = auto_key_column(op->new_table, op->constraint);

    alter_table(b, op->new_table);
    mg_buf_puts(b, "ADD ");
    constraint_def(b, op->constraint);
    /* AUTO_INCREMENT needs the key: ADD COLUMN left it out */
    if (ai) {
        mg_buf_puts(b, ", MODIFY COLUMN ");
        column_def(b, ai, 1);
    }
}

static void
drop_constraint(mg_buf *b, const mg_op *op)
{
    const mg_table *t = op->old_table ? op->old_table : op->new_table;
    const mg_constraint *k = op->constraint;
    const mg_column *ai;

    alter_table(b, t);
    switch (k->kind) {
    case MG_CONSTRAINT_PRIMARY_KEY:
        /* an AUTO_INCREMENT column cannot outlive its key */
        if ((ai = auto_key_column(t, k)) != NULL) {
            mg_buf_puts(b, "MODIFY COLUMN ");
            column_def(b, ai, 0);
            mg_buf_puts(b, ", ");
        }
        mg_buf_puts(b, "DROP PRIMARY KEY");
        break;
    case MG_CONSTRAINT_UNIQUE:
        mg_buf_puts(b, "DROP INDEX ");
        qi(b, k->name);
        keep_fk_indexes(b, op, k->name, &k->columns);
        break;
    case MG_CONSTRAINT_FOREIGN_KEY:
        /* and the index InnoDB made for it, when it is still there */
        mg_buf_puts(b, "DROP FOREIGN KEY ");
        qi(b, k->name);
        mg_buf_puts(b, ", DROP INDEX IF EXISTS ");
        qi(b, k->name);
        break;
    case MG_CONSTRAINT_CHECK:
        mg_buf_puts(b, "DROP CONSTRAINT ");
        qi(b, k->name);
        break;
    }
}

/* The pointers each kind reads (mg_op.h); a missing one is a caller bug
 * reported as MG_EUSAGE rather than a crash. */
static int
complete(const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_CREATE_TABLE:
        return op->new_table != NULL;
    case MG_OP_DROP_TABLE:
        return op->old_table != NULL;
    case MG_OP_ADD_COLUMN:
        return op->new_table && op->new_column;
    case MG_OP_DROP_COLUMN:
        return op->old_table && op->old_column;
    case MG_OP_ALTER_COLUMN:
        return (op->new_table || op->old_table) && op->new_column;
    case MG_OP_ADD_CONSTRAINT:
        return op->new_table && op->constraint;
    case MG_OP_DROP_CONSTRAINT:
        return (op->old_table || op->new_table) && op->constraint;
    case MG_OP_CREATE_INDEX:
        return op->new_table && op->index;
    case MG_OP_DROP_INDEX:
        return (op->old_table || op->new_table) && op->index;
    default:
        return 1;
    }
}

int
mg_mariadb__render_op(mg_strlist *out, const mg_op *op, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc = 0;

    if (!complete(op))
        return mg_error_set(err, MG_EUSAGE, "incomplete operation (kind %d)",
                            (int)op->kind);
    switch (op->kind) {
    case MG_OP_CREATE_TABLE:
        create_table(&b, op);
        break;
    case MG_OP_DROP_TABLE:
        mg_buf_puts(&b, "DROP TABLE ");
        qi(&b, op->old_table->name);
        break;
    case MG_OP_ADD_COLUMN:
        /* AUTO_INCREMENT comes with the primary key (add_constraint) */
        alter_table(&b, op->new_table);
        mg_buf_puts(&b, "ADD COLUMN ");
        column_def(&b, op->new_column, 0);
        break;
    case MG_OP_DROP_COLUMN:
        alter_table(&b, op->old_table);
        mg_buf_puts(&b, "DROP COLUMN ");
        qi(&b, op->old_column->name);
        break;
    case MG_OP_ALTER_COLUMN:
        alter_table(&b, op->new_table ? op->new_table : op->old_table);
        mg_buf_puts(&b, "MODIFY COLUMN ");
        column_def(&b, op->new_column, op->new_column->autoincrement);
        break;
    case MG_OP_ADD_CONSTRAINT:
        add_constraint(&b, op);
        break;
    case MG_OP_DROP_CONSTRAINT:
        drop_constraint(&b, op);
        break;
    case MG_OP_CREATE_INDEX:
        rc = create_index(&b, op->new_table, op->index, err);
        break;
    case MG_OP_DROP_INDEX:
        drop_index(&b, op);
        break;
    case MG_OP_REBUILD_TABLE:
        rc = mg_error_set(err, MG_EUSAGE, "mariadb does not rebuild "
                          "tables: alter table %s instead",
                          op->new_table ? op->new_table->name
                          : op->old_table ? op->old_table->name : "?");
        break;
    default:
        rc = mg_error_set(err, MG_EUSAGE, "unknown operation kind %d",
                          (int)op->kind);
    }
    if (rc == 0 && (b.oom || mg_strlist_add(out, mg_buf_cstr(&b)) < 0))
        rc = oom(err);
    mg_buf_release(&b);
    return rc;
}

/* ---- scratch databases -------------------------------------------------- */

/* s percent-encoded: everything but RFC 3986's unreserved characters. */
static void
pct(mg_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            mg_buf_putc(b, (char)c);
        else
            mg_buf_addf(b, "%%%02X", c);
    }
}

static void
scratch_url(mg_buf *b, const mg_url *url, const char *db)
{
    const char *host = mg_url_host(url);
    size_t i;

    mg_buf_puts(b, mg_url_scheme_written(url));
    mg_buf_puts(b, "://");
    if (mg_url_user(url)) {
        pct(b, mg_url_user(url));
        if (mg_url_password(url)) {
            mg_buf_putc(b, ':');
            pct(b, mg_url_password(url));
        }
        mg_buf_putc(b, '@');
    }
    if (host && strchr(host, ':'))
        mg_buf_addf(b, "[%s]", host);
    else if (host)
        pct(b, host);
    if (mg_url_port(url) > 0)
        mg_buf_addf(b, ":%d", mg_url_port(url));
    mg_buf_putc(b, '/');
    pct(b, db);
    for (i = 0; i < mg_url_param_count(url); i++) {
        const char *k, *v;
        mg_url_param_at(url, i, &k, &v);
        mg_buf_putc(b, i ? '&' : '?');
        pct(b, k);
        mg_buf_putc(b, '=');
        pct(b, v ? v : "");
    }
}

/* Drop the scratch databases runs on this host left when they were
 * killed (mg_dialect_scratch_stale); whatever fails is left alone. */
static void
drop_stale_scratch(MYSQL *my)
{
    static const char q[] = "SELECT schema_name FROM information_schema."
        "schemata WHERE schema_name LIKE 'migrate\\_scratch\\_%'";
    mg_strlist stale = MG_STRLIST_INIT;
    mg_buf sql = MG_BUF_INIT;
    MYSQL_RES *res;
    MYSQL_ROW row;
    size_t i;

    if (mysql_real_query(my, q, sizeof(q) - 1) != 0 ||
        !(res = mysql_store_result(my)))
        return;
    while ((row = mysql_fetch_row(res)) != NULL)
        if (row[0] && mg_dialect_scratch_stale(row[0], (long long)time(NULL)))
            mg_strlist_add(&stale, row[0]);
    mysql_free_result(res);
    for (i = 0; i < stale.n; i++) {
        mg_buf_clear(&sql);
        mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
        qi(&sql, stale.v[i]);
        if (!sql.oom)
            mysql_real_query(my, mg_buf_cstr(&sql), sql.len);
    }
    mg_strlist_release(&stale);
    mg_buf_release(&sql);
}

int
mg_mariadb__scratch_create(void *conn, const mg_url *url, char **url_out,
                           mg_error *err)
{
    MYSQL *my = conn;
    mg_buf name = MG_BUF_INIT, sql = MG_BUF_INIT, u = MG_BUF_INIT;
    int n, rc = 0;

    *url_out = NULL;
    if (!url)
        return mg_error_set(err, MG_EUSAGE, "no URL to base a scratch "
                            "database on");
    drop_stale_scratch(my);
    for (n = 1;; n++) {
        mg_buf_clear(&name);
        mg_buf_clear(&sql);
        mg_dialect_scratch_name(&name, n);
        mg_buf_puts(&sql, "CREATE DATABASE ");
        qi(&sql, mg_buf_cstr(&name));
        if (name.oom || sql.oom) {
            rc = oom(err);
            goto done;
        }
        if (mysql_real_query(my, mg_buf_cstr(&sql), sql.len) == 0)
            break;
        if (mysql_errno(my) != ER_DB_EXISTS || n >= 1000) {
            rc = mg_error_set(err, MG_EDB, "cannot create scratch database "
                              "'%s': ERROR %u (%s): %s", mg_buf_cstr(&name),
                              mysql_errno(my), mysql_sqlstate(my),
                              mysql_error(my));
            goto done;
        }
    }
    scratch_url(&u, url, mg_buf_cstr(&name));
    if (u.oom || !(*url_out = mg_buf_detach(&u))) {
        mg_buf_clear(&sql);
        mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
        qi(&sql, mg_buf_cstr(&name));
        mysql_real_query(my, mg_buf_cstr(&sql), sql.len);
        rc = oom(err);
    }
done:
    mg_buf_release(&name);
    mg_buf_release(&sql);
    mg_buf_release(&u);
    return rc;
}

int
mg_mariadb__scratch_drop(void *conn, const char *scratch, mg_error *err)
{
    MYSQL *my = conn;
    mg_url *url = NULL;
    mg_buf sql = MG_BUF_INIT;
    const char *db;
    int rc;

    if ((rc = mg_url_parse(&url, scratch, err)) < 0)
        return rc;
    db = mg_url_database(url);
    if (!db || strncmp(db, SCRATCH_PREFIX, sizeof(SCRATCH_PREFIX) - 1) != 0) {
        rc = mg_error_set(err, MG_EUSAGE, "refusing to drop '%s': not a "
                          "scratch database", db ? db : "");
        goto done;
    }
    mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
    qi(&sql, db);
    if (sql.oom)
        rc = oom(err);
    else if (mysql_real_query(my, mg_buf_cstr(&sql), sql.len) != 0)
        rc = mg_error_set(err, MG_EDB, "cannot drop scratch database '%s': "
                          "ERROR %u (%s): %s", db, mysql_errno(my),
                          mysql_sqlstate(my), mysql_error(my));
done:
    mg_buf_release(&sql);
    mg_url_free(url);
    return rc;
}
