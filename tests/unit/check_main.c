/* check_main.c - runs every unit suite. */
#include <stdlib.h>

#include "suites.h"

int
main(void)
{
    SRunner *sr = srunner_create(url_suite());
    int failed;

    srunner_add_suite(sr, config_suite());
    srunner_add_suite(sr, split_suite());
    srunner_add_suite(sr, revgraph_suite());
    srunner_add_suite(sr, revfile_suite());
    srunner_add_suite(sr, runtime_suite());
    srunner_add_suite(sr, metadata_suite());
    srunner_add_suite(sr, replay_cache_suite());
    srunner_add_suite(sr, model_suite());
    srunner_add_suite(sr, compare_suite());
    srunner_add_suite(sr, render_sqlite_suite());
    srunner_add_suite(sr, render_postgresql_suite());
    srunner_add_suite(sr, render_mariadb_suite());
    srunner_add_suite(sr, pg_objects_suite());
    srunner_add_suite(sr, mariadb_objects_suite());
    srunner_add_suite(sr, property_suite());
    srunner_add_suite(sr, hostile_suite());
    srunner_add_suite(sr, git_suite());
    srunner_add_suite(sr, erd_suite());
    srunner_add_suite(sr, db_suite());
    srunner_add_suite(sr, dynlib_suite());
    srunner_add_suite(sr, file_suite());
    srunner_add_suite(sr, interrupt_suite());
    srunner_add_suite(sr, check_suite());
    srunner_add_suite(sr, lint_suite());
    srunner_add_suite(sr, renames_suite());
    srunner_add_suite(sr, online_suite());
    test_skips_begin();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    test_skips_report();
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
