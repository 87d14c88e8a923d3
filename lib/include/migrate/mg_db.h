/* mg_db.h - libmigrate as a database runtime for C programs, one header
 * per concept, all included here: the engine and its pool of connections
 * shared between threads (mg_pool.h), statements without parameters,
 * transactions and savepoints (mg_transaction.h), prepared statements with
 * `?` placeholders and typed values (mg_stmt.h), statement builders over an
 * mg_metadata (mg_builder.h), create_all/drop_all (mg_create_all.h).
 *
 * Every call that sends SQL is a macro over an `_at` function that adds the
 * caller's __FILE__ and __LINE__, which the query hook and echo report. */
#ifndef MG_DB_H
#define MG_DB_H

#include "mg_pool.h"
#include "mg_transaction.h"
#include "mg_stmt.h"
#include "mg_builder.h"
#include "mg_create_all.h"

#endif
