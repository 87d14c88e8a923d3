/* fuzz_config.c - libFuzzer harness for lib/config.c, parsing from memory
 * through mg_config__parse_string. Besides surviving any input, a config
 * that loads must have a valid version table, paths resolved against the
 * config's directory, and a versions directory inside the script
 * location; one that fails must say where, with a known code. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)
#define PATH "sub/migrate.ini"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_resolved(const char *p)
{
    CHECK(p != NULL);
    CHECK(p[0] == '/' || strncmp(p, "sub/", 4) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    mg_config *cfg = NULL;
    mg_error err;
    int rc;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    rc = mg_config__parse_string(&cfg, PATH, text, &err);
    if (rc == 0) {
        const char *t = mg_config_version_table(cfg);
        const char *s = mg_config_script_location(cfg);
        const char *v = mg_config_versions_dir(cfg);
        size_t i, sn;

        CHECK(strcmp(mg_config_path(cfg), PATH) == 0);
        CHECK(strcmp(mg_config_dir(cfg), "sub") == 0);
        CHECK(t && (isalpha((unsigned char)t[0]) || t[0] == '_'));
        for (i = 0; t[i]; i++)
            CHECK(isalnum((unsigned char)t[i]) || t[i] == '_');
        CHECK(i <= 60);
        check_resolved(s);
        check_resolved(mg_config_models(cfg));
        sn = strlen(s);
        CHECK(sn > 0);
        CHECK(v && strncmp(v, s, sn) == 0);
        CHECK(strcmp(v + sn, s[sn - 1] == '/' ? "versions" : "/versions")
              == 0);
        (void)mg_config_get(cfg, "url");
        (void)mg_config_get_in(cfg, "", "url");
        (void)mg_config_url(cfg, NULL);
        mg_config_free(cfg);
    } else {
        CHECK(cfg == NULL);
        CHECK(rc == MG_EPARSE || rc == MG_ENOMEM || rc == MG_EIO);
        CHECK(err.code == rc);
        CHECK(rc != MG_EPARSE || strncmp(err.msg, PATH ":", 16) == 0);
    }
    free(text);
    return 0;
}
