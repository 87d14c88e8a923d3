/* postgresql_reflect.c - the PostgreSQL dialect's reflection and the
 * comparable form of defaults.
 *
 * Reflection reads the system catalog of the current schema (the URL's
 * ?schema=, which connect puts on search_path, else current_schema())
 * in SIX queries whatever the schema's size: tables (pg_class), columns
 * (pg_attribute with format_type() and pg_attrdef), constraints
 * (pg_constraint, one row per key column), indexes that back no
 * constraint (pg_index, one row per key column), the schema objects
 * (views, functions, enums, triggers...: postgresql_objects.c, one
 * UNION ALL), and what the model does not express (aggregates, rules,
 * inheriting tables...: one UNION ALL), named as not managed.
 * Expressions come from
 * the catalog's "pretty" deparser, which leaves out redundant
 * parentheses; the casts it adds (name::text for a VARCHAR column,
 * '2026-01-01'::date, 0::numeric) are removed again and "x = ANY
 * (ARRAY[...])" is read back as "x IN (...)", so the text compares equal
 * to what a model file says. Auto-generation (DESIGN.md section 2) is
 * what the column has: an identity column (BY DEFAULT or ALWAYS), a
 * serial (its default nextval of <table>_<column>_seq, a sequence it
 * owns, rendered SERIAL again so that very sequence comes back), or
 * another nextval default, kept as it is with its sequence (one the
 * column does not own is an object of its own, whatever its name). Every name is the one reflected. The
 * expression scanners here (word_char, skip_string, skip_qident,
 * closing, is_serial_default) serve postgresql_ddl.c too. */
#include "mg_compare.h"
#include "mg_dialect.h"
#include "common_int.h"
#include "mg_url.h"
#include "postgresql_int.h"

#include "pq_api_int.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ---- expressions as the catalog prints them ----------------------------- */

/* Type names of more than one word, which a cast may end with. */
static const char *const multiword_types[] = {
    "timestamp without time zone", "timestamp with time zone",
    "time without time zone", "time with time zone",
    "character varying", "double precision", "bit varying", NULL
};

/* Casts to these are what PostgreSQL adds to a VARCHAR or CHAR column
 * used where text is expected. */
static const char *const string_types[] = {
    "text", "character varying", "varchar", "bpchar", "character", NULL
};

static const char *const number_types[] = {
    "integer", "int", "int2", "int4", "int8", "bigint", "smallint",
    "numeric", "decimal", "real", "float4", "float8", "double precision",
    NULL
};

static int
in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcasecmp(*list, s) == 0)
            return 1;
    return 0;
}

int
mg_pg__word_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '$' ||
           (unsigned char)ch >= 0x80;
}

/* 1 when s[0..n) is a number: [-][ ]digits[.digits][e[+-]digits]. */
static int
is_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;

    if (i < n && (s[i] == '-' || s[i] == '+')) {
        i++;
        if (i < n && s[i] == ' ')
            i++;
    }
    while (i < n && isdigit((unsigned char)s[i])) {
        i++;
        digits++;
    }
    if (i < n && s[i] == '.')
        for (i++; i < n && isdigit((unsigned char)s[i]); i++)
            digits++;
    if (!digits)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (!(i < n && isdigit((unsigned char)s[i])))
            return 0;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
    }
    return i == n;
}

/* End of the string literal whose opening quote is at s. */
const char *
mg_pg__skip_string(const char *s)
{
    for (s++; *s; s++)
        if (*s == '\'') {
            if (s[1] != '\'')
                return s + 1;
            s++;
        }
    return s;
}

/* End of the quoted identifier whose opening quote is at s. */
const char *
mg_pg__skip_qident(const char *s)
{
    for (s++; *s; s++)
        if (*s == '"') {
            if (s[1] != '"')
                return s + 1;
            s++;
        }
    return s;
}

/* Read the type name of a cast starting at s (after "::"): words (a known
 * multi-word name taken whole), a schema qualification, "(args)" and any
 * "[]". The base name, lowercased, goes to base. Returns its end. */
static const char *
read_type(const char *s, mg_buf *base)
{
    const char *p = s;
    size_t i, n;
    int depth;

    if (*p == '"') {
        p = mg_pg__skip_qident(p);
        mg_buf_add(base, s, (size_t)(p - s));
    } else {
        for (i = 0; multiword_types[i]; i++) {
            n = strlen(multiword_types[i]);
            if (strncasecmp(p, multiword_types[i], n) == 0 &&
                !mg_pg__word_char(p[n]))
                break;
        }
        if (multiword_types[i]) {
            mg_buf_puts(base, multiword_types[i]);
            p += strlen(multiword_types[i]);
        } else {
            while (mg_pg__word_char(*p) ||
                   (*p == '.' && mg_pg__word_char(p[1])))
                mg_buf_putc(base, (char)tolower((unsigned char)*p++));
        }
    }
    if (*p == '(') {
        for (depth = 0; *p; p++) {
            if (*p == '(')
                depth++;
            else if (*p == ')' && --depth == 0) {
                p++;
                break;
            }
        }
    }
    while (p[0] == '[' && p[1] == ']')
        p += 2;
    /* the normaliser writes "text [ ]" for "text[]" */
    while (p[0] == ' ' && p[1] == '[' && p[2] == ' ' && p[3] == ']')
        p += 4;
    return p;
}

enum { OPND_OTHER, OPND_STR, OPND_NUM, OPND_IDENT, OPND_NULL, OPND_ARRAY };

/* The first pass of mg_pg__uncast: the casts removed or rewritten. */
static void
strip_casts(mg_buf *out, const char *s)
{
    int kind = OPND_OTHER;
    size_t start = 0;       /* where the last operand begins in out */
    const char *p;

    while (*s) {
        if (s[0] == ':' && s[1] == ':' && kind != OPND_OTHER) {
            mg_buf base = MG_BUF_INIT;
            const char *tb = s + 2, *te = read_type(tb, &base);
            const char *type = mg_buf_cstr(&base);

            if (te == tb) {                      /* not a type after all */
                mg_buf_release(&base);
                mg_buf_puts(out, "::");
                s += 2;
                kind = OPND_OTHER;
                continue;
            }
            if (kind == OPND_STR && strcmp(type, "interval") == 0) {
                /* 'x'::interval is the model's interval 'x' */
                mg_buf lit = MG_BUF_INIT;
                mg_buf_add(&lit, out->ptr + start, out->len - start);
                out->len = start;
                mg_buf_addf(out, "interval %s", mg_buf_cstr(&lit));
                mg_buf_release(&lit);
            } else if (kind == OPND_STR && in_list(number_types, type) &&
                       out->len - start >= 2 &&
                       is_number(out->ptr + start + 1,
                                 out->len - start - 2)) {
                /* '-1'::integer is the number -1 */
                memmove(out->ptr + start, out->ptr + start + 1,
                        out->len - start - 2);
                out->len -= 2;
            } else if (kind == OPND_STR || kind == OPND_NULL ||
                       kind == OPND_ARRAY ||
                       (kind == OPND_NUM && in_list(number_types, type)) ||
                       (kind == OPND_IDENT && in_list(string_types, type))) {
                ;                                /* dropped */
            } else {
                mg_buf_add(out, s, (size_t)(te - s));
                kind = OPND_OTHER;
            }
            if (out->ptr)
                out->ptr[out->len] = '\0';
            mg_buf_release(&base);
            s = te;
            continue;
        }
        start = out->len;
        if (*s == '\'' || ((*s == 'e' || *s == 'E') && s[1] == '\'' &&
                           !(out->len &&
                             mg_pg__word_char(out->ptr[out->len - 1])))) {
            p = mg_pg__skip_string(*s == '\'' ? s : s + 1);
            kind = OPND_STR;
        } else if (*s == '"') {
            p = mg_pg__skip_qident(s);
            kind = OPND_IDENT;
        } else if (isdigit((unsigned char)*s)) {
            for (p = s; isdigit((unsigned char)*p) || *p == '.'; p++)
                ;
            if ((*p == 'e' || *p == 'E') &&
                (isdigit((unsigned char)p[1]) ||
                 ((p[1] == '-' || p[1] == '+') &&
                  isdigit((unsigned char)p[2]))))
                for (p += 2; isdigit((unsigned char)*p); p++)
                    ;
            kind = OPND_NUM;
        } else if (mg_pg__word_char(*s)) {
            for (p = s; mg_pg__word_char(*p) ||
                        (*p == '.' && mg_pg__word_char(p[1])); p++)
                ;
            kind = (p - s == 4 && strncasecmp(s, "null", 4) == 0)
                   ? OPND_NULL : OPND_IDENT;
        } else {
            p = s + 1;
            kind = *s == ']' ? OPND_ARRAY : OPND_OTHER;
        }
        mg_buf_add(out, s, (size_t)(p - s));
        s = p;
    }
}

/* Position of the bracket closing the one at s ('[' or '('), or NULL. */
const char *
mg_pg__closing(const char *s)
{
    int depth = 0;

    while (*s) {
        if (*s == '\'') {
            s = mg_pg__skip_string(s);
            continue;
        }
        if (*s == '"') {
            s = mg_pg__skip_qident(s);
            continue;
        }
        if (*s == '[' || *s == '(')
            depth++;
        else if ((*s == ']' || *s == ')') && --depth == 0)
            return s;
        s++;
    }
    return NULL;
}

/* The second pass: "x = ANY (ARRAY[a, b])" as "x IN (a, b)" and
 * "x <> ALL (ARRAY[a, b])" as "x NOT IN (a, b)". */
static void
any_to_in(mg_buf *out, const char *s)
{
    static const struct {
        const char *from;
        const char *to;
    } forms[] = {
        { "= ANY (ARRAY[", "IN (" }, { "<> ALL (ARRAY[", "NOT IN (" }
    };
    size_t i, n;

    while (*s) {
        if (*s == '\'' || *s == '"') {
            const char *e = *s == '\'' ? mg_pg__skip_string(s)
                                       : mg_pg__skip_qident(s);
            mg_buf_add(out, s, (size_t)(e - s));
            s = e;
            continue;
        }
        for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
            const char *lb, *rb;

            n = strlen(forms[i].from);
            if (strncasecmp(s, forms[i].from, n) != 0)
                continue;
            lb = s + n - 1;
            if (!(rb = mg_pg__closing(lb)) || rb[1] != ')')
                continue;
            mg_buf_puts(out, forms[i].to);
            mg_buf_add(out, lb + 1, (size_t)(rb - lb - 1));
            mg_buf_putc(out, ')');
            s = rb + 2;
            break;
        }
        if (i < sizeof(forms) / sizeof(forms[0]))
            continue;
        mg_buf_putc(out, *s++);
    }
}

/* 1 when the word ending at end (exclusive) of text is w, or when
 * nothing but white space or '(' comes before end. */
static int
after_boundary(const char *text, const char *end)
{
    static const char *const words[] = { "and", "or", "not" };
    const char *p = end;
    size_t i, n;

    while (p > text && p[-1] == ' ')
        p--;
    if (p == text || p[-1] == '(')
        return 1;
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        n = strlen(words[i]);
        if ((size_t)(p - text) >= n && strncasecmp(p - n, words[i], n) == 0 &&
            ((size_t)(p - text) == n || !mg_pg__word_char(p[-(long)n - 1])))
            return 1;
    }
    return 0;
}

/* 1 when s starts with the end of the text, ')', or " AND"/" OR". */
static int
before_boundary(const char *s)
{
    return *s == '\0' || *s == ')' || strncasecmp(s, " AND ", 5) == 0 ||
           strncasecmp(s, " OR ", 4) == 0;
}

/* 1 when s[0..n) is "operand [NOT ]IN (...)" with a one-token operand. */
static int
is_in_test(const char *s, size_t n)
{
    const char *p = s, *end = s + n, *rb;

    while (p < end && *p != ' ') {
        if (*p == '\'' || *p == '"') {
            p = *p == '\'' ? mg_pg__skip_string(p) : mg_pg__skip_qident(p);
            continue;
        }
        if (*p == '(' && (!(rb = mg_pg__closing(p)) || rb >= end))
            return 0;
        p = *p == '(' ? mg_pg__closing(p) + 1 : p + 1;
    }
    if (p == s || p >= end)
        return 0;
    if (strncasecmp(p, " NOT IN (", 9) == 0)
        p += 8;
    else if (strncasecmp(p, " IN (", 5) == 0)
        p += 4;
    else
        return 0;
    return (rb = mg_pg__closing(p)) != NULL && rb == end - 1;
}

/* The third pass: the parentheses the deparser puts around an IN test
 * between AND and OR ("a AND (x IN (1, 2))") are left out, as a model
 * file leaves them out (IN binds tighter than AND, OR and NOT). */
static void
unwrap_in(mg_buf *out, const char *text)
{
    const char *s = text, *rb;

    while (*s) {
        if (*s == '\'' || *s == '"') {
            const char *e = *s == '\'' ? mg_pg__skip_string(s)
                                       : mg_pg__skip_qident(s);
            mg_buf_add(out, s, (size_t)(e - s));
            s = e;
            continue;
        }
        if (*s == '(' && (rb = mg_pg__closing(s)) != NULL &&
            is_in_test(s + 1, (size_t)(rb - s - 1)) &&
            after_boundary(text, s) && before_boundary(rb + 1)) {
            mg_buf_add(out, s + 1, (size_t)(rb - s - 1));
            s = rb + 1;
            continue;
        }
        mg_buf_putc(out, *s++);
    }
}

void
mg_pg__uncast(mg_buf *out, const char *expr)
{
    mg_buf tmp = MG_BUF_INIT, tmp2 = MG_BUF_INIT;

    strip_casts(&tmp, expr ? expr : "");
    any_to_in(&tmp2, mg_buf_cstr(&tmp));
    unwrap_in(out, mg_buf_cstr(&tmp2));
    if (tmp.oom || tmp2.oom)
        out->oom = 1;
    mg_buf_release(&tmp);
    mg_buf_release(&tmp2);
}

/* ---- defaults ----------------------------------------------------------- */

/* The content of s when it is one whole string literal 'x' (quotes
 * removed, doubled quotes kept as they are), else NULL. */
static int
literal_content(const char *s, const char **start, size_t *n)
{
    size_t len = strlen(s);

    if (len < 2 || s[0] != '\'' || mg_pg__skip_string(s) != s + len)
        return 0;
    *start = s + 1;
    *n = len - 2;
    return 1;
}

static void
canonical_number(mg_buf *out, const char *s, size_t n)
{
    char tmp[128], *end;
    size_t i, j = 0;
    double v;

    for (i = 0; i < n && j + 1 < sizeof(tmp); i++)
        if (s[i] != ' ' && s[i] != '+')
            tmp[j++] = s[i];
    tmp[j] = '\0';
    v = strtod(tmp, &end);
    if (*end || j + 1 >= sizeof(tmp)) {
        mg_buf_add(out, s, n);
        return;
    }
    if (v == 0)
        v = 0;          /* -0 is 0 */
    mg_buf_addf(out, "%.17g", v);
}

/* 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM' ... as PostgreSQL prints them. */
static void
canonical_datetime(mg_buf *out, const char *s, size_t n, int with_date)
{
    mg_buf_putc(out, '\'');
    if (with_date && n >= 10 && s[4] == '-' && s[7] == '-') {
        mg_buf_add(out, s, 10);
        s += 10;
        n -= 10;
        if (n == 0) {
            mg_buf_puts(out, " 00:00:00'");
            return;
        }
        if (*s == 'T' || *s == 't' || *s == ' ') {
            mg_buf_putc(out, ' ');
            s++;
            n--;
        }
    }
    mg_buf_add(out, s, n);
    if (n == 5 && s[2] == ':')
        mg_buf_puts(out, ":00");
    mg_buf_putc(out, '\'');
}

/* A JSON literal without white space outside JSON strings. */
static void
compact_json(mg_buf *out, const char *s, size_t n)
{
    size_t i;
    int in_str = 0;

    mg_buf_putc(out, '\'');
    for (i = 0; i < n; i++) {
        if (in_str) {
            if (s[i] == '\\' && i + 1 < n)
                mg_buf_putc(out, s[i++]);
            else if (s[i] == '"')
                in_str = 0;
        } else if (s[i] == '"') {
            in_str = 1;
        } else if (isspace((unsigned char)s[i])) {
            continue;
        }
        mg_buf_putc(out, s[i]);
    }
    mg_buf_putc(out, '\'');
}

static const char *
boolean_word(const char *s, size_t n)
{
    static const char *const yes[] = { "t", "true", "y", "yes", "on", "1" };
    static const char *const no[] = { "f", "false", "n", "no", "off", "0" };
    size_t i;

    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strlen(yes[i]) == n && strncasecmp(s, yes[i], n) == 0)
            return "true";
        if (strlen(no[i]) == n && strncasecmp(s, no[i], n) == 0)
            return "false";
    }
    return NULL;
}

/* ---- expressions as the deparser prints them ---------------------------- */

/* The word of text s[0..n) at its top level, outside strings and
 * parentheses: 1 when " w " occurs there (w lower case, as
 * mg_normalize_expr leaves keywords). */
static int
has_top_word(const char *s, size_t n, const char *w)
{
    size_t i, m = strlen(w), depth = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '\'') {
            i = (size_t)(mg_pg__skip_string(s + i) - s) - 1;
            if (i >= n)
                break;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')') {
            depth--;
        } else if (depth == 0 && s[i] == ' ' && i + m + 1 < n &&
                   strncmp(s + i + 1, w, m) == 0 && s[i + m + 1] == ' ') {
            return 1;
        }
    }
    return 0;
}

/* The word ending just before s[at] (spaces skipped) into w: "" at the
 * start, else the word, or the one character that is not a word's. */
static void
word_before(const char *s, size_t at, char *w, size_t size)
{
    size_t end = at, start;

    while (end > 0 && s[end - 1] == ' ')
        end--;
    start = end;
    while (start > 0 && mg_pg__word_char(s[start - 1]) &&
           end - start + 1 < size)
        start--;
    if (start == end && end > 0)
        start = end - 1;
    memcpy(w, s + start, end - start);
    w[end - start] = '\0';
}

/* The word starting at s[at] (spaces skipped) into w: "" at the end,
 * else the word, or the one character that is not a word's. */
static void
word_after(const char *s, size_t at, char *w, size_t size)
{
    size_t i = 0;

    while (s[at] == ' ')
        at++;
    while (mg_pg__word_char(s[at]) && i + 1 < size)
        w[i++] = s[at++];
    if (i == 0 && s[at])
        w[i++] = s[at];
    w[i] = '\0';
}

static int
word_in(const char *w, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(w, *set) == 0)
            return 1;
    return 0;
}

/* 1 when the parentheses s[open] .. s[close] may go, as the deparser
 * leaves them out: around one operand (a name, a literal, a call), or
 * around a comparison, an AND chain or an OR chain where the words
 * outside bind less tightly. Never the parentheses of a call or a list. */
static int
redundant_parens(const char *s, size_t open, size_t close)
{
    static const char *const edge[] = { "", "(", NULL };
    static const char *const bool_before[] = { "", "(", "and", "or", "not",
                                               NULL };
    static const char *const bool_after[] = { "", ")", "and", "or", NULL };
    static const char *const and_side[] = { "", "(", ")", "and", NULL };
    const char *in = s + open + 1;
    size_t n = close - open - 1, i, depth = 0;
    char before[16], after[16];
    int space = 0;

    if (open > 0 && (mg_pg__word_char(s[open - 1]) || s[open - 1] == ')' ||
                     s[open - 1] == ']'))
        return 0;       /* a call's or a subscript's */
    word_before(s, open, before, sizeof(before));
    word_after(s, close + 1, after, sizeof(after));
    if (strcmp(before, "in") == 0 || strcmp(before, "any") == 0 ||
        strcmp(before, "all") == 0 || strcmp(before, "exists") == 0 ||
        strcmp(before, "array") == 0)
        return 0;
    for (i = 0; i < n; i++) {
        if (in[i] == '\'') {
            i = (size_t)(mg_pg__skip_string(in + i) - in) - 1;
        } else if (in[i] == '(') {
            depth++;
        } else if (in[i] == ')') {
            depth--;
        } else if (depth == 0 && in[i] == ',') {
            return 0;
        } else if (depth == 0 && in[i] == ' ') {
            space = 1;
        }
    }
    if (!space)
        return 1;
    if (has_top_word(in, n, "or"))
        return word_in(before, edge) && (!*after || strcmp(after, ")") == 0);
    if (has_top_word(in, n, "and"))
        return word_in(before, and_side) && word_in(after, and_side);
    return word_in(before, bool_before) && word_in(after, bool_after);
}

/* expr without the parentheses the deparser would not print. */
static void
strip_parens(mg_buf *out, const char *expr)
{
    mg_buf cur = MG_BUF_INIT;
    size_t i, depth, open;
    int changed = 1, rounds = 0;

    mg_buf_puts(&cur, expr);
    while (changed && rounds++ < 64 && !cur.oom) {
        const char *s = mg_buf_cstr(&cur);
        size_t stack[64];
        changed = 0;
        for (i = 0, depth = 0; s[i] && !changed; i++) {
            if (s[i] == '\'') {
                i = (size_t)(mg_pg__skip_string(s + i) - s) - 1;
            } else if (s[i] == '(') {
                if (depth < 64)
                    stack[depth] = i;
                depth++;
            } else if (s[i] == ')' && depth > 0 && --depth < 64) {
                open = stack[depth];
                if (redundant_parens(s, open, i)) {
                    mg_buf t = MG_BUF_INIT;
                    mg_buf_add(&t, s, open);
                    mg_buf_add(&t, s + open + 1, i - open - 1);
                    mg_buf_puts(&t, s + i + 1);
                    mg_buf_clear(&cur);
                    mg_buf_puts(&cur, mg_buf_cstr(&t));
                    if (t.oom)
                        cur.oom = 1;
                    mg_buf_release(&t);
                    changed = 1;
                }
            }
        }
    }
    mg_buf_puts(out, mg_buf_cstr(&cur));
    if (cur.oom)
        out->oom = 1;
    mg_buf_release(&cur);
}

/* The operators the deparser prints for LIKE and ILIKE, and BETWEEN of
 * single-token operands as its two comparisons ("a >= 1 and a <= 10"). */
static void
deparser_words(mg_buf *out, const char *expr)
{
    static const char *const from[] = { " not like ", " like ",
                                        " not ilike ", " ilike " };
    static const char *const to[] = { " !~~ ", " ~~ ", " !~~* ", " ~~* " };
    const char *s = expr;
    size_t k;

    while (*s) {
        if (*s == '\'') {
            const char *e = mg_pg__skip_string(s);
            mg_buf_add(out, s, (size_t)(e - s));
            s = e;
            continue;
        }
        for (k = 0; k < 4; k++)
            if (strncmp(s, from[k], strlen(from[k])) == 0)
                break;
        if (k < 4) {
            mg_buf_puts(out, to[k]);
            s += strlen(from[k]);
            continue;
        }
        if (strncmp(s, " between ", 9) == 0) {
            /* x between a and b, each one token without spaces */
            const char *x = s, *a = s + 9, *ae = strchr(a, ' '), *b, *be;
            size_t xl;
            while (x > expr && x[-1] != ' ' && x[-1] != '(')
                x--;
            xl = (size_t)(s - x);
            if (ae && strncmp(ae, " and ", 5) == 0 && xl && *a != '\'') {
                b = ae + 5;
                be = b + strcspn(b, " )");
                if (*b != '\'' && be > b) {
                    mg_buf_addf(out, " >= %.*s and %.*s <= %.*s",
                                (int)(ae - a), a, (int)xl, x,
                                (int)(be - b), b);
                    s = be;
                    continue;
                }
            }
        }
        mg_buf_putc(out, *s++);
    }
}

/* A CHECK or default expression (after mg_normalize_expr) as the
 * deparser would print it back, normalised again: casts removed, LIKE
 * and BETWEEN in its words, the parentheses it leaves out gone. */
static void
canonical_expr(mg_buf *out, const char *normalized)
{
    mg_buf a = MG_BUF_INIT, b = MG_BUF_INIT, c = MG_BUF_INIT;

    strip_parens(&a, normalized);
    mg_pg__uncast(&b, mg_buf_cstr(&a));
    mg_buf_clear(&a);
    deparser_words(&a, mg_buf_cstr(&b));
    strip_parens(&c, mg_buf_cstr(&a));
    mg_normalize_expr(out, mg_buf_cstr(&c));
    if (a.oom || b.oom || c.oom)
        out->oom = 1;
    mg_buf_release(&a);
    mg_buf_release(&b);
    mg_buf_release(&c);
}

void
mg_pg__normalize_default(mg_buf *out, const mg_column *col,
                         const char *normalized)
{
    mg_buf u = MG_BUF_INIT;
    const char *s, *lit, *word;
    size_t n;
    mg_type_kind kind = col ? col->type.kind : MG_TYPE_OTHER;

    canonical_expr(&u, normalized);
    s = mg_buf_cstr(&u);
    /* interval '1 day' (the catalog's '1 day'::interval) is the literal */
    if (strncasecmp(s, "interval '", 10) == 0 &&
        literal_content(s + 9, &lit, &n))
        s += 9;
    if (strcasecmp(s, "now()") == 0 ||
        strcasecmp(s, "transaction_timestamp()") == 0 ||
        strcasecmp(s, "current_timestamp") == 0)
        mg_buf_puts(out, "current_timestamp");
    else if (is_number(s, strlen(s)))
        canonical_number(out, s, strlen(s));
    else if (!literal_content(s, &lit, &n))
        mg_buf_puts(out, s);
    else if (kind == MG_TYPE_BOOLEAN && (word = boolean_word(lit, n)))
        mg_buf_puts(out, word);
    else if (is_number(lit, n))
        canonical_number(out, lit, n);
    else if (kind == MG_TYPE_TIMESTAMP || kind == MG_TYPE_DATETIME ||
             kind == MG_TYPE_TIME)
        canonical_datetime(out, lit, n, kind != MG_TYPE_TIME);
    else if (kind == MG_TYPE_JSON)
        compact_json(out, lit, n);
    else
        mg_buf_puts(out, s);
    if (u.oom)
        out->oom = 1;
    mg_buf_release(&u);
}

/* ---- reflection --------------------------------------------------------- */

/* The tables of the current schema, as a join condition on pg_class c:
 * plain tables only. A partitioned table, its partitions and a table that
 * inherits from another are not managed (the model has no PARTITION BY
 * or INHERITS): creating them as plain tables would change them. */
#define IN_SCHEMA \
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " \
    "WHERE n.nspname = pg_catalog.current_schema() " \
    "AND c.relkind = 'r' AND NOT c.relispartition AND NOT EXISTS (" \
    "SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = c.oid) "

static const char tables_sql[] =
    "SELECT c.oid, c.relname FROM pg_catalog.pg_class c " IN_SCHEMA
    "ORDER BY c.relname";

/* COL_COLLATION: the column's collation where it is not its type's;
 * COL_OWNS: whether a sequence is OWNED BY the column (as SERIAL makes
 * it; an identity's is tied otherwise, deptype 'i'). */
enum { COL_REL, COL_NAME, COL_TYPE, COL_NOTNULL, COL_DEFAULT, COL_IDENTITY,
       COL_GENERATED, COL_COLLATION, COL_OWNS };
static const char columns_sql[] =
    "SELECT a.attrelid, a.attname, "
    "pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "pg_catalog.pg_get_expr(d.adbin, d.adrelid, true), a.attidentity, "
    "a.attgenerated, (SELECT co.collname FROM pg_catalog.pg_collation co "
    "JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid "
    "WHERE co.oid = a.attcollation AND a.attcollation <> ty.typcollation), "
    "EXISTS (SELECT 1 FROM pg_catalog.pg_depend o "
    "WHERE o.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND o.refobjid = a.attrelid AND o.refobjsubid = a.attnum "
    "AND o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND o.deptype = 'a') "
    "FROM pg_catalog.pg_attribute a "
    "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
    "LEFT JOIN pg_catalog.pg_attrdef d "
    "ON d.adrelid = a.attrelid AND d.adnum = a.attnum " IN_SCHEMA
    "AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY a.attrelid, a.attnum";

/* One row per key column (one row with NULL columns for a CHECK). */
enum { CON_REL, CON_OID, CON_NAME, CON_TYPE, CON_REFTABLE, CON_DELETE,
       CON_UPDATE, CON_DEFERRABLE, CON_DEFERRED, CON_DEF, CON_COLUMN,
       CON_REFCOLUMN };
static const char constraints_sql[] =
    "SELECT k.conrelid, k.oid, k.conname, k.contype, r.relname, "
    "k.confdeltype, k.confupdtype, k.condeferrable, k.condeferred, "
    "CASE WHEN k.contype = 'c' "
    "THEN pg_catalog.pg_get_constraintdef(k.oid, true) END, "
    "a.attname, fa.attname "
    "FROM pg_catalog.pg_constraint k "
    "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
    "LEFT JOIN pg_catalog.pg_class r ON r.oid = k.confrelid "
    "LEFT JOIN LATERAL unnest(CASE WHEN k.contype = 'c' "
    "THEN NULL ELSE k.conkey END, k.confkey) WITH ORDINALITY "
    "AS u(attnum, fattnum, ord) ON true "
    "LEFT JOIN pg_catalog.pg_attribute a "
    "ON a.attrelid = k.conrelid AND a.attnum = u.attnum "
    "LEFT JOIN pg_catalog.pg_attribute fa "
    "ON fa.attrelid = k.confrelid AND fa.attnum = u.fattnum " IN_SCHEMA
    "AND k.contype IN ('p', 'u', 'f', 'c') "
    "ORDER BY k.conrelid, k.contype <> 'p', k.conname, k.oid, u.ord";

/* One row per key column of each index that backs no constraint. */
enum { IX_REL, IX_OID, IX_NAME, IX_UNIQUE, IX_METHOD, IX_WHERE, IX_COLUMN,
       IX_EXPR, IX_OPTION, IX_OPCLASS };
static const char indexes_sql[] =
    "SELECT i.indrelid, i.indexrelid, ic.relname, i.indisunique, "
    "am.amname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true), "
    "a.attname, pg_catalog.pg_get_indexdef(i.indexrelid, s.k, true), "
    "i.indoption[s.k - 1], (SELECT oc.opcname FROM pg_catalog.pg_opclass oc "
    "WHERE oc.oid = i.indclass[s.k - 1] AND NOT oc.opcdefault) "
    "FROM pg_catalog.pg_index i "
    "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
    "CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnkeyatts) "
    "AS s(k) "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
    "AND i.indkey[s.k - 1] <> 0 AND a.attnum = i.indkey[s.k - 1] "
    IN_SCHEMA
    "AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 "
    "FROM pg_catalog.pg_constraint x WHERE x.conrelid = i.indrelid "
    "AND x.conindid = i.indexrelid AND x.contype IN ('p', 'u', 'x')) "
    "ORDER BY i.indrelid, ic.relname, i.indexrelid, s.k";

/* What the current schema holds that neither the tables nor the objects
 * (postgresql_objects.c) express, one row each (kind, name, table or
 * NULL): foreign tables, aggregates and window functions, range and
 * composite types, triggers of tables not managed, partitioned and
 * inheriting tables, partitions, rules, the index a table or
 * materialized view is clustered on (CLUSTER, ALTER TABLE ... CLUSTER
 * ON); and the tables of the other
 * schemas whose objects are read (named schema.table: only the current
 * schema's tables are). Objects of an extension are the extension's and
 * left out. */
#define OF_NS(col) "JOIN pg_catalog.pg_namespace n ON n.oid = " col " " \
    "WHERE n.nspname = pg_catalog.current_schema() "
#define NOT_OWNED(catalog, oid, types) "AND NOT EXISTS (SELECT 1 " \
    "FROM pg_catalog.pg_depend d WHERE d.classid = " \
    "'pg_catalog." catalog "'::pg_catalog.regclass AND d.objid = " oid " " \
    "AND d.deptype IN (" types ")) "
static const char unmanaged_sql[] =
    "SELECT k, o, t FROM ("
    "SELECT 'foreign table', c.relname::text, NULL::text "
    "FROM pg_catalog.pg_class c " OF_NS("c.relnamespace")
    "AND c.relkind = 'f' " NOT_OWNED("pg_class", "c.oid", "'e'")
    "UNION ALL SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' "
    "ELSE 'window function' END, p.proname || '(' || "
    "pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL "
    "FROM pg_catalog.pg_proc p " OF_NS("p.pronamespace")
    "AND p.prokind IN ('a', 'w') " NOT_OWNED("pg_proc", "p.oid", "'e'")
    "UNION ALL SELECT CASE y.typtype WHEN 'r' THEN 'range type' "
    "ELSE 'composite type' END, y.typname::text, NULL "
    "FROM pg_catalog.pg_type y " OF_NS("y.typnamespace")
    "AND (y.typtype = 'r' OR (y.typtype = 'c' AND "
    "(SELECT r.relkind FROM pg_catalog.pg_class r "
    "WHERE r.oid = y.typrelid) = 'c')) "
    NOT_OWNED("pg_type", "y.oid", "'e'")
    "UNION ALL SELECT 'trigger', g.tgname::text, c.relname::text "
    "FROM pg_catalog.pg_trigger g "
    "JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
    OF_NS("c.relnamespace") "AND NOT g.tgisinternal AND NOT (c.relkind IN "
    "('v', 'm') OR (c.relkind = 'r' AND NOT c.relispartition AND NOT "
    "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h "
    "WHERE h.inhrelid = c.oid))) "
"UNION ALL SELECT CASE WHEN c.relkind = 'p' THEN 'partitioned table' "
    "WHEN c.relispartition THEN 'partition' ELSE 'inheriting table' END, "
    "c.relname::text, NULL FROM pg_catalog.pg_class c "
    OF_NS("c.relnamespace") "AND (c.relkind = 'p' OR (c.relkind = 'r' "
    "AND (c.relispartition OR EXISTS (SELECT 1 FROM "
    "pg_catalog.pg_inherits h WHERE h.inhrelid = c.oid)))) "
    "UNION ALL SELECT 'rule', w.rulename::text, c.relname::text "
    "FROM pg_catalog.pg_rewrite w "
    "JOIN pg_catalog.pg_class c ON c.oid = w.ev_class "
    OF_NS("c.relnamespace") "AND w.rulename <> '_RETURN'"
    "UNION ALL SELECT 'extension', x.extname::text, NULL "
    "FROM pg_catalog.pg_extension x " OF_NS("x.extnamespace")
    "UNION ALL SELECT 'clustered index', ic.relname::text, c.relname::text "
    "FROM pg_catalog.pg_index i "
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
    OF_NS("c.relnamespace") "AND i.indisclustered "
    "UNION ALL SELECT CASE WHEN c.relkind = 'p' THEN 'partitioned table' "
    "WHEN c.relkind = 'f' THEN 'foreign table' "
    "WHEN c.relispartition THEN 'partition' ELSE 'table' END, "
    "n.nspname || '.' || c.relname, NULL FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'f') "
    "AND n.nspname <> pg_catalog.current_schema() AND " MG_PG__OTHER_NS " "
    NOT_OWNED("pg_class", "c.oid", "'e'")
    ") x(k, o, t) ORDER BY k COLLATE \"C\", o COLLATE \"C\", "
    "t COLLATE \"C\"";

/* A table of md by the oid of its pg_class row. */
typedef struct relmap {
    unsigned long oid;
    mg_table     *t;
} relmap;

static int
relmap_cmp(const void *a, const void *b)
{
    unsigned long x = ((const relmap *)a)->oid, y = ((const relmap *)b)->oid;

    return x < y ? -1 : x > y;
}

static mg_table *
table_of(const relmap *m, size_t n, const char *oid)
{
    relmap key, *hit;

    key.oid = strtoul(oid, NULL, 10);
    hit = n ? bsearch(&key, m, n, sizeof(*m), relmap_cmp) : NULL;
    return hit ? hit->t : NULL;
}

/* The server's message for a failed catalog query. */
static int
catalog_error(PGconn *pg, const PGresult *res, mg_error *err)
{
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
                          : NULL;
    int rc = mg_error_set(err, MG_EDB, "cannot read the schema: %s",
                          msg ? msg : PQerrorMessage(pg));

    if (err) {
        size_t len = strlen(err->msg);
        while (len && (err->msg[len - 1] == '\n' || err->msg[len - 1] == ' '))
            err->msg[--len] = '\0';
    }
    return rc;
}

/* Run one catalog query. */
static int
catalog(PGconn *pg, const char *sql, PGresult **out, mg_error *err)
{
    PGresult *res = PQexec(pg, sql);
    int rc;

    if (PQresultStatus(res) == PGRES_TUPLES_OK) {
        *out = res;
        return 0;
    }
    rc = catalog_error(pg, res, err);
    PQclear(res);
    return rc;
}

static const char *
val(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int
is_true(const PGresult *r, int row, int col)
{
    const char *v = val(r, row, col);

    return v && strcmp(v, "t") == 0;
}

static int
read_tables(PGconn *pg, mg_metadata *md, const mg_strlist *ignore,
            relmap **map, size_t *nmap, mg_error *err)
{
    PGresult *r = NULL;
    int i, rc;

    if ((rc = catalog(pg, tables_sql, &r, err)) < 0)
        return rc;
    if (PQntuples(r) && !(*map = calloc((size_t)PQntuples(r), sizeof(**map)))) {
        PQclear(r);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    for (i = 0; i < PQntuples(r); i++) {
        mg_table *t = NULL;

        if (mg_dialect__ignored(ignore, PQgetvalue(r, i, 1)))
            continue;
        if ((rc = mg_metadata_add_table(md, PQgetvalue(r, i, 1), &t,
                                        err)) < 0)
            break;
        (*map)[*nmap].oid = strtoul(PQgetvalue(r, i, 0), NULL, 10);
        (*map)[(*nmap)++].t = t;
    }
    PQclear(r);
    if (*nmap)
        qsort(*map, *nmap, sizeof(**map), relmap_cmp);
    return rc < 0 ? rc : 0;
}

/* 1 when def is nextval of the sequence SERIAL makes for column col of
 * table, '<table>_<col>_seq' as regclass prints it (quoted unless it is
 * all lower case), the whole name within PostgreSQL's 63 bytes. */
int
mg_pg__is_serial_default(const char *table, const char *col, const char *def)
{
    mg_buf want = MG_BUF_INIT, name = MG_BUF_INIT;
    const char *s;
    int plain = 1, eq;

    mg_buf_addf(&name, "%s_%s_seq", table, col);
    for (s = mg_buf_cstr(&name); *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
              *s == '_'))
            plain = 0;
    mg_buf_puts(&want, "nextval('");
    if (plain)
        mg_buf_puts(&want, mg_buf_cstr(&name));
    else
        mg_dialect_ansi_quote_ident(&want, mg_buf_cstr(&name));
    mg_buf_puts(&want, "'::regclass)");
    eq = name.len <= 63 && !strchr(mg_buf_cstr(&name), '\'') &&
         !want.oom && strcmp(def, mg_buf_cstr(&want)) == 0;
    mg_buf_release(&want);
    mg_buf_release(&name);
    return eq;
}

/* Auto-generation as the catalog says it: an identity column, SERIAL (a
 * NOT NULL column that owns the sequence SERIAL names for it and whose
 * default is its nextval: serial, no default), or any other nextval
 * default (kept, as is a serial-named sequence the column does not own:
 * pg_dump's without OWNED BY, a standalone sequence of the model). 0 when
 * the column is none of these. */
static int
reflect_auto(const mg_table *t, mg_column *c, const char *ident,
             const char *def, int owns)
{
    if (ident && *ident) {
        c->identity_always = *ident == 'a';
        return c->autoincrement = 1;
    }
    if (!def || strncmp(def, "nextval(", 8) != 0)
        return 0;
    c->autoincrement = 1;
    c->serial = !c->nullable && owns &&
                mg_pg__is_serial_default(t->name, c->name, def);
    if (!c->serial && mg_column_set_default(c, def) < 0)
        return MG_ENOMEM;
    return 1;
}

/* 1 when def is DEFAULT NULL as the catalog keeps it, "NULL::type"
 * (e.g. NULL::character varying): no default. */
static int
is_null_default(const char *def)
{
    const char *s;

    if (strncasecmp(def, "NULL::", 6) != 0)
        return 0;
    for (s = def + 6; *s; s++)
        if (!mg_pg__word_char(*s) && *s != ' ' && *s != '"' && *s != '.' &&
            *s != '[' && *s != ']')
            return 0;
    return 1;
}

/* One row of the columns query into its table. */
static int
add_column(const relmap *map, size_t nmap, const PGresult *r, int i)
{
    mg_table *t = table_of(map, nmap, PQgetvalue(r, i, COL_REL));
    const char *def = val(r, i, COL_DEFAULT);
    const char *ident = val(r, i, COL_IDENTITY);
    const char *gen = val(r, i, COL_GENERATED);
    mg_column *c;
    mg_type ty;
    int rc;

    if (!t)
        return 0;
    if (mg_type_parse(&ty, PQgetvalue(r, i, COL_TYPE)) < 0)
        return MG_ENOMEM;
    c = mg_table_add_column(t, PQgetvalue(r, i, COL_NAME), &ty);
    mg_type_release(&ty);
    if (!c)
        return MG_ENOMEM;
    c->nullable = !is_true(r, i, COL_NOTNULL);
    if (mg_column_set_attribute(c, MG_ATTR_COLLATION,
                                val(r, i, COL_COLLATION)) < 0)
        return MG_ENOMEM;
    if ((rc = reflect_auto(t, c, ident, def, is_true(r, i, COL_OWNS))) != 0)
        return rc < 0 ? rc : 0;
    if (gen && *gen && def) {
        /* attgenerated 's' (STORED), 'v' (VIRTUAL, 18+): adbin is the
         * expression */
        c->generated_stored = *gen == 's';
        return mg_column_set_attribute(c, MG_ATTR_GENERATED, def) < 0
               ? MG_ENOMEM : 0;
    }
    if (def && !is_null_default(def) && mg_column_set_default(c, def) < 0)
        return MG_ENOMEM;
    return 0;
}

/* The columns query has a row per column of the schema (110,000 at
 * 10,000 tables): it is read a row at a time, so the whole result never
 * sits in memory next to the metadata built from it. */
static int
read_columns(PGconn *pg, const relmap *map, size_t nmap, mg_error *err)
{
    PGresult *r;
    int rc = 0;

    if (!PQsendQuery(pg, columns_sql))
        return catalog_error(pg, NULL, err);
    /* without single-row mode the rows come in one result, read the same;
     * after a failure the rest is drained, as libpq requires */
    (void)PQsetSingleRowMode(pg);
    while ((r = PQgetResult(pg))) {
        ExecStatusType st = PQresultStatus(r);
        int i;

        if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
            for (i = 0; i < PQntuples(r) && rc == 0; i++)
                rc = add_column(map, nmap, r, i);
        } else if (rc == 0) {
            rc = catalog_error(pg, r, err);
        }
        PQclear(r);
    }
    if (rc == MG_ENOMEM)
        return mg_error_set(err, rc, "out of memory");
    return rc;
}

static mg_fk_action
fk_action(const char *code)
{
    switch (code ? *code : 'a') {
    case 'r': return MG_FK_RESTRICT;
    case 'c': return MG_FK_CASCADE;
    case 'n': return MG_FK_SET_NULL;
    case 'd': return MG_FK_SET_DEFAULT;
    default:  return MG_FK_NO_ACTION;
    }
}

/* The expression inside "CHECK (...)" [NO INHERIT] [NOT VALID]. */
static int
check_expression(mg_constraint *k, const char *def)
{
    static const char *const tails[] = { " NOT VALID", " NO INHERIT" };
    mg_buf inner = MG_BUF_INIT, clean = MG_BUF_INIT;
    size_t n = strlen(def), i, t;
    int rc;

    for (t = 0; t < 2; t++)
        for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
            size_t m = strlen(tails[i]);
            if (n >= m && strncmp(def + n - m, tails[i], m) == 0)
                n -= m;
        }
    if (n >= 8 && strncmp(def, "CHECK (", 7) == 0 && def[n - 1] == ')')
        mg_buf_add(&inner, def + 7, n - 8);
    else
        mg_buf_add(&inner, def, n);
    mg_pg__uncast(&clean, mg_buf_cstr(&inner));
    rc = inner.oom || clean.oom ? MG_ENOMEM
                                : mg_constraint_set_expression(
                                      k, mg_buf_cstr(&clean));
    mg_buf_release(&inner);
    mg_buf_release(&clean);
    return rc;
}

static int
new_constraint(mg_constraint **out, mg_table *t, const PGresult *r, int i)
{
    const char *type = PQgetvalue(r, i, CON_TYPE);
    mg_constraint_kind kind;
    mg_constraint *k;

    switch (*type) {
    case 'p': kind = MG_CONSTRAINT_PRIMARY_KEY; break;
    case 'u': kind = MG_CONSTRAINT_UNIQUE; break;
    case 'f': kind = MG_CONSTRAINT_FOREIGN_KEY; break;
    default:  kind = MG_CONSTRAINT_CHECK; break;
    }
    if (!(k = mg_table_add_constraint(t, kind, PQgetvalue(r, i, CON_NAME))))
        return MG_ENOMEM;
    k->named = 1;
    *out = k;
    if (kind == MG_CONSTRAINT_CHECK)
        return check_expression(k, PQgetvalue(r, i, CON_DEF));
    if (kind != MG_CONSTRAINT_FOREIGN_KEY)
        return 0;
    k->on_delete = fk_action(val(r, i, CON_DELETE));
    k->on_update = fk_action(val(r, i, CON_UPDATE));
    k->deferrable = !is_true(r, i, CON_DEFERRABLE) ? 0
                    : is_true(r, i, CON_DEFERRED) ? 2 : 1;
    return mg_constraint_set_ref(k, val(r, i, CON_REFTABLE));
}

static int
read_constraints(PGconn *pg, const relmap *map, size_t nmap, mg_error *err)
{
    PGresult *r = NULL;
    mg_constraint *k = NULL;
    const char *oid = NULL;
    int i, rc;

    if ((rc = catalog(pg, constraints_sql, &r, err)) < 0)
        return rc;
    for (i = 0; i < PQntuples(r) && rc == 0; i++) {
        mg_table *t = table_of(map, nmap, PQgetvalue(r, i, CON_REL));
        const char *c = val(r, i, CON_COLUMN), *fc = val(r, i, CON_REFCOLUMN);

        if (!t)
            continue;
        if (!oid || strcmp(oid, PQgetvalue(r, i, CON_OID)) != 0) {
            oid = PQgetvalue(r, i, CON_OID);
            if ((rc = new_constraint(&k, t, r, i)) < 0)
                break;
        }
        if (c && mg_strlist_add(&k->columns, c) < 0)
            rc = MG_ENOMEM;
        if (fc && k->kind == MG_CONSTRAINT_FOREIGN_KEY &&
            mg_strlist_add(&k->ref_columns, fc) < 0)
            rc = MG_ENOMEM;
    }
    PQclear(r);
    return rc < 0 ? mg_error_set(err, rc, "out of memory") : 0;
}

/* One key column of an index: its name with the ordering the model
 * language keeps (DESC, a NULLS placement that is not the default), or
 * the expression with PostgreSQL's casts removed; an operator class that
 * is not the type's default follows the column ("name text_pattern_ops"),
 * as CREATE INDEX writes it. */
static int
add_index_item(mg_index *ix, const PGresult *r, int i)
{
    mg_buf b = MG_BUF_INIT;
    const char *opt = val(r, i, IX_OPTION);
    int o = opt ? (int)strtol(opt, NULL, 10) : 0, rc = 0;

    if (val(r, i, IX_COLUMN))
        mg_buf_puts(&b, val(r, i, IX_COLUMN));
    else
        mg_pg__uncast(&b, PQgetvalue(r, i, IX_EXPR));
    if (val(r, i, IX_OPCLASS))
        mg_buf_addf(&b, " %s", val(r, i, IX_OPCLASS));
    if (o & 1)
        mg_buf_puts(&b, (o & 2) ? " DESC" : " DESC NULLS LAST");
    else if (o & 2)
        mg_buf_puts(&b, " NULLS FIRST");
    if (b.oom || mg_strlist_add(&ix->expressions, mg_buf_cstr(&b)) < 0)
        rc = MG_ENOMEM;
    mg_buf_release(&b);
    return rc;
}

static int
new_index(mg_index **out, mg_table *t, const PGresult *r, int i)
{
    const char *method = PQgetvalue(r, i, IX_METHOD);
    const char *where = val(r, i, IX_WHERE);
    mg_index *ix;
    int rc = 0;

    if (!(ix = mg_table_add_index(t, PQgetvalue(r, i, IX_NAME),
                                  is_true(r, i, IX_UNIQUE))))
        return MG_ENOMEM;
    *out = ix;
    if (strcmp(method, "btree") != 0 && mg_index_set_method(ix, method) < 0)
        return MG_ENOMEM;
    if (where) {
        mg_buf b = MG_BUF_INIT;
        mg_pg__uncast(&b, where);
        rc = b.oom ? MG_ENOMEM : mg_index_set_where(ix, mg_buf_cstr(&b));
        mg_buf_release(&b);
    }
    return rc < 0 ? MG_ENOMEM : 0;
}

static int
read_indexes(PGconn *pg, const relmap *map, size_t nmap, mg_error *err)
{
    PGresult *r = NULL;
    mg_index *ix = NULL;
    const char *oid = NULL;
    int i, rc;

    if ((rc = catalog(pg, indexes_sql, &r, err)) < 0)
        return rc;
    for (i = 0; i < PQntuples(r) && rc == 0; i++) {
        mg_table *t = table_of(map, nmap, PQgetvalue(r, i, IX_REL));

        if (!t)
            continue;
        if (!oid || strcmp(oid, PQgetvalue(r, i, IX_OID)) != 0) {
            oid = PQgetvalue(r, i, IX_OID);
            if ((rc = new_index(&ix, t, r, i)) < 0)
                break;
        }
        rc = add_index_item(ix, r, i);
    }
    PQclear(r);
    return rc < 0 ? mg_error_set(err, rc, "out of memory") : 0;
}

/* The rows of unmanaged_sql into md's objects not managed, but for the
 * triggers and rules of ignored tables. */
static int
read_unmanaged(PGconn *pg, mg_metadata *md, const mg_strlist *ignore,
               mg_error *err)
{
    PGresult *r = NULL;
    int i, rc;

    if ((rc = catalog(pg, unmanaged_sql, &r, err)) < 0)
        return rc;
    for (i = 0; i < PQntuples(r); i++) {
        const char *table = val(r, i, 2);

        if (table && mg_dialect__ignored(ignore, table))
            continue;
        if (mg_metadata_add_unmanaged(md, PQgetvalue(r, i, 0),
                                      PQgetvalue(r, i, 1), table) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            break;
        }
    }
    PQclear(r);
    return rc;
}

int
mg_pg__inspect(void *conn, mg_metadata *md, const mg_strlist *ignore,
               mg_error *err)
{
    relmap *map = NULL;
    size_t nmap = 0;
    int rc;

    if ((rc = read_tables(conn, md, ignore, &map, &nmap, err)) == 0 &&
        (rc = read_columns(conn, map, nmap, err)) == 0 &&
        (rc = read_constraints(conn, map, nmap, err)) == 0 &&
        (rc = read_indexes(conn, map, nmap, err)) == 0 &&
        (rc = mg_pg__inspect_objects(conn, md, ignore, err)) == 0)
        rc = read_unmanaged(conn, md, ignore, err);
    free(map);
    return rc;
}
