/* check_compare.c - autogenerate's comparison: tables of (existing schema,
 * wanted schema, dialect capabilities) with the exact list of operations
 * mg_compare must produce (mg_op_describe, " [loss]" for data_loss,
 * deferred foreign keys in brackets), and mg_normalize_expr's exact
 * output. Schemas are written in a small line language of this file so
 * the tests depend on nothing but the metadata builders, and the dialects
 * are fakes that differ only in capability bits. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "mg_compare.h"
#include "mg_dialect.h"
#include "mg_model.h"

/* ---- schemas ----------------------------------------------------------
 * One item per line, fields separated by '|':
 *   t|NAME                                    table
 *   c|NAME|TYPE[|nn][|auto][|d=DEFAULT]       column (nn: NOT NULL)
 *   pk|NAME|COLS                              primary key (NAME may be
 *                                             empty: pk_<table>, unnamed)
 *   uq|NAME|COLS       ck|NAME|EXPR           unique, check
 *   fk|NAME|COLS|REFTABLE|REFCOLS|ONDELETE|ONUPDATE
 *                      actions: cascade restrict setnull setdefault, or
 *                      empty for NO ACTION
 *   ix|NAME|UNIQUE(0/1)|EXPR;EXPR|WHERE|METHOD
 *   tr|TRIGGER TEXT
 * COLS are comma-separated. */

static mg_fk_action
action(const char *s)
{
    if (strcmp(s, "cascade") == 0)
        return MG_FK_CASCADE;
    if (strcmp(s, "restrict") == 0)
        return MG_FK_RESTRICT;
    if (strcmp(s, "setnull") == 0)
        return MG_FK_SET_NULL;
    if (strcmp(s, "setdefault") == 0)
        return MG_FK_SET_DEFAULT;
    ck_assert_msg(*s == '\0', "bad action '%s'", s);
    return MG_FK_NO_ACTION;
}

/* Split s (n bytes) at sep into l; nothing for an empty s. */
static void
split(mg_strlist *l, const char *s, size_t n, char sep)
{
    const char *end = s + n, *p;

    if (n == 0)
        return;
    for (;;) {
        p = memchr(s, sep, (size_t)(end - s));
        if (!p)
            p = end;
        ck_assert_int_eq(mg_strlist_addn(l, s, (size_t)(p - s)), 0);
        if (p == end)
            break;
        s = p + 1;
    }
}

static const char *
field(const mg_strlist *f, size_t i)
{
    return i < f->n ? f->v[i] : "";
}

static void
add_list(mg_strlist *l, const char *s, char sep)
{
    split(l, s, strlen(s), sep);
}

static mg_constraint *
add_constraint(mg_table *t, mg_constraint_kind kind, const char *name,
               const char *prefix)
{
    mg_constraint *k = mg_table_add_constraint(t, kind, name);

    ck_assert_ptr_nonnull(k);
    if (!*name) {
        /* unnamed: the conventional name, as mg_model_finish gives */
        size_t n = strlen(prefix) + strlen(t->name) + 2;
        free(k->name);
        k->name = malloc(n);
        ck_assert_ptr_nonnull(k->name);
        snprintf(k->name, n, "%s_%s", prefix, t->name);
        k->named = 0;
    }
    return k;
}

static void
schema_line(mg_metadata *md, mg_table **t, const mg_strlist *f)
{
    const char *kind = field(f, 0);
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    if (strcmp(kind, "t") == 0) {
        ck_mg_ok(mg_metadata_add_table(md, field(f, 1), t, &err), &err);
        return;
    }
    ck_assert_msg(*t != NULL, "item before any table");
    if (strcmp(kind, "c") == 0) {
        mg_type ty;
        mg_column *c;
        ck_assert_int_eq(mg_type_parse(&ty, field(f, 2)), 0);
        c = mg_table_add_column(*t, field(f, 1), &ty);
        mg_type_release(&ty);
        ck_assert_ptr_nonnull(c);
        for (i = 3; i < f->n; i++) {
            if (strcmp(f->v[i], "nn") == 0)
                c->nullable = 0;
            else if (strcmp(f->v[i], "auto") == 0)
                c->autoincrement = 1;
            else if (strncmp(f->v[i], "d=", 2) == 0)
                ck_assert_int_eq(mg_column_set_default(c, f->v[i] + 2), 0);
            else
                ck_abort_msg("bad column flag '%s'", f->v[i]);
        }
    } else if (strcmp(kind, "pk") == 0 || strcmp(kind, "uq") == 0) {
        int pk = kind[0] == 'p';
        mg_constraint *k = add_constraint(*t, pk ? MG_CONSTRAINT_PRIMARY_KEY
                                                 : MG_CONSTRAINT_UNIQUE,
                                          field(f, 1), pk ? "pk" : "uq");
        add_list(&k->columns, field(f, 2), ',');
    } else if (strcmp(kind, "fk") == 0) {
        mg_constraint *k = add_constraint(*t, MG_CONSTRAINT_FOREIGN_KEY,
                                          field(f, 1), "fk");
        add_list(&k->columns, field(f, 2), ',');
        ck_assert_int_eq(mg_constraint_set_ref(k, field(f, 3)), 0);
        add_list(&k->ref_columns, field(f, 4), ',');
        k->on_delete = action(field(f, 5));
        k->on_update = action(field(f, 6));
    } else if (strcmp(kind, "ck") == 0) {
        mg_constraint *k = add_constraint(*t, MG_CONSTRAINT_CHECK,
                                          field(f, 1), "ck");
        ck_assert_int_eq(mg_constraint_set_expression(k, field(f, 2)), 0);
    } else if (strcmp(kind, "ix") == 0) {
        mg_index *ix = mg_table_add_index(*t, field(f, 1),
                                          strcmp(field(f, 2), "1") == 0);
        ck_assert_ptr_nonnull(ix);
        add_list(&ix->expressions, field(f, 3), ';');
        if (*field(f, 4))
            ck_assert_int_eq(mg_index_set_where(ix, field(f, 4)), 0);
        if (*field(f, 5))
            ck_assert_int_eq(mg_index_set_method(ix, field(f, 5)), 0);
    } else if (strcmp(kind, "tr") == 0) {
        ck_assert_int_eq(mg_strlist_add(&(*t)->triggers, field(f, 1)), 0);
    } else {
        ck_abort_msg("bad schema line kind '%s'", kind);
    }
}

static mg_metadata *
schema(const char *text)
{
    mg_metadata *md = NULL;
    mg_table *t = NULL;
    mg_error err;
    const char *p = text, *nl;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    while (*p) {
        mg_strlist f = MG_STRLIST_INIT;
        nl = strchr(p, '\n');
        if (!nl)
            nl = p + strlen(p);
        split(&f, p, (size_t)(nl - p), '|');
        if (f.n)
            schema_line(md, &t, &f);
        mg_strlist_release(&f);
        p = *nl ? nl + 1 : nl;
    }
    return md;
}

/* ---- fake dialects ---------------------------------------------------- */

/* Generic spelling, but UUID as CHAR(36) the way SQLite stores it. */
static void
fake_render_type(mg_buf *b, const mg_type *t)
{
    if (t->kind == MG_TYPE_UUID)
        mg_buf_puts(b, "CHAR(36)");
    else
        mg_type_format(b, t);
}

/* Like PostgreSQL's: drop a trailing "::text" cast. */
static void
fake_normalize_default(mg_buf *out, const mg_column *col, const char *norm)
{
    size_t n = strlen(norm);

    (void)col;
    if (n > 6 && strcmp(norm + n - 6, "::text") == 0)
        n -= 6;
    mg_buf_add(out, norm, n);
}

enum { LITE, ALTER, NAMEDPK, CASTS };

static const mg_dialect dialects[] = {
    { .version = MG_DIALECT_VERSION, .name = "lite",
      .caps = MG_CAP_TRANSACTIONAL_DDL, .ddl.render_type = fake_render_type,
      .catalog.implicit_index_prefix = "sqlite_autoindex_" },
    { .version = MG_DIALECT_VERSION, .name = "alter",
      .caps = MG_CAP_ALTER_COLUMN | MG_CAP_DROP_CONSTRAINT,
      .ddl.render_type = fake_render_type,
      .catalog.implicit_index_prefix = "sqlite_autoindex_" },
    { .version = MG_DIALECT_VERSION, .name = "namedpk",
      .caps = MG_CAP_ALTER_COLUMN | MG_CAP_DROP_CONSTRAINT |
              MG_CAP_NAMED_PRIMARY_KEY, .ddl.render_type = fake_render_type },
    { .version = MG_DIALECT_VERSION, .name = "casts",
      .caps = MG_CAP_ALTER_COLUMN | MG_CAP_DROP_CONSTRAINT,
      .ddl.render_type = fake_render_type,
      .catalog.normalize_default = fake_normalize_default },
};

/* ---- running a comparison --------------------------------------------- */

static void
describe_all(mg_buf *b, const mg_oplist *l)
{
    size_t i, j;

    for (i = 0; i < mg_oplist_count(l); i++) {
        const mg_op *op = mg_oplist_at(l, i);
        if (i)
            mg_buf_putc(b, '\n');
        mg_op_describe(b, op);
        if (op->data_loss)
            mg_buf_puts(b, " [loss]");
        if (op->ndeferred_fks) {
            mg_buf_puts(b, " [deferred");
            for (j = 0; j < op->ndeferred_fks; j++)
                mg_buf_addf(b, " %s", op->deferred_fks[j]->name);
            mg_buf_putc(b, ']');
        }
    }
}

/* mg_compare's ops described, one per line; "" for none. Caller frees. */
static char *
compare_text(const mg_metadata *have, const mg_metadata *want, int dialect,
             const mg_strlist *ignore)
{
    mg_oplist *l = NULL;
    mg_buf b = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, have, want, &dialects[dialect], ignore, &err),
             &err);
    ck_assert_ptr_nonnull(l);
    describe_all(&b, l);
    mg_oplist_free(l);
    ck_assert_int_eq(b.oom, 0);
    return mg_buf_detach(&b);
}

typedef struct cmp_case {
    const char *what;       /* shown on failure */
    const char *have;       /* existing schema */
    const char *want;       /* wanted schema */
    int         dialect;    /* LITE, ALTER, NAMEDPK, CASTS */
    const char *ops;        /* expected ops, one per line */
} cmp_case;

#define USERS \
    "t|users\nc|id|INTEGER|nn|auto\nc|name|VARCHAR(50)|nn\npk||id\n"
#define T_ID "t|t\nc|id|INTEGER|nn|auto\npk||id\n"

static const cmp_case cases[] = {
    /* tables */
    { "same", USERS, USERS, ALTER, "" },
    { "empty", "", "", LITE, "" },
    { "new table with index", "",
      USERS "ix|ix_users_name|0|name\n", ALTER,
      "add table users\nadd index ix_users_name on users" },
    { "new table: its constraints' indexes are not separate",
      "", USERS "uq|uq_users_name|name\nix|sqlite_autoindex_users_1|1|name\n"
      "ix|uq_users_name|1|name\n", ALTER, "add table users" },
    { "dropped table", USERS, "", ALTER, "drop table users [loss]" },
    { "table names match case-insensitively",
      "t|USERS\nc|ID|INTEGER|nn|auto\nc|Name|VARCHAR(50)|nn\npk||ID\n",
      USERS, ALTER, "" },
    { "parents created first, whatever the model order", "",
      "t|posts\nc|id|INTEGER\nc|user_id|INTEGER\n"
      "fk||user_id|users|id\n" USERS, ALTER,
      "add table users\nadd table posts" },
    { "children dropped first",
      USERS "t|posts\nc|id|INTEGER\nc|user_id|INTEGER\n"
      "fk||user_id|users|id\n", "", ALTER,
      "drop table posts [loss]\ndrop table users [loss]" },
    { "new tables in a cycle: one FK deferred", "",
      "t|a\nc|id|INTEGER\nc|b_id|INTEGER\nfk|fk_a_b|b_id|b|id\n"
      "t|b\nc|id|INTEGER\nc|a_id|INTEGER\nfk|fk_b_a|a_id|a|id\n", ALTER,
      "add table a [deferred fk_a_b]\nadd table b\n"
      "add foreign key fk_a_b on a" },
    { "cycle on SQLite: forward references need no deferral", "",
      "t|a\nc|id|INTEGER\nc|b_id|INTEGER\nfk|fk_a_b|b_id|b|id\n"
      "t|b\nc|id|INTEGER\nc|a_id|INTEGER\nfk|fk_b_a|a_id|a|id\n", LITE,
      "add table a\nadd table b" },
    { "self-reference is no cycle", "",
      "t|n\nc|id|INTEGER\nc|parent|INTEGER\nfk||parent|n|id\n", ALTER,
      "add table n" },
    { "tables in a cycle dropped: the FK goes first",
      "t|a\nc|id|INTEGER\nc|b_id|INTEGER\nfk|fk_a_b|b_id|b|id\n"
      "t|b\nc|id|INTEGER\nc|a_id|INTEGER\nfk|fk_b_a|a_id|a|id\n", "", ALTER,
      "drop foreign key fk_a_b on a\ndrop table b [loss]\n"
      "drop table a [loss] [deferred fk_a_b]" },
    { "new table referring to a column added to an existing one",
      "t|p\nc|id|INTEGER\n",
      "t|p\nc|id|INTEGER\nc|code|INTEGER\nuq||code\n"
      "t|c\nc|id|INTEGER\nc|p_code|INTEGER\nfk|fk_c_p|p_code|p|code\n",
      ALTER,
      "add table c [deferred fk_c_p]\nadd column p.code\n"
      "add unique constraint uq_p on p\nadd foreign key fk_c_p on c" },
    { "new table referring to an existing table: FK inline",
      USERS, USERS "t|posts\nc|id|INTEGER\nc|user_id|INTEGER\n"
      "fk||user_id|users|id\n", ALTER, "add table posts" },

    /* columns */
    { "added and dropped columns", T_ID "c|old|TEXT\n",
      T_ID "c|email|VARCHAR(100)\nc|code|INTEGER|nn|d=0\n", ALTER,
      "add column t.email\nadd column t.code\ndrop column t.old [loss]" },
    { "column names match case-insensitively", T_ID "c|Email|TEXT\n",
      T_ID "c|EMAIL|TEXT\n", ALTER, "" },
    { "same types spelled differently",
      T_ID "c|a|int\nc|b|varchar( 50 )\nc|c|double precision\n"
      "c|d|decimal(10, 2)\nc|e|CHAR(36)\nc|f|interval  day\nc|g|bool\n",
      T_ID "c|a|INTEGER\nc|b|VARCHAR(50)\nc|c|DOUBLE\nc|d|NUMERIC(10,2)\n"
      "c|e|UUID\nc|f|INTERVAL DAY\nc|g|BOOLEAN\n", ALTER, "" },
    { "widening is no data loss",
      T_ID "c|a|VARCHAR(50)\nc|b|INTEGER\nc|c|VARCHAR(10)\n"
      "c|d|NUMERIC(8,2)\nc|e|SMALLINT\n",
      T_ID "c|a|VARCHAR(100)\nc|b|BIGINT\nc|c|TEXT\nc|d|NUMERIC(10,2)\n"
      "c|e|INTEGER\n", ALTER,
      "alter column t.a: type VARCHAR(50) -> VARCHAR(100)\n"
      "alter column t.b: type INTEGER -> BIGINT\n"
      "alter column t.c: type VARCHAR(10) -> TEXT\n"
      "alter column t.d: type NUMERIC(8,2) -> NUMERIC(10,2)\n"
      "alter column t.e: type SMALLINT -> INTEGER" },
    { "narrowing loses data",
      T_ID "c|a|VARCHAR(100)\nc|b|BIGINT\nc|c|INTEGER\nc|d|TEXT\n"
      "c|e|VARCHAR(20)\nc|f|NUMERIC(10,2)\nc|g|NUMERIC(10,2)\n"
      "c|h|CHAR(10)\nc|i|TIMESTAMP\nc|j|BOOLEAN\n",
      T_ID "c|a|VARCHAR(50)\nc|b|INTEGER\nc|c|SMALLINT\nc|d|VARCHAR(10)\n"
      "c|e|INTEGER\nc|f|NUMERIC(8,2)\nc|g|NUMERIC(10,1)\nc|h|CHAR(5)\n"
      "c|i|DATE\nc|j|INTEGER\n", ALTER,
      "alter column t.a: type VARCHAR(100) -> VARCHAR(50) [loss]\n"
      "alter column t.b: type BIGINT -> INTEGER [loss]\n"
      "alter column t.c: type INTEGER -> SMALLINT [loss]\n"
      "alter column t.d: type TEXT -> VARCHAR(10) [loss]\n"
      "alter column t.e: type VARCHAR(20) -> INTEGER [loss]\n"
      "alter column t.f: type NUMERIC(10,2) -> NUMERIC(8,2) [loss]\n"
      "alter column t.g: type NUMERIC(10,2) -> NUMERIC(10,1) [loss]\n"
      "alter column t.h: type CHAR(10) -> CHAR(5) [loss]\n"
      "alter column t.i: type TIMESTAMP -> DATE [loss]\n"
      "alter column t.j: type BOOLEAN -> INTEGER [loss]" },
    { "nullability both ways; NOT NULL is no data loss",
      T_ID "c|a|TEXT\nc|b|TEXT|nn\n", T_ID "c|a|TEXT|nn\nc|b|TEXT\n", ALTER,
      "alter column t.a: not null\nalter column t.b: nullable" },
    { "defaults spelled differently",
      T_ID "c|a|TEXT|d='a'\nc|b|TIMESTAMP|d=CURRENT_TIMESTAMP\n"
      "c|c|BOOLEAN|d=TRUE\nc|d|INTEGER|d=NULL\nc|e|INTEGER|d=((1))\n"
      "c|f|TEXT|d=\"x\"\nc|g|REAL|d= 1.0 \n",
      T_ID "c|a|TEXT|d=('a')\nc|b|TIMESTAMP|d=current_timestamp\n"
      "c|c|BOOLEAN|d=true\nc|d|INTEGER\nc|e|INTEGER|d=1\n"
      "c|f|TEXT|d=x\nc|g|REAL|d=(1.0)\n", ALTER, "" },
    { "changed defaults",
      T_ID "c|a|TEXT|d='a'\nc|b|INTEGER|d=0\nc|c|INTEGER\n"
      "c|d|TEXT|d='A'\nc|e|REAL|d=1\n",
      T_ID "c|a|TEXT\nc|b|INTEGER|d=1\nc|c|INTEGER|d=0\n"
      "c|d|TEXT|d='a'\nc|e|REAL|d=1.0\n", ALTER,
      "alter column t.a: default 'a' -> none\n"
      "alter column t.b: default 0 -> 1\n"
      "alter column t.c: default none -> 0\n"
      "alter column t.d: default 'A' -> 'a'\n"
      "alter column t.e: default 1 -> 1.0" },
    { "the dialect's normalize_default applies",
      T_ID "c|a|TEXT|d='x'::text\nc|b|TEXT|d='x'::text\n",
      T_ID "c|a|TEXT|d='x'\nc|b|TEXT|d='y'\n", CASTS,
      "alter column t.b: default 'x'::text -> 'y'" },
    { "type, nullability and default in one alter",
      T_ID "c|a|VARCHAR(10)|d='x'\n", T_ID "c|a|TEXT|nn|d='y'\n", ALTER,
      "alter column t.a: type VARCHAR(10) -> TEXT not null "
      "default 'x' -> 'y'" },
    { "an auto-increment key's default is not compared",
      "t|t\nc|id|INTEGER|nn|auto|d=nextval('t_id_seq'::regclass)\npk||id\n",
      T_ID, ALTER, "" },
    { "the autoincrement flag is compared (DESIGN.md 2)",
      "t|t\nc|id|INTEGER|nn\npk||id\n", T_ID, ALTER,
      "alter column t.id: auto-generated" },
    { "INTEGER key equals BIGINT key where it cannot be altered",
      T_ID, "t|t\nc|id|BIGINT|nn|auto\npk||id\n", LITE, "" },
    { "but not where it can",
      T_ID, "t|t\nc|id|BIGINT|nn|auto\npk||id\n", ALTER,
      "alter column t.id: type INTEGER -> BIGINT" },
    { "a plain INTEGER and BIGINT differ even without ALTER",
      T_ID "c|n|INTEGER\n", T_ID "c|n|BIGINT\n", LITE, "rebuild table t" },

    /* primary keys */
    { "primary key columns changed",
      "t|t\nc|a|INTEGER|nn\nc|b|INTEGER|nn\npk||a\n",
      "t|t\nc|a|INTEGER|nn\nc|b|INTEGER|nn\npk||a,b\n", ALTER,
      "drop primary key pk_t on t\nadd primary key pk_t on t" },
    { "primary key added and dropped",
      "t|t\nc|a|INTEGER|nn\nt|u\nc|a|INTEGER|nn\npk||a\n",
      "t|t\nc|a|INTEGER|nn\npk||a\nt|u\nc|a|INTEGER|nn\n", ALTER,
      "drop primary key pk_u on u\nadd primary key pk_t on t" },
    { "primary key name ignored where the dialect fixes it",
      "t|t\nc|a|INTEGER|nn\npk|PRIMARY|a\n",
      "t|t\nc|a|INTEGER|nn\npk||a\n", ALTER, "" },
    { "primary key name compared where the dialect keeps it and the "
      "model names it",
      "t|t\nc|a|INTEGER|nn\npk|t_pkey|a\n",
      "t|t\nc|a|INTEGER|nn\npk|pk_custom|a\n", NAMEDPK,
      "drop primary key t_pkey on t\nadd primary key pk_custom on t" },
    { "an unnamed model key matches the name the database chose",
      "t|t\nc|a|INTEGER|nn\npk|t_pkey|a\n",
      "t|t\nc|a|INTEGER|nn\npk||a\n", NAMEDPK, "" },
    { "primary key name equal (case aside) where kept",
      "t|t\nc|a|INTEGER|nn\npk|PK_T|a\n",
      "t|t\nc|a|INTEGER|nn\npk||a\n", NAMEDPK, "" },

    /* unique constraints */
    { "unique: same name, same columns",
      T_ID "c|a|TEXT\nuq|uq_a|a\n", T_ID "c|a|TEXT\nuq|UQ_A|A\n", ALTER,
      "" },
    { "unique: another name, same columns (reflection renamed it)",
      T_ID "c|a|TEXT\nuq|t_a_key|a\n", T_ID "c|a|TEXT\nuq|uq_t_a|a\n",
      ALTER, "" },
    { "unique: same name, other columns",
      T_ID "c|a|TEXT\nc|b|TEXT\nuq|uq_a|a\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nuq|uq_a|a,b\n", ALTER,
      "drop unique constraint uq_a on t\nadd unique constraint uq_a on t" },
    { "unique: column order matters",
      T_ID "c|a|TEXT\nc|b|TEXT\nuq|uq_x|a,b\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nuq|uq_y|b,a\n", ALTER,
      "drop unique constraint uq_x on t\nadd unique constraint uq_y on t" },
    { "unique: added and dropped",
      T_ID "c|a|TEXT\nc|b|TEXT\nuq|uq_a|a\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nuq|uq_b|b\n", ALTER,
      "drop unique constraint uq_a on t\nadd unique constraint uq_b on t" },
    { "unique constraint reflected as a unique index",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|uq_t_a|1|a;\"b\"\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nuq|uq_t_a|a,b\n", ALTER, "" },
    { "unique index modelled, unique constraint reflected",
      T_ID "c|a|TEXT\nuq|t_a_key|a\n",
      T_ID "c|a|TEXT\nix|ix_t_a|1|a\n", ALTER, "" },
    { "a partial unique index is not a unique constraint",
      T_ID "c|a|TEXT\nix|uq_t_a|1|a|a IS NOT NULL\n",
      T_ID "c|a|TEXT\nuq|uq_t_a|a\n", ALTER,
      "drop unique index uq_t_a on t\nadd unique constraint uq_t_a on t" },
    { "a non-unique index is not a unique constraint",
      T_ID "c|a|TEXT\nix|ix_t_a|0|a\n",
      T_ID "c|a|TEXT\nuq|uq_t_a|a\n", ALTER,
      "drop index ix_t_a on t\nadd unique constraint uq_t_a on t" },

    /* foreign keys */
    { "FK: RESTRICT equals NO ACTION",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id|restrict|\n",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id||restrict\n", ALTER, "" },
    { "FK: changed action",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id||\n",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id|cascade|\n", ALTER,
      "drop foreign key fk_p on p\nadd foreign key fk_p on p" },
    { "FK: changed ON UPDATE under another name",
      USERS "t|p\nc|u|INTEGER\nfk|p_u_fkey|u|users|id||\n",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id||setnull\n", ALTER,
      "drop foreign key p_u_fkey on p\nadd foreign key fk_p on p" },
    { "FK: another name, same definition",
      USERS "t|p\nc|u|INTEGER\nfk|p_u_fkey|u|USERS|ID|setnull|\n",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id|setnull|\n", ALTER, "" },
    { "FK: referred columns left out mean the primary key",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id||\n",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|||\n", ALTER, "" },
    { "FK: other referred table",
      USERS "t|v\nc|id|INTEGER\npk||id\nt|p\nc|u|INTEGER\n"
      "fk|fk_p|u|users|id||\n",
      USERS "t|v\nc|id|INTEGER\npk||id\nt|p\nc|u|INTEGER\n"
      "fk|fk_p|u|v|id||\n", ALTER,
      "drop foreign key fk_p on p\nadd foreign key fk_p on p" },

    /* check constraints */
    { "CHECK spelled differently, named differently",
      T_ID "c|x|INTEGER\nck|ck_t_1|(x>0)\n",
      T_ID "c|x|INTEGER\nck|ck_t_x|  X > 0 \n", ALTER, "" },
    { "CHECK changed",
      T_ID "c|x|INTEGER\nck|ck_t_x|x > 0\n",
      T_ID "c|x|INTEGER\nck|ck_t_x|x >= 0\n", ALTER,
      "drop check constraint ck_t_x on t\nadd check constraint ck_t_x on t" },
    { "CHECK string contents are compared exactly",
      T_ID "c|x|TEXT\nck|ck_t_x|x <> 'A'\n",
      T_ID "c|x|TEXT\nck|ck_t_x|x <> 'a'\n", ALTER,
      "drop check constraint ck_t_x on t\nadd check constraint ck_t_x on t" },
    { "MariaDB's implicit json_valid check on a JSON column",
      T_ID "c|doc|JSON\nck|doc|json_valid(`doc`)\n",
      T_ID "c|doc|JSON\n", ALTER, "" },
    { "a json_valid check on a non-JSON column is a difference",
      T_ID "c|doc|TEXT\nck|doc|json_valid(`doc`)\n",
      T_ID "c|doc|TEXT\n", ALTER, "drop check constraint doc on t" },

    /* indexes */
    { "index: same name, same definition",
      T_ID "c|a|TEXT\nix|IX_A|0|LOWER( a )\n",
      T_ID "c|a|TEXT\nix|ix_a|0|lower(a)\n", ALTER, "" },
    { "index: another name, same definition",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|t_a_idx|0|a;b|(b > 1)|btree\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|ix_t_a|0|\"a\";B|b>1\n", ALTER, "" },
    { "index on a column whose name needs quotes",
      T_ID "c|my col|TEXT\nix|ix_t|0|my col\n",
      T_ID "c|my col|TEXT\nix|ix_t2|0|\"My Col\"\n", ALTER, "" },
    { "unique constraint on such a column, unique index on the other side",
      T_ID "c|my col|TEXT\nuq|uq_t|my col\n",
      T_ID "c|my col|TEXT\nix|ix_t|1|\"My Col\"\n", ALTER, "" },
    { "index: changed uniqueness",
      T_ID "c|a|TEXT\nix|ix_a|0|a\n", T_ID "c|a|TEXT\nix|ix_a|1|a\n", ALTER,
      "drop index ix_a on t\nadd unique index ix_a on t" },
    { "index: changed columns, predicate, method",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|i1|0|a\nix|i2|0|a|a > 1\n"
      "ix|i3|0|a\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|i1|0|a;b\nix|i2|0|a|a > 2\n"
      "ix|i3|0|a||hash\n", ALTER,
      "drop index i1 on t\ndrop index i2 on t\ndrop index i3 on t\n"
      "add index i1 on t\nadd index i2 on t\nadd index i3 on t" },
    { "index: added and dropped",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|ix_a|0|a\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|ix_b|0|b\n", ALTER,
      "drop index ix_a on t\nadd index ix_b on t" },
    { "indexes that implement constraints are skipped",
      T_ID "c|a|TEXT\nc|b|INTEGER\nuq|uq_t_a|a\n"
      "ix|sqlite_autoindex_t_1|1|a\nix|uq_t_a|1|a\nix|pk_t|1|id\n"
      "fk|fk_t_b|b|t|id\nix|fk_t_b|0|b\n",
      T_ID "c|a|TEXT\nc|b|INTEGER\nuq|uq_t_a|a\nfk|fk_t_b|b|t|id\n", ALTER,
      "" },

    /* ignore list: see test_compare_ignore */

    /* every step, in order */
    { "full order",
      USERS "c|old|TEXT\nix|ix_users_name|0|name\n"
      "t|posts\nc|id|INTEGER|nn|auto\nc|user_id|INTEGER\npk||id\n"
      "fk|fk_posts_user_id_users|user_id|users|id||\n"
      "t|gone\nc|id|INTEGER\n",
      "t|users\nc|id|INTEGER|nn|auto\nc|name|VARCHAR(100)|nn\n"
      "c|email|VARCHAR(100)\npk||id\nuq|uq_users_email|email\n"
      "ix|ix_users_name|1|name\n"
      "t|posts\nc|id|INTEGER|nn|auto\nc|user_id|INTEGER\npk||id\n"
      "fk|fk_posts_user_id_users|user_id|users|id|cascade|\n"
      "t|tags\nc|id|INTEGER|nn|auto\nc|post_id|INTEGER\npk||id\n"
      "fk||post_id|posts|id\nix|ix_tags_post_id|0|post_id\n", ALTER,
      "drop foreign key fk_posts_user_id_users on posts\n"
      "drop index ix_users_name on users\n"
      "add table tags\n"
      "add index ix_tags_post_id on tags\n"
      "add column users.email\n"
      "alter column users.name: type VARCHAR(50) -> VARCHAR(100)\n"
      "add unique constraint uq_users_email on users\n"
      "add unique index ix_users_name on users\n"
      "add foreign key fk_posts_user_id_users on posts\n"
      "drop column users.old [loss]\n"
      "drop table gone [loss]" },
    { "full order, SQLite: rebuilds after the new tables",
      USERS "c|old|TEXT\nix|ix_users_name|0|name\n"
      "t|posts\nc|id|INTEGER|nn|auto\nc|user_id|INTEGER\npk||id\n"
      "fk|fk_posts_user_id_users|user_id|users|id||\n"
      "t|gone\nc|id|INTEGER\n",
      "t|users\nc|id|INTEGER|nn|auto\nc|name|VARCHAR(100)|nn\n"
      "c|email|VARCHAR(100)\npk||id\nuq|uq_users_email|email\n"
      "ix|ix_users_name|1|name\n"
      "t|posts\nc|id|INTEGER|nn|auto\nc|user_id|INTEGER\npk||id\n"
      "fk|fk_posts_user_id_users|user_id|users|id|cascade|\n"
      "t|tags\nc|id|INTEGER|nn|auto\nc|post_id|INTEGER\npk||id\n"
      "fk||post_id|posts|id\nix|ix_tags_post_id|0|post_id\n", LITE,
      "add table tags\n"
      "add index ix_tags_post_id on tags\n"
      "rebuild table users [loss]\n"
      "rebuild table posts\n"
      "drop table gone [loss]" },

    /* SQLite: what runs in place, what rebuilds */
#define T_ABC T_ID "c|a|TEXT\nc|b|TEXT\nc|c|INTEGER\nix|ix_t_b|0|b\n"
    { "sqlite: add a nullable column", T_ABC, T_ABC "c|x|TEXT\n", LITE,
      "add column t.x" },
    { "sqlite: add NOT NULL with a constant default",
      T_ABC, T_ABC "c|x|INTEGER|nn|d=-1\nc|y|TEXT|nn|d='it''s'\n"
      "c|z|BLOB|d=X'00'\nc|w|BOOLEAN|nn|d=FALSE\n", LITE,
      "add column t.x\nadd column t.y\nadd column t.z\nadd column t.w" },
    { "sqlite: add NOT NULL without a default",
      T_ABC, T_ABC "c|x|INTEGER|nn\n", LITE, "rebuild table t" },
    { "sqlite: add NOT NULL DEFAULT NULL",
      T_ABC, T_ABC "c|x|INTEGER|nn|d=NULL\n", LITE, "rebuild table t" },
    { "sqlite: add with CURRENT_TIMESTAMP default",
      T_ABC, T_ABC "c|x|TIMESTAMP|d=CURRENT_TIMESTAMP\n", LITE,
      "rebuild table t" },
    { "sqlite: add with a parenthesised default",
      T_ABC, T_ABC "c|x|TEXT|d=('a')\n", LITE, "rebuild table t" },
    { "sqlite: add with an expression default",
      T_ABC, T_ABC "c|x|INTEGER|d=1 + 1\n", LITE, "rebuild table t" },
    { "sqlite: add a UNIQUE column",
      T_ABC, T_ABC "c|x|TEXT\nuq||x\n", LITE, "rebuild table t" },
    { "sqlite: drop a plain column", T_ABC, T_ID "c|b|TEXT\nc|c|INTEGER\n"
      "ix|ix_t_b|0|b\n", LITE, "drop column t.a [loss]" },
    { "sqlite: drop an indexed column",
      T_ABC, T_ID "c|a|TEXT\nc|c|INTEGER\n", LITE,
      "rebuild table t [loss]" },
    { "sqlite: drop a column named in an index expression",
      T_ABC "ix|ix_t_la|0|lower(\"A\")\n",
      T_ID "c|b|TEXT\nc|c|INTEGER\nix|ix_t_b|0|b\nix|ix_t_la|0|lower(b)\n",
      LITE, "rebuild table t [loss]" },
    { "sqlite: drop a column of a table with a CHECK",
      T_ABC "ck|ck_t_c|c > 0\n",
      T_ID "c|b|TEXT\nc|c|INTEGER\nix|ix_t_b|0|b\nck|ck_t_c|c > 0\n", LITE,
      "rebuild table t [loss]" },
    { "sqlite: drop a column another table refers to",
      T_ABC "t|o\nc|tc|INTEGER\nfk||tc|t|c\n",
      T_ID "c|a|TEXT\nc|b|TEXT\nix|ix_t_b|0|b\n", LITE,
      "rebuild table t [loss]\ndrop table o [loss]" },
    { "sqlite: drop a column a trigger names",
      T_ABC "tr|CREATE TRIGGER tg AFTER INSERT ON t BEGIN "
      "UPDATE t SET b = NEW.a; END\n",
      T_ID "c|b|TEXT\nc|c|INTEGER\nix|ix_t_b|0|b\n", LITE,
      "rebuild table t [loss]" },
    { "sqlite: drop a FK column",
      T_ID "c|u|INTEGER\nfk||u|t|id\n", T_ID, LITE,
      "rebuild table t [loss]" },
    { "sqlite: index changes run in place",
      T_ABC, T_ID "c|a|TEXT\nc|b|TEXT\nc|c|INTEGER\nix|ix_t_a|0|a\n", LITE,
      "drop index ix_t_b on t\nadd index ix_t_a on t" },
    { "sqlite: any constraint change rebuilds, index ops folded in",
      T_ABC, T_ABC "ix|ix_t_c|0|c\nck||c > 0\n", LITE, "rebuild table t" },
    { "sqlite: alter column rebuilds; narrowing loses data",
      T_ABC, T_ID "c|a|VARCHAR(10)\nc|b|TEXT\nc|c|INTEGER\n"
      "ix|ix_t_b|0|b\n", LITE, "rebuild table t [loss]" },
    /* t's first op is a step (4) constraint, so its rebuild is there */
    { "sqlite: only the tables that need it rebuild",
      T_ABC "t|u\nc|x|TEXT\n",
      T_ABC "ck||c > 0\nt|u\nc|x|TEXT\nc|y|TEXT\n", LITE,
      "add column u.y\nrebuild table t" },
    { "sqlite: a rebuild for a dropped FK still precedes the table drops",
      USERS "t|p\nc|u|INTEGER\nfk|fk_p|u|users|id||\n",
      "t|p\nc|u|INTEGER\n", LITE,
      "rebuild table p\ndrop table users [loss]" },
};

START_TEST(test_compare_cases)
{
    const cmp_case *k = &cases[_i];
    mg_metadata *have = schema(k->have), *want = schema(k->want);
    char *got = compare_text(have, want, k->dialect, NULL);

    ck_assert_msg(strcmp(got, k->ops) == 0,
                  "case '%s':\n--- got\n%s\n--- want\n%s", k->what, got,
                  k->ops);
    free(got);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* Each side compared with itself: nothing to do, on every dialect. */
START_TEST(test_compare_self)
{
    const cmp_case *k = &cases[_i];
    int sides, d;

    for (sides = 0; sides < 2; sides++) {
        mg_metadata *md = schema(sides ? k->want : k->have);
        for (d = LITE; d <= CASTS; d++) {
            char *got = compare_text(md, md, d, NULL);
            ck_assert_msg(*got == '\0', "case '%s' side %d dialect %d: %s",
                          k->what, sides, d, got);
            free(got);
        }
        mg_metadata_free(md);
    }
}
END_TEST

/* The version tables are invisible on both sides, case aside. */
START_TEST(test_compare_ignore)
{
    mg_metadata *have = schema(USERS "t|migrate_version\nc|v|TEXT\n"
                                     "t|keep_out\nc|v|TEXT\n");
    mg_metadata *want = schema(USERS "c|email|TEXT\n"
                                     "t|MIGRATE_VERSION_LOG\nc|v|TEXT\n"
                                     "t|keep_out\nc|w|INTEGER\n");
    mg_strlist ignore = MG_STRLIST_INIT;
    char *got;

    ck_assert_int_eq(mg_strlist_add(&ignore, "Migrate_Version"), 0);
    ck_assert_int_eq(mg_strlist_add(&ignore, "migrate_version_log"), 0);
    ck_assert_int_eq(mg_strlist_add(&ignore, "KEEP_OUT"), 0);
    got = compare_text(have, want, ALTER, &ignore);
    ck_assert_str_eq(got, "add column users.email");
    free(got);
    /* without the list, they are ordinary tables */
    got = compare_text(have, want, ALTER, NULL);
    ck_assert_str_eq(got, "add table MIGRATE_VERSION_LOG\n"
                          "add column keep_out.w\n"
                          "add column users.email\n"
                          "drop column keep_out.v [loss]\n"
                          "drop table migrate_version [loss]");
    free(got);
    mg_strlist_release(&ignore);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* Ops point into the right schema: old_* into have, new_* into want. */
START_TEST(test_compare_op_pointers)
{
    mg_metadata *have = schema(USERS "c|old|TEXT\nix|ix_n|0|name\n"
                               "t|gone\nc|id|INTEGER\n");
    mg_metadata *want = schema("t|users\nc|id|INTEGER|nn|auto\n"
                               "c|name|TEXT|nn\nc|email|TEXT\npk||id\n"
                               "uq||email\nix|ix_n|1|name\n"
                               "t|a\nc|id|INTEGER\nc|b_id|INTEGER\n"
                               "fk|fk_a_b|b_id|b|id\n"
                               "t|b\nc|id|INTEGER\nc|a_id|INTEGER\n"
                               "fk|fk_b_a|a_id|a|id\n");
    const mg_table *hu = mg_metadata_table(have, "users");
    const mg_table *wu = mg_metadata_table(want, "users");
    const mg_table *wa = mg_metadata_table(want, "a");
    mg_oplist *l = NULL;
    mg_error err;
    const mg_op *op;
    size_t i, seen = 0;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, have, want, &dialects[ALTER], NULL, &err), &err);
    for (i = 0; i < mg_oplist_count(l); i++) {
        op = mg_oplist_at(l, i);
        switch (op->kind) {
        case MG_OP_CREATE_TABLE:
            if (op->new_table == wa) {
                ck_assert_uint_eq(op->ndeferred_fks, 1);
                ck_assert_ptr_eq(op->deferred_fks[0], wa->constraints[0]);
                seen |= 1;
            }
            ck_assert_ptr_null(op->old_table);
            break;
        case MG_OP_ADD_COLUMN:
            ck_assert_ptr_eq(op->new_table, wu);
            ck_assert_ptr_eq(op->new_column, mg_table_column(wu, "email"));
            seen |= 2;
            break;
        case MG_OP_ALTER_COLUMN:
            ck_assert_ptr_eq(op->old_table, hu);
            ck_assert_ptr_eq(op->new_table, wu);
            ck_assert_ptr_eq(op->old_column, mg_table_column(hu, "name"));
            ck_assert_ptr_eq(op->new_column, mg_table_column(wu, "name"));
            ck_assert_uint_eq(op->changes, MG_CHANGE_TYPE);
            seen |= 4;
            break;
        case MG_OP_DROP_COLUMN:
            ck_assert_ptr_eq(op->old_table, hu);
            ck_assert_ptr_eq(op->old_column, mg_table_column(hu, "old"));
            seen |= 8;
            break;
        case MG_OP_DROP_INDEX:
            ck_assert_ptr_eq(op->index, hu->indexes[0]);
            seen |= 16;
            break;
        case MG_OP_CREATE_INDEX:
            ck_assert_ptr_eq(op->index, wu->indexes[0]);
            seen |= 32;
            break;
        case MG_OP_ADD_CONSTRAINT:
            if (op->constraint->kind == MG_CONSTRAINT_UNIQUE) {
                ck_assert_ptr_eq(op->constraint, wu->constraints[1]);
                seen |= 64;
            } else {
                ck_assert_ptr_eq(op->constraint, wa->constraints[0]);
                ck_assert_ptr_eq(op->new_table, wa);
                seen |= 128;
            }
            break;
        case MG_OP_DROP_TABLE:
            ck_assert_ptr_eq(op->old_table,
                             mg_metadata_table(have, "gone"));
            ck_assert_ptr_null(op->new_table);
            seen |= 256;
            break;
        default:
            ck_abort_msg("unexpected op kind %d", (int)op->kind);
        }
    }
    ck_assert_uint_eq(seen, 511);
    ck_assert_uint_eq(mg_oplist_count(l), 10);
    mg_oplist_free(l);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* A rebuild carries both tables and the data-loss flag of what it folds. */
START_TEST(test_compare_rebuild_op)
{
    mg_metadata *have = schema(T_ID "c|a|TEXT\n");
    mg_metadata *want = schema(T_ID "c|a|TEXT|nn\n");
    mg_oplist *l = NULL;
    mg_error err;
    const mg_op *op;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, have, want, &dialects[LITE], NULL, &err), &err);
    ck_assert_uint_eq(mg_oplist_count(l), 1);
    op = mg_oplist_at(l, 0);
    ck_assert_int_eq(op->kind, MG_OP_REBUILD_TABLE);
    ck_assert_ptr_eq(op->old_table, mg_metadata_table(have, "t"));
    ck_assert_ptr_eq(op->new_table, mg_metadata_table(want, "t"));
    ck_assert_int_eq(op->data_loss, 0);
    mg_oplist_free(l);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* Comparing the other way round gives the inverse changes. */
START_TEST(test_compare_reverse_direction)
{
    mg_metadata *a = schema(USERS "c|bio|VARCHAR(200)\n");
    mg_metadata *b = schema(USERS "c|bio|TEXT\nt|extra\nc|id|INTEGER\n");
    char *up = compare_text(a, b, ALTER, NULL);
    char *down = compare_text(b, a, ALTER, NULL);

    ck_assert_str_eq(up, "add table extra\n"
                         "alter column users.bio: type VARCHAR(200) -> TEXT");
    ck_assert_str_eq(down, "alter column users.bio: type TEXT -> "
                           "VARCHAR(200) [loss]\n"
                           "drop table extra [loss]");
    free(up);
    free(down);
    mg_metadata_free(a);
    mg_metadata_free(b);
}
END_TEST

/* ---- through the model parser ----------------------------------------- */

static mg_metadata *
model(const char *text)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "models.sql", text, strlen(text), 0, &err),
             &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

#define DESIGN_MODELS \
    "CREATE TABLE users (\n" \
    "    id         INTEGER PRIMARY KEY,\n" \
    "    name       VARCHAR(50) NOT NULL,\n" \
    "    email      VARCHAR(100) NOT NULL UNIQUE,\n" \
    "    active     BOOLEAN NOT NULL DEFAULT TRUE,\n" \
    "    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n" \
    ");\n" \
    "CREATE TABLE posts (\n" \
    "    id      INTEGER PRIMARY KEY,\n" \
    "    title   VARCHAR(200) NOT NULL,\n" \
    "    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n" \
    "    CONSTRAINT ck_posts_title CHECK (length(title) > 0)\n" \
    ");\n" \
    "CREATE INDEX ix_posts_user_id ON posts (user_id);\n"

static const cmp_case model_cases[] = {
    { "the DESIGN example, respelled",
      "create table \"users\" (id int primary key, name varchar( 50 ) not "
      "null, email varchar(100) not null, active bool not null default "
      "(true), created_at timestamp not null default (CURRENT_TIMESTAMP),"
      "constraint users_email_key unique (email));\n"
      "create table posts (id int generated by default as identity not "
      "null, title varchar(200) not null,"
      "user_id int not null, primary key (id), foreign key (user_id) "
      "references users on delete cascade, check ( length( title )>0 ));\n"
      "create index posts_user on posts (\"user_id\");\n",
      DESIGN_MODELS, ALTER, "" },
    { "the DESIGN example from nothing", "", DESIGN_MODELS, ALTER,
      "add table users\nadd table posts\nadd index ix_posts_user_id on posts" },
    /* a dropped table's indexes are dropped first, so the downgrade
     * recreates them */
    { "the DESIGN example dropped", DESIGN_MODELS, "", ALTER,
      "drop index ix_posts_user_id on posts\ndrop table posts [loss]\n"
      "drop table users [loss]" },
    { "a changed column and a new index", DESIGN_MODELS,
      "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL,"
      " email VARCHAR(100) NOT NULL UNIQUE, active BOOLEAN NOT NULL DEFAULT"
      " FALSE, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);\n"
      "CREATE UNIQUE INDEX ix_users_name ON users (lower(name));\n"
      "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT "
      "NULL, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE "
      "CASCADE, CONSTRAINT ck_posts_title CHECK (length(title) > 0));\n"
      "CREATE INDEX ix_posts_user_id ON posts (user_id);\n", LITE,
      "rebuild table users [loss]" },
    { "a cycle between new tables", "",
      "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b);\n"
      "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a);\n",
      ALTER, "add table a [deferred fk_a_b_id_b]\nadd table b\n"
      "add foreign key fk_a_b_id_b on a" },
};

START_TEST(test_compare_models)
{
    const cmp_case *k = &model_cases[_i];
    mg_metadata *have = model(k->have), *want = model(k->want);
    char *got = compare_text(have, want, k->dialect, NULL);

    ck_assert_msg(strcmp(got, k->ops) == 0,
                  "case '%s':\n--- got\n%s\n--- want\n%s", k->what, got,
                  k->ops);
    free(got);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* ---- mg_normalize_expr ------------------------------------------------ */

typedef struct norm_case {
    const char *in;
    const char *out;
} norm_case;

static const norm_case norm_cases[] = {
    { "", "" },
    { "   ", "" },
    { "  x   >  0 ", "x > 0" },
    { "x>0", "x > 0" },
    { "(x>0)", "x > 0" },
    { "((( x > 0 )))", "x > 0" },
    { "(a) + (b)", "(a) + (b)" },
    { "(a + b) * (c)", "(a + b) * (c)" },
    { "('a')", "'a'" },
    { "'It''s  A'", "'It''s  A'" },
    { "'(x)'", "'(x)'" },
    { "LOWER( Name )", "lower(name)" },
    { "lower (name)", "lower(name)" },
    { "\"Name\"", "name" },
    { "`my_col` + 1", "my_col + 1" },
    { "\"My Col\"", "\"my col\"" },
    { "`a\"b`", "\"a\"\"b\"" },
    { "\"a\"\"b\"", "\"a\"\"b\"" },
    { "\"select\"", "select" },
    { "x IN (1,2 , 3)", "x in (1, 2, 3)" },
    { "a AND (b OR c)", "a and (b or c)" },
    { "NOT (a)", "not (a)" },
    { "coalesce(a,b)", "coalesce(a, b)" },
    { "count( * )", "count(*)" },
    { "1.0", "1.0" },
    { "1E5", "1e5" },
    { ".5", ".5" },
    { "TRUE", "true" },
    { "CURRENT_TIMESTAMP", "current_timestamp" },
    { "'a'::character varying", "'a'::character varying" },
    { "'a' :: TEXT", "'a'::text" },
    { "nextval('t_id_seq'::regclass)", "nextval('t_id_seq'::regclass)" },
    { "x>-1", "x > - 1" },
    { "x > - 1", "x > - 1" },
    { "a<>b", "a <> b" },
    { "a!=b", "a != b" },
    { "a<=b", "a <= b" },
    { "a||'x'", "a || 'x'" },
    { "doc->>'k'", "doc ->> 'k'" },
    { "t.x", "t.x" },
    { "t . \"X\"", "t.x" },
    { "X'AB'", "x'AB'" },
    { "x -- note\n> 0", "x > 0" },
    { "/* c */ x /* d */", "x" },
    { "(datetime( 'now' ))", "datetime('now')" },
    { "strftime('%Y', 'now')", "strftime('%Y', 'now')" },
    { "(a, b)", "a, b" },
    { "(a))", "(a))" },
    { "((a)", "((a)" },
    { "'unterminated", "'unterminated" },
    { "CASE WHEN a THEN 1 ELSE 0 END", "case when a then 1 else 0 end" },
    { "length(title) > 0", "length(title) > 0" },
};

START_TEST(test_normalize_expr)
{
    const norm_case *k = &norm_cases[_i];
    mg_buf b = MG_BUF_INIT;

    mg_normalize_expr(&b, k->in);
    ck_assert_msg(strcmp(mg_buf_cstr(&b), k->out) == 0,
                  "normalize '%s': got '%s', want '%s'", k->in,
                  mg_buf_cstr(&b), k->out);
    mg_buf_release(&b);
}
END_TEST

/* Normalising twice changes nothing. */
START_TEST(test_normalize_idempotent)
{
    const norm_case *k = &norm_cases[_i];
    mg_buf once = MG_BUF_INIT, twice = MG_BUF_INIT;

    mg_normalize_expr(&once, k->in);
    mg_normalize_expr(&twice, mg_buf_cstr(&once));
    ck_assert_msg(strcmp(mg_buf_cstr(&once), mg_buf_cstr(&twice)) == 0,
                  "'%s' -> '%s' -> '%s'", k->in, mg_buf_cstr(&once),
                  mg_buf_cstr(&twice));
    mg_buf_release(&once);
    mg_buf_release(&twice);
}
END_TEST

/* Appends to what the buffer holds. */
START_TEST(test_normalize_appends)
{
    mg_buf b = MG_BUF_INIT;

    mg_buf_puts(&b, "x=");
    mg_normalize_expr(&b, "( A )");
    ck_assert_str_eq(mg_buf_cstr(&b), "x=a");
    mg_buf_release(&b);
}
END_TEST

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *
compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc;

    tc = tcase_create("cases");
    tcase_add_loop_test(tc, test_compare_cases, 0, NCASES(cases));
    suite_add_tcase(s, tc);
    tc = tcase_create("self");
    tcase_add_loop_test(tc, test_compare_self, 0, NCASES(cases));
    suite_add_tcase(s, tc);
    tc = tcase_create("ops");
    tcase_add_test(tc, test_compare_ignore);
    tcase_add_test(tc, test_compare_op_pointers);
    tcase_add_test(tc, test_compare_rebuild_op);
    tcase_add_test(tc, test_compare_reverse_direction);
    suite_add_tcase(s, tc);
    tc = tcase_create("models");
    tcase_add_loop_test(tc, test_compare_models, 0, NCASES(model_cases));
    suite_add_tcase(s, tc);
    tc = tcase_create("normalize");
    tcase_add_loop_test(tc, test_normalize_expr, 0, NCASES(norm_cases));
    tcase_add_loop_test(tc, test_normalize_idempotent, 0,
                        NCASES(norm_cases));
    tcase_add_test(tc, test_normalize_appends);
    suite_add_tcase(s, tc);
    return s;
}
