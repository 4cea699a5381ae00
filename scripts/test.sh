#!/usr/bin/env bash
# npm test: set up what is missing (dependencies from the lock, Debian's chromium; see
# scripts/setup.sh), build the plugin and the demo storefront (the store loads their built
# output), then in two lanes: every jest suite (unit, module and HTTP integration) against the
# real PostgreSQL, in shards; and the typecheck, the admin's, the shop's and the Next.js
# storefront's browser suites (the built store in headless Chromium) and the packaging test
# (the packed plugin installed by the README's steps into a throw-away store outside this
# repository), after which that lane takes jest shards too.
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

t=$SECONDS; npm run build --silent > /dev/null; took build $t
export OMNI_PLUGIN_BUILT=1
# One database migrated once; every jest suite and browser suite starts from a copy of it
# instead of running Medusa's migrations again (make-db-template.sh). Dropped at the end.
export OMNI_DB_TEMPLATE="omni_test_template_$$"
drop_template() { psql "postgres://${DB_USERNAME:-postgres}@${DB_HOST:-localhost}:${DB_PORT:-5432}/postgres" -qc "drop database if exists \"$OMNI_DB_TEMPLATE\" with (force)" > /dev/null 2>&1 || true; }
trap drop_template EXIT
t=$SECONDS; bash integration-tests/helpers/make-db-template.sh "$OMNI_DB_TEMPLATE" > /tmp/omni-db-template.log 2>&1 || { cat /tmp/omni-db-template.log; exit 1; }; took "migrated database template" $t
# The browser suites start the built store one after the other: built once (start-built-store.sh).
export OMNI_BUILT_STORE_STAMP="npm-test-$$-$(date +%s)"

status=0
passed=0
failed=0
work=$(mktemp -d -t omni-test-XXXXXX)

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

# Jest in one process keeps what every suite's Medusa app loaded: with 26 suites it grew to
# 4.4 GB (Node's heap limit here is 4.3 GB) and the last suites timed out waiting for events.
# So the suites run in shards, each a process of its own, taken from one queue by both lanes.
shards=${JEST_SHARDS:-8}
mkdir -p "$work/shards"
# run_jest_shards <lane>: runs each shard no lane has taken yet (mkdir is the atomic claim);
# lane 1 prints as it goes, lane 2 into a log printed afterwards.
run_jest_shards() {
  local lane=$1 shard
  for shard in $(seq 1 "$shards"); do
    mkdir "$work/shards/$shard" 2> /dev/null || continue
    local dir="$work/shards/$shard" t=$SECONDS rc=0 out=/dev/stdout
    [ "$lane" = 1 ] || out="$dir/log"
    # Medusa's info lines (tens of thousands) each cost jest a captured stack: warnings and errors only.
    LOG_LEVEL=${LOG_LEVEL:-warn} NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand --forceExit --passWithNoTests --shard="$shard/$shards" \
      --json --outputFile="$dir/results.json" "${jest_args[@]}" >> "$out" 2>&1 || rc=$?
    node -e '
      const r = require(process.argv[1]);
      console.log(`${r.numPassedTests} ${r.numFailedTests} ${r.numPendingTests}`);
    ' "$dir/results.json" > "$dir/counts" 2> /dev/null || echo "0 1 0" > "$dir/counts"
    echo "$rc" > "$dir/rc"
    { echo "jest shard $shard/$shards (lane $lane): $(cat "$dir/counts" | awk '{print $1" passed, "$2" failed, "$3" skipped"}')"; took "jest shard $shard/$shards" $t; } >> "$out"
  done
}
jest_args=("$@")

# Two lanes, so both cores work. Lane 2: the typecheck, then the browser suites and the
# packaging test (each its own store, port and database; mostly waiting on Chromium and npm),
# then whatever jest shards lane 1 has not taken. Lane 1: the jest shards. Lane 2's output is
# kept and printed after. OMNI_TEST_LANES=1 runs everything one after the other.
lanes=${OMNI_TEST_LANES:-2}
browser_suites="test:admin test:storefront test:nextjs test:packaging"
lane_steps="typecheck $browser_suites"
run_lane_steps() {
  for step in $lane_steps; do
    local rc=0 t=$SECONDS
    npm run --silent "$step" > "$work/$step.log" 2>&1 || rc=$?
    echo "$rc" > "$work/$step.rc"
    took "$step" $t >> "$work/$step.log"
  done
}
lane2_pid=
if [ "$lanes" -gt 1 ]; then
  { run_lane_steps; took "lane 2's own steps (from the start)" $started > "$work/lane2.log"; run_jest_shards 2; } &
  lane2_pid=$!
  run_jest_shards 1
  took "lane 1 (from the start)" $started
  wait "$lane2_pid" || true
  took "lane 2 (from the start)" $started
else
  run_lane_steps
  run_jest_shards 1
fi

jp=0; jf=0; js=0
for shard in $(seq 1 "$shards"); do
  dir="$work/shards/$shard"
  [ -f "$dir/log" ] && { echo "==> jest shard $shard/$shards (lane 2)"; cat "$dir/log"; }
  read -r p f s < "$dir/counts" 2> /dev/null || { p=0; f=1; s=0; }
  jp=$((jp + p)); jf=$((jf + f)); js=$((js + s))
  rc=$(cat "$dir/rc" 2> /dev/null || echo 1)
  [ $status -ne 0 ] || status=$rc
done
echo "jest: $jp passed, $jf failed, $js skipped"
passed=$((passed + jp)); failed=$((failed + jf))

cat "$work/lane2.log" 2> /dev/null || true
echo "==> npm run typecheck"
cat "$work/typecheck.log"
typecheck_rc=$(cat "$work/typecheck.rc" 2> /dev/null || echo 1)
if [ "$typecheck_rc" -ne 0 ]; then
  echo "typecheck failed"
  failed=$((failed + 1))
  [ $status -ne 0 ] || status=$typecheck_rc
fi
for suite in $browser_suites; do
  echo "==> npm run $suite"
  cat "$work/$suite.log" 2> /dev/null || true
  count_suite "$work/$suite.log" "$(cat "$work/$suite.rc" 2> /dev/null || echo 1)"
done
rm -rf "$work"

# One plain closing line for the whole run.
echo "npm test: $passed passed, $failed failed"
took "npm test" $started
exit $status
