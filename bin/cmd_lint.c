/* cmd_lint.c - `migrate lint`: which revisions to read (those named;
 * those a branch adds over --base REF; every one with --all; by default
 * those the database has not applied, or every one when no database is
 * configured), the dialect each is read as, and the report in text,
 * --json or --format github, each finding with the size of its table
 * when a database is configured. The rules are the library's
 * (mg_lint.h). */
#include "cli.h"
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cli_opt opts_lint[] = {
    { "base", 0, "REF", "lint the revisions added since git ref REF",
      CLI_VALUE(base) },
    { "all", 0, NULL, "lint every revision", CLI_SET(all) },
    { "dialect", 0, "NAME", "read the SQL as dialect NAME (default: the "
      "URL's, else each revision's)", CLI_VALUE(dialect) },
    { "format", 0, "FMT", "text (default) or github (GitHub Actions "
      "annotations)", CLI_VALUE(format) },
    { "list-rules", 0, NULL, "print the rules as a Markdown table",
      CLI_SET(list_rules) },
    CLI_OPT_END
};

/* The dialects compiled in that rule r applies to, ", "-separated. */
static const char *
rule_dialects(const mg_lint_rule *r, mg_buf *b)
{
    const mg_dialect *d;
    size_t i;

    mg_buf_clear(b);
    for (i = 0; (d = mg_dialect_at(i)) != NULL; i++)
        if (mg_lint_rule_applies(r, d)) {
            if (b->len)
                mg_buf_puts(b, ", ");
            mg_buf_puts(b, mg_dialect_name(d));
        }
    return mg_buf_cstr(b);
}

/* The rule table, Markdown, as README's "Safe migrations" shows it. */
static int
list_rules(void)
{
    size_t n, i;
    const mg_lint_rule *r = mg_lint_rules(&n);
    mg_buf b = MG_BUF_INIT;

    printf("| rule | severity | dialects | fires on | advice |\n"
           "| --- | --- | --- | --- | --- |\n");
    for (i = 0; i < n; i++)
        printf("| `%s` | %s | %s | %s | %s |\n", r[i].id,
               mg_lint_severity_name(r[i].severity), rule_dialects(&r[i], &b),
               r[i].summary, r[i].advice);
    mg_buf_release(&b);
    return EXIT_OK;
}

/* The revisions to lint, oldest first, into out. */
static int
select_revisions(cli *c, mg_strlist *out)
{
    const mg_revgraph *g = mg_scriptdir_graph(c->sd);
    const char *const *order = mg_revgraph_order(g);
    mg_strlist skip = MG_STRLIST_INIT, current = MG_STRLIST_INIT;
    size_t i, n = mg_revgraph_count(g);
    mg_error err;
    int rc = 0, k;

    mg_error_clear(&err);
    if (c->nargs > 0) {
        for (k = 0; k < c->nargs; k++) {
            const char *id;
            if (mg_revgraph_lookup(g, c->args[k], &id, &err) < 0)
                return cli_fail(c, &err);
            if (!mg_strlist_contains(out, id) && mg_strlist_add(out, id) < 0)
                return cli_failf(c, EXIT_USAGE, "out of memory");
        }
        return 0;
    }
    if (c->o.base) {
        if (mg_git_base_revisions(&skip, c->o.base,
                                  mg_config_versions_dir(c->cfg), &err) < 0)
            rc = cli_fail(c, &err);
    } else if (!c->o.all && cli_url(c)) {
        /* the applied ones: ancestors-or-self of the version rows */
        if ((rc = cli_engine(c, MG_OPEN_READONLY)) != 0)
            goto done;
        if (mg_current(&current, c->engine, mg_config_version_table(c->cfg),
                       &err) < 0 ||
            (current.n && mg_revgraph_range(&skip, g, &current, ":current",
                                            &err) < 0))
            rc = cli_fail(c, &err);
    }
    for (i = 0; rc == 0 && i < n; i++)
        if (!mg_strlist_contains(&skip, order[i]) &&
            mg_strlist_add(out, order[i]) < 0)
            rc = cli_failf(c, EXIT_USAGE, "out of memory");
done:
    mg_strlist_release(&skip);
    mg_strlist_release(&current);
    return rc;
}

/* Lint rf as the dialects it is read as: --dialect's (only); else each
 * dialect its header names that is compiled in, each section as that
 * dialect runs it (the configured database runs one of them, production
 * another); else the database's (d_url), else the default dialect. */
static int
lint_revision(mg_lint *l, const mg_dialect *d_opt, const mg_dialect *d_url,
              const mg_revfile *rf, mg_error *err)
{
    const mg_strlist *named = mg_revfile_dialects(rf);
    const mg_dialect *d;
    size_t i, done = 0;
    int rc;

    if (d_opt)
        return mg_lint_revision(l, rf, d_opt, err);
    for (i = 0; i < named->n; i++) {
        if (!(d = mg_dialect_find(named->v[i])))
            continue;
        if ((rc = mg_lint_revision(l, rf, d, err)) < 0)
            return rc;
        done++;
    }
    if (done)
        return 0;
    return mg_lint_revision(l, rf, d_url ? d_url : mg_dialect_default(),
                            err);
}

/* " (dialect)" after a finding's rule when its revision has sections for
 * several dialects, so each finding says which one it is in. */
static const char *
dialect_note(cli *c, mg_buf *b, const mg_lint_finding *f)
{
    const mg_revfile *rf = mg_scriptdir_file(c->sd, f->revision);

    mg_buf_clear(b);
    if (rf && mg_revfile_dialects(rf)->n > 1)
        mg_buf_addf(b, " (%s)", f->dialect);
    return mg_buf_cstr(b);
}

/* f's message, and the size of its table when the statistics know it:
 * "drops column users.legacy (users: ~2.9M rows, 1.1 GiB)". */
static const char *
message_of(mg_buf *b, const mg_lint_finding *f)
{
    mg_buf_clear(b);
    mg_buf_puts(b, f->message);
    if (f->table && (f->rows >= 0 || f->bytes >= 0)) {
        mg_buf_puts(b, " (");
        mg_buf_add_printable(b, f->table);
        mg_buf_puts(b, ": ");
        mg_lint_format_size(b, f->rows, f->bytes);
        mg_buf_putc(b, ')');
    }
    return mg_buf_cstr(b);
}

static void
print_text(cli *c, const mg_lint *l)
{
    mg_buf msg = MG_BUF_INIT, note = MG_BUF_INIT;
    size_t i;

    for (i = 0; i < mg_lint_count(l); i++) {
        const mg_lint_finding *f = mg_lint_at(l, i);
        if (f->ignored) {
            if (!c->quiet)
                printf("%s:%d: ignored %s[%s]%s: %s (%s)\n", f->path,
                       f->line, mg_lint_severity_name(f->rule->severity),
                       f->rule->id, dialect_note(c, &note, f),
                       message_of(&msg, f), f->ignored);
            continue;
        }
        printf("%s:%d: %s[%s]%s: %s\n    %s\n", f->path, f->line,
               mg_lint_severity_name(f->rule->severity), f->rule->id,
               dialect_note(c, &note, f), message_of(&msg, f),
               f->rule->advice);
    }
    mg_buf_release(&msg);
    mg_buf_release(&note);
    if (!c->quiet)
        printf("lint: %zu revision%s, %zu error%s, %zu warning%s\n",
               mg_lint_revisions(l), mg_lint_revisions(l) == 1 ? "" : "s",
               mg_lint_counted(l, MG_LINT_ERROR),
               mg_lint_counted(l, MG_LINT_ERROR) == 1 ? "" : "s",
               mg_lint_counted(l, MG_LINT_WARNING),
               mg_lint_counted(l, MG_LINT_WARNING) == 1 ? "" : "s");
}

static void
print_github(cli *c, const mg_lint *l)
{
    size_t i;
    mg_buf msg = MG_BUF_INIT, title = MG_BUF_INIT, what = MG_BUF_INIT;
    mg_buf note = MG_BUF_INIT;

    for (i = 0; i < mg_lint_count(l); i++) {
        const mg_lint_finding *f = mg_lint_at(l, i);
        const char *level = f->rule->severity == MG_LINT_ERROR ? "error"
                          : f->rule->severity == MG_LINT_WARNING ? "warning"
                          : "notice";
        if (f->ignored)
            continue;
        mg_buf_clear(&msg);
        mg_buf_clear(&title);
        mg_buf_addf(&msg, "%s. %s", message_of(&what, f), f->rule->advice);
        mg_buf_addf(&title, "migrate lint %s%s", f->rule->id,
                    dialect_note(c, &note, f));
        github_annotation(level, f->path, f->line, mg_buf_cstr(&title),
                          mg_buf_cstr(&msg));
    }
    mg_buf_release(&msg);
    mg_buf_release(&title);
    mg_buf_release(&what);
    mg_buf_release(&note);
}

static void
print_json(const mg_lint *l)
{
    json j;
    size_t i;

    json_init(&j, stdout);
    json_begin_object(&j);
    json_key(&j, "ok");
    json_bool(&j, mg_lint_counted(l, MG_LINT_ERROR) == 0);
    json_key(&j, "revisions");
    json_int(&j, (long long)mg_lint_revisions(l));
    json_key(&j, "findings");
    json_begin_array(&j);
    for (i = 0; i < mg_lint_count(l); i++) {
        const mg_lint_finding *f = mg_lint_at(l, i);
        json_begin_object(&j);
        json_key(&j, "rule");
        json_string(&j, f->rule->id);
        json_key(&j, "severity");
        json_string(&j, mg_lint_severity_name(f->rule->severity));
        json_key(&j, "revision");
        json_string(&j, f->revision);
        json_key(&j, "file");
        json_string(&j, f->path);
        json_key(&j, "line");
        json_int(&j, f->line);
        json_key(&j, "dialect");
        json_string(&j, f->dialect);
        json_key(&j, "message");
        json_string(&j, f->message);
        json_key(&j, "advice");
        json_string(&j, f->rule->advice);
        json_key(&j, "ignored");
        json_string(&j, f->ignored);
        json_key(&j, "table");
        json_string(&j, f->table);
        json_key(&j, "rows");
        if (f->rows >= 0)
            json_int(&j, f->rows);
        else
            json_string(&j, NULL);
        json_key(&j, "bytes");
        if (f->bytes >= 0)
            json_int(&j, f->bytes);
        else
            json_string(&j, NULL);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_end_object(&j);
    json_finish(&j);
}


int
cmd_lint(cli *c)
{
    mg_strlist revs = MG_STRLIST_INIT;
    const mg_dialect *d_opt = NULL, *d_url = NULL;
    mg_lint *l = NULL;
    mg_error err;
    int github = 0, rc;
    size_t i;

    if (c->o.list_rules)
        return list_rules();
    /* everything else reads the project's revisions */
    if ((rc = cli_scripts(c)) != 0)
        return rc;
    if ((rc = cli_github_format(c, &github)) != 0)
        return rc;
    if ((c->o.base != NULL) + (c->o.all != 0) + (c->nargs > 0) > 1)
        return cli_failf(c, EXIT_USAGE, "give revisions, --base REF or "
                         "--all, not several");
    mg_error_clear(&err);
    if ((c->o.dialect || cli_url(c)) &&
        mg_dialect_resolve(c->o.dialect ? &d_opt : &d_url, c->o.dialect,
                           c->o.dialect ? NULL : cli_url(c), &err) < 0)
        return cli_fail(c, &err);
    if ((rc = select_revisions(c, &revs)) != 0)
        goto done;
    if (mg_lint_new(&l, &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    /* with a database, each finding says how big its table is */
    if (cli_url(c) && (c->engine || (rc = cli_engine(c, MG_OPEN_READONLY))
                                    == 0) &&
        mg_lint_read_stats(l, c->engine, &err) < 0)
        cli_warn(c, "table sizes unknown: %s", err.msg);
    if (rc != 0)
        goto done;
    for (i = 0; i < revs.n; i++) {
        const mg_revfile *rf = mg_scriptdir_file(c->sd, revs.v[i]);
        if (rf && lint_revision(l, d_opt, d_url, rf, &err) < 0) {
            rc = cli_fail(c, &err);
            goto done;
        }
    }
    if (c->json)
        print_json(l);
    else if (github)
        print_github(c, l);
    else
        print_text(c, l);
    rc = mg_lint_counted(l, MG_LINT_ERROR) ? EXIT_DIFF : EXIT_OK;
done:
    mg_lint_free(l);
    mg_strlist_release(&revs);
    return rc;
}

/* The findings of revision id in l, indented under its plan line. */
static void
print_plan_findings(const mg_lint *l, const char *id)
{
    mg_buf msg = MG_BUF_INIT;
    size_t i;

    for (i = 0; i < mg_lint_count(l); i++) {
        const mg_lint_finding *f = mg_lint_at(l, i);
        if (strcmp(f->revision, id) != 0)
            continue;
        printf("    line %d: %s%s[%s]: %s\n", f->line,
               f->ignored ? "ignored " : "",
               mg_lint_severity_name(f->rule->severity), f->rule->id,
               message_of(&msg, f));
        if (!f->ignored)
            printf("      risk: %s\n      instead: %s\n", f->rule->summary,
                   f->rule->advice);
    }
    mg_buf_release(&msg);
}

int
cli_dry_run(cli *c, const char *target)
{
    const mg_revgraph *g = mg_scriptdir_graph(c->sd);
    mg_strlist current = MG_STRLIST_INIT;
    mg_plan *plan = NULL;
    mg_lint *l = NULL;
    mg_error err;
    size_t i;
    int rc;

    if (c->o.sql)
        return cli_failf(c, EXIT_USAGE, "--dry-run needs a connection: it "
                         "cannot be combined with --sql");
    if ((rc = cli_engine(c, MG_OPEN_READONLY)) != 0)
        return rc;
    mg_error_clear(&err);
    if (mg_current(&current, c->engine, mg_config_version_table(c->cfg),
                   &err) < 0 ||
        mg_revgraph_plan_upgrade(&plan, g, &current, target, &err) < 0 ||
        mg_lint_new(&l, &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    if (mg_lint_read_stats(l, c->engine, &err) < 0)
        cli_warn(c, "table sizes unknown: %s", err.msg);
    for (i = 0; i < mg_plan_count(plan); i++) {
        const mg_revfile *rf = mg_scriptdir_file(c->sd,
                                                 mg_plan_revision(plan, i));
        if (rf && mg_lint_revision(l, rf, mg_engine_dialect(c->engine),
                                   &err) < 0) {
            rc = cli_fail(c, &err);
            goto done;
        }
    }
    if (c->json) {
        print_json(l);
        goto done;
    }
    if (mg_plan_count(plan) == 0)
        printf("nothing to upgrade: the database is already at the "
               "target\n");
    for (i = 0; i < mg_plan_count(plan); i++) {
        const char *id = mg_plan_revision(plan, i);
        const mg_revfile *rf = mg_scriptdir_file(c->sd, id);
        printf("would apply %s (%s)%s\n", id,
               rf ? mg_revfile_path(rf) : "?",
               rf && !mg_revfile_transactional(rf)
                   ? ", outside a transaction" : "");
        print_plan_findings(l, id);
    }
    printf("dry run: %zu revision%s, %zu error%s, %zu warning%s; nothing "
           "was run\n", mg_plan_count(plan),
           mg_plan_count(plan) == 1 ? "" : "s",
           mg_lint_counted(l, MG_LINT_ERROR),
           mg_lint_counted(l, MG_LINT_ERROR) == 1 ? "" : "s",
           mg_lint_counted(l, MG_LINT_WARNING),
           mg_lint_counted(l, MG_LINT_WARNING) == 1 ? "" : "s");
done:
    mg_plan_free(plan);
    mg_lint_free(l);
    mg_strlist_release(&current);
    return rc;
}
