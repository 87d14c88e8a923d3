/* destructive.c - the destructive-step scan behind `check --base`: the
 * statements of a new revision's upgrade that drop a table or a column,
 * unless a "WARNING: data loss" comment announced them (then the comment
 * is the finding) or a later statement renames a table back to the
 * dropped name. Statements are split and read with the splitter's own
 * lexer (sqltok.c), so quotes, comments and dollar quotes end where the
 * splitter says; the scan needs no repository and no database. */
#include "mg_git.h"
#include "mg_split.h"
#include "mg_dialect.h"
#include "git_int.h"
#include "sqltok_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The next token of sql at *p under the splitter's lexer: a word or
 * quoted identifier (unquoted into buf, *quoted set), a string literal
 * (buf "'"), or one punctuation character. Returns 0 at the end. */
static int
next_token(const char **p, unsigned int flags, char *buf, size_t size,
           int *quoted)
{
    mg_sqlcur c = { *p, strlen(*p), 0, 1, flags };
    size_t start, n = 0, k;
    int kind = mg_sqltok__next(&c, &start);

    *quoted = kind == MG_TOK_QUOTED;
    *p += c.i;
    if (kind == MG_TOK_END)
        return 0;
    if (kind == MG_TOK_STRING) {
        snprintf(buf, size, "'");
        return 1;
    }
    if (kind == MG_TOK_QUOTED) {
        const char *q = c.s + start;
        char close = *q == '[' ? ']' : *q;

        /* drop the quotes, undouble the closing quote */
        for (k = 1; start + k < c.i; k++) {
            if (q[k] == close && (start + k + 1 >= c.i || q[k + 1] != close))
                break;
            if (q[k] == close)
                k++;
            if (n + 1 < size)
                buf[n++] = q[k];
        }
    } else {
        for (k = start; k < c.i && n + 1 < size; k++)
            buf[n++] = c.s[k];
    }
    buf[n] = '\0';
    return 1;
}

static int
is_word(const char *tok, int quoted, const char *word)
{
    return !quoted && strcasecmp(tok, word) == 0;
}

/* A possibly qualified name at *p into name (its last part). Skips
 * "IF EXISTS" and "ONLY" before it. Returns 0 when there is none. */
static int
read_name(const char **p, unsigned int flags, char *name, size_t size)
{
    char tok[256];
    const char *save;
    int q;

    if (!next_token(p, flags, tok, sizeof(tok), &q))
        return 0;
    if (is_word(tok, q, "if")) {
        next_token(p, flags, tok, sizeof(tok), &q);     /* EXISTS */
        if (!next_token(p, flags, tok, sizeof(tok), &q))
            return 0;
    }
    if (is_word(tok, q, "only") &&
        !next_token(p, flags, tok, sizeof(tok), &q))
        return 0;
    if (!q && !isalnum((unsigned char)tok[0]) && tok[0] != '_')
        return 0;
    snprintf(name, size, "%s", tok);
    for (;;) {
        save = *p;
        if (!next_token(p, flags, tok, sizeof(tok), &q) || q ||
            strcmp(tok, ".") != 0) {
            *p = save;
            return 1;
        }
        if (!next_token(p, flags, tok, sizeof(tok), &q))
            return 1;
        snprintf(name, size, "%s", tok);
    }
}

/* Words after "ALTER TABLE t DROP" that drop something other than a
 * column. */
static int
drops_no_column(const char *tok, int quoted)
{
    static const char *const words[] = {
        "constraint", "index", "key", "primary", "foreign", "check",
        "default", "not", "identity", "expression", "partition", "period",
        "system", "unique", "fulltext", "spatial", "attribute"
    };
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (is_word(tok, quoted, words[i]))
            return 1;
    return !quoted && !isalnum((unsigned char)tok[0]) && tok[0] != '_';
}

/* 1 when some statement after index i renames a table to name. */
static int
renamed_later(const mg_stmtlist *st, size_t i, unsigned int flags,
              const char *name)
{
    char tok[256], to[256];
    int q;

    for (i++; i < mg_stmtlist_count(st); i++) {
        const char *p = mg_stmtlist_sql(st, i);
        if (!next_token(&p, flags, tok, sizeof(tok), &q) ||
            !is_word(tok, q, "alter") ||
            !next_token(&p, flags, tok, sizeof(tok), &q) ||
            !is_word(tok, q, "table") ||
            !read_name(&p, flags, to, sizeof(to)))
            continue;
        while (next_token(&p, flags, tok, sizeof(tok), &q))
            if (is_word(tok, q, "to") && read_name(&p, flags, to, sizeof(to))
                && strcasecmp(to, name) == 0)
                return 1;
    }
    return 0;
}

/* What statement i of st destroys, as "drops table t" into what; 0 when
 * nothing. */
static int
destroys(const mg_stmtlist *st, size_t i, unsigned int flags, mg_buf *what)
{
    const char *p = mg_stmtlist_sql(st, i);
    char tok[256], table[256], col[256];
    int q, depth = 0;

    if (!next_token(&p, flags, tok, sizeof(tok), &q))
        return 0;
    if (is_word(tok, q, "drop")) {
        if (!next_token(&p, flags, tok, sizeof(tok), &q) ||
            !is_word(tok, q, "table") ||
            !read_name(&p, flags, table, sizeof(table)) ||
            renamed_later(st, i, flags, table))
            return 0;
        mg_buf_addf(what, "drops table %s", table);
        return 1;
    }
    if (!is_word(tok, q, "alter") ||
        !next_token(&p, flags, tok, sizeof(tok), &q) ||
        !is_word(tok, q, "table") ||
        !read_name(&p, flags, table, sizeof(table)))
        return 0;
    while (next_token(&p, flags, tok, sizeof(tok), &q)) {
        if (!q && tok[0] == '(')
            depth++;
        else if (!q && tok[0] == ')')
            depth--;
        if (depth || !is_word(tok, q, "drop") ||
            !next_token(&p, flags, tok, sizeof(tok), &q))
            continue;
        if (is_word(tok, q, "column")) {
            if (!read_name(&p, flags, col, sizeof(col)))
                continue;
        } else if (drops_no_column(tok, q)) {
            continue;
        } else {
            snprintf(col, sizeof(col), "%s", tok);
        }
        mg_buf_addf(what, "drops column %s.%s", table, col);
        return 1;
    }
    return 0;
}

/* 1 when a comment line says "WARNING: data loss"; *text gets where the
 * comment's text starts. */
static int
warning_comment(const char *line, size_t n, const char **text)
{
    static const char mark[] = "warning: data loss";
    size_t i = 0, j;

    while (i < n && isspace((unsigned char)line[i]))
        i++;
    if (i + 2 > n || line[i] != '-' || line[i + 1] != '-')
        return 0;
    i += 2;
    while (i < n && isspace((unsigned char)line[i]))
        i++;
    *text = line + i;
    for (j = i; j + sizeof(mark) - 1 <= n; j++)
        if (strncasecmp(line + j, mark, sizeof(mark) - 1) == 0)
            return 1;
    return 0;
}

static int
cmp_issue_line(const void *a, const void *b)
{
    const mg_git_issue *x = a, *y = b;

    return (x->line > y->line) - (x->line < y->line);
}

/* The destructive steps of one upgrade section, sql (from file line
 * first), split as dialect d does (NULL: no dialect's quirks). */
static int
section_steps(mg_git_issues *out, const mg_revfile *rf, const char *sql,
              int first, const mg_dialect *d, mg_error *err)
{
    const char *p, *id = mg_revfile_revision(rf);
    const char *path = mg_revfile_path(rf);
    unsigned int flags = d ? d->sql.split_flags : 0;
    mg_stmtlist *st = NULL;
    int *warned = NULL, line;
    size_t nwarned = 0, start = out->n, i, k;
    mg_buf msg = MG_BUF_INIT;
    int rc = 0;

    if (!sql || !*sql)
        return 0;
    /* the comment lines first */
    for (p = sql, line = first; *p; line++) {
        size_t n = strcspn(p, "\n");
        const char *text;
        if (warning_comment(p, n, &text)) {
            int *v = realloc(warned, (nwarned + 1) * sizeof(*v));
            if (!v) {
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
                goto done;
            }
            warned = v;
            warned[nwarned++] = line;
            mg_buf_clear(&msg);
            mg_buf_addf(&msg, "new revision %s: %.*s", id,
                        (int)(n - (size_t)(text - p)), text);
            while (msg.len && isspace((unsigned char)msg.ptr[msg.len - 1]))
                msg.ptr[--msg.len] = '\0';
            if ((rc = mg_git__issue_add(out, MG_GIT_DESTRUCTIVE, path, line,
                                mg_buf_cstr(&msg), err)) < 0)
                goto done;
        }
        p += n;
        if (*p)
            p++;
    }
    /* then the statements no such comment announced; a section that does
     * not split is left to the runtime to report */
    if (mg_split(&st, sql, strlen(sql), first, flags, NULL) < 0)
        goto done;
    for (i = 0; i < mg_stmtlist_count(st); i++) {
        int here = mg_stmtlist_line(st, i), covered = 0;
        int prev = i ? mg_stmtlist_line(st, i - 1) : first - 1;
        mg_buf_clear(&msg);
        if (!destroys(st, i, flags, &msg))
            continue;
        for (k = 0; k < nwarned; k++)
            if (warned[k] > prev && warned[k] <= here)
                covered = 1;
        if (covered)
            continue;
        {
            mg_buf m = MG_BUF_INIT;
            mg_buf_addf(&m, "new revision %s %s", id, mg_buf_cstr(&msg));
            rc = m.oom ? mg_error_set(err, MG_ENOMEM, "out of memory")
                       : mg_git__issue_add(out, MG_GIT_DESTRUCTIVE, path, here,
                                   mg_buf_cstr(&m), err);
            mg_buf_release(&m);
            if (rc < 0)
                goto done;
        }
    }
    if (out->n - start > 1)
        qsort(out->v + start, out->n - start, sizeof(*out->v),
              cmp_issue_line);
    if (msg.oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_stmtlist_free(st);
    mg_buf_release(&msg);
    free(warned);
    return rc;
}

/* A file of several dialects: each dialect's upgrade section (a generic
 * section several dialects run is read once). */
int
mg_git_destructive_steps(mg_git_issues *out, const mg_revfile *rf,
                         mg_error *err)
{
    const mg_strlist *l = mg_revfile_dialects(rf);
    const char *sql, *done[16];
    size_t i, k, ndone = 0;
    int first, rc;

    if (l->n <= 1) {
        sql = mg_revfile_upgrade_sql(rf, &first);
        if (l->n && mg_revfile_sql_for(&sql, &first, rf, l->v[0], 1,
                                       NULL) < 0)
            return 0;
        return section_steps(out, rf, sql, first,
                             mg_dialect_find(mg_revfile_dialect(rf)), err);
    }
    for (i = 0; i < l->n && ndone < 16; i++) {
        if (mg_revfile_sql_for(&sql, &first, rf, l->v[i], 1, NULL) < 0)
            continue;
        for (k = 0; k < ndone && done[k] != sql; k++)
            ;
        if (k < ndone)
            continue;
        done[ndone++] = sql;
        if ((rc = section_steps(out, rf, sql, first,
                                mg_dialect_find(l->v[i]), err)) < 0)
            return rc;
    }
    return 0;
}

