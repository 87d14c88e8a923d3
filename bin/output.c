/* output.c - the JSON writer behind --json. */
#include "output.h"

void
json_init(json *j, FILE *f)
{
    j->f = f;
    j->depth = 0;
    j->first[0] = 1;
    j->after_key = 0;
}

static void
sep(json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = 0;
}

static void
open_(json *j, char c)
{
    sep(j);
    fputc(c, j->f);
    if (j->depth < 31)
        j->depth++;
    j->first[j->depth] = 1;
}

void json_begin_object(json *j) { open_(j, '{'); }
void json_begin_array(json *j) { open_(j, '['); }

void
json_end_object(json *j)
{
    fputc('}', j->f);
    if (j->depth > 0)
        j->depth--;
}

void
json_end_array(json *j)
{
    fputc(']', j->f);
    if (j->depth > 0)
        j->depth--;
}

static void
put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"':  fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20)
                fprintf(f, "\\u%04x", c);
            else
                fputc(c, f);
        }
    }
    fputc('"', f);
}

void
json_key(json *j, const char *key)
{
    sep(j);
    put_string(j->f, key);
    fputc(':', j->f);
    j->after_key = 1;
}

void
json_string(json *j, const char *s)
{
    sep(j);
    if (s)
        put_string(j->f, s);
    else
        fputs("null", j->f);
}

void
json_int(json *j, long long v)
{
    sep(j);
    fprintf(j->f, "%lld", v);
}

void
json_bool(json *j, int v)
{
    sep(j);
    fputs(v ? "true" : "false", j->f);
}

void
json_strlist(json *j, const mg_strlist *l)
{
    size_t i;

    json_begin_array(j);
    for (i = 0; l && i < l->n; i++)
        json_string(j, l->v[i]);
    json_end_array(j);
}

void
json_finish(json *j)
{
    fputc('\n', j->f);
    fflush(j->f);
}
