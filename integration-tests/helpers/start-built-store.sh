#!/usr/bin/env bash
# Starts the reference store (plugin, admin and shop built) on a fresh database for a browser
# suite; prints nothing but build errors. The plugin must be built already (npm test does).
# E2E_DATABASE_URL, E2E_PORT and E2E_LOG_DIR let the admin's and the shop's suites each have their own.
set -euo pipefail
cd "$(dirname "$0")/../.."
export MEDUSA_DISABLE_TELEMETRY=true
export DATABASE_URL="${E2E_DATABASE_URL:-postgres://postgres@localhost:5432/omnichannel_admin_e2e}"
export PORT="${E2E_PORT:-9100}"
export ADMIN_OVER_HTTP=true
# Logs go outside the project folder (medusa watches it).
logs="${E2E_LOG_DIR:-/tmp/omni-e2e}"
mkdir -p "$logs"

psql "${DATABASE_URL%/*}/postgres" -qc "drop database if exists \"${DATABASE_URL##*/}\" with (force)" > /dev/null
if [ -n "${OMNI_DB_TEMPLATE:-}" ]; then
  # npm test's migrated database (make-db-template.sh): db:migrate below then only runs Medusa's data scripts.
  psql "${DATABASE_URL%/*}/postgres" -qc "create database \"${DATABASE_URL##*/}\" template \"$OMNI_DB_TEMPLATE\"" > /dev/null
else
  node scripts/ensure-database.js "$DATABASE_URL" > /dev/null
fi
node scripts/build-storefront.js > "$logs/storefront-build.log" 2>&1 || { cat "$logs/storefront-build.log"; exit 1; }
npx medusa db:migrate > "$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log"; exit 1; }
npx medusa exec ./src/scripts/seed.ts > "$logs/seed.log" 2>&1 || { cat "$logs/seed.log"; exit 1; }
# npm test's browser suites run one after the other on the same sources: the first builds the
# store (the admin bundle is most of npm test's build time), the others reuse it.
stamp=.medusa/server/.omni-build-stamp
if [ -n "${OMNI_BUILT_STORE_STAMP:-}" ] && [ "$(cat "$stamp" 2> /dev/null)" = "$OMNI_BUILT_STORE_STAMP" ]; then
  echo "reusing the store built earlier in this run" > "$logs/build.log"
else
  npx medusa build > "$logs/build.log" 2>&1 || { cat "$logs/build.log"; exit 1; }
  [ -z "${OMNI_BUILT_STORE_STAMP:-}" ] || echo "$OMNI_BUILT_STORE_STAMP" > "$stamp"
fi
ln -sfn ../../node_modules .medusa/server/node_modules
cd .medusa/server
exec env NODE_ENV=production npx medusa start > "$logs/server.log" 2>&1
