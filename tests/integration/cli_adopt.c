/* cli_adopt.c - adopting and curating histories (issue 22) through the
 * real binary on every dialect, results read back with each database's
 * own client: `migrate baseline` on a database made natively (its models
 * and first revision written, the database stamped without running it,
 * check passing, the revision's downgrade and upgrade exact, refusal
 * when revisions exist); renames that keep data (the model's "-- migrate:
 * renamed from" annotation: a rename each way, the rows kept, check
 * passing with the annotation left in; without it a drop and an add, and
 * a hint naming the annotation); squash (the run replaced by a replayed
 * revision keeping the last id, databases at it and before it upgrading,
 * one part way named, branch points refused); rebase (a branch moved on
 * top of the other head and applied, refused when the database has a
 * moved revision); import alembic (a project built with Alembic's own
 * commands and templates: branches, a label, depends_on, merges; its SQL
 * from Alembic's offline mode, the database Alembic built adopted; and
 * without the alembic command, the graph with exit 1); and a public
 * project's real history (PowerDNS-Admin, tests/alembic): what Alembic
 * cannot write offline reported exactly, the rest run up and down).
 * Loop index: 0 SQLite, 1 PostgreSQL, 2 MariaDB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

static void
ok(const char *cmd)
{
    run_result r = migrate("%s", cmd);

    ck_run_status(r, 0);
    run_free(&r);
}

/* A schema made with d's own client: two tables, a foreign key, an index
 * and a row in each table. */
static void
native_schema(int d)
{
    write_file("native.sql",
               "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, "
               "name VARCHAR(50) NOT NULL, email VARCHAR(100));\n"
               "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, "
               "user_id INTEGER NOT NULL, title VARCHAR(200), "
               "FOREIGN KEY (user_id) REFERENCES users (id));\n"
               "CREATE INDEX ix_posts_title ON posts (title);\n"
               "INSERT INTO users VALUES (1, 'ann', 'a@x');\n"
               "INSERT INTO posts VALUES (1, 1, 'hello');\n");
    ck_assert_int_eq(dialect_run_file(d, "native.sql"), 0);
}

START_TEST(test_baseline_adopts_database)
{
    const int d = _i;
    run_result r;
    char *text;

    if (!dialect_project(d, NULL))
        return;
    native_schema(d);
    r = migrate("baseline --rev-id base1");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "Generating migrations/versions/"
                     "base1_baseline.sql ... done\nwrote models.sql\n"
                     "stamped: base1\n");
    run_free(&r);
    /* stamped, not run: the rows are still there */
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "base1");
    ck_dialect_value(d, "SELECT count(*) FROM posts", "1");
    text = read_file("models.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "CREATE TABLE");
    ck_contains(text, "ix_posts_title");
    free(text);
    text = read_file("migrations/versions/base1_baseline.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- down_revision: \n-- message: baseline\n");
    ck_contains(text, dialect_names[d]);
    free(text);
    ok("check");
    /* the downgrade drops everything, the upgrade builds it again */
    ok("downgrade base");
    ck_dialect_value(d, dialect_table_count_sql(d, "posts"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "users"), "0");
    ok("upgrade head");
    ck_dialect_value(d, dialect_table_count_sql(d, "posts"), "1");
    ok("check");
}
END_TEST

START_TEST(test_baseline_refuses_existing_history)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    native_schema(d);
    ok("baseline --rev-id base1");
    r = migrate("baseline --rev-id base2");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: the project already has 1 revision: "
                     "baseline starts a history (pass --force to add one "
                     "anyway)\n");
    run_free(&r);
    ck_assert_int_eq(path_exists("migrations/versions/base2_baseline.sql"),
                     0);
    r = migrate("baseline --force --rev-id base2 -m again");
    ck_run_status(r, 0);
    run_free(&r);
    ck_assert_int_eq(path_exists("migrations/versions/base2_again.sql"), 1);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "base2");
}
END_TEST

/* SQLite: the baseline builds a fresh database (as CI would) equal to the
 * adopted one. */
START_TEST(test_baseline_builds_fresh_database)
{
    run_result r;
    char *v;

    if (!dialect_project(SQLITE, NULL))
        return;
    native_schema(SQLITE);
    ok("baseline --rev-id base1");
    ok("--url sqlite:///fresh.db upgrade head");
    ok("--url sqlite:///fresh.db check");
    v = sqlite_value("fresh.db", "SELECT count(*) FROM sqlite_master WHERE "
                     "name IN ('users', 'posts', 'ix_posts_title')");
    ck_assert_str_eq(v, "3");
    free(v);
    r = migrate("diff --from db:sqlite:///fresh.db --to db");
    ck_run_status(r, 0);
    run_free(&r);
}
END_TEST

/* ---- renames that keep data ------------------------------------------ */

static const char model_v1[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, "
    "email VARCHAR(100));\n"
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL "
    "REFERENCES users (id), title VARCHAR(200));\n"
    "CREATE INDEX ix_posts_title ON posts (title);\n";

static const char model_renamed[] =
    "CREATE TABLE people ( -- migrate: renamed from users\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    name VARCHAR(50) NOT NULL,\n"
    "    mail VARCHAR(100) -- migrate: renamed from email\n"
    ");\n"
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL "
    "REFERENCES people (id),\n"
    "    headline VARCHAR(200) -- migrate: renamed from title\n"
    ");\n"
    "CREATE INDEX ix_posts_title ON posts (headline);\n";

/* The model_v1 schema at revision r1, with a row in each table. */
static void
renames_start(int d)
{
    write_file("models.sql", model_v1);
    ok("revision --autogenerate -m one --rev-id r1");
    ok("upgrade head");
    write_file("rows.sql", "INSERT INTO users VALUES (1, 'ann', 'a@x');\n"
               "INSERT INTO posts VALUES (1, 1, 'hello');\n");
    ck_assert_int_eq(dialect_run_file(d, "rows.sql"), 0);
}

START_TEST(test_rename_keeps_data)
{
    static const char *const up[] = {
        "ALTER TABLE \"users\" RENAME TO \"people\";\n"
        "ALTER TABLE \"people\" RENAME COLUMN \"email\" TO \"mail\";\n"
        "ALTER TABLE \"posts\" RENAME COLUMN \"title\" TO \"headline\";\n",
        "ALTER TABLE \"users\" RENAME TO \"people\";\n"
        "ALTER TABLE \"people\" RENAME COLUMN \"email\" TO \"mail\";\n"
        "ALTER TABLE \"posts\" RENAME COLUMN \"title\" TO \"headline\";\n",
        "ALTER TABLE `users` RENAME TO `people`;\n"
        "ALTER TABLE `people` RENAME COLUMN `email` TO `mail`;\n"
        "ALTER TABLE `posts` RENAME COLUMN `title` TO `headline`;\n" };
    static const char *const down[] = {
        "ALTER TABLE \"posts\" RENAME COLUMN \"headline\" TO \"title\";\n"
        "ALTER TABLE \"people\" RENAME COLUMN \"mail\" TO \"email\";\n"
        "ALTER TABLE \"people\" RENAME TO \"users\";\n",
        "ALTER TABLE \"posts\" RENAME COLUMN \"headline\" TO \"title\";\n"
        "ALTER TABLE \"people\" RENAME COLUMN \"mail\" TO \"email\";\n"
        "ALTER TABLE \"people\" RENAME TO \"users\";\n",
        "ALTER TABLE `posts` RENAME COLUMN `headline` TO `title`;\n"
        "ALTER TABLE `people` RENAME COLUMN `mail` TO `email`;\n"
        "ALTER TABLE `people` RENAME TO `users`;\n" };
    const int d = _i;
    run_result r;
    char *text;

    if (!dialect_project(d, NULL))
        return;
    renames_start(d);
    write_file("models.sql", model_renamed);
    r = migrate("check");
    ck_run_status(r, 1);
    ck_contains(r.out, "database differs from models: rename table users to "
                "people\n");
    ck_contains(r.out, "database differs from models: rename column "
                "people.email to mail\n");
    ck_contains(r.out, "database differs from models: rename column "
                "posts.title to headline\n");
    ck_not_contains(r.out, "drop");
    run_free(&r);
    r = migrate("revision --autogenerate -m two --rev-id r2");
    ck_run_status(r, 0);
    ck_contains(r.out, "Detected rename table users to people\n"
                "Detected rename column people.email to mail\n"
                "Detected rename column posts.title to headline\n");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    text = read_file("migrations/versions/r2_two.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, up[d]);
    ck_contains(text, down[d]);
    ck_not_contains(text, "data loss");
    free(text);
    ok("upgrade head");
    ck_dialect_value(d, "SELECT mail FROM people WHERE id = 1", "a@x");
    ck_dialect_value(d, "SELECT headline FROM posts WHERE user_id = 1",
                     "hello");
    /* the annotations stay in the model: satisfied */
    ok("check");
    ok("downgrade -1");
    ck_dialect_value(d, "SELECT email FROM users WHERE id = 1", "a@x");
    ck_dialect_value(d, "SELECT title FROM posts WHERE id = 1", "hello");
    ck_dialect_value(d, dialect_table_count_sql(d, "people"), "0");
}
END_TEST

START_TEST(test_rename_hint_without_annotation)
{
    const int d = _i;
    run_result r;
    char *text;

    if (!dialect_project(d, NULL))
        return;
    renames_start(d);
    write_file("models.sql",
               "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) "
               "NOT NULL, mail VARCHAR(100));\n"
               "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER "
               "NOT NULL REFERENCES users (id), title VARCHAR(200));\n"
               "CREATE INDEX ix_posts_title ON posts (title);\n");
    r = migrate("revision --autogenerate -m two --rev-id r2");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "migrate: hint: users.mail is added and "
                     "users.email dropped, of the same type: if it is a "
                     "rename, write '-- migrate: renamed from email' on the "
                     "line of column mail in the model to keep the data\n");
    run_free(&r);
    text = read_file("migrations/versions/r2_two.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- WARNING: data loss: drop column users.email\n");
    ck_not_contains(text, "RENAME");
    free(text);
}
END_TEST

/* An annotation on a line that defines nothing is an error at its line;
 * one whose old name the database never had changes nothing. */
START_TEST(test_rename_annotation_placement)
{
    run_result r;

    project_init();
    write_file("models.sql", "CREATE TABLE t (\n    id INTEGER,\n"
               "    -- migrate: renamed from x\n    b TEXT\n);\n");
    r = migrate("check --no-db");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: models.sql:3:5: '-- migrate: renamed "
                     "from x' must be on the line of a table or column "
                     "definition\n");
    run_free(&r);
    write_file("models.sql", "CREATE TABLE t (\n    id INTEGER,\n"
               "    b TEXT -- migrate: renamed from \"never there\"\n);\n");
    r = migrate("revision --autogenerate -m one --rev-id r1");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "Detected add table t\nGenerating "
                     "migrations/versions/r1_one.sql ... done\n");
    run_free(&r);
    ok("upgrade head");
    ok("check");
}
END_TEST

/* ---- squash -------------------------------------------------------- */

/* a1..a4: t, then t.b and u, then u dropped and an index, then v. */
static void
squash_history(int d)
{
    static const char *const drop_ix[] = {
        "DROP INDEX ix_t_a;", "DROP INDEX ix_t_a;",
        "DROP INDEX ix_t_a ON t;" };

    step_revision("a1", "", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, "
                  "a VARCHAR(20));", "DROP TABLE t;");
    step_revision("a2", "a1", "", "ALTER TABLE t ADD COLUMN b VARCHAR(20);\n"
                  "CREATE TABLE u (id INTEGER PRIMARY KEY);",
                  "DROP TABLE u;\nALTER TABLE t DROP COLUMN b;");
    step_revision("a3", "a2", "", "DROP TABLE u;\n"
                  "CREATE INDEX ix_t_a ON t (a);", drop_ix[d]);
    step_revision("a4", "a3", "", "CREATE TABLE v (id INTEGER PRIMARY KEY);",
                  "DROP TABLE v;");
}

START_TEST(test_squash_replays)
{
    const int d = _i;
    run_result r;
    char *text;

    if (!dialect_project(d, NULL))
        return;
    squash_history(d);
    ok("upgrade a3");
    write_file("rows.sql", "INSERT INTO t VALUES (1, 'x', 'y');\n");
    ck_assert_int_eq(dialect_run_file(d, "rows.sql"), 0);
    r = migrate("squash a1:a3");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "Generating migrations/versions/"
                     "a3_step_a1_step_a2_step_a3.sql ... done\n"
                     "replaces: a1, a2\n");
    run_free(&r);
    ck_assert_int_eq(path_exists("migrations/versions/a1_step.sql"), 0);
    ck_assert_int_eq(path_exists("migrations/versions/a2_step.sql"), 0);
    ck_assert_int_eq(path_exists("migrations/versions/a3_step.sql"), 0);
    text = read_file("migrations/versions/a3_step_a1_step_a2_step_a3.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- revision: a3\n-- down_revision: \n");
    ck_contains(text, "-- replaces: a1, a2\n");
    ck_not_contains(text, "\"u\"");
    ck_not_contains(text, "`u`");
    free(text);
    /* the database at a3 is at the squash */
    r = migrate("current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "a3\n");
    run_free(&r);
    ok("upgrade head");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "a4");
    ck_dialect_value(d, "SELECT b FROM t WHERE id = 1", "y");
    r = migrate("inspect --from migrations");
    ck_run_status(r, 0);
    write_file("models.sql", r.out);
    run_free(&r);
    ok("check");
    /* exact downgrade, and the squash builds the schema from nothing */
    ok("downgrade base");
    ck_dialect_value(d, dialect_table_count_sql(d, "t"), "0");
    ok("upgrade head");
    ck_dialect_value(d, dialect_table_count_sql(d, "t"), "1");
    ck_dialect_value(d, dialect_table_count_sql(d, "u"), "0");
    ok("check");
}
END_TEST

/* A database part way through the squashed run is named as such. */
START_TEST(test_squash_part_way)
{
    run_result r;

    if (!dialect_project(SQLITE, NULL))
        return;
    squash_history(SQLITE);
    ok("upgrade a1");
    ok("squash a1:a3");
    r = migrate("upgrade");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: the database is at revision 'a1', "
                     "part way through the revisions squashed into 'a3' "
                     "(migrations/versions/a3_step_a1_step_a2_step_a3.sql): "
                     "bring it to 'a3' with the revisions from before the "
                     "squash, then run migrate here\n");
    run_free(&r);
}
END_TEST

START_TEST(test_squash_refuses_branch_point)
{
    run_result r;
    char *before, *after;

    project_init();
    step_revision("a1", "", "", "CREATE TABLE t (id INTEGER);",
                  "DROP TABLE t;");
    step_revision("a2", "a1", "", "CREATE TABLE u (id INTEGER);",
                  "DROP TABLE u;");
    step_revision("b2", "a1", "", "CREATE TABLE w (id INTEGER);",
                  "DROP TABLE w;");
    step_revision("a3", "a2", "", "CREATE TABLE v (id INTEGER);",
                  "DROP TABLE v;");
    before = dir_listing("migrations/versions");
    r = migrate("squash a1:a3");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: revision 'a1' is a branch point (2 "
                     "children): squash takes a linear run\n");
    run_free(&r);
    r = migrate("squash a3:a1");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: 'a3' is not an ancestor of 'a1': "
                     "squash takes FROM:TO with FROM below TO\n");
    run_free(&r);
    r = migrate("squash a1");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: squash takes FROM:TO (two revisions), "
                     "not 'a1'\n");
    run_free(&r);
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, before);
    free(before);
    free(after);
}
END_TEST

/* ---- rebase -------------------------------------------------------- */

START_TEST(test_rebase_moves_branch)
{
    const int d = _i;
    run_result r;
    char *text, *before, *after;

    if (!dialect_project(d, NULL))
        return;
    step_revision("a1", "", "", "CREATE TABLE t (id INTEGER);",
                  "DROP TABLE t;");
    step_revision("a2", "a1", "", "CREATE TABLE u (id INTEGER);",
                  "DROP TABLE u;");
    step_revision("b2", "a1", "", "CREATE TABLE w (id INTEGER);",
                  "DROP TABLE w;");
    step_revision("b3", "b2", "", "CREATE TABLE x (id INTEGER);",
                  "DROP TABLE x;");
    ok("upgrade a2");
    r = migrate("rebase b3 --onto a2");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "rebased b2, b3 onto a2\n");
    run_free(&r);
    text = read_file("migrations/versions/b2_step.sql");
    ck_contains(text, "-- revision: b2\n-- down_revision: a2\n");
    free(text);
    r = migrate("heads");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "b3 (head)\n");
    run_free(&r);
    ok("upgrade head");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "b3");
    ck_dialect_value(d, dialect_table_count_sql(d, "x"), "1");
    /* a branch whose revisions the database has: refused, nothing moved */
    step_revision("c2", "a1", "", "CREATE TABLE y (id INTEGER);",
                  "DROP TABLE y;");
    before = dir_listing("migrations/versions");
    r = migrate("rebase b3 --onto c2");
    ck_run_status(r, 1);
    ck_assert_str_eq(r.err, "migrate: the database has revision 'b3' "
                     "applied: rebasing would move it from under the "
                     "database (downgrade it first, or write a merge "
                     "revision: migrate merge heads)\n");
    run_free(&r);
    text = read_file("migrations/versions/a2_step.sql");
    ck_contains(text, "-- down_revision: a1\n");
    free(text);
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, before);
    free(before);
    free(after);
    /* the other way round moves only c2 */
    r = migrate("rebase c2 --onto b3");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "rebased c2 onto b3\n");
    run_free(&r);
    ok("upgrade head");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "c2");
}
END_TEST

START_TEST(test_rebase_usage)
{
    run_result r;

    project_init();
    step_revision("a1", "", "", "CREATE TABLE t (id INTEGER);",
                  "DROP TABLE t;");
    step_revision("a2", "a1", "", "CREATE TABLE u (id INTEGER);",
                  "DROP TABLE u;");
    r = migrate("rebase a2");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: rebase needs --onto HEAD\n");
    run_free(&r);
    r = migrate("rebase a1 --onto a2");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: rebase takes two different heads "
                     "('migrate heads' lists them)\n");
    run_free(&r);
}
END_TEST

/* ---- import alembic ---------------------------------------------------- */

/* Alembic's URL for d's offline SQL (never connected to). */
static const char *const alembic_urls[] = {
    "sqlite:///legacy.db", "postgresql://u@localhost/x",
    "mysql://u@localhost/x" };

/* The bodies of the revisions, patched into Alembic's generated
 * modules. */
static const char alembic_patch[] =
    "import glob, re\n"
    "bodies = {\n"
    " 'a1': (\"op.create_table('users', sa.Column('id', sa.Integer, "
    "primary_key=True), sa.Column('name', sa.String(50), nullable=False))\","
    " \"op.drop_table('users')\"),\n"
    " 'a2': (\"op.add_column('users', sa.Column('email', sa.String(100)))\","
    " \"op.drop_column('users', 'email')\"),\n"
    " 'b2': (\"op.create_table('posts', sa.Column('id', sa.Integer, "
    "primary_key=True), sa.Column('user_id', sa.Integer, "
    "sa.ForeignKey('users.id')))\", \"op.drop_table('posts')\"),\n"
    " 'c2': (\"op.create_table('tags', sa.Column('id', sa.Integer, "
    "primary_key=True))\", \"op.drop_table('tags')\"),\n"
    "}\n"
    "for f in glob.glob('legacy/versions/*.py'):\n"
    "    s = open(f).read()\n"
    "    rid = re.search(r\"^revision = '(\\w+)'\", s, re.M).group(1)\n"
    "    if rid in bodies:\n"
    "        u, d = bodies[rid]\n"
    "        s = re.sub(r'def upgrade\\(\\)( -> None)?:\\n    pass', "
    "'def upgrade():\\n    ' + u, s, 1)\n"
    "        s = re.sub(r'def downgrade\\(\\)( -> None)?:\\n    pass', "
    "'def downgrade():\\n    ' + d, s, 1)\n"
    "    open(f, 'w').write(s)\n";

/* 1 when the alembic command is installed. */
static int
have_alembic(void)
{
    run_result r = shell("command -v alembic");
    int ok_ = r.status == 0;

    run_free(&r);
    return ok_;
}

static void
sh_ok(const char *cmd)
{
    run_result r = shell("%s", cmd);

    ck_run_status(r, 0);
    run_free(&r);
}

/* An Alembic project in ./alembic-project, built with Alembic's own
 * commands: a1 -> a2 -> c2 (depends_on b2) -> m1; a1 -> b2 (label
 * feature) -> x3; m2 merging m1 and x3. */
static void
alembic_project(int d)
{
    char cmd[512];

    sh_ok("mkdir alembic-project && cd alembic-project && "
          "alembic init -t generic legacy >/dev/null");
    snprintf(cmd, sizeof(cmd), "cd alembic-project && sed -i "
             "'s#^sqlalchemy.url = .*#sqlalchemy.url = %s#' alembic.ini",
             alembic_urls[d]);
    sh_ok(cmd);
    sh_ok("cd alembic-project && "
          "alembic revision -m 'create users' --rev-id a1 >/dev/null && "
          "alembic revision -m 'add email' --rev-id a2 >/dev/null && "
          "alembic revision -m 'feature posts' --rev-id b2 --head a1 "
          "--splice --branch-label feature >/dev/null && "
          "alembic revision -m tags --rev-id c2 --head a2 --depends-on b2 "
          ">/dev/null && "
          "alembic merge -m join --rev-id m1 heads >/dev/null && "
          "alembic revision -m 'x three' --rev-id x3 --head feature@head "
          ">/dev/null && "
          "alembic merge -m 'join all' --rev-id m2 heads >/dev/null");
    write_file("alembic-project/patch.py", alembic_patch);
    sh_ok("cd alembic-project && python3 patch.py");
}

/* A project on d whose database Alembic's own SQL left at b2, beside the
 * Alembic project; 0 (the test skipped) without alembic or d's server. */
static int
alembic_database(int d)
{
    if (!have_alembic()) {
        test_skip("alembic is not installed");
        return 0;
    }
    if (!dialect_project(d, NULL))
        return 0;
    alembic_project(d);
    /* in parentheses: the harness redirects the whole line's output */
    sh_ok("(cd alembic-project && alembic upgrade b2 --sql 2>/dev/null "
          "> ../legacy.sql)");
    ck_assert_int_eq(dialect_run_file(d, "legacy.sql"), 0);
    return 1;
}

START_TEST(test_import_alembic)
{
    const int d = _i;
    run_result r;
    char *text;

    if (!alembic_database(d))
        return;
    r = migrate("import alembic alembic-project");
    ck_run_status(r, 0);
    ck_contains(r.out, "Generating migrations/versions/a1_create_users.sql "
                "... done\n");
    ck_assert_msg(strstr(r.out, "stamped: b2 (from alembic_version)\n")
                  != NULL, "%s\n--- stderr\n%s", r.out, r.err);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    text = read_file("migrations/versions/c2_tags.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- revision: c2\n-- down_revision: a2\n-- message: "
                "tags\n");
    ck_contains(text, "-- depends_on: b2\n");
    ck_contains(text, "CREATE TABLE tags");
    ck_contains(text, "-- +downgrade\nDROP TABLE tags;");
    ck_not_contains(text, "alembic_version");
    free(text);
    text = read_file("migrations/versions/m2_join_all.sql");
    ck_contains(text, "-- down_revision: m1, x3\n");
    free(text);
    text = read_file("migrations/versions/b2_feature_posts.sql");
    ck_contains(text, "-- branch_labels: feature\n");
    free(text);
    r = migrate("history");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "m1, x3 -> m2 (head) (mergepoint), join all\n"
                     "b2 -> x3, x three\n"
                     "c2 -> m1, join\n"
                     "a2 -> c2, tags\n"
                     "a1 -> b2 (feature), feature posts\n"
                     "a1 -> a2, add email\n"
                     "<base> -> a1 (branchpoint), create users\n");
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "b2");
    ok("upgrade");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "m2");
    ck_dialect_value(d, dialect_table_count_sql(d, "tags"), "1");
    ck_dialect_value(d, "SELECT count(*) FROM users WHERE email IS NULL",
                     "0");
    ok("downgrade base");
    ck_dialect_value(d, dialect_table_count_sql(d, "users"), "0");
}
END_TEST

/* --keep-table: migrate goes on with Alembic's version table. */
START_TEST(test_import_alembic_keep_table)
{
    run_result r;
    char *v;

    if (!alembic_database(SQLITE))
        return;
    r = migrate("import alembic alembic-project --keep-table");
    ck_run_status(r, 0);
    ck_assert_msg(strstr(r.out, "version table: alembic_version (at b2)\n")
                  != NULL, "%s\n--- stderr\n%s", r.out, r.err);
    run_free(&r);
    v = read_file("migrate.ini");
    ck_contains(v, "version_table = alembic_version\n");
    free(v);
    r = migrate("current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "b2 (feature)\n");
    run_free(&r);
    ok("upgrade");
    v = sqlite_value("app.db", "SELECT version_num FROM alembic_version");
    ck_assert_str_eq(v, "m2");
    free(v);
}
END_TEST

/* Without the alembic command: the graph, a notice per revision, exit 1;
 * a second import refuses and writes nothing. */
START_TEST(test_import_alembic_without_command)
{
    run_result r;
    char *before, *after;

    if (!have_alembic()) {
        test_skip("alembic is not installed (needed to build the project)");
        return;
    }
    project_init();
    alembic_project(SQLITE);
    /* a PATH with everything but alembic */
    sh_ok("mkdir nobin && (ln -s /usr/bin/* nobin/; ln -s /bin/* nobin/; "
          "true) 2>/dev/null; rm -f nobin/alembic");
    r = shell("PATH=\"$PWD/nobin\" \"$MIGRATE_BIN\" import alembic "
              "alembic-project");
    ck_run_status(r, 1);
    ck_contains(r.err, "migrate: revision a1: its SQL must be filled in "
                "(the alembic command is not installed)\n");
    ck_contains(r.err, "migrate: revision m2: its SQL must be filled in "
                "(the alembic command is not installed)\n");
    run_free(&r);
    before = dir_listing("migrations/versions");
    ck_assert_str_eq(before, "a1_create_users.sql\na2_add_email.sql\n"
                     "b2_feature_posts.sql\nc2_tags.sql\nm1_join.sql\n"
                     "m2_join_all.sql\nx3_x_three.sql\n");
    r = migrate("heads");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "m2 (feature) (head) (mergepoint)\n");
    run_free(&r);
    r = migrate("import alembic alembic-project");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: 'migrations/versions/"
                     "a1_create_users.sql' exists already\n");
    run_free(&r);
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, before);
    free(before);
    free(after);
}
END_TEST

/* ---- import alembic: a real project's history ------------------------ */

/* PowerDNS-Admin's 22 revisions (tests/alembic/powerdns-admin, MIT)
 * copied to ./pdns beside a project on d, Alembic's URL set for d. */
static int
real_alembic_project(int d)
{
    char cmd[512];

    if (!have_alembic()) {
        test_skip("alembic is not installed");
        return 0;
    }
    if (!dialect_project(d, NULL))
        return 0;
    sh_ok("cp -R \"$MIGRATE_SRCDIR/tests/alembic/powerdns-admin\" pdns && "
          "chmod -R u+w pdns");
    snprintf(cmd, sizeof(cmd), "sed -i 's#^sqlalchemy.url = .*#"
             "sqlalchemy.url = %s#' pdns/alembic.ini", alembic_urls[d]);
    sh_ok(cmd);
    return 1;
}

/* The number of lines of text. */
static int
count_lines(const char *text)
{
    int n = 0;

    for (; text && *text; text++)
        n += *text == '\n';
    return n;
}

/* The SQL counting column table.column in d's catalog. */
static const char *
column_count_sql(int d, const char *table, const char *column)
{
    static char sql[512];

    if (d == SQLITE)
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM pragma_table_info"
                 "('%s') WHERE name = '%s'", table, column);
    else
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM information_schema"
                 ".columns WHERE table_schema = %s AND table_name = '%s' "
                 "AND column_name = '%s'", d == POSTGRESQL ?
                 "current_schema()" : "DATABASE()", table, column);
    return sql;
}

/* A revision whose SQL Alembic could not write: its module (under
 * pdns/migrations/versions, without .py), the module's line (0: none),
 * the direction, and the table batch mode would reflect (NULL: a bind
 * parameter left without its value); not_sqlite: reported on the servers
 * only (on SQLite Alembic fails in that direction earlier). */
typedef struct unwritten {
    const char *module;
    int         line;
    const char *dir;
    const char *table;
    int         not_sqlite;
} unwritten;

/* On SQLite: batch_alter_table needs the live table; everywhere: three
 * op.execute(table.update()...) statements whose values Alembic leaves
 * as bind parameters (the project's env.py has no literal_binds). */
static const unwritten real_unwritten[] = {
    { "0d3d93f1c2e0_add_domain_id_to_history_table", 21, "upgrade",
      "history", 0 },
    { "0d3d93f1c2e0_add_domain_id_to_history_table", 30, "downgrade",
      "history", 0 },
    { "0fb6d23a4863_remove_user_avatar", 21, "upgrade", "user", 0 },
    { "123649227370_add_catalog_to_domains", 29, "downgrade", "domain", 0 },
    { "1274ed462010_change_setting_value_data_type", 36, "upgrade",
      "setting", 0 },
    { "1274ed462010_change_setting_value_data_type", 46, "downgrade",
      "setting", 0 },
    { "31a4ed468b18_remove_all_settings_in_the_db", 26, "upgrade",
      "setting", 0 },
    { "3f76448bb6de_add_user_confirmed_column", 0, "upgrade", NULL, 1 },
    { "3f76448bb6de_add_user_confirmed_column", 23, "upgrade", "user", 0 },
    { "3f76448bb6de_add_user_confirmed_column", 30, "downgrade", "user", 0 },
    { "59729e468045_add_view_column_to_setting_table", 0, "upgrade", NULL, 0 },
    { "6ea7dc05f496_fix_typo_in_history_detail", 0, "upgrade", NULL, 0 },
    { "6ea7dc05f496_fix_typo_in_history_detail", 0, "downgrade", NULL, 0 },
    { "856bb94b7040_add_comment_column_in_domain_template_", 28,
      "downgrade", "domain_template_record", 0 },
    { "b0fea72a3f20_update_domain_serial_columns_type", 19, "upgrade",
      "domain", 0 },
    { "b0fea72a3f20_update_domain_serial_columns_type", 29, "downgrade",
      "domain", 0 },
    { "e3f4a5b6c7d8_set_null_history_domain_on_delete", 34, "upgrade",
      "history", 0 },
    { "e3f4a5b6c7d8_set_null_history_domain_on_delete", 46, "downgrade",
      "history", 0 },
    { "f41520e41cee_update_domain_type_length", 20, "upgrade", "domain", 0 },
    { "f41520e41cee_update_domain_type_length", 27, "downgrade", "domain", 0 },
    { "fbc7cf864b24_update_history_detail_quotes", 0, "upgrade", NULL, 0 },
};

/* The first bind parameter of each unvalued statement, per dialect:
 * SQLite's qmark, PostgreSQL's pyformat, MySQL's format style. */
static const char *
first_param(int d, const char *module)
{
    if (d == SQLITE)
        return "?";
    if (d == MARIADB)
        return "%s";
    if (module[0] == '3')
        return "%(confirmed)s";
    return module[0] == '5' ? "%(view)s" : "%(replace_1)s";
}

/* The exact stderr of the import on d. */
static char *
real_import_report(int d)
{
    static const char batch[] = "alembic --sql failed: CommandError: This "
        "operation cannot proceed in --sql mode; batch mode with dialect "
        "sqlite requires a live database connection with which to reflect "
        "the table \"%s\". To generate a batch SQL migration script using "
        "table \"move and copy\", a complete Table object should be passed "
        "to the \"copy_from\" argument of the batch_alter_table() method so "
        "that table reflection can be skipped.";
    static const char bind[] = "1 statement with a bind parameter, such as "
        "'%s', whose value Alembic did not write, left as comments: set "
        "literal_binds=True in env.py's context.configure, or write the "
        "values in";
    size_t i, cap = 16384, len = 0;
    char *out = malloc(cap), why[1024], where[256];

    out[0] = '\0';
    for (i = 0; i < sizeof(real_unwritten) / sizeof(*real_unwritten); i++) {
        const unwritten *u = &real_unwritten[i];
        if ((u->table && d != SQLITE) || (u->not_sqlite && d == SQLITE))
            continue;
        if (u->table)
            snprintf(why, sizeof(why), batch, u->table);
        else
            snprintf(why, sizeof(why), bind, first_param(d, u->module));
        snprintf(where, sizeof(where), u->line ? "%s.py:%d" : "%s.py",
                 u->module, u->line);
        len += (size_t)snprintf(out + len, cap - len, "migrate: pdns/"
                                "migrations/versions/%s: revision %.12s: its "
                                "%s SQL must be filled in (%s)\n", where,
                                u->module, u->dir, why);
        ck_assert_uint_lt(len, cap);
    }
    return out;
}

/* The "-- fill in" line of the upgrade of migrations/versions/NAME
 * replaced by sql (what the report asks the user to do). */
static void
fill_in_upgrade(const char *name, const char *sql)
{
    char path[256], *text, *at, *eol, *out;

    snprintf(path, sizeof(path), "migrations/versions/%s", name);
    text = read_file(path);
    ck_assert_ptr_nonnull(text);
    at = strstr(text, "-- +upgrade\n-- fill in:");
    ck_assert_ptr_nonnull(at);
    at += strlen("-- +upgrade\n");
    eol = strchr(at, '\n');
    out = malloc(strlen(text) + strlen(sql) + 1);
    sprintf(out, "%.*s%s%s", (int)(at - text), text, sql, eol);
    write_file(path, out);
    free(out);
    free(text);
}

/* A public project's real history: every revision imported with its
 * graph; what Alembic cannot write offline reported exactly (exit 1);
 * the rest runs up to head and down to base on d. */
START_TEST(test_import_real_history)
{
    const int d = _i;
    run_result r;
    char *want, *text;

    if (!real_alembic_project(d))
        return;
    r = migrate("import alembic pdns");
    ck_run_status(r, 1);
    want = real_import_report(d);
    ck_assert_str_eq(r.err, want);
    free(want);
    ck_contains(r.out, "Generating migrations/versions/787bdba9e147_init_db"
                ".sql ... done\n");
    run_free(&r);
    text = dir_listing("migrations/versions");
    ck_assert_int_eq(count_lines(text), 22);
    free(text);
    r = migrate("history");
    ck_run_status(r, 0);
    ck_assert_int_eq(count_lines(r.out), 22);
    ck_assert_msg(strncmp(r.out, "e3f4a5b6c7d8 -> f4a5b6c7d8e9 (head), "
                          "Add indexes for API access paths\n", 70) == 0,
                  "%s", r.out);
    ck_contains(r.out, "787bdba9e147 -> 59729e468045, Add view column to "
                "setting table\n<base> -> 787bdba9e147, Init DB\n");
    run_free(&r);
    text = read_file("migrations/versions/fbc7cf864b24_update_history_"
                     "detail_quotes.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- down_revision: 0967658d9c0d\n");
    ck_contains(text, "\n-- UPDATE history SET detail=replace(");
    free(text);
    text = read_file("migrations/versions/4a666113c7bb_adding_operator_"
                     "role.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, d == MARIADB ? "INSERT INTO `role` (" :
                "INSERT INTO role (");
    ck_contains(text, " (id, name, description) VALUES (3, 'Operator', "
                "'Operator');\n");
    free(text);
    if (d == SQLITE) {
        /* the two upgrades whose downgrades Alembic did write */
        fill_in_upgrade("0fb6d23a4863_remove_user_avatar.sql",
                        "ALTER TABLE \"user\" DROP COLUMN avatar;");
        fill_in_upgrade("31a4ed468b18_remove_all_setting_in_the_db.sql",
                        "DELETE FROM setting;\n"
                        "ALTER TABLE setting DROP COLUMN \"view\";");
    }
    ok("upgrade head");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version",
                     "f4a5b6c7d8e9");
    ck_dialect_value(d, dialect_table_count_sql(d, "apikey"), "1");
    ck_dialect_value(d, dialect_table_count_sql(d, "dnssec_rollover_key"),
                     "1");
    ck_dialect_value(d, "SELECT name FROM role WHERE id = 3", "Operator");
    ck_dialect_value(d, column_count_sql(d, "user", "otp_last_used"), "1");
    ck_dialect_value(d, column_count_sql(d, "domain", "catalog"), "1");
    ck_dialect_value(d, column_count_sql(d, "user", "avatar"), "0");
    /* on SQLite the batch upgrade adding it is still to be filled in */
    ck_dialect_value(d, column_count_sql(d, "history", "domain_id"),
                     d == SQLITE ? "0" : "1");
    if (d != SQLITE) {
        /* the project's own SQL that does not run there, as under
         * Alembic: op.execute("UPDATE user ...") on PostgreSQL (a
         * reserved word), and on MariaDB an index that InnoDB took over
         * for a foreign key (its implicit index dropped) */
        r = migrate("downgrade base");
        ck_run_status(r, 3);
        ck_assert_str_eq(r.err, d == POSTGRESQL ?
            "migrate: migrations/versions/4a666113c7bb_adding_operator_role"
            ".sql:18: syntax error at or near \"user\" (SQLSTATE 42601)\n" :
            "migrate: migrations/versions/f4a5b6c7d8e9_add_indexes_for_api_"
            "access_paths.sql:20: ERROR 1553 (HY000): Cannot drop index "
            "'ix_domain_user_user_id_domain_id': needed in a foreign key "
            "constraint\nno statement of migrations/versions/f4a5b6c7d8e9_"
            "add_indexes_for_api_access_paths.sql had run before it; the "
            "database is unchanged by this revision\n");
        run_free(&r);
        if (d == MARIADB)
            return;
        sh_ok("sed -i 's/^UPDATE user SET/UPDATE \"user\" SET/' "
              "migrations/versions/4a666113c7bb_adding_operator_role.sql");
    }
    ok("downgrade base");
    ck_dialect_value(d, dialect_table_count_sql(d, "domain"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "setting"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "user"), "0");
}
END_TEST

/* An env.py Alembic cannot run (the project's own imports its
 * application): exit 2 with Alembic's exception, nothing written. */
START_TEST(test_import_real_env_fails)
{
    run_result r;
    char *listing;

    if (!real_alembic_project(SQLITE))
        return;
    write_file("pdns/migrations/env.py", "from alembic import context\n"
               "import pdns_application_not_installed\n");
    r = migrate("import alembic pdns");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: 'alembic upgrade heads --sql' failed "
                     "in 'pdns': ModuleNotFoundError: No module named "
                     "'pdns_application_not_installed'\n");
    run_free(&r);
    listing = dir_listing("migrations/versions");
    ck_assert_str_eq(listing, "");
    free(listing);
}
END_TEST

Suite *
cli_adopt_suite(void)
{
    Suite *s = suite_create("cli_adopt");
    TCase *tc = tcase_create("baseline");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_baseline_adopts_database, 0, 3);
    tcase_add_loop_test(tc, test_baseline_refuses_existing_history, 0, 3);
    tcase_add_test(tc, test_baseline_builds_fresh_database);
    suite_add_tcase(s, tc);
    tc = tcase_create("renames");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_rename_keeps_data, 0, 3);
    tcase_add_loop_test(tc, test_rename_hint_without_annotation, 0, 3);
    tcase_add_test(tc, test_rename_annotation_placement);
    suite_add_tcase(s, tc);
    tc = tcase_create("squash");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_squash_replays, 0, 3);
    tcase_add_test(tc, test_squash_part_way);
    tcase_add_test(tc, test_squash_refuses_branch_point);
    suite_add_tcase(s, tc);
    tc = tcase_create("rebase");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_rebase_moves_branch, 0, 3);
    tcase_add_test(tc, test_rebase_usage);
    suite_add_tcase(s, tc);
    tc = tcase_create("import");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_loop_test(tc, test_import_alembic, 0, 3);
    tcase_add_test(tc, test_import_alembic_keep_table);
    suite_add_tcase(s, tc);
    tc = tcase_create("import_without_alembic");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_import_alembic_without_command);
    suite_add_tcase(s, tc);
    tc = tcase_create("import_real");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_import_real_history, 0, 3);
    tcase_add_test(tc, test_import_real_env_fails);
    suite_add_tcase(s, tc);
    return s;
}
