#!/usr/bin/env bash
# npm test: typecheck, build the plugin (the store loads its built output), every jest
# suite (unit, module and HTTP integration) against the real PostgreSQL, then the admin's
# browser suite (the built store in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true

npm run typecheck
npm run build --silent > /dev/null

results=$(mktemp -t omni-jest-XXXXXX.json)
status=0
NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand --forceExit \
  --json --outputFile="$results" "$@" || status=$?

# One plain closing line, whatever the runner printed above it.
node -e '
  const r = require(process.argv[1]);
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
rm -f "$results"

admin_status=0
npm run --silent test:admin || admin_status=$?
[ $status -ne 0 ] || status=$admin_status
exit $status
