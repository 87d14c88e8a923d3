/* suites.h - integration suites: the built binary against real databases. */
#ifndef TESTS_INTEGRATION_SUITES_H
#define TESTS_INTEGRATION_SUITES_H

#include <check.h>

Suite *cli_sqlite_suite(void);
Suite *cli_errors_suite(void);
Suite *cli_graph_suite(void);
Suite *cli_servers_suite(void);
Suite *cli_autogen_suite(void);
Suite *cli_diagram_suite(void);
Suite *cli_git_suite(void);
Suite *cli_reliability_suite(void);
Suite *cli_onetx_suite(void);
Suite *cli_identifiers_suite(void);
Suite *cli_fidelity_suite(void);
Suite *cli_cache_suite(void);
Suite *cli_files_suite(void);
Suite *cli_daily_suite(void);
Suite *cli_interrupt_suite(void);
Suite *cli_shadow_suite(void);
Suite *cli_realschema_suite(void);
Suite *cli_unmanaged_suite(void);
Suite *cli_needs_value_suite(void);
Suite *cli_autokeys_suite(void);
Suite *cli_pg_objects_suite(void);
Suite *cli_setup_suite(void);
Suite *cli_maria_suite(void);
Suite *cli_lint_suite(void);
Suite *cli_multidialect_suite(void);
Suite *cli_adopt_suite(void);
Suite *cli_maria_objects_suite(void);
Suite *cli_maria_tableopts_suite(void);
Suite *cli_objects_suite(void);
Suite *cli_querycount_suite(void);
Suite *cli_online_suite(void);

#endif
