/* stmtcount_int.h - counting the statements a process sends to its
 * databases, by kind, for tests and benchmarks that guard query counts
 * (issue 24: "query counts are tested, not timed").
 *
 * Off unless the environment names a file in MIGRATE_COUNT_STATEMENTS;
 * then every statement any connection of the process sends (any thread,
 * any dialect, catalog queries of reflection included) is counted where
 * the dialect hands it to its client library, and at exit one line is
 * written to that file:
 *
 *     read=4 ddl=0 write=0 transaction=0 other=0 total=4
 *
 * The kind is the statement's first keyword: read (SELECT, WITH, SHOW,
 * PRAGMA, EXPLAIN, DESCRIBE, VALUES, TABLE: catalog queries, version-row
 * reads, the lock functions), ddl (CREATE, ALTER, DROP, TRUNCATE, RENAME,
 * COMMENT), write (INSERT, UPDATE, DELETE, REPLACE, MERGE, COPY),
 * transaction (BEGIN, START, COMMIT, ROLLBACK, END, SAVEPOINT, RELEASE),
 * other (SET, DO, anything else). One text sent at once counts once, as
 * its first statement's kind, except a transaction sent as one text (the
 * runtime's "BEGIN;\n...;\nCOMMIT" record of a step), whose statements
 * count each. SQLite counts each statement it starts
 * (trigger bodies and its own schema reads are not counted).
 * MIGRATE_COUNT_STATEMENTS_SQL, when it names a file too, receives each
 * counted statement as it is sent: its kind, a tab, its text on one
 * line. */
#ifndef MG_STMTCOUNT_INT_H
#define MG_STMTCOUNT_INT_H

/* 1 when counting is on for this process (the variable is read once). */
int mg_stmtcount__on(void);

/* Count one statement sent, of the kind its text starts with. Does
 * nothing when counting is off; safe from any thread. */
void mg_stmtcount__add(const char *sql);

#endif
