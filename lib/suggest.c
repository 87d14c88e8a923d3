/* suggest.c - the nearest known name to a misspelled one, by optimal string
 * alignment distance (Levenshtein plus swapping two neighbours), so that
 * "down_revison", "transactoin" and "scrip_location" each name the key the
 * user meant. Case is ignored ("URL" means "url"). Keys are short, so the
 * quadratic table is small. */
#include "suggest_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LEN 64      /* longer words are never near a key */

static size_t
min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;

    return m < c ? m : c;
}

/* Letters equal but for case: "URL" is the key "url" mistyped. */
static int
same(char x, char y)
{
    return tolower((unsigned char)x) == tolower((unsigned char)y);
}

/* The edit distance between a and b (case ignored), or (size_t)-1 when either is longer
 * than MAX_LEN. */
static size_t
distance(const char *a, const char *b)
{
    size_t d[MAX_LEN + 1][MAX_LEN + 1];
    size_t n = strlen(a), m = strlen(b), i, j;

    if (n > MAX_LEN || m > MAX_LEN)
        return (size_t)-1;
    for (i = 0; i <= n; i++)
        d[i][0] = i;
    for (j = 0; j <= m; j++)
        d[0][j] = j;
    for (i = 1; i <= n; i++)
        for (j = 1; j <= m; j++) {
            size_t cost = !same(a[i - 1], b[j - 1]);

            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
                           d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) &&
                same(a[i - 2], b[j - 1]) && d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    return d[n][m];
}

const char *
mg_suggest__nearest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, i;

    for (i = 0; candidates[i]; i++) {
        size_t d = distance(word, candidates[i]);
        size_t limit = strlen(candidates[i]) / 3;

        if (limit < 2)
            limit = 2;
        if (d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

void
mg_suggest__hint(mg_buf *out, const char *word,
                 const char *const *candidates)
{
    const char *near = mg_suggest__nearest(word, candidates);
    size_t i;

    if (near) {
        mg_buf_addf(out, "did you mean '%s'?", near);
        return;
    }
    mg_buf_puts(out, "expected ");
    for (i = 0; candidates[i]; i++) {
        if (i)
            mg_buf_puts(out, candidates[i + 1] ? ", " : " or ");
        mg_buf_puts(out, candidates[i]);
    }
}
