/* testdb.c - databases for the unit tests that run SQL (testdb.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "testdb.h"
#include "mg_dialect.h"

int
testdb_exec_script(mg_engine *e, const char *sql, mg_error *err)
{
    mg_stmtlist *l;
    size_t i;
    int rc;

    if ((rc = mg_split(&l, sql, strlen(sql), 1,
                       mg_engine_dialect(e)->sql.split_flags, err)) < 0)
        return rc;
    for (i = 0; i < mg_stmtlist_count(l) && rc == 0; i++)
        rc = mg_engine_exec(e, mg_stmtlist_sql(l, i), err);
    mg_stmtlist_free(l);
    return rc;
}

int
testdb_reset(mg_engine *e, mg_error *err)
{
    mg_metadata *have = NULL, *none = NULL;
    mg_oplist *ops = NULL;
    mg_buf sql = MG_BUF_INIT;
    int rc;

    if ((rc = mg_inspect(&have, e, NULL, err)) == 0 &&
        (rc = mg_metadata_new(&none, err)) == 0 &&
        (rc = mg_compare(&ops, have, none, mg_engine_dialect(e), NULL,
                         err)) == 0 &&
        (rc = mg_render(&sql, ops, mg_engine_dialect(e), err)) == 0)
        rc = testdb_exec_script(e, mg_buf_cstr(&sql), err);
    mg_oplist_free(ops);
    mg_metadata_free(have);
    mg_metadata_free(none);
    mg_buf_release(&sql);
    return rc;
}

char *
testdb_fresh(const char *env, const char *prefix, mg_engine **admin)
{
    const char *base = getenv(env), *slash;
    mg_buf sql = MG_BUF_INIT, url = MG_BUF_INIT;
    mg_error err;

    if (!base || !*base || !(slash = strrchr(base, '/')))
        return NULL;
    ck_mg_ok(mg_engine_open(admin, base, 0, &err), &err);
    mg_buf_addf(&sql, "DROP DATABASE IF EXISTS %s_%d", prefix, (int)getpid());
    ck_mg_ok(mg_engine_exec(*admin, mg_buf_cstr(&sql), &err), &err);
    mg_buf_clear(&sql);
    mg_buf_addf(&sql, "CREATE DATABASE %s_%d", prefix, (int)getpid());
    ck_mg_ok(mg_engine_exec(*admin, mg_buf_cstr(&sql), &err), &err);
    mg_buf_release(&sql);
    mg_buf_addf(&url, "%.*s/%s_%d", (int)(slash - base), base, prefix,
                (int)getpid());
    return mg_buf_detach(&url);
}

void
testdb_drop(mg_engine *admin, const char *prefix)
{
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    mg_buf_addf(&sql, "DROP DATABASE IF EXISTS %s_%d", prefix, (int)getpid());
    mg_engine_exec(admin, mg_buf_cstr(&sql), &err);
    mg_buf_release(&sql);
    mg_engine_free(admin);
}
