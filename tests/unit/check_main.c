/* check_main.c - runs every unit suite. */
#include <stdlib.h>

#include "suites.h"

/* Each suite with its name, for MIGRATE_TEST_EXCLUDE. */
#define S(name) { #name, name##_suite }
static const struct {
    const char *name;
    Suite *(*make)(void);
} suites[] = {
    S(url),
    S(config),
    S(split),
    S(revgraph),
    S(revfile),
    S(runtime),
    S(metadata),
    S(replay_cache),
    S(model),
    S(compare),
    S(render_sqlite),
    S(render_postgresql),
    S(render_mariadb),
    S(pg_objects),
    S(mariadb_objects),
    S(property),
    S(hostile),
    S(git),
    S(erd),
    S(db),
    S(dynlib),
    S(file),
    S(interrupt),
    S(check),
    S(lint),
    S(renames),
    S(online),
};

int
main(void)
{
    SRunner *sr = NULL;
    size_t i;
    int failed;

    for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        if (test_suite_excluded(suites[i].name))
            continue;
        if (!sr)
            sr = srunner_create(suites[i].make());
        else
            srunner_add_suite(sr, suites[i].make());
    }
    if (!sr)
        sr = srunner_create(NULL);
    test_skips_begin();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    test_skips_report();
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
