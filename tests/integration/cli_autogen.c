/* cli_autogen.c - placeholder */
#include "harness.h"
#include "suites.h"
Suite *cli_autogen_suite(void) { return suite_create("cli_autogen"); }
