#!/usr/bin/env bash
# Starts the reference store (plugin and admin built) on a fresh database for the browser
# suite; prints nothing but build errors. The plugin must be built already (npm test does).
set -euo pipefail
cd "$(dirname "$0")/../.."
export MEDUSA_DISABLE_TELEMETRY=true
export DATABASE_URL="${E2E_DATABASE_URL:-postgres://postgres@localhost:5432/omnichannel_admin_e2e}"
export PORT="${E2E_PORT:-9100}"
export ADMIN_OVER_HTTP=true

psql "${DATABASE_URL%/*}/postgres" -qc "drop database if exists \"${DATABASE_URL##*/}\" with (force)" > /dev/null
node scripts/ensure-database.js "$DATABASE_URL" > /dev/null
npx medusa db:migrate > /tmp/omni-e2e-migrate.log 2>&1 || { cat /tmp/omni-e2e-migrate.log; exit 1; }
npx medusa exec ./src/scripts/seed.ts > /tmp/omni-e2e-seed.log 2>&1 || { cat /tmp/omni-e2e-seed.log; exit 1; }
npx medusa build > /tmp/omni-e2e-build.log 2>&1 || { cat /tmp/omni-e2e-build.log; exit 1; }
ln -sfn ../../node_modules .medusa/server/node_modules
cd .medusa/server
# Logs go outside the project folder (medusa watches it).
exec env NODE_ENV=production npx medusa start > /tmp/omni-e2e-server.log 2>&1
