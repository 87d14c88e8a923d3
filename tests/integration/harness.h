/* harness.h - running the built migrate binary in a temporary project and
 * checking the database with the database's own client. */
#ifndef TESTS_INTEGRATION_HARNESS_H
#define TESTS_INTEGRATION_HARNESS_H

#include <check.h>

#include "../common/skip.h"

typedef struct run_result {
    int   status;       /* exit code, or 128 + signal */
    char *out;          /* stdout, NUL-terminated */
    char *err;          /* stderr */
} run_result;

/* A fresh temporary directory, made the current directory; the previous
 * one is removed by project_leave(). Returns its path. MIGRATE_CACHE_DIR
 * is set to "<path>.cache", removed with it. */
const char *project_enter(void);
void project_leave(void);

/* Run "$MIGRATE_BIN args..." (args is a shell word list, already quoted)
 * in the current directory, capturing both streams. */
run_result migrate(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run any shell command the same way. */
run_result shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void run_free(run_result *r);
/* The stdout of `migrate cmd` (malloc'd), asserting it exits with status
 * want (both streams printed when not). */
char *migrate_out(int want, const char *cmd);

/* One value from the sqlite3 shell (trailing newline removed). */
char *sqlite_value(const char *db, const char *sql);

/* Write a file (relative to the current directory). */
void write_file(const char *path, const char *text);
/* Read a file; NULL when missing. */
char *read_file(const char *path);

/* Append the line (a key = value of [migrate]) to ./migrate.ini. */
void ini_add(const char *line);
/* Run "migrate init ." in the current directory, asserting success. */
void project_init(void);

/* Write migrations/versions/<id>_<id>.sql with the given header values and
 * sections (message: id). down may be "" (a root); extra holds further
 * header lines ("-- branch_labels: x\n"), or NULL. The upgrade SQL starts
 * on line 7 of the file; the downgrade SQL two lines after the upgrade
 * SQL's last line, plus one for "-- +downgrade". */
void write_revision(const char *id, const char *down, const char *extra,
                    const char *upgrade, const char *downgrade);

/* The whole database as `sqlite3 db .dump` prints it, or "<no database>"
 * when the file does not exist. For checking that a run changed nothing. */
char *db_snapshot(const char *db);
/* The file names in dir (`ls -A`), one a line. */
char *dir_listing(const char *dir);
/* 1 when path exists. */
int path_exists(const char *path);
/* The SHA-256 of a file's bytes as lowercase hex, from sha256sum. */
char *sha256_file(const char *path);

/* Assert that json_text is one JSON document for which the Python
 * expression check is true (the document is `d`). */
void ck_json(const char *json_text, const char *check);

/* The revision ids of `migrate history` text output, in order, separated
 * by single spaces ("" when none). */
char *history_ids(const char *history_text);
/* The first word of each line, separated by single spaces. */
char *first_words(const char *text);
/* The words of a space-separated list sorted, separated by single spaces. */
char *sorted_words(const char *words);
/* The position of word in a space-separated list, -1 when absent. */
int word_index(const char *words, const char *word);

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
