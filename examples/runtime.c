/* runtime.c - libmigrate as a database runtime: open a pooled engine, create
 * the tables of a model, insert and query through builders and plain SQL
 * inside a transaction, and see every query with the line that issued it.
 *
 *   cc runtime.c $(pkg-config --cflags --libs libmigrate) -o runtime
 *   ./runtime 'sqlite:///app.db' models.sql   (or a postgresql:// or
 *                                              mariadb:// URL) */
#include <migrate/migrate.h>

#include <inttypes.h>
#include <stdio.h>

static void
show_query(void *data, const mg_query_info *q)
{
    (void)data;
    fprintf(stderr, "%s:%d  %.3f ms  %s\n", q->file, q->line,
            q->duration_ms, q->sql);
}

int
main(int argc, char **argv)
{
    mg_metadata *md = NULL;
    mg_db *db = NULL;
    mg_conn *c = NULL;
    mg_builder *b = NULL;
    mg_stmt *st = NULL;
    mg_db_opts opts;
    mg_error err;
    int64_t uid = 0;
    int rc;

    mg_error_clear(&err);
    mg_db_opts_init(&opts);
    opts.pool_size = 2;
    opts.hook = show_query;
    if (argc != 3) {
        fprintf(stderr, "usage: runtime URL MODELS\n");
        return 2;
    }
    /* one model file drives the tables, the builders and the migrations */
    if ((rc = mg_model_load(&md, argv[2], &err)) < 0 ||
        (rc = mg_db_open(&db, argv[1], &opts, &err)) < 0 ||
        (rc = mg_db_checkout(&c, db, &err)) < 0 ||
        (rc = mg_create_all(c, md, 1, &err)) < 0 ||
        (rc = mg_conn_begin(c, &err)) < 0)
        goto done;

    /* INSERT through a builder; the key comes back on every dialect */
    if ((rc = mg_insert_new(&b, md, "users", &err)) < 0)
        goto done;
    mg_builder_set(b, "name", mg_value_text("Ada"));
    mg_builder_set(b, "active", mg_value_bool(1));
    if ((rc = mg_builder_execute(&st, c, b, &err)) < 0 ||
        (rc = mg_stmt_last_id(st, &uid, &err)) < 0)
        goto done;
    mg_stmt_free(st);
    st = NULL;

    /* plain SQL with ? placeholders */
    if ((rc = mg_stmt_prepare(&st, c, "INSERT INTO posts (title, user_id) "
                              "VALUES (?, ?)", &err)) < 0)
        goto done;
    mg_stmt_bind_text(st, 1, "Notes on the engine");
    mg_stmt_bind_int(st, 2, uid);
    if ((rc = mg_stmt_execute(st, &err)) < 0 ||
        (rc = mg_conn_commit(c, &err)) < 0)
        goto done;
    mg_stmt_free(st);
    st = NULL;
    mg_builder_free(b);

    /* SELECT along the foreign key */
    if ((rc = mg_select_new(&b, md, "posts", &err)) < 0)
        goto done;
    mg_select_column(b, "title");
    mg_select_column(b, "users.name");
    mg_select_join(b, "users", 0);
    mg_builder_where(b, mg_expr_cmp("users.active", MG_EQ,
                                    mg_value_bool(1)));
    if ((rc = mg_builder_execute(&st, c, b, &err)) < 0)
        goto done;
    while ((rc = mg_stmt_next(st, &err)) == 1)
        printf("%s by %s\n", mg_stmt_column_text(st, 0),
               mg_stmt_column_text(st, mg_stmt_column_index(st, "name")));
done:
    if (rc < 0)
        fprintf(stderr, "runtime: %s\n", err.msg);
    mg_stmt_free(st);
    mg_builder_free(b);
    mg_conn_release(c);
    mg_db_close(db);
    mg_metadata_free(md);
    return rc < 0 ? 1 : 0;
}
