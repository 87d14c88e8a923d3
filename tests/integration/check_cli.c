/* check_cli.c - runs the integration suites against the built binary
 * ($MIGRATE_BIN). MIGRATE_TEST_SHARD=i/n runs every n-th suite from the
 * i-th (1-based), so `make check` runs the suites in two processes at
 * once (tests/integration/shard1.sh, shard2.sh); unset: all of them. */
#include <stdio.h>
#include <stdlib.h>

#include "suites.h"
#include "../common/skip.h"

static Suite *(*const suites[])(void) = {
    cli_sqlite_suite, cli_errors_suite, cli_graph_suite, cli_servers_suite,
    cli_autogen_suite, cli_diagram_suite, cli_git_suite,
    cli_reliability_suite, cli_onetx_suite, cli_identifiers_suite,
    cli_fidelity_suite, cli_cache_suite, cli_files_suite, cli_daily_suite,
    cli_interrupt_suite, cli_shadow_suite, cli_realschema_suite,
    cli_unmanaged_suite, cli_needs_value_suite,
    cli_autokeys_suite, cli_pg_objects_suite, cli_setup_suite,
    cli_maria_suite, cli_multidialect_suite, cli_objects_suite,
    cli_lint_suite, cli_adopt_suite,
    cli_maria_objects_suite,
    cli_querycount_suite, cli_online_suite,
};

int
main(void)
{
    const char *shard = getenv("MIGRATE_TEST_SHARD");
    SRunner *sr = NULL;
    size_t i;
    int failed, k = 1, n = 1;

    if (shard && (sscanf(shard, "%d/%d", &k, &n) != 2 || n < 1 || k < 1 ||
                  k > n)) {
        fprintf(stderr, "MIGRATE_TEST_SHARD must be i/n, not '%s'\n", shard);
        return EXIT_FAILURE;
    }
    for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        if ((int)(i % (size_t)n) != k - 1)
            continue;
        if (!sr)
            sr = srunner_create(suites[i]());
        else
            srunner_add_suite(sr, suites[i]());
    }
    srunner_set_fork_status(sr, CK_FORK);
    test_skips_begin();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    test_skips_report();
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
