/* projects.c - test projects on any dialect (projects.h). */
#include <stdio.h>

#include "harness.h"
#include "projects.h"
#include "servers.h"

const char *const dialect_names[3] = { "sqlite", "postgresql", "mariadb" };

static const char *project_url;

int
dialect_project(int d, const char *extra)
{
    char ini[2048];
    run_result r;

    project_url = "sqlite:///app.db";
    if (d != SQLITE && !(project_url = server_fresh_db(&servers[d - 1])))
        return 0;
    r = migrate("init .");
    ck_run_status(r, 0);
    run_free(&r);
    snprintf(ini, sizeof(ini), "[migrate]\nscript_location = migrations\n"
             "models = models.sql\nurl = %s\nversion_table = migrate_version\n"
             "%s", project_url, extra ? extra : "");
    write_file("migrate.ini", ini);
    return 1;
}

const char *
dialect_url(void)
{
    return project_url;
}

void
dialect_teardown(void)
{
    int i;

    for (i = 0; i < 2; i++)
        server_drop_db(&servers[i]);
    project_leave();
}

void
step_revision(const char *id, const char *down, const char *header,
              const char *up, const char *downsql)
{
    char path[256], text[8192];

    snprintf(path, sizeof(path), "migrations/versions/%s_step.sql", id);
    snprintf(text, sizeof(text), "-- revision: %s\n-- down_revision: %s\n"
             "-- message: step %s\n%s\n-- +upgrade\n%s\n\n-- +downgrade\n%s\n",
             id, down, id, header, up, downsql);
    write_file(path, text);
}

char *
dialect_value(int d, const char *sql)
{
    if (d == SQLITE)
        return sqlite_value("app.db", sql);
    return server_value(&servers[d - 1], sql);
}

int
dialect_run_file(int d, const char *path)
{
    run_result r;
    int st;

    if (d != SQLITE)
        return server_run_file(&servers[d - 1], path);
    r = shell("sqlite3 -bail app.db '.read %s'", path);
    st = r.status;
    run_free(&r);
    return st;
}

const char *
dialect_table_count_sql(int d, const char *name)
{
    static char sql[512];

    if (d == SQLITE)
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master "
                 "WHERE type = 'table' AND name = '%s'", name);
    else if (d == POSTGRESQL)
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_tables WHERE "
                 "schemaname = current_schema() AND tablename = '%s'", name);
    else
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM "
                 "information_schema.tables WHERE table_schema = DATABASE() "
                 "AND table_name = '%s'", name);
    return sql;
}
