#!/usr/bin/env bash
# npm run test:packaging: builds the plugin and the storefront kit, then
# integration-tests/packaging/run.ts packs both (`npm pack --dry-run` listed in this log), checks
# what the tarballs hold, and installs the plugin's into two throw-away Medusa stores outside this
# repository (the lowest and the highest release of its peer range on the registry) by the
# READMEs' steps, starts each and pays online and at a till against it. Needs PostgreSQL and the
# npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true
# npm test builds once before its lanes start: building again here would swap the plugin's
# output under the jest suites running beside this one.
[ -n "${OMNI_PLUGIN_BUILT:-}" ] || npm run build --silent > /dev/null
exec npx ts-node --transpile-only integration-tests/packaging/run.ts
