/* mariadb.c - the MariaDB/MySQL dialect, through MariaDB Connector/C.
 * DDL is not transactional here: the runtime records a step only after all
 * its statements ran, and concurrent runs serialise on GET_LOCK. Errors
 * carry the server's error number and SQLSTATE. */
#include "mg_dialect.h"
#include "mariadb_int.h"

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
my_error(MYSQL *my, mg_error *err)
{
    return mg_error_set(err, MG_EDB, "ERROR %u (%s): %s", mysql_errno(my),
                        mysql_sqlstate(my), mysql_error(my));
}

static int
my_connect(void **out, const mg_url *url, unsigned int flags, mg_error *err)
{
    MYSQL *my = mysql_init(NULL);
    const char *sock = mg_url_param(url, "unix_socket");
    const char *charset = mg_url_param(url, "charset");
    int rc;

    (void)flags;
    *out = NULL;
    if (!my)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    mysql_options(my, MYSQL_SET_CHARSET_NAME, charset ? charset : "utf8mb4");
    if (mg_url_param(url, "ssl_ca"))
        mysql_options(my, MYSQL_OPT_SSL_CA, mg_url_param(url, "ssl_ca"));
    if (!mysql_real_connect(my, mg_url_host(url), mg_url_user(url),
                            mg_url_password(url), mg_url_database(url),
                            (unsigned)mg_url_port(url), sock,
                            CLIENT_MULTI_STATEMENTS)) {
        rc = mg_error_set(err, MG_EDB, "cannot connect to %s: ERROR %u "
                          "(%s): %s", mg_url_redacted(url), mysql_errno(my),
                          mysql_sqlstate(my), mysql_error(my));
        mysql_close(my);
        return rc;
    }
    *out = my;
    return 0;
}

static void
my_disconnect(void *conn)
{
    mysql_close(conn);
}

/* Run sql and drain every result it produces. */
static int
my_exec(void *conn, const char *sql, mg_error *err)
{
    MYSQL *my = conn;
    int status;

    if (mysql_real_query(my, sql, strlen(sql)) != 0)
        return my_error(my, err);
    do {
        MYSQL_RES *res = mysql_store_result(my);
        if (res)
            mysql_free_result(res);
        else if (mysql_field_count(my) != 0)
            return my_error(my, err);
        status = mysql_next_result(my);
        if (status > 0)
            return my_error(my, err);
    } while (status == 0);
    return 0;
}

static int
my_query(void *conn, const char *sql, mg_rows *rows, mg_error *err)
{
    MYSQL *my = conn;
    MYSQL_RES *res;
    MYSQL_ROW row;
    unsigned int nf, i;
    int rc = 0;

    if (mysql_real_query(my, sql, strlen(sql)) != 0)
        return my_error(my, err);
    res = mysql_store_result(my);
    if (!res) {
        if (mysql_field_count(my) != 0)
            return my_error(my, err);
        return mg_rows_set_columns(rows, 0);
    }
    nf = mysql_num_fields(res);
    mg_rows_set_columns(rows, nf);
    while ((row = mysql_fetch_row(res)) != NULL && rc == 0) {
        unsigned long *l = mysql_fetch_lengths(res);
        size_t lens[256];
        for (i = 0; i < nf && i < 256; i++)
            lens[i] = l[i];
        if (mg_rows_add(rows, (const char *const *)row, lens) < 0)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    mysql_free_result(res);
    while (mysql_next_result(my) == 0) {
        res = mysql_store_result(my);
        if (res)
            mysql_free_result(res);
    }
    return rc;
}

static int
my_begin(void *conn, mg_error *err)
{
    return my_exec(conn, "START TRANSACTION", err);
}

static int
my_commit(void *conn, mg_error *err)
{
    return my_exec(conn, "COMMIT", err);
}

static int
my_rollback(void *conn, mg_error *err)
{
    return my_exec(conn, "ROLLBACK", err);
}

/* GET_LOCK names are server-wide: the lock is per database, so runs on two
 * databases of one server do not wait for each other. */
#define LOCK_NAME "CONCAT('migrate:', IFNULL(DATABASE(), ''))"

/* Who holds the migration lock: IS_USED_LOCK gives the connection id,
 * information_schema.PROCESSLIST its user, host and what it runs. Appends
 * " held by ..." to b. */
static void
my_lock_holder(MYSQL *my, mg_buf *b)
{
    static const char sql[] =
        "SELECT h.id, p.USER, p.HOST, p.DB, p.COMMAND, p.TIME, "
        "LEFT(REPLACE(p.INFO, '\n', ' '), 60) FROM (SELECT "
        "IS_USED_LOCK(" LOCK_NAME ") AS id) h LEFT JOIN "
        "information_schema.PROCESSLIST p ON p.ID = h.id";
    MYSQL_RES *res;
    MYSQL_ROW row;

    if (mysql_real_query(my, sql, sizeof(sql) - 1) != 0 ||
        !(res = mysql_store_result(my))) {
        mg_buf_puts(b, ", held by another connection");
        return;
    }
    row = mysql_fetch_row(res);
    if (!row || !row[0])
        mg_buf_puts(b, ", held by another connection (released just now)");
    else if (!row[1])
        mg_buf_addf(b, ", held by connection %s", row[0]);
    else {
        mg_buf_addf(b, ", held by connection %s (user %s@%s, database %s, "
                    "%s for %s s", row[0], row[1], row[2] ? row[2] : "?",
                    row[3] ? row[3] : "none", row[4] ? row[4] : "?",
                    row[5] ? row[5] : "?");
        if (row[6] && *row[6])
            mg_buf_addf(b, ": %s", row[6]);
        mg_buf_putc(b, ')');
    }
    mysql_free_result(res);
}

static int
my_lock(void *conn, const char *name, int timeout_s, mg_error *err)
{
    char sql[128];
    MYSQL *my = conn;
    MYSQL_RES *res;
    MYSQL_ROW row;
    mg_buf b = MG_BUF_INIT;
    int got;

    (void)name;
    snprintf(sql, sizeof(sql), "SELECT GET_LOCK(" LOCK_NAME ", %d)",
             timeout_s < 0 ? 31536000 : timeout_s);
    if (mysql_real_query(my, sql, strlen(sql)) != 0)
        return my_error(my, err);
    if (!(res = mysql_store_result(my)))
        return my_error(my, err);
    row = mysql_fetch_row(res);
    got = row && row[0] && strcmp(row[0], "1") == 0;
    mysql_free_result(res);
    if (got)
        return 0;
    mg_buf_addf(&b, "timed out after %d s waiting for the migration lock "
                "(GET_LOCK('migrate:<database>'))", timeout_s);
    my_lock_holder(my, &b);
    got = mg_error_set(err, MG_ELOCK, "%s", mg_buf_cstr(&b));
    mg_buf_release(&b);
    return got;
}

static int
my_unlock(void *conn, const char *name, mg_error *err)
{
    (void)name;
    return my_exec(conn, "DO RELEASE_LOCK(" LOCK_NAME ")", err);
}

static int
my_table_exists(void *conn, const char *name, int *out, mg_error *err)
{
    MYSQL *my = conn;
    mg_buf sql = MG_BUF_INIT;
    MYSQL_RES *res;
    char *esc;
    size_t n = strlen(name);
    int rc = 0;

    if (!(esc = malloc(2 * n + 1)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    mysql_real_escape_string(my, esc, name, (unsigned long)n);
    mg_buf_addf(&sql, "SELECT 1 FROM information_schema.tables WHERE "
                "table_schema = DATABASE() AND table_name = '%s'", esc);
    free(esc);
    if (mysql_real_query(my, mg_buf_cstr(&sql), sql.len) != 0 ||
        !(res = mysql_store_result(my))) {
        mg_buf_release(&sql);
        return my_error(my, err);
    }
    *out = mysql_num_rows(res) > 0;
    mysql_free_result(res);
    mg_buf_release(&sql);
    return rc;
}

static void
my_quote_ident(mg_buf *b, const char *ident)
{
    mg_buf_putc(b, '`');
    for (; *ident; ident++) {
        if (*ident == '`')
            mg_buf_putc(b, '`');
        mg_buf_putc(b, *ident);
    }
    mg_buf_putc(b, '`');
}

static void
my_quote_literal(mg_buf *b, const char *s)
{
    mg_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            mg_buf_putc(b, *s);
        mg_buf_putc(b, *s);
    }
    mg_buf_putc(b, '\'');
}

static const char *const my_aliases[] = { "mysql", NULL };

const mg_dialect mg_dialect_mariadb = {
    MG_DIALECT_VERSION,
    "mariadb",
    my_aliases,
    MG_CAP_ALTER_COLUMN | MG_CAP_DROP_CONSTRAINT | MG_CAP_DELIMITER_SCRIPTS,
    MG_SPLIT_HASH_COMMENTS | MG_SPLIT_BACKSLASH_ESCAPES | MG_SPLIT_DELIMITER,
    "START TRANSACTION",
    "COMMIT",
    "DATETIME",
    "UTC_TIMESTAMP(6)",
    "id BIGINT AUTO_INCREMENT PRIMARY KEY",
    my_connect,
    my_disconnect,
    my_exec,
    my_query,
    my_begin,
    my_commit,
    my_rollback,
    my_lock,
    my_unlock,
    my_table_exists,
    my_quote_ident,
    my_quote_literal,
    mg_mariadb__inspect,
    mg_mariadb__render_type,
    mg_mariadb__render_op,
    mg_mariadb__normalize_default,
    NULL,   /* scratch_url: a temporary database on the server instead */
    mg_mariadb__scratch_create,
    mg_mariadb__scratch_drop,
};
