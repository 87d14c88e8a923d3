/* output.h - writing JSON documents for --json: a tiny streaming writer
 * that escapes strings and places commas. */
#ifndef MIGRATE_OUTPUT_H
#define MIGRATE_OUTPUT_H

#include <stdio.h>

#include "migrate.h"

typedef struct json {
    FILE *f;
    int   depth;
    int   first[32];    /* no member written yet at this depth */
    int   after_key;    /* a key was written, its value comes next */
} json;

void json_init(json *j, FILE *f);
void json_begin_object(json *j);
void json_end_object(json *j);
void json_begin_array(json *j);
void json_end_array(json *j);
void json_key(json *j, const char *key);
void json_string(json *j, const char *s);   /* NULL writes null */
void json_int(json *j, long long v);
void json_bool(json *j, int v);
void json_strlist(json *j, const mg_strlist *l);
/* Ends the document with a newline. */
void json_finish(json *j);
/* How many documents json_finish has ended on stdout (--json prints one:
 * an error after it is told on stderr only). */
int json_stdout_documents(void);

/* GitHub workflow commands: escape %, CR and LF everywhere, and ':' and
 * ',' in property values. */
void github_escape(FILE *f, const char *s, int property);
/* "::LEVEL file=F,line=N,title=T::message" on stdout; file (NULL: none)
 * relative to the root of the git working tree when there is one, as
 * GitHub wants it; title may be NULL. */
void github_annotation(const char *level, const char *file, int line,
                       const char *title, const char *message);

#endif
