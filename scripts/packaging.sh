#!/usr/bin/env bash
# npm run test:packaging: builds the plugin, then integration-tests/packaging/run.ts packs it,
# installs it into a throw-away Medusa store outside this repository by the README's steps,
# starts that store and pays online and at a till against it. Needs PostgreSQL and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true
# npm test builds once before its lanes start: building again here would swap the plugin's
# output under the jest suites running beside this one.
[ -n "${OMNI_PLUGIN_BUILT:-}" ] || npm run build --silent > /dev/null
exec npx ts-node --transpile-only integration-tests/packaging/run.ts
