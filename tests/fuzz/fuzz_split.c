/* fuzz_split.c - libFuzzer harness for mg_split. The first byte chooses the
 * MG_SPLIT_* flags (low five bits) and the first line (high three bits), the
 * rest is the SQL text. Besides the sanitizers' own checks it asserts the
 * splitter's promises: on success, lines never decrease and start at
 * first_line, every text is non-empty, NUL-terminated without blank ends and
 * found in the input after the previous one; on failure, MG_EPARSE with no
 * list, a message and a line at or after first_line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mg_split.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Offset of the n bytes at needle in hay[from, len), or (size_t)-1. */
static size_t
find(const char *hay, size_t len, size_t from, const char *needle, size_t n)
{
    size_t i;

    for (i = from; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return i;
    return (size_t)-1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mg_stmtlist *list = NULL;
    mg_error err;
    const char *sql;
    unsigned int flags;
    int first_line, prev, rc;
    size_t len, k, count, pos = 0;

    if (size < 1)
        return 0;
    flags = data[0] & 0x1fu;
    first_line = 1 + (data[0] >> 5);
    sql = (const char *)data + 1;
    len = size - 1;

    mg_error_clear(&err);
    rc = mg_split(&list, sql, len, first_line, flags, &err);
    if (rc < 0) {
        if (list || rc != MG_EPARSE || err.code != rc ||
            err.line < first_line || err.msg[0] == '\0')
            abort();
        return 0;
    }
    if (rc != 0 || !list)
        abort();
    count = mg_stmtlist_count(list);
    prev = first_line;
    for (k = 0; k < count; k++) {
        const char *text = mg_stmtlist_sql(list, k);
        int line = mg_stmtlist_line(list, k);
        int block = mg_stmtlist_is_block(list, k);
        size_t n, at;

        if (!text || line < prev || (block != 0 && block != 1))
            abort();
        n = strlen(text);
        if (n == 0 || is_blank(text[0]) || is_blank(text[n - 1]))
            abort();
        if (block && !memchr(text, ';', n))
            abort();
        at = find(sql, len, pos, text, n);
        if (at == (size_t)-1)
            abort();
        pos = at + n;
        prev = line;
    }
    if (mg_stmtlist_sql(list, count) != NULL)
        abort();
    mg_stmtlist_free(list);
    return 0;
}
