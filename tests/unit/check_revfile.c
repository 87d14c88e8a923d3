/* check_revfile.c - the revision file parser: every header key, both
 * sections with their line numbers, and each malformed input with its
 * exact file:line message. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"

static mg_revfile *
parse(const char *text, mg_error *err)
{
    mg_revfile *rf = NULL;

    mg_error_clear(err);
    mg_revfile_parse(&rf, "v/x.sql", text, strlen(text), err);
    return rf;
}

START_TEST(test_revfile_full_header)
{
    mg_error err;
    int line = 0;
    mg_revfile *rf = parse(
        "-- revision: 1a2b3c4d5e6f\n"
        "-- down_revision: 0f9e8d7c6b5a, abc\n"
        "-- message: add posts\n"
        "-- created: 2026-11-22 10:00:00+00:00\n"
        "-- dialect: sqlite\n"
        "-- branch_labels: feature\n"
        "-- depends_on: dep1\n"
        "-- transaction: off\n"
        "-- a plain comment: ignored\n"
        "\n"
        "-- +upgrade\n"
        "CREATE TABLE posts (id INTEGER);\n"
        "\n"
        "-- +downgrade\n"
        "DROP TABLE posts;\n", &err);

    ck_assert_msg(rf != NULL, "%s", err.msg);
    ck_assert_str_eq(mg_revfile_revision(rf), "1a2b3c4d5e6f");
    ck_assert_int_eq(mg_revfile_down_revisions(rf)->n, 2);
    ck_assert_str_eq(mg_revfile_down_revisions(rf)->v[0], "0f9e8d7c6b5a");
    ck_assert_str_eq(mg_revfile_down_revisions(rf)->v[1], "abc");
    ck_assert_str_eq(mg_revfile_message(rf), "add posts");
    ck_assert_str_eq(mg_revfile_created(rf), "2026-11-22 10:00:00+00:00");
    ck_assert_str_eq(mg_revfile_dialect(rf), "sqlite");
    ck_assert_str_eq(mg_revfile_branch_labels(rf)->v[0], "feature");
    ck_assert_str_eq(mg_revfile_depends_on(rf)->v[0], "dep1");
    ck_assert_int_eq(mg_revfile_transactional(rf), 0);
    ck_assert_str_eq(mg_revfile_upgrade_sql(rf, &line),
                     "CREATE TABLE posts (id INTEGER);\n\n");
    ck_assert_int_eq(line, 12);
    ck_assert_str_eq(mg_revfile_downgrade_sql(rf, &line),
                     "DROP TABLE posts;\n");
    ck_assert_int_eq(line, 15);
    ck_assert_int_eq(strlen(mg_revfile_checksum(rf)), 64);
    mg_revfile_free(rf);
}
END_TEST

START_TEST(test_revfile_root_without_downgrade)
{
    mg_error err;
    mg_revfile *rf = parse("-- revision: r1\n-- down_revision:\n"
                           "-- +upgrade\nSELECT 1;\n", &err);

    ck_assert_msg(rf != NULL, "%s", err.msg);
    ck_assert_int_eq(mg_revfile_down_revisions(rf)->n, 0);
    ck_assert_ptr_null(mg_revfile_downgrade_sql(rf, NULL));
    ck_assert_int_eq(mg_revfile_transactional(rf), 1);
    ck_assert_str_eq(mg_revfile_message(rf), "");
    mg_revfile_free(rf);
}
END_TEST

START_TEST(test_revfile_checksum_is_sha256)
{
    char hex[65];

    mg_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                          "b00361a396177a9cb410ff61f20015ad");
}
END_TEST

/* The hash is computed in lib/checksum.c (no libcrypto): FIPS 180-4's
 * two-block example, the empty text, and n times 'x' at every length where
 * the padding changes shape (55 still fits the length in the last block,
 * 56 does not, 64 is one whole block), against sha256sum. */
static const struct {
    size_t      n;
    const char *hex;
} sha_x[] = {
    { 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
    { 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
    { 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
    { 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
    { 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
    { 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
    { 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
    { 1000, "44f8354494a5ba03ba1792a8d3e9c534c47a9181980fde7a3f44b06ef2ae7c7f" },
};

START_TEST(test_revfile_checksum_lengths)
{
    static const char two[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65], *x = malloc(1000);
    size_t i;

    ck_assert_ptr_nonnull(x);
    memset(x, 'x', 1000);
    mg_sha256_hex(two, strlen(two), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
                          "a33ce45964ff2167f6ecedd419db06c1");
    for (i = 0; i < sizeof(sha_x) / sizeof(sha_x[0]); i++) {
        mg_sha256_hex(x, sha_x[i].n, hex);
        ck_assert_msg(strcmp(hex, sha_x[i].hex) == 0,
                      "%zu times 'x': %s, want %s", sha_x[i].n, hex,
                      sha_x[i].hex);
    }
    free(x);
}
END_TEST

static const struct {
    const char *text;
    const char *msg;
} bad[] = {
    { "-- +upgrade\nSELECT 1;\n",
      "v/x.sql:1: missing '-- revision:' header" },
    { "-- revision: r1\nSELECT 1;\n-- +upgrade\n",
      "v/x.sql:2: SQL before '-- +upgrade'" },
    { "-- revision: r1\n-- revision: r2\n-- +upgrade\n",
      "v/x.sql:2: header key 'revision' given twice" },
    { "-- revision: bad-id\n-- +upgrade\n",
      "v/x.sql:1: invalid revision id 'bad-id' (expected 1-32 characters of "
      "A-Z, a-z, 0-9, _)" },
    { "-- revision: r1\n",
      "v/x.sql:1: missing '-- +upgrade' section" },
    { "-- revision: r1\n-- +downgrade\n",
      "v/x.sql:2: '-- +downgrade' before '-- +upgrade'" },
    { "-- revision: r1\n-- +upgrade\n-- +upgrade\n",
      "v/x.sql:3: '-- +upgrade' given twice or after '-- +downgrade'" },
    { "-- revision: r1\n-- +upgarde\n",
      "v/x.sql:2: unknown section '-- +upgarde' (expected '-- +upgrade' or "
      "'-- +downgrade')" },
    { "-- revision: r1\n-- transaction: maybe\n-- +upgrade\n",
      "v/x.sql:2: invalid transaction 'maybe' (expected on or off)" },
    { "-- revision: r1\n-- down_revision: a b$\n-- +upgrade\n",
      "v/x.sql:2: invalid down_revision 'b$'" },
    { "-- revision: r1\n-- down_revision: a, a\n-- +upgrade\n",
      "v/x.sql:2: 'a' listed twice in down_revision" },
    { "-- revision: r1\n-- down_revision: r1\n-- +upgrade\n",
      "v/x.sql:1: revision 'r1' names itself as down_revision" },
    { "-- revision: 0123456789abcdef0123456789abcdef0\n-- +upgrade\n",
      "v/x.sql:1: invalid revision id '0123456789abcdef0123456789abcdef0' "
      "(expected 1-32 characters of A-Z, a-z, 0-9, _)" },
    /* an unknown key in the header run names the key meant */
    { "-- revision: r1\n-- down_revison: a\n-- +upgrade\n",
      "v/x.sql:2: unknown header key 'down_revison' (did you mean "
      "'down_revision'?)" },
    { "-- revision: r1\n-- transactoin: off\n-- +upgrade\n",
      "v/x.sql:2: unknown header key 'transactoin' (did you mean "
      "'transaction'?)" },
    { "-- revison: r1\n-- +upgrade\n",
      "v/x.sql:1: unknown header key 'revison' (did you mean 'revision'?)" },
    { "-- revision: r1\n-- branch_label: a\n-- +upgrade\n",
      "v/x.sql:2: unknown header key 'branch_label' (did you mean "
      "'branch_labels'?)" },
    { "-- revision: r1\n-- dependson: a\n-- +upgrade\n",
      "v/x.sql:2: unknown header key 'dependson' (did you mean "
      "'depends_on'?)" },
    { "-- my migration\n-- revision: r1\n-- dialects: sqlite\n-- +upgrade\n",
      "v/x.sql:3: unknown header key 'dialects' (did you mean 'dialect'?)" },
    { "-- revision: r1\n-- message: m\n-- author: me\n-- +upgrade\n",
      "v/x.sql:3: unknown header key 'author' (expected revision, "
      "down_revision, message, created, dialect, branch_labels, depends_on, "
      "transaction or replaces)" },
    { "-- revision: r1\n-- down_revision:x\n-- down_revison:\n-- +upgrade\n",
      "v/x.sql:3: unknown header key 'down_revison' (did you mean "
      "'down_revision'?)" },
};

/* Which comments are header lines: only the first run of "-- key: value"
 * lines must hold known keys; every other comment stays legal. */
START_TEST(test_revfile_comments_stay_legal)
{
    mg_error err;
    mg_revfile *rf = parse(
        "-- revision:r1\n"
        "-- down_revision: r0\n"
        "-- dialect: sqlite, postgresql\n"
        "-- https://tracker.example/1\n"
        "-- note: the header run is over, so this is a comment\n"
        "-- message: a known key is still read\n"
        "\n"
        "-- TODO: later\n"
        "-- see: https://example.com/x\n"
        "--created:2026-01-01\n"
        "# mariadb comment: fine\n"
        "-- +upgrade\n"
        "-- down_revison: in the SQL, an ordinary comment\n"
        "SELECT 1; -- key: value\n"
        "-- +downgrade\n"
        "-- anything: goes\n"
        "SELECT 2;\n", &err);

    ck_assert_msg(rf != NULL, "%s", err.msg);
    ck_assert_str_eq(mg_revfile_revision(rf), "r1");
    ck_assert_int_eq(mg_revfile_down_revisions(rf)->n, 1);
    ck_assert_str_eq(mg_revfile_down_revisions(rf)->v[0], "r0");
    ck_assert_str_eq(mg_revfile_dialect(rf), "sqlite, postgresql");
    ck_assert_str_eq(mg_revfile_message(rf), "a known key is still read");
    ck_assert_str_eq(mg_revfile_created(rf), "2026-01-01");
    ck_assert_str_eq(mg_revfile_upgrade_sql(rf, NULL),
                     "-- down_revison: in the SQL, an ordinary comment\n"
                     "SELECT 1; -- key: value\n");
    mg_revfile_free(rf);
}
END_TEST

/* A header that a blank line splits is read whole, as before. */
START_TEST(test_revfile_split_header)
{
    mg_error err;
    mg_revfile *rf = parse("-- revision: r1\n\n-- down_revision: r0\n"
                           "-- transaction: off\n-- +upgrade\nSELECT 1;\n",
                           &err);

    ck_assert_msg(rf != NULL, "%s", err.msg);
    ck_assert_str_eq(mg_revfile_down_revisions(rf)->v[0], "r0");
    ck_assert_int_eq(mg_revfile_transactional(rf), 0);
    mg_revfile_free(rf);
}
END_TEST

START_TEST(test_revfile_errors)
{
    mg_error err;
    mg_revfile *rf = parse(bad[_i].text, &err);

    ck_assert_ptr_null(rf);
    ck_assert_int_eq(err.code, MG_EPARSE);
    ck_assert_str_eq(err.msg, bad[_i].msg);
    ck_assert_str_eq(err.file, "v/x.sql");
}
END_TEST

/* A history of several dialects: generic sections run everywhere, a
 * dialect's own section replaces them there, with its own line numbers;
 * the header's names are canonical (mysql is mariadb). */
static const char multi_text[] =
    "-- revision: r1\n"                        /* 1 */
    "-- dialect: sqlite, postgresql, mysql\n"  /* 2 */
    "\n"                                       /* 3 */
    "-- +upgrade\n"                            /* 4 */
    "CREATE TABLE t (id INTEGER);\n"           /* 5 */
    "\n"                                       /* 6 */
    "-- +downgrade\n"                          /* 7 */
    "DROP TABLE t;\n"                          /* 8 */
    "\n"                                       /* 9 */
    "-- +upgrade postgresql\n"                 /* 10 */
    "CREATE TABLE t (id BIGINT);\n"            /* 11 */
    "-- +downgrade   MariaDB\n"                /* 12 */
    "\n";                                      /* 13 */

START_TEST(test_revfile_dialect_sections)
{
    mg_error err;
    const char *sql;
    int line = 0;
    mg_revfile *rf = parse(multi_text, &err);

    ck_assert_msg(rf != NULL, "%s", err.msg);
    ck_assert_int_eq(mg_revfile_dialects(rf)->n, 3);
    ck_assert_str_eq(mg_revfile_dialects(rf)->v[2], "mariadb");
    ck_assert_int_eq(mg_revfile_dialect_line(rf), 2);
    ck_assert(mg_revfile_serves(rf, "postgresql"));
    ck_assert(!mg_revfile_serves(rf, "oracle"));
    /* sqlite: the generic sections */
    ck_mg_ok(mg_revfile_sql_for(&sql, &line, rf, "sqlite", 1, &err), &err);
    ck_assert_str_eq(sql, "CREATE TABLE t (id INTEGER);\n\n");
    ck_assert_int_eq(line, 5);
    ck_mg_ok(mg_revfile_sql_for(&sql, &line, rf, "sqlite", 0, &err), &err);
    ck_assert_str_eq(sql, "DROP TABLE t;\n\n");
    ck_assert_int_eq(line, 8);
    /* postgresql: its own upgrade, the generic downgrade */
    ck_mg_ok(mg_revfile_sql_for(&sql, &line, rf, "postgresql", 1, &err),
             &err);
    ck_assert_str_eq(sql, "CREATE TABLE t (id BIGINT);\n");
    ck_assert_int_eq(line, 11);
    ck_mg_ok(mg_revfile_sql_for(&sql, &line, rf, "postgresql", 0, &err),
             &err);
    ck_assert_str_eq(sql, "DROP TABLE t;\n\n");
    /* mariadb: an explicitly empty downgrade (nothing to do there) */
    ck_mg_ok(mg_revfile_sql_for(&sql, &line, rf, "mariadb", 0, &err), &err);
    ck_assert_str_eq(sql, "\n");
    ck_assert_int_eq(line, 13);
    /* the generic accessors still give the generic sections */
    ck_assert_str_eq(mg_revfile_upgrade_sql(rf, NULL),
                     "CREATE TABLE t (id INTEGER);\n\n");
    mg_revfile_free(rf);
}
END_TEST

/* A file of dialect sections only (what autogenerate writes): the
 * generic accessors give "" and each dialect its own SQL; a dialect the
 * header does not list has none. */
START_TEST(test_revfile_dialect_only_sections)
{
    mg_error err;
    const char *sql;
    int line;
    mg_revfile *rf = parse("-- revision: r1\n-- dialect: sqlite, postgresql\n"
                           "-- +upgrade sqlite\nA;\n-- +downgrade sqlite\nB;\n"
                           "-- +upgrade postgresql\nC;\n"
                           "-- +downgrade postgresql\nD;\n", &err);

    ck_assert_msg(rf != NULL, "%s", err.msg);
    /* no generic SQL: the line is the first dialect section's SQL (never
     * 0: the fuzz harness holds every file to a real line) */
    ck_assert_str_eq(mg_revfile_upgrade_sql(rf, &line), "");
    ck_assert_int_eq(line, 4);
    ck_assert_str_eq(mg_revfile_downgrade_sql(rf, NULL), "");
    ck_mg_ok(mg_revfile_sql_for(&sql, &line, rf, "postgresql", 0, &err),
             &err);
    ck_assert_str_eq(sql, "D;\n");
    ck_assert_int_eq(line, 10);
    ck_assert_int_eq(mg_revfile_sql_for(&sql, &line, rf, "mariadb", 1, &err),
                     MG_EPARSE);
    ck_assert_str_eq(err.msg, "v/x.sql:2: no upgrade SQL for mariadb: add a "
                     "'-- +upgrade mariadb' section (an empty one if the "
                     "revision does nothing on mariadb)");
    mg_revfile_free(rf);
}
END_TEST

/* Without a downgrade section at all the file cannot be reverted on any
 * dialect: sql_for says so with NULL, not with an error. */
START_TEST(test_revfile_dialect_no_downgrade)
{
    mg_error err;
    const char *sql = "x";
    mg_revfile *rf = parse("-- revision: r1\n-- dialect: sqlite\n"
                           "-- +upgrade sqlite\nA;\n", &err);

    ck_assert_msg(rf != NULL, "%s", err.msg);
    ck_mg_ok(mg_revfile_sql_for(&sql, NULL, rf, "sqlite", 0, &err), &err);
    ck_assert_ptr_null(sql);
    ck_assert_ptr_null(mg_revfile_downgrade_sql(rf, NULL));
    mg_revfile_free(rf);
}
END_TEST

/* The checksum covers the whole file: any dialect's section. */
START_TEST(test_revfile_dialect_checksum)
{
    mg_error err;
    char *edited = strdup(multi_text);
    mg_revfile *a = parse(multi_text, &err), *b;

    *strstr(edited, "BIGINT") = 'b';
    b = parse(edited, &err);
    ck_assert_msg(a && b, "%s", err.msg);
    ck_assert_str_ne(mg_revfile_checksum(a), mg_revfile_checksum(b));
    mg_revfile_free(a);
    mg_revfile_free(b);
    free(edited);
}
END_TEST

static const struct {
    const char *text;
    const char *msg;
} bad_dialect[] = {
    /* a listed dialect without SQL, named at the "-- dialect:" line */
    { "-- revision: r1\n-- dialect: sqlite, postgresql\n"
      "-- +upgrade sqlite\nA;\n",
      "v/x.sql:2: no upgrade SQL for postgresql: add a '-- +upgrade "
      "postgresql' section (an empty one if the revision does nothing on "
      "postgresql)" },
    { "-- revision: r1\n-- dialect: sqlite, postgresql\n"
      "-- +upgrade\nA;\n-- +downgrade sqlite\nB;\n",
      "v/x.sql:2: no downgrade SQL for postgresql: add a '-- +downgrade "
      "postgresql' section (an empty one if the revision does nothing on "
      "postgresql)" },
    /* an empty generic section beside dialect sections is a placeholder */
    { "-- revision: r1\n-- dialect: sqlite, mariadb\n"
      "-- +upgrade\n-- nothing\n\n-- +upgrade sqlite\nA;\n",
      "v/x.sql:2: no upgrade SQL for mariadb: add a '-- +upgrade "
      "mariadb' section (an empty one if the revision does nothing on "
      "mariadb)" },
    { "-- revision: r1\n-- dialect: sqlite\n"
      "-- +upgrade\nA;\n-- +upgrade postgresql\nB;\n",
      "v/x.sql:5: section '-- +upgrade postgresql' is for a dialect that "
      "'-- dialect:' does not list (sqlite)" },
    { "-- revision: r1\n-- +upgrade sqlite\nA;\n-- +upgrade sqlite\nB;\n",
      "v/x.sql:4: '-- +upgrade sqlite' given twice" },
    { "-- revision: r1\n-- +downgrade sqlite\nA;\n",
      "v/x.sql:2: '-- +downgrade sqlite' before '-- +upgrade'" },
    { "-- revision: r1\n-- dialect: sqlite, sq-lite\n-- +upgrade\n",
      "v/x.sql:2: invalid dialect 'sq-lite'" },
};

START_TEST(test_revfile_dialect_errors)
{
    mg_error err;
    mg_revfile *rf = parse(bad_dialect[_i].text, &err);

    ck_assert_ptr_null(rf);
    ck_assert_int_eq(err.code, MG_EPARSE);
    ck_assert_str_eq(err.msg, bad_dialect[_i].msg);
}
END_TEST

START_TEST(test_revfile_id_valid)
{
    ck_assert(mg_revision_id_valid("a"));
    ck_assert(mg_revision_id_valid("Rev_01"));
    ck_assert(!mg_revision_id_valid(""));
    ck_assert(!mg_revision_id_valid("a-b"));
    ck_assert(!mg_revision_id_valid("a b"));
}
END_TEST

START_TEST(test_revfile_slug)
{
    char slug[41];

    mg_revision_slug("Add posts!", slug);
    ck_assert_str_eq(slug, "add_posts");
    mg_revision_slug("  --Create  USERS table--  ", slug);
    ck_assert_str_eq(slug, "create_users_table");
    mg_revision_slug("a very long message that goes on and on and on forever",
                     slug);
    ck_assert_int_le(strlen(slug), 40);
    ck_assert_str_eq(slug, "a_very_long_message_that_goes_on_and_on");
    mg_revision_slug("!!!", slug);
    ck_assert_str_eq(slug, "");
}
END_TEST

Suite *
revfile_suite(void)
{
    Suite *s = suite_create("revfile");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, test_revfile_full_header);
    tcase_add_test(tc, test_revfile_root_without_downgrade);
    tcase_add_test(tc, test_revfile_comments_stay_legal);
    tcase_add_test(tc, test_revfile_split_header);
    tcase_add_test(tc, test_revfile_checksum_is_sha256);
    tcase_add_test(tc, test_revfile_checksum_lengths);
    tcase_add_loop_test(tc, test_revfile_errors, 0,
                        (int)(sizeof(bad) / sizeof(bad[0])));
    tcase_add_test(tc, test_revfile_dialect_sections);
    tcase_add_test(tc, test_revfile_dialect_only_sections);
    tcase_add_test(tc, test_revfile_dialect_no_downgrade);
    tcase_add_test(tc, test_revfile_dialect_checksum);
    tcase_add_loop_test(tc, test_revfile_dialect_errors, 0,
                        (int)(sizeof(bad_dialect) / sizeof(bad_dialect[0])));
    tcase_add_test(tc, test_revfile_id_valid);
    tcase_add_test(tc, test_revfile_slug);
    suite_add_tcase(s, tc);
    return s;
}
