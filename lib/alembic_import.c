/* alembic_import.c - `migrate import alembic DIR`: an Alembic project's
 * history as migrate revision files, read without running its Python.
 * alembic.ini gives script_location; each .py module of versions gives
 * revision, down_revision (a string, a tuple or list, None),
 * branch_labels, depends_on (top-level assignments, type annotations
 * allowed) and, from its docstring, the message and "Create Date". The
 * SQL comes from Alembic's own offline mode when the alembic command is
 * there: one `upgrade heads --sql` and one `downgrade heads:base --sql`,
 * cut at their "-- Running upgrade/downgrade" lines into one block per
 * revision, without Alembic's version-table statements. Every file is
 * composed before the first is written, and those written are removed
 * when a later one fails, so an import is whole or absent. */
#include "mg_adopt.h"
#include "mg_file.h"
#include "mg_revfile.h"
#include "mg_runtime.h"
#include "fsutil_int.h"

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
    int         have_sql;
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

/* The stdout of `cd dir && cmd -c alembic.ini args --sql` into out. */
static int
run_alembic(mg_buf *out, const char *cmd, const char *dir, const char *args,
            mg_error *err)
{
    mg_buf line = MG_BUF_INIT;
    char chunk[4096];
    size_t n;
    FILE *f;
    int st;

    mg_buf_puts(&line, "cd ");
    sh_quote(&line, dir);
    mg_buf_puts(&line, " && ");
    sh_quote(&line, cmd);
    mg_buf_addf(&line, " -c alembic.ini %s --sql 2>/dev/null", args);
    if (!(f = popen(mg_buf_cstr(&line), "r"))) {
        mg_buf_release(&line);
        return mg_error_set(err, MG_EIO, "cannot run alembic");
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_buf_add(out, chunk, n);
    st = pclose(f);
    mg_buf_release(&line);
    if (st != 0)
        return mg_error_set(err, MG_EUSAGE, "'alembic %s --sql' failed in "
                            "'%s' (run it there to see why)", args, dir);
    return 0;
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

/* Cut Alembic's offline script into one block per revision: after each
 * "-- Running upgrade A -> R" (the revision after "->") or "-- Running
 * downgrade R -> A" (the one before it), until the next such line. */
static void
cut_blocks(aproject *p, const char *script, int upgrade)
{
    const char *marker = upgrade ? "-- Running upgrade " :
                                   "-- Running downgrade ";
    const char *line = script, *eol;
    mg_buf *into = NULL;

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
            into = r ? (upgrade ? &r->up : &r->downsql) : NULL;
            if (r)
                r->have_sql = 1;
            continue;
        }
        if (into && !bookkeeping(line, n) && (n || into->len)) {
            mg_buf_add(into, line, n);
            mg_buf_putc(into, '\n');
        }
    }
}

/* Trailing blank lines off b. */
static void
trim(mg_buf *b)
{
    while (b->len && (b->ptr[b->len - 1] == '\n' ||
                      b->ptr[b->len - 1] == ' '))
        b->ptr[--b->len] = '\0';
}

static int
offline_sql(aproject *p, const char *cmd, const char *dir, mg_error *err)
{
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT;
    size_t i;
    int rc;

    if ((rc = run_alembic(&up, cmd, dir, "upgrade heads", err)) == 0 &&
        (rc = run_alembic(&down, cmd, dir, "downgrade heads:base", err)) == 0) {
        cut_blocks(p, mg_buf_cstr(&up), 1);
        cut_blocks(p, mg_buf_cstr(&down), 0);
        for (i = 0; i < p->n; i++) {
            trim(&p->v[i].up);
            trim(&p->v[i].downsql);
        }
    }
    mg_buf_release(&up);
    mg_buf_release(&down);
    return rc;
}

/* ---- writing ---------------------------------------------------------- */

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
    if (!r->have_sql)
        mg_buf_puts(text, "-- fill in: the SQL of the Alembic revision\n");
    mg_buf_puts(text, mg_buf_cstr(&r->up));
    mg_buf_puts(text, r->up.len ? "\n\n-- +downgrade\n" : "\n-- +downgrade\n");
    if (!r->have_sql)
        mg_buf_puts(text, "-- fill in: the SQL of the Alembic revision\n");
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
    size_t i;
    int rc;

    memset(&p, 0, sizeof(p));
    if ((rc = script_location(&loc, o->alembic_dir, err)) < 0)
        goto done;
    mg_fs__join(&versions, mg_buf_cstr(&loc), "versions");
    if ((rc = read_modules(&p, mg_buf_cstr(&versions), err)) < 0 ||
        (have_command(cmd) &&
         (rc = offline_sql(&p, cmd, o->alembic_dir, err)) < 0) ||
        (rc = write_files(&p, o, written, err)) < 0 ||
        (rc = check_graph(o, written, err)) < 0)
        goto done;
    for (i = 0; i < p.n; i++)
        if (!p.v[i].have_sql)
            mg_strlist_add(unfilled, p.v[i].id);
    rc = adopt(o, current, err);
done:
    project_release(&p);
    mg_buf_release(&loc);
    mg_buf_release(&versions);
    return rc;
}
