/* lint.c - `migrate lint`'s matching (mg_lint.h): a revision's upgrade
 * section is split as the runtime splits it, each statement cut into
 * tokens with the splitter's own lexer (sqltok.c: quotes, comments and
 * dollar quotes end where the splitter says), and each statement is read
 * against the rules of lint_rules.c that apply to the dialect. What the
 * whole revision says matters too: a table created earlier in the same
 * revision has no rows to lock or lose, and a DROP TABLE that a later
 * RENAME undoes is a table rebuild, not a loss; a SET NOT NULL after a
 * validated CHECK (col IS NOT NULL) of the revision scans nothing. */
#include "mg_lint.h"
#include "mg_split.h"
#include "mg_dialect.h"
#include "lint_int.h"
#include "sqltok_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the report ---- */

struct mg_lint {
    mg_lint_finding *v;
    size_t           n, cap;
    size_t           nrevisions;
    const mg_revfile *last;      /* the revision read last */
    mg_rows         *stats;      /* name, rows, bytes; NULL: none read */
    const mg_dialect *stats_d;   /* the dialect of the database read */
};

int
mg_lint_new(mg_lint **out, mg_error *err)
{
    if (!(*out = calloc(1, sizeof(**out))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

void
mg_lint_free(mg_lint *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->n; i++) {
        free((char *)l->v[i].revision);
        free((char *)l->v[i].path);
        free((char *)l->v[i].message);
        free((char *)l->v[i].ignored);
        free((char *)l->v[i].table);
    }
    mg_rows_free(l->stats);
    free(l->v);
    free(l);
}

int
mg_lint_read_stats(mg_lint *l, mg_engine *e, mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(e);
    mg_rows *rows = NULL;
    int rc;

    if (!d->sql.stats_query)
        return mg_error_set(err, MG_EDB, "the %s dialect reads no table "
                            "statistics", mg_dialect_name(d));
    if ((rc = mg_engine_query(&rows, e, d->sql.stats_query, err)) < 0)
        return rc;
    mg_rows_free(l->stats);
    l->stats = rows;
    l->stats_d = d;
    return 0;
}

/* The statistics row of table, or -1; only the database's own dialect's
 * statements are sized by it (another dialect's section runs elsewhere). */
static void
table_size(const mg_lint *l, const mg_dialect *d, const char *table,
           long long *rows, long long *bytes)
{
    size_t i;

    *rows = *bytes = -1;
    for (i = 0; l->stats && d == l->stats_d && table &&
                i < mg_rows_count(l->stats); i++) {
        const char *r, *b;
        if (strcasecmp(mg_rows_value(l->stats, i, 0), table) != 0)
            continue;
        r = mg_rows_value(l->stats, i, 1);
        b = mg_rows_value(l->stats, i, 2);
        *rows = r ? atoll(r) : -1;
        *bytes = b ? atoll(b) : -1;
        return;
    }
}

/* n with a K/M/G suffix past a thousand: "980", "12.3K", "2.9M". */
static void
add_count(mg_buf *b, long long n)
{
    if (n < 1000)
        mg_buf_addf(b, "%lld", n);
    else if (n < 1000000)
        mg_buf_addf(b, "%.1fK", (double)n / 1e3);
    else if (n < 1000000000)
        mg_buf_addf(b, "%.1fM", (double)n / 1e6);
    else
        mg_buf_addf(b, "%.1fG", (double)n / 1e9);
}

void
mg_lint_format_size(mg_buf *b, long long rows, long long bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    double v = (double)bytes;
    int u = 0;

    if (rows >= 0) {
        mg_buf_puts(b, "~");
        add_count(b, rows);
        mg_buf_puts(b, rows == 1 ? " row" : " rows");
    }
    if (bytes < 0)
        return;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        u++;
    }
    if (rows >= 0)
        mg_buf_puts(b, ", ");
    if (u == 0)
        mg_buf_addf(b, "%lld B", bytes);
    else
        mg_buf_addf(b, "%.1f %s", v, units[u]);
}

size_t mg_lint_count(const mg_lint *l) { return l->n; }
size_t mg_lint_revisions(const mg_lint *l) { return l->nrevisions; }

const mg_lint_finding *
mg_lint_at(const mg_lint *l, size_t i)
{
    return i < l->n ? &l->v[i] : NULL;
}

size_t
mg_lint_counted(const mg_lint *l, mg_lint_severity s)
{
    size_t i, n = 0;

    for (i = 0; i < l->n; i++)
        n += !l->v[i].ignored && l->v[i].rule->severity == s;
    return n;
}

/* ---- one statement as tokens ---- */

typedef struct tok {
    int   kind;        /* MG_TOK_* */
    char *text;        /* word as written, identifier unquoted, "'" for a
                        * string, the byte of a punctuation */
} tok;

typedef struct stmt {
    tok   *t;
    size_t n;
    int    line;
} stmt;

static void
stmt_release(stmt *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        free(s->t[i].text);
    free(s->t);
    memset(s, 0, sizeof(*s));
}

/* The text of a quoted identifier without its quotes, doubled closing
 * quotes undoubled. */
static char *
unquote(const char *q, size_t len)
{
    char close = *q == '[' ? ']' : *q, *out = malloc(len + 1);
    size_t k, n = 0;

    if (!out)
        return NULL;
    for (k = 1; k < len; k++) {
        if (q[k] == close && (k + 1 >= len || q[k + 1] != close))
            break;
        if (q[k] == close)
            k++;
        out[n++] = q[k];
    }
    out[n] = '\0';
    return out;
}

static int
tokenize(stmt *s, const char *sql, unsigned int flags)
{
    mg_sqlcur c = { sql, strlen(sql), 0, 1, flags };
    size_t start, cap = 0;
    int kind;

    while ((kind = mg_sqltok__next(&c, &start)) != MG_TOK_END) {
        tok *t;
        if (s->n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            tok *v = realloc(s->t, nc * sizeof(*v));
            if (!v)
                return MG_ENOMEM;
            s->t = v;
            cap = nc;
        }
        t = &s->t[s->n];
        t->kind = kind;
        if (kind == MG_TOK_QUOTED)
            t->text = unquote(sql + start, c.i - start);
        else if (kind == MG_TOK_STRING)
            t->text = strdup("'");
        else
            t->text = strndup(sql + start, c.i - start);
        if (!t->text)
            return MG_ENOMEM;
        s->n++;
    }
    return 0;
}

/* Whether token i is the unquoted word w. */
static int
is(const stmt *s, size_t i, const char *w)
{
    return i < s->n && s->t[i].kind == MG_TOK_WORD &&
           strcasecmp(s->t[i].text, w) == 0;
}

/* Whether token i is the punctuation byte ch. */
static int
punct(const stmt *s, size_t i, char ch)
{
    return i < s->n && s->t[i].kind == MG_TOK_PUNCT && s->t[i].text[0] == ch;
}

/* Skip the optional words w1 w2 (both, e.g. IF EXISTS) at *i. */
static void
skip_pair(const stmt *s, size_t *i, const char *w1, const char *w2)
{
    if (is(s, *i, w1) && is(s, *i + 1, w2))
        *i += 2;
}

/* A possibly qualified name at *i: its last part (borrowed), *i past it;
 * NULL when there is none. */
static const char *
name_at(const stmt *s, size_t *i)
{
    const char *name;

    if (*i >= s->n || (s->t[*i].kind != MG_TOK_WORD &&
                       s->t[*i].kind != MG_TOK_QUOTED))
        return NULL;
    name = s->t[(*i)++].text;
    while (punct(s, *i, '.') && *i + 1 < s->n &&
           s->t[*i + 1].kind != MG_TOK_PUNCT) {
        name = s->t[*i + 1].text;
        *i += 2;
    }
    return name;
}

/* The index just past the action starting at i: the next comma at
 * parenthesis depth 0, or the end. */
static size_t
action_end(const stmt *s, size_t i)
{
    int depth = 0;

    for (; i < s->n; i++) {
        if (punct(s, i, '('))
            depth++;
        else if (punct(s, i, ')'))
            depth--;
        else if (depth == 0 && punct(s, i, ','))
            return i;
    }
    return s->n;
}

/* Whether the word w occurs (unquoted) in [from, to). */
static int
has_word(const stmt *s, size_t from, size_t to, const char *w)
{
    for (; from < to; from++)
        if (is(s, from, w))
            return 1;
    return 0;
}

/* ---- the revision being read ---- */

typedef struct ignore_line {
    int   line;
    char *rule;      /* as written */
    char *reason;
    int   used;
} ignore_line;

typedef struct deferred {
    char  *name;
    int    rename;      /* 1: RENAME TO name; 0: DROP TABLE name */
    int    line;
    size_t ig_from, ig_to;
} deferred;

typedef struct lintrev {
    mg_lint          *l;
    const mg_revfile *rf;
    const mg_dialect *d;
    mg_strlist        created;   /* tables created in this revision */
    deferred         *later;     /* drops and renames of tables */
    size_t            nlater;
    ignore_line      *ig;
    size_t            nig;
    size_t            ig_next;   /* first ignore not yet before a stmt */
    size_t            ig_from;   /* ignores for the current statement */
    size_t            ig_to;
    mg_strlist        nn_checks; /* "table\x1fcheck\x1fcolumn" of each
                                  * CHECK (column IS NOT NULL) NOT VALID */
    mg_strlist        nn_valid;  /* "table\x1fcolumn" of those validated:
                                  * SET NOT NULL then scans nothing */
    int               line;      /* current statement's line */
    const char       *table;     /* the existing table the statement
                                  * changes, NULL for none */
} lintrev;

/* Whether the rule applies on the dialect. */
static int
applies(const lintrev *r, const mg_lint_rule *rule)
{
    return mg_lint_rule_applies(rule, r->d);
}

static int
created_here(const lintrev *r, const char *table)
{
    size_t i;

    for (i = 0; i < r->created.n; i++)
        if (strcasecmp(r->created.v[i], table) == 0)
            return 1;
    return 0;
}

/* Record a finding of rule which for the current statement: fmt has one
 * %s, the name a (or a.b), written printable: a finding is one line. */
static int
add_finding(lintrev *r, int which, const char *fmt, const char *a,
            const char *b)
{
    const mg_lint_rule *rule = mg_lint__rule(which);
    mg_lint_finding *f;
    mg_buf msg = MG_BUF_INIT, name = MG_BUF_INIT;
    const char *reason = NULL;
    size_t i;

    if (!applies(r, rule))
        return 0;
    for (i = r->ig_from; i < r->ig_to; i++)
        if (strcmp(r->ig[i].rule, rule->id) == 0) {
            r->ig[i].used = 1;
            reason = r->ig[i].reason;
        }
    if (r->l->n == r->l->cap) {
        size_t nc = r->l->cap ? r->l->cap * 2 : 16;
        mg_lint_finding *v = realloc(r->l->v, nc * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        r->l->v = v;
        r->l->cap = nc;
    }
    if (a)
        mg_buf_add_printable(&name, a);
    if (b) {
        mg_buf_putc(&name, '.');
        mg_buf_add_printable(&name, b);
    }
    mg_buf_addf(&msg, fmt, mg_buf_cstr(&name));
    mg_buf_release(&name);
    f = &r->l->v[r->l->n];
    memset(f, 0, sizeof(*f));
    f->rule = rule;
    f->line = r->line;
    f->revision = strdup(mg_revfile_revision(r->rf));
    f->path = strdup(mg_revfile_path(r->rf));
    f->dialect = mg_dialect_name(r->d);
    f->message = mg_buf_detach(&msg);
    f->ignored = reason ? strdup(reason) : NULL;
    f->table = r->table && !created_here(r, r->table) ? strdup(r->table)
                                                     : NULL;
    table_size(r->l, r->d, f->table, &f->rows, &f->bytes);
    r->l->n++;
    if (!f->revision || !f->path || !f->message || (reason && !f->ignored) ||
        (r->table && !created_here(r, r->table) && !f->table))
        return MG_ENOMEM;
    return 0;
}

/* A table dropped or renamed, judged once the whole revision is read. */
static int
defer(lintrev *r, int rename, const char *name)
{
    deferred *v = realloc(r->later, (r->nlater + 1) * sizeof(*v));

    if (!v)
        return MG_ENOMEM;
    r->later = v;
    v += r->nlater;
    if (!(v->name = strdup(name)))
        return MG_ENOMEM;
    r->nlater++;
    v->rename = rename;
    v->line = r->line;
    v->ig_from = r->ig_from;
    v->ig_to = r->ig_to;
    return 0;
}

/* Volatile functions whose DEFAULT makes ADD COLUMN rewrite the table. */
static int
volatile_default(const stmt *s, size_t from, size_t to)
{
    static const char *const fns[] = {
        "random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v1",
        "uuid_generate_v4", "timeofday", "nextval", NULL
    };
    size_t i, k;

    for (i = from; i < to; i++)
        if (is(s, i, "DEFAULT"))
            for (k = 0; fns[k]; k++)
                if (i + 1 < to && is(s, i + 1, fns[k]))
                    return 1;
    return 0;
}

/* ADD [COLUMN] [IF NOT EXISTS] name type ... on an existing table. */
static int
add_column(lintrev *r, const stmt *s, size_t i, size_t end,
           const char *table)
{
    const char *col;
    int rc;

    skip_pair(s, &i, "IF", "NOT");
    if (is(s, i, "EXISTS"))
        i++;
    if (!(col = name_at(s, &i)) || created_here(r, table))
        return 0;
    if (has_word(s, i, end, "NOT") && has_word(s, i, end, "NULL") &&
        !has_word(s, i, end, "DEFAULT") &&
        !has_word(s, i, end, "GENERATED") &&
        !has_word(s, i, end, "AUTO_INCREMENT") &&
        !has_word(s, i, end, "SERIAL") && !has_word(s, i, end, "BIGSERIAL") &&
        (rc = add_finding(r, LINT_NOT_NULL_NO_DEFAULT,
                          "adds NOT NULL column %s without a default",
                          table, col)) < 0)
        return rc;
    if (volatile_default(s, i, end))
        return add_finding(r, LINT_VOLATILE_DEFAULT,
                           "adds column %s with a volatile default",
                           table, col);
    return 0;
}

/* "a\x1fb[\x1fc]" into b, for nn_checks and nn_valid. */
static void
key_of(mg_buf *b, const char *a, const char *x, const char *c)
{
    mg_buf_clear(b);
    mg_buf_addf(b, "%s\x1f%s", a, x);
    if (c)
        mg_buf_addf(b, "\x1f%s", c);
}

/* The entry of l that starts with prefix (any case), or NULL. */
static const char *
prefixed(const mg_strlist *l, const char *prefix)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strncasecmp(l->v[i], prefix, strlen(prefix)) == 0)
            return l->v[i];
    return NULL;
}

/* CONSTRAINT name CHECK (col IS NOT NULL) NOT VALID at i (past ADD) on
 * table: remembered, so its VALIDATE makes a later SET NOT NULL of col
 * cheap (PostgreSQL 12 uses the validated check instead of a scan). */
static int
note_not_null_check(lintrev *r, const stmt *s, size_t i, size_t end,
                    const char *table)
{
    const char *name, *col;
    mg_buf key = MG_BUF_INIT;
    int rc = 0;

    if (!is(s, i, "CONSTRAINT"))
        return 0;
    i++;
    if (!(name = name_at(s, &i)) || !is(s, i, "CHECK") ||
        !punct(s, i + 1, '('))
        return 0;
    i += 2;
    if (!(col = name_at(s, &i)) || !is(s, i, "IS") || !is(s, i + 1, "NOT") ||
        !is(s, i + 2, "NULL") || !punct(s, i + 3, ')') ||
        !has_word(s, i + 4, end, "VALID"))
        return 0;
    key_of(&key, table, name, col);
    if (key.oom || mg_strlist_add(&r->nn_checks, mg_buf_cstr(&key)) < 0)
        rc = MG_ENOMEM;
    mg_buf_release(&key);
    return rc;
}

/* VALIDATE CONSTRAINT name on table: a noted NOT NULL check validated. */
static int
validate_constraint(lintrev *r, const stmt *s, size_t i, const char *table)
{
    mg_buf key = MG_BUF_INIT;
    const char *name, *e;
    int rc = 0;

    if (!is(s, i, "CONSTRAINT"))
        return 0;
    i++;
    if (!(name = name_at(s, &i)))
        return 0;
    key_of(&key, table, name, "");
    if ((e = prefixed(&r->nn_checks, mg_buf_cstr(&key))) != NULL) {
        key_of(&key, table, e + key.len, NULL);
        if (key.oom || mg_strlist_add(&r->nn_valid, mg_buf_cstr(&key)) < 0)
            rc = MG_ENOMEM;
    }
    mg_buf_release(&key);
    return rc;
}

/* 1 when a validated NOT NULL check of this revision covers table.col. */
static int
not_null_checked(const lintrev *r, const char *table, const char *col)
{
    mg_buf key = MG_BUF_INIT;
    size_t i;
    int found = 0;

    key_of(&key, table, col, NULL);
    for (i = 0; i < r->nn_valid.n && !found; i++)
        found = strcasecmp(r->nn_valid.v[i], mg_buf_cstr(&key)) == 0;
    mg_buf_release(&key);
    return found;
}

/* ADD [CONSTRAINT name] FOREIGN KEY / CHECK ... without NOT VALID. */
static int
add_constraint(lintrev *r, const stmt *s, size_t i, size_t end,
               const char *table)
{
    int fk;

    if (created_here(r, table))
        return 0;
    if (is(s, i, "CONSTRAINT")) {
        i++;
        name_at(s, &i);
    }
    fk = is(s, i, "FOREIGN");
    if ((!fk && !is(s, i, "CHECK")) ||
        (has_word(s, i, end, "NOT") && has_word(s, i, end, "VALID")))
        return 0;
    return add_finding(r, fk ? LINT_FK_NOT_VALID : LINT_CHECK_NOT_VALID,
                       fk ? "adds a foreign key to %s and checks every row"
                          : "adds a CHECK to %s and checks every row",
                       table, NULL);
}

/* Words after ADD that start a constraint or an index, not a column. */
static int
adds_no_column(const stmt *s, size_t i)
{
    static const char *const words[] = {
        "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "INDEX",
        "KEY", "FULLTEXT", "SPATIAL", "PARTITION", "EXCLUDE", NULL
    };
    size_t k;

    for (k = 0; words[k]; k++)
        if (is(s, i, words[k]))
            return 1;
    return 0;
}

/* One action of ALTER TABLE table; *copies set when it needs a copy of
 * the table where the dialect copies (MODIFY, CHANGE, keys, charset). */
static int
alter_action(lintrev *r, const stmt *s, size_t i, size_t end,
             const char *table, int *copies)
{
    const char *a, *b;

    if (is(s, i, "DROP")) {
        i++;
        if (is(s, i, "PRIMARY"))
            *copies = 1;
        if (is(s, i, "COLUMN"))
            i++;
        else if (adds_no_column(s, i) || is(s, i, "DEFAULT") ||
                 is(s, i, "NOT") || is(s, i, "PRIMARY"))
            return 0;
        skip_pair(s, &i, "IF", "EXISTS");
        if (!(a = name_at(s, &i)))
            return 0;
        return add_finding(r, LINT_DROP_COLUMN, "drops column %s", table, a);
    }
    if (is(s, i, "RENAME")) {
        i++;
        if (is(s, i, "TO") || is(s, i, "AS")) {
            i++;
            if (!(b = name_at(s, &i)))
                return 0;
            return defer(r, 1, b);  /* a rebuild renames back */
        }
        if (is(s, i, "INDEX") || is(s, i, "KEY") || is(s, i, "CONSTRAINT"))
            return 0;
        if (is(s, i, "COLUMN"))
            i++;
        if (!(a = name_at(s, &i)))
            return 0;
        return add_finding(r, LINT_RENAME_COLUMN, "renames column %s",
                           table, a);
    }
    if (is(s, i, "CHANGE") || is(s, i, "MODIFY")) {
        int change = is(s, i, "CHANGE");
        i++;
        if (is(s, i, "COLUMN"))
            i++;
        skip_pair(s, &i, "IF", "EXISTS");
        *copies = 1;
        if (!(a = name_at(s, &i)))
            return 0;
        if (change && (b = name_at(s, &i)) && strcasecmp(a, b) != 0) {
            int rc = add_finding(r, LINT_RENAME_COLUMN, "renames column %s",
                                 table, a);
            if (rc < 0)
                return rc;
        }
        return add_finding(r, LINT_CHANGE_TYPE,
                           "redefines column %s (its type may change)",
                           table, a);
    }
    if (is(s, i, "ALTER")) {
        i++;
        if (is(s, i, "COLUMN"))
            i++;
        if (!(a = name_at(s, &i)))
            return 0;
        if (is(s, i, "TYPE") || (is(s, i, "SET") && is(s, i + 1, "DATA")))
            return add_finding(r, LINT_CHANGE_TYPE,
                               "changes the type of column %s", table, a);
        if (is(s, i, "SET") && is(s, i + 1, "NOT") && is(s, i + 2, "NULL"))
            return created_here(r, table) || not_null_checked(r, table, a)
                   ? 0
                   : add_finding(r, LINT_SET_NOT_NULL,
                                 "sets column %s NOT NULL", table, a);
        return 0;
    }
    if (is(s, i, "ADD")) {
        i++;
        if (is(s, i, "PRIMARY"))
            *copies = 1;
        if (is(s, i, "CONSTRAINT") || is(s, i, "FOREIGN") ||
            is(s, i, "CHECK")) {
            int rc = note_not_null_check(r, s, i, end, table);
            return rc < 0 ? rc : add_constraint(r, s, i, end, table);
        }
        if (adds_no_column(s, i))
            return 0;
        if (is(s, i, "COLUMN"))
            i++;
        return add_column(r, s, i, end, table);
    }
    if (is(s, i, "VALIDATE"))
        return validate_constraint(r, s, i + 1, table);
    if (is(s, i, "CONVERT"))
        *copies = 1;
    return 0;
}

/* ALTER TABLE [ONLY] [IF EXISTS] name action, ... */
static int
alter_table(lintrev *r, const stmt *s)
{
    size_t i = 2, end;
    const char *table;
    int copies = 0, rc;

    skip_pair(s, &i, "IF", "EXISTS");
    if (is(s, i, "ONLY"))
        i++;
    if (!(table = name_at(s, &i)))
        return 0;
    r->table = table;
    for (; i < s->n; i = end + 1) {
        end = action_end(s, i);
        if ((rc = alter_action(r, s, i, end, table, &copies)) < 0)
            return rc;
    }
    /* ALGORITHM=INPLACE/INSTANT/NOCOPY with LOCK=NONE: the author chose */
    if (copies && !created_here(r, table) &&
        !(has_word(s, 0, s->n, "ALGORITHM") && has_word(s, 0, s->n, "LOCK")))
        return add_finding(r, LINT_COPY_ALTER,
                           "alters %s in a way that copies the table",
                           table, NULL);
    return 0;
}

/* CREATE [UNIQUE] INDEX [CONCURRENTLY] ... ON [ONLY] table */
static int
create_index(lintrev *r, const stmt *s, size_t i)
{
    int concurrently = 0;
    const char *table;

    for (; i < s->n && !is(s, i, "ON"); i++)
        concurrently |= is(s, i, "CONCURRENTLY");
    if (concurrently)
        return mg_revfile_transactional(r->rf)
               ? add_finding(r, LINT_CONCURRENT_IN_TX,
                             "builds an index CONCURRENTLY inside a "
                             "transaction", NULL, NULL)
               : 0;
    i++;
    if (is(s, i, "ONLY"))
        i++;
    if (!(table = name_at(s, &i)) || created_here(r, table))
        return 0;
    r->table = table;
    return add_finding(r, LINT_INDEX_NOT_CONCURRENT,
                       "builds an index on %s and blocks its writes",
                       table, NULL);
}

/* DROP TABLE [IF EXISTS] a, b ...: each judged at the end. */
static int
drop_tables(lintrev *r, const stmt *s)
{
    size_t i = 2;
    int rc;

    skip_pair(s, &i, "IF", "EXISTS");
    for (;;) {
        const char *name = name_at(s, &i);
        if (!name)
            return 0;
        if ((rc = defer(r, 0, name)) < 0)
            return rc;
        if (!punct(s, i, ','))
            return 0;
        i++;
    }
}

/* 1 when the statement can only run outside a transaction, or only
 * does its work without blocking writes outside the revision's one:
 * VALIDATE CONSTRAINT, whose NOT VALID step's lock a transaction would
 * hold through the scan. */
static int
needs_no_transaction(const stmt *s)
{
    size_t i;

    for (i = 2; is(s, 0, "ALTER") && is(s, 1, "TABLE") && i + 1 < s->n; i++)
        if (is(s, i, "VALIDATE") && is(s, i + 1, "CONSTRAINT"))
            return 1;
    return has_word(s, 0, s->n, "CONCURRENTLY") ||
           (is(s, 0, "ALTER") && is(s, 1, "TYPE") &&
            has_word(s, 0, s->n, "VALUE")) ||
           is(s, 0, "VACUUM");
}

static int
statement(lintrev *r, const stmt *s)
{
    size_t i = 1;
    const char *a;

    r->table = NULL;
    if (is(s, 0, "CREATE") && is(s, 1, "TABLE")) {
        i = 2;
        skip_pair(s, &i, "IF", "NOT");
        if (is(s, i, "EXISTS"))
            i++;
        if (name_at(s, &i) && mg_strlist_add(&r->created,
                                             s->t[i - 1].text) < 0)
            return MG_ENOMEM;
        return 0;
    }
    if (is(s, 0, "CREATE")) {
        if (is(s, i, "UNIQUE"))
            i++;
        return is(s, i, "INDEX") ? create_index(r, s, i + 1) : 0;
    }
    if (is(s, 0, "DROP") && is(s, 1, "TABLE"))
        return drop_tables(r, s);
    if (is(s, 0, "DROP") && is(s, 1, "INDEX") && is(s, 2, "CONCURRENTLY") &&
        mg_revfile_transactional(r->rf))
        return add_finding(r, LINT_CONCURRENT_IN_TX,
                           "drops an index CONCURRENTLY inside a transaction",
                           NULL, NULL);
    if (is(s, 0, "ALTER") && is(s, 1, "TABLE"))
        return alter_table(r, s);
    if (is(s, 0, "RENAME") && is(s, 1, "TABLE")) {
        i = 2;
        a = name_at(s, &i);
        return a ? add_finding(r, LINT_RENAME_TABLE, "renames table %s", a,
                               NULL) : 0;
    }
    if (is(s, 0, "TRUNCATE")) {
        i = 1;
        if (is(s, i, "TABLE"))
            i++;
        r->table = a = name_at(s, &i);
        return add_finding(r, LINT_TRUNCATE, "empties table %s",
                           a ? a : "?", NULL);
    }
    if (is(s, 0, "DELETE") && is(s, 1, "FROM") && !has_word(s, 2, s->n,
                                                          "WHERE")) {
        i = 2;
        r->table = a = name_at(s, &i);
        return add_finding(r, LINT_TRUNCATE, "deletes every row of %s",
                           a ? a : "?", NULL);
    }
    return 0;
}

/* The "-- migrate: lint-ignore RULE reason" lines of text, first line
 * first_line, into r->ig. */
static int
read_ignores(lintrev *r, const char *text, int first_line)
{
    static const char mark[] = "-- migrate: lint-ignore";
    const char *p = text;
    int line = first_line;

    while (*p) {
        const char *eol = strchr(p, '\n'), *q = p;
        size_t len = eol ? (size_t)(eol - p) : strlen(p);

        while (q < p + len && (*q == ' ' || *q == '\t'))
            q++;
        if ((size_t)(p + len - q) >= sizeof(mark) - 1 &&
            strncmp(q, mark, sizeof(mark) - 1) == 0) {
            const char *w = q + sizeof(mark) - 1, *we, *end = p + len;
            ignore_line *v = realloc(r->ig, (r->nig + 1) * sizeof(*v));
            if (!v)
                return MG_ENOMEM;
            r->ig = v;
            while (w < end && (*w == ' ' || *w == '\t'))
                w++;
            for (we = w; we < end && *we != ' ' && *we != '\t'; we++)
                ;
            while (end > we && (end[-1] == '\r' || end[-1] == ' '))
                end--;
            v += r->nig++;
            memset(v, 0, sizeof(*v));
            v->line = line;
            v->rule = strndup(w, (size_t)(we - w));
            while (we < end && (*we == ' ' || *we == '\t'))
                we++;
            v->reason = strndup(we, (size_t)(end - we));
            if (!v->rule || !v->reason)
                return MG_ENOMEM;
        }
        line++;
        p += len + (eol ? 1 : 0);
    }
    return 0;
}

/* 1 when the revision has a deferred entry of that kind for name. */
static int
has_later(const lintrev *r, int rename, const char *name)
{
    size_t i;

    for (i = 0; i < r->nlater; i++)
        if (r->later[i].rename == rename &&
            strcasecmp(r->later[i].name, name) == 0)
            return 1;
    return 0;
}

/* The drops and renames of the revision, judged now that every statement
 * is read: a DROP TABLE of a name a later RENAME gives back is a table
 * rebuild, and that RENAME no rename of a table the application uses. */
static int
judge_later(lintrev *r)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < r->nlater && rc == 0; i++) {
        const deferred *e = &r->later[i];
        int other = has_later(r, !e->rename, e->name);
        r->line = e->line;
        r->ig_from = e->ig_from;
        r->ig_to = e->ig_to;
        r->table = e->rename ? NULL : e->name;
        if (!e->rename)
            rc = add_finding(r, other ? LINT_REBUILD : LINT_DROP_TABLE,
                             other ? "rebuilds table %s" : "drops table %s",
                             e->name, NULL);
        else if (!other)
            rc = add_finding(r, LINT_RENAME_TABLE, "renames a table to %s",
                             e->name, NULL);
    }
    return rc;
}

static int
unused_ignores(lintrev *r)
{
    size_t i;
    int rc;

    r->ig_from = r->ig_to = 0;
    r->table = NULL;
    for (i = 0; i < r->nig; i++) {
        if (r->ig[i].used)
            continue;
        r->line = r->ig[i].line;
        if ((rc = add_finding(r, LINT_UNUSED_IGNORE,
                              "lint-ignore %s silences nothing",
                              r->ig[i].rule[0] ? r->ig[i].rule : "(no rule)",
                              NULL)) < 0)
            return rc;
    }
    return 0;
}

static int
whole_revision(lintrev *r, size_t nddl, size_t nstmts, int all_tx,
               int first_line)
{
    r->ig_from = r->ig_to = 0;
    r->table = NULL;
    r->line = first_line;
    if (nddl > 1) {
        char n[32];
        int rc;
        snprintf(n, sizeof(n), "%zu", nddl);
        if ((rc = add_finding(r, LINT_NON_TX_DDL,
                              "runs %s DDL statements that commit one by one",
                              n, NULL)) < 0)
            return rc;
    }
    if (!mg_revfile_transactional(r->rf) && nstmts > 0 && all_tx)
        return add_finding(r, LINT_TX_OFF,
                           "says 'transaction: off' but needs no such thing",
                           NULL, NULL);
    return 0;
}

/* Sort v[from..n) by line, keeping the order of equal lines (drops are
 * judged at the end, but reported where they are). Few per revision. */
static void
sort_by_line(mg_lint *l, size_t from)
{
    size_t i, k;

    for (i = from + 1; i < l->n; i++) {
        mg_lint_finding f = l->v[i];
        for (k = i; k > from && l->v[k - 1].line > f.line; k--)
            l->v[k] = l->v[k - 1];
        l->v[k] = f;
    }
}

int
mg_lint_revision(mg_lint *l, const mg_revfile *rf, const mg_dialect *d,
                 mg_error *err)
{
    size_t first_finding = l->n;
    lintrev r;
    mg_stmtlist *list = NULL;
    int first_line = 0, all_tx = 1, rc = 0;
    const char *sql = NULL;
    size_t i, nddl = 0;

    memset(&r, 0, sizeof(r));
    r.l = l;
    r.rf = rf;
    r.d = d;
    /* one revision read for several dialects counts once */
    if (l->last != rf)
        l->nrevisions++;
    l->last = rf;
    /* the section this dialect runs: its own, else the generic one */
    if ((rc = mg_revfile_sql_for(&sql, &first_line, rf, mg_dialect_name(d),
                                 1, err)) < 0)
        return rc;
    if (!sql)
        sql = "";
    if ((rc = mg_split(&list, sql, strlen(sql), first_line,
                       d->sql.split_flags, err)) < 0)
        return rc;
    if ((rc = read_ignores(&r, sql, first_line)) < 0)
        goto oom;
    for (i = 0; i < mg_stmtlist_count(list); i++) {
        stmt s;
        memset(&s, 0, sizeof(s));
        r.line = s.line = mg_stmtlist_line(list, i);
        /* the ignores since the previous statement apply to this one */
        r.ig_from = r.ig_next;
        while (r.ig_next < r.nig && r.ig[r.ig_next].line < r.line)
            r.ig_next++;
        r.ig_to = r.ig_next;
        if ((rc = tokenize(&s, mg_stmtlist_sql(list, i),
                           d->sql.split_flags)) < 0 ||
            (rc = statement(&r, &s)) < 0) {
            stmt_release(&s);
            goto oom;
        }
        if (is(&s, 0, "CREATE") || is(&s, 0, "ALTER") || is(&s, 0, "DROP") ||
            is(&s, 0, "RENAME") || is(&s, 0, "TRUNCATE"))
            nddl++;
        all_tx &= !needs_no_transaction(&s);
        r.table = NULL;     /* it points into s */
        stmt_release(&s);
    }
    if ((rc = judge_later(&r)) < 0 ||
        (rc = whole_revision(&r, nddl, mg_stmtlist_count(list), all_tx,
                             first_line)) < 0 ||
        (rc = unused_ignores(&r)) < 0)
        goto oom;
    sort_by_line(l, first_finding);
    rc = 0;
    goto done;
oom:
    rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    for (i = 0; i < r.nig; i++) {
        free(r.ig[i].rule);
        free(r.ig[i].reason);
    }
    free(r.ig);
    for (i = 0; i < r.nlater; i++)
        free(r.later[i].name);
    free(r.later);
    mg_strlist_release(&r.created);
    mg_strlist_release(&r.nn_checks);
    mg_strlist_release(&r.nn_valid);
    mg_stmtlist_free(list);
    return rc;
}
