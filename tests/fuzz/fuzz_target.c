/* fuzz_target.c - libFuzzer harness for target expressions: a fixed graph
 * (two roots, a branch, a merge, labels, a dependency) and fuzzed current
 * rows and targets for upgrade, downgrade, resolve and history ranges.
 * Every call must return 0 or a negative code with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg_revgraph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mg_revgraph *graph;

static void
add(const char *id, const char *down, const char *dep, const char *label)
{
    mg_strlist d = MG_STRLIST_INIT, p = MG_STRLIST_INIT, l = MG_STRLIST_INIT;
    char buf[64], *save = NULL, *w;

    snprintf(buf, sizeof(buf), "%s", down);
    for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
        mg_strlist_add(&d, w);
    if (*dep)
        mg_strlist_add(&p, dep);
    if (*label)
        mg_strlist_add(&l, label);
    mg_revgraph_add(graph, id, &d, &p, &l, id, NULL);
    mg_strlist_release(&d);
    mg_strlist_release(&p);
    mg_strlist_release(&l);
}

static void
build(void)
{
    mg_revgraph_new(&graph, NULL);
    add("aaaa1111", "", "", "");
    add("aaaa2222", "aaaa1111", "", "feat");
    add("bbbb1111", "aaaa1111", "", "");
    add("cccc1111", "aaaa2222,bbbb1111", "", "");
    add("dddd1111", "", "aaaa2222", "other");
    add("dddd2222", "dddd1111", "", "");
    if (mg_revgraph_build(graph, NULL) < 0)
        abort();
}

static void
check(int rc, const mg_error *err)
{
    if (rc > 0 || (rc < 0 && !err->msg[0]))
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mg_strlist current = MG_STRLIST_INIT, out = MG_STRLIST_INIT;
    char *text = malloc(size + 1), *nl, *target;
    mg_plan *plan = NULL;
    mg_error err;

    if (!graph)
        build();
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* first line: current rows separated by spaces; rest: the target */
    nl = strchr(text, '\n');
    target = nl ? nl + 1 : text;
    if (nl) {
        char *save = NULL, *w;
        *nl = '\0';
        for (w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save))
            mg_strlist_add(&current, w);
    }
    mg_error_clear(&err);
    check(mg_revgraph_plan_upgrade(&plan, graph, &current, target, &err),
          &err);
    mg_plan_free(plan);
    plan = NULL;
    mg_error_clear(&err);
    check(mg_revgraph_plan_downgrade(&plan, graph, &current, target, &err),
          &err);
    mg_plan_free(plan);
    mg_error_clear(&err);
    check(mg_revgraph_resolve(&out, graph, &current, target, &err), &err);
    mg_strlist_release(&out);
    mg_error_clear(&err);
    check(mg_revgraph_range(&out, graph, &current, target, &err), &err);
    mg_strlist_release(&out);
    mg_strlist_release(&current);
    free(text);
    return 0;
}
