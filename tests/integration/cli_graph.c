/* cli_graph.c - placeholder, filled by the integration tests. */
#include "harness.h"
#include "suites.h"

Suite *
cli_graph_suite(void)
{
    return suite_create("cli_graph");
}
