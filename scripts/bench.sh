#!/usr/bin/env bash
# npm run bench: builds the plugin, then bench/run.ts starts the reference store on a fresh
# database and measures our paths against Medusa's own in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true
npm run build --silent > /dev/null
exec npx ts-node --transpile-only bench/run.ts
