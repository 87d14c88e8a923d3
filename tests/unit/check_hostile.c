/* check_hostile.c - hostile names cannot inject SQL (issue 17, item 1).
 *
 * For generated pairs of schemas (A, B) whose tables, columns, constraints
 * and indexes carry names built from hostile pieces (newlines, carriage
 * returns, "--", comment openers and closers, every dialect's quotes, ';', '#', '$$',
 * backslashes, a whole "DROP TABLE victims;" and, on SQLite, bytes that are
 * not UTF-8), beside a table "victims" holding one row:
 *   - on every dialect, with or without a server: the upgrade and the
 *     downgrade script autogenerate writes, split as the runtime splits
 *     them, give back exactly the statements the renderer meant, one for
 *     one and byte for byte, and the only comment lines are the data-loss
 *     warnings, one per destructive op;
 *   - on SQLite in memory, and on a fresh database of each configured
 *     server: A is created, the upgrade takes it to exactly B and the
 *     downgrade back to exactly A (compared by reflection), and "victims"
 *     still holds its row after each.
 * A NUL byte in a model file is an error at its line and column.
 * MIGRATE_PROPERTY_SEED=N replays one case; MIGRATE_PROPERTY_CASES sets the
 * count (default 300 on SQLite, 40 on a server). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "testdb.h"
#include "mg_dialect.h"

/* Pieces a name is made of. The first NUTF8 are valid UTF-8 (every
 * dialect takes them); the rest only SQLite can hold. */
static const char *const pieces[] = {
    "\n", "\r", "\r\n", "--", "-- ", "/*", "*/", "'", "''", "\"", "`", ";",
    "\\", "\\'", "$$", "$q$", "#", " ", "\t", "\x01", "\x7f", "%s", "?",
    "\xc3\xa9", "\xe2\x80\xa8", "\xc2\x85",
    "\nDROP TABLE victims;\n--", "*/ DROP TABLE victims; /*",
    "'; DROP TABLE victims; --", "`; DROP TABLE victims; #",
    "\"; DROP TABLE victims; --", "\r\nDROP TABLE victims;\r\n-- ",
    "$$; DROP TABLE victims; $$",
    "\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf"
};
#define NPIECES (int)(sizeof(pieces) / sizeof(pieces[0]))
#define NUTF8 (NPIECES - 4)

#define NTABLES 3
#define NCOLS 3

typedef struct hcol {
    char name[64];
    int  present;
    int  wide;          /* VARCHAR(40), else VARCHAR(20) */
    int  has_default;
    int  indexed;
    int  checked;
} hcol;

typedef struct htable {
    char name[64];
    int  present;
    int  unique;        /* UNIQUE (first column) */
    int  fk;            /* a column referring to victims */
    hcol cols[NCOLS];
    char ck[64], ix[64], uq[64], fkname[64], fkcol[64];
} htable;

typedef struct hschema {
    htable t[NTABLES];
} hschema;

static uint64_t rng;
static int serial;      /* names are unique in any case: h<serial>... */

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

/* A hostile name at most 60 bytes long that ends in 'x' (MariaDB refuses a
 * trailing space); utf8_only keeps to pieces every dialect can hold. */
static void
hostile_name(char out[64], int utf8_only)
{
    int n = 1 + pick(3), i;
    size_t len;

    len = (size_t)snprintf(out, 64, "h%d", ++serial);
    for (i = 0; i < n; i++) {
        const char *p = pieces[pick(utf8_only ? NUTF8 : NPIECES)];
        if (len + strlen(p) + 1 > 60)
            break;
        memcpy(out + len, p, strlen(p));
        len += strlen(p);
    }
    out[len++] = 'x';
    out[len] = '\0';
}

static void
random_schema(hschema *s, int utf8_only)
{
    int i, k;

    memset(s, 0, sizeof(*s));
    for (i = 0; i < NTABLES; i++) {
        htable *t = &s->t[i];
        t->present = i == 0 || pick(2);
        hostile_name(t->name, utf8_only);
        hostile_name(t->ck, utf8_only);
        hostile_name(t->ix, utf8_only);
        hostile_name(t->uq, utf8_only);
        hostile_name(t->fkname, utf8_only);
        hostile_name(t->fkcol, utf8_only);
        t->unique = pick(3) == 0;
        t->fk = pick(3) == 0;
        for (k = 0; k < NCOLS; k++) {
            hcol *c = &t->cols[k];
            hostile_name(c->name, utf8_only);
            c->present = k == 0 || pick(2);
            c->wide = pick(2);
            c->has_default = pick(3) == 0;
            c->indexed = pick(4) == 0;
            c->checked = pick(4) == 0;
        }
    }
}

/* B from A: drops, adds, narrowing and widening, new names. */
static void
mutate(hschema *s, int utf8_only)
{
    int n = 1 + pick(3), m;

    for (m = 0; m < n; m++) {
        htable *t = &s->t[pick(NTABLES)];
        hcol *c = &t->cols[1 + pick(NCOLS - 1)];

        switch (pick(7)) {
        case 0: t->present = !t->present; break;
        case 1: c->present = !c->present; break;
        case 2: t->cols[0].wide = !t->cols[0].wide; break;
        case 3: c->indexed = !c->indexed; break;
        case 4: c->checked = !c->checked; break;
        case 5: c->has_default = !c->has_default; break;
        default:
            t->unique = !t->unique;
            hostile_name(t->uq, utf8_only);
            break;
        }
    }
    if (!s->t[0].present)
        s->t[0].present = 1;
}

static void
quoted(mg_buf *b, const char *name)
{
    mg_buf_putc(b, '"');
    for (; *name; name++) {
        if (*name == '"')
            mg_buf_putc(b, '"');
        mg_buf_putc(b, *name);
    }
    mg_buf_putc(b, '"');
}

/* name with the digit k after it, quoted: one name per column. */
static void
quoted_k(mg_buf *b, const char *name, int k)
{
    char with[70];

    snprintf(with, sizeof(with), "%s%d", name, k);
    quoted(b, with);
}

/* The model text of s. The first column's default is a hostile string
 * literal too. */
static void
render_models(const hschema *s, mg_buf *b)
{
    int i, k;

    mg_buf_puts(b, "CREATE TABLE victims (id INTEGER PRIMARY KEY, "
                "v VARCHAR(20));\n");
    for (i = 0; i < NTABLES; i++) {
        const htable *t = &s->t[i];
        if (!t->present)
            continue;
        mg_buf_puts(b, "CREATE TABLE ");
        quoted(b, t->name);
        mg_buf_puts(b, " (\n    id INTEGER PRIMARY KEY");
        for (k = 0; k < NCOLS; k++) {
            const hcol *c = &t->cols[k];
            if (!c->present)
                continue;
            mg_buf_puts(b, ",\n    ");
            quoted(b, c->name);
            mg_buf_addf(b, " VARCHAR(%d)", c->wide ? 40 : 20);
            if (c->has_default)
                mg_buf_puts(b, " DEFAULT '--''x;\n/*'");
        }
        if (t->fk) {
            mg_buf_puts(b, ",\n    ");
            quoted(b, t->fkcol);
            mg_buf_puts(b, " INTEGER,\n    CONSTRAINT ");
            quoted(b, t->fkname);
            mg_buf_puts(b, " FOREIGN KEY (");
            quoted(b, t->fkcol);
            mg_buf_puts(b, ") REFERENCES victims (id)");
        }
        for (k = 0; k < NCOLS; k++)
            if (t->cols[k].present && t->cols[k].checked) {
                mg_buf_puts(b, ",\n    CONSTRAINT ");
                quoted_k(b, t->ck, k);
                mg_buf_puts(b, " CHECK (");
                quoted(b, t->cols[k].name);
                mg_buf_puts(b, " <> ';')");
            }
        if (t->unique) {
            mg_buf_puts(b, ",\n    CONSTRAINT ");
            quoted(b, t->uq);
            mg_buf_puts(b, " UNIQUE (");
            quoted(b, t->cols[0].name);
            mg_buf_puts(b, ")");
        }
        mg_buf_puts(b, "\n);\n");
        for (k = 0; k < NCOLS; k++)
            if (t->cols[k].present && t->cols[k].indexed) {
                mg_buf_puts(b, "CREATE INDEX ");
                quoted_k(b, t->ix, k);
                mg_buf_puts(b, " ON ");
                quoted(b, t->name);
                mg_buf_puts(b, " (");
                quoted(b, t->cols[k].name);
                mg_buf_puts(b, ");\n");
            }
    }
}

/* The script of ops for d, split as the runtime splits it, must be the
 * renderer's own statement list, and its comment lines exactly one
 * data-loss warning per destructive op. */
static int
split_is_exact(const mg_oplist *ops, const mg_dialect *d, mg_buf *why)
{
    mg_strlist want = MG_STRLIST_INIT;
    mg_buf script = MG_BUF_INIT;
    mg_stmtlist *got = NULL;
    size_t i, warnings = 0, lossy = 0;
    const char *line;
    mg_error err;
    int ok = 0;

    if (mg_render(&script, ops, d, &err) < 0 ||
        mg_render_statements(&want, ops, d, &err) < 0 ||
        mg_split(&got, script.ptr ? script.ptr : "", script.len, 1,
                 d->sql.split_flags, &err) < 0) {
        mg_buf_addf(why, "%s: render/split: %s\n", mg_dialect_name(d),
                    err.msg);
        goto done;
    }
    if (mg_stmtlist_count(got) != want.n) {
        mg_buf_addf(why, "%s: split %zu statements, rendered %zu\n%s",
                    mg_dialect_name(d), mg_stmtlist_count(got), want.n,
                    mg_buf_cstr(&script));
        goto done;
    }
    for (i = 0; i < want.n; i++)
        if (strcmp(mg_stmtlist_sql(got, i), want.v[i]) != 0) {
            mg_buf_addf(why, "%s: statement %zu split as\n%s\nrendered as\n"
                        "%s\n", mg_dialect_name(d), i + 1,
                        mg_stmtlist_sql(got, i), want.v[i]);
            goto done;
        }
    for (i = 0; i < mg_oplist_count(ops); i++)
        lossy += mg_oplist_at(ops, i)->data_loss != 0;
    /* between the statements, in the text, only warning lines */
    for (line = mg_buf_cstr(&script), i = 0; i <= want.n; i++) {
        const char *stmt = i < want.n ? strstr(line, want.v[i]) : NULL;
        const char *gap_end = stmt ? stmt : line + strlen(line);
        while (line < gap_end) {
            if (strncmp(line, "-- WARNING: data loss: ", 23) != 0) {
                mg_buf_addf(why, "%s: text between statements that is not "
                            "a warning line:\n%.*s\n", mg_dialect_name(d),
                            (int)(gap_end - line), line);
                goto done;
            }
            warnings++;
            line += strcspn(line, "\n");
            line += *line == '\n';
        }
        if (stmt)
            line = stmt + strlen(want.v[i]) + 2;   /* ";\n" */
    }
    ok = warnings == lossy;
    if (!ok)
        mg_buf_addf(why, "%s: %zu warnings for %zu destructive ops\n",
                    mg_dialect_name(d), warnings, lossy);
done:
    mg_strlist_release(&want);
    mg_stmtlist_free(got);
    mg_buf_release(&script);
    return ok;
}


/* 0 when the database e holds exactly want and victims its one row. */
static int
at_schema(mg_engine *e, const mg_metadata *want, const char *when,
          mg_buf *why)
{
    mg_metadata *got = NULL;
    mg_oplist *ops = NULL;
    mg_rows *rows = NULL;
    mg_error err;
    size_t i;
    int rc = -1;

    if (mg_engine_query(&rows, e, "SELECT v FROM victims", &err) < 0 ||
        mg_rows_count(rows) != 1 || !mg_rows_value(rows, 0, 0) ||
        strcmp(mg_rows_value(rows, 0, 0), "alive") != 0) {
        mg_buf_addf(why, "%s: victims lost its row\n", when);
        goto done;
    }
    if (mg_inspect(&got, e, NULL, &err) < 0 ||
        mg_compare(&ops, got, want, mg_engine_dialect(e), NULL, &err) < 0) {
        mg_buf_addf(why, "%s: reflect: %s\n", when, err.msg);
        goto done;
    }
    for (i = 0; i < mg_oplist_count(ops); i++) {
        mg_buf_addf(why, "%s: remaining: ", when);
        mg_op_describe(why, mg_oplist_at(ops, i));
        mg_buf_putc(why, '\n');
    }
    rc = mg_oplist_count(ops) == 0 ? 0 : -1;
done:
    mg_rows_free(rows);
    mg_oplist_free(ops);
    mg_metadata_free(got);
    return rc;
}


static int
parse(mg_metadata **md, const char *name, const mg_buf *text, mg_error *err)
{
    *md = NULL;
    if (mg_metadata_new(md, err) < 0 ||
        mg_model_parse(*md, name, text->ptr, text->len, 0, err) < 0 ||
        mg_model_finish(*md, err) < 0)
        return -1;
    return 0;
}

/* One case: the split property on every dialect; on url (when not NULL)
 * A -> B -> A with victims intact. */
static int
run_case(uint64_t seed, const char *url, int utf8_only, mg_buf *why)
{
    static const char *const names[] = { "sqlite", "postgresql", "mariadb" };
    hschema a, b;
    mg_buf ma = MG_BUF_INIT, mb = MG_BUF_INIT, sql = MG_BUF_INIT;
    mg_metadata *mda = NULL, *mdb = NULL;
    mg_oplist *up = NULL, *down = NULL;
    mg_engine *e = NULL;
    mg_error err;
    size_t i;
    int ok = 0;

    rng = seed * 2654435761u + 88172645463325252ULL;
    serial = 0;
    random_schema(&a, utf8_only);
    b = a;
    mutate(&b, utf8_only);
    render_models(&a, &ma);
    render_models(&b, &mb);
    mg_buf_addf(why, "seed %llu\n--- A\n%s--- B\n%s",
                (unsigned long long)seed, mg_buf_cstr(&ma), mg_buf_cstr(&mb));
    mg_error_clear(&err);
    if (parse(&mda, "A", &ma, &err) < 0 || parse(&mdb, "B", &mb, &err) < 0) {
        mg_buf_addf(why, "models: %s\n", err.msg);
        goto done;
    }
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const mg_dialect *d = mg_dialect_find(names[i]);
        if (!d || !d->ddl.render_op)
            continue;
        mg_oplist_free(up);
        mg_oplist_free(down);
        up = down = NULL;
        if (mg_compare(&up, mda, mdb, d, NULL, &err) < 0 ||
            mg_oplist_reverse(&down, up, &err) < 0) {
            mg_buf_addf(why, "%s: compare: %s\n", names[i], err.msg);
            goto done;
        }
        if (!split_is_exact(up, d, why) || !split_is_exact(down, d, why))
            goto done;
    }
    if (!url) {
        ok = 1;
        goto done;
    }
    if (mg_engine_open(&e, url, 0, &err) < 0 || testdb_reset(e, &err) < 0 ||
        mg_render_create_all(&sql, mda, mg_engine_dialect(e), &err) < 0 ||
        testdb_exec_script(e, mg_buf_cstr(&sql), &err) < 0 ||
        mg_engine_exec(e, "INSERT INTO victims (id, v) VALUES (1, 'alive')",
                       &err) < 0) {
        mg_buf_addf(why, "setup: %s\n", err.msg);
        goto done;
    }
    mg_oplist_free(up);
    mg_oplist_free(down);
    up = down = NULL;
    if (mg_compare(&up, mda, mdb, mg_engine_dialect(e), NULL, &err) < 0 ||
        mg_oplist_reverse(&down, up, &err) < 0) {
        mg_buf_addf(why, "compare: %s\n", err.msg);
        goto done;
    }
    mg_buf_clear(&sql);
    if (mg_render(&sql, up, mg_engine_dialect(e), &err) < 0 ||
        testdb_exec_script(e, mg_buf_cstr(&sql), &err) < 0) {
        mg_buf_addf(why, "upgrade: %s\n%s", err.msg, mg_buf_cstr(&sql));
        goto done;
    }
    if (at_schema(e, mdb, "after upgrade", why) < 0)
        goto done;
    mg_buf_clear(&sql);
    if (mg_render(&sql, down, mg_engine_dialect(e), &err) < 0 ||
        testdb_exec_script(e, mg_buf_cstr(&sql), &err) < 0) {
        mg_buf_addf(why, "downgrade: %s\n%s", err.msg, mg_buf_cstr(&sql));
        goto done;
    }
    ok = at_schema(e, mda, "after downgrade", why) == 0;
done:
    mg_engine_free(e);
    mg_oplist_free(up);
    mg_oplist_free(down);
    mg_metadata_free(mda);
    mg_metadata_free(mdb);
    mg_buf_release(&ma);
    mg_buf_release(&mb);
    mg_buf_release(&sql);
    return ok;
}

static void
run_cases(const char *url, int utf8_only, uint64_t n_default)
{
    const char *one = getenv("MIGRATE_PROPERTY_SEED");
    const char *count = getenv("MIGRATE_PROPERTY_CASES");
    uint64_t first = one ? strtoull(one, NULL, 10) : 1;
    uint64_t n = one ? 1 : (count ? strtoull(count, NULL, 10) / 5 + 1
                                  : n_default);
    uint64_t s;

    for (s = first; s < first + n; s++) {
        mg_buf why = MG_BUF_INIT;
        int ok = run_case(s, url, utf8_only, &why);
        if (!ok)
            fprintf(stderr, "hostile names failed on %.*s; replay with "
                    "MIGRATE_PROPERTY_SEED=%llu\n%s\n",
                    (int)strcspn(url, ":"), url, (unsigned long long)s,
                    mg_buf_cstr(&why));
        mg_buf_release(&why);
        ck_assert_msg(ok, "hostile names: seed %llu failed (details on "
                      "stderr)", (unsigned long long)s);
    }
}

START_TEST(test_hostile_names_sqlite)
{
    run_cases("sqlite://", 0, 300);
}
END_TEST


static const char *const server_envs[] = {
    "MIGRATE_TEST_PG_URL", "MIGRATE_TEST_MARIADB_URL"
};

START_TEST(test_hostile_names_server)
{
    mg_engine *admin = NULL;
    char *url = testdb_fresh(server_envs[_i], "mg_hostile", &admin);

    if (!url) {
        test_skip(server_envs[_i]);   /* not configured here */
        return;
    }
    run_cases(url, 1, 40);
    testdb_drop(admin, "mg_hostile");
    free(url);
}
END_TEST

/* A NUL byte cannot be part of a name: the model file is refused there. */
START_TEST(test_nul_in_model_is_an_error)
{
    static const char text[] = "CREATE TABLE \"a\0b\" (id INTEGER);\n";
    mg_metadata *md = NULL;
    mg_error err;

    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    mg_error_clear(&err);
    ck_assert_int_eq(mg_model_parse(md, "models.sql", text, sizeof(text) - 1,
                                    0, &err), MG_EPARSE);
    ck_assert_str_eq(err.msg, "models.sql:1:16: unexpected NUL byte");
    mg_metadata_free(md);
}
END_TEST

Suite *
hostile_suite(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("sqlite");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_hostile_names_sqlite);
    tcase_add_test(tc, test_nul_in_model_is_an_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("servers");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_hostile_names_server, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
