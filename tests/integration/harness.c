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

const char *
project_enter(void)
{
    if (!start_dir[0] && !getcwd(start_dir, sizeof(start_dir)))
        ck_abort_msg("getcwd failed");
    snprintf(project, sizeof(project), "/tmp/mg_cli_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(project));
    ck_assert_int_eq(chdir(project), 0);
    return project;
}

void
project_leave(void)
{
    char cmd[400];

    if (!project[0])
        return;
    ck_assert_int_eq(chdir(start_dir[0] ? start_dir : "/"), 0);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", project);
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
