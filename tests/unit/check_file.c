/* check_file.c - unit tests for mg_file_write (lib/fsutil.c): the file is
 * written whole, an exclusive write never replaces an existing file, a
 * replaced file keeps its mode, a link is written through, and a failed
 * write leaves the directory exactly as it was (no temporary file); and
 * mg_fs__read, which reads a file of any size whole, empty or larger than
 * its first read, and a pipe, and names the path it cannot read. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "fsutil_int.h"

/* A fresh directory; its path in dir (size 64). */
static void
fresh_dir(char *dir)
{
    snprintf(dir, 64, "%s", "/tmp/mg_file.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* The file's text, or "<none>" (static buffer). */
static const char *
text_of(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return "<none>";
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The number of entries in dir, dot files included. */
static int
entries(const char *dir)
{
    char cmd[128];
    FILE *p;
    int n = -1;

    snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

static void
remove_dir(const char *dir)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_file_write_new_and_exclusive)
{
    char dir[64], path[128];
    mg_error err;
    struct stat st;

    fresh_dir(dir);
    snprintf(path, sizeof(path), "%s/a.sql", dir);
    ck_mg_ok(mg_file_write(path, "one\n", 4, MG_FILE_EXCLUSIVE, &err), &err);
    ck_assert_str_eq(text_of(path), "one\n");
    mg_error_clear(&err);
    ck_assert_int_eq(mg_file_write(path, "two\n", 4, MG_FILE_EXCLUSIVE,
                                   &err), MG_EEXISTS);
    ck_assert_str_eq(err.msg + strlen(dir) + 2, "a.sql' already exists");
    ck_assert_str_eq(text_of(path), "one\n");
    ck_assert_int_eq(entries(dir), 1);
    /* replaced: new text, the old mode */
    ck_assert_int_eq(chmod(path, 0640), 0);
    ck_mg_ok(mg_file_write(path, "three\n", 6, 0, &err), &err);
    ck_assert_str_eq(text_of(path), "three\n");
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
    /* private */
    snprintf(path, sizeof(path), "%s/p", dir);
    ck_mg_ok(mg_file_write(path, "", 0, MG_FILE_PRIVATE, &err), &err);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(st.st_size, 0);
    ck_assert_int_eq(entries(dir), 2);
    remove_dir(dir);
}
END_TEST

START_TEST(test_file_write_through_link)
{
    char dir[64], path[128], link_path[128];
    mg_error err;
    struct stat st;

    fresh_dir(dir);
    snprintf(path, sizeof(path), "%s/target", dir);
    snprintf(link_path, sizeof(link_path), "%s/link", dir);
    ck_mg_ok(mg_file_write(path, "old", 3, 0, &err), &err);
    ck_assert_int_eq(symlink("target", link_path), 0);
    ck_mg_ok(mg_file_write(link_path, "new", 3, 0, &err), &err);
    ck_assert_int_eq(lstat(link_path, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_str_eq(text_of(path), "new");
    remove_dir(dir);
}
END_TEST

START_TEST(test_file_write_failure_leaves_nothing)
{
    char dir[64], path[160];
    mg_error err;

    fresh_dir(dir);
    snprintf(path, sizeof(path), "%s/no/such/dir.sql", dir);
    mg_error_clear(&err);
    ck_assert_int_eq(mg_file_write(path, "x", 1, 0, &err), MG_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot write '"));
    ck_assert_ptr_nonnull(strstr(err.msg, "/no/such/dir.sql': No such file "
                                 "or directory"));
    ck_assert_int_eq(entries(dir), 0);
    remove_dir(dir);
}
END_TEST

/* Every size reads back whole and NUL-terminated: empty, small, and
 * larger than the 64 KiB a file of unknown size is first read in; a pipe
 * (no size) too. */
START_TEST(test_file_read_whole)
{
    static const size_t sizes[] = { 0, 1, 300, 65535, 65536, 200001 };
    char dir[64], path[128], *data, *want = malloc(200001);
    size_t i, k, len;
    mg_error err;
    FILE *f;
    pid_t child;
    int st;

    ck_assert_ptr_nonnull(want);
    for (k = 0; k < 200001; k++)
        want[k] = (char)('a' + k % 26);
    fresh_dir(dir);
    snprintf(path, sizeof(path), "%s/f", dir);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(want, 1, sizes[i], f), sizes[i]);
        fclose(f);
        mg_error_clear(&err);
        ck_mg_ok(mg_fs__read(path, &data, &len, &err), &err);
        ck_assert_uint_eq(len, sizes[i]);
        ck_assert_int_eq(memcmp(data, want, len), 0);
        ck_assert_int_eq(data[len], '\0');
        free(data);
    }
    snprintf(path, sizeof(path), "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    if ((child = fork()) == 0) {
        int fd = open(path, O_WRONLY);
        _exit(write(fd, want, 70000) == 70000 ? 0 : 1);
    }
    mg_error_clear(&err);
    ck_mg_ok(mg_fs__read(path, &data, &len, &err), &err);
    ck_assert_int_eq(waitpid(child, &st, 0), child);
    ck_assert_int_eq(st, 0);
    ck_assert_uint_eq(len, 70000);
    ck_assert_int_eq(memcmp(data, want, len), 0);
    free(data);
    snprintf(path, sizeof(path), "%s/none", dir);
    ck_assert_int_eq(mg_fs__read(path, &data, &len, &err), MG_EIO);
    ck_assert_msg(strstr(err.msg, "cannot read '") != NULL &&
                  strstr(err.msg, "/none': No such file or directory"),
                  "%s", err.msg);
    free(want);
    remove_dir(dir);
}
END_TEST

Suite *
file_suite(void)
{
    Suite *s = suite_create("file");
    TCase *tc = tcase_create("write");

    tcase_add_test(tc, test_file_write_new_and_exclusive);
    tcase_add_test(tc, test_file_write_through_link);
    tcase_add_test(tc, test_file_write_failure_leaves_nothing);
    tcase_add_test(tc, test_file_read_whole);
    suite_add_tcase(s, tc);
    return s;
}
