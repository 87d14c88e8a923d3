/* check_property.c - the autogenerate property, on every dialect with a
 * database to run on: for generated pairs of schemas (A, B) from a fixed
 * seed, with rows in A, the upgrade autogenerate writes takes a database
 * holding A to exactly B (compared by reflection) keeping every surviving
 * column's values, and the downgrade takes it back to exactly A. SQLite
 * runs in memory; PostgreSQL and MariaDB run on a fresh database of the
 * test servers (MIGRATE_TEST_PG_URL, MIGRATE_TEST_MARIADB_URL), where type
 * changes stay within a family the server can cast. A failing case prints
 * its seed and both schemas. The schemas also hold views (one reading
 * another) and triggers (on PostgreSQL with the function they call),
 * which come and go and stay exact across SQLite's rebuilds of their
 * tables; and issue 19's column properties: a generated column, a
 * comment and a collation, and on MariaDB the table's options (a default
 * character set and a comment, which change). On PostgreSQL an enum type
 * (its labels added and reordered, a column of t0 using it) and on PostgreSQL
 * and MariaDB a sequence, which come, go and change. A server compares
 * the models' objects in its own form (catalog.server_form), and
 * decides on the expressions whose text differs (settle.c: a CHECK over
 * g that PostgreSQL or MariaDB writes in its own words), as autogenerate
 * does. MIGRATE_PROPERTY_SEED=N replays one case,
 * MIGRATE_PROPERTY_CASES sets how many run (default 2000 on SQLite,
 * 120 on a server, whose cases take a second or more each). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "testdb.h"
#include "metadata_io_int.h"
#include "engine_int.h"
#include "settle_int.h"
#include "mg_dialect.h"

#define MAX_TABLES 4
#define MAX_COLS 6
#define ROWS 5

typedef struct col {
    char name[8];
    int  type;        /* index into type_names */
    int  not_null;    /* NOT NULL (always with a default) */
    int  has_default;
    int  unique;
    int  indexed;
    int  checked;
    int  fk;          /* referenced table index + 1, 0 for none */
} col;

typedef struct table {
    int present;
    int ncols;
    col cols[MAX_COLS];
    int view;         /* SQLite: v<i> reads it (and w<i> reads v<i>) */
    int trigger;      /* trigger tr<i> on it (props->trigger) */
    int gen;          /* generated column g over b (every table has b:
                       * MariaDB refuses one over an AUTO_INCREMENT id):
                       * gen_variants[gen - 1]; 0: none */
    int gen_indexed;  /* ix_t<i>_g over g, when g is there */
    int gen_checked;  /* ck_t<i>_g, a CHECK naming g, when g is there:
                       * gen_checks[gen_checked - 1] (0: none) */
    int comment;      /* id's comment: 1 'first', 2 'it''s second'; 0:
                       * none */
    int collation;    /* c0's collation when it is a string,
                       * props->collations[n - 1]; 0: none */
    int options;      /* the table's options,
                       * props->table_options[n - 1]; 0: none */
} table;

typedef struct schema {
    table t[MAX_TABLES];
    int enum_labels;  /* PostgreSQL: type mood, labels enum_variants[n-1];
                       * 0: none */
    int enum_used;    /* t0 has a column m of type mood */
    int seq;          /* sequence sq, seq_variants[n-1]; 0: none */
} schema;

/* Every variant holds 'a' (the value rows of column m hold): a change
 * adds a label, reorders them or both. */
static const char *const enum_variants[] = {
    "'a', 'b'", "'a', 'b', 'c'", "'b', 'a'", "'c', 'a', 'b'"
};
static const char *const seq_variants[] = {
    "START WITH 10", "START WITH 10 INCREMENT BY 2",
    "START WITH 10 INCREMENT BY 5 MAXVALUE 100000"
};

/* The column properties of issue 19 as each dialect spells them: a
 * generated column (the same on all three), a comment (none on SQLite)
 * and a collation. */
static const char *const gen_variants[] = {
    "GENERATED ALWAYS AS (b * 2) STORED", "GENERATED ALWAYS AS (b + 1) STORED"
};
/* The CHECKs over g: the last two are the ones a server writes in its
 * own words (PostgreSQL: g >= 0 AND g <= 1000000; MariaDB: !(g < 0)),
 * which compare equal only as the server decides (settle.c). */
static const char *const gen_checks[] = {
    "g >= 0", "g BETWEEN 0 AND 1000000", "NOT (g < 0)"
};
typedef struct dialect_props {
    const char *name;
    int         inline_comment;   /* COMMENT 'x' on the column */
    int         comment_on;       /* COMMENT ON COLUMN t.c IS 'x' */
    const char *collations[2];
    const char *trigger;          /* tr<i> on t<i> (%d twice) */
    const char *trigger_function; /* what the triggers call, once; NULL:
                                   * none */
    const char *table_options[3]; /* after CREATE TABLE's ')'; NULL:
                                   * none compared */
} dialect_props;
static const dialect_props all_props[] = {
    { "sqlite", 0, 0, { "COLLATE NOCASE", "COLLATE RTRIM" },
      "CREATE TRIGGER tr%d AFTER UPDATE ON t%d\n"
      "BEGIN\n    SELECT CASE WHEN NEW.id < 0 THEN RAISE(ABORT, 'x;y') "
      "END;\nEND;\n", NULL, { NULL, NULL, NULL } },
    { "postgresql", 0, 1, { "COLLATE \"C\"", "COLLATE \"POSIX\"" },
      "CREATE TRIGGER tr%d AFTER UPDATE ON t%d FOR EACH ROW "
      "EXECUTE FUNCTION trf();\n",
      "CREATE FUNCTION trf() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN\n    IF NEW.id < 0 THEN RAISE EXCEPTION 'x;y'; END IF;\n"
      "    RETURN NEW;\nEND\n$$;\n", { NULL, NULL, NULL } },
    { "mariadb", 1, 0, { "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                         "CHARACTER SET utf8mb4 COLLATE "
                         "utf8mb4_general_ci" },
      "CREATE TRIGGER tr%d AFTER UPDATE ON t%d FOR EACH ROW "
      "SET @x = NEW.id;\n", NULL,
      { "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='t'",
        "DEFAULT CHARSET=latin1", "COMMENT='it''s'" } },
};
/* The properties of the dialect under test. */
static const dialect_props *props = &all_props[0];

static void
use_dialect(const mg_dialect *d)
{
    size_t i;

    props = &all_props[0];
    for (i = 0; i < sizeof(all_props) / sizeof(all_props[0]); i++)
        if (strcmp(mg_dialect_name(d), all_props[i].name) == 0)
            props = &all_props[i];
}

static const char *const type_names[] = {
    "INTEGER", "BIGINT", "VARCHAR(40)", "VARCHAR(80)", "TEXT", "BOOLEAN",
    "NUMERIC(10,2)", "REAL", "DATE", "TIMESTAMP", "SMALLINT"
};
#define NTYPES (int)(sizeof(type_names) / sizeof(type_names[0]))

static uint64_t rng;

/* 1 when a server dialect can cast every generated value of type a to b:
 * a change within a family. SQLite takes any change. */
static int cast_anything = 1;
/* The object kinds of the dialect under test (catalog.object_kinds). */
static unsigned int kinds;
#define HAS_KIND(k) ((kinds & MG_OBJ_BIT(k)) != 0)

static int
type_family(int t)
{
    switch (t) {
    case 0: case 1: case 10: return 0;   /* integers */
    case 2: case 3: case 4: return 1;    /* strings */
    case 6: case 7: return 2;            /* numbers */
    case 8: return 3;                    /* dates (a timestamp does not */
    case 9: return 5;                    /* fit a date in strict modes) */
    default: return 4;                   /* boolean */
    }
}

static uint32_t
next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static int
pick(int n)
{
    return (int)(next() % (uint32_t)n);
}

static void
random_col(col *c, int idx, int ntables_before)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "c%d", idx);
    c->type = pick(NTYPES);
    c->not_null = pick(3) == 0;
    c->has_default = c->not_null || pick(4) == 0;
    c->unique = pick(6) == 0;
    c->indexed = !c->unique && pick(5) == 0;
    c->checked = pick(6) == 0;
    if (ntables_before && pick(4) == 0) {
        c->fk = 1 + pick(ntables_before);
        c->type = 0;   /* references an INTEGER id */
        c->not_null = 0;
        c->has_default = 0;
        c->checked = 0;
    }
}

static void
random_schema(schema *s)
{
    int i, k;

    memset(s, 0, sizeof(*s));
    for (i = 0; i < MAX_TABLES; i++) {
        s->t[i].present = i == 0 || pick(3) != 0;
        s->t[i].ncols = 1 + pick(MAX_COLS - 1);
        for (k = 0; k < s->t[i].ncols; k++)
            random_col(&s->t[i].cols[k], k, i);
        /* schema objects: views and triggers on every dialect (a
         * server's keys are its form of them) */
        s->t[i].view = HAS_KIND(MG_OBJ_VIEW) ? pick(3) : 0;
        s->t[i].trigger = HAS_KIND(MG_OBJ_TRIGGER) ? pick(2) : 0;
        s->t[i].gen = pick(3);
        s->t[i].gen_indexed = pick(2);
        s->t[i].gen_checked = pick(4);
        s->t[i].comment = props->inline_comment || props->comment_on
                          ? pick(3) : 0;
        s->t[i].collation = pick(3);
        s->t[i].options = props->table_options[0] ? pick(4) : 0;
    }
    if (HAS_KIND(MG_OBJ_ENUM)) {
        s->enum_labels = pick(5);
        s->enum_used = s->enum_labels && pick(2);
    }
    if (HAS_KIND(MG_OBJ_SEQUENCE))
        s->seq = pick(4);
}

/* An enum or a sequence comes, goes or changes. */
static void
mutate_pre_objects(schema *b)
{
    if (HAS_KIND(MG_OBJ_ENUM) && (!HAS_KIND(MG_OBJ_SEQUENCE) || pick(2))) {
        b->enum_labels = pick(5);
        b->enum_used = b->enum_labels && pick(2);
    } else {
        b->seq = pick(4);
    }
}

/* Keep every generated schema reachable from any other with the rows
 * kept: booleans hold two values, so are never unique over ROWS rows; a
 * unique column is nullable without default, so re-adding it (after B
 * dropped it) fills NULLs, which never collide. */
static void
fix_schema(schema *s)
{
    int i, k;

    for (i = 0; i < MAX_TABLES; i++)
        for (k = 0; k < MAX_COLS; k++) {
            col *c = &s->t[i].cols[k];
            if (c->type == 5)
                c->unique = 0;
            if (c->type == 4)     /* MariaDB keys TEXT only by prefix */
                c->unique = c->indexed = 0;
            if (c->unique) {
                c->not_null = 0;
                c->has_default = 0;
            }
            /* no dormant reference that a table appearing in B would
             * wake up over rows that do not match it */
            if (c->fk && !s->t[c->fk - 1].present)
                c->fk = 0;
        }
}

/* A column B makes unique must hold unique values already: not one that
 * was boolean in A. */
static void
fix_pair(const schema *a, schema *b)
{
    int i, k;

    for (i = 0; i < MAX_TABLES; i++)
        for (k = 0; k < MAX_COLS && k < a->t[i].ncols; k++)
            if (a->t[i].present && a->t[i].cols[k].type == 5)
                b->t[i].cols[k].unique = 0;
}

/* 1 when a present table other than ti has a foreign key to ti. */
static int
referenced(const schema *s, int ti)
{
    int i, k;

    for (i = 0; i < MAX_TABLES; i++)
        for (k = 0; i != ti && s->t[i].present && k < s->t[i].ncols; k++)
            if (s->t[i].cols[k].fk == ti + 1)
                return 1;
    return 0;
}

/* B from A: a few mutations of every kind; where the dialect compares
 * table options, one table's change in every other case (each costs the
 * server a copy of the table). */
static void
mutate(schema *b)
{
    int n = 1 + pick(4), m;

    if (props->table_options[0] && pick(2)) {
        m = pick(MAX_TABLES);
        b->t[m].options = (b->t[m].options + 1 + pick(3)) % 4;
    }

    for (m = 0; m < n; m++) {
        int ti = pick(MAX_TABLES);
        table *t = &b->t[ti];
        col *c;
        if (!cast_anything && (HAS_KIND(MG_OBJ_ENUM) ||
                               HAS_KIND(MG_OBJ_SEQUENCE)) && pick(5) == 0) {
            mutate_pre_objects(b);
            continue;
        }
        if (ti > 0 && pick(6) == 0) {
            /* add or drop a table; on a server a table others refer to
             * stays: its downgrade could not bring the rows back that
             * their foreign keys need */
            if (cast_anything || !t->present || !referenced(b, ti))
                t->present = !t->present;
            continue;
        }
        if (!t->present)
            continue;
        c = &t->cols[pick(t->ncols)];
        if (HAS_KIND(MG_OBJ_VIEW) && pick(8) == 0) {
            /* a view (and one reading it) or a trigger comes or goes */
            if (!HAS_KIND(MG_OBJ_TRIGGER) || pick(2))
                t->view = (t->view + 1 + pick(2)) % 3;
            else
                t->trigger = !t->trigger;
            continue;
        }
        switch (pick(13)) {
        case 9:
            t->gen = (t->gen + 1 + pick(2)) % 3;
            break;
        case 10:
            if (pick(2))
                t->gen_indexed = !t->gen_indexed;
            else
                t->gen_checked = (t->gen_checked + 1 + pick(3)) % 4;
            break;
        case 11:
            if (props->inline_comment || props->comment_on)
                t->comment = (t->comment + 1 + pick(2)) % 3;
            break;
        case 12:
            t->collation = (t->collation + 1 + pick(2)) % 3;
            break;
        case 0:
            if (t->ncols < MAX_COLS) {
                random_col(&t->cols[t->ncols], t->ncols, ti);
                t->ncols++;
            }
            break;
        case 1:
            if (t->ncols > 1)
                t->ncols--;             /* drop the last column */
            break;
        case 2:
            if (!c->fk) {
                int to = pick(NTYPES);
                if (cast_anything || type_family(to) == type_family(c->type))
                    c->type = to;
            }
            break;
        case 3:
            if (!c->fk) {
                c->not_null = !c->not_null;
                c->has_default = c->has_default || c->not_null;
            }
            break;
        case 4:
            if (!c->not_null && !c->fk)
                c->has_default = !c->has_default;
            break;
        case 5:
            c->unique = !c->unique;
            c->indexed = 0;
            break;
        case 6:
            c->indexed = !c->indexed;
            c->unique = 0;
            break;
        case 7:
            if (!c->fk)
                c->checked = !c->checked;
            break;
        case 8:
            /* a server checks existing rows against a new foreign key:
             * only SQLite may turn a column of other values into one */
            if (ti > 0 && (cast_anything || c->fk)) {
                c->fk = c->fk ? 0 : 1 + pick(ti);
                if (c->fk) {
                    c->type = 0;
                    c->not_null = 0;
                    c->has_default = 0;
                    c->checked = 0;
                }
            }
            break;
        }
    }
}

static const char *
default_for(int type)
{
    switch (type) {
    case 0: case 1: case 10: return "7";
    case 5: return "FALSE";
    case 6: case 7: return "1.5";
    case 8: return "'2026-01-01'";
    case 9: return "CURRENT_TIMESTAMP";
    default: return "'x'";
    }
}

static void
render_models(const schema *s, mg_buf *b)
{
    int i, k;

    if (s->enum_labels)
        mg_buf_addf(b, "CREATE TYPE mood AS ENUM (%s);\n",
                    enum_variants[s->enum_labels - 1]);
    if (s->seq)
        mg_buf_addf(b, "CREATE SEQUENCE sq %s;\n", seq_variants[s->seq - 1]);
    for (i = 0; props->trigger_function && i < MAX_TABLES; i++)
        if (s->t[i].present && s->t[i].trigger) {
            mg_buf_puts(b, props->trigger_function);
            break;
        }
    for (i = 0; i < MAX_TABLES; i++) {
        const table *t = &s->t[i];
        if (!t->present)
            continue;
        mg_buf_addf(b, "CREATE TABLE t%d (\n    id INTEGER PRIMARY KEY", i);
        if (t->comment && props->inline_comment)
            mg_buf_addf(b, " COMMENT '%s'", t->comment == 1 ? "first"
                                                           : "it''s second");
        for (k = 0; k < t->ncols; k++) {
            const col *c = &t->cols[k];
            mg_buf_addf(b, ",\n    %s %s", c->name, type_names[c->type]);
            if (k == 0 && t->collation && type_family(c->type) == 1)
                mg_buf_addf(b, " %s", props->collations[t->collation - 1]);
            if (c->not_null)
                mg_buf_puts(b, " NOT NULL");
            if (c->has_default)
                mg_buf_addf(b, " DEFAULT %s", default_for(c->type));
            if (c->unique)
                mg_buf_puts(b, " UNIQUE");
            if (c->fk && s->t[c->fk - 1].present)
                mg_buf_addf(b, " REFERENCES t%d (id)%s", c->fk - 1,
                            (i + k) % 2 ? " ON DELETE CASCADE" : "");
            if (c->checked)
                mg_buf_addf(b, " CHECK (%s IS NOT NULL OR %s IS NULL)",
                            c->name, c->name);
        }
        if (i == 0 && s->enum_used)
            mg_buf_puts(b, ",\n    m mood");
        mg_buf_puts(b, ",\n    b INTEGER");
        if (t->gen)
            mg_buf_addf(b, ",\n    g INTEGER %s", gen_variants[t->gen - 1]);
        if (t->gen && t->gen_checked)
            mg_buf_addf(b, ",\n    CONSTRAINT ck_t%d_g CHECK (%s)", i,
                        gen_checks[t->gen_checked - 1]);
        mg_buf_puts(b, "\n)");
        if (t->options)
            mg_buf_addf(b, " %s", props->table_options[t->options - 1]);
        mg_buf_puts(b, ";\n");
        if (t->gen && t->gen_indexed)
            mg_buf_addf(b, "CREATE INDEX ix_t%d_g ON t%d (g);\n", i, i);
        if (t->comment && props->comment_on)
            mg_buf_addf(b, "COMMENT ON COLUMN t%d.id IS '%s';\n", i,
                        t->comment == 1 ? "first" : "it''s second");
        for (k = 0; k < t->ncols; k++)
            if (t->cols[k].indexed)
                mg_buf_addf(b, "CREATE INDEX ix_t%d_%s ON t%d (%s);\n", i,
                            t->cols[k].name, i, t->cols[k].name);
        /* the view over the first column too: a rebuild that changes
         * it re-creates the views */
        if (t->view)
            mg_buf_addf(b, "CREATE VIEW v%d AS SELECT id, %s FROM t%d;\n",
                        i, t->cols[0].name, i);
        if (t->view == 2)
            mg_buf_addf(b, "CREATE VIEW w%d AS SELECT id FROM v%d "
                        "WHERE id > 0;\n", i, i);
        if (t->trigger)
            mg_buf_addf(b, props->trigger, i, i);
    }
}

/* Row values: unique per column, valid for every type. */
static void
value_for(mg_buf *b, int type, int row, int colno)
{
    switch (type) {
    case 5:
        mg_buf_puts(b, row % 2 ? "TRUE" : "FALSE");
        break;
    case 8:
        mg_buf_addf(b, "'2026-01-%02d'", row + 1 + colno);
        break;
    case 9:
        mg_buf_addf(b, "'2026-01-01 00:00:%02d'", row + colno);
        break;
    case 6: case 7:
        mg_buf_addf(b, "%d.25", row * 10 + colno);
        break;
    case 0: case 1: case 10:
        mg_buf_addf(b, "%d", row * 10 + colno + 1);
        break;
    default:
        mg_buf_addf(b, "'v%d_%d'", row, colno);
    }
}


/* A reflected schema goes through the replay cache's text form field
 * for field: dumped, read back and dumped again, the text is the same. */
static int
cache_form_exact(const mg_metadata *md)
{
    mg_buf a = MG_BUF_INIT, b = MG_BUF_INIT;
    mg_metadata *back = NULL;
    int same;

    same = mg_metadata__dump(&a, md) == 0 &&
           mg_metadata__undump(&back, a.ptr, a.len, NULL) == 0 &&
           mg_metadata__dump(&b, back) == 0 && a.len == b.len &&
           memcmp(a.ptr, b.ptr, a.len) == 0;
    mg_metadata_free(back);
    mg_buf_release(&a);
    mg_buf_release(&b);
    return same;
}

/* The keys of md's objects in e's server's own form, as autogenerate
 * and check give a model's (a server rewrites a view's query). */
static int
server_form(mg_engine *e, mg_metadata *md, mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(e);

    if (!d->catalog.server_form || mg_metadata_object_count(md) == 0)
        return 0;
    return d->catalog.server_form(mg_engine__conn(e), md, err);
}

static int
diff_count(mg_engine *e, mg_metadata *want, mg_buf *why)
{
    mg_metadata *got = NULL;
    mg_oplist *ops = NULL;
    mg_error err;
    size_t i, n;

    if (server_form(e, want, &err) < 0) {
        mg_buf_addf(why, "server form: %s\n", err.msg);
        return -1;
    }
    if (mg_inspect(&got, e, NULL, &err) < 0) {
        mg_buf_addf(why, "inspect: %s\n", err.msg);
        return -1;
    }
    if (mg_compare__settle(want, got, mg_engine_dialect(e), e, NULL,
                           &err) < 0) {
        mg_metadata_free(got);
        mg_buf_addf(why, "settle: %s\n", err.msg);
        return -1;
    }
    if (!cache_form_exact(got)) {
        mg_metadata_free(got);
        mg_buf_puts(why, "the replay cache's text form changed the schema\n");
        return -1;
    }
    if (mg_compare(&ops, got, want, mg_engine_dialect(e), NULL, &err) < 0) {
        mg_metadata_free(got);
        mg_buf_addf(why, "compare: %s\n", err.msg);
        return -1;
    }
    n = mg_oplist_count(ops);
    for (i = 0; i < n; i++) {
        mg_buf_puts(why, "  remaining: ");
        mg_op_describe(why, mg_oplist_at(ops, i));
        mg_buf_putc(why, '\n');
    }
    mg_oplist_free(ops);
    mg_metadata_free(got);
    return (int)n;
}

/* Values of every (table, column) present in both a and b with the same
 * type, as text, and each kept table's row count. */
static void
snapshot(mg_engine *e, const schema *a, const schema *b, mg_buf *out)
{
    int i, k;

    for (i = 0; i < MAX_TABLES; i++) {
        mg_buf count = MG_BUF_INIT;
        mg_rows *n = NULL;
        mg_error cerr;

        if (!a->t[i].present || !b->t[i].present)
            continue;
        mg_buf_addf(&count, "SELECT count(*) FROM t%d", i);
        if (mg_engine_query(&n, e, mg_buf_cstr(&count), &cerr) == 0)
            mg_buf_addf(out, "t%d rows=%s\n", i, mg_rows_value(n, 0, 0));
        mg_rows_free(n);
        mg_buf_release(&count);
        for (k = 0; k < a->t[i].ncols && k < b->t[i].ncols; k++) {
            mg_buf sql = MG_BUF_INIT;
            /* a column whose type changed may convert its values (0 to
             * 0.0): only the row count is checked for it */
            if (a->t[i].cols[k].type != b->t[i].cols[k].type)
                continue;
            mg_rows *rows = NULL;
            mg_error err;
            size_t r;
            /* every client reads values as text already */
            mg_buf_addf(&sql, "SELECT id, %s FROM t%d ORDER BY id",
                        a->t[i].cols[k].name, i);
            if (mg_engine_query(&rows, e, mg_buf_cstr(&sql), &err) == 0) {
                for (r = 0; r < mg_rows_count(rows); r++)
                    mg_buf_addf(out, "t%d.%s[%s]=%s\n", i,
                                a->t[i].cols[k].name,
                                mg_rows_value(rows, r, 0),
                                mg_rows_value(rows, r, 1)
                                    ? mg_rows_value(rows, r, 1) : "NULL");
            }
            mg_rows_free(rows);
            mg_buf_release(&sql);
        }
    }
}

/* Same column kept with the same type family on both sides: its values
 * must survive. Columns whose type changed are compared too: SQLite keeps
 * the stored values. */

static int
run_case(uint64_t seed, const char *url, mg_buf *why)
{
    schema a, b;
    mg_buf ma = MG_BUF_INIT, mb = MG_BUF_INIT, up = MG_BUF_INIT;
    mg_buf down = MG_BUF_INIT, before = MG_BUF_INIT, after = MG_BUF_INIT;
    mg_metadata *mda = NULL, *mdb = NULL, *have = NULL;
    mg_oplist *ops = NULL, *rev = NULL;
    const mg_dialect *d;
    mg_engine *e = NULL;
    mg_error err;
    int i, k, r, ok = 0;

    rng = seed * 2654435761u + 88172645463325252ULL;
    random_schema(&a);
    fix_schema(&a);
    b = a;
    mutate(&b);
    fix_schema(&b);
    fix_pair(&a, &b);
    render_models(&a, &ma);
    render_models(&b, &mb);
    mg_buf_addf(why, "seed %llu\n--- A\n%s--- B\n%s",
                (unsigned long long)seed, mg_buf_cstr(&ma), mg_buf_cstr(&mb));
    mg_error_clear(&err);
    if (mg_metadata_new(&mda, &err) < 0 || mg_metadata_new(&mdb, &err) < 0 ||
        mg_model_parse(mda, "A", ma.ptr, ma.len, 0, &err) < 0 ||
        mg_model_finish(mda, &err) < 0 ||
        mg_model_parse(mdb, "B", mb.ptr, mb.len, 0, &err) < 0 ||
        mg_model_finish(mdb, &err) < 0 ||
        mg_engine_open(&e, url, 0, &err) < 0 ||
        !(d = mg_engine_dialect(e)) || testdb_reset(e, &err) < 0 ||
        mg_render_create_all(&up, mda, d, &err) < 0 ||
        testdb_exec_script(e, mg_buf_cstr(&up), &err) < 0) {
        mg_buf_addf(why, "setup: %s\n", err.msg);
        goto done;
    }
    for (i = 0; i < MAX_TABLES; i++) {
        if (!a.t[i].present)
            continue;
        for (r = 0; r < ROWS; r++) {
            mg_buf sql = MG_BUF_INIT;
            mg_buf_addf(&sql, "INSERT INTO t%d (id", i);
            for (k = 0; k < a.t[i].ncols; k++)
                mg_buf_addf(&sql, ", %s", a.t[i].cols[k].name);
            if (i == 0 && a.enum_used)
                mg_buf_puts(&sql, ", m");
            mg_buf_addf(&sql, ", b) VALUES (%d", r + 1);
            for (k = 0; k < a.t[i].ncols; k++) {
                mg_buf_puts(&sql, ", ");
                if (a.t[i].cols[k].fk)
                    mg_buf_addf(&sql, "%d", r + 1);
                else
                    value_for(&sql, a.t[i].cols[k].type, r, k);
            }
            if (i == 0 && a.enum_used)
                mg_buf_puts(&sql, ", 'a'");
            mg_buf_addf(&sql, ", %d)", r * 3);
            if (mg_engine_exec(e, mg_buf_cstr(&sql), &err) < 0) {
                mg_buf_addf(why, "insert: %s\n%s\n", err.msg,
                            mg_buf_cstr(&sql));
                mg_buf_release(&sql);
                goto done;
            }
            mg_buf_release(&sql);
        }
    }
    snapshot(e, &a, &b, &before);
    mg_buf_clear(&up);
    if (server_form(e, mdb, &err) < 0 ||
        mg_inspect(&have, e, NULL, &err) < 0 ||
        mg_compare__settle(mdb, have, d, e, NULL, &err) < 0 ||
        mg_compare(&ops, have, mdb, d, NULL, &err) < 0 ||
        mg_oplist_reverse(&rev, ops, &err) < 0 ||
        mg_render(&up, ops, d, &err) < 0 ||
        mg_render(&down, rev, d, &err) < 0) {
        mg_buf_addf(why, "autogenerate: %s\n", err.msg);
        goto done;
    }
    mg_buf_addf(why, "--- upgrade\n%s--- downgrade\n%s", mg_buf_cstr(&up),
                mg_buf_cstr(&down));
    if (testdb_exec_script(e, mg_buf_cstr(&up), &err) < 0) {
        mg_buf_addf(why, "upgrade failed: %s\n", err.msg);
        goto done;
    }
    if (diff_count(e, mdb, why) != 0) {
        mg_buf_puts(why, "after upgrade the database is not B\n");
        goto done;
    }
    snapshot(e, &a, &b, &after);
    if (strcmp(mg_buf_cstr(&before), mg_buf_cstr(&after)) != 0) {
        mg_buf_addf(why, "rows changed:\n--- before\n%s--- after\n%s",
                    mg_buf_cstr(&before), mg_buf_cstr(&after));
        goto done;
    }
    if (testdb_exec_script(e, mg_buf_cstr(&down), &err) < 0) {
        mg_buf_addf(why, "downgrade failed: %s\n", err.msg);
        goto done;
    }
    if (diff_count(e, mda, why) != 0) {
        mg_buf_puts(why, "after downgrade the database is not A\n");
        goto done;
    }
    ok = 1;
done:
    mg_engine_free(e);
    mg_oplist_free(ops);
    mg_oplist_free(rev);
    mg_metadata_free(have);
    mg_metadata_free(mda);
    mg_metadata_free(mdb);
    mg_buf_release(&ma);
    mg_buf_release(&mb);
    mg_buf_release(&up);
    mg_buf_release(&down);
    mg_buf_release(&before);
    mg_buf_release(&after);
    return ok;
}

/* Run the cases on url; n_default cases unless the environment says. */
static void
run_cases(const char *url, uint64_t n_default)
{
    const char *one = getenv("MIGRATE_PROPERTY_SEED");
    const char *count = getenv("MIGRATE_PROPERTY_CASES");
    uint64_t first = one ? strtoull(one, NULL, 10) : 1;
    uint64_t n = one ? 1 : (count ? strtoull(count, NULL, 10) : n_default);
    uint64_t s;

    for (s = first; s < first + n; s++) {
        mg_buf why = MG_BUF_INIT;
        int ok = run_case(s, url, &why);
        if (!ok)
            fprintf(stderr, "property failed on %.*s; replay with "
                    "MIGRATE_PROPERTY_SEED=%llu\n%s\n",
                    (int)strcspn(url, ":"), url, (unsigned long long)s,
                    mg_buf_cstr(&why));
        mg_buf_release(&why);
        ck_assert_msg(ok, "property failed for seed %llu (details on stderr)",
                      (unsigned long long)s);
    }
}

START_TEST(test_property_sqlite)
{
    cast_anything = 1;
    kinds = mg_dialect_find("sqlite")->catalog.object_kinds;
    use_dialect(mg_dialect_find("sqlite"));
    run_cases("sqlite://", 2000);
}
END_TEST



static const char *const server_envs[] = {
    "MIGRATE_TEST_PG_URL", "MIGRATE_TEST_MARIADB_URL"
};

START_TEST(test_property_server)
{
    mg_engine *admin = NULL;
    char *url = testdb_fresh(server_envs[_i], "mg_property", &admin);
    const mg_dialect *d;

    if (!url) {
        test_skip(server_envs[_i]);   /* not configured here */
        return;
    }
    d = mg_engine_dialect(admin);
    if (!d->catalog.inspect || !d->ddl.render_op) {
        testdb_drop(admin, "mg_property");
        free(url);
        return;   /* the dialect cannot reflect yet */
    }
    cast_anything = 0;
    kinds = d->catalog.object_kinds;
    use_dialect(d);
    run_cases(url, 120);
    testdb_drop(admin, "mg_property");
    free(url);
}
END_TEST

Suite *
property_suite(void)
{
    Suite *s = suite_create("property");
    TCase *tc = tcase_create("sqlite");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_property_sqlite);
    suite_add_tcase(s, tc);
    /* a case each, so that make check runs them as processes of their
     * own (property_postgresql.sh, property_mariadb.sh) */
    tc = tcase_create("postgresql");
    tcase_set_timeout(tc, 1200);
    tcase_add_loop_test(tc, test_property_server, 0, 1);
    suite_add_tcase(s, tc);
    tc = tcase_create("mariadb");
    tcase_set_timeout(tc, 1200);
    tcase_add_loop_test(tc, test_property_server, 1, 2);
    suite_add_tcase(s, tc);
    return s;
}
