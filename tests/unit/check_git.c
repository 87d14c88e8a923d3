/* check_git.c - the parts of lib/git.c and lib/destructive.c that need no
 * repository: which steps of a new revision's upgrade section `check
 * --base` reports as destructive (mg_git_destructive_steps), as a table of
 * sections, each lexed as its dialect lexes it, and the exact "line:
 * message" lines expected; and the errors outside a repository. The
 * repository side is exercised end to end in tests/integration/cli_git.c. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

static const struct {
    const char *upgrade;    /* starts on line 7 of the file */
    const char *downgrade;
    const char *want;       /* "line: message" lines, "" for none */
    const char *dialect;    /* NULL: sqlite */
} cases[] = {
    { "DROP TABLE posts;", "",
      "7: new revision r drops table posts\n", NULL },
    { "-- WARNING: data loss: drop column users.name\n"
      "ALTER TABLE users DROP COLUMN name;", "",
      "7: new revision r: WARNING: data loss: drop column users.name\n",
      NULL },
    { "-- warning: Data Loss: narrow users.name\n"
      "UPDATE users SET name = substr(name, 1, 5);", "",
      "7: new revision r: warning: Data Loss: narrow users.name\n", NULL },
    /* a comment announces its statement only, not the next one */
    { "-- WARNING: data loss: drop table a\nDROP TABLE a;\nDROP TABLE b;",
      "", "7: new revision r: WARNING: data loss: drop table a\n"
      "9: new revision r drops table b\n", NULL },
    { "DROP TABLE a;\n\n  drop table if exists app.\"B\";", "",
      "7: new revision r drops table a\n"
      "9: new revision r drops table B\n", NULL },
    /* a table rebuild drops and renames back: no data lost */
    { "CREATE TABLE \"_tmp_users\" (id INTEGER PRIMARY KEY);\n"
      "INSERT INTO \"_tmp_users\" (id) SELECT id FROM \"users\";\n"
      "DROP TABLE \"users\";\n"
      "ALTER TABLE \"_tmp_users\" RENAME TO \"users\";", "", "", NULL },
    { "DROP TABLE users;\nALTER TABLE x RENAME TO y;", "",
      "7: new revision r drops table users\n", NULL },
    { "ALTER TABLE users DROP name;", "",
      "7: new revision r drops column users.name\n", NULL },
    { "ALTER TABLE public.users DROP COLUMN IF EXISTS \"Name\";", "",
      "7: new revision r drops column users.Name\n", NULL },
    { "ALTER TABLE users ADD COLUMN age INT, DROP COLUMN nick;", "",
      "7: new revision r drops column users.nick\n", NULL },
    { "ALTER TABLE users DROP CONSTRAINT fk_users_org;\n"
      "ALTER TABLE users DROP PRIMARY KEY;\n"
      "ALTER TABLE users DROP INDEX ix_name;\n"
      "ALTER TABLE users ALTER COLUMN name DROP DEFAULT;\n"
      "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;\n"
      "ALTER TABLE users ADD CONSTRAINT ck CHECK (x <> 'DROP COLUMN y');",
      "", "", NULL },
    { "DROP INDEX ix_users_name;\nDROP VIEW v;", "", "", NULL },
    { "INSERT INTO log VALUES ('DROP TABLE x');\n"
      "-- DROP TABLE y is what we do next release\n"
      "/* DROP TABLE z */ SELECT 1;", "", "", NULL },
    /* only the upgrade section counts */
    { "CREATE TABLE t (id INT);", "DROP TABLE t;", "", NULL },
    { "", "DROP TABLE t;", "", NULL },
    /* the splitter's lexer reads the statements: a dollar-quoted body or
     * a backslash-escaped quote does not end early into a false DROP */
    { "ALTER TABLE t ADD COLUMN c TEXT DEFAULT $$ drop x $$;", "", "",
      "postgresql" },
    { "ALTER TABLE t ADD COLUMN c TEXT DEFAULT $q$ it's; DROP y $q$;", "",
      "", "postgresql" },
    { "ALTER TABLE t COMMENT = 'it\\'s; DROP c';", "", "", "mariadb" },
    { "ALTER TABLE t ADD x INT # DROP COLUMN y\n, DROP z;", "",
      "7: new revision r drops column t.z\n", "mariadb" },
    { "ALTER TABLE [t] DROP COLUMN [a b];", "",
      "7: new revision r drops column t.a b\n", NULL },
    { "ALTER TABLE \"t\" DROP COLUMN \"a\"\"b\";", "",
      "7: new revision r drops column t.a\"b\n", "postgresql" },
};

START_TEST(test_git_destructive_steps)
{
    mg_git_issues issues = MG_GIT_ISSUES_INIT;
    mg_buf text = MG_BUF_INIT, got = MG_BUF_INIT;
    mg_revfile *rf = NULL;
    mg_error err;
    size_t i;

    mg_buf_addf(&text, "-- revision: r\n-- down_revision:\n-- message: m\n"
                "-- dialect: %s\n\n-- +upgrade\n%s\n\n-- +downgrade\n"
                "%s\n", cases[_i].dialect ? cases[_i].dialect : "sqlite",
                cases[_i].upgrade, cases[_i].downgrade);
    mg_error_clear(&err);
    ck_mg_ok(mg_revfile_parse(&rf, "x.sql", mg_buf_cstr(&text), text.len,
                              &err), &err);
    ck_mg_ok(mg_git_destructive_steps(&issues, rf, &err), &err);
    for (i = 0; i < issues.n; i++) {
        ck_assert_int_eq(issues.v[i].kind, MG_GIT_DESTRUCTIVE);
        ck_assert_str_eq(issues.v[i].path, "x.sql");
        mg_buf_addf(&got, "%d: %s\n", issues.v[i].line,
                    issues.v[i].message);
    }
    ck_assert_msg(strcmp(mg_buf_cstr(&got), cases[_i].want) == 0,
                  "case %d:\n%s\ngot:\n%s\nwant:\n%s", _i, cases[_i].upgrade,
                  mg_buf_cstr(&got), cases[_i].want);
    mg_git_issues_release(&issues);
    mg_revfile_free(rf);
    mg_buf_release(&text);
    mg_buf_release(&got);
}
END_TEST

/* A revision of several dialects: each dialect's upgrade section is read
 * (a generic one that several dialects run, once), each lexed by its
 * dialect. */
START_TEST(test_git_destructive_steps_dialects)
{
    static const char text[] =
        "-- revision: r\n"                      /* 1 */
        "-- dialect: sqlite, postgresql, mariadb\n"
        "-- +upgrade\n"                         /* 3 */
        "DROP TABLE a;\n"                       /* 4 */
        "-- +upgrade postgresql\n"              /* 5 */
        "DROP TABLE b;\n"                       /* 6 */
        "-- +downgrade\n";
    mg_git_issues issues = MG_GIT_ISSUES_INIT;
    mg_buf got = MG_BUF_INIT;
    mg_revfile *rf = NULL;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    ck_mg_ok(mg_revfile_parse(&rf, "x.sql", text, sizeof(text) - 1, &err),
             &err);
    ck_mg_ok(mg_git_destructive_steps(&issues, rf, &err), &err);
    for (i = 0; i < issues.n; i++)
        mg_buf_addf(&got, "%d: %s\n", issues.v[i].line, issues.v[i].message);
    ck_assert_str_eq(mg_buf_cstr(&got), "4: new revision r drops table a\n"
                     "6: new revision r drops table b\n");
    mg_git_issues_release(&issues);
    mg_revfile_free(rf);
    mg_buf_release(&got);
}
END_TEST

/* Outside any repository the git functions fail with MG_EUSAGE, naming
 * the place (or libgit2 being absent), and leave nothing behind. */
START_TEST(test_git_not_a_repository)
{
    char dir[] = "/tmp/mg_git_XXXXXX", cwd[4096];
    mg_git_issues issues = MG_GIT_ISSUES_INIT;
    mg_metadata *md = (mg_metadata *)&md;
    mg_buf rel = MG_BUF_INIT;
    mg_error err;

    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(chdir(dir), 0);
    unsetenv("GIT_DIR");
    mg_error_clear(&err);
    ck_assert_int_eq(mg_git_model_load(&md, "main", "models.sql", &err),
                     MG_EUSAGE);
    ck_assert_ptr_null(md);
#ifdef MG_WITH_LIBGIT2
    ck_assert_msg(strstr(err.msg, "is not in a git repository") != NULL,
                  "%s", err.msg);
#else
    ck_assert_str_eq(err.msg, "git sources need libgit2 (configure "
                     "--with-libgit2)");
#endif
    mg_error_clear(&err);
    ck_assert_int_eq(mg_git_check_base(&issues, "main", "migrations/versions",
                                       NULL, &err), MG_EUSAGE);
    ck_assert_uint_eq(issues.n, 0);
    mg_error_clear(&err);
    ck_assert_int_eq(mg_git_relpath(&rel, "x.sql", &err), MG_EUSAGE);
    ck_assert_uint_eq(rel.len, 0);
    ck_assert_int_eq(chdir(cwd), 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

Suite *
git_suite(void)
{
    Suite *s = suite_create("git");
    TCase *t = tcase_create("destructive_steps");

    tcase_add_loop_test(t, test_git_destructive_steps, 0,
                        (int)(sizeof(cases) / sizeof(cases[0])));
    suite_add_tcase(s, t);
    t = tcase_create("not_a_repository");
    tcase_add_test(t, test_git_destructive_steps_dialects);
    tcase_add_test(t, test_git_not_a_repository);
    suite_add_tcase(s, t);
    return s;
}
