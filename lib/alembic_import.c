/* alembic_import.c - `migrate import alembic DIR`: an Alembic project's
 * history as migrate revision files, read without running its Python.
 * alembic.ini gives script_location; each .py module of versions gives
 * revision, down_revision (a string, a tuple or list, None),
 * branch_labels, depends_on (top-level assignments, type annotations
 * allowed) and, from its docstring, the message and "Create Date". The
 * SQL comes from Alembic's own offline mode when the alembic command is
 * there: one `upgrade heads --sql` and one `downgrade heads:base --sql`,
 * cut at their "-- Running upgrade/downgrade" lines into one block per
 * revision, without Alembic's version-table statements. When Alembic
 * fails inside a revision (an operation it cannot write offline), that
 * revision's direction is left to fill in, with the module's line and
 * Alembic's exception, and a new run goes on after it. Every file is
 * composed before the first is written, and those written are removed
 * when a later one fails, so an import is whole or absent. */
#include "mg_adopt.h"
#include "mg_file.h"
#include "mg_revfile.h"
#include "mg_runtime.h"
#include "fsutil_int.h"
#include "sqltok_int.h"
#include "mg_dialect.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One Alembic revision. */
typedef struct arev {
    char       *id, *message, *created, *path;
    mg_strlist  down, labels, depends;
    mg_buf      up, downsql;
    mg_buf      why_up, why_down; /* why its SQL must be filled in */
    int         have_up, have_down;
} arev;

typedef struct aproject {
    arev   *v;
    size_t  n;
} aproject;

static void
project_release(aproject *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        free(p->v[i].id);
        free(p->v[i].message);
        free(p->v[i].created);
        free(p->v[i].path);
        mg_strlist_release(&p->v[i].down);
        mg_strlist_release(&p->v[i].labels);
        mg_strlist_release(&p->v[i].depends);
        mg_buf_release(&p->v[i].up);
        mg_buf_release(&p->v[i].downsql);
        mg_buf_release(&p->v[i].why_up);
        mg_buf_release(&p->v[i].why_down);
    }
    free(p->v);
}

/* ---- alembic.ini ---------------------------------------------------- */

/* The script_location of DIR/alembic.ini's [alembic] section, resolved
 * against DIR ("%(here)s" too), into out. */
static int
script_location(mg_buf *out, const char *dir, mg_error *err)
{
    mg_buf ini = MG_BUF_INIT;
    char *text = NULL, *line, *save = NULL;
    size_t len;
    int in_section = 0, rc;

    mg_fs__join(&ini, dir, "alembic.ini");
    rc = mg_fs__read(mg_buf_cstr(&ini), &text, &len, err);
    if (rc < 0) {
        mg_buf_release(&ini);
        return rc;
    }
    rc = mg_error_set(err, MG_EPARSE, "%s: no script_location in "
                      "[alembic]", mg_buf_cstr(&ini));
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *v, *end;
        while (isspace((unsigned char)*line))
            line++;
        if (*line == '[') {
            in_section = strncmp(line, "[alembic]", 9) == 0;
            continue;
        }
        if (!in_section || strncmp(line, "script_location", 15) != 0)
            continue;
        v = line + 15;
        while (*v == ' ' || *v == '\t')
            v++;
        if (*v != '=' && *v != ':')
            continue;
        for (v++; *v == ' ' || *v == '\t'; v++)
            ;
        for (end = v + strlen(v); end > v && isspace((unsigned char)
                                                     end[-1]); end--)
            ;
        *end = '\0';
        if (strncmp(v, "%(here)s/", 9) == 0)
            v += 9;
        mg_fs__join(out, *v == '/' ? "" : dir, v);
        mg_error_clear(err);
        rc = 0;
        break;
    }
    free(text);
    mg_buf_release(&ini);
    return rc;
}

/* ---- revision modules ------------------------------------------------ */

/* The Python string literals in [p, end) (a tuple, a list or one
 * string), each added to out. */
static void
literals(mg_strlist *out, const char *p, const char *end)
{
    while (p < end) {
        const char *q;
        char quote = *p;
        if (quote != '\'' && quote != '"') {
            p++;
            continue;
        }
        for (q = p + 1; q < end && *q != quote; q++)
            ;
        mg_strlist_addn(out, p + 1, (size_t)(q - p - 1));
        p = q + 1;
    }
}

/* The value of a top-level "name = ..." or "name: type = ..." of text
 * into out (strings); 1 when assigned, 0 when not. */
static int
assignment(mg_strlist *out, const char *text, const char *name)
{
    size_t n = strlen(name);
    const char *p = text;

    for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        const char *v, *end;
        int depth = 0;
        if (strncmp(p, name, n) != 0 || (p[n] != ' ' && p[n] != '=' &&
                                         p[n] != ':'))
            continue;
        v = p + n;
        while (*v && *v != '=' && *v != '\n')
            v++;
        if (*v != '=')
            continue;
        for (v++; *v == ' ' || *v == '\t'; v++)
            ;
        /* to the end of the line, or of the bracket it opens */
        for (end = v; *end && (depth > 0 || *end != '\n'); end++) {
            if (*end == '(' || *end == '[')
                depth++;
            else if (*end == ')' || *end == ']')
                depth--;
            else if (*end == '#' && depth == 0)
                break;
        }
        literals(out, v, end);
        return 1;
    }
    return 0;
}

/* The module docstring's first line (the message) and its "Create Date:"
 * into r. */
static int
docstring(arev *r, const char *text)
{
    const char *p = text, *end, *cd, *eol;

    while (*p == '#' || isspace((unsigned char)*p)) {
        if (*p == '#')
            p = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
        else
            p++;
    }
    if (strncmp(p, "\"\"\"", 3) != 0 && strncmp(p, "'''", 3) != 0)
        return (r->message = strdup("")) && (r->created = strdup("")) ? 0
               : MG_ENOMEM;
    p += 3;
    end = strstr(p, p[-1] == '"' ? "\"\"\"" : "'''");
    if (!end)
        end = p + strlen(p);
    for (eol = p; eol < end && *eol != '\n'; eol++)
        ;
    r->message = strndup(p, (size_t)(eol - p));
    cd = strstr(p, "Create Date:");
    if (cd && cd < end) {
        cd += 12;
        while (*cd == ' ')
            cd++;
        for (eol = cd; eol < end && *eol != '\n'; eol++)
            ;
        r->created = strndup(cd, (size_t)(eol - cd));
    } else {
        r->created = strdup("");
    }
    return r->message && r->created ? 0 : MG_ENOMEM;
}

static int
cmp_rev(const void *a, const void *b)
{
    return strcmp(((const arev *)a)->path, ((const arev *)b)->path);
}

/* One module at path into a new entry of p (nothing for a module that
 * assigns no revision: not a revision file). */
static int
read_module(aproject *p, const char *path, mg_error *err)
{
    mg_strlist id = MG_STRLIST_INIT;
    char *text = NULL;
    size_t len;
    arev *r, *v;
    int rc;

    if ((rc = mg_fs__read(path, &text, &len, err)) < 0)
        return rc;
    if (!assignment(&id, text, "revision") || id.n != 1) {
        mg_strlist_release(&id);
        free(text);
        return 0;
    }
    if (!(v = realloc(p->v, (p->n + 1) * sizeof(*v)))) {
        free(text);
        mg_strlist_release(&id);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    p->v = v;
    r = &p->v[p->n++];
    memset(r, 0, sizeof(*r));
    r->id = strdup(id.v[0]);
    r->path = strdup(path);
    mg_strlist_release(&id);
    assignment(&r->down, text, "down_revision");
    assignment(&r->labels, text, "branch_labels");
    assignment(&r->depends, text, "depends_on");
    rc = docstring(r, text);
    free(text);
    if (rc < 0 || !r->id || !r->path)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (!mg_revision_id_valid(r->id))
        return mg_error_set(err, MG_EPARSE, "%s: revision id '%s' is not "
                            "one migrate can keep (1-32 of A-Z a-z 0-9 _)",
                            path, r->id);
    return 0;
}

/* Every revision module of versions_dir into p, by file name. */
static int
read_modules(aproject *p, const char *versions_dir, mg_error *err)
{
    mg_buf path = MG_BUF_INIT;
    struct dirent *de;
    DIR *d;
    int rc = 0;

    if (!(d = opendir(versions_dir)))
        return mg_error_set(err, MG_ENOTFOUND, "cannot read Alembic "
                            "versions directory '%s'", versions_dir);
    while (rc == 0 && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 4 || strcmp(de->d_name + n - 3, ".py") != 0 ||
            de->d_name[0] == '.')
            continue;
        mg_buf_clear(&path);
        mg_fs__join(&path, versions_dir, de->d_name);
        rc = read_module(p, mg_buf_cstr(&path), err);
    }
    closedir(d);
    mg_buf_release(&path);
    if (rc == 0 && p->n > 1)
        qsort(p->v, p->n, sizeof(*p->v), cmp_rev);
    if (rc == 0 && p->n == 0)
        rc = mg_error_set(err, MG_ENOTFOUND, "no Alembic revisions in '%s'",
                          versions_dir);
    return rc;
}

/* ---- offline SQL ------------------------------------------------------ */

static arev *
find_rev(aproject *p, const char *id, size_t n)
{
    size_t i;

    for (i = 0; i < p->n; i++)
        if (strlen(p->v[i].id) == n && strncmp(p->v[i].id, id, n) == 0)
            return &p->v[i];
    return NULL;
}

/* 1 when the alembic command can be run (cmd is a path or a name on
 * PATH). */
static int
have_command(const char *cmd)
{
    mg_buf b = MG_BUF_INIT;
    const char *path = getenv("PATH"), *p, *colon;
    int found = 0;

    if (!cmd || !*cmd)
        return 0;
    if (strchr(cmd, '/'))
        return access(cmd, X_OK) == 0;
    for (p = path ? path : ""; !found && *p; p = colon ? colon + 1 : "") {
        colon = strchr(p, ':');
        mg_buf_clear(&b);
        mg_buf_add(&b, p, colon ? (size_t)(colon - p) : strlen(p));
        mg_buf_addf(&b, "/%s", cmd);
        found = access(mg_buf_cstr(&b), X_OK) == 0;
    }
    mg_buf_release(&b);
    return found;
}

/* s single-quoted for sh into b. */
static void
sh_quote(mg_buf *b, const char *s)
{
    mg_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            mg_buf_puts(b, "'\\''");
        else
            mg_buf_putc(b, *s);
    }
    mg_buf_putc(b, '\'');
}

/* The stdout of `cd dir && cmd --raiseerr -c alembic.ini args --sql` into
 * out and its stderr (Python's traceback when it fails) into errtext.
 * Returns 0 when it succeeded, 1 when it failed, < 0 when it could not
 * be run. */
static int
run_alembic(mg_buf *out, mg_buf *errtext, const char *cmd, const char *dir,
            const char *args, mg_error *err)
{
    mg_buf line = MG_BUF_INIT;
    FILE *f, *e = tmpfile();
    char chunk[4096];
    size_t n;
    int st;

    mg_buf_puts(&line, "cd ");
    sh_quote(&line, dir);
    mg_buf_puts(&line, " && ");
    sh_quote(&line, cmd);
    mg_buf_addf(&line, " --raiseerr -c alembic.ini %s --sql", args);
    if (e && fileno(e) <= 9)
        mg_buf_addf(&line, " 2>&%d", fileno(e));
    else
        mg_buf_puts(&line, " 2>/dev/null");
    if (!(f = popen(mg_buf_cstr(&line), "r"))) {
        mg_buf_release(&line);
        if (e)
            fclose(e);
        return mg_error_set(err, MG_EIO, "cannot run alembic");
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_buf_add(out, chunk, n);
    st = pclose(f);
    mg_buf_release(&line);
    if (e) {
        rewind(e);
        while ((n = fread(chunk, 1, sizeof(chunk), e)) > 0)
            mg_buf_add(errtext, chunk, n);
        fclose(e);
    }
    return st != 0;
}

/* 1 when line is a statement of Alembic's own bookkeeping. */
static int
bookkeeping(const char *line, size_t n)
{
    static const char table[] = "alembic_version";
    size_t i, k = sizeof(table) - 1;

    if ((n >= 6 && strncmp(line, "BEGIN;", 6) == 0) ||
        (n >= 7 && strncmp(line, "COMMIT;", 7) == 0))
        return 1;
    for (i = 0; i + k <= n; i++)
        if (strncmp(line + i, table, k) == 0)
            return 1;
    return 0;
}

/* What one offline run reached: the revision of its last "-- Running"
 * line, whether its block was new in this run, and that line's other
 * side (upgrade: the parents; downgrade: where it goes down to). */
typedef struct reached {
    arev       *last;
    int         fresh;
    const char *other;
    size_t      other_len;
} reached;

/* Cut Alembic's offline script into one block per revision: after each
 * "-- Running upgrade A -> R" (the revision after "->") or "-- Running
 * downgrade R -> A" (the one before it), until the next such line. A
 * revision that has its block already (from an earlier run) keeps it. */
static reached
cut_blocks(aproject *p, const char *script, int upgrade)
{
    const char *marker = upgrade ? "-- Running upgrade " :
                                   "-- Running downgrade ";
    const char *line = script, *eol;
    mg_buf *into = NULL;
    reached at = { NULL, 0, NULL, 0 };

    for (; *line; line = *eol ? eol + 1 : eol) {
        size_t n;
        eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        n = (size_t)(eol - line);
        if (strncmp(line, marker, strlen(marker)) == 0) {
            const char *arrow = strstr(line, " -> ");
            const char *id = upgrade ? arrow + 4 : line + strlen(marker);
            size_t len = upgrade ? (size_t)(eol - id)
                                 : strcspn(id, " ,");
            arev *r = arrow && arrow < eol ? find_rev(p, id, len) : NULL;
            int *have = r ? (upgrade ? &r->have_up : &r->have_down) : NULL;
            at.last = r;
            at.fresh = have && !*have;
            at.other = upgrade ? line + strlen(marker) : arrow + 4;
            at.other_len = upgrade ? (size_t)(arrow - at.other)
                                   : (size_t)(eol - at.other);
            into = at.fresh ? (upgrade ? &r->up : &r->downsql) : NULL;
            if (at.fresh)
                *have = 1;
            continue;
        }
        if (into && !bookkeeping(line, n) && (n || into->len)) {
            mg_buf_add(into, line, n);
            mg_buf_putc(into, '\n');
        }
    }
    return at;
}

/* Trailing blank lines off b. */
static void
trim(mg_buf *b)
{
    while (b->len && (b->ptr[b->len - 1] == '\n' ||
                      b->ptr[b->len - 1] == ' '))
        b->ptr[--b->len] = '\0';
}

/* The last non-blank line of a Python traceback, its exception's module
 * path left out ("alembic.util.exc.CommandError: x" -> "CommandError:
 * x"), into out. */
static void
exception_line(mg_buf *out, const char *tb)
{
    const char *end = tb + strlen(tb), *start, *colon, *dot;

    while (end > tb && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    for (start = end; start > tb && start[-1] != '\n'; start--)
        ;
    colon = memchr(start, ':', (size_t)(end - start));
    for (dot = colon ? colon : start; dot > start && dot[-1] != '.' &&
         dot[-1] != ' '; dot--)
        ;
    if (colon && dot > start && dot[-1] == '.')
        start = dot;
    mg_buf_add(out, start, (size_t)(end - start));
}

/* The line of the traceback's last frame in r's module, or 0. */
static long
module_line(const arev *r, const char *tb)
{
    const char *base = strrchr(r->path, '/'), *hit, *at;
    long line = 0;

    base = base ? base + 1 : r->path;
    for (at = tb; (hit = strstr(at, base)) != NULL; at = hit + 1)
        if (strncmp(hit + strlen(base), "\", line ", 8) == 0)
            line = strtol(hit + strlen(base) + 8, NULL, 10);
    return line;
}

/* r's notice that its upgrade (or downgrade) SQL must be filled in
 * because Alembic's offline run failed in it, with the module's line and
 * the exception (why NULL: Alembic stopped before reaching it). */
static void
set_unfilled(arev *r, int upgrade, const char *tb, const char *why)
{
    mg_buf *note = upgrade ? &r->why_up : &r->why_down;
    long line = tb ? module_line(r, tb) : 0;

    if (note->len)
        return;
    if (line > 0)
        mg_buf_addf(note, "%s:%ld: ", r->path, line);
    mg_buf_addf(note, "revision %s: its %s SQL must be filled in (", r->id,
                upgrade ? "upgrade" : "downgrade");
    if (tb) {
        mg_buf_puts(note, "alembic --sql failed: ");
        exception_line(note, tb);
    } else {
        mg_buf_addf(note, "%s", why);
    }
    mg_buf_putc(note, ')');
}

/* The revision the next run starts from after a failure at `at`
 * (upgrade: the failed one, as if applied; downgrade: where it went down
 * to, when that is one revision) into from; 0 when there is none. */
static int
resume_point(mg_buf *from, const reached *at, int upgrade)
{
    mg_buf_clear(from);
    if (upgrade) {
        mg_buf_puts(from, at->last->id);
        return 1;
    }
    if (!at->other_len || memchr(at->other, ',', at->other_len))
        return 0;
    mg_buf_add(from, at->other, at->other_len);
    return 1;
}

/* The paragraph [p, end) of a block as comment lines into out. */
static void
comment_out(mg_buf *out, const char *p, const char *end)
{
    const char *eol;

    for (; p < end; p = eol + 1) {
        eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        mg_buf_puts(out, "-- ");
        mg_buf_add(out, p, (size_t)(eol - p));
        mg_buf_putc(out, '\n');
        if (eol == end)
            break;
    }
}

/* What Alembic wrote of a block before it failed, kept as comments
 * (the revision's SQL is to be filled in). */
static void
partial_sql(mg_buf *block)
{
    mg_buf out = MG_BUF_INIT;

    trim(block);
    if (block->len) {
        mg_buf_puts(&out, "-- written by Alembic before it failed:\n");
        comment_out(&out, mg_buf_cstr(block), block->ptr + block->len);
        trim(&out);
    }
    mg_buf_clear(block);
    mg_buf_puts(block, mg_buf_cstr(&out));
    mg_buf_release(&out);
}

/* Alembic's offline SQL in one direction, cut into p's blocks. A run
 * that fails inside a revision marks that revision's SQL to be filled in
 * (with the module's line and Alembic's exception) and the next run goes
 * on after it; a run that fails before any revision is an error. */
static int
offline_direction(aproject *p, const char *cmd, const char *dir,
                  int upgrade, mg_error *err)
{
    mg_buf out = MG_BUF_INIT, tb = MG_BUF_INIT, args = MG_BUF_INIT;
    mg_buf from = MG_BUF_INIT;
    size_t runs;
    int rc = 0, failed = 1;

    for (runs = 0; failed && runs <= p->n; runs++) {
        reached at;
        mg_buf_clear(&out);
        mg_buf_clear(&tb);
        mg_buf_clear(&args);
        if (from.len)
            mg_buf_addf(&args, "%s %s:%s", upgrade ? "upgrade" : "downgrade",
                        mg_buf_cstr(&from), upgrade ? "heads" : "base");
        else
            mg_buf_puts(&args, upgrade ? "upgrade heads"
                                       : "downgrade heads:base");
        if ((failed = rc = run_alembic(&out, &tb, cmd, dir,
                                       mg_buf_cstr(&args), err)) < 0)
            break;
        at = cut_blocks(p, mg_buf_cstr(&out), upgrade);
        rc = 0;
        if (failed && (!at.last || !at.fresh)) {
            mg_buf why = MG_BUF_INIT;
            exception_line(&why, mg_buf_cstr(&tb));
            rc = mg_error_set(err, MG_EUSAGE, "'alembic %s --sql' failed in "
                              "'%s': %s", mg_buf_cstr(&args), dir,
                              why.len ? mg_buf_cstr(&why) : "(no output)");
            mg_buf_release(&why);
            break;
        }
        if (failed) {
            partial_sql(upgrade ? &at.last->up : &at.last->downsql);
            *(upgrade ? &at.last->have_up : &at.last->have_down) = 0;
            set_unfilled(at.last, upgrade, mg_buf_cstr(&tb), NULL);
            if (!resume_point(&from, &at, upgrade))
                break;
        }
    }
    mg_buf_release(&out);
    mg_buf_release(&tb);
    mg_buf_release(&args);
    mg_buf_release(&from);
    return rc;
}

/* ---- bind parameters -------------------------------------------------- */

/* Whether the token [t, t + n) of kind, after the token ending at prev
 * (NULL: none), opens a bind parameter: `?`, `%s`, `%(name)s` or
 * `:name` (not `::`, not after a word or `]` with no blank: a slice). */
static int
param_at(const char *t, size_t n, int kind, const char *prev,
         const char *end)
{
    if (kind != MG_TOK_PUNCT || n != 1)
        return 0;
    if (*t == '?')
        return 1;
    if (*t == '%')
        return t + 1 < end && (t[1] == 's' || t[1] == '(');
    if (*t != ':' || t + 1 >= end || !mg_sqltok__is_alpha((unsigned char)t[1]))
        return 0;
    return !prev || (prev[-1] != ':' && prev[-1] != ']' &&
                     !mg_sqltok__is_ident((unsigned char)prev[-1]));
}

/* The length of the bind parameter at t: `%(name)s` through its "s",
 * else up to a blank, comma, parenthesis, semicolon or line end. */
static size_t
param_length(const char *t)
{
    size_t n;

    if (t[0] != '%' || t[1] != '(')
        return strcspn(t, " ,);\n");
    n = strcspn(t, ")\n");
    if (t[n] == ')')
        n += t[n + 1] == 's' ? 2 : 1;
    return n;
}

/* The first bind parameter Alembic left in sql (its value not written:
 * the project's env.py does not set literal_binds), read per the
 * dialect's split flags, into param with its line; 0 when there is
 * none. */
static int
bind_parameter(mg_buf *param, int *line, const char *sql,
               unsigned int flags)
{
    mg_sqlcur c = { sql, strlen(sql), 0, 1, flags };
    const char *prev = NULL;
    size_t start;
    int kind;

    while ((kind = mg_sqltok__next(&c, &start)) != MG_TOK_END) {
        const char *t = sql + start;
        if (param_at(t, c.i - start, kind, prev, sql + c.len)) {
            mg_buf_add(param, t, param_length(t));
            *line = c.line;
            return 1;
        }
        prev = sql + c.i;
    }
    return 0;
}

/* The statements of block sql (Alembic writes each as a paragraph, a
 * blank line after it) that have a bind parameter, made comments; the
 * first parameter into param. Returns how many there were. */
static int
unbound_statements(mg_buf *sql, mg_buf *param, unsigned int flags)
{
    mg_buf out = MG_BUF_INIT, para = MG_BUF_INIT;
    const char *p = mg_buf_cstr(sql), *end;
    int n = 0, line;

    for (; *p; p = *end ? end + 2 : end) {
        end = strstr(p, "\n\n");
        if (!end)
            end = p + strlen(p);
        mg_buf_clear(&para);
        mg_buf_add(&para, p, (size_t)(end - p));
        if (bind_parameter(n ? &para : param, &line, mg_buf_cstr(&para),
                           flags)) {
            comment_out(&out, p, end);
            n++;
        } else {
            mg_buf_add(&out, p, (size_t)(end - p));
            mg_buf_putc(&out, '\n');
        }
        if (*end)
            mg_buf_putc(&out, '\n');
    }
    trim(&out);
    if (n) {
        mg_buf_clear(sql);
        mg_buf_puts(sql, mg_buf_cstr(&out));
    }
    mg_buf_release(&out);
    mg_buf_release(&para);
    return n;
}

/* Every statement with a bind parameter made a comment, its revision's
 * direction noted as one to fill in. */
static void
check_binds(aproject *p, const char *dialect)
{
    const mg_dialect *d = dialect ? mg_dialect_find(dialect) : NULL;
    unsigned int flags = d ? d->sql.split_flags : 0;
    mg_buf param = MG_BUF_INIT;
    size_t i;
    int k, n;

    for (i = 0; i < p->n; i++)
        for (k = 1; k >= 0; k--) {
            arev *r = &p->v[i];
            mg_buf_clear(&param);
            if (!(n = unbound_statements(k ? &r->up : &r->downsql, &param,
                                         flags)))
                continue;
            mg_buf_addf(k ? &r->why_up : &r->why_down, "%s: revision %s: "
                        "its %s SQL must be filled in (%d statement%s with "
                        "a bind parameter, such as '%s', whose value Alembic "
                        "did not write, left as comments: set "
                        "literal_binds=True in env.py's context.configure, "
                        "or write the values in)", r->path, r->id,
                        k ? "upgrade" : "downgrade", n, n == 1 ? "" : "s",
                        mg_buf_cstr(&param));
        }
    mg_buf_release(&param);
}

/* Both directions' offline SQL into p; a revision Alembic never reached
 * after a failure is noted too, and so is a block with a bind parameter
 * (check_binds). */
static int
offline_sql(aproject *p, const char *cmd, const char *dir,
            const char *dialect, mg_error *err)
{
    size_t i;
    int rc;

    if ((rc = offline_direction(p, cmd, dir, 1, err)) < 0 ||
        (rc = offline_direction(p, cmd, dir, 0, err)) < 0)
        return rc;
    for (i = 0; i < p->n; i++) {
        arev *r = &p->v[i];
        trim(&r->up);
        trim(&r->downsql);
        if (!r->have_up)
            set_unfilled(r, 1, NULL, "alembic --sql stopped before it");
        if (!r->have_down)
            set_unfilled(r, 0, NULL, "alembic --sql stopped before it");
    }
    check_binds(p, dialect);
    return 0;
}

/* ---- writing ---------------------------------------------------------- */

/* The "-- fill in" line of a direction without SQL (have 0) or with SQL
 * to complete (why set) into text, with why. */
static void
fill_in(mg_buf *text, int have, const mg_buf *why)
{
    const char *paren = why->len ? strstr(mg_buf_cstr(why), " (") : NULL;

    if (have && !why->len)
        return;
    mg_buf_puts(text, "-- fill in: the SQL of the Alembic revision");
    if (paren)
        mg_buf_add_printable(text, paren);
    mg_buf_putc(text, '\n');
}

/* The migrate revision file of r into text. */
static void
compose(mg_buf *text, const arev *r, const char *dialect)
{
    mg_buf_addf(text, "-- revision: %s\n-- down_revision: ", r->id);
    mg_strlist_join(&r->down, ", ", text);
    mg_buf_puts(text, "\n-- message: ");
    mg_buf_add_printable(text, r->message);
    mg_buf_addf(text, "\n-- created: %s\n-- dialect: %s\n", r->created,
                dialect ? dialect : "");
    if (r->labels.n) {
        mg_buf_puts(text, "-- branch_labels: ");
        mg_strlist_join(&r->labels, ", ", text);
        mg_buf_putc(text, '\n');
    }
    if (r->depends.n) {
        mg_buf_puts(text, "-- depends_on: ");
        mg_strlist_join(&r->depends, ", ", text);
        mg_buf_putc(text, '\n');
    }
    mg_buf_puts(text, "-- imported from Alembic: ");
    mg_buf_add_printable(text, r->path);
    mg_buf_puts(text, "\n\n-- +upgrade\n");
    fill_in(text, r->have_up, &r->why_up);
    mg_buf_puts(text, mg_buf_cstr(&r->up));
    mg_buf_puts(text, r->up.len ? "\n\n-- +downgrade\n" : "\n-- +downgrade\n");
    fill_in(text, r->have_down, &r->why_down);
    mg_buf_puts(text, mg_buf_cstr(&r->downsql));
    if (r->downsql.len)
        mg_buf_putc(text, '\n');
}

/* Every file composed, checked, then written (those written removed
 * again when one fails). */
static int
write_files(aproject *p, const mg_import_opts *o, mg_strlist *written,
            mg_error *err)
{
    mg_strlist paths = MG_STRLIST_INIT, texts = MG_STRLIST_INIT;
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < p->n; i++) {
        mg_buf text = MG_BUF_INIT, path = MG_BUF_INIT, name = MG_BUF_INIT;
        char slug[41];
        mg_revfile *rf = NULL;
        mg_revision_slug(p->v[i].message, slug);
        mg_buf_addf(&name, "%s_%s.sql", p->v[i].id, slug);
        mg_fs__join(&path, o->versions_dir, mg_buf_cstr(&name));
        compose(&text, &p->v[i], o->dialect);
        if (mg_fs__exists(mg_buf_cstr(&path)))
            rc = mg_error_set(err, MG_EEXISTS, "'%s' exists already",
                              mg_buf_cstr(&path));
        else if ((rc = mg_revfile_parse(&rf, mg_buf_cstr(&path), text.ptr,
                                        text.len, err)) == 0)
            rc = (mg_strlist_add(&paths, mg_buf_cstr(&path)) < 0 ||
                  mg_strlist_add(&texts, mg_buf_cstr(&text)) < 0)
                 ? mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
        mg_revfile_free(rf);
        mg_buf_release(&text);
        mg_buf_release(&path);
        mg_buf_release(&name);
    }
    for (i = 0; rc == 0 && i < paths.n; i++)
        if ((rc = mg_file_write(paths.v[i], texts.v[i], strlen(texts.v[i]),
                                MG_FILE_EXCLUSIVE, err)) == 0)
            mg_strlist_add(written, paths.v[i]);
    mg_strlist_release(&paths);
    mg_strlist_release(&texts);
    return rc;
}

/* The new history as a graph, or the written files removed. */
static int
check_graph(const mg_import_opts *o, mg_strlist *written, mg_error *err)
{
    mg_scriptdir *sd = NULL;
    size_t i;
    int rc;

    if ((rc = mg_scriptdir_open(&sd, o->versions_dir, err)) < 0)
        for (i = 0; i < written->n; i++)
            remove(written->v[i]);
    mg_scriptdir_free(sd);
    return rc;
}

/* The notices of the revisions whose SQL must be filled in, into
 * unfilled: one per revision without the alembic command (ran 0), else
 * one per direction Alembic could not write. */
static void
unfilled_notes(const aproject *p, int ran, mg_strlist *unfilled)
{
    mg_buf b = MG_BUF_INIT;
    size_t i;

    for (i = 0; i < p->n; i++) {
        const arev *r = &p->v[i];
        mg_buf_clear(&b);
        if (!ran)
            mg_buf_addf(&b, "revision %s: its SQL must be filled in (the "
                        "alembic command is not installed)", r->id);
        if (b.len)
            mg_strlist_add(unfilled, mg_buf_cstr(&b));
        if (ran && r->why_up.len)
            mg_strlist_add(unfilled, mg_buf_cstr(&r->why_up));
        if (ran && r->why_down.len)
            mg_strlist_add(unfilled, mg_buf_cstr(&r->why_down));
    }
    mg_buf_release(&b);
}

/* The database's alembic_version rows recorded in migrate's version
 * table (first replacing its rows, then adding), into current. */
static int
adopt(const mg_import_opts *o, mg_strlist *current, mg_error *err)
{
    mg_strlist rows = MG_STRLIST_INIT;
    mg_scriptdir *sd = NULL;
    mg_run_opts ro;
    size_t i;
    int rc;

    if (!o->engine)
        return 0;
    if ((rc = mg_current(&rows, o->engine, "alembic_version", err)) < 0 ||
        !rows.n || o->keep_table)
        goto done;
    if ((rc = mg_scriptdir_open(&sd, o->versions_dir, err)) < 0)
        goto done;
    memset(&ro, 0, sizeof(ro));
    ro.version_table = o->version_table;
    ro.lock_timeout = -1;
    for (i = 0; rc == 0 && i < rows.n; i++)
        rc = mg_stamp(o->engine, sd, rows.v[i], i == 0, &ro, err);
done:
    for (i = 0; rc == 0 && i < rows.n; i++)
        mg_strlist_add(current, rows.v[i]);
    mg_scriptdir_free(sd);
    mg_strlist_release(&rows);
    return rc;
}

int
mg_import_alembic(mg_strlist *written, mg_strlist *unfilled,
                  mg_strlist *current, const mg_import_opts *o,
                  mg_error *err)
{
    mg_buf loc = MG_BUF_INIT, versions = MG_BUF_INIT;
    const char *cmd = o->alembic_cmd ? o->alembic_cmd : "alembic";
    aproject p;
    int rc;

    memset(&p, 0, sizeof(p));
    if ((rc = script_location(&loc, o->alembic_dir, err)) < 0)
        goto done;
    mg_fs__join(&versions, mg_buf_cstr(&loc), "versions");
    if ((rc = read_modules(&p, mg_buf_cstr(&versions), err)) < 0 ||
        (have_command(cmd) &&
         (rc = offline_sql(&p, cmd, o->alembic_dir, o->dialect, err)) < 0) ||
        (rc = write_files(&p, o, written, err)) < 0 ||
        (rc = check_graph(o, written, err)) < 0)
        goto done;
    unfilled_notes(&p, have_command(cmd), unfilled);
    rc = adopt(o, current, err);
done:
    project_release(&p);
    mg_buf_release(&loc);
    mg_buf_release(&versions);
    return rc;
}
