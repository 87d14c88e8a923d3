/* fuzz_model.c - libFuzzer harness for the model parser (lib/model_parse.c)
 * and the naming convention (lib/naming.c). The input is model text, read
 * once as a model file and once as SQLite DDL (MG_MODEL_LENIENT), each
 * followed by mg_model_finish. Besides the sanitizers' own checks it
 * asserts the parser's promises: a parse error is MG_EPARSE with a message
 * starting "fuzz.sql:line:col: " and a location inside the text; a finish
 * error has a message; after finish every constraint and index has a name
 * and every column a type; and what reads as a model file reads the same
 * way, table for table, as SQLite DDL (lenient only accepts more). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg_model.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 + the number of newlines in the text: the last line an error may
 * name. */
static int
count_lines(const char *s, size_t n)
{
    int lines = 1;
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == '\n')
            lines++;
    return lines;
}

static void
check_parse_error(const mg_error *err, int rc, int lines)
{
    char prefix[64];

    CHECK(rc == MG_EPARSE || rc == MG_ENOMEM);
    CHECK(err->code == rc);
    CHECK(err->msg[0] != '\0');
    if (rc != MG_EPARSE)
        return;
    CHECK(strcmp(err->file, "fuzz.sql") == 0);
    CHECK(err->line >= 1 && err->line <= lines);
    CHECK(err->col >= 1);
    snprintf(prefix, sizeof(prefix), "fuzz.sql:%d:%d: ", err->line,
             err->col);
    CHECK(strncmp(err->msg, prefix, strlen(prefix)) == 0);
    CHECK(err->msg[strlen(prefix)] != '\0');
}

static void
check_finished(const mg_metadata *md)
{
    size_t i, j;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        CHECK(t && t->name && t->name[0] && t->ncolumns > 0);
        CHECK(mg_metadata_table(md, t->name) != NULL);
        for (j = 0; j < t->ncolumns; j++) {
            const mg_column *c = t->columns[j];
            CHECK(c->name && c->name[0] && c->position == (int)j);
            CHECK(c->type.kind != MG_TYPE_OTHER || c->type.name);
            CHECK(c->nullable == 0 || c->nullable == 1);
        }
        for (j = 0; j < t->nconstraints; j++) {
            const mg_constraint *k = t->constraints[j];
            CHECK(k->name && k->name[0]);
            CHECK(j == 0 || k->kind != MG_CONSTRAINT_PRIMARY_KEY);
            if (k->kind == MG_CONSTRAINT_FOREIGN_KEY)
                CHECK(k->ref_table && k->columns.n > 0 &&
                      k->columns.n == k->ref_columns.n);
            if (k->kind == MG_CONSTRAINT_CHECK)
                CHECK(k->expression && k->expression[0]);
            if (k->kind == MG_CONSTRAINT_PRIMARY_KEY) {
                size_t c;
                for (c = 0; c < k->columns.n; c++)
                    CHECK(mg_table_column(t, k->columns.v[c])->nullable ==
                          0);
            }
        }
        for (j = 0; j < t->nindexes; j++)
            CHECK(t->indexes[j]->name && t->indexes[j]->name[0] &&
                  t->indexes[j]->expressions.n > 0);
    }
}

/* Parse and finish with flags; returns the metadata on success. */
static mg_metadata *
run(const char *text, size_t len, unsigned int flags, int lines)
{
    mg_metadata *md = NULL;
    mg_error err;
    int rc;

    mg_error_clear(&err);
    if (mg_metadata_new(&md, &err) < 0)
        return NULL;
    rc = mg_model_parse(md, "fuzz.sql", text, len, flags, &err);
    if (rc < 0) {
        check_parse_error(&err, rc, lines);
        mg_metadata_free(md);
        return NULL;
    }
    CHECK(rc == 0);
    mg_error_clear(&err);
    rc = mg_model_finish(md, &err);
    if (rc < 0) {
        CHECK(err.code == rc && err.msg[0] != '\0');
        mg_metadata_free(md);
        return NULL;
    }
    check_finished(md);
    return md;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    int lines = count_lines(text, size);
    mg_metadata *strict, *lenient;
    size_t i, j;

    strict = run(text, size, 0, lines);
    lenient = run(text, size, MG_MODEL_LENIENT, lines);
    if (strict) {
        CHECK(lenient != NULL);
        CHECK(mg_metadata_table_count(strict) ==
              mg_metadata_table_count(lenient));
        for (i = 0; i < mg_metadata_table_count(strict); i++) {
            const mg_table *a = mg_metadata_table_at(strict, i);
            const mg_table *b = mg_metadata_table_at(lenient, i);
            CHECK(strcmp(a->name, b->name) == 0);
            CHECK(a->ncolumns == b->ncolumns);
            CHECK(a->nconstraints == b->nconstraints);
            CHECK(a->nindexes == b->nindexes);
            for (j = 0; j < a->ncolumns; j++)
                CHECK(a->columns[j]->type.kind == b->columns[j]->type.kind);
            for (j = 0; j < a->nconstraints; j++)
                CHECK(strcmp(a->constraints[j]->name,
                             b->constraints[j]->name) == 0);
        }
    }
    mg_metadata_free(strict);
    mg_metadata_free(lenient);
    return 0;
}
