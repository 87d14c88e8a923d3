/* migrate.h - libmigrate's umbrella header: include this one. */
#ifndef MIGRATE_H
#define MIGRATE_H

#include "mg_common.h"
#include "mg_url.h"
#include "mg_config.h"
#include "mg_split.h"
#include "mg_revgraph.h"
#include "mg_revfile.h"
#include "mg_scriptdir.h"
#include "mg_engine.h"
#include "mg_runtime.h"
#include "mg_metadata.h"
#include "mg_object.h"
#include "mg_op.h"
#include "mg_model.h"
#include "mg_sort.h"
#include "mg_compare.h"
#include "mg_render.h"
#include "mg_inspect.h"
#include "mg_source.h"
#include "mg_erd.h"
#include "mg_git.h"
#include "mg_db.h"
#include "mg_file.h"
#include "mg_interrupt.h"
#include "mg_dialect_resolve.h"
#include "mg_check.h"
#include "mg_autogen.h"
#include "mg_adopt.h"
#include "mg_curate.h"

#endif
