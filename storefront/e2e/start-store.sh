#!/usr/bin/env bash
# Starts the reference store with the demo storefront on a fresh database for the storefront's
# browser suite (port 9200 unless STOREFRONT_E2E_PORT). The plugin must be built (npm run build).
set -euo pipefail
cd "$(dirname "$0")/../.."
export MEDUSA_DISABLE_TELEMETRY=true
export DATABASE_URL="${STOREFRONT_E2E_DATABASE_URL:-postgres://postgres@localhost:5432/omnichannel_storefront_e2e}"
export PORT="${STOREFRONT_E2E_PORT:-9200}"
export ADMIN_OVER_HTTP=true
logs=/tmp/omni-storefront-e2e
mkdir -p "$logs"

node scripts/build-storefront.js
psql "${DATABASE_URL%/*}/postgres" -qc "drop database if exists \"${DATABASE_URL##*/}\" with (force)" > /dev/null
node scripts/ensure-database.js "$DATABASE_URL" > /dev/null
npx medusa db:migrate > "$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log"; exit 1; }
npx medusa exec ./src/scripts/seed.ts > "$logs/seed.log" 2>&1 || { cat "$logs/seed.log"; exit 1; }
npx medusa build > "$logs/build.log" 2>&1 || { cat "$logs/build.log"; exit 1; }
ln -sfn ../../node_modules .medusa/server/node_modules
cd .medusa/server
# Logs go outside the project folder (medusa watches it).
exec env NODE_ENV=production npx medusa start > "$logs/server.log" 2>&1
