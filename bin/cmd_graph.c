/* cmd_graph.c - the read-only commands: current, heads, branches, history
 * and show, as text (Alembic's layout) or --json. None of them creates a
 * table or a SQLite file. */
#include "cli.h"
#include "output.h"

#include <string.h>

const cli_opt opts_current[] = { CLI_OPT_END };
const cli_opt opts_heads[] = { CLI_OPT_END };
const cli_opt opts_history[] = {
    { "indicate-current", 'i', NULL, "mark the revisions the database is at "
      "with (current) (--json: is_current)", CLI_SET(indicate_current) },
    { "rev-range", 'r', "LOWER:UPPER", "only revisions in this range (base, "
      "head, heads, current, a revision; either side may be empty)",
      CLI_VALUE(rev_range) },
    CLI_OPT_END
};
const cli_opt opts_show[] = { CLI_OPT_END };

/* " (label, label) (head) (branchpoint) (mergepoint)" after rev; labels
 * NULL: the revision's own branch labels. */
static void
print_tags_with(const mg_revgraph *g, const char *rev,
                const mg_strlist *labels)
{
    mg_buf b = MG_BUF_INIT;

    if (!labels)
        labels = mg_revgraph_branch_labels(g, rev);

    if (labels && labels->n) {
        mg_strlist_join(labels, ", ", &b);
        printf(" (%s)", mg_buf_cstr(&b));
    }
    if (mg_revgraph_is_head(g, rev))
        printf(" (head)");
    if (mg_revgraph_is_branchpoint(g, rev))
        printf(" (branchpoint)");
    if (mg_revgraph_is_mergepoint(g, rev))
        printf(" (mergepoint)");
    mg_buf_release(&b);
}

static void
print_tags(const mg_revgraph *g, const char *rev)
{
    print_tags_with(g, rev, NULL);
}

/* The version rows of the database (c's engine opened read-only), or an
 * exit code > 0 after the message. */
static int
read_current(cli *c, mg_strlist *rows)
{
    mg_error err;
    int rc;

    if ((rc = cli_engine(c, MG_OPEN_READONLY)) != 0)
        return rc;
    mg_error_clear(&err);
    if (mg_current(rows, c->engine, c->cfg ? mg_config_version_table(c->cfg)
                                           : NULL, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}

/* At base: "(base)", and why when the database has no version table. */
static void
print_base(cli *c)
{
    const char *table = c->cfg ? mg_config_version_table(c->cfg) : NULL;
    int exists = 1;

    if (!table)
        table = "migrate_version";
    if (mg_engine_table_exists(c->engine, table, &exists, NULL) == 0 &&
        !exists)
        printf("(base) (no version table '%s')\n", table);
    else
        printf("(base)\n");
}

/* A revision's JSON object, left open for further members. */
static void
json_revision_open(json *j, const mg_scriptdir *sd, const char *rev,
                   int full)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    const mg_revfile *rf = mg_scriptdir_file(sd, rev);

    json_begin_object(j);
    json_key(j, "revision");
    json_string(j, rev);
    json_key(j, "down_revisions");
    json_strlist(j, mg_revgraph_down_revisions(g, rev));
    json_key(j, "message");
    json_string(j, rf ? mg_revfile_message(rf) : "");
    json_key(j, "created");
    json_string(j, rf ? mg_revfile_created(rf) : "");
    json_key(j, "branch_labels");
    json_strlist(j, mg_revgraph_branch_labels(g, rev));
    json_key(j, "depends_on");
    json_strlist(j, mg_revgraph_depends_on(g, rev));
    json_key(j, "is_head");
    json_bool(j, mg_revgraph_is_head(g, rev));
    if (full) {
        json_key(j, "children");
        json_strlist(j, mg_revgraph_children(g, rev));
        json_key(j, "dialect");
        json_string(j, rf ? mg_revfile_dialect(rf) : "");
        json_key(j, "transaction");
        json_bool(j, rf ? mg_revfile_transactional(rf) : 1);
        json_key(j, "path");
        json_string(j, rf ? mg_revfile_path(rf) : NULL);
        json_key(j, "checksum");
        json_string(j, rf ? mg_revfile_checksum(rf) : NULL);
    }
}

static void
json_revision(json *j, const mg_scriptdir *sd, const char *rev, int full)
{
    json_revision_open(j, sd, rev, full);
    json_end_object(j);
}

/* A head for `heads --json`: json_revision's fields, the last of them
 * effective_branch_labels (its own labels and the ones it inherits from
 * its ancestors, as the text output shows them). */
static int
json_head(json *j, const mg_scriptdir *sd, const char *rev, mg_error *err)
{
    mg_strlist labels = MG_STRLIST_INIT;
    int rc = mg_revgraph_effective_labels(mg_scriptdir_graph(sd), rev,
                                          &labels, err);

    json_revision_open(j, sd, rev, 0);
    json_key(j, "effective_branch_labels");
    json_strlist(j, &labels);
    json_end_object(j);
    mg_strlist_release(&labels);
    return rc;
}

/* Alembic's verbose block for one revision; " (current)" after its tags
 * when current (may be NULL) holds it. */
static void
print_full(const mg_scriptdir *sd, const char *rev, const mg_strlist *current)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    const mg_revfile *rf = mg_scriptdir_file(sd, rev);
    const mg_strlist *l;
    mg_buf b = MG_BUF_INIT;

    printf("Rev: %s", rev);
    print_tags(g, rev);
    if (current && mg_strlist_contains(current, rev))
        printf(" (current)");
    mg_strlist_join(mg_revgraph_down_revisions(g, rev), ", ", &b);
    printf("\nParent: %s\n", b.len ? mg_buf_cstr(&b) : "<base>");
    mg_buf_clear(&b);
    if ((l = mg_revgraph_depends_on(g, rev)) && l->n) {
        mg_strlist_join(l, ", ", &b);
        printf("Also depends on: %s\n", mg_buf_cstr(&b));
        mg_buf_clear(&b);
    }
    if ((l = mg_revgraph_branch_labels(g, rev)) && l->n) {
        mg_strlist_join(l, ", ", &b);
        printf("Branch names: %s\n", mg_buf_cstr(&b));
        mg_buf_clear(&b);
    }
    if ((l = mg_revgraph_children(g, rev)) && l->n > 1) {
        mg_strlist_join(l, ", ", &b);
        printf("Branches into: %s\n", mg_buf_cstr(&b));
        mg_buf_clear(&b);
    }
    if (rf) {
        printf("Path: %s\n", mg_revfile_path(rf));
        if (*mg_revfile_dialect(rf))
            printf("Dialect: %s\n", mg_revfile_dialect(rf));
        if (!mg_revfile_transactional(rf))
            printf("Transaction: off\n");
        printf("Created: %s\n\n    %s\n", mg_revfile_created(rf),
               mg_revfile_message(rf));
    }
    mg_buf_release(&b);
}

int
cmd_current(cli *c)
{
    mg_strlist rows = MG_STRLIST_INIT;
    const mg_revgraph *g = NULL;
    size_t i;
    int rc;

    /* The versions directory (CLI_SCRIPTS, when there is a config) only
     * adds "(head)" marks: a missing config is fine when a URL is given. */
    if ((rc = read_current(c, &rows)) != 0)
        return rc;
    if (c->sd)
        g = mg_scriptdir_graph(c->sd);
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "current");
        json_strlist(&j, &rows);
        json_end_object(&j);
        json_finish(&j);
    } else {
        if (c->verbose)
            printf("Current revision(s) for %s:\n",
                   mg_engine_url_redacted(c->engine));
        if (!rows.n)
            print_base(c);
        for (i = 0; i < rows.n; i++) {
            if (c->verbose && g && mg_revgraph_contains(g, rows.v[i])) {
                print_full(c->sd, rows.v[i], NULL);
                continue;
            }
            printf("%s", rows.v[i]);
            if (g && mg_revgraph_contains(g, rows.v[i]))
                print_tags(g, rows.v[i]);
            printf("\n");
        }
    }
    mg_strlist_release(&rows);
    return EXIT_OK;
}

int
cmd_heads(cli *c)
{
    mg_strlist heads = MG_STRLIST_INIT;
    const mg_revgraph *g;
    mg_error err;
    size_t i;
    int rc = 0;

    g = mg_scriptdir_graph(c->sd);
    mg_error_clear(&err);
    if (mg_revgraph_heads(g, &heads, &err) < 0)
        return cli_fail(c, &err);
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "heads");
        json_begin_array(&j);
        for (i = 0; i < heads.n && rc == 0; i++)
            rc = json_head(&j, c->sd, heads.v[i], &err);
        json_end_array(&j);
        json_end_object(&j);
        json_finish(&j);
    } else {
        for (i = 0; i < heads.n && rc == 0; i++) {
            mg_strlist labels = MG_STRLIST_INIT;
            if (c->verbose) {
                print_full(c->sd, heads.v[i], NULL);
                continue;
            }
            rc = mg_revgraph_effective_labels(g, heads.v[i], &labels, &err);
            printf("%s", heads.v[i]);
            print_tags_with(g, heads.v[i], &labels);
            printf("\n");
            mg_strlist_release(&labels);
        }
    }
    mg_strlist_release(&heads);
    return rc < 0 ? cli_fail(c, &err) : EXIT_OK;
}

static const char *
message_of(const mg_scriptdir *sd, const char *rev)
{
    const mg_revfile *rf = mg_scriptdir_file(sd, rev);

    return rf ? mg_revfile_message(rf) : "";
}

int
cmd_branches(cli *c)
{
    const mg_revgraph *g;
    const char *const *order;
    size_t i, k, n;
    json j;

    g = mg_scriptdir_graph(c->sd);
    order = mg_revgraph_order(g);
    n = mg_revgraph_count(g);
    if (c->json) {
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "branches");
        json_begin_array(&j);
    }
    for (i = 0; i < n; i++) {
        const mg_strlist *kids;
        if (!mg_revgraph_is_branchpoint(g, order[i]))
            continue;
        kids = mg_revgraph_children(g, order[i]);
        if (c->json) {
            json_begin_object(&j);
            json_key(&j, "revision");
            json_string(&j, order[i]);
            json_key(&j, "message");
            json_string(&j, message_of(c->sd, order[i]));
            json_key(&j, "children");
            json_strlist(&j, kids);
            json_end_object(&j);
            continue;
        }
        printf("%s", order[i]);
        print_tags(g, order[i]);
        printf(", %s\n", message_of(c->sd, order[i]));
        for (k = 0; k < kids->n; k++) {
            printf("    -> %s", kids->v[k]);
            print_tags(g, kids->v[k]);
            printf(", %s\n", message_of(c->sd, kids->v[k]));
        }
    }
    if (c->json) {
        json_end_array(&j);
        json_end_object(&j);
        json_finish(&j);
    }
    return EXIT_OK;
}

int
cmd_history(cli *c)
{
    const char *range = c->o.rev_range;
    int mark = c->o.indicate_current;
    mg_strlist revs = MG_STRLIST_INIT, current = MG_STRLIST_INIT;
    const mg_revgraph *g;
    mg_error err;
    size_t i;
    int rc;

    g = mg_scriptdir_graph(c->sd);
    mg_error_clear(&err);
    if (((range && strstr(range, "current")) || mark) &&
        (rc = read_current(c, &current)) != 0) {
        mg_strlist_release(&current);
        return rc;
    }
    rc = mg_revgraph_range(&revs, g, &current, range ? range : ":", &err);
    if (rc < 0) {
        mg_strlist_release(&current);
        return cli_fail(c, &err);
    }
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "revisions");
        json_begin_array(&j);
        for (i = 0; i < revs.n; i++) {
            json_revision_open(&j, c->sd, revs.v[i], 0);
            if (mark) {
                json_key(&j, "is_current");
                json_bool(&j, mg_strlist_contains(&current, revs.v[i]));
            }
            json_end_object(&j);
        }
        json_end_array(&j);
        json_end_object(&j);
        json_finish(&j);
    } else {
        for (i = 0; i < revs.n; i++) {
            mg_buf downs = MG_BUF_INIT;
            if (c->verbose) {
                print_full(c->sd, revs.v[i], mark ? &current : NULL);
                printf("\n");
                continue;
            }
            mg_strlist_join(mg_revgraph_down_revisions(g, revs.v[i]), ", ",
                            &downs);
            printf("%s -> %s", downs.len ? mg_buf_cstr(&downs) : "<base>",
                   revs.v[i]);
            print_tags(g, revs.v[i]);
            if (mark && mg_strlist_contains(&current, revs.v[i]))
                printf(" (current)");
            printf(", %s\n", message_of(c->sd, revs.v[i]));
            mg_buf_release(&downs);
        }
    }
    mg_strlist_release(&current);
    mg_strlist_release(&revs);
    return EXIT_OK;
}

/* `show current`: the database's version rows in revs, each known to the
 * versions directory. At base, prints "(base)" (--json: no revisions) and
 * leaves revs empty. Returns 0 or an exit code after the message. */
static int
show_current(cli *c, mg_strlist *revs)
{
    size_t i;
    int rc;

    if ((rc = read_current(c, revs)) != 0)
        return rc;
    for (i = 0; i < revs->n; i++)
        if (!mg_revgraph_contains(mg_scriptdir_graph(c->sd), revs->v[i]))
            return cli_failf(c, EXIT_USAGE, "the database is at revision "
                             "'%s', which is not in '%s'", revs->v[i],
                             mg_scriptdir_path(c->sd));
    if (revs->n)
        return 0;
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "revisions");
        json_begin_array(&j);
        json_end_array(&j);
        json_end_object(&j);
        json_finish(&j);
    } else {
        print_base(c);
    }
    return 0;
}

int
cmd_show(cli *c)
{
    static const mg_strlist none = MG_STRLIST_INIT;
    mg_strlist revs = MG_STRLIST_INIT;
    mg_error err;
    size_t i;
    int rc;

    mg_error_clear(&err);
    if (strcmp(c->args[0], "current") == 0) {
        if ((rc = show_current(c, &revs)) != 0 || !revs.n) {
            mg_strlist_release(&revs);
            return rc;
        }
    } else if (mg_revgraph_resolve(&revs, mg_scriptdir_graph(c->sd), &none,
                                   c->args[0], &err) < 0) {
        return cli_fail(c, &err);
    }
    if (!revs.n) {
        mg_strlist_release(&revs);
        return cli_failf(c, EXIT_USAGE, "'%s' names no revision",
                         c->args[0]);
    }
    if (c->json) {
        json j;
        json_init(&j, stdout);
        if (revs.n == 1) {
            json_revision(&j, c->sd, revs.v[0], 1);
        } else {
            json_begin_object(&j);
            json_key(&j, "revisions");
            json_begin_array(&j);
            for (i = 0; i < revs.n; i++)
                json_revision(&j, c->sd, revs.v[i], 1);
            json_end_array(&j);
            json_end_object(&j);
        }
        json_finish(&j);
    } else {
        for (i = 0; i < revs.n; i++) {
            if (i)
                printf("\n");
            print_full(c->sd, revs.v[i], NULL);
        }
    }
    mg_strlist_release(&revs);
    return EXIT_OK;
}
