/* check_lint.c - `migrate lint`'s rules (mg_lint.h): for every rule a
 * revision that fires it and one that does not, on each dialect whose
 * capabilities it applies to (and a dialect where it must stay silent),
 * the exact message and line, lint-ignore lines, and the order of the
 * report. The upgrade section starts on line 6. */
#include <string.h>

#include "suites.h"

/* Lint the upgrade sql (a revision of dialect name, transactional unless
 * tx_off) and return the findings as "line:rule:message[:ignored]"
 * lines, in order, into out. */
static void
lint_sql(mg_buf *out, const char *dialect, const char *sql, int tx_off)
{
    mg_buf text = MG_BUF_INIT;
    mg_revfile *rf = NULL;
    mg_lint *l = NULL;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    mg_buf_addf(&text, "-- revision: r1\n-- down_revision:\n"
                "-- dialect: %s\n%s\n-- +upgrade\n%s\n-- +downgrade\n",
                dialect, tx_off ? "-- transaction: off" : "", sql);
    ck_mg_ok(mg_revfile_parse(&rf, "v/r1.sql", mg_buf_cstr(&text), text.len,
                              &err), &err);
    ck_mg_ok(mg_lint_new(&l, &err), &err);
    ck_mg_ok(mg_lint_revision(l, rf, mg_dialect_find(dialect), &err), &err);
    mg_buf_clear(out);
    for (i = 0; i < mg_lint_count(l); i++) {
        const mg_lint_finding *f = mg_lint_at(l, i);
        ck_assert_str_eq(f->revision, "r1");
        ck_assert_str_eq(f->path, "v/r1.sql");
        mg_buf_addf(out, "%d:%s:%s%s%s\n", f->line, f->rule->id, f->message,
                    f->ignored ? ":" : "", f->ignored ? f->ignored : "");
    }
    ck_assert_uint_eq(mg_lint_revisions(l), 1);
    mg_lint_free(l);
    mg_revfile_free(rf);
    mg_buf_release(&text);
}

/* One case: the SQL, the dialect, and the exact report. */
typedef struct lint_case {
    const char *dialect;
    int         tx_off;
    const char *sql;
    const char *want;
} lint_case;

static const lint_case cases[] = {
    /* data loss, every dialect */
    { "sqlite", 0, "DROP TABLE users;", "6:drop-table:drops table users\n" },
    { "postgresql", 0, "DROP TABLE IF EXISTS public.a, b;",
      "6:drop-table:drops table a\n6:drop-table:drops table b\n" },
    { "mariadb", 0, "ALTER TABLE t DROP COLUMN c;",
      "6:drop-column:drops column t.c\n" },
    { "postgresql", 0, "ALTER TABLE t DROP CONSTRAINT c;", "" },
    { "mariadb", 0, "ALTER TABLE t DROP INDEX ix, DROP FOREIGN KEY fk;", "" },
    { "sqlite", 0, "DELETE FROM t;", "6:delete-rows:deletes every row of t\n" },
    { "sqlite", 0, "DELETE FROM t WHERE id = 1;", "" },
    { "postgresql", 0, "TRUNCATE TABLE t;", "6:delete-rows:empties table t\n" },
    /* a rebuild is no loss, but is reported as a rebuild */
    { "sqlite", 0,
      "CREATE TABLE _new_t (id INTEGER);\n"
      "INSERT INTO _new_t (id) SELECT id FROM t;\n"
      "DROP TABLE t;\n"
      "ALTER TABLE _new_t RENAME TO t;",
      "8:table-rebuild:rebuilds table t\n" },
    /* renames break the running version */
    { "postgresql", 0, "ALTER TABLE t RENAME TO u;",
      "6:rename-table:renames a table to u\n" },
    { "mariadb", 0, "RENAME TABLE t TO u;", "6:rename-table:renames table t\n" },
    { "sqlite", 0, "ALTER TABLE t RENAME COLUMN a TO b;",
      "6:rename-column:renames column t.a\n" },
    { "mariadb", 0, "ALTER TABLE t CHANGE COLUMN a b INT;",
      "6:rename-column:renames column t.a\n"
      "6:change-type:redefines column t.a (its type may change)\n"
      "6:alter-copies-table:alters t in a way that copies the table\n" },
    /* type changes where ALTER can change them */
    { "postgresql", 0, "ALTER TABLE t ALTER COLUMN c TYPE bigint;",
      "6:change-type:changes the type of column t.c\n" },
    { "mariadb", 0,
      "ALTER TABLE t MODIFY COLUMN c BIGINT, ALGORITHM=INPLACE, LOCK=NONE;",
      "6:change-type:redefines column t.c (its type may change)\n" },
    /* NOT NULL without default */
    { "sqlite", 0, "ALTER TABLE t ADD COLUMN c TEXT NOT NULL;",
      "6:add-not-null-column:adds NOT NULL column t.c without a default\n" },
    { "sqlite", 0, "ALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT 'x';",
      "" },
    { "postgresql", 0,
      "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c TEXT NOT NULL;",
      "" },
    /* PostgreSQL's blocking DDL */
    { "postgresql", 0, "CREATE INDEX ix ON t (c);",
      "6:index-not-concurrent:builds an index on t and blocks its writes\n" },
    { "postgresql", 1, "CREATE INDEX CONCURRENTLY ix ON t (c);", "" },
    { "postgresql", 0, "CREATE UNIQUE INDEX CONCURRENTLY ix ON t (c);",
      "6:concurrently-in-transaction:builds an index CONCURRENTLY inside a "
      "transaction\n" },
    { "sqlite", 0, "CREATE INDEX ix ON t (c);", "" },
    { "mariadb", 0, "CREATE INDEX ix ON t (c);",
      "" },
    { "postgresql", 0,
      "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id);",
      "6:foreign-key-not-valid:adds a foreign key to t and checks every row\n" },
    { "postgresql", 0,
      "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id) "
      "NOT VALID;", "" },
    { "postgresql", 0, "ALTER TABLE t ADD CHECK (c > 0);",
      "6:check-not-valid:adds a CHECK to t and checks every row\n" },
    { "mariadb", 0, "ALTER TABLE t ADD CHECK (c > 0);", "" },
    { "postgresql", 0, "ALTER TABLE t ALTER COLUMN c SET NOT NULL;",
      "6:set-not-null:sets column t.c NOT NULL\n" },
    /* what autogenerate --online writes passes */
    { "postgresql", 1,
      "ALTER TABLE t ADD CONSTRAINT ck CHECK (c IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE t VALIDATE CONSTRAINT ck;\n"
      "ALTER TABLE t ALTER COLUMN c SET NOT NULL;\n"
      "ALTER TABLE t DROP CONSTRAINT ck;", "" },
    /* a check not validated, or of another column, spares no scan */
    { "postgresql", 0,
      "ALTER TABLE t ADD CONSTRAINT ck CHECK (c IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE t ALTER COLUMN c SET NOT NULL;",
      "7:set-not-null:sets column t.c NOT NULL\n" },
    { "postgresql", 1,
      "ALTER TABLE t ADD CONSTRAINT ck CHECK (d IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE t VALIDATE CONSTRAINT ck;\n"
      "ALTER TABLE t ALTER COLUMN c SET NOT NULL;",
      "8:set-not-null:sets column t.c NOT NULL\n" },
    /* a VALIDATE belongs in a transaction of its own: no transaction-off */
    { "postgresql", 1,
      "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES u (id) "
      "NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT fk;", "" },
    { "postgresql", 0, "ALTER TABLE t ADD COLUMN u uuid DEFAULT "
      "gen_random_uuid();",
      "6:volatile-default:adds column t.u with a volatile default\n" },
    { "postgresql", 0, "ALTER TABLE t ADD COLUMN n int DEFAULT 0;", "" },
    /* MariaDB's copying ALTER */
    { "mariadb", 0, "ALTER TABLE t ADD PRIMARY KEY (id);",
      "6:alter-copies-table:alters t in a way that copies the table\n" },
    { "mariadb", 0, "ALTER TABLE t ADD COLUMN c INT NULL;", "" },
    /* transactions */
    { "mariadb", 0, "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);",
      "6:non-transactional-ddl:runs 2 DDL statements that commit one by "
      "one\n" },
    { "sqlite", 0, "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);", "" },
    { "postgresql", 1, "CREATE TABLE a (id INT);",
      "6:transaction-off:says 'transaction: off' but needs no such "
      "thing\n" },
    /* lint-ignore: the next statement only, listed with its reason */
    { "sqlite", 0,
      "-- migrate: lint-ignore drop-table replaced by archive_users\n"
      "DROP TABLE users;\nDROP TABLE posts;",
      "7:drop-table:drops table users:replaced by archive_users\n"
      "8:drop-table:drops table posts\n" },
    { "sqlite", 0,
      "-- migrate: lint-ignore drop-column wrong rule\nDROP TABLE users;",
      "6:unused-lint-ignore:lint-ignore drop-column silences nothing\n"
      "7:drop-table:drops table users\n" },
    /* quoting and comments do not fool the reader */
    { "postgresql", 0, "SELECT 'DROP TABLE x';\n/* DROP TABLE y; */", "" },
    { "mariadb", 0, "ALTER TABLE `we``ird` DROP `c\nx`;",
      "6:drop-column:drops column we`ird.c\\nx\n" },
};

START_TEST(test_lint_case)
{
    const lint_case *k = &cases[_i];
    mg_buf got = MG_BUF_INIT;

    lint_sql(&got, k->dialect, k->sql, k->tx_off);
    ck_assert_msg(strcmp(mg_buf_cstr(&got), k->want) == 0,
                  "case %d (%s: %s):\n got: %s\nwant: %s", _i, k->dialect,
                  k->sql, mg_buf_cstr(&got), k->want);
    mg_buf_release(&got);
}
END_TEST

/* Every rule has an id, advice, and applies somewhere; ids are unique. */
START_TEST(test_lint_rule_table)
{
    size_t n, i, k, somewhere;
    const mg_lint_rule *r = mg_lint_rules(&n);

    ck_assert_uint_ge(n, 15);
    for (i = 0; i < n; i++) {
        const mg_dialect *d;
        ck_assert_ptr_eq(mg_lint_rule_find(r[i].id), &r[i]);
        ck_assert_uint_gt(strlen(r[i].advice), 10);
        ck_assert_uint_gt(strlen(r[i].summary), 10);
        for (k = i + 1; k < n; k++)
            ck_assert_str_ne(r[i].id, r[k].id);
        for (somewhere = 0, k = 0; (d = mg_dialect_at(k)) != NULL; k++)
            somewhere += (size_t)mg_lint_rule_applies(&r[i], d);
        ck_assert_uint_gt(somewhere, 0);
    }
    ck_assert_ptr_null(mg_lint_rule_find("no-such-rule"));
    ck_assert_str_eq(mg_lint_severity_name(MG_LINT_ERROR), "error");
}
END_TEST

/* The size each finding carries, as text. */
START_TEST(test_lint_format_size)
{
    static const struct { long long rows, bytes; const char *want; } k[] = {
        { 5000, 258048, "~5.0K rows, 252.0 KiB" },
        { 2900000, 1181116006LL, "~2.9M rows, 1.1 GiB" },
        { 1, 512, "~1 row, 512 B" },
        { -1, 8192, "8.0 KiB" },
        { 42, -1, "~42 rows" },
        { -1, -1, "" },
    };
    size_t i;

    for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        mg_buf b = MG_BUF_INIT;
        mg_lint_format_size(&b, k[i].rows, k[i].bytes);
        ck_assert_str_eq(mg_buf_cstr(&b), k[i].want);
        mg_buf_release(&b);
    }
}
END_TEST

Suite *
lint_suite(void)
{
    Suite *s = suite_create("lint");
    TCase *tc = tcase_create("lint");

    tcase_add_loop_test(tc, test_lint_case, 0,
                        (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_lint_rule_table);
    tcase_add_test(tc, test_lint_format_size);
    suite_add_tcase(s, tc);
    return s;
}
