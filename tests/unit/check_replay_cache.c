/* check_replay_cache.c - the exact text form of metadata (every field
 * back as it was, malformed text refused without a crash) and the replay
 * cache built on it: a hit only for the very key it was written for, a
 * miss for a damaged, truncated or stale file, and a key that changes
 * with every input the replayed schema depends on. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "suites.h"
#include "metadata_io_int.h"
#include "replay_cache_int.h"

/* Everything the form carries: odd names, NULLs and empty strings,
 * newlines and spaces inside strings, every constraint kind, actions,
 * deferrable, partial and method indexes, triggers, options. */
static const char *const model =
    "CREATE TABLE \"odd name\" (\n"
    "    id BIGINT PRIMARY KEY,\n"
    "    \"col 1\" VARCHAR(50) NOT NULL DEFAULT 'a b\n c',\n"
    "    amount NUMERIC(10, 2) DEFAULT 0,\n"
    "    shape INTERVAL,\n"
    "    note TEXT DEFAULT '',\n"
    "    CHECK (amount >= 0),\n"
    "    UNIQUE (\"col 1\")\n"
    ");\n"
    "CREATE TABLE child (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    parent_id BIGINT REFERENCES \"odd name\" (id) ON DELETE CASCADE "
    "ON UPDATE SET NULL,\n"
    "    flag BOOLEAN NOT NULL CHECK (flag IN (0, 1))\n"
    ");\n"
    "CREATE INDEX ix_child_flag ON child (flag, lower(\"flag\")) "
    "WHERE flag = 1;\n";

static mg_metadata *
sample(void)
{
    mg_metadata *md = NULL;
    mg_table *t;
    mg_error err;

    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", model, strlen(model), 0, &err),
             &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    t = (mg_table *)mg_metadata_table(md, "child");
    ck_assert_ptr_nonnull(t);
    t->options = strdup("WITHOUT ROWID");
    t->if_not_exists = 1;
    mg_strlist_add(&t->triggers, "CREATE TRIGGER tr AFTER INSERT ON child "
                   "BEGIN SELECT 1; END");
    t->constraints[1]->deferrable = 2;
    mg_index_set_method(t->indexes[0], "btree");
    return md;
}

static void
dump(mg_buf *b, const mg_metadata *md)
{
    mg_buf_clear(b);
    ck_assert_int_eq(mg_metadata__dump(b, md), 0);
}

START_TEST(test_metadata_io_round_trip)
{
    mg_metadata *md = sample(), *back = NULL;
    mg_buf a = MG_BUF_INIT, b = MG_BUF_INIT;
    const mg_table *t;
    mg_oplist *ops = NULL;
    mg_error err;

    dump(&a, md);
    ck_mg_ok(mg_metadata__undump(&back, a.ptr, a.len, &err), &err);
    dump(&b, back);
    ck_assert_str_eq(mg_buf_cstr(&b), mg_buf_cstr(&a));
    /* field by field where the text form could lose something */
    t = mg_metadata_table(back, "odd name");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->columns[1]->server_default, "'a b\n c'");
    ck_assert_ptr_null(t->columns[2]->type.name);
    ck_assert_int_eq(t->columns[2]->type.scale, 2);
    ck_assert_int_eq(t->columns[3]->type.kind, MG_TYPE_OTHER);
    ck_assert_str_eq(t->columns[3]->type.name, "INTERVAL");
    ck_assert_str_eq(t->columns[4]->server_default, "''");
    ck_assert_ptr_null(t->columns[3]->server_default);
    t = mg_metadata_table(back, "child");
    ck_assert_str_eq(t->options, "WITHOUT ROWID");
    ck_assert_int_eq(t->if_not_exists, 1);
    ck_assert_uint_eq(t->triggers.n, 1);
    ck_assert_int_eq(t->constraints[0]->kind, MG_CONSTRAINT_PRIMARY_KEY);
    ck_assert_int_eq(t->constraints[1]->on_delete, MG_FK_CASCADE);
    ck_assert_int_eq(t->constraints[1]->on_update, MG_FK_SET_NULL);
    ck_assert_int_eq(t->constraints[1]->deferrable, 2);
    ck_assert_str_eq(t->indexes[0]->where, "flag = 1");
    ck_assert_str_eq(t->indexes[0]->method, "btree");
    ck_assert_uint_eq(t->indexes[0]->expressions.n, 2);
    /* and nothing for compare to find */
    ck_mg_ok(mg_compare(&ops, back, md, mg_dialect_find("sqlite"), NULL,
                        &err), &err);
    ck_assert_uint_eq(mg_oplist_count(ops), 0);
    mg_oplist_free(ops);
    mg_metadata_free(back);
    mg_metadata_free(md);
    mg_buf_release(&a);
    mg_buf_release(&b);
}
END_TEST

START_TEST(test_metadata_io_empty)
{
    mg_metadata *md = NULL, *back = NULL;
    mg_buf a = MG_BUF_INIT;
    mg_error err;

    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    dump(&a, md);
    ck_assert_str_eq(mg_buf_cstr(&a), "E\n");
    ck_mg_ok(mg_metadata__undump(&back, a.ptr, a.len, &err), &err);
    ck_assert_uint_eq(mg_metadata_table_count(back), 0);
    mg_metadata_free(back);
    mg_metadata_free(md);
    mg_buf_release(&a);
}
END_TEST

/* Every proper prefix of a dump is refused (it has no end record), and so
 * is every dump with one byte changed into something that breaks it. */
START_TEST(test_metadata_io_truncated)
{
    mg_metadata *md = sample(), *back = NULL;
    mg_buf a = MG_BUF_INIT;
    mg_error err;
    size_t n;

    dump(&a, md);
    for (n = 0; n < a.len; n++) {
        mg_error_clear(&err);
        ck_assert_int_eq(mg_metadata__undump(&back, a.ptr, n, &err),
                         MG_EPARSE);
        ck_assert_ptr_null(back);
        ck_assert_msg(strncmp(err.msg, "record ", 7) == 0, "%s", err.msg);
    }
    mg_metadata_free(md);
    mg_buf_release(&a);
}
END_TEST

static const struct {
    const char *text, *why;
} malformed[] = {
    { "", "truncated" },
    { "X\nE\n", "unknown record" },
    { "C 1:a 0 0 0 -1 - 1 - 0 0\nE\n", "before any table" },
    { "T 1:t 0 - 0\nT 1:t 0 - 0\nE\n", "table listed twice" },
    { "T 1:t 0 - 0\nC 1:a 99 0 0 -1 - 1 - 0 0\nE\n", "bad number" },
    { "T 1:t 2 - 0\nE\n", "bad number" },
    { "T 1:t 0 - 0\nK 7 1:k 1 0 - 0 0 0 0 - 0\nE\n", "bad number" },
    { "T 1:t 0 - 0\nK 2 1:k 1 0 - 0 9 0 0 - 0\nE\n", "bad number" },
    { "T 99:t 0 - 0\nE\n", "bad string" },
    { "T -\nE\n", "missing name" },
    { "T 1:t 0 - 99999\nE\n", "bad number" },
    { "T 1:t 0 - 0 extra\nE\n", "extra fields" },
    { "T 1:t 0 - 0\nE\nT", "text after the end" },
    { "T 1:t 0 -\nE\n", "missing field" },
    { "T 99999999999999999999:t 0 - 0\nE\n", "bad number" },
    { "T 1:t 0 - 0\nK 3 1:c 1 0 - 0 0 0 0 1:x 0\n"
      "K 0 1:p 1 0 - 0 0 0 0 - 0\nE\n", "primary key after" },
    { "T 1:t 0 - 0\nK 0 1:p 1 0 - 0 0 0 0 - 0\n"
      "K 0 1:q 1 0 - 0 0 0 0 - 0\nE\n", "primary key after" },
};

START_TEST(test_metadata_io_malformed)
{
    mg_metadata *back = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata__undump(&back, malformed[_i].text,
                                         strlen(malformed[_i].text), &err),
                     MG_EPARSE);
    ck_assert_ptr_null(back);
    ck_assert_msg(strstr(err.msg, malformed[_i].why) != NULL,
                  "'%s': %s (expected %s)", malformed[_i].text, err.msg,
                  malformed[_i].why);
}
END_TEST

/* A versions directory with revisions a and b (b's body given). */
static mg_scriptdir *
scripts(const char *dir, const char *b_body)
{
    char path[512];
    mg_scriptdir *sd = NULL;
    mg_error err;
    FILE *f;

    snprintf(path, sizeof(path), "%s/a_one.sql", dir);
    ck_assert_ptr_nonnull(f = fopen(path, "w"));
    fputs("-- revision: a\n-- down_revision:\n-- message: one\n\n"
          "-- +upgrade\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n"
          "-- +downgrade\nDROP TABLE t;\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/b_two.sql", dir);
    ck_assert_ptr_nonnull(f = fopen(path, "w"));
    fprintf(f, "-- revision: b\n-- down_revision: a\n-- message: two\n\n"
            "-- +upgrade\n%s\n-- +downgrade\n", b_body);
    fclose(f);
    ck_mg_ok(mg_scriptdir_open(&sd, dir, &err), &err);
    return sd;
}

START_TEST(test_replay_key_inputs)
{
    char dir[] = "/tmp/mg_replay_key.XXXXXX";
    const mg_dialect *d = mg_dialect_find("sqlite"), *pg;
    mg_replay_key k, x;
    mg_scriptdir *sd, *sd2;

    pg = mg_dialect_find("postgresql");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    sd = scripts(dir, "SELECT 1;");
    ck_assert_int_eq(mg_replay__key(&k, d, "sqlite://", "3.40", sd, NULL,
                                    NULL), 0);
    ck_assert_int_eq(strlen(k.key), 64);
    /* the same inputs, the same key; "heads" is the default target */
    ck_assert_int_eq(mg_replay__key(&x, d, "sqlite://", "3.40", sd, "heads",
                                    "migrate_version"), 0);
    ck_assert_str_eq(x.key, k.key);
    ck_assert_str_eq(x.slot, k.slot);
    /* each input changes the key; the slot only with project or server */
    mg_replay__key(&x, d, "sqlite://", "3.41", sd, NULL, NULL);
    ck_assert_str_ne(x.key, k.key);
    ck_assert_str_eq(x.slot, k.slot);
    mg_replay__key(&x, d, "sqlite://", "3.40", sd, "a", NULL);
    ck_assert_str_ne(x.key, k.key);
    mg_replay__key(&x, d, "sqlite://", "3.40", sd, NULL, "other_version");
    ck_assert_str_ne(x.key, k.key);
    mg_replay__key(&x, pg, "sqlite://", "3.40", sd, NULL, NULL);
    ck_assert_str_ne(x.key, k.key);
    ck_assert_str_ne(x.slot, k.slot);
    mg_replay__key(&x, d, "sqlite://other", "3.40", sd, NULL, NULL);
    ck_assert_str_ne(x.slot, k.slot);
    /* one byte of one revision file */
    sd2 = scripts(dir, "SELECT 2;");
    mg_replay__key(&x, d, "sqlite://", "3.40", sd2, NULL, NULL);
    ck_assert_str_ne(x.key, k.key);
    ck_assert_str_eq(x.slot, k.slot);
    mg_scriptdir_free(sd);
    mg_scriptdir_free(sd2);
    {
        char cmd[64];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        ck_assert_int_eq(system(cmd), 0);
    }
}
END_TEST

/* Flip or cut the cache file at path. */
static void
damage(const char *path, long at, int truncate_there)
{
    FILE *f = fopen(path, "r+b");

    ck_assert_ptr_nonnull(f);
    if (truncate_there) {
        ck_assert_int_eq(ftruncate(fileno(f), at), 0);
    } else {
        int c;
        fseek(f, at, SEEK_SET);
        c = fgetc(f);
        fseek(f, at, SEEK_SET);
        fputc(c ^ 0x20, f);
    }
    fclose(f);
}

/* A key for the cache tests: slot "aaa...", key "bbb...". */
static void
test_key(mg_replay_key *k)
{
    memset(k, 0, sizeof(*k));
    memset(k->slot, 'a', 64);
    memset(k->key, 'b', 64);
}

START_TEST(test_replay_cache_get_put)
{
    char dir[] = "/tmp/mg_replay_cache.XXXXXX", path[600];
    mg_metadata *md = sample(), *got = NULL;
    mg_buf a = MG_BUF_INIT, b = MG_BUF_INIT;
    mg_replay_key k, other;
    struct stat st;
    long size;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    test_key(&k);
    other = k;
    other.key[0] = 'c';
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 0);   /* empty */
    mg_replay__put(dir, &k, md);
    snprintf(path, sizeof(path), "%s/replay-%.32s", dir, k.slot);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    size = (long)st.st_size;
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 1);
    dump(&a, md);
    dump(&b, got);
    ck_assert_str_eq(mg_buf_cstr(&b), mg_buf_cstr(&a));
    mg_metadata_free(got);
    /* a stale key is a miss */
    ck_assert_int_eq(mg_replay__get(&got, dir, &other), 0);
    ck_assert_ptr_null(got);
    /* a changed byte in the body, or in the header, is a miss */
    damage(path, size - 10, 0);
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 0);
    mg_replay__put(dir, &k, md);
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 1);
    mg_metadata_free(got);
    damage(path, 30, 0);
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 0);
    /* so is a cut file */
    mg_replay__put(dir, &k, md);
    damage(path, size / 2, 1);
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 0);
    damage(path, 5, 1);
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 0);
    /* the next put replaces it, and leaves no temporary file behind */
    mg_replay__put(dir, &k, md);
    ck_assert_int_eq(mg_replay__get(&got, dir, &k), 1);
    mg_metadata_free(got);
    snprintf(path, sizeof(path), "ls %s | wc -l | grep -qx 1", dir);
    ck_assert_int_eq(system(path), 0);
    /* a directory that cannot be made: put is a quiet no-op */
    snprintf(path, sizeof(path), "%s/replay-%.32s/sub", dir, k.slot);
    mg_replay__put(path, &k, md);
    ck_assert_int_eq(mg_replay__get(&got, path, &k), 0);
    mg_metadata_free(md);
    mg_buf_release(&a);
    mg_buf_release(&b);
    snprintf(path, sizeof(path), "rm -rf %s", dir);
    ck_assert_int_eq(system(path), 0);
}
END_TEST

/* A directory of this user that others cannot write into is used as it
 * is (its mode never changed); one others may write into (a shared or
 * sticky one) is neither read nor written, and keeps its mode too. */
START_TEST(test_replay_cache_dir_modes)
{
    static const struct { mode_t mode; int used; } cases[] = {
        { 0755, 1 }, { 0700, 1 }, { 01777, 0 }, { 0775, 0 }, { 0777, 0 },
    };
    char dir[] = "/tmp/mg_replay_modes.XXXXXX", sub[600], file[700];
    mg_metadata *md = sample(), *got = NULL;
    mg_replay_key k;
    struct stat st;
    size_t i;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    test_key(&k);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(sub, sizeof(sub), "%s/d%zu", dir, i);
        ck_assert_int_eq(mkdir(sub, 0700), 0);
        ck_assert_int_eq(chmod(sub, cases[i].mode), 0);
        mg_replay__put(sub, &k, md);
        ck_assert_int_eq(stat(sub, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, cases[i].mode);
        snprintf(file, sizeof(file), "%s/replay-%.32s", sub, k.slot);
        ck_assert_int_eq(access(file, F_OK) == 0, cases[i].used);
        ck_assert_int_eq(mg_replay__get(&got, sub, &k), cases[i].used);
        mg_metadata_free(got);
        got = NULL;
    }
    /* a missing one is made 0700, parents too */
    snprintf(sub, sizeof(sub), "%s/new/cache", dir);
    mg_replay__put(sub, &k, md);
    ck_assert_int_eq(stat(sub, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0700);
    snprintf(sub, sizeof(sub), "%s/new", dir);
    ck_assert_int_eq(stat(sub, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0700);
    mg_metadata_free(md);
    snprintf(file, sizeof(file), "rm -rf %s", dir);
    ck_assert_int_eq(system(file), 0);
}
END_TEST

Suite *
replay_cache_suite(void)
{
    Suite *s = suite_create("replay_cache");
    TCase *tc = tcase_create("metadata_io");

    tcase_add_test(tc, test_metadata_io_round_trip);
    tcase_add_test(tc, test_metadata_io_empty);
    tcase_add_test(tc, test_metadata_io_truncated);
    tcase_add_loop_test(tc, test_metadata_io_malformed, 0,
                        (int)(sizeof(malformed) / sizeof(malformed[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("cache");
    tcase_add_test(tc, test_replay_key_inputs);
    tcase_add_test(tc, test_replay_cache_get_put);
    tcase_add_test(tc, test_replay_cache_dir_modes);
    suite_add_tcase(s, tc);
    return s;
}
