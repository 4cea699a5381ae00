#!/usr/bin/env bash
# Sourced by `npm test` and `npm run demo`: brings a fresh clone to what they need, and says
# exactly what is missing when it cannot. Each step does nothing when its part is there.

setup_fail() {
  echo "setup: $*" >&2
  exit 1
}

# Node modules exactly as package-lock.json pins them (tsc, medusa, jest, playwright-core...).
ensure_dependencies() {
  if [ -x node_modules/.bin/tsc ] && [ -x node_modules/.bin/medusa ] && [ -x node_modules/.bin/jest ]; then
    return 0
  fi
  echo "==> installing dependencies from package-lock.json (first run only)"
  bash scripts/install.sh || setup_fail "installing the dependencies failed (npm ci above); is the npm registry reachable?"
}

# PostgreSQL on the address the tests use; Medusa's runners create one database per suite.
ensure_postgres() {
  local host="${DB_HOST:-127.0.0.1}" port="${DB_PORT:-5432}"
  if command -v pg_isready > /dev/null; then
    pg_isready -h "$host" -p "$port" -q && return 0
  elif node -e "require('net').connect($port, '$host').on('connect', () => process.exit(0)).on('error', () => process.exit(1))" 2> /dev/null; then
    return 0
  fi
  setup_fail "PostgreSQL is not answering on $host:$port. Start it (user postgres, trust auth), e.g. 'pg_ctlcluster <version> main start', then run again."
}

# Debian's Chromium for the admin's browser suite (playwright-core never downloads a browser).
ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return 0
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    setup_fail "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable browser."
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "==> installing Debian's chromium for the admin browser suite (first run only)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq chromium > /dev/null; } ||
      setup_fail "apt-get could not install chromium; install it by hand or set CHROMIUM_PATH to a Chromium binary."
    return 0
  fi
  setup_fail "the admin browser suite needs Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome binary."
}
