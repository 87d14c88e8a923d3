/* fuzz_url.c - libFuzzer harness for lib/url.c. Besides surviving any
 * input, a URL that parses must redact its secrets: the redacted form
 * reparses to the same URL with "***" for the password and for every
 * password parameter, and, when the input has no percent escapes (so each
 * secret is written as it decodes), a secret of 4 or more characters
 * occurs fewer times in the redacted form and in mg_url_redact_text's
 * output than in the input, which can only hold when the secret's own
 * occurrence was masked. Any other occurrence belongs to another part. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mg_url.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;

    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p++;
    }
    return n;
}

static int
same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* secret must have lost at least one occurrence between text and out. */
static void
check_masked(const char *text, const char *out, const char *secret)
{
    if (!secret || strlen(secret) < 4 || strchr(secret, '*') ||
        strchr(text, '%'))
        return;
    CHECK(count(out, secret) < count(text, secret));
}

static void
check_reparse(const mg_url *url)
{
    mg_url *again = NULL;
    const char *pw = mg_url_password(url);
    size_t i;

    CHECK(mg_url_parse(&again, mg_url_redacted(url), NULL) == 0);
    CHECK(same(mg_url_scheme(again), mg_url_scheme(url)));
    CHECK(same(mg_url_scheme_written(again), mg_url_scheme_written(url)));
    CHECK(same(mg_url_user(again), mg_url_user(url)));
    CHECK(same(mg_url_password(again), pw && pw[0] ? "***" : pw));
    CHECK(same(mg_url_host(again), mg_url_host(url)));
    CHECK(mg_url_port(again) == mg_url_port(url));
    CHECK(same(mg_url_database(again), mg_url_database(url)));
    CHECK(mg_url_is_memory(again) == mg_url_is_memory(url));
    CHECK(mg_url_param_count(again) == mg_url_param_count(url));
    for (i = 0; i < mg_url_param_count(url); i++) {
        const char *k1, *v1, *k2, *v2;

        mg_url_param_at(url, i, &k1, &v1);
        mg_url_param_at(again, i, &k2, &v2);
        CHECK(same(k1, k2));
        if (strcasecmp(k1, "password") == 0 && v1[0])
            CHECK(same(v2, "***"));
        else
            CHECK(same(v1, v2));
    }
    CHECK(same(mg_url_redacted(again), mg_url_redacted(url)));
    mg_url_free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    char *free_text;
    mg_url *url = NULL;
    mg_error err;
    size_t i;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    free_text = mg_url_redact_text(text);
    CHECK(free_text != NULL);

    if (mg_url_parse(&url, text, &err) == 0) {
        const char *red = mg_url_redacted(url);

        CHECK(red != NULL);
        check_masked(text, red, mg_url_password(url));
        check_masked(text, free_text, mg_url_password(url));
        for (i = 0; i < mg_url_param_count(url); i++) {
            const char *k, *v;

            mg_url_param_at(url, i, &k, &v);
            if (strcasecmp(k, "password") == 0) {
                check_masked(text, red, v);
                check_masked(text, free_text, v);
            }
        }
        check_reparse(url);
        mg_url_free(url);
    } else {
        CHECK(err.code < 0 && err.msg[0] != '\0');
        CHECK(url == NULL);
    }
    free(free_text);
    free(text);
    return 0;
}
