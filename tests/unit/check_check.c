/* check_check.c - the CLI's work as library calls: mg_check (models,
 * migrations and database compared, every difference a finding),
 * mg_autogenerate (the revision SQL from a database at head), the one
 * at-head test (mg_at_head, head sets compared) and mg_dialect_resolve.
 * The calls run on SQLite (a temporary file per test) and, when
 * MIGRATE_TEST_PG_URL or MIGRATE_TEST_MARIADB_URL name a server, on a
 * fresh database of that server (testdb_fresh). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suites.h"
#include "testdb.h"

enum { BK_SQLITE, BK_PG, BK_MARIADB, NBK };

static const char *const bk_env[NBK] = {
    NULL, "MIGRATE_TEST_PG_URL", "MIGRATE_TEST_MARIADB_URL"
};

#define PREFIX "mg_checkcall"

/* One project in a temporary directory: versions/r1_a.sql creates table
 * a, models.sql holds what the test writes, url the backend's database. */
typedef struct project {
    char       dir[64];
    char       versions[128];
    char       models[128];
    char      *url;
    mg_engine *admin;       /* a server's admin connection, else NULL */
} project;

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* The table both the revision and the models start from: a named key,
 * so that no dialect names it on its own. */
#define TABLE_A "CREATE TABLE a (id INTEGER NOT NULL, name VARCHAR(20), " \
                "CONSTRAINT pk_a PRIMARY KEY (id));\n"
#define TABLE_A_EMAIL "CREATE TABLE a (id INTEGER NOT NULL, name " \
                "VARCHAR(20), email VARCHAR(50), CONSTRAINT pk_a PRIMARY " \
                "KEY (id));\n"

/* Make the project for backend bk with models; 0 (skipped) when its
 * server is not configured. */
static int
project_open(project *p, int bk, const char *models)
{
    char path[256];

    memset(p, 0, sizeof(*p));
    if (bk != BK_SQLITE) {
        if (!(p->url = testdb_fresh(bk_env[bk], PREFIX, &p->admin))) {
            test_skip("no server for this backend (MIGRATE_TEST_PG_URL, "
                      "MIGRATE_TEST_MARIADB_URL)");
            return 0;
        }
    }
    snprintf(p->dir, sizeof(p->dir), "/tmp/mg_checkcall_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(p->dir));
    snprintf(p->versions, sizeof(p->versions), "%s/versions", p->dir);
    ck_assert_int_eq(mkdir(p->versions, 0755), 0);
    snprintf(p->models, sizeof(p->models), "%s/models.sql", p->dir);
    write_file(p->models, models);
    snprintf(path, sizeof(path), "%s/r1_a.sql", p->versions);
    write_file(path, "-- revision: r1\n-- message: a\n-- +upgrade\n" TABLE_A
               "-- +downgrade\nDROP TABLE a;\n");
    if (!p->url) {
        size_t n = strlen(p->dir) + 32;
        p->url = malloc(n);
        snprintf(p->url, n, "sqlite:///%s/app.db", p->dir);
    }
    return 1;
}

static void
project_close(project *p)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p->dir);
    ck_assert_int_eq(system(cmd), 0);
    if (p->admin)
        testdb_drop(p->admin, PREFIX);
    free(p->url);
}

/* Apply the revisions up to target ("base": none). */
static void
project_upgrade(const project *p, const char *target)
{
    mg_scriptdir *sd = NULL;
    mg_engine *e = NULL;
    mg_error err;

    ck_mg_ok(mg_scriptdir_open(&sd, p->versions, &err), &err);
    ck_mg_ok(mg_engine_open(&e, p->url, 0, &err), &err);
    if (strcmp(target, "base") != 0)
        ck_mg_ok(mg_upgrade(e, sd, target, NULL, NULL, &err), &err);
    else
        ck_mg_ok(mg_stamp(e, sd, "base", 0, NULL, &err), &err);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
}

static void
check_opts(mg_check_opts *o, const project *p)
{
    mg_check_opts_init(o);
    o->source.models_path = p->models;
    o->source.versions_dir = p->versions;
    o->source.url = p->url;
}

/* ---- mg_check ---------------------------------------------------------- */

/* Models, migrations and a database at head agree: no finding. */
START_TEST(test_check_call_agrees)
{
    mg_check_result *r = NULL;
    mg_check_opts o;
    mg_error err;
    project p;

    if (!project_open(&p, _i, TABLE_A))
        return;
    project_upgrade(&p, "head");
    check_opts(&o, &p);
    ck_mg_ok(mg_check(&r, &o, &err), &err);
    ck_assert_msg(mg_check_result_ok(r), "finding: %s",
                  mg_check_finding_count(r) ?
                  mg_check_finding_at(r, 0)->text : "");
    ck_assert_int_eq(mg_check_result_db_checked(r), 1);
    ck_assert_uint_eq(mg_check_warning_count(r), 0);
    mg_check_result_free(r);
    /* no_db: the database part is skipped */
    o.no_db = 1;
    ck_mg_ok(mg_check(&r, &o, &err), &err);
    ck_assert_int_eq(mg_check_result_db_checked(r), 0);
    ck_assert(mg_check_result_ok(r));
    mg_check_result_free(r);
    project_close(&p);
}
END_TEST

/* A column the models add and a database at base: three findings, in
 * check's order and words, the schema changes described with their kind
 * and table. */
START_TEST(test_check_call_findings)
{
    mg_check_result *r = NULL;
    const mg_check_finding *f;
    mg_check_opts o;
    mg_error err;
    project p;

    if (!project_open(&p, _i, TABLE_A_EMAIL))
        return;
    project_upgrade(&p, "base");
    check_opts(&o, &p);
    ck_mg_ok(mg_check(&r, &o, &err), &err);
    ck_assert(!mg_check_result_ok(r));
    ck_assert_uint_eq(mg_check_finding_count(r), 3);
    f = mg_check_finding_at(r, 0);
    ck_assert_str_eq(f->text, "models differ from migrations: add column "
                     "a.email");
    ck_assert_str_eq(f->file, p.models);
    ck_assert_str_eq(f->change, "add_column");
    ck_assert_str_eq(f->table, "a");
    ck_assert_int_eq(f->data_loss, 0);
    f = mg_check_finding_at(r, 1);
    ck_assert_str_eq(f->text, "database is not at head: it is at base, head "
                     "is r1 (run 'migrate upgrade head')");
    ck_assert_ptr_null(f->file);
    ck_assert_ptr_null(f->change);
    f = mg_check_finding_at(r, 2);
    ck_assert_str_eq(f->text, "database differs from models: add table a");
    mg_check_result_free(r);
    project_close(&p);
}
END_TEST

/* Two labelled heads (which check allows) and a database at the first of
 * them only: not at head. A test of the first head alone passed it. */
START_TEST(test_check_call_one_of_two_heads)
{
    mg_strlist heads = MG_STRLIST_INIT;
    mg_check_result *r = NULL;
    mg_scriptdir *sd = NULL;
    mg_engine *e = NULL;
    mg_check_opts o;
    mg_error err;
    char path[256];
    project p;
    size_t i;
    int found = 0;

    if (!project_open(&p, BK_SQLITE, TABLE_A))
        return;
    snprintf(path, sizeof(path), "%s/r1_a.sql", p.versions);
    write_file(path, "-- revision: r1\n-- message: a\n-- branch_labels: "
               "one\n-- +upgrade\n" TABLE_A "-- +downgrade\nDROP TABLE "
               "a;\n");
    snprintf(path, sizeof(path), "%s/r2_b.sql", p.versions);
    write_file(path, "-- revision: r2\n-- message: b\n-- branch_labels: "
               "two\n-- +upgrade\nCREATE TABLE b (id INTEGER);\n"
               "-- +downgrade\nDROP TABLE b;\n");
    ck_mg_ok(mg_scriptdir_open(&sd, p.versions, &err), &err);
    ck_mg_ok(mg_revgraph_heads(mg_scriptdir_graph(sd), &heads, &err), &err);
    ck_assert_uint_eq(heads.n, 2);
    ck_mg_ok(mg_engine_open(&e, p.url, 0, &err), &err);
    ck_mg_ok(mg_stamp(e, sd, heads.v[0], 0, NULL, &err), &err);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
    check_opts(&o, &p);
    ck_mg_ok(mg_check(&r, &o, &err), &err);
    for (i = 0; i < mg_check_finding_count(r); i++)
        if (strncmp(mg_check_finding_at(r, i)->text, "database is not at "
                    "head: it is at ", 33) == 0)
            found = 1;
    ck_assert_msg(found, "a database at one of two heads passed check");
    mg_check_result_free(r);
    mg_strlist_release(&heads);
    project_close(&p);
}
END_TEST

/* ---- mg_autogenerate ---------------------------------------------------- */

static int
autogen_from_db(mg_autogen_result **out, const project *p, mg_error *err)
{
    mg_autogen_opts o;
    mg_engine *e = NULL;
    int rc;

    ck_mg_ok(mg_engine_open(&e, p->url, MG_OPEN_READONLY |
                            MG_OPEN_READ_ONCE, err), err);
    mg_autogen_opts_init(&o);
    o.source.models_path = p->models;
    o.source.versions_dir = p->versions;
    o.engine = e;
    rc = mg_autogenerate(out, &o, err);
    mg_engine_free(e);
    return rc;
}

/* The database at head and a column the models add: one operation, its
 * SQL and the inverse, rendered for the database's dialect. */
START_TEST(test_autogen_call_add_column)
{
    mg_autogen_result *r = NULL;
    const mg_oplist *ops;
    mg_error err;
    project p;

    if (!project_open(&p, _i, TABLE_A_EMAIL))
        return;
    project_upgrade(&p, "head");
    ck_mg_ok(autogen_from_db(&r, &p, &err), &err);
    ops = mg_autogen_result_ops(r);
    ck_assert_uint_eq(mg_oplist_count(ops), 1);
    ck_assert_str_eq(mg_op_kind_name(mg_oplist_at(ops, 0)->kind),
                     "add_column");
    ck_assert_ptr_nonnull(strstr(mg_autogen_result_upgrade_sql(r),
                                 "ADD COLUMN"));
    ck_assert_ptr_nonnull(strstr(mg_autogen_result_upgrade_sql(r), "email"));
    ck_assert_str_ne(mg_autogen_result_downgrade_sql(r), "");
    ck_assert_ptr_eq(mg_autogen_result_dialect(r),
                     mg_dialect_find(_i == BK_SQLITE ? "sqlite" :
                                     _i == BK_PG ? "postgresql" : "mariadb"));
    mg_autogen_result_free(r);
    /* the models as the database has them: nothing to write */
    write_file(p.models, TABLE_A);
    ck_mg_ok(autogen_from_db(&r, &p, &err), &err);
    ck_assert_uint_eq(mg_oplist_count(mg_autogen_result_ops(r)), 0);
    ck_assert_str_eq(mg_autogen_result_upgrade_sql(r), "");
    mg_autogen_result_free(r);
    project_close(&p);
}
END_TEST

/* A database that is not at head is refused (MG_ESTATE, exit 1 in the
 * CLI); the replayed migrations need no database at all. */
START_TEST(test_autogen_call_not_at_head)
{
    mg_autogen_result *r = NULL;
    mg_autogen_opts o;
    mg_error err;
    project p;

    if (!project_open(&p, _i, TABLE_A_EMAIL))
        return;
    project_upgrade(&p, "base");
    mg_error_clear(&err);
    ck_assert_int_eq(autogen_from_db(&r, &p, &err), MG_ESTATE);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.msg, "the database is not at head (it is at base; "
                     "head is r1): run 'migrate upgrade head' first");
    mg_autogen_opts_init(&o);
    o.source.models_path = p.models;
    o.source.versions_dir = p.versions;
    o.source.url = p.url;
    o.from_migrations = 1;
    ck_mg_ok(mg_autogenerate(&r, &o, &err), &err);
    ck_assert_uint_eq(mg_oplist_count(mg_autogen_result_ops(r)), 1);
    mg_autogen_result_free(r);
    project_close(&p);
}
END_TEST

/* ---- mg_at_head and mg_dialect_resolve ---------------------------------- */

static const struct {
    const char *current, *heads;   /* comma-separated, "" for none */
    int         want;
} at_head_cases[] = {
    { "", "", 1 },
    { "a", "a", 1 },
    { "a,b", "a,b", 1 },
    { "b,a", "a,b", 1 },
    { "a", "a,b", 0 },        /* the first head only: not at head */
    { "b", "a,b", 0 },
    { "a,c", "a,b", 0 },
    { "a,b", "a", 0 },
    { "", "a", 0 },
    { "a", "", 0 },
};

static void
split_into(mg_strlist *l, const char *csv)
{
    const char *p = csv;

    while (*p) {
        size_t n = strcspn(p, ",");
        mg_strlist_addn(l, p, n);
        p += n + (p[n] == ',');
    }
}

START_TEST(test_at_head_compares_sets)
{
    mg_strlist cur = MG_STRLIST_INIT, heads = MG_STRLIST_INIT;

    split_into(&cur, at_head_cases[_i].current);
    split_into(&heads, at_head_cases[_i].heads);
    ck_assert_msg(mg_at_head(&cur, &heads) == at_head_cases[_i].want,
                  "current '%s', heads '%s': want %d",
                  at_head_cases[_i].current, at_head_cases[_i].heads,
                  at_head_cases[_i].want);
    mg_strlist_release(&cur);
    mg_strlist_release(&heads);
}
END_TEST

START_TEST(test_dialect_resolve)
{
    const mg_dialect *d = (const mg_dialect *)1;
    mg_error err;

    ck_mg_ok(mg_dialect_resolve(&d, NULL, NULL, &err), &err);
    ck_assert_ptr_null(d);
    ck_mg_ok(mg_dialect_resolve(&d, "SQLite", "postgresql://h/db", &err),
             &err);
    ck_assert_ptr_eq(d, mg_dialect_find("sqlite"));  /* the name wins */
    ck_mg_ok(mg_dialect_resolve(&d, NULL, "sqlite:///x.db", &err), &err);
    ck_assert_str_eq(mg_dialect_name(d), "sqlite");
    if (mg_dialect_find("mysql")) {
        ck_mg_ok(mg_dialect_resolve(&d, NULL, "mysql://u:pw@h/db", &err),
                 &err);
        ck_assert_str_eq(mg_dialect_name(d), "mariadb");
    }
    mg_error_clear(&err);
    ck_assert_int_eq(mg_dialect_resolve(&d, "nosuch", NULL, &err),
                     MG_EUSAGE);
    ck_assert_ptr_null(d);
    ck_assert_str_eq(err.msg, "unknown dialect 'nosuch'");
    mg_error_clear(&err);
    ck_assert_int_eq(mg_dialect_resolve(&d, NULL, "oracle://u:secret@h/db",
                                        &err), MG_EUSAGE);
    ck_assert_ptr_null(strstr(err.msg, "secret"));
}
END_TEST

Suite *
check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("calls");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_check_call_agrees, 0, NBK);
    tcase_add_loop_test(tc, test_check_call_findings, 0, NBK);
    tcase_add_test(tc, test_check_call_one_of_two_heads);
    tcase_add_loop_test(tc, test_autogen_call_add_column, 0, NBK);
    tcase_add_loop_test(tc, test_autogen_call_not_at_head, 0, NBK);
    tcase_add_loop_test(tc, test_at_head_compares_sets, 0,
                        sizeof(at_head_cases) / sizeof(at_head_cases[0]));
    tcase_add_test(tc, test_dialect_resolve);
    suite_add_tcase(s, tc);
    return s;
}
