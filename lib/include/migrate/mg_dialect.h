/* mg_dialect.h - the dialect authors' interface under its earlier name:
 * everything is in <migrate/sys/dialect.h>, which this includes. */
#ifndef MG_DIALECT_COMPAT_H
#define MG_DIALECT_COMPAT_H

#include "sys/dialect.h"

#endif
