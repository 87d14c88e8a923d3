/* harness.c - see harness.h. Commands run through /bin/sh so tests read
 * like the shell sessions they stand for. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char project[256];
static char start_dir[4096];
static char cache[300];

const char *
project_enter(void)
{
    if (!start_dir[0] && !getcwd(start_dir, sizeof(start_dir)))
        ck_abort_msg("getcwd failed");
    snprintf(project, sizeof(project), "/tmp/mg_cli_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(project));
    ck_assert_int_eq(chdir(project), 0);
    /* every test has a replay cache of its own, beside the project, so
     * repeated replays in a test go through it and none reach $HOME */
    snprintf(cache, sizeof(cache), "%s.cache", project);
    setenv("MIGRATE_CACHE_DIR", cache, 1);
    return project;
}

void
project_leave(void)
{
    char cmd[600];

    if (!project[0])
        return;
    ck_assert_int_eq(chdir(start_dir[0] ? start_dir : "/"), 0);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s.cache'", project, project);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", project);
    project[0] = '\0';
}

static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(data);
    if (n > 0 && fread(data, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    data[n] = '\0';
    fclose(f);
    return data;
}

static run_result
vrun(const char *prefix, const char *fmt, va_list ap)
{
    char args[16384], cmd[20000], out[64], err[64];
    run_result r;
    int st;

    vsnprintf(args, sizeof(args), fmt, ap);
    snprintf(out, sizeof(out), "/tmp/mg_out_%d", (int)getpid());
    snprintf(err, sizeof(err), "/tmp/mg_err_%d", (int)getpid());
    snprintf(cmd, sizeof(cmd), "%s%s </dev/null >%s 2>%s", prefix, args, out,
             err);
    st = system(cmd);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.out = slurp(out);
    r.err = slurp(err);
    unlink(out);
    unlink(err);
    if (!r.out)
        r.out = strdup("");
    if (!r.err)
        r.err = strdup("");
    return r;
}

run_result
migrate(const char *fmt, ...)
{
    const char *bin = getenv("MIGRATE_BIN");
    char prefix[4200];
    run_result r;
    va_list ap;

    snprintf(prefix, sizeof(prefix), "'%s' ", bin ? bin : "migrate");
    va_start(ap, fmt);
    r = vrun(prefix, fmt, ap);
    va_end(ap);
    return r;
}

run_result
shell(const char *fmt, ...)
{
    run_result r;
    va_list ap;

    va_start(ap, fmt);
    r = vrun("", fmt, ap);
    va_end(ap);
    return r;
}

void
run_free(run_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *
migrate_out(int want, const char *cmd)
{
    run_result r = migrate("%s", cmd);
    char *out;

    ck_assert_msg(r.status == want, "`migrate %s` exited %d, want %d\n"
                  "--- stdout\n%s--- stderr\n%s", cmd, r.status, want, r.out,
                  r.err);
    out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

char *
sqlite_value(const char *db, const char *sql)
{
    run_result r = shell("sqlite3 '%s' \"%s\"", db, sql);
    size_t n;

    ck_assert_msg(r.status == 0, "sqlite3 failed: %s", r.err);
    free(r.err);
    n = strlen(r.out);
    while (n && (r.out[n - 1] == '\n' || r.out[n - 1] == '\r'))
        r.out[--n] = '\0';
    return r.out;
}

void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

char *
read_file(const char *path)
{
    return slurp(path);
}

void
project_init(void)
{
    run_result r = migrate("init . -q");

    ck_run_status(r, 0);
    run_free(&r);
}

void
ini_add(const char *line)
{
    FILE *f = fopen("migrate.ini", "a");

    ck_assert_msg(f != NULL, "cannot open migrate.ini");
    fprintf(f, "%s\n", line);
    fclose(f);
}

void
write_revision(const char *id, const char *down, const char *extra,
               const char *upgrade, const char *downgrade)
{
    char path[512], text[16384];

    snprintf(path, sizeof(path), "migrations/versions/%s_%s.sql", id, id);
    snprintf(text, sizeof(text),
             "-- revision: %s\n-- down_revision: %s\n-- message: %s\n"
             "-- created: 2026-01-01 00:00:00+00:00\n%s\n-- +upgrade\n%s\n\n"
             "-- +downgrade\n%s\n", id, down, id, extra ? extra : "",
             upgrade ? upgrade : "", downgrade ? downgrade : "");
    write_file(path, text);
}

int
path_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

char *
db_snapshot(const char *db)
{
    run_result r;

    if (!path_exists(db))
        return strdup("<no database>");
    r = shell("sqlite3 '%s' .dump", db);
    ck_assert_msg(r.status == 0, "sqlite3 .dump failed: %s", r.err);
    free(r.err);
    return r.out;
}

char *
dir_listing(const char *dir)
{
    run_result r = shell("ls -A '%s'", dir);

    free(r.err);
    return r.out;
}

char *
sha256_file(const char *path)
{
    run_result r = shell("sha256sum '%s'", path);
    char *sp;

    ck_assert_msg(r.status == 0, "sha256sum failed: %s", r.err);
    free(r.err);
    if ((sp = strchr(r.out, ' ')) != NULL)
        *sp = '\0';
    return r.out;
}

void
ck_json(const char *json_text, const char *check)
{
    char doc[64], py[64], script[4096];
    run_result r;

    snprintf(doc, sizeof(doc), "/tmp/mg_json_%d.json", (int)getpid());
    snprintf(py, sizeof(py), "/tmp/mg_json_%d.py", (int)getpid());
    write_file(doc, json_text);
    snprintf(script, sizeof(script),
             "import json, sys\n"
             "d = json.load(open(sys.argv[1]))\n"
             "sys.exit(0 if (%s) else 1)\n", check);
    write_file(py, script);
    /* -S -E: no site packages, no environment; only json is needed, and
     * this runs hundreds of times */
    r = shell("python3 -S -E '%s' '%s'", py, doc);
    unlink(doc);
    unlink(py);
    ck_assert_msg(r.status == 0, "JSON check failed: %s\non: %s\n%s",
                  check, json_text, r.err);
    run_free(&r);
}

/* Append word to a space-separated list. */
static void
add_word(char *list, size_t size, const char *w, size_t n)
{
    size_t len = strlen(list);

    if (len && len + 1 < size)
        list[len++] = ' ';
    if (len + n >= size)
        n = size - len - 1;
    memcpy(list + len, w, n);
    list[len + n] = '\0';
}

char *
history_ids(const char *text)
{
    char *out = calloc(1, strlen(text) + 1);
    const char *line = text;

    ck_assert_ptr_nonnull(out);
    while (*line) {
        const char *nl = strchr(line, '\n');
        const char *end = nl ? nl : line + strlen(line);
        const char *arrow = strstr(line, " -> ");
        if (arrow && arrow < end) {
            const char *w = arrow + 4;
            size_t n = strcspn(w, " ,\n");
            add_word(out, strlen(text) + 1, w, n);
        }
        line = nl ? nl + 1 : end;
    }
    return out;
}

char *
first_words(const char *text)
{
    char *out = calloc(1, strlen(text) + 1);
    const char *line = text;

    ck_assert_ptr_nonnull(out);
    while (*line) {
        const char *nl = strchr(line, '\n');
        const char *end = nl ? nl : line + strlen(line);
        size_t n = strcspn(line, " \n");
        if (n && line + n <= end)
            add_word(out, strlen(text) + 1, line, n);
        line = nl ? nl + 1 : end;
    }
    return out;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
sorted_words(const char *words)
{
    char *copy = strdup(words), *out = calloc(1, strlen(words) + 1);
    char *v[256], *p = copy;
    size_t n = 0, i;

    ck_assert_ptr_nonnull(copy);
    ck_assert_ptr_nonnull(out);
    while (*p && n < 256) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        v[n++] = p;
        p += strcspn(p, " ");
        if (*p)
            *p++ = '\0';
    }
    qsort(v, n, sizeof(v[0]), cmp_str);
    for (i = 0; i < n; i++)
        add_word(out, strlen(words) + 1, v[i], strlen(v[i]));
    free(copy);
    return out;
}

int
word_index(const char *words, const char *word)
{
    const char *p = words;
    size_t n = strlen(word);
    int i = 0;

    while (*p) {
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, word, n) == 0)
            return i;
        p += len;
        while (*p == ' ')
            p++;
        i++;
    }
    return -1;
}
