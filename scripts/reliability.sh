#!/usr/bin/env bash
# npm run test:reliability: builds the plugin, then runs the multi-instance suite
# (integration-tests/reliability/run.ts). Needs PostgreSQL and Redis on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true
redis-cli -h 127.0.0.1 ping > /dev/null || { echo "reliability: Redis is not answering on 127.0.0.1:6379" >&2; exit 1; }
npm run build --silent > /dev/null
exec npx ts-node --transpile-only integration-tests/reliability/run.ts
