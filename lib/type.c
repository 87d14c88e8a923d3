/* type.c - generic types: reading a type as written (in a model file or in
 * a database's own spelling) into one of DESIGN.md section 2's generic
 * kinds, so `int`, `int4`, `INTEGER` and `int(11)` are one type; the
 * spelling is kept beside the kind for a dialect that stores declared
 * types verbatim. */
#include "mg_metadata.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char  *name;
    mg_type_kind kind;
} names[] = {
    { "INTEGER", MG_TYPE_INTEGER }, { "INT", MG_TYPE_INTEGER },
    { "INT4", MG_TYPE_INTEGER },
    { "SERIAL", MG_TYPE_INTEGER },
    { "BIGINT", MG_TYPE_BIGINT }, { "INT8", MG_TYPE_BIGINT },
    { "BIGSERIAL", MG_TYPE_BIGINT },
    { "SMALLINT", MG_TYPE_SMALLINT }, { "INT2", MG_TYPE_SMALLINT },
    { "SMALLSERIAL", MG_TYPE_SMALLINT },
    { "VARCHAR", MG_TYPE_VARCHAR }, { "CHARACTER VARYING", MG_TYPE_VARCHAR },
    { "NVARCHAR", MG_TYPE_VARCHAR },
    { "CHAR", MG_TYPE_CHAR }, { "CHARACTER", MG_TYPE_CHAR },
    { "BPCHAR", MG_TYPE_CHAR }, { "NCHAR", MG_TYPE_CHAR },
    /* MEDIUMINT and LONGTEXT are MariaDB's own (3 bytes; 4 GB): kept
     * verbatim, never made INT and TEXT */
    { "TEXT", MG_TYPE_TEXT },
    { "BOOLEAN", MG_TYPE_BOOLEAN }, { "BOOL", MG_TYPE_BOOLEAN },
    { "DATE", MG_TYPE_DATE },
    { "TIME", MG_TYPE_TIME }, { "TIME WITHOUT TIME ZONE", MG_TYPE_TIME },
    { "TIMESTAMP", MG_TYPE_TIMESTAMP }, { "DATETIME", MG_TYPE_DATETIME },
    { "TIMESTAMP WITHOUT TIME ZONE", MG_TYPE_TIMESTAMP },
    { "NUMERIC", MG_TYPE_NUMERIC }, { "DECIMAL", MG_TYPE_NUMERIC },
    { "REAL", MG_TYPE_REAL }, { "FLOAT", MG_TYPE_REAL },
    { "FLOAT4", MG_TYPE_REAL },
    { "DOUBLE", MG_TYPE_DOUBLE }, { "DOUBLE PRECISION", MG_TYPE_DOUBLE },
    { "FLOAT8", MG_TYPE_DOUBLE },
    /* JSONB is PostgreSQL's own name: kept verbatim (MG_TYPE_OTHER) */
    { "JSON", MG_TYPE_JSON },
    { "BLOB", MG_TYPE_BLOB }, { "BYTEA", MG_TYPE_BLOB },
    { "BYTES", MG_TYPE_BYTES }, { "LONGBLOB", MG_TYPE_BYTES },
    { "UUID", MG_TYPE_UUID },
};

static const char *const kind_names[] = {
    "INTEGER", "BIGINT", "SMALLINT", "VARCHAR", "CHAR", "TEXT", "BOOLEAN",
    "DATE", "TIME", "TIMESTAMP", "NUMERIC", "REAL", "DOUBLE", "JSON", "BLOB",
    "UUID", "DATETIME", "BYTES", ""
};

/* Upper-case words of s with single spaces, stopping at '(' ; the rest
 * (from '(' on) goes to *rest. */
static void
base_words(const char *s, mg_buf *out, const char **rest)
{
    int space = 0;

    while (*s && *s != '(') {
        if (isspace((unsigned char)*s)) {
            space = out->len > 0;
        } else {
            if (space)
                mg_buf_putc(out, ' ');
            space = 0;
            mg_buf_putc(out, (char)toupper((unsigned char)*s));
        }
        s++;
    }
    *rest = s;
}

/* Parse "(a)" or "(a, b)" followed only by white space (and an optional
 * UNSIGNED etc. is not allowed: that makes the type verbatim). */
static int
parse_args(const char *s, int *a, int *b)
{
    char *end;
    long v;

    *a = 0;
    *b = -1;
    if (*s != '(')
        return *s == '\0';
    s++;
    v = strtol(s, &end, 10);
    if (end == s || v < 0 || v > 1000000)
        return 0;
    *a = (int)v;
    s = end;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == ',') {
        s++;
        v = strtol(s, &end, 10);
        if (end == s || v < 0 || v > 1000000)
            return 0;
        *b = (int)v;
        s = end;
        while (isspace((unsigned char)*s))
            s++;
    }
    if (*s != ')')
        return 0;
    s++;
    while (isspace((unsigned char)*s))
        s++;
    return *s == '\0';
}

/* a and b equal but for white space. */
static int
same_but_spaces(const char *a, const char *b, size_t nb)
{
    const char *end = b + nb;

    for (;;) {
        while (isspace((unsigned char)*a))
            a++;
        while (b < end && isspace((unsigned char)*b))
            b++;
        if (!*a || b == end)
            return !*a && b == end;
        if (*a++ != *b++)
            return 0;
    }
}

/* out->name = text (trimmed) when mg_type_format spells the generic type
 * otherwise than white space. Errors: MG_ENOMEM. */
static int
keep_declared(mg_type *out, const char *text)
{
    mg_buf generic = MG_BUF_INIT;
    size_t n = strlen(text);
    int rc = 0;

    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    while (n && isspace((unsigned char)*text)) {
        text++;
        n--;
    }
    mg_type_format(&generic, out);
    if (generic.oom)
        rc = MG_ENOMEM;
    else if (!same_but_spaces(mg_buf_cstr(&generic), text, n) &&
             !(out->name = strndup(text, n)))
        rc = MG_ENOMEM;
    mg_buf_release(&generic);
    return rc;
}

int
mg_type_is_national(const char *text)
{
    mg_buf word = MG_BUF_INIT;
    const char *rest = "", *w;
    int yes;

    base_words(text ? text : "", &word, &rest);
    w = mg_buf_cstr(&word);
    yes = strcmp(w, "NCHAR") == 0 || strcmp(w, "NVARCHAR") == 0;
    mg_buf_release(&word);
    return yes;
}

/* An array of a generic type ("VARCHAR(10)[]", PostgreSQL's
 * "character varying(10)[]", "int[][]"): out->name is the element's
 * generic spelling with the brackets, so both spellings are one type.
 * 0 when text is no such array. */
static int
array_of_generic(mg_type *out, const char *text)
{
    size_t n = strlen(text), dims = 0, k;
    mg_type elem;
    mg_buf b = MG_BUF_INIT;
    char *e;

    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    while (n >= 2 && text[n - 2] == '[' && text[n - 1] == ']') {
        n -= 2;
        dims++;
    }
    if (!dims || !(e = strndup(text, n)))
        return 0;
    if (mg_type_parse(&elem, e) < 0 || elem.kind == MG_TYPE_OTHER) {
        mg_type_release(&elem);
        free(e);
        return 0;
    }
    mg_type_release(&elem);  /* the generic spelling, not the declared */
    mg_type_format(&b, &elem);
    for (k = 0; k < dims; k++)
        mg_buf_puts(&b, "[]");
    out->name = mg_buf_detach(&b);
    free(e);
    return 1;
}

int
mg_type_parse(mg_type *out, const char *text)
{
    mg_buf word = MG_BUF_INIT, tail = MG_BUF_INIT;
    const char *rest = "";
    size_t i;
    int a, b;

    memset(out, 0, sizeof(*out));
    out->scale = -1;
    base_words(text ? text : "", &word, &rest);
    {
        /* PostgreSQL's format_type(): "timestamp(3) without time zone" */
        const char *rp = strchr(rest, ')');
        if (rp && strcasecmp(rp + 1, " without time zone") == 0 &&
            (strcmp(mg_buf_cstr(&word), "TIME") == 0 ||
             strcmp(mg_buf_cstr(&word), "TIMESTAMP") == 0))
        {
            mg_buf_add(&tail, rest, (size_t)(rp + 1 - rest));
            rest = mg_buf_cstr(&tail);
        }
    }
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(mg_buf_cstr(&word), names[i].name) == 0)
            break;
    if (i < sizeof(names) / sizeof(names[0]) && parse_args(rest, &a, &b)) {
        mg_type_kind k = names[i].kind;
        int ok = 1;
        switch (k) {
        case MG_TYPE_VARCHAR:
        case MG_TYPE_CHAR:
            out->length = a;
            ok = b < 0;
            break;
        case MG_TYPE_NUMERIC:
            out->precision = a;
            out->scale = b;
            break;
        case MG_TYPE_INTEGER:
        case MG_TYPE_BIGINT:
        case MG_TYPE_SMALLINT:
            /* int(11): a display width, not part of the type */
            ok = b < 0;
            break;
        case MG_TYPE_REAL:
            /* FLOAT(p): p > 24 is double precision */
            if (a > 24)
                k = MG_TYPE_DOUBLE;
            ok = b < 0;
            break;
        case MG_TYPE_TIMESTAMP:
        case MG_TYPE_TIME:
        case MG_TYPE_DATETIME:
            /* TIMESTAMP(0): the digits kept after the second, in scale
             * (-1: the dialect's default) */
            out->scale = strchr(rest, '(') ? a : -1;
            ok = b < 0;
            break;
        default:
            ok = *rest == '\0';
        }
        if (ok) {
            out->kind = k;
            mg_buf_release(&word);
            mg_buf_release(&tail);
            return keep_declared(out, text);
        }
        out->length = out->precision = 0;
        out->scale = -1;
    }
    mg_buf_release(&word);
    mg_buf_release(&tail);
    out->kind = MG_TYPE_OTHER;
    if (text && array_of_generic(out, text))
        return out->name ? 0 : MG_ENOMEM;
    out->name = strdup(text ? text : "");
    {
        /* trim */
        size_t n = out->name ? strlen(out->name) : 0;
        while (n && isspace((unsigned char)out->name[n - 1]))
            out->name[--n] = '\0';
    }
    return out->name ? 0 : MG_ENOMEM;
}

void
mg_type_release(mg_type *t)
{
    if (!t)
        return;
    free(t->name);
    t->name = NULL;
}

int
mg_type_copy(mg_type *out, const mg_type *in)
{
    *out = *in;
    if (in->name && !(out->name = strdup(in->name)))
        return MG_ENOMEM;
    return 0;
}

void
mg_type_format(mg_buf *b, const mg_type *t)
{
    if (t->kind == MG_TYPE_OTHER) {
        mg_buf_puts(b, t->name ? t->name : "");
        return;
    }
    mg_buf_puts(b, kind_names[t->kind]);
    if ((t->kind == MG_TYPE_VARCHAR || t->kind == MG_TYPE_CHAR) && t->length)
        mg_buf_addf(b, "(%d)", t->length);
    if ((t->kind == MG_TYPE_TIMESTAMP || t->kind == MG_TYPE_TIME ||
         t->kind == MG_TYPE_DATETIME) && t->scale >= 0)
        mg_buf_addf(b, "(%d)", t->scale);
    if (t->kind == MG_TYPE_NUMERIC && t->precision) {
        if (t->scale >= 0)
            mg_buf_addf(b, "(%d,%d)", t->precision, t->scale);
        else
            mg_buf_addf(b, "(%d)", t->precision);
    }
}

const char *
mg_fk_action_sql(mg_fk_action a)
{
    switch (a) {
    case MG_FK_RESTRICT:    return "RESTRICT";
    case MG_FK_CASCADE:     return "CASCADE";
    case MG_FK_SET_NULL:    return "SET NULL";
    case MG_FK_SET_DEFAULT: return "SET DEFAULT";
    default:                return "NO ACTION";
    }
}
