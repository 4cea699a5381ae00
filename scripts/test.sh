#!/usr/bin/env bash
# npm test: set up what is missing (dependencies from the lock, Debian's chromium; see
# scripts/setup.sh), typecheck, build the plugin and the demo storefront (the store loads their
# built output), every jest suite (unit, module and HTTP integration) against the real
# PostgreSQL, the admin's and the storefront's browser suites (the built store in headless
# Chromium), then the packaging test (the packed plugin installed by the README's steps into a
# throw-away store outside this repository).
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true
source scripts/setup.sh
ensure_postgres
ensure_dependencies
ensure_chromium

npm run typecheck
npm run build --silent > /dev/null

status=0
passed=0
failed=0
# Jest in one process keeps what every suite's Medusa app loaded: with 26 suites it grew to
# 4.4 GB (Node's heap limit here is 4.3 GB) and the last suites timed out waiting for events.
# So the suites run in shards, each a process of its own.
shards=${JEST_SHARDS:-4}
jp=0; jf=0; js=0
for shard in $(seq 1 "$shards"); do
  results=$(mktemp -t omni-jest-XXXXXX.json)
  rc=0
  NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand --forceExit --passWithNoTests --shard="$shard/$shards" \
    --json --outputFile="$results" "$@" || rc=$?
  counts=$(node -e '
    const r = require(process.argv[1]);
    console.log(`${r.numPassedTests} ${r.numFailedTests} ${r.numPendingTests}`);
  ' "$results" 2> /dev/null || echo "0 1 0")
  rm -f "$results"
  read -r p f s <<< "$counts"
  echo "jest shard $shard/$shards: $p passed, $f failed, $s skipped"
  jp=$((jp + p)); jf=$((jf + f)); js=$((js + s))
  [ $status -ne 0 ] || status=$rc
done
echo "jest: $jp passed, $jf failed, $js skipped"
passed=$((passed + jp)); failed=$((failed + jf))

# The browser suites and the packaging test each close with "<name>: N passed, N failed".
run_counted() {
  local log rc=0
  log=$(mktemp -t omni-suite-XXXXXX.log)
  npm run --silent "$1" 2>&1 | tee "$log" || rc=$?
  local line
  line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)
  rm -f "$log"
  if [ -n "$line" ]; then
    passed=$((passed + ${line%% passed*}))
    local f=${line#*passed, }
    failed=$((failed + ${f%% failed*}))
  elif [ $rc -ne 0 ]; then
    failed=$((failed + 1))
  fi
  [ $status -ne 0 ] || status=$rc
}
run_counted test:admin
run_counted test:storefront
run_counted test:packaging

# One plain closing line for the whole run.
echo "npm test: $passed passed, $failed failed"
exit $status
