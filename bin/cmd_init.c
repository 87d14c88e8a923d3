/* cmd_init.c - `migrate init [DIR]`: scaffold a project from the built-in
 * templates, refusing to overwrite an existing migrate.ini. */
#include "cli.h"
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const cli_opt opts_init[] = { { NULL, 0, NULL, NULL } };

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

/* Write text to path; with exclusive, fail when it exists. Returns 1 when
 * the file existed and was kept. */
static int
write_file(const char *path, const char *text, int exclusive)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    size_t off = 0, len = strlen(text);

    if (fd < 0)
        return errno == EEXIST && !exclusive ? 1 : -1;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    return close(fd) < 0 ? -1 : 0;
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
    int rc = EXIT_OK, w;

    if (mkdirs(dir) < 0) {
        rc = cli_failf(c, EXIT_USAGE, "cannot create directory '%s': %s", dir,
                       strerror(errno));
        goto done;
    }
    join(&path, dir, "migrate.ini");
    if ((w = write_file(mg_buf_cstr(&path), mg_template_config(), 1)) < 0) {
        rc = cli_failf(c, EXIT_USAGE, errno == EEXIST ? "'%s' already exists; "
                       "refusing to overwrite it" : "cannot write '%s'",
                       mg_buf_cstr(&path));
        goto done;
    }
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
        w = write_file(mg_buf_cstr(&path), files[i].text(), 0);
        if (w < 0) {
            rc = cli_failf(c, EXIT_USAGE, "cannot write '%s': %s",
                           mg_buf_cstr(&path), strerror(errno));
            goto done;
        }
        if (!c->quiet && !c->json)
            printf("%s %s\n", w == 1 ? "kept existing" : "created",
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
