#!/usr/bin/env bash
# make-db-template.sh <name>: a database with every migration and link of the reference store
# applied and no data (Medusa's own `db:migrate`, without its data scripts). npm test makes one
# per run; each jest suite then starts from a copy of it (store-runner.ts), so Medusa's runner
# finds its migrations applied instead of running them all again for every suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=$1
base="postgres://${DB_USERNAME:-postgres}@${DB_HOST:-localhost}:${DB_PORT:-5432}"
psql "$base/postgres" -qc "drop database if exists \"$name\" with (force)" > /dev/null
node scripts/ensure-database.js "$base/$name" > /dev/null
DATABASE_URL="$base/$name" MEDUSA_DISABLE_TELEMETRY=true npx medusa db:migrate --skip-scripts --execute-all-links
