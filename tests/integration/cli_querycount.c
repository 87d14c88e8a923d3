/* cli_querycount.c - query counts are tested, not timed (issue 24): the
 * exact number of statements, by kind, that `diff --from db`, `revision
 * --autogenerate` and `check` (replay cache warm) send to read a database
 * of 10 and of 1,000 tables, alone and with their schema objects (views,
 * triggers, functions, enums, sequences: as many per table at both
 * sizes), or with every CHECK written otherwise than the server writes
 * it (the server then decides: as many reads at both sizes), and that
 * `upgrade` sends per revision and per
 * run, on every dialect. A query per table, per index or per revision that
 * creeps back changes a count here.
 *
 * The counts come from the binary itself: MIGRATE_COUNT_STATEMENTS names a
 * file that receives "read=R ddl=D write=W transaction=T other=O total=N"
 * at exit, and MIGRATE_COUNT_STATEMENTS_SQL the statements, which a
 * failure prints. The expected numbers are the one table below: a change
 * that adds or removes catalog queries on purpose updates its row, and the
 * failure message names the row, the kind and both numbers (and stderr
 * gets the statements sent). MIGRATE_QUERYCOUNT_PRINT=1 prints every
 * count measured as a row of the table instead of checking it.
 *
 * The 1,000 tables are made by one script through the database's own
 * client; each has a primary key, a unique constraint, a check, a default,
 * a foreign key to the table before it and an index, so a query per object
 * of any kind changes a count. The same script then adds the schema
 * objects where the dialect has them (add_objects), and the models hold
 * the same tables and objects: a statement sent per object shows as a
 * count that differs between the 10 and the 1,000 rows. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

/* The statements each command sends, by kind (stmtcount_int.h), and
 * "alone": the writes sent outside a transaction (each its own commit;
 * from the statement log). */
enum { READ, DDL, WRITE, TRANSACTION, OTHER, ALONE, NKINDS };
typedef struct counts {
    int v[NKINDS];
} counts;

/* ---- the expected numbers: edit here ---------------------------------
 * Reflection grew by one query on PostgreSQL (every schema object kind in
 * one) and by three on MariaDB (views, triggers, routines) with issue 20.
 * what: the command (reflection commands: the database holds `tables`
 * tables), or "upgrade, each revision" / "upgrade, each run" (the fixed
 * part of a run that applies revisions to a database that has the version
 * tables). */
#define DIFF     "diff --from db --to models"
#define AUTOGEN  "revision --autogenerate"
#define CHECK    "check"
#define EACH_REV "upgrade, each revision"
#define EACH_RUN "upgrade, each run"
#define OBJECTS  ", with objects"
#define DIFF_OBJECTS    DIFF OBJECTS
#define AUTOGEN_OBJECTS AUTOGEN OBJECTS
#define CHECK_OBJECTS   CHECK OBJECTS
#define EXPRS ", every CHECK in other words than the server's"
#define DIFF_EXPRS    DIFF EXPRS
#define AUTOGEN_EXPRS AUTOGEN EXPRS
#define CHECK_EXPRS   CHECK EXPRS
static const struct expected {
    int         dialect;
    const char *what;
    int         tables;
    counts      n;    /* read, ddl, write, transaction, other, alone */
} expected[] = {
    { SQLITE, DIFF, 10, { { 2, 0, 0, 0, 0, 0 } } },
    { SQLITE, DIFF, 1000, { { 2, 0, 0, 0, 0, 0 } } },
    { SQLITE, AUTOGEN, 10, { { 4, 0, 0, 0, 0, 0 } } },
    { SQLITE, AUTOGEN, 1000, { { 4, 0, 0, 0, 0, 0 } } },
    { SQLITE, CHECK, 10, { { 9, 0, 0, 0, 0, 0 } } },
    { SQLITE, CHECK, 1000, { { 9, 0, 0, 0, 0, 0 } } },
    { SQLITE, EACH_REV, 0, { { 1, 1, 2, 2, 0, 0 } } },
    { SQLITE, EACH_RUN, 0, { { 14, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, DIFF, 10, { { 6, 0, 0, 0, 0, 0 } } },
    { POSTGRESQL, DIFF, 1000, { { 6, 0, 0, 0, 0, 0 } } },
    { POSTGRESQL, AUTOGEN, 10, { { 8, 0, 0, 0, 0, 0 } } },
    { POSTGRESQL, AUTOGEN, 1000, { { 8, 0, 0, 0, 0, 0 } } },
    { POSTGRESQL, CHECK, 10, { { 12, 0, 0, 0, 0, 0 } } },
    { POSTGRESQL, CHECK, 1000, { { 12, 0, 0, 0, 0, 0 } } },
    { POSTGRESQL, EACH_REV, 0, { { 0, 1, 2, 2, 0, 0 } } },
    { POSTGRESQL, EACH_RUN, 0, { { 18, 2, 0, 0, 0, 0 } } },
    { MARIADB, DIFF, 10, { { 9, 0, 0, 0, 0, 0 } } },
    { MARIADB, DIFF, 1000, { { 9, 0, 0, 0, 0, 0 } } },
    { MARIADB, AUTOGEN, 10, { { 11, 0, 0, 0, 0, 0 } } },
    { MARIADB, AUTOGEN, 1000, { { 11, 0, 0, 0, 0, 0 } } },
    { MARIADB, CHECK, 10, { { 15, 0, 0, 0, 0, 0 } } },
    { MARIADB, CHECK, 1000, { { 15, 0, 0, 0, 0, 0 } } },
    { MARIADB, EACH_REV, 0, { { 0, 1, 3, 2, 0, 0 } } },
    { MARIADB, EACH_RUN, 0, { { 16, 2, 0, 0, 2, 1 } } },
    /* the same tables with their schema objects (add_objects: 10 tables
     * + 2 views, 2 triggers, 1 function, 1 enum, 1 sequence; 1,000 +
     * 200, 200, 50, 50, 50). SQLite reads them with its tables. The
     * commands give the models' objects the server's form of them
     * (catalog.server_form): PostgreSQL creates the model's tables and
     * objects in a scratch schema as one text under one savepoint (BEGIN,
     * CREATE SCHEMA, SAVEPOINT, the batch, RELEASE, ROLLBACK), reads the
     * functions' signatures in one query and the objects in one; MariaDB
     * creates each view, routine and sequence under a temporary name and
     * drops it (two DDL per object: it has no transactional DDL to batch
     * them in; never a trigger, which would fire on the live table) and
     * reads them back with a fixed number of queries. Catalog reads are the
     * same at 10 and 1,000 on every row (ck_counts checks that too). */
    { SQLITE, DIFF_OBJECTS, 10, { { 2, 0, 0, 0, 0, 0 } } },
    { SQLITE, DIFF_OBJECTS, 1000, { { 2, 0, 0, 0, 0, 0 } } },
    { SQLITE, AUTOGEN_OBJECTS, 10, { { 4, 0, 0, 0, 0, 0 } } },
    { SQLITE, AUTOGEN_OBJECTS, 1000, { { 4, 0, 0, 0, 0, 0 } } },
    { SQLITE, CHECK_OBJECTS, 10, { { 9, 0, 0, 0, 0, 0 } } },
    { SQLITE, CHECK_OBJECTS, 1000, { { 9, 0, 0, 0, 0, 0 } } },
    { POSTGRESQL, DIFF_OBJECTS, 10, { { 8, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, DIFF_OBJECTS, 1000, { { 8, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, AUTOGEN_OBJECTS, 10, { { 10, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, AUTOGEN_OBJECTS, 1000, { { 10, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, CHECK_OBJECTS, 10, { { 14, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, CHECK_OBJECTS, 1000, { { 14, 2, 0, 4, 0, 0 } } },
    { MARIADB, DIFF_OBJECTS, 10, { { 15, 8, 0, 0, 0, 0 } } },
    { MARIADB, DIFF_OBJECTS, 1000, { { 15, 600, 0, 0, 0, 0 } } },
    { MARIADB, AUTOGEN_OBJECTS, 10, { { 17, 8, 0, 0, 0, 0 } } },
    { MARIADB, AUTOGEN_OBJECTS, 1000, { { 17, 600, 0, 0, 0, 0 } } },
    { MARIADB, CHECK_OBJECTS, 10, { { 21, 8, 0, 0, 0, 0 } } },
    { MARIADB, CHECK_OBJECTS, 1000, { { 21, 600, 0, 0, 0, 0 } } },
    /* every CHECK written otherwise than the server writes it (WITH_EXPRS):
     * the server decides on each (settle.c). PostgreSQL makes the tables
     * in a scratch schema as one text under one savepoint and reflects
     * that schema (BEGIN, CREATE SCHEMA and search_path, SAVEPOINT, the
     * batch, RELEASE, six catalog reads, ROLLBACK); MariaDB makes them in
     * a scratch database (read: its own database's name and character
     * set; CREATE DATABASE, USE, a CREATE TABLE per table, reflection,
     * USE, DROP DATABASE): a DDL per table sent, never a catalog read. */
    { POSTGRESQL, DIFF_EXPRS, 10, { { 12, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, DIFF_EXPRS, 1000, { { 12, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, AUTOGEN_EXPRS, 10, { { 14, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, AUTOGEN_EXPRS, 1000, { { 14, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, CHECK_EXPRS, 10, { { 18, 2, 0, 4, 0, 0 } } },
    { POSTGRESQL, CHECK_EXPRS, 1000, { { 18, 2, 0, 4, 0, 0 } } },
    { MARIADB, DIFF_EXPRS, 10, { { 19, 12, 0, 0, 2, 0 } } },
    { MARIADB, DIFF_EXPRS, 1000, { { 19, 1002, 0, 0, 2, 0 } } },
    { MARIADB, AUTOGEN_EXPRS, 10, { { 21, 12, 0, 0, 2, 0 } } },
    { MARIADB, AUTOGEN_EXPRS, 1000, { { 21, 1002, 0, 0, 2, 0 } } },
    { MARIADB, CHECK_EXPRS, 10, { { 25, 12, 0, 0, 2, 0 } } },
    { MARIADB, CHECK_EXPRS, 1000, { { 25, 1002, 0, 0, 2, 0 } } },
};
/* ---------------------------------------------------------------------- */

static const char *const kind_names[NKINDS] = {
    "read", "ddl", "write", "transaction", "other", "alone"
};

static const struct expected *
find(int d, const char *what, int tables)
{
    size_t i;

    for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        if (expected[i].dialect == d && expected[i].tables == tables &&
            strcmp(expected[i].what, what) == 0)
            return &expected[i];
    ck_abort_msg("no row for %s, %s, %d tables in the table of "
                 "cli_querycount.c", dialect_names[d], what, tables);
    return NULL;
}

/* Assert got against the table's row; the message says which count
 * changed from what to what, then what was sent (sql: the log, or NULL). */
static void
ck_counts(int d, const char *what, int tables, const counts *got,
          const char *sql)
{
    const struct expected *e;
    char msg[1024] = "";
    size_t n = 0;
    int k;

    if (getenv("MIGRATE_QUERYCOUNT_PRINT")) {
        fprintf(stderr, "    { %s, \"%s\", %d, { { %d, %d, %d, %d, %d, "
                "%d } } },\n", d == SQLITE ? "SQLITE" : d == POSTGRESQL
                ? "POSTGRESQL" : "MARIADB", what, tables, got->v[READ],
                got->v[DDL], got->v[WRITE], got->v[TRANSACTION],
                got->v[OTHER], got->v[ALONE]);
        return;
    }
    e = find(d, what, tables);
    /* no catalog read per table or object: the two sizes read alike */
    ck_assert_msg(tables != 1000 || find(d, what, 10)->n.v[READ] ==
                  e->n.v[READ], "%s, %s: the table of cli_querycount.c "
                  "expects %d catalog reads at 10 tables and %d at 1000: "
                  "a read per table or object", dialect_names[d], what,
                  find(d, what, 10)->n.v[READ], e->n.v[READ]);
    for (k = 0; k < NKINDS; k++)
        if (e->n.v[k] != got->v[k])
            n += (size_t)snprintf(msg + n, sizeof(msg) - n,
                                  "\n  %s statements changed from %d to %d",
                                  kind_names[k], e->n.v[k],
                                  got->v[k]);
    if (*msg)
        fprintf(stderr, "%s, %s, %d tables: the statements sent:\n%s\n",
                dialect_names[d], what, tables, sql ? sql : "(not logged)");
    ck_assert_msg(!*msg, "%s, %s%s%s (update its row in the table of "
                  "tests/integration/cli_querycount.c if that is "
                  "intended; MIGRATE_QUERYCOUNT_PRINT=1 prints every "
                  "row measured):%s\n(the statements sent: on stderr)",
                  dialect_names[d], what,
                  tables ? ", tables: " : "", tables ? (tables == 10
                  ? "10" : "1000") : "", msg);
}

/* The writes of a statement log (lines "kind<TAB>text") sent outside a
 * transaction block. */
static int
writes_alone(const char *log)
{
    const char *l;
    int in_txn = 0, n = 0;

    for (l = log; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0)) {
        if (strncmp(l, "transaction\t", 12) == 0)
            in_txn = strncmp(l + 12, "BEGIN", 5) == 0 ||
                     strncmp(l + 12, "START", 5) == 0;
        else if (strncmp(l, "write\t", 6) == 0 && !in_txn)
            n++;
    }
    return n;
}

/* Run `migrate args` counting its statements into *out; the statement
 * log is returned (the caller frees it). The command must not fail with a
 * usage or database error (differences, exit 1, are fine). */
static char *
counted(const char *args, counts *out)
{
    run_result r;
    char *line, *sql;

    setenv("MIGRATE_COUNT_STATEMENTS", "counts.txt", 1);
    setenv("MIGRATE_COUNT_STATEMENTS_SQL", "statements.txt", 1);
    remove("counts.txt");
    r = migrate("%s", args);
    unsetenv("MIGRATE_COUNT_STATEMENTS");
    unsetenv("MIGRATE_COUNT_STATEMENTS_SQL");
    ck_assert_msg(r.status == 0 || r.status == 1, "`migrate %s` exited "
                  "%d\n%s\n%s", args, r.status, r.out, r.err);
    run_free(&r);
    line = read_file("counts.txt");
    ck_assert_msg(line != NULL, "`migrate %s` wrote no counts", args);
    memset(out, 0, sizeof(*out));
    ck_assert_msg(sscanf(line, "read=%d ddl=%d write=%d transaction=%d "
                         "other=%d", &out->v[READ], &out->v[DDL],
                         &out->v[WRITE], &out->v[TRANSACTION],
                         &out->v[OTHER]) == 5,
                  "counts.txt holds '%s'", line);
    free(line);
    sql = read_file("statements.txt");
    ck_assert_ptr_nonnull(sql);
    out->v[ALONE] = writes_alone(sql);
    return sql;
}

/* printf into *text at *len, grown to fit. */
static void
append(char **text, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    *text = realloc(*text, *len + (size_t)n + 1);
    ck_assert_ptr_nonnull(*text);
    va_start(ap, fmt);
    vsnprintf(*text + *len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)n;
}

/* One table of the schema, in d's own SQL, appended to *text. MariaDB
 * takes the index inside CREATE TABLE (one statement a table: InnoDB makes
 * tables slowly), the others as CREATE INDEX. */
static void
add_table(char **text, size_t *len, int d, int i, const char *check)
{
    char fk[128] = "", ix[128];

    if (i > 1)
        snprintf(fk, sizeof(fk), ",\n    CONSTRAINT fk_t%04d_parent FOREIGN "
                 "KEY (parent_id) REFERENCES t%04d (id)", i, i - 1);
    if (d == MARIADB)
        snprintf(ix, sizeof(ix), ",\n    INDEX ix_t%04d_amount (amount)\n);\n",
                 i);
    else
        snprintf(ix, sizeof(ix), "\n);\nCREATE INDEX ix_t%04d_amount ON "
                 "t%04d (amount);\n", i, i);
    append(text, len,
        "CREATE TABLE t%04d (\n    id INTEGER NOT NULL PRIMARY KEY,\n"
        "    name VARCHAR(40) NOT NULL,\n"
        "    amount NUMERIC(10,2) DEFAULT 0,\n    parent_id INTEGER,\n"
        "    CONSTRAINT uq_t%04d_name UNIQUE (name),\n"
        "    CONSTRAINT ck_t%04d_amount CHECK (%s)%s%s",
        i, i, i, check, fk, ix);
}

/* The schema objects beside n tables, in d's own SQL, appended to *text,
 * in the bench's proportions (1,000 tables: 200 views, 200 triggers, 50
 * functions): a view per 5 tables (of table 5i), a trigger per 5 tables
 * (on table 5i - 1), a function per 20 tables, at least one (PostgreSQL:
 * trigger functions, the triggers calling them in turn; MariaDB: a
 * function the trigger calls), and as many PostgreSQL enums and
 * PostgreSQL and MariaDB sequences as functions. SQLite has views and
 * triggers only. 10 tables: 2 views, 2 triggers, 1 function, 1 enum, 1
 * sequence. */
static void
add_objects(char **text, size_t *len, int d, int n)
{
    int nv = n / 5, nf = d == SQLITE ? 0 : n / 20 > 0 ? n / 20 : 1;
    int i;

    for (i = 1; i <= nf; i++)
        if (d == POSTGRESQL)
            append(text, len, "CREATE FUNCTION f%04d() RETURNS trigger "
                   "LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.amount := "
                   "NEW.amount + %d;\n    RETURN NEW;\nEND\n$$;\n", i, i);
        else
            append(text, len, "CREATE FUNCTION f%04d(x INTEGER) RETURNS "
                   "INTEGER DETERMINISTIC RETURN x + %d;\n", i, i);
    for (i = 1; i <= nv; i++)
        append(text, len, "CREATE VIEW v%04d AS SELECT id, amount FROM "
               "t%04d WHERE amount > %d;\n", i, 5 * i, i);
    for (i = 1; i <= nv; i++)
        if (d == POSTGRESQL)
            append(text, len, "CREATE TRIGGER tr%04d BEFORE INSERT ON t%04d "
                   "FOR EACH ROW EXECUTE FUNCTION f%04d();\n", i, 5 * i - 1,
                   (i - 1) % nf + 1);
        else if (d == MARIADB)
            append(text, len, "CREATE TRIGGER tr%04d BEFORE INSERT ON t%04d "
                   "FOR EACH ROW SET NEW.amount = f%04d(NEW.amount);\n", i,
                   5 * i - 1, (i - 1) % nf + 1);
        else
            append(text, len, "CREATE TRIGGER tr%04d AFTER INSERT ON t%04d "
                   "BEGIN UPDATE t%04d SET amount = amount + 1 WHERE id = "
                   "NEW.id; END;\n", i, 5 * i - 1, 5 * i - 1);
    for (i = 1; i <= nf && d == POSTGRESQL; i++)
        append(text, len, "CREATE TYPE e%04d AS ENUM ('low', 'mid', "
               "'high');\n", i);
    for (i = 1; i <= nf; i++)
        append(text, len, "CREATE SEQUENCE s%04d START WITH %d;\n", i,
               100 * i);
}

/* What write_schema adds to the tables: nothing, their schema objects,
 * or every CHECK written as the server rewrites it (so that each one's
 * text differs from the database's and the server decides, settle.c:
 * PostgreSQL stores id * amount as (id)::numeric * amount, MariaDB NOT
 * (x) as !(x)). */
enum { PLAIN, WITH_OBJECTS, WITH_EXPRS };

/* The schema of n tables (and what mode adds): load.sql (for the client,
 * in one transaction where DDL is transactional) and models.sql (the same
 * tables and objects). */
static void
write_schema(int d, int n, int mode)
{
    static const char *const rewritten[] = {
        "amount >= 0", "id * amount >= 0", "NOT (amount < 0)"
    };
    char *text = NULL, *load;
    size_t len = 0;
    int i;

    for (i = 1; i <= n; i++)
        add_table(&text, &len, d, i,
                  mode == WITH_EXPRS ? rewritten[d] : "amount >= 0");
    if (mode == WITH_OBJECTS)
        add_objects(&text, &len, d, n);
    write_file("models.sql", text);
    load = malloc(len + 32);
    ck_assert_ptr_nonnull(load);
    snprintf(load, len + 32, "%s%s%s", d == MARIADB ? "" : "BEGIN;\n", text,
             d == MARIADB ? "" : "COMMIT;\n");
    write_file("load.sql", load);
    free(load);
    free(text);
}

/* The reflection commands against a database of n tables, and what
 * mode adds (loaded by its client, stamped at the one revision of the
 * history), each counted. */
static void
reflection_counts(int d, int n, int mode)
{
    static const char *const cmds[][4] = {
        { DIFF, DIFF_OBJECTS, DIFF_EXPRS, "diff --from db --to models" },
        { AUTOGEN, AUTOGEN_OBJECTS, AUTOGEN_EXPRS,
          "revision --autogenerate -m again --rev-id r9" },
        { CHECK, CHECK_OBJECTS, CHECK_EXPRS, "check" },
    };
    counts got;
    run_result r;
    size_t i;

    write_schema(d, n, mode);
    ck_assert_int_eq(dialect_run_file(d, "load.sql"), 0);
    r = migrate("stamp head");
    ck_run_status(r, 0);
    run_free(&r);
    /* check replays the history once; the counted run is the warm one */
    r = migrate("check");
    ck_assert_msg(r.status == 0 || r.status == 1, "%s", r.err);
    run_free(&r);
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        char *sql = counted(cmds[i][3], &got);
        ck_counts(d, cmds[i][mode], n, &got, sql);
        free(sql);
        /* a revision autogenerate wrote is not part of the history */
        remove("migrations/versions/r9_again.sql");
    }
}

/* A project on d whose history is one small revision (its replay is what
 * check caches); 0 when d's server is not configured. */
static int
reflection_project(int d)
{
    if (!dialect_project(d, NULL))
        return 0;
    step_revision("r1", "", "", "CREATE TABLE r1_only (id INTEGER);",
                  "DROP TABLE r1_only;");
    return 1;
}

/* reflection_counts at 10, then at 1,000 tables in a new database. */
static void
both_sizes(int d, int mode)
{
    if (!reflection_project(d))
        return;
    reflection_counts(d, 10, mode);
    dialect_teardown();
    project_enter();
    ck_assert(reflection_project(d));
    reflection_counts(d, 1000, mode);
}

START_TEST(test_querycount_reflection)
{
    both_sizes(_i, PLAIN);
}
END_TEST

START_TEST(test_querycount_objects)
{
    both_sizes(_i, WITH_OBJECTS);
}
END_TEST

/* The servers only: SQLite stores a CHECK as written. */
START_TEST(test_querycount_exprs)
{
    both_sizes(_i, WITH_EXPRS);
}
END_TEST

/* counts a - b, each kind divided by div (exactly: else the counts are
 * not linear in the revisions, and the test says so). */
static counts
per(const counts *a, const counts *b, int div)
{
    counts c;
    int k;

    for (k = 0; k < NKINDS; k++) {
        int diff = a->v[k] - b->v[k];
        ck_assert_msg(diff % div == 0, "%s statements: %d more for %d "
                      "more revisions, not a whole number per revision",
                      kind_names[k], diff, div);
        c.v[k] = diff / div;
    }
    return c;
}

/* Twelve revisions r01 .. r12, each creating one table u01 .. u12. */
static void
twelve_steps(void)
{
    char id[8], down[8], up[64], undo[64];
    int i;

    for (i = 1; i <= 12; i++) {
        snprintf(id, sizeof(id), "r%02d", i);
        snprintf(down, sizeof(down), i > 1 ? "r%02d" : "", i - 1);
        snprintf(up, sizeof(up), "CREATE TABLE u%02d (id INTEGER);", i);
        snprintf(undo, sizeof(undo), "DROP TABLE u%02d;", i);
        step_revision(id, down, "", up, undo);
    }
}

START_TEST(test_querycount_upgrade)
{
    const int d = _i;
    counts ten, five, each, fixed;
    char *sql10, *sql5;
    run_result r;
    int k;

    if (!dialect_project(d, NULL))
        return;
    twelve_steps();
    /* from r02 (the version tables exist): ten revisions, then five */
    r = migrate("upgrade r02");
    ck_run_status(r, 0);
    run_free(&r);
    sql10 = counted("upgrade head", &ten);
    r = migrate("downgrade r02");
    ck_run_status(r, 0);
    run_free(&r);
    sql5 = counted("upgrade r07", &five);
    each = per(&ten, &five, 5);
    ck_counts(d, EACH_REV, 0, &each, sql10);
    for (k = 0; k < NKINDS; k++)
        fixed.v[k] = five.v[k] - 5 * each.v[k];
    ck_counts(d, EACH_RUN, 0, &fixed, sql5);
    free(sql10);
    free(sql5);
}
END_TEST

/* The statement completing a step's unfinished log row (the first UPDATE
 * of the log in a statement log), copied into a new string. */
static char *
log_completion(const char *log)
{
    const char *l = strstr(log, "write\tUPDATE `migrate_version_log`");
    size_t n;
    char *sql;

    ck_assert_msg(l != NULL, "no UPDATE of the log was sent:\n%s", log);
    l += 6;
    n = strcspn(l, "\n");
    sql = malloc(n + 1);
    ck_assert_ptr_nonnull(sql);
    memcpy(sql, l, n);
    sql[n] = '\0';
    return sql;
}

/* MariaDB's steps are not transactional: each completes its unfinished log
 * row (duration_ms NULL) with the version row. The log has no index but
 * its key, and the completion must find the row from the newest id down,
 * not read the whole log at every step (1,000 revisions read half a
 * million rows that way). Replayed on the server with a row to complete
 * as the newest: no row is read in table-scan order. */
START_TEST(test_querycount_log_completion_reads_no_scan)
{
    char *log, *update, *rev, *sql, *v;
    counts c;

    if (!dialect_project(MARIADB, NULL))
        return;
    twelve_steps();
    log = counted("upgrade head", &c);
    update = log_completion(log);
    rev = strstr(update, "revision = '");
    ck_assert_msg(rev != NULL, "no revision in %s", update);
    rev += 12;
    sql = malloc(strlen(update) + 512);
    ck_assert_ptr_nonnull(sql);
    sprintf(sql, "INSERT INTO `migrate_version_log` (revision, direction, "
            "checksum, applied_at, duration_ms) VALUES ('%.*s', 'upgrade', "
            "NULL, UTC_TIMESTAMP(6), NULL);\nFLUSH STATUS;\n%s;\n"
            "SHOW SESSION STATUS LIKE 'Handler_read_rnd_next';\n",
            (int)strcspn(rev, "'"), rev, update);
    v = dialect_value(MARIADB, sql);
    ck_assert_msg(strstr(v, "Handler_read_rnd_next\t0") != NULL,
                  "completing the newest log row read the log in table-scan "
                  "order (%s), with:\n%s", v, update);
    ck_dialect_value(MARIADB, "SELECT COUNT(*) FROM `migrate_version_log` "
                     "WHERE duration_ms IS NULL", "0");
    free(v);
    free(sql);
    free(update);
    free(log);
}
END_TEST

Suite *
cli_querycount_suite(void)
{
    Suite *s = suite_create("cli_querycount");
    TCase *tc = tcase_create("querycount");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_querycount_upgrade, 0, 3);
    tcase_add_test(tc, test_querycount_log_completion_reads_no_scan);
    tcase_add_loop_test(tc, test_querycount_reflection, 0, 3);
    tcase_add_loop_test(tc, test_querycount_objects, 0, 3);
    suite_add_tcase(s, tc);
    /* MariaDB makes the 1,000 tables in a scratch database (a CREATE
     * TABLE each) for each of the three commands: longer than the rest */
    tc = tcase_create("querycount_exprs");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_querycount_exprs, 1, 3);
    suite_add_tcase(s, tc);
    return s;
}

