/* mg_config.h - migrate.ini: the [migrate] section, paths resolved against
 * the config file's directory, and the URL precedence of DESIGN.md 3. */
#ifndef MG_CONFIG_H
#define MG_CONFIG_H

#include "mg_common.h"

MG_BEGIN_DECL

typedef struct mg_config mg_config;

/* Read an INI file (parsed with inih). Keys are read from the [migrate]
 * section; other sections are kept and readable with mg_config_get_in.
 * [migrate] holds only script_location, models, url, version_table,
 * transaction_per_revision, dialects, shadow_url, roundtrip, manage,
 * include_objects, exclude_objects, online and check_url.<dialect> keys; any other key there is an error.
 * Errors: MG_ENOTFOUND (no such file: message "cannot open 'path'"),
 * MG_EPARSE ("path:line: ..." for a malformed line, or for an unknown
 * [migrate] key: "unknown key 'scrip_location' in [migrate] (did you mean
 * 'script_location'?)"). */
MG_EXTERN
int mg_config_load(mg_config **out, const char *path, mg_error *err);

/* A config with only defaults, as if loaded from dir/migrate.ini that has
 * an empty [migrate] section. */
MG_EXTERN
int mg_config_new_defaults(mg_config **out, const char *dir, mg_error *err);
MG_EXTERN
void mg_config_free(mg_config *cfg);

/* Raw value of key in [migrate], NULL when absent. */
MG_EXTERN
const char *mg_config_get(const mg_config *cfg, const char *key);
/* Raw value of key in [section], NULL when absent. */
MG_EXTERN
const char *mg_config_get_in(const mg_config *cfg, const char *section,
                             const char *key);

/* The config file path as given, and its directory ("." when none). */
MG_EXTERN
const char *mg_config_path(const mg_config *cfg);
MG_EXTERN
const char *mg_config_dir(const mg_config *cfg);

/* Resolved settings. Relative paths are joined to the config directory
 * (without a leading "./" when that directory is "."). */
MG_EXTERN
const char *mg_config_script_location(const mg_config *cfg); /* migrations */
MG_EXTERN
const char *mg_config_versions_dir(const mg_config *cfg); /* .../versions */
MG_EXTERN
const char *mg_config_models(const mg_config *cfg);          /* models.sql */
MG_EXTERN
const char *mg_config_version_table(const mg_config *cfg);   /* migrate_version */
/* transaction_per_revision (default true); false: upgrade and downgrade
 * run the whole plan in one transaction, as --one-transaction does. */
MG_EXTERN
int mg_config_transaction_per_revision(const mg_config *cfg);
/* roundtrip (default false): check proves each revision reversible, as
 * check --roundtrip does. */
MG_EXTERN
int mg_config_roundtrip(const mg_config *cfg);
/* online (default false): autogenerate writes the dialect's forms that
 * do not block writes, as revision --autogenerate --online does
 * (mg_autogen_opts.online). */
MG_EXTERN
int mg_config_online(const mg_config *cfg);

/* The URL to use: override (from --url) when non-NULL, else MIGRATE_URL,
 * else DATABASE_URL, else the config's url key. NULL when none is set. */
MG_EXTERN
const char *mg_config_url(const mg_config *cfg, const char *override);

/* The line of the config file on which key of [migrate] was given, 0 when
 * it was not (so an error about a value can name migrate.ini:LINE). */
MG_EXTERN
int mg_config_line(const mg_config *cfg, const char *key);

/* The dialects the history serves (DESIGN.md 4): `dialects = sqlite,
 * postgresql`, appended to out as canonical names (mg_dialect_name; an
 * alias such as mysql as mariadb), each once. Nothing is appended when the
 * key is not set (the history serves the URL's dialect alone). cfg may be
 * NULL. Errors: MG_EPARSE "path:line: unknown dialect 'x' in dialects
 * ...", MG_ENOMEM. */
MG_EXTERN
int mg_config_dialects(const mg_config *cfg, mg_strlist *out, mg_error *err);

/* The server `check` replays dialect's sections on (a scratch database is
 * made there and dropped): MIGRATE_CHECK_URL_<DIALECT> (the name upper
 * cased), else `check_url.<dialect>` in [migrate]; NULL when neither is
 * set. cfg may be NULL. */
MG_EXTERN
const char *mg_config_check_url(const mg_config *cfg, const char *dialect);

MG_END_DECL
#endif
