#!/bin/sh
# A quarter of the integration suites (shard.sh).
exec sh "$(dirname "$0")/shard.sh" 1/4
