/* projects.h - a test project on any dialect: SQLite in the project
 * directory, or a fresh database on a test server; revision files written
 * in one fixed shape; values read back with each database's own client. */
#ifndef TESTS_INTEGRATION_PROJECTS_H
#define TESTS_INTEGRATION_PROJECTS_H

#include <stdlib.h>
#include <string.h>

/* The dialects a loop test runs on, by loop index. */
enum { SQLITE, POSTGRESQL, MARIADB };

extern const char *const dialect_names[3];

/* `migrate init .` and a migrate.ini for dialect d (app.db, or a fresh
 * server database) with extra lines appended to [migrate] (NULL for
 * none); 0 when d's server is not configured (skip the test). */
int dialect_project(int d, const char *extra);
/* The database URL of the last dialect_project. */
const char *dialect_url(void);
/* Drop the server databases the test made and leave the project. */
void dialect_teardown(void);

/* migrations/versions/<id>_step.sql; header holds extra header lines ("",
 * or "-- transaction: off\n"). With header "" the upgrade SQL starts on
 * line 6. */
void step_revision(const char *id, const char *down, const char *header,
                   const char *up, const char *downsql);

/* One value read with d's own client (sqlite3, psql, mariadb). */
char *dialect_value(int d, const char *sql);
/* Run the SQL script in file path with d's own client (stopping at the
 * first error); the client's exit status. */
int dialect_run_file(int d, const char *path);
/* SQL counting the tables called name in d's project database (static
 * buffer). */
const char *dialect_table_count_sql(int d, const char *name);

#define ck_dialect_value(d, sql, want) do { \
        char *v_ = dialect_value((d), (sql)); \
        ck_assert_msg(strcmp(v_, (want)) == 0, "%s: %s\n  is '%s'\n  " \
                      "want '%s'", dialect_names[d], (sql), v_, (want)); \
        free(v_); \
    } while (0)

#endif
