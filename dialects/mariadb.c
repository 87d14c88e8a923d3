/* mariadb.c - the MariaDB/MySQL dialect, through MariaDB Connector/C.
 * DDL is not transactional here: the runtime records a step only after all
 * its statements ran, and concurrent runs serialise on GET_LOCK. Errors
 * carry the server's error number and SQLSTATE. mg_interrupt() stops a
 * running statement with KILL QUERY from a second connection. Scratch
 * databases for replaying migrations are made and dropped here, on the
 * server a connection is on. */
#include "mg_dialect.h"
#include "mariadb_int.h"

#include "my_api_int.h"
#include <ctype.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
my_error(MYSQL *my, mg_error *err)
{
    return mg_error_set(err, MG_EDB, "ERROR %u (%s): %s", mysql_errno(my),
                        mysql_sqlstate(my), mysql_error(my));
}

/* URL parameters passed to Connector/C as they are. */
static const struct {
    const char        *name;
    enum mysql_option  option;
} path_params[] = {
    { "ssl_ca", MYSQL_OPT_SSL_CA },
    { "ssl_capath", MYSQL_OPT_SSL_CAPATH },
    { "ssl_cert", MYSQL_OPT_SSL_CERT },
    { "ssl_key", MYSQL_OPT_SSL_KEY },
    { "ssl_cipher", MYSQL_OPT_SSL_CIPHER },
    { "ssl_crl", MYSQL_OPT_SSL_CRL },
    { "ssl_crlpath", MYSQL_OPT_SSL_CRLPATH },
    { "tls_version", MARIADB_OPT_TLS_VERSION },
};

/* URL parameters that switch something on or off. */
static const struct {
    const char        *name;
    enum mysql_option  option;
} flag_params[] = {
    { "ssl", MYSQL_OPT_SSL_ENFORCE },
    { "ssl_verify_server_cert", MYSQL_OPT_SSL_VERIFY_SERVER_CERT },
};

/* "true"/"1"/"yes"/"on" or the opposite; -1 for anything else. */
static int
flag_value(const char *v)
{
    static const char *const on[] = { "1", "true", "yes", "on" };
    static const char *const off[] = { "0", "false", "no", "off" };
    size_t i;

    for (i = 0; i < 4; i++) {
        if (strcasecmp(v, on[i]) == 0)
            return 1;
        if (strcasecmp(v, off[i]) == 0)
            return 0;
    }
    return -1;
}

/* Apply the TLS and other options of the URL's query. */
static int
set_url_options(MYSQL *my, const mg_url *url, mg_error *err)
{
    size_t i;

    for (i = 0; i < sizeof(path_params) / sizeof(path_params[0]); i++) {
        const char *v = mg_url_param(url, path_params[i].name);
        if (v)
            mysql_options(my, path_params[i].option, v);
    }
    for (i = 0; i < sizeof(flag_params) / sizeof(flag_params[0]); i++) {
        const char *v = mg_url_param(url, flag_params[i].name);
        my_bool b;
        int f;
        if (!v)
            continue;
        if ((f = flag_value(v)) < 0)
            return mg_error_set(err, MG_EUSAGE, "%s must be true or false, "
                                "not '%s'", flag_params[i].name, v);
        b = (my_bool)f;
        mysql_options(my, flag_params[i].option, &b);
    }
    return 0;
}

static int
my_connect(void **out, const mg_url *url, unsigned int flags, mg_error *err)
{
    const char *sock = mg_url_param(url, "unix_socket");
    const char *charset = mg_url_param(url, "charset");
    MYSQL *my;
    int rc;

    (void)flags;
    *out = NULL;
    if ((rc = my_api_load(err)) < 0)
        return rc;
    if (!(my = mysql_init(NULL)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    mysql_options(my, MYSQL_SET_CHARSET_NAME, charset ? charset : "utf8mb4");
    if ((rc = set_url_options(my, url, err)) < 0) {
        mysql_close(my);
        return rc;
    }
    if (!mysql_real_connect(my, mg_url_host(url), mg_url_user(url),
                            mg_url_password(url), mg_url_database(url),
                            (unsigned)mg_url_port(url), sock,
                            CLIENT_MULTI_STATEMENTS)) {
        /* the server's text is masked as any text (a URL in it), never
         * by searching for the password's text */
        char *said = mg_url_redact_text(mysql_error(my));
        rc = mg_error_set(err, MG_EDB, "cannot connect to %s: ERROR %u "
                          "(%s): %s", mg_url_redacted(url), mysql_errno(my),
                          mysql_sqlstate(my), said ? said : "?");
        free(said);
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
    mg_mariadb__qi(b, ident);
}

void
mg_mariadb__quote_literal(mg_buf *b, const char *s)
{
    mg_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            mg_buf_putc(b, *s);
        mg_buf_putc(b, *s);
    }
    mg_buf_putc(b, '\'');
}

/* ---- the runtime (mg_db.h): server-side prepared statements ----------- */

static void
my_server_version(void *conn, mg_buf *out)
{
    const char *v = mysql_get_server_info(conn);

    mg_buf_addf(out, "MariaDB/MySQL %s", v ? v : "?");
}

/* What KILL QUERY needs: the connection's id on the server, and the URL
 * to connect again with (the engine's, which outlives the handle). */
typedef struct my_cancel_handle {
    const mg_url  *url;
    unsigned long  id;
} my_cancel_handle;

static void *
my_cancel_prepare(void *conn, const mg_url *url)
{
    my_cancel_handle *h = malloc(sizeof(*h));

    if (h) {
        h->url = url;
        h->id = mysql_thread_id(conn);
    }
    return h;
}

/* The protocol has no out-of-band cancel: a second connection kills the
 * statement (KILL QUERY leaves the connection usable; an idle one is
 * unaffected). */
static void
my_cancel(void *h)
{
    const my_cancel_handle *k = h;
    char sql[64];
    void *conn = NULL;

    if (my_connect(&conn, k->url, 0, NULL) < 0)
        return;
    snprintf(sql, sizeof(sql), "KILL QUERY %lu", k->id);
    mysql_real_query(conn, sql, strlen(sql));
    my_disconnect(conn);
}

static void
my_cancel_free(void *h)
{
    free(h);
}

const mg_dialect mg_dialect_mariadb = {
    .version = MG_DIALECT_VERSION,
    .name = "mariadb",
    .caps = MG_CAP_ALTER_COLUMN | MG_CAP_DROP_CONSTRAINT |
        MG_CAP_DELIMITER_SCRIPTS | MG_CAP_RUN_LOCK | MG_CAP_INDEX_PER_TABLE |
        MG_CAP_COLUMN_ATTRIBUTES | MG_CAP_FK_INDEX | MG_CAP_ONLINE_ALTER |
        MG_CAP_VIRTUAL_COLUMNS | MG_CAP_UPDATE_LIMIT,
    .conn = {
        .connect = my_connect,
        .disconnect = my_disconnect,
        .exec = my_exec,
        .begin = my_begin,
        .commit = my_commit,
        .rollback = my_rollback,
        .lock = my_lock,
        .unlock = my_unlock,
        .table_exists = my_table_exists,
        .server_version = my_server_version,
    },
    .sql = {
        .split_flags = MG_SPLIT_HASH_COMMENTS | MG_SPLIT_BACKSLASH_ESCAPES |
            MG_SPLIT_DELIMITER,
        .begin_sql = "START TRANSACTION",
        .commit_sql = "COMMIT",
        .timestamp_type = "DATETIME",
        .utc_now_sql = "UTC_TIMESTAMP(6)",
        .log_id_column = "id BIGINT AUTO_INCREMENT PRIMARY KEY",
        .quote_ident = my_quote_ident,
        .quote_literal = mg_mariadb__quote_literal,
        .stats_query =
            "SELECT TABLE_NAME, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH "
            "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_TYPE = 'BASE TABLE'",
    },
    .stmt = {
        .caps = 0, /* keys from LAST_INSERT_ID() */
        .ping = mg_mariadb__ping,
        .prepare = mg_mariadb__stmt_prepare,
        .execute = mg_mariadb__stmt_execute,
        .next = mg_mariadb__stmt_next,
        .column_count = mg_mariadb__stmt_column_count,
        .column_name = mg_mariadb__stmt_column_name,
        .column = mg_mariadb__stmt_column,
        .changes = mg_mariadb__stmt_changes,
        .last_id = mg_mariadb__stmt_last_id,
        .free = mg_mariadb__stmt_free,
    },
    .catalog = {
        .inspect = mg_mariadb__inspect,
        .normalize_default = mg_mariadb__normalize_default,
        .national_charset = MG_MARIADB_NATIONAL_CHARSET,
        .object_kinds = MG_MARIADB_OBJECT_KINDS,
        .server_form = mg_mariadb__server_form,
        .server_tables = mg_mariadb__server_tables,
        .object_key = mg_mariadb__object_key,
        .table_changes = mg_mariadb__table_changes,
        .table_charset = mg_mariadb__table_charset,
    },
    .ddl = {
        .render_type = mg_mariadb__render_type,
        .render_op = mg_mariadb__render_op,
    },
    .scratch = {
        .url = NULL, /* a temporary database on the server instead */
        .create = mg_mariadb__scratch_create,
        .drop = mg_mariadb__scratch_drop,
    },
    .cancel = {
        .prepare = my_cancel_prepare,
        .request = my_cancel,
        .free = my_cancel_free,
    },
};

#define SCRATCH_PREFIX "migrate_scratch_"
#define ER_DB_EXISTS 1007   /* ER_DB_CREATE_EXISTS */

/* ---- scratch databases -------------------------------------------------- */

/* s percent-encoded: everything but RFC 3986's unreserved characters. */
static void
pct(mg_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            mg_buf_putc(b, (char)c);
        else
            mg_buf_addf(b, "%%%02X", c);
    }
}

static void
scratch_url(mg_buf *b, const mg_url *url, const char *db)
{
    const char *host = mg_url_host(url);
    size_t i;

    mg_buf_puts(b, mg_url_scheme_written(url));
    mg_buf_puts(b, "://");
    if (mg_url_user(url)) {
        pct(b, mg_url_user(url));
        if (mg_url_password(url)) {
            mg_buf_putc(b, ':');
            pct(b, mg_url_password(url));
        }
        mg_buf_putc(b, '@');
    }
    if (host && strchr(host, ':'))
        mg_buf_addf(b, "[%s]", host);
    else if (host)
        pct(b, host);
    if (mg_url_port(url) > 0)
        mg_buf_addf(b, ":%d", mg_url_port(url));
    mg_buf_putc(b, '/');
    pct(b, db);
    for (i = 0; i < mg_url_param_count(url); i++) {
        const char *k, *v;
        mg_url_param_at(url, i, &k, &v);
        mg_buf_putc(b, i ? '&' : '?');
        pct(b, k);
        mg_buf_putc(b, '=');
        pct(b, v ? v : "");
    }
}

/* Drop the scratch databases runs on this host left when they were
 * killed (mg_dialect_scratch_stale); whatever fails is left alone. */
static void
drop_stale_scratch(MYSQL *my)
{
    static const char q[] = "SELECT schema_name FROM information_schema."
        "schemata WHERE schema_name LIKE 'migrate\\_scratch\\_%'";
    mg_strlist stale = MG_STRLIST_INIT;
    mg_buf sql = MG_BUF_INIT;
    MYSQL_RES *res;
    MYSQL_ROW row;
    size_t i;

    if (mysql_real_query(my, q, sizeof(q) - 1) != 0 ||
        !(res = mysql_store_result(my)))
        return;
    while ((row = mysql_fetch_row(res)) != NULL)
        if (row[0] && mg_dialect_scratch_stale(row[0], (long long)time(NULL)))
            mg_strlist_add(&stale, row[0]);
    mysql_free_result(res);
    for (i = 0; i < stale.n; i++) {
        mg_buf_clear(&sql);
        mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
        mg_mariadb__qi(&sql, stale.v[i]);
        if (!sql.oom)
            mysql_real_query(my, mg_buf_cstr(&sql), sql.len);
    }
    mg_strlist_release(&stale);
    mg_buf_release(&sql);
}

int
mg_mariadb__scratch_create(void *conn, const mg_url *url, char **url_out,
                           mg_error *err)
{
    MYSQL *my = conn;
    mg_buf name = MG_BUF_INIT, sql = MG_BUF_INIT, u = MG_BUF_INIT;
    int n, rc = 0;

    *url_out = NULL;
    if (!url)
        return mg_error_set(err, MG_EUSAGE, "no URL to base a scratch "
                            "database on");
    drop_stale_scratch(my);
    for (n = 1;; n++) {
        mg_buf_clear(&name);
        mg_buf_clear(&sql);
        mg_dialect_scratch_name(&name, n);
        mg_buf_puts(&sql, "CREATE DATABASE ");
        mg_mariadb__qi(&sql, mg_buf_cstr(&name));
        if (name.oom || sql.oom) {
            rc = mg_mariadb__oom(err);
            goto done;
        }
        if (mysql_real_query(my, mg_buf_cstr(&sql), sql.len) == 0)
            break;
        if (mysql_errno(my) != ER_DB_EXISTS || n >= 1000) {
            rc = mg_error_set(err, MG_EDB, "cannot create scratch database "
                              "'%s': ERROR %u (%s): %s", mg_buf_cstr(&name),
                              mysql_errno(my), mysql_sqlstate(my),
                              mysql_error(my));
            goto done;
        }
    }
    scratch_url(&u, url, mg_buf_cstr(&name));
    if (u.oom || !(*url_out = mg_buf_detach(&u))) {
        mg_buf_clear(&sql);
        mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
        mg_mariadb__qi(&sql, mg_buf_cstr(&name));
        mysql_real_query(my, mg_buf_cstr(&sql), sql.len);
        rc = mg_mariadb__oom(err);
    }
done:
    mg_buf_release(&name);
    mg_buf_release(&sql);
    mg_buf_release(&u);
    return rc;
}

int
mg_mariadb__scratch_drop(void *conn, const char *scratch, mg_error *err)
{
    MYSQL *my = conn;
    mg_url *url = NULL;
    mg_buf sql = MG_BUF_INIT;
    const char *db;
    int rc;

    if ((rc = mg_url_parse(&url, scratch, err)) < 0)
        return rc;
    db = mg_url_database(url);
    if (!db || strncmp(db, SCRATCH_PREFIX, sizeof(SCRATCH_PREFIX) - 1) != 0) {
        rc = mg_error_set(err, MG_EUSAGE, "refusing to drop '%s': not a "
                          "scratch database", db ? db : "");
        goto done;
    }
    mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
    mg_mariadb__qi(&sql, db);
    if (sql.oom)
        rc = mg_mariadb__oom(err);
    else if (mysql_real_query(my, mg_buf_cstr(&sql), sql.len) != 0)
        rc = mg_error_set(err, MG_EDB, "cannot drop scratch database '%s': "
                          "ERROR %u (%s): %s", db, mysql_errno(my),
                          mysql_sqlstate(my), mysql_error(my));
done:
    mg_buf_release(&sql);
    mg_url_free(url);
    return rc;
}
