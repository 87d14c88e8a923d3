/* check_dynlib.c - unit tests for lib/dynlib.c: a library is opened once
 * and its table filled in order; a missing library or symbol is an error
 * that names them, with the table's error code, and stays one. */
#include <string.h>

#include "suites.h"
#include "dynlib_int.h"

/* libm is on every system this builds on, under its soname. */
#define LIBM "libm.so.6"

typedef struct math_api {
    double (*cos)(double);
    double (*sqrt)(double);
} math_api;

START_TEST(loads_and_fills_in_order)
{
    static const char *const names[] = { "cos", "sqrt" };
    math_api api;
    mg_dynlib lib = { LIBM, "maths", MG_EDB, names, 2, &api, 0, "" };
    mg_error err;

    memset(&api, 0, sizeof(api));
    mg_error_clear(&err);
    ck_mg_ok(mg_dynlib_load(&lib, &err), &err);
    ck_assert_int_eq(lib.state, 1);
    ck_assert_ptr_nonnull(api.cos);
    ck_assert_int_eq((int)api.sqrt(16.0), 4);
    ck_assert_int_eq((int)api.cos(0.0), 1);
    /* the second call is the first's result */
    ck_mg_ok(mg_dynlib_load(&lib, &err), &err);
}
END_TEST

START_TEST(missing_library_names_it)
{
    static const char *const names[] = { "cos" };
    math_api api;
    mg_dynlib lib = { "libmigrate-nosuch.so.9", "PostgreSQL", MG_EDB,
                      names, 1, &api, 0, "" };
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_dynlib_load(&lib, &err), MG_EDB);
    ck_assert_int_eq(err.code, MG_EDB);
    ck_assert_msg(strstr(err.msg, "PostgreSQL needs libmigrate-nosuch.so.9, "
                         "which cannot be loaded: ") == err.msg, "%s",
                  err.msg);
    /* the failure is remembered, with the same message */
    mg_error_clear(&err);
    ck_assert_int_eq(mg_dynlib_load(&lib, &err), MG_EDB);
    ck_assert_ptr_nonnull(strstr(err.msg, "libmigrate-nosuch.so.9"));
}
END_TEST

START_TEST(missing_symbol_names_it)
{
    static const char *const names[] = { "cos", "mg_no_such_function" };
    math_api api;
    mg_dynlib lib = { LIBM, "SVG diagrams", MG_ERROR, names, 2, &api, 0,
                      "" };
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_dynlib_load(&lib, &err), MG_ERROR);
    ck_assert_str_eq(err.msg, "SVG diagrams needs " LIBM ", which cannot be "
                     "loaded: " LIBM " has no mg_no_such_function");
}
END_TEST

Suite *
dynlib_suite(void)
{
    Suite *s = suite_create("dynlib");
    TCase *tc = tcase_create("load");

    tcase_add_test(tc, loads_and_fills_in_order);
    tcase_add_test(tc, missing_library_names_it);
    tcase_add_test(tc, missing_symbol_names_it);
    suite_add_tcase(s, tc);
    return s;
}
