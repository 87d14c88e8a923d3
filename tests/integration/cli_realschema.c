/* cli_realschema.c - the whole pipeline on public schemas that none of us
 * wrote (issue 19), each loaded with its own native DDL by its own
 * dialect's client. The schemas are kept in tests/realschema/<dialect>/,
 * each file naming its source repository, commit and licence; the
 * properties none of them has are in small hand-written schemas in
 * tests/realschema/fixtures/.
 *
 * For every schema:
 *  1. load it natively; `inspect` prints a model M, and on stderr names
 *     exactly what the schema holds that migrate does not model (views,
 *     triggers, routines...: the row's not_managed file, nothing when
 *     NULL);
 *  2. `diff --from db --to models` with M against that database: no
 *     difference (exit 0), the same objects named;
 *  3. in a new, empty database (with the row's hand-written first
 *     revision applied, when it has one): `revision --autogenerate` from
 *     M, `upgrade head`, `check` passes, and `inspect` prints M again (the
 *     catalog is the native one, compared by reflection) and holds
 *     nothing else;
 *  4. an edit (a new column and an index on the first table) autogenerates,
 *     upgrades and checks, and `inspect` shows both; `downgrade -1` brings back M exactly, and
 *     `downgrade base` leaves no table but the version table.
 *
 * REALSCHEMA_ONLY=<text> in the environment runs only the rows whose file
 * contains that text (the others pass at once). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

typedef struct real_schema {
    int dialect;
    const char *file;      /* under tests/realschema/ */
    const char *not_managed;   /* under tests/realschema/: inspect's exact
                                * stderr on the native database; NULL
                                * when it must be empty */
} real_schema;

/* A hand-written first revision for what a schema's models need but
 * cannot declare, as a project keeps it: its upgrade and downgrade SQL,
 * and inspect's exact stderr on the new database once it ran. */
typedef struct real_base {
    const char *file;      /* the schema's, under tests/realschema/ */
    const char *up, *down;
    const char *not_managed;
} real_base;

/* PostgreSQL Sakila's views use the aggregate group_concat, which a model
 * cannot declare (aggregates are not managed); its state function is the
 * model's own _group_concat, created here first as the dump writes it. */
#define GROUP_CONCAT_UP \
    "CREATE FUNCTION _group_concat(text, text) RETURNS text\n" \
    "    AS $_$\n" \
    "SELECT CASE\n" \
    "  WHEN $2 IS NULL THEN $1\n" \
    "  WHEN $1 IS NULL THEN $2\n" \
    "  ELSE $1 || ', ' || $2\n" \
    "END\n" \
    "$_$\n" \
    "    LANGUAGE sql IMMUTABLE;\n" \
    "CREATE AGGREGATE group_concat(text) (\n" \
    "    SFUNC = _group_concat,\n" \
    "    STYPE = text\n" \
    ");\n"
#define GROUP_CONCAT_DOWN \
    "DROP AGGREGATE group_concat(text);\n" \
    "DROP FUNCTION _group_concat(text, text);\n"
static const char pg_sakila_up[] = GROUP_CONCAT_UP;
static const char pg_sakila_down[] = GROUP_CONCAT_DOWN;

/* Pagila's views and functions read its payment table, partitioned by
 * range (not managed): it is made here, after the same aggregate as
 * Sakila's, without the default that takes its ids from a sequence of
 * the model (made after it). Its partitions hold only rows, so none is
 * made. */
static const char pg_pagila_up[] =
    GROUP_CONCAT_UP
    "CREATE TABLE payment (\n"
    "    payment_id integer NOT NULL,\n"
    "    customer_id integer NOT NULL,\n"
    "    staff_id integer NOT NULL,\n"
    "    rental_id integer NOT NULL,\n"
    "    amount numeric(5,2) NOT NULL,\n"
    "    payment_date timestamp with time zone NOT NULL,\n"
    "    PRIMARY KEY (payment_date, payment_id)\n"
    ") PARTITION BY RANGE (payment_date);\n";
static const char pg_pagila_down[] =
    "DROP TABLE payment;\n"
    GROUP_CONCAT_DOWN;

/* AdventureWorks' defaults call uuid_generate_v1() of the uuid-ossp
 * extension, which a model cannot declare (extensions are the server's):
 * a project makes it by hand first. */
static const char pg_adventureworks_up[] =
    "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n";
static const char pg_adventureworks_down[] =
    "DROP EXTENSION \"uuid-ossp\";\n";

static const real_base bases[] = {
    { "postgresql/sakila.sql", pg_sakila_up, pg_sakila_down,
      "migrate: warning: not managed: aggregate group_concat(text)\n" },
    { "postgresql/pagila.sql", pg_pagila_up, pg_pagila_down,
      "migrate: warning: not managed: aggregate group_concat(text)\n"
      "migrate: warning: not managed: partitioned table payment\n" },
    { "postgresql/adventureworks_person.sql", pg_adventureworks_up,
      pg_adventureworks_down,
      "migrate: warning: not managed: extension uuid-ossp\n" },
};

/* s's hand-written first revision, or NULL. */
static const real_base *
base_of(const real_schema *s)
{
    size_t i;

    for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
        if (strcmp(bases[i].file, s->file) == 0)
            return &bases[i];
    return NULL;
}

static const real_schema schemas[] = {
    { SQLITE, "sqlite/chinook.sql", NULL },
    { SQLITE, "sqlite/chinook_autoincrement.sql", NULL },
    { SQLITE, "sqlite/sakila.sql", NULL },        /* views, triggers */
    { SQLITE, "sqlite/northwind.sql", NULL },     /* views */
    { SQLITE, "sqlite/roundcube.sql", NULL },
    { SQLITE, "sqlite/powerdns.sql", NULL },
    { SQLITE, "sqlite/anki.sql", NULL },
    /* FTS4 virtual tables (not managed) */
    { SQLITE, "sqlite/synapse.sql", "sqlite/synapse.not_managed" },
    /* built by its 56 diesel migrations: ALTER TABLE and table rebuilds */
    { SQLITE, "sqlite/vaultwarden.sql", NULL },
    /* a new calibre library: NON NULL, DEFAULT "", COLLATE NOCASE index
     * columns, views over the application's functions, triggers, FTS5
     * virtual tables (not managed) */
    { SQLITE, "sqlite/calibre.sql", "sqlite/calibre.not_managed" },
    /* hand-written: generated, COLLATE and untyped columns */
    { SQLITE, "fixtures/sqlite_columns.sql", NULL },
    { POSTGRESQL, "postgresql/chinook.sql", NULL },
    { POSTGRESQL, "postgresql/chinook_serial.sql", NULL },
    { POSTGRESQL, "postgresql/northwind.sql", NULL },
    /* domain, enum, functions (rewards_report returns SETOF customer:
     * created after the tables, dropped before them), views, triggers,
     * the schema comment; the aggregate its views need is made by a
     * hand-written first revision (real_base above) */
    { POSTGRESQL, "postgresql/sakila.sql", "postgresql/sakila.not_managed" },
    { POSTGRESQL, "postgresql/powerdns.sql", NULL },
    { POSTGRESQL, "postgresql/roundcube.sql", NULL },
    /* an enum, column comments, an identity column */
    { POSTGRESQL, "postgresql/world.sql", NULL },
    /* sequences of its own, a function and its trigger */
    { POSTGRESQL, "postgresql/synapse.sql", NULL },
    /* Sakila's PostgreSQL successor: its payment table is partitioned
     * (not managed), made with the aggregate by a hand-written first
     * revision (real_base above) */
    { POSTGRESQL, "postgresql/pagila.sql", "postgresql/pagila.not_managed" },
    /* built by its 39 migrations: ALTER TABLE, functions, jsonb */
    { POSTGRESQL, "postgresql/harbor.sql", NULL },
    /* built by its diesel migrations */
    { POSTGRESQL, "postgresql/vaultwarden.sql", NULL },
    /* AdventureWorks' Person schema: domains with quoted mixed-case
     * names, named DEFAULT constraints, xml, uuid defaults of an
     * extension (made by a first revision, real_base above), keys added
     * by ALTER TABLE, table and column comments; its tables clustered on
     * their keys (CLUSTER: not managed) */
    { POSTGRESQL, "postgresql/adventureworks_person.sql",
      "postgresql/adventureworks_person.not_managed" },
    /* hand-written: a generated column, collations, comments */
    { POSTGRESQL, "fixtures/postgresql_columns.sql", NULL },
    { MARIADB, "mariadb/chinook.sql", NULL },
    /* their views, triggers, functions and procedures are managed
     * objects (issue 20): nothing is left not managed */
    { MARIADB, "mariadb/employees.sql", NULL },
    { MARIADB, "mariadb/sakila.sql", NULL },
    { MARIADB, "mariadb/guacamole.sql", NULL },
    { MARIADB, "mariadb/nacos.sql", NULL },
    { MARIADB, "mariadb/roundcube.sql", NULL },
    { MARIADB, "mariadb/powerdns.sql", NULL },
    /* KEY prefix lengths, unsigned, zero dates, table charset */
    { MARIADB, "mariadb/wordpress.sql", NULL },
    /* table comments, SET, float unsigned, column collations, ON UPDATE */
    { MARIADB, "mariadb/phpmyadmin.sql", NULL },
    /* built by its diesel migrations: inline REFERENCES, MODIFY, renames */
    { MARIADB, "mariadb/vaultwarden.sql", NULL },
    /* Northwind as MySQL Workbench writes it: ENGINE = InnoDB, INDEX
     * (col ASC), repeated indexes on one column, FKs NO ACTION */
    { MARIADB, "mariadb/mywind.sql", NULL },
    /* hand-written: generated columns, a collation, comments */
    { MARIADB, "fixtures/mariadb_columns.sql", NULL },
};
#define N_SCHEMAS ((int)(sizeof(schemas) / sizeof(schemas[0])))

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

/* stdout of a command that must exit 0 (the caller frees it). */
static char *
ok_output(const real_schema *s, const char *cmd)
{
    run_result r = migrate("%s", cmd);
    char *out;

    ck_assert_msg(r.status == 0, "%s: `migrate %s` exited %d\nstdout:\n"
                  "%.1500s\nstderr:\n%.1500s", s->file, cmd, r.status, r.out,
                  r.err);
    out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

/* The exact stderr `inspect` and `diff` give on s's native database: the
 * content of its not_managed file, or "" (the caller frees it). */
static char *
expected_stderr(const real_schema *s)
{
    char path[1024], *text;

    if (!s->not_managed)
        return strdup("");
    snprintf(path, sizeof(path), "%s/tests/realschema/%s",
             getenv("MIGRATE_SRCDIR"), s->not_managed);
    text = read_file(path);
    ck_assert_msg(text != NULL, "%s: cannot read %s", s->file, path);
    return text;
}

/* stdout of a command that must exit 0 with exactly want_err on stderr
 * (the caller frees it). */
static char *
ok_output_err(const real_schema *s, const char *cmd, const char *want_err)
{
    run_result r = migrate("%s", cmd);
    char *out;

    ck_assert_msg(r.status == 0, "%s: `migrate %s` exited %d\nstderr:\n"
                  "%.1500s", s->file, cmd, r.status, r.err);
    ck_assert_msg(strcmp(r.err, want_err) == 0, "%s: `migrate %s` "
                  "stderr:\n%s\nwant:\n%s", s->file, cmd, r.err, want_err);
    out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

/* The first CREATE TABLE's name in model text (static buffer). */
static const char *
first_table(const char *model)
{
    static char name[256];
    const char *p = strstr(model, "CREATE TABLE ");
    size_t n = 0;

    ck_assert_ptr_nonnull(p);
    p += strlen("CREATE TABLE ");
    while (p[n] && p[n] != ' ' && p[n] != '(' && n < sizeof(name) - 1)
        n++;
    memcpy(name, p, n);
    name[n] = '\0';
    return name;
}

/* Model text with one more column and an index on its first table (whose
 * element list ends at the first "\n)", table options may follow). */
static char *
edited_model(const char *model)
{
    const char *table = first_table(model);
    const char *end = strstr(strstr(model, "CREATE TABLE "), "\n)");
    size_t head = (size_t)(end - model), len = strlen(model);
    char *out = malloc(len + 512);

    ck_assert_ptr_nonnull(end);
    memcpy(out, model, head);
    sprintf(out + head, ",\n    migrate_note VARCHAR(40)%s\n"
            "CREATE INDEX migrate_note_idx ON %s (migrate_note);\n",
            end, table);
    return out;
}

/* got == want, or a failure showing the first line where they part. */
static void
ck_same_text(const real_schema *s, const char *what, const char *got,
             const char *want)
{
    size_t i = 0, line = 1, start = 0;

    while (got[i] && got[i] == want[i]) {
        if (got[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    ck_assert_msg(got[i] == want[i], "%s: %s differs at line %zu\n"
                  "--- got:\n%.400s\n--- want:\n%.400s", s->file, what, line,
                  got + start, want + start);
}

START_TEST(test_real_schema_pipeline)
{
    const real_schema *s = &schemas[_i];
    char path[1024], *model, *again, *edited, *warnings;
    run_result r;

    if (getenv("REALSCHEMA_ONLY") &&
        !strstr(s->file, getenv("REALSCHEMA_ONLY")))
        return;
    if (!dialect_project(s->dialect, NULL))
        return;
    ck_assert_ptr_nonnull(getenv("MIGRATE_SRCDIR"));
    snprintf(path, sizeof(path), "%s/tests/realschema/%s",
             getenv("MIGRATE_SRCDIR"), s->file);
    ck_assert_msg(dialect_run_file(s->dialect, path) == 0,
                  "%s: the native client did not load it", s->file);
    warnings = expected_stderr(s);
    model = ok_output_err(s, "inspect", warnings);
    write_file("models.sql", model);
    free(ok_output_err(s, "diff --from db --to models", warnings));
    free(warnings);

    /* a new, empty database brought to head from the model */
    dialect_teardown();
    project_enter();
    ck_assert(dialect_project(s->dialect, NULL));
    write_file("models.sql", model);
    if (base_of(s)) {
        step_revision("real0", "", "", base_of(s)->up, base_of(s)->down);
        free(ok_output(s, "upgrade head"));
    }
    free(ok_output(s, "revision --autogenerate -m native --rev-id real1"));
    free(ok_output(s, "upgrade head"));
    free(ok_output(s, "check"));
    again = ok_output_err(s, "inspect", base_of(s)
                                        ? base_of(s)->not_managed : "");
    ck_same_text(s, "inspect after upgrade head", again, model);
    free(again);

    edited = edited_model(model);
    write_file("models.sql", edited);
    free(ok_output(s, "revision --autogenerate -m edit --rev-id real2"));
    free(ok_output(s, "upgrade head"));
    free(ok_output(s, "check"));
    again = ok_output(s, "inspect");
    ck_assert_msg(strstr(again, "migrate_note VARCHAR(40)") ||
                  strstr(again, "migrate_note\" VARCHAR(40)") ||
                  strstr(again, "migrate_note` VARCHAR(40)"),
                  "%s: the new column is missing:\n%.600s", s->file, again);
    ck_assert_msg(strstr(again, "migrate_note_idx") != NULL,
                  "%s: the new index is missing", s->file);
    free(again);
    free(edited);

    free(ok_output(s, "downgrade -1"));
    again = ok_output(s, "inspect");
    ck_same_text(s, "inspect after downgrade -1", again, model);
    free(again);
    free(ok_output(s, "downgrade base"));
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_assert_msg(strstr(r.out, "CREATE TABLE") == NULL, "%s: tables left "
                  "after downgrade base:\n%s", s->file, r.out);
    run_free(&r);
    free(model);
}
END_TEST

Suite *
cli_realschema_suite(void)
{
    Suite *s = suite_create("cli_realschema");
    TCase *tc = tcase_create("pipeline");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_real_schema_pipeline, 0, N_SCHEMAS);
    suite_add_tcase(s, tc);
    return s;
}
