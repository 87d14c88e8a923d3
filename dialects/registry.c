/* registry.c - the only list of dialects and of the names users write for
 * them. Each row names a dialect (URL schemes, and names that --dialect and
 * a revision's `-- dialect:` take besides) whether or not it is compiled
 * into this build, so a URL of a dialect left out by configure's
 * --without-<db> parses and is then refused as "not compiled into this
 * build" instead of as an unknown scheme. configure defines
 * MG_WITH_<DIALECT> for each dialect compiled in; without config.h (the
 * fuzz harnesses) no table is, and the names still are. */
#include "sys/dialect.h"
#include "registry_int.h"

#include <string.h>
#include <strings.h>

#ifdef MG_WITH_SQLITE
extern const mg_dialect mg_dialect_sqlite;
# define SQLITE_TABLE (&mg_dialect_sqlite)
#else
# define SQLITE_TABLE NULL
#endif
#ifdef MG_WITH_POSTGRESQL
extern const mg_dialect mg_dialect_postgresql;
# define POSTGRESQL_TABLE (&mg_dialect_postgresql)
#else
# define POSTGRESQL_TABLE NULL
#endif
#ifdef MG_WITH_MARIADB
extern const mg_dialect mg_dialect_mariadb;
# define MARIADB_TABLE (&mg_dialect_mariadb)
#else
# define MARIADB_TABLE NULL
#endif

/* sqlite3 names the dialect but is no URL scheme: sqlite3:// is refused,
 * as SQLAlchemy refuses it. */
static const mg_dialect_spelling sqlite_names[] = {
    { "sqlite",     MG_NAME_SCHEME | MG_NAME_SHOWN },
    { "sqlite3",    0 },
    { NULL, 0 }
};
static const mg_dialect_spelling postgresql_names[] = {
    { "postgresql", MG_NAME_SCHEME | MG_NAME_SHOWN },
    { "postgres",   MG_NAME_SCHEME },
    { "pgsql",      MG_NAME_SCHEME },
    { NULL, 0 }
};
static const mg_dialect_spelling mariadb_names[] = {
    { "mariadb",    MG_NAME_SCHEME | MG_NAME_SHOWN },
    { "mysql",      MG_NAME_SCHEME | MG_NAME_SHOWN },
    { NULL, 0 }
};

/* The first row compiled in is the default dialect. */
static const mg_dialect_row rows[] = {
    { sqlite_names,     MG_URL_FILE, SQLITE_TABLE },
    { postgresql_names, 0,           POSTGRESQL_TABLE },
    { mariadb_names,    0,           MARIADB_TABLE }
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* The row with a name s[0..n) carrying every flag in want, NULL if none. */
static const mg_dialect_row *
find(const char *s, size_t n, unsigned int want)
{
    size_t i;
    const mg_dialect_spelling *nm;

    for (i = 0; i < NROWS; i++)
        for (nm = rows[i].names; nm->name; nm++)
            if ((nm->flags & want) == want && strlen(nm->name) == n &&
                strncasecmp(nm->name, s, n) == 0)
                return &rows[i];
    return NULL;
}

const mg_dialect_row *
mg_dialect__scheme(const char *s, size_t n)
{
    return find(s, n, MG_NAME_SCHEME);
}

const mg_dialect_row *
mg_dialect__row(const char *name)
{
    return name ? find(name, strlen(name), 0) : NULL;
}

void
mg_dialect__list_schemes(mg_buf *b)
{
    const char *shown[16];
    size_t i, n = 0;
    const mg_dialect_spelling *nm;

    for (i = 0; i < NROWS; i++)
        for (nm = rows[i].names; nm->name; nm++)
            if ((nm->flags & MG_NAME_SHOWN) &&
                n < sizeof(shown) / sizeof(shown[0]))
                shown[n++] = nm->name;
    for (i = 0; i < n; i++)
        mg_buf_addf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                    shown[i]);
}

const mg_dialect *
mg_dialect_find(const char *name)
{
    const mg_dialect_row *r = mg_dialect__row(name);

    return r ? r->table : NULL;
}

const char *
mg_dialect_name(const mg_dialect *d)
{
    return d->name;
}

const mg_dialect *
mg_dialect_at(size_t i)
{
    size_t k;

    for (k = 0; k < NROWS; k++)
        if (rows[k].table && i-- == 0)
            return rows[k].table;
    return NULL;
}

const mg_dialect *
mg_dialect_default(void)
{
    size_t i;

    for (i = 0; i < NROWS; i++)
        if (rows[i].table)
            return rows[i].table;
    return NULL;
}
