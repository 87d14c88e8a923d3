/* config_int.h - libmigrate-internal entry points of config.c (not
 * installed), used by the fuzz harness to parse without a file. */
#ifndef MG_CONFIG_INT_H
#define MG_CONFIG_INT_H

#include "mg_config.h"

/* Parse text as the contents of the config file at path (which is only
 * used for the directory and for messages) into a new config. Errors:
 * MG_EPARSE ("path:line: ..." for a malformed line or an unknown
 * [migrate] key, or "path: invalid version_table ..."),
 * MG_ENOMEM, MG_EIO (no current directory to expand %(here)s). */
int mg_config__parse_string(mg_config **out, const char *path,
                            const char *text, mg_error *err);

#endif
