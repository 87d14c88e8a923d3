/* check_cli.c - runs the integration suites against the built binary
 * ($MIGRATE_BIN). */
#include <stdlib.h>

#include "suites.h"
#include "../common/skip.h"

int
main(void)
{
    SRunner *sr = srunner_create(cli_sqlite_suite());
    int failed;

    srunner_add_suite(sr, cli_errors_suite());
    srunner_add_suite(sr, cli_graph_suite());
    srunner_add_suite(sr, cli_servers_suite());
    srunner_add_suite(sr, cli_autogen_suite());
    srunner_add_suite(sr, cli_diagram_suite());
    srunner_add_suite(sr, cli_git_suite());
    srunner_add_suite(sr, cli_reliability_suite());
    srunner_add_suite(sr, cli_onetx_suite());
    srunner_add_suite(sr, cli_identifiers_suite());
    srunner_add_suite(sr, cli_fidelity_suite());
    srunner_add_suite(sr, cli_cache_suite());
    srunner_add_suite(sr, cli_files_suite());
    srunner_add_suite(sr, cli_daily_suite());
    srunner_add_suite(sr, cli_interrupt_suite());
    srunner_add_suite(sr, cli_shadow_suite());
    srunner_set_fork_status(sr, CK_FORK);
    test_skips_begin();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    test_skips_report();
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
