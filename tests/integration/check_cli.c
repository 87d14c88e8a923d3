/* check_cli.c - runs the integration suites against the built binary
 * ($MIGRATE_BIN). MIGRATE_TEST_SHARD=i/n runs every n-th suite from the
 * i-th (1-based), so `make check` runs the suites in four processes at
 * once (tests/integration/shard.sh), cli_realschema in a fifth
 * (realschema.sh); unset: all of them. */
#include <stdio.h>
#include <stdlib.h>

#include "suites.h"
#include "../common/skip.h"

/* Each suite with its name, for MIGRATE_TEST_EXCLUDE. */
#define S(name) { #name, name##_suite }
static const struct {
    const char *name;
    Suite *(*make)(void);
} suites[] = {
    S(cli_sqlite),
    S(cli_errors),
    S(cli_graph),
    S(cli_servers),
    S(cli_autogen),
    S(cli_diagram),
    S(cli_git),
    S(cli_reliability),
    S(cli_onetx),
    S(cli_identifiers),
    S(cli_fidelity),
    S(cli_cache),
    S(cli_files),
    S(cli_daily),
    S(cli_interrupt),
    S(cli_shadow),
    S(cli_realschema),
    S(cli_unmanaged),
    S(cli_needs_value),
    S(cli_autokeys),
    S(cli_pg_objects),
    S(cli_setup),
    S(cli_maria),
    S(cli_multidialect),
    S(cli_objects),
    S(cli_lint),
    S(cli_adopt),
    S(cli_maria_objects),
    S(cli_querycount),
    S(cli_online),
    S(cli_maria_tableopts),
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
        if ((int)(i % (size_t)n) != k - 1 ||
            test_suite_excluded(suites[i].name))
            continue;
        if (!sr)
            sr = srunner_create(suites[i].make());
        else
            srunner_add_suite(sr, suites[i].make());
    }
    if (!sr)        /* every suite of this shard excluded */
        sr = srunner_create(NULL);
    srunner_set_fork_status(sr, CK_FORK);
    test_skips_begin();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    test_skips_report();
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
