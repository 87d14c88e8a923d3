#!/bin/sh
# A quarter of the integration suites (shard.sh).
exec sh "$(dirname "$0")/shard.sh" 4/4
