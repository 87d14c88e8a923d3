/* suites.h - the unit test suites, one per library module. */
#ifndef TESTS_UNIT_SUITES_H
#define TESTS_UNIT_SUITES_H

#include <check.h>
#include <stdio.h>

#include "migrate.h"
#include "../common/skip.h"

/* Assert that expr returns >= 0, printing err.msg when it does not. */
#define ck_mg_ok(expr, errp) do { \
        int ck_rc_ = (expr); \
        ck_assert_msg(ck_rc_ >= 0, "%s failed: %d %s", #expr, ck_rc_, \
                      (errp)->msg); \
    } while (0)

Suite *url_suite(void);
Suite *config_suite(void);
Suite *split_suite(void);
Suite *revgraph_suite(void);
Suite *revfile_suite(void);
Suite *runtime_suite(void);
Suite *metadata_suite(void);
Suite *model_suite(void);
Suite *compare_suite(void);
Suite *render_sqlite_suite(void);
Suite *render_postgresql_suite(void);
Suite *render_mariadb_suite(void);
Suite *pg_objects_suite(void);
Suite *mariadb_objects_suite(void);
Suite *property_suite(void);
Suite *hostile_suite(void);
Suite *git_suite(void);
Suite *file_suite(void);
Suite *erd_suite(void);
Suite *db_suite(void);
Suite *dynlib_suite(void);
Suite *replay_cache_suite(void);
Suite *interrupt_suite(void);
Suite *check_suite(void);
Suite *lint_suite(void);
Suite *renames_suite(void);
Suite *online_suite(void);

#endif
