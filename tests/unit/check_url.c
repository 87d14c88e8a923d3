/* check_url.c - unit tests for lib/url.c. Tables of URLs with every parsed
 * component and the redacted form, tables of rejected URLs with the exact
 * code and message, and for each rejected URL a check that its message does
 * not hold the secret it carried. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suites.h"

/* A URL that parses. params is "key=value" items joined with '|'. */
struct url_ok {
    const char *text;
    const char *scheme;
    const char *written;
    const char *user;
    const char *password;
    const char *host;
    int         port;
    const char *database;
    int         memory;
    const char *params;
    const char *redacted;
};

static const struct url_ok ok_cases[] = {
    { "sqlite:///rel.db", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      "rel.db", 0, "", "sqlite:///rel.db" },
    { "sqlite:////abs/x.db", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      "/abs/x.db", 0, "", "sqlite:////abs/x.db" },
    { "sqlite://", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      ":memory:", 1, "", "sqlite://" },
    { "sqlite:///", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      ":memory:", 1, "", "sqlite:///" },
    { "sqlite:///:memory:", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      ":memory:", 1, "", "sqlite:///:memory:" },
    { "sqlite:///app.db?mode=ro", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      "app.db", 0, "mode=ro", "sqlite:///app.db?mode=ro" },
    { "SQLite:///a%20b.db", "sqlite", "SQLite", NULL, NULL, NULL, 0,
      "a b.db", 0, "", "SQLite:///a%20b.db" },
    { "sqlite:///dir/my db.db", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      "dir/my db.db", 0, "", "sqlite:///dir/my db.db" },
    { "sqlite://?cache=shared", "sqlite", "sqlite", NULL, NULL, NULL, 0,
      ":memory:", 1, "cache=shared", "sqlite://?cache=shared" },
    { "postgresql://user:pass@localhost:5432/mydb?sslmode=require",
      "postgresql", "postgresql", "user", "pass", "localhost", 5432, "mydb",
      0, "sslmode=require",
      "postgresql://user:***@localhost:5432/mydb?sslmode=require" },
    { "postgres://u@h/db", "postgresql", "postgres", "u", NULL, "h", 0,
      "db", 0, "", "postgres://u@h/db" },
    /* every scheme dialects/registry.c lists, pgsql too (as --dialect) */
    { "pgsql://u:secret@h:5433/db", "postgresql", "pgsql", "u", "secret",
      "h", 5433, "db", 0, "", "pgsql://u:***@h:5433/db" },
    { "POSTGRESQL://h", "postgresql", "POSTGRESQL", NULL, NULL, "h", 0,
      NULL, 0, "", "POSTGRESQL://h" },
    { "postgresql://h/", "postgresql", "postgresql", NULL, NULL, "h", 0,
      NULL, 0, "", "postgresql://h/" },
    { "postgresql:///db?host=/var/run/postgresql", "postgresql",
      "postgresql", NULL, NULL, NULL, 0, "db", 0,
      "host=/var/run/postgresql",
      "postgresql:///db?host=/var/run/postgresql" },
    { "mariadb://user@/db?unix_socket=/tmp/x.sock", "mariadb", "mariadb",
      "user", NULL, NULL, 0, "db", 0, "unix_socket=/tmp/x.sock",
      "mariadb://user@/db?unix_socket=/tmp/x.sock" },
    { "mysql://root:s3cr%40t%2F@db.example.com:3307/app", "mariadb",
      "mysql", "root", "s3cr@t/", "db.example.com", 3307, "app", 0, "",
      "mysql://root:***@db.example.com:3307/app" },
    { "MySQL://h", "mariadb", "MySQL", NULL, NULL, "h", 0, NULL, 0, "",
      "MySQL://h" },
    { "postgresql://u:p@ss@h/db", "postgresql", "postgresql", "u", "p@ss",
      "h", 0, "db", 0, "", "postgresql://u:***@h/db" },
    { "postgresql://u:a+b@h/d+b", "postgresql", "postgresql", "u", "a+b",
      "h", 0, "d+b", 0, "", "postgresql://u:***@h/d+b" },
    { "postgresql://u:pw@[::1]:5432/db", "postgresql", "postgresql", "u",
      "pw", "::1", 5432, "db", 0, "", "postgresql://u:***@[::1]:5432/db" },
    { "postgresql://[fe80::1%25eth0]/db", "postgresql", "postgresql", NULL,
      NULL, "fe80::1%eth0", 0, "db", 0, "",
      "postgresql://[fe80::1%25eth0]/db" },
    { "postgresql://h/db?password=hunter2&sslmode=disable", "postgresql",
      "postgresql", NULL, NULL, "h", 0, "db", 0,
      "password=hunter2|sslmode=disable",
      "postgresql://h/db?password=***&sslmode=disable" },
    { "mariadb://h/db?PASSWORD=x%20y", "mariadb", "mariadb", NULL, NULL,
      "h", 0, "db", 0, "PASSWORD=x y", "mariadb://h/db?PASSWORD=***" },
    { "postgresql://h/db?pass%77ord=abc", "postgresql", "postgresql", NULL,
      NULL, "h", 0, "db", 0, "password=abc",
      "postgresql://h/db?pass%77ord=***" },
    { "postgresql://u:@h/db", "postgresql", "postgresql", "u", "", "h", 0,
      "db", 0, "", "postgresql://u:@h/db" },
    { "postgresql://:pw@h", "postgresql", "postgresql", "", "pw", "h", 0,
      NULL, 0, "", "postgresql://:***@h" },
    { "postgresql://h/db?a=1&&b&c=x%3Dy&a=2", "postgresql", "postgresql",
      NULL, NULL, "h", 0, "db", 0, "a=1|b=|c=x=y|a=2",
      "postgresql://h/db?a=1&&b&c=x%3Dy&a=2" },
    { "postgresql://u%40corp:p%3Aw@h/d%2Fb", "postgresql", "postgresql",
      "u@corp", "p:w", "h", 0, "d/b", 0, "",
      "postgresql://u%40corp:***@h/d%2Fb" },
    { "postgresql://u:a:b@h:05432", "postgresql", "postgresql", "u", "a:b",
      "h", 5432, NULL, 0, "", "postgresql://u:***@h:05432" },
    { "postgresql://h:65535", "postgresql", "postgresql", NULL, NULL, "h",
      65535, NULL, 0, "", "postgresql://h:65535" },
    { "postgresql://h:1/x/y", "postgresql", "postgresql", NULL, NULL, "h",
      1, "x/y", 0, "", "postgresql://h:1/x/y" },
    { "postgresql://u:pw@h?sslmode=require", "postgresql", "postgresql",
      "u", "pw", "h", 0, NULL, 0, "sslmode=require",
      "postgresql://u:***@h?sslmode=require" }
};

static void
params_text(const mg_url *url, mg_buf *b)
{
    size_t i;

    for (i = 0; i < mg_url_param_count(url); i++) {
        const char *k, *v;

        mg_url_param_at(url, i, &k, &v);
        if (i)
            mg_buf_putc(b, '|');
        mg_buf_addf(b, "%s=%s", k, v);
    }
}

static void
check_components(const mg_url *url, const struct url_ok *c)
{
    mg_buf b = MG_BUF_INIT;

    ck_assert_str_eq(mg_url_scheme(url), c->scheme);
    ck_assert_str_eq(mg_url_scheme_written(url), c->written);
    ck_assert_pstr_eq(mg_url_user(url), c->user);
    ck_assert_pstr_eq(mg_url_password(url), c->password);
    ck_assert_pstr_eq(mg_url_host(url), c->host);
    ck_assert_int_eq(mg_url_port(url), c->port);
    ck_assert_pstr_eq(mg_url_database(url), c->database);
    ck_assert_int_eq(mg_url_is_memory(url), c->memory);
    params_text(url, &b);
    ck_assert_str_eq(mg_buf_cstr(&b), c->params);
    mg_buf_release(&b);
}

START_TEST(test_url_parse_ok)
{
    const struct url_ok *c = &ok_cases[_i];
    mg_url *url = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_url_parse(&url, c->text, &err), &err);
    ck_assert_ptr_nonnull(url);
    check_components(url, c);
    ck_assert_str_eq(mg_url_redacted(url), c->redacted);
    mg_url_free(url);
}
END_TEST

/* The redacted form is itself a URL: the same one with "***" for each
 * secret. */
START_TEST(test_url_redacted_reparses)
{
    const struct url_ok *c = &ok_cases[_i];
    struct url_ok want = *c;
    mg_url *url = NULL;
    mg_error err;
    mg_buf b = MG_BUF_INIT;
    size_t i;

    mg_error_clear(&err);
    ck_mg_ok(mg_url_parse(&url, c->redacted, &err), &err);
    if (c->password && c->password[0])
        want.password = "***";
    for (i = 0; i < strlen(c->params); ) {
        size_t n = strcspn(c->params + i, "|");
        size_t eq = strcspn(c->params + i, "=");

        if (i)
            mg_buf_putc(&b, '|');
        if (eq == 8 && strncasecmp(c->params + i, "password", 8) == 0 &&
            n > 9) {
            mg_buf_add(&b, c->params + i, 9);
            mg_buf_puts(&b, "***");
        } else {
            mg_buf_add(&b, c->params + i, n);
        }
        i += n + 1;
    }
    want.params = mg_buf_cstr(&b);
    check_components(url, &want);
    ck_assert_str_eq(mg_url_redacted(url), c->redacted);
    mg_url_free(url);
    mg_buf_release(&b);
}
END_TEST

/* A URL that is rejected; secret must not appear in the message. */
struct url_bad {
    const char *text;
    int         code;
    const char *msg;
    const char *secret;
};

#define EXPECTED " (expected sqlite, postgresql, mariadb or mysql)"
#define ESCAPE " (a '%' must be followed by two hex digits; write " \
    "'%' itself as %25)"
#define NO_HOST " (a sqlite URL has no host: use sqlite:///relative.db " \
    "or sqlite:////absolute.db)"

static const struct url_bad bad_cases[] = {
    { "", MG_EUSAGE, "invalid database URL ''", NULL },
    { "localhost/db", MG_EUSAGE, "invalid database URL 'localhost/db'",
      NULL },
    { "://h/db", MG_EUSAGE, "invalid database URL '://h/db'", NULL },
    { "1pg://h/db", MG_EUSAGE, "invalid database URL '1pg://h/db'", NULL },
    { "postgresql:/u:hunter2@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql:***@h/db'", "hunter2" },
    { "u:hunter2@h/db", MG_EUSAGE, "invalid database URL 'u:***@h/db'",
      "hunter2" },
    { "host=h password=hunter2", MG_EUSAGE,
      "invalid database URL 'host=h password=***'", "hunter2" },
    { "post gres://u:hunter2@h", MG_EUSAGE,
      "invalid database URL 'post gres:***@h'", "hunter2" },
    { "foo://u:hunter2@h/db", MG_EUSAGE,
      "unsupported database URL scheme 'foo'" EXPECTED, "hunter2" },
    { "sqlite3:///x.db", MG_EUSAGE,
      "unsupported database URL scheme 'sqlite3'" EXPECTED, NULL },
    { "postgresql+psycopg2://u:hunter2@h/db", MG_EUSAGE,
      "unsupported database URL scheme 'postgresql+psycopg2'" EXPECTED,
      "hunter2" },
    { "sqlite://host/x.db", MG_EUSAGE,
      "invalid database URL 'sqlite://host/x.db'" NO_HOST, NULL },
    { "sqlite://u:hunter2@/x.db", MG_EUSAGE,
      "invalid database URL 'sqlite://u:***@/x.db'" NO_HOST, "hunter2" },
    { "sqlite:///x.db%00", MG_EUSAGE,
      "invalid database URL 'sqlite:///x.db%00'", NULL },
    { "postgresql://u:hunter2@h:0/db", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:0/db'",
      "hunter2" },
    { "postgresql://u:hunter2@h:65536/db", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:65536/db'",
      "hunter2" },
    { "postgresql://u:hunter2@h:99999999999999999999", MG_EUSAGE,
      "invalid port in database URL "
      "'postgresql://u:***@h:99999999999999999999'", "hunter2" },
    { "postgresql://u:hunter2@h:abc", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:abc'",
      "hunter2" },
    { "postgresql://u:hunter2@h:", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:'", "hunter2" },
    { "postgresql://u:hunter2@h:-1", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:-1'", "hunter2" },
    { "postgresql://u:hunter2@h:+5", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:+5'", "hunter2" },
    { "postgresql://u:hunter2@h: 5", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h: 5'", "hunter2" },
    { "postgresql://u:hunter2@h:5432:5433/db", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:5432:5433/db'",
      "hunter2" },
    { "postgresql://u:hunter2@[::1/db", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@[::1/db'", "hunter2" },
    { "postgresql://u:hunter2@[::1]x/db", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@[::1]x/db'", "hunter2" },
    { "postgresql://u:hunter2@[::1]:99999/db", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@[::1]:99999/db'",
      "hunter2" },
    { "postgresql://u:hun ter2@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@h/db'", "hun ter2" },
    { "postgresql://u u:hunter2@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql://u u:***@h/db'", "hunter2" },
    { "postgresql://u:hunter2\t@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@h/db'", "hunter2" },
    { "postgresql://u:hunter2%00@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@h/db'", "hunter2" },
    { "postgresql://u:pa/hunter2@h:1/db", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h:1/db'",
      "hunter2" },
    { "postgresql://u:pa?hunter2@h/db", MG_EUSAGE,
      "invalid port in database URL 'postgresql://u:***@h/db'",
      "hunter2" },
    { "postgresql://h:99999/db?password=hunter2", MG_EUSAGE,
      "invalid port in database URL "
      "'postgresql://h:99999/db?password=***'", "hunter2" },
    { "postgresql://h:x/db?a=1&pass%77ord=hunter2&b=2", MG_EUSAGE,
      "invalid port in database URL "
      "'postgresql://h:x/db?a=1&pass%77ord=***&b=2'", "hunter2" },
    { "postgresql://h/db?password=hun ter2", MG_EUSAGE,
      "invalid database URL 'postgresql://h/db?password=***'", "hun ter2" },
    { "postgresql://u:hunter2@h/db?a=%00", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@h/db?a=%00'", "hunter2" },
    { "mysql://u:hunter2@h:70000", MG_EUSAGE,
      "invalid port in database URL 'mysql://u:***@h:70000'", "hunter2" },
    /* a '%' that is not an escape is an error, never kept literally; a
     * password's escape is not quoted */
    { "postgresql://u:100%@h", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@h': bad percent-escape in "
      "the password" ESCAPE, "100" },
    { "postgresql://app:p%ZZ@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql://app:***@h/db': bad percent-escape "
      "in the password" ESCAPE, "p%ZZ" },
    { "postgresql://app:hunter2%4@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql://app:***@h/db': bad percent-escape "
      "in the password" ESCAPE, "hunter2" },
    { "postgresql://app:hunter2@h/db?password=x%G1", MG_EUSAGE,
      "invalid database URL 'postgresql://app:***@h/db?password=***': bad "
      "percent-escape in the query parameter 'password'" ESCAPE, "x%G1" },
    { "postgresql://a%zpp:hunter2@h/db", MG_EUSAGE,
      "invalid database URL 'postgresql://a%zpp:***@h/db': bad "
      "percent-escape '%zp' in the user name" ESCAPE, "hunter2" },
    { "postgresql://u:hunter2@h%/db", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@h%/db': bad percent-escape "
      "'%' in the host" ESCAPE, "hunter2" },
    { "mariadb://u:hunter2@[::1%eth0]/db", MG_EUSAGE,
      "invalid database URL 'mariadb://u:***@[::1%eth0]/db': bad "
      "percent-escape '%et' in the host" ESCAPE, "hunter2" },
    { "postgresql://u:hunter2@h/d%4", MG_EUSAGE,
      "invalid database URL 'postgresql://u:***@h/d%4': bad percent-escape "
      "'%4' in the database name" ESCAPE, "hunter2" },
    { "sqlite:///100%.db", MG_EUSAGE,
      "invalid database URL 'sqlite:///100%.db': bad percent-escape '%.d' "
      "in the file name" ESCAPE, NULL },
    { "postgresql://h/db?ssl%mode=require", MG_EUSAGE,
      "invalid database URL 'postgresql://h/db?ssl%mode=require': bad "
      "percent-escape '%mo' in the name of a query parameter" ESCAPE, NULL },
    { "postgresql://h/db?sslmode=%", MG_EUSAGE,
      "invalid database URL 'postgresql://h/db?sslmode=%': bad "
      "percent-escape '%' in the query parameter 'sslmode'" ESCAPE, NULL }
};

START_TEST(test_url_parse_bad)
{
    const struct url_bad *c = &bad_cases[_i];
    mg_url *url = (mg_url *)&url;   /* must be reset to NULL */
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = mg_url_parse(&url, c->text, &err);
    ck_assert_int_eq(rc, c->code);
    ck_assert_int_eq(err.code, c->code);
    ck_assert_ptr_null(url);
    ck_assert_str_eq(err.msg, c->msg);
    if (c->secret)
        ck_assert_msg(strstr(err.msg, c->secret) == NULL,
                      "secret '%s' in message '%s'", c->secret, err.msg);
}
END_TEST

START_TEST(test_url_parse_null)
{
    mg_url *url = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_url_parse(&url, NULL, &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "no database URL given");
    ck_assert_ptr_null(url);
    /* A NULL error record is allowed. */
    ck_assert_int_eq(mg_url_parse(&url, "nope", NULL), MG_EUSAGE);
    ck_assert_ptr_null(url);
}
END_TEST

START_TEST(test_url_params)
{
    mg_url *url = NULL;
    mg_error err;
    const char *k = "x", *v = "x";

    mg_error_clear(&err);
    ck_mg_ok(mg_url_parse(&url, "postgresql://h/db?a=1&b=2&a=3&A=4", &err),
             &err);
    ck_assert_uint_eq(mg_url_param_count(url), 4);
    ck_assert_str_eq(mg_url_param(url, "a"), "3");
    ck_assert_str_eq(mg_url_param(url, "A"), "4");
    ck_assert_str_eq(mg_url_param(url, "b"), "2");
    ck_assert_ptr_null(mg_url_param(url, "c"));
    mg_url_param_at(url, 1, &k, &v);
    ck_assert_str_eq(k, "b");
    ck_assert_str_eq(v, "2");
    mg_url_param_at(url, 4, &k, &v);
    ck_assert_ptr_null(k);
    ck_assert_ptr_null(v);
    mg_url_free(url);
    mg_url_free(NULL);
}
END_TEST

/* Free text: input and the redacted text. */
static const struct {
    const char *text;
    const char *want;
} text_cases[] = {
    { "", "" },
    { "no secrets here", "no secrets here" },
    { "sqlite:///x.db", "sqlite:///x.db" },
    { "mariadb://user@/db?unix_socket=/s",
      "mariadb://user@/db?unix_socket=/s" },
    { "x://u:@h", "x://u:@h" },
    { "cannot connect to postgresql://u:hunter2@h/db: refused",
      "cannot connect to postgresql://u:***@h/db: refused" },
    { "'postgresql://u:hunter2@h/db'", "'postgresql://u:***@h/db'" },
    { "a mysql://root:p@ss@h/x and postgres://v:w@y",
      "a mysql://root:***@h/x and postgres://v:***@y" },
    { "x://u:pa/ss?q@h/db", "x://u:***@h/db" },
    { "password=hunter2 host=x", "password=*** host=x" },
    { "PGPASSWORD='hun ter2' psql", "PGPASSWORD='***' psql" },
    { "host=h password=\"a b\" user=u", "host=h password=\"***\" user=u" },
    { "password='unterminated", "password='***" },
    { "password='ab'cdef x", "password='*** x" },
    { "?user=u&password=hunter2&x=1", "?user=u&password=***&x=1" },
    { "postgresql://u:p1@h/db?Password=p2",
      "postgresql://u:***@h/db?Password=***" },
    { "password=", "password=" }
};

START_TEST(test_url_redact_text)
{
    char *got = mg_url_redact_text(text_cases[_i].text);

    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, text_cases[_i].want);
    free(got);
}
END_TEST

START_TEST(test_url_redact_text_null)
{
    char *got = mg_url_redact_text(NULL);

    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "");
    free(got);
}
END_TEST

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *
url_suite(void)
{
    Suite *s = suite_create("url");
    TCase *tc;

    tc = tcase_create("parse_ok");
    tcase_add_loop_test(tc, test_url_parse_ok, 0, NCASES(ok_cases));
    suite_add_tcase(s, tc);
    tc = tcase_create("redacted_reparses");
    tcase_add_loop_test(tc, test_url_redacted_reparses, 0,
                        NCASES(ok_cases));
    suite_add_tcase(s, tc);
    tc = tcase_create("parse_bad");
    tcase_add_loop_test(tc, test_url_parse_bad, 0, NCASES(bad_cases));
    tcase_add_test(tc, test_url_parse_null);
    suite_add_tcase(s, tc);
    tc = tcase_create("params");
    tcase_add_test(tc, test_url_params);
    suite_add_tcase(s, tc);
    tc = tcase_create("redact_text");
    tcase_add_loop_test(tc, test_url_redact_text, 0, NCASES(text_cases));
    tcase_add_test(tc, test_url_redact_text_null);
    suite_add_tcase(s, tc);
    return s;
}
