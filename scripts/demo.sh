#!/usr/bin/env bash
# npm run demo: install if needed, create/migrate/seed the database (idempotent), build
# the plugin and the store with its admin, start it on :9000 and print how to log in.
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@localhost:5432/omnichannel_store}"
export PORT="${PORT:-9000}"
export ADMIN_OVER_HTTP="${ADMIN_OVER_HTTP:-true}"
export DEMO_ADMIN_EMAIL="${DEMO_ADMIN_EMAIL:-admin@omnichannel.test}"
export DEMO_ADMIN_PASSWORD="${DEMO_ADMIN_PASSWORD:-omnichannel-demo}"
# The demo serves Prometheus metrics at /omnichannel/metrics (a real store chooses; off by default).
export OMNI_METRICS="${OMNI_METRICS:-true}"
# The demo recognises till shoppers by a card they kept online (off by default: a real
# store turns it on once its privacy notice says so).
export OMNI_RECOGNIZE_CUSTOMERS="${OMNI_RECOGNIZE_CUSTOMERS:-by_card}"

source scripts/setup.sh
ensure_postgres
ensure_dependencies

echo "==> database ${DATABASE_URL}"
node scripts/ensure-database.js "$DATABASE_URL"

echo "==> building the plugin"
npm run build --silent > /dev/null

echo "==> migrating"
npx medusa db:migrate

echo "==> seeding"
npx medusa exec ./src/scripts/seed.ts

echo "==> building the store and its admin"
npx medusa build
# The built server runs against the workspace's own node_modules (and so the workspace plugin).
ln -sfn ../../node_modules .medusa/server/node_modules

echo "==> starting on port ${PORT}"
cd .medusa/server
NODE_ENV=production npx medusa start &
server=$!
trap 'kill $server 2>/dev/null || true' INT TERM EXIT
DEMO_URL="http://localhost:${PORT}" node ../../scripts/demo-banner.js
wait $server
