/* servers.c - see servers.h. Database names carry the test process's pid
 * so parallel runs never share one. */
#include "harness.h"
#include "servers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const server servers[2] = {
    { "postgresql", "MIGRATE_TEST_PG_URL" },
    { "mariadb", "MIGRATE_TEST_MARIADB_URL" },
};

static char url[1024];
static char dbname[64];   /* the newest fresh database: server_value's */
/* Every database a test made, and on which server, so that teardowns that
 * try each server drop all of them, and each on its own server. */
static struct { const server *owner; char name[64]; } made[16];
static int n_made;

/* Split "scheme://user:pass@host:port/db" into its parts. */
static int
parts(const char *u, char *user, char *pass, char *host, char *port,
      size_t size)
{
    const char *p = strstr(u, "://"), *at, *colon, *slash;

    if (!p)
        return -1;
    p += 3;
    at = strchr(p, '@');
    slash = strchr(p, '/');
    if (!at || !slash)
        return -1;
    colon = memchr(p, ':', (size_t)(at - p));
    snprintf(user, size, "%.*s", (int)((colon ? colon : at) - p), p);
    snprintf(pass, size, "%.*s", colon ? (int)(at - colon - 1) : 0,
             colon ? colon + 1 : "");
    colon = memchr(at + 1, ':', (size_t)(slash - at - 1));
    snprintf(host, size, "%.*s", (int)((colon ? colon : slash) - at - 1),
             at + 1);
    snprintf(port, size, "%.*s", colon ? (int)(slash - colon - 1) : 0,
             colon ? colon + 1 : "");
    return 0;
}

static void client(const server *s, const char *db, char *out, size_t size);

/* The client command line that runs the SQL file `file` on s, against
 * database db (the harness gives commands /dev/null as input, so the file
 * is named, not redirected). */
static void
client_file(const server *s, const char *db, const char *file, char *out,
            size_t size)
{
    char base[1024];

    client(s, db, base, sizeof(base));
    if (strcmp(s->name, "postgresql") == 0)
        snprintf(out, size, "%s -f '%s'", base, file);
    else
        /* without --abort-source-on-error the client goes on after a
         * failing statement and still exits 0 */
        snprintf(out, size, "%s --abort-source-on-error -e 'source %s'",
                 base, file);
}

/* The client command line for s, against database db. */
static void
client(const server *s, const char *db, char *out, size_t size)
{
    char user[128], pass[128], host[128], port[32];

    parts(getenv(s->env), user, pass, host, port, sizeof(user));
    if (strcmp(s->name, "postgresql") == 0)
        snprintf(out, size, "PGPASSWORD='%s' PGCLIENTENCODING=UTF8 "
                 "psql -X -q -A -t -v "
                 "ON_ERROR_STOP=1 -h %s -p %s -U %s -d %s", pass, host, port,
                 user, db);
    else
        snprintf(out, size, "mariadb --no-defaults -N -B "
                 "--default-character-set=utf8mb4 -h %s -P %s -u %s -p'%s' %s",
                 host, port, user, pass, db);
}

static const char *
admin_db(const server *s)
{
    const char *u = getenv(s->env), *slash = strrchr(u, '/');

    return slash ? slash + 1 : "";
}

const char *
server_fresh_db(const server *s)
{
    const char *admin = getenv(s->env);
    char cmd[4096];
    run_result r;
    size_t n;
    static int counter;

    if (!admin || !*admin) {
        test_skip(s->env);   /* that server is not configured here */
        return NULL;
    }
    snprintf(dbname, sizeof(dbname), "mgt_%d_%d", (int)getpid(), ++counter);
    client(s, admin_db(s), cmd, sizeof(cmd));
    if (strcmp(s->name, "postgresql") == 0)
        r = shell("%s -c 'CREATE DATABASE %s'", cmd, dbname);
    else
        r = shell("%s -e 'CREATE DATABASE IF NOT EXISTS %s'", cmd, dbname);
    ck_assert_msg(r.status == 0, "cannot create database: %s", r.err);
    run_free(&r);
    ck_assert_msg(n_made < (int)(sizeof(made) / sizeof(made[0])),
                  "too many databases in one test");
    made[n_made].owner = s;
    snprintf(made[n_made++].name, sizeof(made[0].name), "%s", dbname);
    n = (size_t)(strrchr(admin, '/') - admin);
    snprintf(url, sizeof(url), "%.*s/%s", (int)n, admin, dbname);
    return url;
}

void
server_drop_db(const server *s)
{
    char cmd[4096];
    run_result r;
    int i, kept = 0;

    if (getenv(s->env))
        client(s, admin_db(s), cmd, sizeof(cmd));
    for (i = 0; i < n_made; i++) {
        if (made[i].owner != s) {
            made[kept++] = made[i];
            continue;
        }
        if (!getenv(s->env))
            continue;
        if (strcmp(s->name, "postgresql") == 0)
            r = shell("%s -c 'DROP DATABASE IF EXISTS %s WITH (FORCE)'", cmd,
                      made[i].name);
        else
            r = shell("%s -e 'DROP DATABASE IF EXISTS %s'", cmd, made[i].name);
        run_free(&r);
    }
    n_made = kept;
    dbname[0] = '\0';
}

char *
server_value(const server *s, const char *sql)
{
    char cmd[4096];
    run_result r;
    size_t n;

    write_file("value.sql", sql);
    client_file(s, dbname, "value.sql", cmd, sizeof(cmd));
    r = shell("%s", cmd);
    ck_assert_msg(r.status == 0, "%s failed on %s: %s", s->name, sql, r.err);
    free(r.err);
    n = strlen(r.out);
    while (n && (r.out[n - 1] == '\n' || r.out[n - 1] == '\r'))
        r.out[--n] = '\0';
    return r.out;
}

int
server_run_file(const server *s, const char *path)
{
    char cmd[4096];
    run_result r;
    int st;

    client_file(s, dbname, path, cmd, sizeof(cmd));
    r = shell("%s", cmd);
    st = r.status;
    if (st)
        fprintf(stderr, "%s client failed on %s:\n%s\n", s->name, path, r.err);
    run_free(&r);
    return st;
}
