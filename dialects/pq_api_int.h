/* pq_api_int.h - libpq, opened on first use (lib/dynlib_int.h).
 * Included by the dialect instead of <libpq-fe.h>; pq_api_load() comes
 * before the first call of these functions. */
#ifndef MG_PQ_API_H
#define MG_PQ_API_H

#include "dynlib_int.h"
#include "stmtcount_int.h"

#include <libpq-fe.h>

#define MG_PQ_FUNCS(X) \
    X(PQcancel) \
    X(PQclear) \
    X(PQcmdTuples) \
    X(PQconnectdbParams) \
    X(PQdb) \
    X(PQerrorMessage) \
    X(PQexec) \
    X(PQexecParams) \
    X(PQfinish) \
    X(PQfname) \
    X(PQfreeCancel) \
    X(PQfreemem) \
    X(PQftype) \
    X(PQgetCancel) \
    X(PQgetResult) \
    X(PQgetisnull) \
    X(PQgetlength) \
    X(PQgetvalue) \
    X(PQnfields) \
    X(PQparameterStatus) \
    X(PQntuples) \
    X(PQresultErrorField) \
    X(PQresultStatus) \
    X(PQsendQuery) \
    X(PQsetNoticeProcessor) \
    X(PQsetSingleRowMode) \
    X(PQstatus) \
    X(PQtransactionStatus) \
    X(PQunescapeBytea)

typedef struct mg_pq_api {
    MG_PQ_FUNCS(MG_DYNLIB_FIELD)
} mg_pq_api;

extern mg_pq_api pq_api;

/* Open libpq once. Errors: MG_EDB when it cannot be loaded. */
int pq_api_load(mg_error *err);

#ifndef MG_PQ_API_C
/* The calls that send a statement, counted on the way (stmtcount_int.h). */
static inline PGresult *
mg_pq__exec(PGconn *c, const char *sql)
{
    mg_stmtcount__add(sql);
    return pq_api.PQexec(c, sql);
}

static inline PGresult *
mg_pq__exec_params(PGconn *c, const char *sql, int n, const Oid *types,
                   const char *const *values, const int *lengths,
                   const int *formats, int result_format)
{
    mg_stmtcount__add(sql);
    return pq_api.PQexecParams(c, sql, n, types, values, lengths, formats,
                               result_format);
}

static inline int
mg_pq__send_query(PGconn *c, const char *sql)
{
    mg_stmtcount__add(sql);
    return pq_api.PQsendQuery(c, sql);
}

#define PQcancel (pq_api.PQcancel)
#define PQclear (pq_api.PQclear)
#define PQcmdTuples (pq_api.PQcmdTuples)
#define PQconnectdbParams (pq_api.PQconnectdbParams)
#define PQdb (pq_api.PQdb)
#define PQerrorMessage (pq_api.PQerrorMessage)
#define PQexec mg_pq__exec
#define PQexecParams mg_pq__exec_params
#define PQfinish (pq_api.PQfinish)
#define PQfname (pq_api.PQfname)
#define PQfreeCancel (pq_api.PQfreeCancel)
#define PQfreemem (pq_api.PQfreemem)
#define PQftype (pq_api.PQftype)
#define PQgetCancel (pq_api.PQgetCancel)
#define PQgetResult (pq_api.PQgetResult)
#define PQgetisnull (pq_api.PQgetisnull)
#define PQgetlength (pq_api.PQgetlength)
#define PQgetvalue (pq_api.PQgetvalue)
#define PQnfields (pq_api.PQnfields)
#define PQparameterStatus (pq_api.PQparameterStatus)
#define PQntuples (pq_api.PQntuples)
#define PQresultErrorField (pq_api.PQresultErrorField)
#define PQresultStatus (pq_api.PQresultStatus)
#define PQsendQuery mg_pq__send_query
#define PQsetNoticeProcessor (pq_api.PQsetNoticeProcessor)
#define PQsetSingleRowMode (pq_api.PQsetSingleRowMode)
#define PQstatus (pq_api.PQstatus)
#define PQtransactionStatus (pq_api.PQtransactionStatus)
#define PQunescapeBytea (pq_api.PQunescapeBytea)
#endif

#endif
