/* cli_errors.c - placeholder, filled by the integration tests. */
#include "harness.h"
#include "suites.h"

Suite *
cli_errors_suite(void)
{
    return suite_create("cli_errors");
}
