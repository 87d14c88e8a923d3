/* Deterministic workload generator for the migrate benchmarks.
 *
 *   gen models  -n TABLES    [-s SEED] -o DIR
 *       DIR/models.sql            the model file (generic types, unnamed
 *                                 constraints named by migrate's convention)
 *       DIR/load-sqlite.sql       the same schema as plain DDL for each raw
 *       DIR/load-postgresql.sql   client, every constraint and index named
 *       DIR/load-mariadb.sql      as migrate's naming convention names it
 *       DIR/models-10diff.sql     the model file with exactly 10 changes
 *                                 (4 added columns, 3 dropped columns, 3
 *                                 added indexes), listed in DIR/diffs.txt
 *
 *   gen history -n REVISIONS [-s SEED] -d DIALECT -o DIR
 *       DIR/migrations/versions/<rev>_<slug>.sql   one small DDL step each
 *       DIR/raw-upgrade.sql       the same work for the raw client: per
 *                                 revision one transaction with its DDL and
 *                                 the version-table update + log row, as
 *                                 `migrate upgrade --sql` writes it
 *       DIR/raw-upgrade-1tx.sql   the same in ONE transaction (not for
 *                                 MariaDB), as `upgrade --sql
 *                                 --one-transaction` writes it
 *
 * Same arguments, same bytes: the only randomness is a seeded xorshift. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

static unsigned long long rng_state;

static unsigned long long rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static int pick(int n) { return (int)((rnd() >> 33) % (unsigned long long)n); }

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f)
        die("%s: %s", path, strerror(errno));
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) || fclose(f) != 0)
        die("write error: %s", strerror(errno));
}

static void mkdir_p(const char *path)
{
    char buf[4096];
    size_t i, n = strlen(path);
    if (n >= sizeof buf)
        die("path too long");
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                die("mkdir %s: %s", buf, strerror(errno));
            buf[i] = c;
        }
    }
}

/* ---- dialects ------------------------------------------------------- */

enum { D_SQLITE, D_PG, D_MARIADB, N_DIALECTS };
static const char *dialect_names[N_DIALECTS] = {"sqlite", "postgresql",
                                                "mariadb"};

static int dialect_of(const char *s)
{
    int d;
    for (d = 0; d < N_DIALECTS; d++)
        if (strcmp(s, dialect_names[d]) == 0)
            return d;
    die("unknown dialect '%s' (sqlite, postgresql, mariadb)", s);
    return -1;
}

/* ---- generic types and their rendering per dialect (DESIGN.md §2) ---- */

enum {
    T_INTEGER, T_BIGINT, T_SMALLINT, T_VARCHAR, T_CHAR, T_TEXT, T_BOOLEAN,
    T_DATE, T_TIMESTAMP, T_NUMERIC, T_REAL, T_DOUBLE, T_JSON, T_BLOB, T_UUID,
    N_TYPES
};

/* How often each type appears among the non-key columns. */
static const int type_weight[N_TYPES] = {
    [T_INTEGER] = 14, [T_BIGINT] = 5, [T_SMALLINT] = 4, [T_VARCHAR] = 22,
    [T_CHAR] = 3, [T_TEXT] = 8, [T_BOOLEAN] = 8, [T_DATE] = 5,
    [T_TIMESTAMP] = 10, [T_NUMERIC] = 6, [T_REAL] = 3, [T_DOUBLE] = 3,
    [T_JSON] = 3, [T_BLOB] = 2, [T_UUID] = 4,
};

struct col {
    char name[40];
    int type, a, b; /* a, b: length or precision, scale */
    int not_null;
    int has_default;
};

static void type_sql(char *out, size_t n, const struct col *c, int d)
{
    /* d < 0: the model file's generic spelling */
    switch (c->type) {
    case T_INTEGER: snprintf(out, n, d == D_MARIADB ? "INT" : "INTEGER"); break;
    case T_BIGINT: snprintf(out, n, "BIGINT"); break;
    case T_SMALLINT: snprintf(out, n, "SMALLINT"); break;
    case T_VARCHAR: snprintf(out, n, "VARCHAR(%d)", c->a); break;
    case T_CHAR: snprintf(out, n, "CHAR(%d)", c->a); break;
    case T_TEXT: snprintf(out, n, "TEXT"); break;
    case T_BOOLEAN: snprintf(out, n, d == D_MARIADB ? "BOOL" : "BOOLEAN"); break;
    case T_DATE: snprintf(out, n, "DATE"); break;
    case T_TIMESTAMP: snprintf(out, n, "TIMESTAMP"); break; /* DESIGN 2 */
    case T_NUMERIC:
        snprintf(out, n, d == D_MARIADB ? "DECIMAL(%d,%d)" : "NUMERIC(%d,%d)",
                 c->a, c->b);
        break;
    case T_REAL: snprintf(out, n, d == D_MARIADB ? "FLOAT" : "REAL"); break;
    case T_DOUBLE:
        snprintf(out, n, d < 0 || d == D_MARIADB ? "DOUBLE"
                         : d == D_PG            ? "DOUBLE PRECISION"
                                                : "REAL");
        break;
    case T_JSON: snprintf(out, n, "JSON"); break;
    case T_BLOB:
        snprintf(out, n, d == D_PG ? "BYTEA" : "BLOB");
        break;
    case T_UUID: snprintf(out, n, d == D_SQLITE ? "CHAR(36)" : "UUID"); break;
    }
}

/* A server default, the same literal in every dialect. */
static const char *default_sql(const struct col *c)
{
    switch (c->type) {
    case T_INTEGER: case T_BIGINT: case T_SMALLINT: return "0";
    case T_VARCHAR: return "'none'";
    case T_BOOLEAN: return "FALSE";
    case T_TIMESTAMP: return "CURRENT_TIMESTAMP";
    case T_NUMERIC: return "0";
    default: return NULL;
    }
}

/* ---- models --------------------------------------------------------- */

struct table {
    char name[16];
    int pk_big;
    struct col cols[16];
    int ncols;
    int fk_col, fk_table;  /* -1: none */
    int uq_col;            /* single-column UNIQUE, -1: none */
    int uq2_a, uq2_b;      /* composite UNIQUE, -1: none */
    int ix_col, ix_unique; /* CREATE [UNIQUE] INDEX, -1: none */
};

static unsigned char *pk_big_of; /* per table number, for foreign keys */

static void make_table(struct table *t, int i)
{
    static const char *stems[] = {"name", "code", "label", "amount", "status",
                                  "note", "score", "flag", "kind", "ref",
                                  "title", "value", "level", "owner", "seen"};
    int total = 0, k, j;
    for (k = 0; k < N_TYPES; k++)
        total += type_weight[k];
    snprintf(t->name, sizeof t->name, "t%04d", i);
    t->pk_big = pick(8) == 0;
    pk_big_of[i] = (unsigned char)t->pk_big;
    t->ncols = 8 + pick(5); /* 8..12 besides id, about 10 on average */
    t->fk_col = t->fk_table = t->uq_col = t->uq2_a = t->uq2_b = -1;
    t->ix_col = -1;
    t->ix_unique = 0;
    for (j = 0; j < t->ncols; j++) {
        struct col *c = &t->cols[j];
        int r = pick(total);
        for (k = 0; r >= type_weight[k]; k++)
            r -= type_weight[k];
        c->type = k;
        c->a = c->b = 0;
        if (k == T_VARCHAR) c->a = (int[]){20, 50, 100, 255}[pick(4)];
        if (k == T_CHAR) c->a = (int[]){2, 3, 8}[pick(3)];
        if (k == T_NUMERIC) { c->a = 8 + pick(11); c->b = pick(5); }
        snprintf(c->name, sizeof c->name, "%s_%d",
                 stems[pick((int)(sizeof stems / sizeof *stems))], j + 1);
        c->not_null = pick(2);
        c->has_default = default_sql(c) && pick(4) == 0;
    }
    /* About a third refer to an earlier table (the first column becomes
     * the referencing one). */
    if (i > 1 && pick(3) == 0) {
        struct col *c = &t->cols[0];
        t->fk_col = 0;
        t->fk_table = 1 + pick(i - 1);
        snprintf(c->name, sizeof c->name, "t%04d_id", t->fk_table);
        c->type = pk_big_of[t->fk_table] ? T_BIGINT : T_INTEGER;
        c->has_default = 0;
    }
    /* Unique constraints on a VARCHAR column, a composite one sometimes. */
    for (j = 1; j < t->ncols; j++)
        if (t->cols[j].type == T_VARCHAR && pick(3) == 0) {
            t->uq_col = j;
            break;
        }
    if (pick(6) == 0) {
        t->uq2_a = 1 + pick(t->ncols - 1);
        t->uq2_b = 1 + pick(t->ncols - 1);
        if (t->uq2_a == t->uq2_b || t->uq2_a == t->uq_col ||
            t->cols[t->uq2_a].type == T_TEXT || t->cols[t->uq2_b].type == T_TEXT ||
            t->cols[t->uq2_a].type == T_BLOB || t->cols[t->uq2_b].type == T_BLOB ||
            t->cols[t->uq2_a].type == T_JSON || t->cols[t->uq2_b].type == T_JSON)
            t->uq2_a = t->uq2_b = -1;
    }
    /* Indexes: every foreign key column, else half the tables on some
     * indexable column. */
    if (t->fk_col >= 0) {
        t->ix_col = t->fk_col;
    } else if (pick(2) == 0) {
        j = 1 + pick(t->ncols - 1);
        k = t->cols[j].type;
        if (k != T_TEXT && k != T_BLOB && k != T_JSON && j != t->uq_col) {
            t->ix_col = j;
            t->ix_unique = pick(5) == 0;
        }
    }
}

enum { DIFF_NONE, DIFF_ADD_COLUMN, DIFF_DROP_COLUMN, DIFF_ADD_INDEX };

/* May the last column go (nothing refers to it, and it is nullable, so
 * that the downgrade can add it back)? */
static int last_droppable(const struct table *t)
{
    int j = t->ncols - 1;
    return j != t->fk_col && j != t->uq_col && j != t->uq2_a &&
           j != t->uq2_b && j != t->ix_col && !t->cols[j].not_null;
}

static void write_table_diff(FILE *f, const struct table *t, int d, int diff)
{
    /* d < 0: model file. Models leave names to the naming convention;
     * the raw DDL spells each name out. diff: a change to make (models). */
    char ty[64];
    int j, ncols = t->ncols - (diff == DIFF_DROP_COLUMN);
    const char *q = d == D_MARIADB ? "`" : "\"";
    fprintf(f, "CREATE TABLE %s (\n", t->name);
    if (d < 0)
        fprintf(f, "    id %s PRIMARY KEY", t->pk_big ? "BIGINT" : "INTEGER");
    else if (d == D_SQLITE)
        fprintf(f, "    id INTEGER PRIMARY KEY");
    else if (d == D_PG)
        fprintf(f, "    id %s GENERATED BY DEFAULT AS IDENTITY",
                t->pk_big ? "BIGINT" : "INTEGER");
    else
        fprintf(f, "    id %s AUTO_INCREMENT", t->pk_big ? "BIGINT" : "INT");
    for (j = 0; j < ncols; j++) {
        const struct col *c = &t->cols[j];
        type_sql(ty, sizeof ty, c, d);
        fprintf(f, ",\n    %s %s", c->name, ty);
        if (c->not_null)
            fprintf(f, " NOT NULL");
        if (c->has_default)
            fprintf(f, " DEFAULT %s", default_sql(c));
        if (d < 0 && j == t->uq_col)
            fprintf(f, " UNIQUE");
        if (d < 0 && j == t->fk_col)
            fprintf(f, " REFERENCES t%04d (id) ON DELETE CASCADE", t->fk_table);
    }
    if (d == D_PG)
        fprintf(f, ",\n    CONSTRAINT pk_%s PRIMARY KEY (id)", t->name);
    else if (d == D_MARIADB)
        fprintf(f, ",\n    PRIMARY KEY (id)");
    if (d >= 0 && t->uq_col >= 0)
        fprintf(f, ",\n    CONSTRAINT %suq_%s_%s%s UNIQUE (%s)", q, t->name,
                t->cols[t->uq_col].name, q, t->cols[t->uq_col].name);
    if (t->uq2_a >= 0) {
        if (d < 0)
            fprintf(f, ",\n    UNIQUE (%s, %s)", t->cols[t->uq2_a].name,
                    t->cols[t->uq2_b].name);
        else
            fprintf(f, ",\n    CONSTRAINT %suq_%s_%s%s UNIQUE (%s, %s)", q,
                    t->name, t->cols[t->uq2_a].name, q, t->cols[t->uq2_a].name,
                    t->cols[t->uq2_b].name);
    }
    if (d >= 0 && t->fk_col >= 0)
        fprintf(f, ",\n    CONSTRAINT %sfk_%s_%s_t%04d%s FOREIGN KEY (%s) "
                   "REFERENCES t%04d (id) ON DELETE CASCADE",
                q, t->name, t->cols[t->fk_col].name, t->fk_table, q,
                t->cols[t->fk_col].name, t->fk_table);
    if (diff == DIFF_ADD_COLUMN)
        fprintf(f, ",\n    bench_new INTEGER");
    fprintf(f, "\n)%s;\n", d == D_MARIADB ? " ENGINE=InnoDB" : "");
    if (t->ix_col >= 0)
        fprintf(f, "CREATE %sINDEX ix_%s_%s ON %s (%s);\n",
                t->ix_unique ? "UNIQUE " : "", t->name, t->cols[t->ix_col].name,
                t->name, t->cols[t->ix_col].name);
    if (diff == DIFF_ADD_INDEX)
        fprintf(f, "CREATE INDEX ix_%s_bench ON %s (id);\n", t->name,
                t->name);
}

static void write_table(FILE *f, const struct table *t, int d)
{
    write_table_diff(f, t, d, DIFF_NONE);
}

static void gen_models(int n, const char *dir)
{
    FILE *out[N_DIALECTS + 1], *diff_out, *diffs;
    struct table t;
    int i, d, cols = 0, fks = 0, ixs = 0, uqs = 0, k = 0;
    char name[64];
    pk_big_of = calloc((size_t)n + 1, 1);
    if (!pk_big_of)
        die("out of memory");
    mkdir_p(dir);
    out[0] = open_out(dir, "models.sql");
    for (d = 0; d < N_DIALECTS; d++) {
        snprintf(name, sizeof name, "load-%s.sql", dialect_names[d]);
        out[d + 1] = open_out(dir, name);
    }
    diff_out = open_out(dir, "models-10diff.sql");
    diffs = open_out(dir, "diffs.txt");
    if (n < 20)
        die("models: at least 20 tables (10 of them get changed)");
    fprintf(out[0], "-- generated by bench/gen: %d tables\n", n);
    fprintf(diff_out, "-- generated by bench/gen: %d tables, 10 changed\n", n);
    fprintf(out[D_PG + 1], "BEGIN;\n");
    fprintf(out[D_SQLITE + 1], "BEGIN;\n");
    for (i = 1; i <= n; i++) {
        make_table(&t, i);
        cols += t.ncols + 1;
        fks += t.fk_col >= 0;
        ixs += t.ix_col >= 0;
        uqs += (t.uq_col >= 0) + (t.uq2_a >= 0);
        for (d = -1; d < N_DIALECTS; d++)
            write_table(out[d + 1], &t, d);
        /* The 10 changes: spread over the tables, k-th at or after table
         * (k + 1) * n / 11; a dropped column must be one nothing refers
         * to, so that kind waits for a table where that holds. */
        {
            int diff = DIFF_NONE;
            if (k < 10 && i >= (k + 1) * n / 11) {
                diff = k < 4 ? DIFF_ADD_COLUMN
                       : k < 7 ? DIFF_DROP_COLUMN : DIFF_ADD_INDEX;
                if (diff == DIFF_DROP_COLUMN && !last_droppable(&t))
                    diff = DIFF_NONE;
            }
            write_table_diff(diff_out, &t, -1, diff);
            if (diff != DIFF_NONE) {
                fprintf(diffs, "%s %s\n", t.name,
                        diff == DIFF_ADD_COLUMN ? "add column bench_new"
                        : diff == DIFF_DROP_COLUMN ? "drop column"
                                                   : "add index ix_bench");
                if (diff == DIFF_DROP_COLUMN)
                    fprintf(diffs, "  (column %s)\n",
                            t.cols[t.ncols - 1].name);
                k++;
            }
        }
    }
    if (k != 10)
        die("models: placed %d of the 10 changes", k);
    close_out(diff_out);
    close_out(diffs);
    fprintf(out[D_PG + 1], "COMMIT;\n");
    fprintf(out[D_SQLITE + 1], "COMMIT;\n");
    for (d = 0; d <= N_DIALECTS; d++)
        close_out(out[d]);
    printf("%d tables, %d columns, %d foreign keys, %d unique constraints, "
           "%d indexes\n", n, cols, fks, uqs, ixs);
}

/* ---- revision histories --------------------------------------------- */

static void gen_history(int n, int d, const char *dir)
{
    char vdir[4096], path[4200], prev[16] = "", rev[16], up[1024], down[1024];
    const char *ts = d == D_PG ? "TIMESTAMP" : "DATETIME";
    const char *vq = d == D_MARIADB ? "`" : "\"";
    const char *now = d == D_SQLITE ? "strftime('%Y-%m-%d %H:%M:%f', 'now')"
                      : d == D_PG   ? "(now() AT TIME ZONE 'utc')"
                                    : "UTC_TIMESTAMP(6)";
    const char *pk = d == D_SQLITE ? "INTEGER PRIMARY KEY"
                     : d == D_PG   ? "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                                   : "INT AUTO_INCREMENT PRIMARY KEY";
    FILE *raw, *raw1, *f;
    int i, last_table = 0;
    snprintf(vdir, sizeof vdir, "%s/migrations/versions", dir);
    mkdir_p(vdir);
    raw = open_out(dir, "raw-upgrade.sql");
    raw1 = d == D_MARIADB ? NULL : open_out(dir, "raw-upgrade-1tx.sql");
    for (int pass = 0; pass < 2; pass++) {
    FILE *o = pass ? raw1 : raw;
    if (!o)
        continue;
    fprintf(o,
            "CREATE TABLE IF NOT EXISTS %smigrate_version%s (version_num "
            "VARCHAR(32) NOT NULL PRIMARY KEY);\n"
            "CREATE TABLE IF NOT EXISTS %smigrate_version_log%s (id %s, "
            "revision VARCHAR(32) NOT NULL, direction VARCHAR(16) NOT NULL, "
            "checksum VARCHAR(64), applied_at %s NOT NULL, duration_ms "
            "INTEGER NOT NULL);\n",
            vq, vq, vq, vq,
            d == D_SQLITE ? "INTEGER PRIMARY KEY"
            : d == D_PG   ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                          : "BIGINT AUTO_INCREMENT PRIMARY KEY",
            ts);
    }
    if (raw1)
        fprintf(raw1, "BEGIN;\n");
    for (i = 1; i <= n; i++) {
        /* Four kinds of small step, in turn: create a table, add a column
         * to it, index it, create a table referring to the previous one. */
        int t = last_table;
        snprintf(rev, sizeof rev, "%012llx", rnd() >> 16);
        switch (i % 4) {
        case 1:
            t = i;
            snprintf(up, sizeof up,
                     "CREATE TABLE h%04d (\n    id %s,\n    name VARCHAR(50) "
                     "NOT NULL,\n    created_at %s\n);",
                     t, pk, ts);
            snprintf(down, sizeof down, "DROP TABLE h%04d;", t);
            break;
        case 2:
            snprintf(up, sizeof up,
                     "ALTER TABLE h%04d ADD COLUMN note_%d VARCHAR(100);", t, i);
            snprintf(down, sizeof down, "ALTER TABLE h%04d DROP COLUMN note_%d;",
                     t, i);
            break;
        case 3:
            snprintf(up, sizeof up, "CREATE INDEX ix_h%04d_name ON h%04d (name);",
                     t, t);
            snprintf(down, sizeof down, d == D_MARIADB
                         ? "DROP INDEX ix_h%04d_name ON h%04d;"
                         : "DROP INDEX ix_h%04d_name;", t, t);
            break;
        default:
            t = i;
            snprintf(up, sizeof up,
                     "CREATE TABLE h%04d (\n    id %s,\n    h%04d_id INTEGER "
                     "NOT NULL REFERENCES h%04d (id),\n    amount NUMERIC(10,2)"
                     "\n);",
                     t, pk, last_table, last_table);
            snprintf(down, sizeof down, "DROP TABLE h%04d;", t);
            break;
        }
        last_table = t;
        snprintf(path, sizeof path, "%s/%s_step_%04d.sql", vdir, rev, i);
        f = fopen(path, "w");
        if (!f)
            die("%s: %s", path, strerror(errno));
        fprintf(f,
                "-- revision: %s\n-- down_revision: %s\n-- message: step %04d\n"
                "-- created: 2026-01-01 %02d:%02d:%02d+00:00\n-- dialect: %s\n\n"
                "-- +upgrade\n%s\n\n-- +downgrade\n%s\n",
                rev, prev, i, i / 3600 % 24, i / 60 % 60, i % 60,
                dialect_names[d], up, down);
        close_out(f);

        /* The raw client does the same: DDL and version update in one
         * transaction (MariaDB: DDL commits by itself, then the record). */
        fprintf(raw, "\n-- upgrade %s\n", rev);
        if (d == D_MARIADB)
            fprintf(raw, "%s\nSTART TRANSACTION;\n", up);
        else
            fprintf(raw, "BEGIN;\n%s\n", up);
        if (prev[0])
            fprintf(raw, "UPDATE %smigrate_version%s SET version_num = '%s' "
                         "WHERE version_num = '%s';\n", vq, vq, rev, prev);
        else
            fprintf(raw, "INSERT INTO %smigrate_version%s (version_num) "
                         "VALUES ('%s');\n", vq, vq, rev);
        fprintf(raw,
                "INSERT INTO %smigrate_version_log%s (revision, direction, "
                "checksum, applied_at, duration_ms) VALUES ('%s', 'upgrade', "
                "'%064llx', %s, 0);\nCOMMIT;\n",
                vq, vq, rev, (unsigned long long)i, now);
        if (raw1) {
            /* the same statements, without a transaction per step */
            fprintf(raw1, "\n-- upgrade %s\n%s\n", rev, up);
            if (prev[0])
                fprintf(raw1, "UPDATE %smigrate_version%s SET version_num = "
                              "'%s' WHERE version_num = '%s';\n",
                        vq, vq, rev, prev);
            else
                fprintf(raw1, "INSERT INTO %smigrate_version%s (version_num) "
                              "VALUES ('%s');\n", vq, vq, rev);
            fprintf(raw1,
                    "INSERT INTO %smigrate_version_log%s (revision, "
                    "direction, checksum, applied_at, duration_ms) VALUES "
                    "('%s', 'upgrade', '%064llx', %s, 0);\n",
                    vq, vq, rev, (unsigned long long)i, now);
        }
        memcpy(prev, rev, sizeof prev);
    }
    close_out(raw);
    if (raw1) {
        fprintf(raw1, "COMMIT;\n");
        close_out(raw1);
    }
    printf("%d revisions (%s), head %s\n", n, dialect_names[d], prev);
}

int main(int argc, char **argv)
{
    const char *mode, *dir = NULL, *dialect = "sqlite";
    long n = -1;
    unsigned long long seed = 42;
    int i;
    if (argc < 2)
        goto usage;
    mode = argv[1];
    for (i = 2; i < argc; i++) {
        if (i + 1 >= argc)
            goto usage;
        if (strcmp(argv[i], "-n") == 0)
            n = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-s") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-o") == 0)
            dir = argv[++i];
        else if (strcmp(argv[i], "-d") == 0)
            dialect = argv[++i];
        else
            goto usage;
    }
    if (n < 1 || n > 99999 || !dir)
        goto usage;
    rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
    if (strcmp(mode, "models") == 0)
        gen_models((int)n, dir);
    else if (strcmp(mode, "history") == 0)
        gen_history((int)n, dialect_of(dialect), dir);
    else
        goto usage;
    return 0;
usage:
    fputs("usage: gen models -n TABLES [-s SEED] -o DIR\n"
          "       gen history -n REVISIONS [-s SEED] -d sqlite|postgresql|mariadb"
          " -o DIR\n", stderr);
    return 2;
}
