/* rebase.c - `migrate rebase BRANCH_HEAD --onto HEAD`: the revisions of a
 * branch that the other head lacks are moved on top of it, instead of a
 * merge revision joining the two (the usual case when two pull requests
 * each added a revision). Only the down_revision line of the branch's
 * first revision(s) changes; the SQL stays. Moving a revision a database
 * has already applied would leave that database on a history that no
 * longer exists, so the database the project names is read first. The
 * new files are checked as a graph before anything is written, and
 * written back as they were if the graph cannot be read afterwards. */
#include "mg_curate.h"
#include "mg_file.h"
#include "mg_runtime.h"
#include "mg_scriptdir.h"
#include "fsutil_int.h"

#include <stdlib.h>
#include <string.h>

/* Every ancestor of id (id too) into set (ids). */
static int
ancestors(mg_strlist *set, const mg_revgraph *g, const char *id)
{
    const mg_strlist *down;
    size_t i;

    if (mg_strlist_contains(set, id))
        return 0;
    if (mg_strlist_add(set, id) < 0)
        return MG_ENOMEM;
    down = mg_revgraph_down_revisions(g, id);
    for (i = 0; down && i < down->n; i++)
        if (ancestors(set, g, down->v[i]) < 0)
            return MG_ENOMEM;
    return 0;
}

/* The revisions of branch not under onto, in graph order (parents
 * first), into moved. */
static int
moved_revisions(mg_strlist *moved, const mg_revgraph *g, const char *branch,
                const char *onto, mg_error *err)
{
    mg_strlist a = MG_STRLIST_INIT, b = MG_STRLIST_INIT;
    const char *const *order = mg_revgraph_order(g);
    size_t i;
    int rc = 0;

    if (ancestors(&a, g, onto) < 0 || ancestors(&b, g, branch) < 0)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; rc == 0 && i < mg_revgraph_count(g); i++)
        if (mg_strlist_contains(&b, order[i]) &&
            !mg_strlist_contains(&a, order[i]) &&
            mg_strlist_add(moved, order[i]) < 0)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    if (rc == 0 && moved->n == 0)
        rc = mg_error_set(err, MG_EUSAGE, "'%s' is already below '%s': "
                          "nothing to rebase", branch, onto);
    mg_strlist_release(&a);
    mg_strlist_release(&b);
    return rc;
}

/* MG_ESTATE when e (NULL: no database) has applied one of moved. */
static int
refuse_applied(mg_engine *e, const mg_revgraph *g, const mg_strlist *moved,
               const char *version_table, mg_error *err)
{
    mg_strlist rows = MG_STRLIST_INIT, known = MG_STRLIST_INIT;
    mg_plan *applied = NULL;
    size_t i;
    int rc;

    if (!e)
        return 0;
    if ((rc = mg_current(&rows, e, version_table, err)) < 0)
        goto done;
    for (i = 0; i < rows.n; i++)
        if (mg_revgraph_contains(g, rows.v[i]))
            mg_strlist_add(&known, rows.v[i]);
    if ((rc = mg_revgraph_plan_downgrade(&applied, g, &known, "base",
                                         err)) < 0)
        goto done;
    for (i = 0; i < mg_plan_count(applied); i++)
        if (mg_strlist_contains(moved, mg_plan_revision(applied, i))) {
            rc = mg_error_set(err, MG_ESTATE, "the database has revision "
                              "'%s' applied: rebasing would move it from "
                              "under the database (downgrade it first, or "
                              "write a merge revision: migrate merge heads)",
                              mg_plan_revision(applied, i));
            goto done;
        }
done:
    mg_plan_free(applied);
    mg_strlist_release(&rows);
    mg_strlist_release(&known);
    return rc;
}

/* text with its "-- down_revision:" line saying onto, into out. */
static int
reparent_text(mg_buf *out, const char *text, const char *onto,
              const char *path, mg_error *err)
{
    static const char key[] = "-- down_revision:";
    const char *at = text, *end;

    while (at && strncmp(at, key, sizeof(key) - 1) != 0)
        if ((at = strchr(at, '\n')) != NULL)
            at++;
    if (!at)
        return mg_error_set(err, MG_EPARSE, "%s: no '-- down_revision:' "
                            "line", path);
    end = strchr(at, '\n');
    mg_buf_add(out, text, (size_t)(at - text));
    mg_buf_addf(out, "%s %s", key, onto);
    mg_buf_puts(out, end ? end : "");
    return out->oom ? mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
}

/* The files of moved's first revisions (a parent outside moved), each
 * with its old text and its new one. */
typedef struct edit {
    mg_strlist paths, old, new;
} edit;

static int
plan_edits(edit *ed, const mg_scriptdir *sd, const mg_strlist *moved,
           const char *onto, mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    size_t i, k;
    int rc;

    for (i = 0; i < moved->n; i++) {
        const mg_strlist *down = mg_revgraph_down_revisions(g, moved->v[i]);
        const char *path;
        mg_buf nt = MG_BUF_INIT;
        char *text = NULL;
        size_t len, outside = 0;
        for (k = 0; k < down->n; k++)
            outside += !mg_strlist_contains(moved, down->v[k]);
        if (!outside && down->n)
            continue;
        if (down->n > 1)
            return mg_error_set(err, MG_EUSAGE, "revision '%s' is a merge "
                                "of the branch and another: rebase moves a "
                                "branch that forked once", moved->v[i]);
        path = mg_revfile_path(mg_scriptdir_file(sd, moved->v[i]));
        if ((rc = mg_fs__read(path, &text, &len, err)) < 0)
            return rc;
        rc = reparent_text(&nt, text, onto, path, err);
        if (rc == 0 && (mg_strlist_add(&ed->paths, path) < 0 ||
                        mg_strlist_add(&ed->old, text) < 0 ||
                        mg_strlist_add(&ed->new, mg_buf_cstr(&nt)) < 0))
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        free(text);
        mg_buf_release(&nt);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Write texts (ed->new or ed->old) to ed->paths. */
static int
write_all(const edit *ed, const mg_strlist *texts, mg_error *err)
{
    size_t i;
    int rc;

    for (i = 0; i < ed->paths.n; i++)
        if ((rc = mg_file_write(ed->paths.v[i], texts->v[i],
                                strlen(texts->v[i]), 0, err)) < 0)
            return rc;
    return 0;
}

int
mg_rebase(mg_strlist *moved_out, const char *versions_dir,
          const char *branch_head, const char *onto, mg_engine *e,
          const char *version_table, mg_error *err)
{
    mg_strlist moved = MG_STRLIST_INIT;
    mg_scriptdir *sd = NULL, *check = NULL;
    edit ed;
    const mg_revgraph *g;
    const char *b, *h;
    mg_error ignored;
    size_t i;
    int rc;

    memset(&ed, 0, sizeof(ed));
    if ((rc = mg_scriptdir_open(&sd, versions_dir, err)) < 0)
        return rc;
    g = mg_scriptdir_graph(sd);
    if ((rc = mg_revgraph_lookup(g, branch_head, &b, err)) < 0 ||
        (rc = mg_revgraph_lookup(g, onto, &h, err)) < 0)
        goto done;
    if (!mg_revgraph_is_head(g, b) || !mg_revgraph_is_head(g, h) ||
        strcmp(b, h) == 0) {
        rc = mg_error_set(err, MG_EUSAGE, "rebase takes two different "
                          "heads ('migrate heads' lists them)");
        goto done;
    }
    if ((rc = moved_revisions(&moved, g, b, h, err)) < 0 ||
        (rc = refuse_applied(e, g, &moved, version_table, err)) < 0 ||
        (rc = plan_edits(&ed, sd, &moved, h, err)) < 0 ||
        (rc = write_all(&ed, &ed.new, err)) < 0)
        goto done;
    if ((rc = mg_scriptdir_open(&check, versions_dir, err)) < 0) {
        write_all(&ed, &ed.old, &ignored);
        goto done;
    }
    for (i = 0; moved_out && i < moved.n; i++)
        mg_strlist_add(moved_out, moved.v[i]);
done:
    mg_scriptdir_free(check);
    mg_scriptdir_free(sd);
    mg_strlist_release(&moved);
    mg_strlist_release(&ed.paths);
    mg_strlist_release(&ed.old);
    mg_strlist_release(&ed.new);
    return rc;
}
