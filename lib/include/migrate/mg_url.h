/* mg_url.h - database URLs: parsing, the dialect scheme, and the redacted
 * form that is the only one ever shown to a person. */
#ifndef MG_URL_H
#define MG_URL_H

#include "mg_common.h"

MG_BEGIN_DECL

typedef struct mg_url mg_url;

/* Parse a URL of one of these forms (DESIGN.md section 3):
 *   sqlite:///relative.db   sqlite:////abs/path.db   sqlite://  (memory)
 *   postgresql://user:pass@host:port/db?sslmode=...  (also postgres://,
 *                                                      pgsql://)
 *   mariadb://user:pass@host:port/db?unix_socket=... (also mysql://)
 * User, password, host, database and query values are percent-decoded; a
 * host may be a bracketed IPv6 address. Errors: MG_EUSAGE (unknown scheme,
 * malformed, a '%' not followed by two hex digits: write '%' as %25); the
 * message never contains the password. */
MG_EXTERN
int mg_url_parse(mg_url **out, const char *text, mg_error *err);
MG_EXTERN
void mg_url_free(mg_url *url);

/* The dialect scheme: "sqlite", "postgresql" or "mariadb" (mysql://,
 * postgres:// and pgsql:// are normalised to these; dialects/registry.c
 * lists every scheme). */
MG_EXTERN
const char *mg_url_scheme(const mg_url *url);
/* The scheme exactly as written ("mysql", "postgres", ...). */
MG_EXTERN
const char *mg_url_scheme_written(const mg_url *url);
/* Components, NULL when absent. For SQLite the database is the file path
 * (relative to the current directory unless it starts with '/'), or
 * ":memory:" for sqlite:// and sqlite:///:memory:. */
MG_EXTERN
const char *mg_url_user(const mg_url *url);
MG_EXTERN
const char *mg_url_password(const mg_url *url);
MG_EXTERN
const char *mg_url_host(const mg_url *url);
MG_EXTERN
int         mg_url_port(const mg_url *url);     /* 0 when absent */
MG_EXTERN
const char *mg_url_database(const mg_url *url);
/* Query parameters in the order written. */
MG_EXTERN
size_t      mg_url_param_count(const mg_url *url);
MG_EXTERN
void        mg_url_param_at(const mg_url *url, size_t i,
                            const char **key, const char **value);
/* The value of the last parameter named key, NULL when absent. */
MG_EXTERN
const char *mg_url_param(const mg_url *url, const char *key);
/* 1 when the database is SQLite's in-memory database. */
MG_EXTERN
int         mg_url_is_memory(const mg_url *url);
/* The URL as written but with the password replaced by "***". */
MG_EXTERN
const char *mg_url_redacted(const mg_url *url);

/* Redact any password in free text that may hold a URL (for messages that
 * quote what a user typed before it could be parsed). Returns a malloc'd
 * string, NULL on allocation failure. */
MG_EXTERN
char *mg_url_redact_text(const char *text);

MG_END_DECL
#endif
