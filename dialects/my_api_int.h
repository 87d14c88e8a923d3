/* my_api_int.h - MariaDB Connector/C, opened on first use (lib/dynlib_int.h).
 * Included by the dialect instead of <mysql.h>; my_api_load() comes
 * before the first call of these functions. */
#ifndef MG_MY_API_H
#define MG_MY_API_H

#include "dynlib_int.h"
#include "stmtcount_int.h"

#include <mysql.h>

#define MG_MY_FUNCS(X) \
    X(mysql_affected_rows) \
    X(mysql_close) \
    X(mysql_data_seek) \
    X(mysql_errno) \
    X(mysql_error) \
    X(mysql_fetch_fields) \
    X(mysql_fetch_lengths) \
    X(mysql_fetch_row) \
    X(mysql_field_count) \
    X(mysql_free_result) \
    X(mysql_get_server_info) \
    X(mysql_init) \
    X(mysql_insert_id) \
    X(mysql_next_result) \
    X(mysql_num_fields) \
    X(mysql_num_rows) \
    X(mysql_options) \
    X(mysql_ping) \
    X(mysql_real_connect) \
    X(mysql_real_escape_string) \
    X(mysql_real_query) \
    X(mysql_sqlstate) \
    X(mysql_stmt_affected_rows) \
    X(mysql_stmt_attr_set) \
    X(mysql_stmt_bind_param) \
    X(mysql_stmt_bind_result) \
    X(mysql_stmt_close) \
    X(mysql_stmt_errno) \
    X(mysql_stmt_error) \
    X(mysql_stmt_execute) \
    X(mysql_stmt_fetch) \
    X(mysql_stmt_free_result) \
    X(mysql_stmt_init) \
    X(mysql_stmt_insert_id) \
    X(mysql_stmt_param_count) \
    X(mysql_stmt_prepare) \
    X(mysql_stmt_result_metadata) \
    X(mysql_stmt_sqlstate) \
    X(mysql_stmt_store_result) \
    X(mysql_store_result) \
    X(mysql_thread_id) \
    X(mysql_use_result)

typedef struct mg_my_api {
    MG_MY_FUNCS(MG_DYNLIB_FIELD)
} mg_my_api;

extern mg_my_api my_api;

/* Open MariaDB Connector/C once. Errors: MG_EDB when it cannot be
 * loaded. */
int my_api_load(mg_error *err);

#ifndef MG_MY_API_C
/* The calls that send a statement, counted on the way (stmtcount_int.h;
 * a prepared statement counts when it is prepared). */
static inline int
mg_my__real_query(MYSQL *my, const char *sql, unsigned long len)
{
    mg_stmtcount__add(sql);
    return my_api.mysql_real_query(my, sql, len);
}

static inline int
mg_my__stmt_prepare(MYSQL_STMT *st, const char *sql, unsigned long len)
{
    mg_stmtcount__add(sql);
    return my_api.mysql_stmt_prepare(st, sql, len);
}

#define mysql_affected_rows (my_api.mysql_affected_rows)
#define mysql_close (my_api.mysql_close)
#define mysql_data_seek (my_api.mysql_data_seek)
#define mysql_errno (my_api.mysql_errno)
#define mysql_error (my_api.mysql_error)
#define mysql_fetch_fields (my_api.mysql_fetch_fields)
#define mysql_fetch_lengths (my_api.mysql_fetch_lengths)
#define mysql_fetch_row (my_api.mysql_fetch_row)
#define mysql_field_count (my_api.mysql_field_count)
#define mysql_free_result (my_api.mysql_free_result)
#define mysql_get_server_info (my_api.mysql_get_server_info)
#define mysql_init (my_api.mysql_init)
#define mysql_insert_id (my_api.mysql_insert_id)
#define mysql_next_result (my_api.mysql_next_result)
#define mysql_num_fields (my_api.mysql_num_fields)
#define mysql_num_rows (my_api.mysql_num_rows)
#define mysql_options (my_api.mysql_options)
#define mysql_ping (my_api.mysql_ping)
#define mysql_real_connect (my_api.mysql_real_connect)
#define mysql_real_escape_string (my_api.mysql_real_escape_string)
#define mysql_real_query mg_my__real_query
#define mysql_sqlstate (my_api.mysql_sqlstate)
#define mysql_stmt_affected_rows (my_api.mysql_stmt_affected_rows)
#define mysql_stmt_attr_set (my_api.mysql_stmt_attr_set)
#define mysql_stmt_bind_param (my_api.mysql_stmt_bind_param)
#define mysql_stmt_bind_result (my_api.mysql_stmt_bind_result)
#define mysql_stmt_close (my_api.mysql_stmt_close)
#define mysql_stmt_errno (my_api.mysql_stmt_errno)
#define mysql_stmt_error (my_api.mysql_stmt_error)
#define mysql_stmt_execute (my_api.mysql_stmt_execute)
#define mysql_stmt_fetch (my_api.mysql_stmt_fetch)
#define mysql_stmt_free_result (my_api.mysql_stmt_free_result)
#define mysql_stmt_init (my_api.mysql_stmt_init)
#define mysql_stmt_insert_id (my_api.mysql_stmt_insert_id)
#define mysql_stmt_param_count (my_api.mysql_stmt_param_count)
#define mysql_stmt_prepare mg_my__stmt_prepare
#define mysql_stmt_result_metadata (my_api.mysql_stmt_result_metadata)
#define mysql_stmt_sqlstate (my_api.mysql_stmt_sqlstate)
#define mysql_stmt_store_result (my_api.mysql_stmt_store_result)
#define mysql_store_result (my_api.mysql_store_result)
#define mysql_thread_id (my_api.mysql_thread_id)
#define mysql_use_result (my_api.mysql_use_result)
#endif

#endif
