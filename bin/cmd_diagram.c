/* cmd_diagram.c - the commands that draw or order a schema without
 * changing anything: erd (a Mermaid, DOT or SVG diagram through
 * mg_erd_render, with a notice on stderr when it would draw more tables
 * than are legible) and sorted-tables (foreign-key dependency order through
 * mg_sort_tables, cycles reported, never fatal). Both read `models` unless
 * --from names another source. */
#include "cli.h"
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const cli_opt opts_erd[] = {
    { "from", 0, "SRC", "schema to draw (default: models; also db[:URL], "
      "migrations[@REV], git:REF)", CLI_VALUE(from) },
    { "format", 0, "FMT", "mermaid (default), dot or svg; without it, "
      "-o's extension decides (.mmd/.md, .dot/.gv, .svg)", CLI_VALUE(format) },
    { "output", 'o', "FILE", "write the diagram to FILE instead of "
      "standard output", CLI_VALUE(output) },
    { "tables", 0, "GLOB", "draw only tables matching GLOB (repeatable, "
      "comma-separated)", CLI_LIST(tables) },
    { "exclude", 0, "GLOB", "leave out tables matching GLOB (repeatable, "
      "comma-separated)", CLI_LIST(exclude) },
    { "around", 0, "TABLE[:DEPTH]", "draw only tables within DEPTH "
      "foreign-key hops of TABLE (default 1)", CLI_LIST(around) },
    { "collapse-associations", 0, NULL, "draw a pure association table "
      "(only the two foreign keys of its primary key) as one many-to-many "
      "line", CLI_SET(collapse_associations) },
    { "group-by", 0, "KIND", "dot, svg: draw tables in clusters, KIND "
      "schema or prefix (the name up to its first '_')",
      CLI_VALUE(group_by) },
    { "no-cache", 0, NULL, "with --from migrations: replay even when the "
      "replay cache has their schema", CLI_SET(no_cache) },
    CLI_OPT_END
};
const cli_opt opts_sorted[] = {
    { "from", 0, "SRC", "schema to sort (default: models; also db[:URL], "
      "migrations[@REV], git:REF)", CLI_VALUE(from) },
    { "reverse", 0, NULL, "children first: the order to drop tables in",
      CLI_SET(reverse) },
    { "all-objects", 0, NULL, "every schema object in creation order, "
      "one \"KIND NAME\" a line (views, triggers... around the tables)",
      CLI_SET(all_objects) },
    { "no-cache", 0, NULL, "with --from migrations: replay even when the "
      "replay cache has their schema", CLI_SET(no_cache) },
    CLI_OPT_END
};

/* sorted-tables --all-objects: the objects made before the tables, the
 * tables, the others (mg_sort_objects), or all that backwards, one
 * "KIND NAME" a line, or as JSON {"objects": [{"kind", "name"}]}. */
static int
print_all_objects(cli *c, const mg_metadata *md, const mg_sorted *s)
{
    size_t *order = NULL, norder = 0, npre = 0, n = mg_sorted_count(s);
    size_t total, i;
    mg_strlist kinds = MG_STRLIST_INIT, names = MG_STRLIST_INIT;
    mg_error err;
    json j;

    mg_error_clear(&err);
    if (mg_sort_objects(&order, &norder, md, &err) < 0)
        return cli_fail(c, &err);
    while (npre < norder &&
           MG_OBJ_BEFORE_TABLES(mg_metadata_object_at(md, order[npre])->kind))
        npre++;
    for (i = 0; i < npre + n + (norder - npre); i++) {
        const mg_object *o = i < npre ? mg_metadata_object_at(md, order[i]) :
                             i >= npre + n ?
                             mg_metadata_object_at(md, order[i - n]) : NULL;
        mg_strlist_add(&kinds, o ? mg_object_kind_name(o->kind) : "table");
        mg_strlist_add(&names, o ? o->name :
                       mg_sorted_table(s, i - npre)->name);
    }
    free(order);
    total = kinds.n;
    if (c->json) {
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "objects");
        json_begin_array(&j);
    }
    for (i = 0; i < total; i++) {
        size_t k = c->o.reverse ? total - 1 - i : i;
        if (!c->json) {
            printf("%s %s\n", kinds.v[k], names.v[k]);
            continue;
        }
        json_begin_object(&j);
        json_key(&j, "kind");
        json_string(&j, kinds.v[k]);
        json_key(&j, "name");
        json_string(&j, names.v[k]);
        json_end_object(&j);
    }
    if (c->json) {
        json_end_array(&j);
        json_end_object(&j);
        json_finish(&j);
    }
    mg_strlist_release(&kinds);
    mg_strlist_release(&names);
    return EXIT_OK;
}

/* Load the schema --from names (default models), resolved against the
 * config when there is one (CLI_CONFIG_GENTLY). */
static int
load_source(cli *c, mg_metadata **out)
{
    const char *spec = c->o.from;
    const mg_dialect *d = NULL;
    mg_source_opts o;
    mg_error err;
    int rc;

    if (!spec)
        spec = "models";
    cli_source_opts(c, &o);
    if (strncmp(spec, "migrations", 10) == 0 && !(d = cli_dialect(c, &rc)))
        return rc;
    o.dialect = d;
    mg_error_clear(&err);
    if (mg_source_load(out, spec, &o, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}

/* Write b to path whole or not at all (an existing file is replaced only
 * once the new one is complete). */
static int
write_file_all(cli *c, const char *path, const mg_buf *b)
{
    mg_error err;

    mg_error_clear(&err);
    if (mg_file_write(path, b->ptr ? b->ptr : "", b->len, 0, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}

/* Say on stderr when a diagram of more than MG_ERD_LEGIBLE_TABLES tables
 * was asked for without choosing tables (not with -q). */
static void
warn_large(cli *c, const mg_metadata *md, const mg_erd_opts *opts)
{
    mg_strlist kept = MG_STRLIST_INIT;
    mg_error err;

    if (c->quiet || c->o.tables.n || c->o.exclude.n || c->o.around.n)
        return;
    mg_error_clear(&err);
    if (mg_erd_select(&kept, md, opts, &err) == 0 &&
        kept.n > MG_ERD_LEGIBLE_TABLES)
        fprintf(stderr, "migrate: drawing all %zu tables; a diagram of more "
                "than %d is hard to read: choose some with --tables, "
                "--exclude or --around, or cluster them with --group-by\n",
                kept.n, MG_ERD_LEGIBLE_TABLES);
    mg_strlist_release(&kept);
}

int
cmd_erd(cli *c)
{
    const char *format = c->o.format;
    const char *path = c->o.output;
    mg_metadata *md = NULL;
    mg_buf out = MG_BUF_INIT;
    mg_erd_opts opts;
    mg_error err;
    int rc;

    mg_erd_opts_init(&opts);
    mg_error_clear(&err);
    if (format && mg_erd_format_parse(&opts.format, format, &err) < 0)
        return cli_fail(c, &err);
    if (!format && path)
        mg_erd_format_for_path(&opts.format, path);
    if (opts.format == MG_ERD_SVG && !mg_erd_svg_available())
        return cli_failf(c, EXIT_USAGE, "svg output needs Graphviz (libgvc), "
                         "which this build of migrate lacks: use --format "
                         "dot and 'dot -Tsvg', or rebuild with "
                         "libgraphviz-dev installed");
    if (path && opts.format == MG_ERD_MERMAID) {
        const char *dot = strrchr(path, '.');
        opts.fenced = dot && strcmp(dot, ".md") == 0;
    }
    opts.tables = &c->o.tables;
    opts.exclude = &c->o.exclude;
    opts.around = &c->o.around;
    opts.collapse_associations = c->o.collapse_associations;
    if (c->o.group_by &&
        mg_erd_group_parse(&opts.group_by, c->o.group_by, &err) < 0)
        return cli_fail(c, &err);
    if ((rc = load_source(c, &md)) != 0)
        return rc;
    warn_large(c, md, &opts);
    if (mg_erd_render(&out, md, &opts, &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    if (path && (rc = write_file_all(c, path, &out)) != 0)
        goto done;
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "format");
        json_string(&j, mg_erd_format_name(opts.format));
        json_key(&j, path ? "output" : "diagram");
        json_string(&j, path ? path : mg_buf_cstr(&out));
        json_end_object(&j);
        json_finish(&j);
    } else if (!path) {
        fwrite(mg_buf_cstr(&out), 1, out.len, stdout);
    } else if (c->verbose) {
        printf("wrote %s diagram to %s\n", mg_erd_format_name(opts.format),
               path);
    }
    rc = EXIT_OK;
done:
    mg_buf_release(&out);
    mg_metadata_free(md);
    return rc;
}

int
cmd_sorted_tables(cli *c)
{
    int reverse = c->o.reverse;
    mg_metadata *md = NULL;
    mg_sorted *s = NULL;
    mg_error err;
    size_t i, n;
    int rc;

    if ((rc = load_source(c, &md)) != 0)
        return rc;
    mg_error_clear(&err);
    if (mg_sort_tables(&s, md, &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    n = mg_sorted_count(s);
    if (c->o.all_objects) {
        rc = print_all_objects(c, md, s);
        goto done;
    }
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "tables");
        json_begin_array(&j);
        for (i = 0; i < n; i++)
            json_string(&j, mg_sorted_table(s, reverse ? n - 1 - i : i)->name);
        json_end_array(&j);
        json_key(&j, "cycles");
        json_begin_array(&j);
        for (i = 0; i < mg_sorted_set_aside_count(s); i++) {
            const mg_constraint *fk = mg_sorted_set_aside_fk(s, i);
            const mg_table *const *ts;
            size_t k, nt;
            ts = mg_sorted_cycle(s, mg_sorted_set_aside_cycle(s, i), &nt);
            json_begin_object(&j);
            json_key(&j, "tables");
            json_begin_array(&j);
            for (k = 0; k < nt; k++)
                json_string(&j, ts[k]->name);
            json_end_array(&j);
            json_key(&j, "table");
            json_string(&j, mg_sorted_set_aside_table(s, i)->name);
            json_key(&j, "foreign_key");
            json_string(&j, fk->name);
            json_key(&j, "references");
            json_string(&j, fk->ref_table);
            json_end_object(&j);
        }
        json_end_array(&j);
        json_end_object(&j);
        json_finish(&j);
    } else {
        for (i = 0; i < n; i++)
            printf("%s\n", mg_sorted_table(s, reverse ? n - 1 - i : i)->name);
        /* Scripts read the order on stdout; the cycles are a report. */
        for (i = 0; i < mg_sorted_set_aside_count(s) && !c->quiet; i++) {
            const mg_table *const *ts;
            size_t k, nt;
            ts = mg_sorted_cycle(s, mg_sorted_set_aside_cycle(s, i), &nt);
            fputs("migrate: cycle between ", stderr);
            for (k = 0; k < nt; k++)
                fprintf(stderr, "%s%s", k ? ", " : "", ts[k]->name);
            fprintf(stderr, ": foreign key %s on %s (-> %s) set aside\n",
                    mg_sorted_set_aside_fk(s, i)->name,
                    mg_sorted_set_aside_table(s, i)->name,
                    mg_sorted_set_aside_fk(s, i)->ref_table);
        }
    }
    rc = EXIT_OK;
done:
    mg_sorted_free(s);
    mg_metadata_free(md);
    return rc;
}
