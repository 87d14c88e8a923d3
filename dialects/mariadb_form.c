/* mariadb_form.c - the server's own form of a model's tables
 * (catalog.server_tables) on MariaDB and MySQL.
 *
 * DDL cannot be rolled back here, so the tables are made in a database
 * of their own, named as scratch databases are (mg_dialect_scratch_name,
 * so a run killed meanwhile leaves one that the next scratch database
 * clears away), with the character set and collation of the connection's
 * database, so a table inherits there what it would inherit at home. The
 * connection moves into it (USE), each table is created by a statement of
 * its own, as a MyISAM table (InnoDB's take many times longer to make and
 * drop; one MyISAM cannot hold is made as written, one the server
 * refuses is left out), the database is reflected
 * by mg_mariadb__inspect (its fixed number of queries), and the
 * connection moves back before the scratch database is dropped. Nothing
 * is made in the connection's own database. */
#include "mg_dialect.h"
#include "common_int.h"
#include "mariadb_int.h"

#include "my_api_int.h"
#include <stdlib.h>
#include <string.h>

static int
db_error(MYSQL *my, mg_error *err)
{
    return mg_error_set(err, MG_EDB, "ERROR %u (%s): %s", mysql_errno(my),
                        mysql_sqlstate(my), mysql_error(my));
}

/* The connection's database, its character set and collation, into
 * home (3 strings); 1 when it has none. */
static int
read_home(MYSQL *my, mg_strlist *home, mg_error *err)
{
    static const char sql[] = "SELECT DATABASE(), "
        "@@character_set_database, @@collation_database";
    MYSQL_RES *res;
    MYSQL_ROW row;
    int rc = 1;

    if (mysql_real_query(my, sql, sizeof(sql) - 1) != 0 ||
        !(res = mysql_store_result(my)))
        return db_error(my, err);
    if ((row = mysql_fetch_row(res)) && row[0] && row[1] && row[2])
        rc = mg_strlist_add(home, row[0]) < 0 ||
             mg_strlist_add(home, row[1]) < 0 ||
             mg_strlist_add(home, row[2]) < 0 ? mg_mariadb__oom(err) : 0;
    mysql_free_result(res);
    return rc;
}

/* Run the text in b; MG_EDB (in err) when it fails. */
static int
run(MYSQL *my, const mg_buf *b, mg_error *err)
{
    if (b->oom)
        return mg_mariadb__oom(err);
    return mysql_real_query(my, mg_buf_cstr(b), b->len) == 0
           ? 0 : db_error(my, err);
}

/* USE db. */
static int
use(MYSQL *my, const char *db, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    mg_buf_puts(&b, "USE ");
    mg_mariadb__qi(&b, db);
    rc = run(my, &b, err);
    mg_buf_release(&b);
    return rc;
}

/* Create the scratch database named name, with home's character set and
 * collation; MG_EDB when the server refuses it. */
static int
create_scratch(MYSQL *my, const char *name, const mg_strlist *home,
               mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    mg_buf_puts(&b, "CREATE DATABASE ");
    mg_mariadb__qi(&b, name);
    mg_buf_puts(&b, " CHARACTER SET ");
    mg_mariadb__qi(&b, home->v[1]);
    mg_buf_puts(&b, " COLLATE ");
    mg_mariadb__qi(&b, home->v[2]);
    rc = run(my, &b, err);
    mg_buf_release(&b);
    return rc;
}

/* Run stmts, the first with quick appended when not NULL: 1 when all
 * ran, 0 when the server refused one, MG_EDB when the connection is
 * gone. */
static int
run_table(MYSQL *my, const mg_strlist *stmts, const char *quick,
          mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    size_t j;
    int ok = 1;

    for (j = 0; j < stmts->n && ok; j++) {
        mg_buf_clear(&b);
        mg_buf_puts(&b, stmts->v[j]);
        if (j == 0 && quick)
            mg_buf_puts(&b, quick);
        if (b.oom) {
            mg_buf_release(&b);
            return mg_mariadb__oom(err);
        }
        ok = mysql_real_query(my, mg_buf_cstr(&b), b.len) == 0;
    }
    mg_buf_release(&b);
    if (!ok && mg_mariadb__conn_lost(my))
        return db_error(my, err);
    return ok;
}

/* md's tables created in the current database, each by its own
 * statements (foreign keys and indexes left out: MariaDB has no
 * expression indexes), as MyISAM tables, which the server makes many
 * times faster than InnoDB ones and whose expressions it writes alike
 * (the last ENGINE= of a CREATE TABLE wins); a table MyISAM cannot hold
 * is made as the model says, and one the server refuses is left out.
 * MG_EDB only when the connection is gone. */
static int
create_tables(MYSQL *my, const mg_metadata *md, mg_error *err)
{
    mg_strlist stmts = MG_STRLIST_INIT;
    size_t i;
    int rc = 0;

    for (i = 0; i < mg_metadata_table_count(md) && rc >= 0; i++) {
        mg_strlist_release(&stmts);
        rc = mg_dialect__table_alone(&stmts, mg_metadata_table_at(md, i), 0,
                                     mg_mariadb__render_op);
        if (rc == MG_ENOMEM) {
            rc = mg_mariadb__oom(err);
            break;
        }
        if (rc < 0) {
            rc = 0;     /* one the dialect cannot write: text decides */
            continue;
        }
        if ((rc = run_table(my, &stmts, " ENGINE=MyISAM", err)) == 0)
            rc = run_table(my, &stmts, NULL, err);
    }
    mg_strlist_release(&stmts);
    return rc < 0 ? rc : 0;
}

int
mg_mariadb__server_tables(void *conn, const mg_metadata *md,
                          mg_metadata *out, mg_error *err)
{
    MYSQL *my = conn;
    mg_strlist home = MG_STRLIST_INIT;
    mg_buf name = MG_BUF_INIT, drop = MG_BUF_INIT;
    mg_error ignored;
    int rc = 0, back;

    if (!mg_metadata_table_count(md) ||
        (rc = read_home(my, &home, err)) != 0)
        goto done;
    mg_dialect_scratch_name(&name, 1);
    if (name.oom) {
        rc = mg_mariadb__oom(err);
        goto done;
    }
    mg_error_clear(&ignored);
    /* a server that refuses the database leaves the text to decide */
    if (create_scratch(my, mg_buf_cstr(&name), &home, &ignored) < 0) {
        rc = mg_mariadb__conn_lost(my) ? db_error(my, err) : 0;
        goto done;
    }
    rc = use(my, mg_buf_cstr(&name), err);
    if (rc == 0 && (rc = create_tables(my, md, err)) == 0)
        rc = mg_mariadb__inspect(my, out, NULL, err);
    back = use(my, home.v[0], rc < 0 ? &ignored : err);
    mg_buf_puts(&drop, "DROP DATABASE ");
    mg_mariadb__qi(&drop, mg_buf_cstr(&name));
    if (run(my, &drop, &ignored) < 0 && mg_mariadb__conn_lost(my) &&
        rc == 0)
        rc = db_error(my, err);
    if (rc == 0 && back < 0)
        rc = back;
done:
    mg_strlist_release(&home);
    mg_buf_release(&name);
    mg_buf_release(&drop);
    return rc < 0 ? rc : 0;
}
