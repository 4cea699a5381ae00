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

started=0 # SECONDS counts from the script's start: setup included
# "<what> took Ns": where npm test's time goes, in CI's log.
took() { echo "$1 took $((SECONDS - $2))s"; }

t=$SECONDS; npm run typecheck; took typecheck $t
t=$SECONDS; npm run build --silent > /dev/null; took build $t
export OMNI_PLUGIN_BUILT=1
# The browser suites start the built store one after the other: built once (start-built-store.sh).
export OMNI_BUILT_STORE_STAMP="npm-test-$$-$(date +%s)"

status=0
passed=0
failed=0

# The browser suites and the packaging test each close with "<name>: N passed, N failed".
# count_suite <log> <rc>: adds that line's counts (a suite that died before it counts as one failure).
count_suite() {
  local line
  line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1 || true)
  if [ -n "$line" ]; then
    passed=$((passed + ${line%% passed*}))
    local f=${line#*passed, }
    failed=$((failed + ${f%% failed*}))
  elif [ "$2" -ne 0 ]; then
    failed=$((failed + 1))
  fi
  [ $status -ne 0 ] || status=$2
}

# Two lanes, so both cores work: the browser suites and the packaging test (each its own store,
# port and database; mostly waiting on Chromium and npm) run beside the jest shards. Their output
# is kept and printed after jest's. On by default since a clean clone passed 442/442 this way
# with three other developers' suites loading the same 2 cores (load avg 6-8);
# OMNI_TEST_LANES=1 runs everything one after the other.
lanes=${OMNI_TEST_LANES:-2}
browser_dir=$(mktemp -d -t omni-browser-XXXXXX)
browser_suites="test:admin test:storefront test:nextjs test:packaging"
run_browser_lane() {
  for suite in $browser_suites; do
    local rc=0 t=$SECONDS
    npm run --silent "$suite" > "$browser_dir/$suite.log" 2>&1 || rc=$?
    echo "$rc" > "$browser_dir/$suite.rc"
    took "$suite" $t >> "$browser_dir/$suite.log"
  done
}
browser_pid=
if [ "$lanes" -gt 1 ]; then
  run_browser_lane &
  browser_pid=$!
fi

# Jest in one process keeps what every suite's Medusa app loaded: with 26 suites it grew to
# 4.4 GB (Node's heap limit here is 4.3 GB) and the last suites timed out waiting for events.
# So the suites run in shards, each a process of its own.
shards=${JEST_SHARDS:-4}
jp=0; jf=0; js=0
for shard in $(seq 1 "$shards"); do
  t=$SECONDS
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
  echo "jest shard $shard/$shards: $p passed, $f failed, $s skipped"; took "jest shard $shard/$shards" $t
  jp=$((jp + p)); jf=$((jf + f)); js=$((js + s))
  [ $status -ne 0 ] || status=$rc
done
echo "jest: $jp passed, $jf failed, $js skipped"
passed=$((passed + jp)); failed=$((failed + jf))

took "jest (all shards, from the start)" $started
if [ -n "$browser_pid" ]; then
  wait "$browser_pid" || true
  took "the browser lane (from the start)" $started
else
  run_browser_lane
fi
for suite in $browser_suites; do
  echo "==> npm run $suite"
  cat "$browser_dir/$suite.log" 2> /dev/null || true
  count_suite "$browser_dir/$suite.log" "$(cat "$browser_dir/$suite.rc" 2> /dev/null || echo 1)"
done
rm -rf "$browser_dir"

# One plain closing line for the whole run.
echo "npm test: $passed passed, $failed failed"
took "npm test" $started
exit $status
