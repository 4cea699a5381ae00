#!/usr/bin/env bash
# Installs exactly what package-lock.json pins with `npm ci`. A lock written where the registry
# lacked some other platforms' optional builds (darwin/win32 swc, rollup, msgpackr-extract)
# leaves them out, and `npm ci` then refuses it as "out of sync": only in that case we install
# from the same lock with `npm install` (which adds them to the lock; commit that).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -t omni-npm-ci-XXXXXX.log)
if npm ci --no-audit --no-fund 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
  rm -f "$log"; exit 0
fi
if grep -q "can only install packages when your package.json and package-lock.json" "$log"; then
  echo "==> npm ci refused the lock for missing foreign-platform optional packages; installing from the lock with npm install"
  rm -f "$log"
  exec npm install --no-audit --no-fund
fi
rm -f "$log"; exit 1
