/* servers.h - the PostgreSQL and MariaDB test servers started by
 * scripts/test-servers.sh: a fresh database per test, and values read back
 * with the servers' own clients (psql, mariadb). */
#ifndef TESTS_INTEGRATION_SERVERS_H
#define TESTS_INTEGRATION_SERVERS_H

/* A server dialect under test. */
typedef struct server {
    const char *name;      /* "postgresql" or "mariadb" */
    const char *env;       /* variable holding the admin URL */
} server;

extern const server servers[2];

/* Create a fresh database on s and return its URL (static buffer), or NULL
 * when the server is not configured (the test is then skipped). */
const char *server_fresh_db(const server *s);
/* Drop the database made by server_fresh_db. */
void server_drop_db(const server *s);
/* One value read with the server's own client from the fresh database. */
char *server_value(const server *s, const char *sql);
/* Run a SQL script file with the server's own client against the fresh
 * database; returns the exit status. */
int server_run_file(const server *s, const char *path);

#endif
