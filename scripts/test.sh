#!/usr/bin/env bash
# `npm test`: every test — types, unit, integration (real PostgreSQL when TEST_DATABASE_URL
# is set, else embedded PGlite), then the production build driven by Playwright in
# Chromium. The browser suite runs inside a loopback-only network namespace when the
# machine allows it (WebRTC between pages needs it; nothing can leave the machine).
set -euo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
export PLAYWRIGHT_TRANSFORM_CACHE_DIR="$PWD/.cache/playwright-transform"
export PLAYWRIGHT_BROWSERS_PATH=0
export PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/.cache/test-results/e2e.json"

REPORTS="$PWD/.cache/test-results"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
step() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }
t0=$SECONDS

step "typecheck"
npx tsc --noEmit

step "lint (ESLint, Prettier check)"
npm run --silent lint

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$REPORTS/unit.json"

if [ -n "${TEST_DATABASE_URL:-}" ]; then db_kind="PostgreSQL at TEST_DATABASE_URL"; else db_kind="embedded PGlite"; fi
step "integration tests ($db_kind)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$REPORTS/integration.json"

step "production build"
NEXT_PHASE=phase-production-build npx next build

# The call specs also run against the real LiveKit server: built once with Go (a few minutes
# on a cold Go cache, seconds after), here, where the Go module proxy is reachable.
step "LiveKit server"
npx tsx scripts/build-livekit.ts

step "end-to-end tests (Chromium: peer-to-peer and LiveKit projects)"
if [ "${E2E_NETNS:-auto}" != "off" ] && unshare -n true 2>/dev/null; then
  echo "running inside a loopback-only network namespace"
  unshare -n bash -c 'ip link set lo up && npx playwright test --reporter=list,json "$@"' -- "$@"
else
  echo "network namespaces unavailable here: running on the host loopback"
  npx playwright test --reporter=list,json "$@"
fi

echo
echo "all tests passed in $((SECONDS - t0)) s"
node scripts/test-summary.mjs "$REPORTS/unit.json" "$REPORTS/integration.json" "$REPORTS/e2e.json"
