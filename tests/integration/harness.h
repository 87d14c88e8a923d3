/* harness.h - running the built migrate binary in a temporary project and
 * checking the database with the database's own client. */
#ifndef TESTS_INTEGRATION_HARNESS_H
#define TESTS_INTEGRATION_HARNESS_H

#include <check.h>

typedef struct run_result {
    int   status;       /* exit code, or 128 + signal */
    char *out;          /* stdout, NUL-terminated */
    char *err;          /* stderr */
} run_result;

/* A fresh temporary directory, made the current directory; the previous
 * one is removed by project_leave(). Returns its path. */
const char *project_enter(void);
void project_leave(void);

/* Run "$MIGRATE_BIN args..." (args is a shell word list, already quoted)
 * in the current directory, capturing both streams. */
run_result migrate(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run any shell command the same way. */
run_result shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void run_free(run_result *r);

/* One value from the sqlite3 shell (trailing newline removed). */
char *sqlite_value(const char *db, const char *sql);

/* Write a file (relative to the current directory). */
void write_file(const char *path, const char *text);
/* Read a file; NULL when missing. */
char *read_file(const char *path);

/* Assert a run's exit status, printing both streams when it differs. */
#define ck_run_status(r, want) \
    ck_assert_msg((r).status == (want), \
                  "exit %d, want %d\n--- stdout\n%s--- stderr\n%s", \
                  (r).status, (want), (r).out, (r).err)
#define ck_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, \
                  "expected to find\n  %s\nin\n%s", (needle), (hay))
#define ck_not_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) == NULL, \
                  "did not expect\n  %s\nin\n%s", (needle), (hay))

#endif
