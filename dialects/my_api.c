/* my_api.c - the table of MariaDB Connector/C's functions (see my_api_int.h). */
#define MG_MY_API_C
#include "my_api_int.h"

MG_DYNLIB_DEFINE(my_api, MG_MY_FUNCS, MG_MARIADB_SONAME,
                 "MariaDB", MG_EDB)
