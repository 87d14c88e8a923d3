/* cmd_init.c - `migrate init [DIR]`: scaffold a project from the built-in
 * templates, refusing to overwrite an existing migrate.ini; each file is
 * written whole or not at all (mg_file_write). */
#include "cli.h"
#include "output.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

const cli_opt opts_init[] = { CLI_OPT_END };

static int
mkdirs(const char *path)
{
    char buf[4096];
    size_t i, n = strlen(path);

    if (n >= sizeof(buf))
        return -1;
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        buf[i] = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return -1;
        buf[i] = i < n ? '/' : '\0';
    }
    return 0;
}

/* Write text to path whole or not at all, never over an existing file:
 * one that exists is an error with exclusive, else kept (*kept set).
 * Returns 0 or the exit code after printing a message. */
static int
write_file(cli *c, const char *path, const char *text, int exclusive,
           int *kept)
{
    mg_error err;
    int rc;

    *kept = 0;
    mg_error_clear(&err);
    rc = mg_file_write(path, text, strlen(text), MG_FILE_EXCLUSIVE, &err);
    if (rc == MG_EEXISTS && !exclusive) {
        *kept = 1;
        return 0;
    }
    if (rc == MG_EEXISTS)
        return cli_failf(c, EXIT_USAGE, "'%s' already exists; refusing to "
                         "overwrite it", path);
    return rc < 0 ? cli_fail(c, &err) : 0;
}

static void
join(mg_buf *b, const char *dir, const char *name)
{
    mg_buf_clear(b);
    if (strcmp(dir, ".") != 0) {
        mg_buf_puts(b, dir);
        if (b->len && b->ptr[b->len - 1] != '/')
            mg_buf_putc(b, '/');
    }
    mg_buf_puts(b, name);
}

int
cmd_init(cli *c)
{
    const char *dir = c->nargs ? c->args[0] : ".";
    const struct { const char *name; const char *(*text)(void); } files[] = {
        { "migrations/script.sql.tmpl", mg_template_revision },
        { "models.sql", mg_template_models },
    };
    mg_buf path = MG_BUF_INIT;
    size_t i;
    int rc = EXIT_OK, kept;

    if (mkdirs(dir) < 0) {
        rc = cli_failf(c, EXIT_USAGE, "cannot create directory '%s': %s", dir,
                       strerror(errno));
        goto done;
    }
    join(&path, dir, "migrate.ini");
    if ((rc = write_file(c, mg_buf_cstr(&path), mg_template_config(), 1,
                         &kept)) != 0)
        goto done;
    if (!c->quiet && !c->json)
        printf("created %s\n", mg_buf_cstr(&path));
    join(&path, dir, "migrations/versions");
    if (mkdirs(mg_buf_cstr(&path)) < 0) {
        rc = cli_failf(c, EXIT_USAGE, "cannot create directory '%s': %s",
                       mg_buf_cstr(&path), strerror(errno));
        goto done;
    }
    if (!c->quiet && !c->json)
        printf("created %s/\n", mg_buf_cstr(&path));
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        join(&path, dir, files[i].name);
        if ((rc = write_file(c, mg_buf_cstr(&path), files[i].text(), 0,
                             &kept)) != 0)
            goto done;
        if (!c->quiet && !c->json)
            printf("%s %s\n", kept ? "kept existing" : "created",
                   mg_buf_cstr(&path));
    }
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "ok");
        json_bool(&j, 1);
        json_key(&j, "directory");
        json_string(&j, dir);
        json_end_object(&j);
        json_finish(&j);
    } else if (!c->quiet)
        printf("edit %s%smigrate.ini for your database URL, then run "
               "'migrate revision -m \"first\"'\n",
               strcmp(dir, ".") ? dir : "", strcmp(dir, ".") ? "/" : "");
done:
    mg_buf_release(&path);
    return rc;
}
