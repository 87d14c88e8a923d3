/* check_config.c - unit tests for lib/config.c. Each case writes a
 * migrate.ini into a fresh temporary directory and checks every resolved
 * setting, or the exact error; "$" in an expected value stands for that
 * directory (or, in a message, for the file's path). Environment variables
 * are cleared around the URL precedence tests. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suites.h"

static char tmpdir[64];
static char inipath[128];

static void
setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/mgcfgXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(inipath, sizeof(inipath), "%s/migrate.ini", tmpdir);
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
}

static void
teardown(void)
{
    unlink(inipath);
    rmdir(tmpdir);
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
}

static void
write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void
write_ini(const char *text)
{
    write_file(inipath, text, strlen(text));
}

/* want with each '$' replaced by at, into b (cleared first). */
static const char *
expand(mg_buf *b, const char *want, const char *at)
{
    mg_buf_clear(b);
    for (; *want; want++) {
        if (*want == '$')
            mg_buf_puts(b, at);
        else
            mg_buf_putc(b, *want);
    }
    return mg_buf_cstr(b);
}

struct cfg_ok {
    const char *text;
    const char *scripts;
    const char *versions;
    const char *models;
    const char *table;
    const char *url;            /* the config's url, NULL when none */
};

#define T60 "abcdefghij_bcdefghij_bcdefghij_bcdefghij_bcdefghij_bcdefghij"

static const struct cfg_ok ok_cases[] = {
    { "[migrate]\n", "$/migrations", "$/migrations/versions",
      "$/models.sql", "migrate_version", NULL },
    { "", "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", NULL },
    { "[migrate]\nscript_location = migrations\nmodels = models.sql\n"
      "url = sqlite:///app.db\nversion_table = migrate_version\n",
      "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", "sqlite:///app.db" },
    { "[migrate]\nscript_location = /abs/mig\nmodels = /abs/m.sql\n",
      "/abs/mig", "/abs/mig/versions", "/abs/m.sql", "migrate_version",
      NULL },
    { "[migrate]\nscript_location = db/migrations\n"
      "models = schema/models.sql\n", "$/db/migrations",
      "$/db/migrations/versions", "$/schema/models.sql", "migrate_version",
      NULL },
    { "[migrate]\nscript_location = mig/\n", "$/mig/", "$/mig/versions",
      "$/models.sql", "migrate_version", NULL },
    { "[migrate]\nversion_table = alembic_version_2\n", "$/migrations",
      "$/migrations/versions", "$/models.sql", "alembic_version_2", NULL },
    { "[migrate]\nversion_table = _v\n", "$/migrations",
      "$/migrations/versions", "$/models.sql", "_v", NULL },
    { "[migrate]\nversion_table = " T60 "\n", "$/migrations",
      "$/migrations/versions", "$/models.sql", T60, NULL },
    { "[migrate]\nurl = sqlite:///%(here)s/app.db\n"
      "models = %(here)s/m.sql\n", "$/migrations", "$/migrations/versions",
      "$/m.sql", "migrate_version", "sqlite:///$/app.db" },
    { "; comment\n# another\n[migrate]\n   \n"
      "url = postgresql://u:p@h/db ; note\n", "$/migrations",
      "$/migrations/versions", "$/models.sql", "migrate_version",
      "postgresql://u:p@h/db" },
    { "[migrate]\nurl = postgresql://u:p%%40w@h/d%2Fb\n", "$/migrations",
      "$/migrations/versions", "$/models.sql", "migrate_version",
      "postgresql://u:p%40w@h/d%2Fb" },
    { "[migrate]\nscript_location =\nmodels =\nversion_table =\nurl =\n",
      "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", "" },
    { "[other]\nurl = sqlite:///o.db\nmodels = x.sql\n[migrate]\n",
      "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", NULL },
    { "[migrate]\nurl = sqlite:///a.db\nurl = sqlite:///b.db\n",
      "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", "sqlite:///b.db" },
    { "[migrate]\nurl = sqlite:///a.db\n[other]\nk = v\n[migrate]\n"
      "models = m.sql\n", "$/migrations", "$/migrations/versions",
      "$/m.sql", "migrate_version", "sqlite:///a.db" },
    { "[migrate]\nurl =\n    sqlite:///cont.db\n", "$/migrations",
      "$/migrations/versions", "$/models.sql", "migrate_version",
      "sqlite:///cont.db" },
    { "[migrate]\nurl = a\n  b\n\tc\nmodels = m.sql\n", "$/migrations",
      "$/migrations/versions", "$/m.sql", "migrate_version", "a\nb\nc" },
    /* other sections, and keys before any, may hold any key */
    { "top = 1\n[migrate]\n[logging]\nlevel = debug\nscrip_location = x\n",
      "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", NULL },
    { "[migrate]\ntransaction_per_revision = false\ndialects = sqlite\n"
      "roundtrip = on\n",
      "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", NULL },
    { "[migrate]\nurl: sqlite:///colon.db\n", "$/migrations",
      "$/migrations/versions", "$/models.sql", "migrate_version",
      "sqlite:///colon.db" },
    { "\xEF\xBB\xBF[migrate]\r\nurl = sqlite:///crlf.db\r\n",
      "$/migrations", "$/migrations/versions", "$/models.sql",
      "migrate_version", "sqlite:///crlf.db" },
    { "[migrate]\nurl = 100%\nmodels = 50%%.sql\n", "$/migrations",
      "$/migrations/versions", "$/50%.sql", "migrate_version", "100%" }
};

START_TEST(test_config_load_ok)
{
    const struct cfg_ok *c = &ok_cases[_i];
    mg_config *cfg = NULL;
    mg_error err;
    mg_buf b = MG_BUF_INIT;

    mg_error_clear(&err);
    write_ini(c->text);
    ck_mg_ok(mg_config_load(&cfg, inipath, &err), &err);
    ck_assert_ptr_nonnull(cfg);
    ck_assert_str_eq(mg_config_path(cfg), inipath);
    ck_assert_str_eq(mg_config_dir(cfg), tmpdir);
    ck_assert_str_eq(mg_config_script_location(cfg),
                     expand(&b, c->scripts, tmpdir));
    ck_assert_str_eq(mg_config_versions_dir(cfg),
                     expand(&b, c->versions, tmpdir));
    ck_assert_str_eq(mg_config_models(cfg), expand(&b, c->models, tmpdir));
    ck_assert_str_eq(mg_config_version_table(cfg), c->table);
    if (c->url)
        ck_assert_pstr_eq(mg_config_get(cfg, "url"),
                          expand(&b, c->url, tmpdir));
    else
        ck_assert_ptr_null(mg_config_get(cfg, "url"));
    mg_buf_release(&b);
    mg_config_free(cfg);
}
END_TEST

struct cfg_bad {
    const char *text;
    int         code;
    const char *msg;            /* '$' is the file's path */
    int         line;
};

static const struct cfg_bad bad_cases[] = {
    { "[migrate\nurl = x\n", MG_EPARSE, "$:1: malformed line", 1 },
    { "[migrate]\nurl = x\nnot a pair\n", MG_EPARSE, "$:3: malformed line",
      3 },
    { "[migrate]\nbad\n[x\n", MG_EPARSE, "$:2: malformed line", 2 },
    { "[migrate]\nversion_table = 1abc\n", MG_EPARSE,
      "$: invalid version_table '1abc'", 0 },
    { "[migrate]\nversion_table = bad-name\n", MG_EPARSE,
      "$: invalid version_table 'bad-name'", 0 },
    { "[migrate]\nversion_table = a b\n", MG_EPARSE,
      "$: invalid version_table 'a b'", 0 },
    { "[migrate]\nversion_table = x;\n", MG_EPARSE,
      "$: invalid version_table 'x;'", 0 },
    { "[migrate]\nversion_table = " T60 "x\n", MG_EPARSE,
      "$: invalid version_table '" T60 "x'", 0 },
    /* an unknown key in [migrate] names the key meant (keys are
     * case-sensitive: "URL" was ignored in silence before) */
    { "[migrate]\nscrip_location = migrations\n", MG_EPARSE,
      "$:2: unknown key 'scrip_location' in [migrate] (did you mean "
      "'script_location'?)", 2 },
    { "[migrate]\nurl = x\n[other]\nk = v\n[migrate]\nmodel = m.sql\n",
      MG_EPARSE, "$:6: unknown key 'model' in [migrate] (did you mean "
      "'models'?)", 6 },
    { "[migrate]\nURL = sqlite:///upper.db\nModels = x\n", MG_EPARSE,
      "$:2: unknown key 'URL' in [migrate] (did you mean 'url'?)", 2 },
    { "[migrate]\nversion_tabel = v\n", MG_EPARSE,
      "$:2: unknown key 'version_tabel' in [migrate] (did you mean "
      "'version_table'?)", 2 },
    { "[migrate]\ntransaction_per_revison = false\n", MG_EPARSE,
      "$:2: unknown key 'transaction_per_revison' in [migrate] (did you "
      "mean 'transaction_per_revision'?)", 2 },
    { "[migrate]\nurl = x\n  continued\nsqlalchemy.url = y\n", MG_EPARSE,
      "$:4: unknown key 'sqlalchemy.url' in [migrate] (expected "
      "script_location, models, url, version_table, "
      "transaction_per_revision, dialects, shadow_url, roundtrip, manage, "
      "include_objects, exclude_objects or online)", 4 },
    { "[migrate]\nonline = sometimes\n", MG_EPARSE,
      "$: invalid online 'sometimes' (expected true or false)", 0 },
    { "[migrate]\nroundtrip = maybe\n", MG_EPARSE,
      "$: invalid roundtrip 'maybe' (expected true or false)", 0 },
    { "[migrate]\nmanage = tables, views, gadgets\n", MG_EPARSE,
      "$: invalid manage item 'gadgets' (expected tables, schemas, types, "
      "domains, sequences, functions, procedures, views, materialized "
      "views, triggers or comments)", 0 },
};

START_TEST(test_config_load_bad)
{
    const struct cfg_bad *c = &bad_cases[_i];
    mg_config *cfg = (mg_config *)&cfg;     /* must be reset to NULL */
    mg_error err;
    mg_buf b = MG_BUF_INIT;

    mg_error_clear(&err);
    write_ini(c->text);
    ck_assert_int_eq(mg_config_load(&cfg, inipath, &err), c->code);
    ck_assert_ptr_null(cfg);
    ck_assert_int_eq(err.code, c->code);
    ck_assert_str_eq(err.msg, expand(&b, c->msg, inipath));
    ck_assert_int_eq(err.line, c->line);
    mg_buf_release(&b);
}
END_TEST

/* A true/false key: false unless set, in transaction_per_revision's
 * words, as get reads it. */
static void
bool_key(const char *key, int (*get)(const mg_config *))
{
    static const struct { const char *value; int want; } k[] = {
        { NULL, 0 }, { "true", 1 }, { "ON", 1 }, { "yes", 1 }, { "0", 0 },
        { "off", 0 },
    };
    size_t i;

    for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        mg_config *cfg = NULL;
        mg_error err;
        char text[128];
        snprintf(text, sizeof(text), "[migrate]\n%s%s%s%s", k[i].value ? key
                 : "", k[i].value ? " = " : "", k[i].value ? k[i].value : "",
                 k[i].value ? "\n" : "");
        write_ini(text);
        ck_mg_ok(mg_config_load(&cfg, inipath, &err), &err);
        ck_assert_msg(get(cfg) == k[i].want, "%s", text);
        mg_config_free(cfg);
    }
}

/* roundtrip: check proves each revision reversible. */
START_TEST(test_config_roundtrip)
{
    bool_key("roundtrip", mg_config_roundtrip);
}
END_TEST

/* online: autogenerate writes online forms. */
START_TEST(test_config_online)
{
    bool_key("online", mg_config_online);
}
END_TEST

START_TEST(test_config_long_line)
{
    mg_config *cfg = NULL;
    mg_error err;
    mg_buf b = MG_BUF_INIT;
    size_t i;

    mg_error_clear(&err);
    mg_buf_puts(&b, "[migrate]\nurl = sqlite:///");
    for (i = 0; i < 300; i++)
        mg_buf_putc(&b, 'a');
    mg_buf_puts(&b, ".db\nthis line is bad\n");
    write_ini(mg_buf_cstr(&b));
    ck_assert_int_eq(mg_config_load(&cfg, inipath, &err), MG_EPARSE);
    ck_assert_ptr_null(cfg);
    mg_buf_clear(&b);
    mg_buf_addf(&b, "%s:2: line too long (at most ", inipath);
    ck_assert_msg(strncmp(err.msg, mg_buf_cstr(&b), b.len) == 0,
                  "unexpected message '%s'", err.msg);
    ck_assert_int_eq(err.line, 2);
    mg_buf_release(&b);
}
END_TEST

START_TEST(test_config_nul_byte)
{
    static const char text[] = "[migrate]\nurl = a\0b\n";
    mg_config *cfg = NULL;
    mg_error err;
    mg_buf b = MG_BUF_INIT;

    mg_error_clear(&err);
    write_file(inipath, text, sizeof(text) - 1);
    ck_assert_int_eq(mg_config_load(&cfg, inipath, &err), MG_EPARSE);
    ck_assert_ptr_null(cfg);
    mg_buf_addf(&b, "%s:2: malformed line", inipath);
    ck_assert_str_eq(err.msg, mg_buf_cstr(&b));
    mg_buf_release(&b);
}
END_TEST

START_TEST(test_config_missing)
{
    mg_config *cfg = NULL;
    mg_error err;
    mg_buf b = MG_BUF_INIT;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_config_load(&cfg, inipath, &err), MG_ENOTFOUND);
    ck_assert_ptr_null(cfg);
    mg_buf_addf(&b, "cannot open config file '%s': No such file or directory",
                inipath);
    ck_assert_str_eq(err.msg, mg_buf_cstr(&b));
    mg_buf_release(&b);
}
END_TEST

START_TEST(test_config_directory)
{
    mg_config *cfg = NULL;
    mg_error err;
    mg_buf b = MG_BUF_INIT;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_config_load(&cfg, tmpdir, &err), MG_EIO);
    ck_assert_ptr_null(cfg);
    mg_buf_addf(&b, "cannot read config file '%s': Is a directory", tmpdir);
    ck_assert_str_eq(err.msg, mg_buf_cstr(&b));
    mg_buf_release(&b);
}
END_TEST

START_TEST(test_config_sections)
{
    mg_config *cfg = NULL;
    mg_error err;

    mg_error_clear(&err);
    write_ini("top = level\n[migrate]\nurl = u\n[logging]\nlevel = debug\n"
              "url = other\n");
    ck_mg_ok(mg_config_load(&cfg, inipath, &err), &err);
    ck_assert_str_eq(mg_config_get(cfg, "url"), "u");
    ck_assert_str_eq(mg_config_get_in(cfg, "migrate", "url"), "u");
    ck_assert_str_eq(mg_config_get_in(cfg, "logging", "url"), "other");
    ck_assert_str_eq(mg_config_get_in(cfg, "logging", "level"), "debug");
    ck_assert_str_eq(mg_config_get_in(cfg, "", "top"), "level");
    ck_assert_ptr_null(mg_config_get_in(cfg, "logging", "missing"));
    ck_assert_ptr_null(mg_config_get_in(cfg, "nosuch", "url"));
    ck_assert_ptr_null(mg_config_get(cfg, "level"));
    ck_assert_ptr_null(mg_config_get_in(NULL, "migrate", "url"));
    mg_config_free(cfg);
    mg_config_free(NULL);
}
END_TEST

/* A config read through a relative path: its directory stays relative,
 * but %(here)s is absolute. */
START_TEST(test_config_relative_here)
{
    char cwd[4096];
    mg_buf rel = MG_BUF_INIT, want = MG_BUF_INIT;
    mg_config *cfg = NULL;
    mg_error err;
    const char *p;

    mg_error_clear(&err);
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    for (p = cwd; *p; p++)
        if (*p == '/' && p[1])
            mg_buf_puts(&rel, "../");
    mg_buf_puts(&rel, tmpdir + 1);
    mg_buf_puts(&rel, "/migrate.ini");
    write_ini("[migrate]\nurl = sqlite:///%(here)s/app.db\n"
              "script_location = %(here)s/mig\n");
    ck_mg_ok(mg_config_load(&cfg, mg_buf_cstr(&rel), &err), &err);
    ck_assert_str_eq(mg_config_path(cfg), mg_buf_cstr(&rel));
    rel.len -= strlen("/migrate.ini");
    rel.ptr[rel.len] = '\0';
    ck_assert_str_eq(mg_config_dir(cfg), mg_buf_cstr(&rel));
    mg_buf_addf(&want, "sqlite:///%s%s%s/app.db", cwd,
                strcmp(cwd, "/") ? "/" : "", mg_buf_cstr(&rel));
    ck_assert_str_eq(mg_config_get(cfg, "url"), mg_buf_cstr(&want));
    mg_buf_clear(&want);
    mg_buf_addf(&want, "%s%s%s/mig", cwd, strcmp(cwd, "/") ? "/" : "",
                mg_buf_cstr(&rel));
    ck_assert_str_eq(mg_config_script_location(cfg), mg_buf_cstr(&want));
    mg_buf_release(&rel);
    mg_buf_release(&want);
    mg_config_free(cfg);
}
END_TEST

/* mg_config_new_defaults: dir -> path, dir, and the resolved settings. */
static const struct {
    const char *dir;
    const char *path;
    const char *cfgdir;
    const char *scripts;
    const char *versions;
    const char *models;
} def_cases[] = {
    { ".", "migrate.ini", ".", "migrations", "migrations/versions",
      "models.sql" },
    { NULL, "migrate.ini", ".", "migrations", "migrations/versions",
      "models.sql" },
    { "", "migrate.ini", ".", "migrations", "migrations/versions",
      "models.sql" },
    { "sub", "sub/migrate.ini", "sub", "sub/migrations",
      "sub/migrations/versions", "sub/models.sql" },
    { "a/b/", "a/b/migrate.ini", "a/b", "a/b/migrations",
      "a/b/migrations/versions", "a/b/models.sql" },
    { "/", "/migrate.ini", "/", "/migrations", "/migrations/versions",
      "/models.sql" },
    { "/srv/app", "/srv/app/migrate.ini", "/srv/app", "/srv/app/migrations",
      "/srv/app/migrations/versions", "/srv/app/models.sql" },
    { "./x", "./x/migrate.ini", "./x", "./x/migrations",
      "./x/migrations/versions", "./x/models.sql" }
};

START_TEST(test_config_defaults)
{
    mg_config *cfg = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_config_new_defaults(&cfg, def_cases[_i].dir, &err), &err);
    ck_assert_str_eq(mg_config_path(cfg), def_cases[_i].path);
    ck_assert_str_eq(mg_config_dir(cfg), def_cases[_i].cfgdir);
    ck_assert_str_eq(mg_config_script_location(cfg), def_cases[_i].scripts);
    ck_assert_str_eq(mg_config_versions_dir(cfg), def_cases[_i].versions);
    ck_assert_str_eq(mg_config_models(cfg), def_cases[_i].models);
    ck_assert_str_eq(mg_config_version_table(cfg), "migrate_version");
    ck_assert_ptr_null(mg_config_get(cfg, "url"));
    ck_assert_ptr_null(mg_config_url(cfg, NULL));
    mg_config_free(cfg);
}
END_TEST

/* URL precedence: override, MIGRATE_URL, DATABASE_URL, config. NULL
 * means unset, "" set but empty; cfgurl NULL means no url key. nocfg is
 * the answer when no config is given. */
static const struct {
    const char *override;
    const char *migrate_url;
    const char *database_url;
    const char *cfgurl;
    const char *want;
    const char *nocfg;
} url_cases[] = {
    { NULL, NULL, NULL, NULL, NULL, NULL },
    { NULL, NULL, NULL, "", NULL, NULL },
    { NULL, NULL, NULL, "sqlite:///c.db", "sqlite:///c.db", NULL },
    { NULL, NULL, "sqlite:///d.db", "sqlite:///c.db", "sqlite:///d.db",
      "sqlite:///d.db" },
    { NULL, "sqlite:///m.db", "sqlite:///d.db", "sqlite:///c.db",
      "sqlite:///m.db", "sqlite:///m.db" },
    { "sqlite:///o.db", "sqlite:///m.db", "sqlite:///d.db",
      "sqlite:///c.db", "sqlite:///o.db", "sqlite:///o.db" },
    { NULL, "", "sqlite:///d.db", "sqlite:///c.db", "sqlite:///d.db",
      "sqlite:///d.db" },
    { NULL, "", "", "sqlite:///c.db", "sqlite:///c.db", NULL },
    { NULL, "sqlite:///m.db", NULL, NULL, "sqlite:///m.db",
      "sqlite:///m.db" },
    { NULL, NULL, "sqlite:///d.db", NULL, "sqlite:///d.db",
      "sqlite:///d.db" },
    { "", "sqlite:///m.db", NULL, NULL, "", "" },
    { "sqlite:///o.db", NULL, NULL, NULL, "sqlite:///o.db",
      "sqlite:///o.db" }
};

/* dialects: canonical names in order, each once; check_url.<dialect>
 * keys are settings, the environment's MIGRATE_CHECK_URL_<DIALECT> wins;
 * an unknown dialect is an error at its line. */
START_TEST(test_config_dialects)
{
    static const char ini[] =
        "[migrate]\nurl = sqlite:///a.db\n"
        "dialects = sqlite, postgresql,mysql sqlite\n"
        "check_url.postgresql = postgresql://u@h/db\n";
    mg_strlist l = MG_STRLIST_INIT;
    mg_config *cfg = NULL;
    mg_buf b = MG_BUF_INIT;
    mg_error err;

    write_file(inipath, ini, sizeof(ini) - 1);
    ck_mg_ok(mg_config_load(&cfg, inipath, &err), &err);
    ck_mg_ok(mg_config_dialects(cfg, &l, &err), &err);
    mg_strlist_join(&l, ",", &b);
    ck_assert_str_eq(mg_buf_cstr(&b), "sqlite,postgresql,mariadb");
    ck_assert_str_eq(mg_config_check_url(cfg, "postgresql"),
                     "postgresql://u@h/db");
    ck_assert_ptr_null(mg_config_check_url(cfg, "mariadb"));
    setenv("MIGRATE_CHECK_URL_MARIADB", "mariadb://u@h/x", 1);
    setenv("MIGRATE_CHECK_URL_POSTGRESQL", "postgresql://v@h/y", 1);
    ck_assert_str_eq(mg_config_check_url(cfg, "mariadb"), "mariadb://u@h/x");
    ck_assert_str_eq(mg_config_check_url(cfg, "postgresql"),
                     "postgresql://v@h/y");
    unsetenv("MIGRATE_CHECK_URL_MARIADB");
    unsetenv("MIGRATE_CHECK_URL_POSTGRESQL");
    mg_config_free(cfg);
    mg_strlist_release(&l);
    mg_buf_release(&b);
    /* not set: nothing (the URL's dialect alone) */
    write_file(inipath, "[migrate]\n", 10);
    ck_mg_ok(mg_config_load(&cfg, inipath, &err), &err);
    ck_mg_ok(mg_config_dialects(cfg, &l, &err), &err);
    ck_assert_int_eq(l.n, 0);
    mg_config_free(cfg);
    write_file(inipath, "[migrate]\n\ndialects = sqlite, oracle\n", 37);
    ck_mg_ok(mg_config_load(&cfg, inipath, &err), &err);
    ck_assert_int_eq(mg_config_dialects(cfg, &l, &err), MG_EPARSE);
    ck_assert_int_eq(err.line, 3);
    ck_assert_str_eq(err.msg + strlen(err.msg) - 67, "unknown dialect "
                     "'oracle' in dialects (not a dialect this build has)");
    mg_config_free(cfg);
    mg_strlist_release(&l);
}
END_TEST

START_TEST(test_config_url_precedence)
{
    mg_config *cfg = NULL;
    mg_error err;
    mg_buf b = MG_BUF_INIT;

    mg_error_clear(&err);
    mg_buf_puts(&b, "[migrate]\n");
    if (url_cases[_i].cfgurl)
        mg_buf_addf(&b, "url = %s\n", url_cases[_i].cfgurl);
    write_ini(mg_buf_cstr(&b));
    mg_buf_release(&b);
    if (url_cases[_i].migrate_url)
        ck_assert_int_eq(setenv("MIGRATE_URL", url_cases[_i].migrate_url, 1),
                         0);
    if (url_cases[_i].database_url)
        ck_assert_int_eq(setenv("DATABASE_URL", url_cases[_i].database_url,
                                1), 0);
    ck_mg_ok(mg_config_load(&cfg, inipath, &err), &err);
    ck_assert_pstr_eq(mg_config_url(cfg, url_cases[_i].override),
                      url_cases[_i].want);
    ck_assert_pstr_eq(mg_config_url(NULL, url_cases[_i].override),
                      url_cases[_i].nocfg);
    mg_config_free(cfg);
}
END_TEST

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *
config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc;

    tc = tcase_create("load_ok");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_config_load_ok, 0, NCASES(ok_cases));
    tcase_add_test(tc, test_config_sections);
    tcase_add_test(tc, test_config_dialects);
    tcase_add_test(tc, test_config_relative_here);
    suite_add_tcase(s, tc);
    tc = tcase_create("load_bad");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_config_load_bad, 0, NCASES(bad_cases));
    tcase_add_test(tc, test_config_long_line);
    tcase_add_test(tc, test_config_roundtrip);
    tcase_add_test(tc, test_config_online);
    tcase_add_test(tc, test_config_nul_byte);
    tcase_add_test(tc, test_config_missing);
    tcase_add_test(tc, test_config_directory);
    suite_add_tcase(s, tc);
    tc = tcase_create("defaults");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_config_defaults, 0, NCASES(def_cases));
    suite_add_tcase(s, tc);
    tc = tcase_create("url_precedence");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_config_url_precedence, 0,
                        NCASES(url_cases));
    suite_add_tcase(s, tc);
    return s;
}
