#!/usr/bin/env bash
# The repository's test command: builds the web app (web/dist, which the end-to-end tests drive in
# Chromium), then the .NET suite (both databases, and the e2e suite), then the web tests: the contract
# checks (node --test), which type-check the responses the .NET tests received (PARLEY_CONTRACT_SAMPLES)
# against the TypeScript types generated from the API description, and the web app's component tests
# (Vitest). Every runner runs even when an earlier one fails.
# Ends with the plain line "N passed, N failed"; exits non-zero if anything failed or could not run.
set -uo pipefail
cd "$(dirname "$0")"

status=0
passed=0
failed=0

samples=$(mktemp -d "${TMPDIR:-/tmp}/parley-contract-samples.XXXXXX")
dotnet_log=$(mktemp)
node_log=$(mktemp)
trap 'rm -rf "$samples" "$dotnet_log" "$node_log"' EXIT

sum() { grep -Eo "$1" "$2" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}'; }

# --- web build ----------------------------------------------------------------------------------
# First: the end-to-end tests (tests/Parley.Tests/EndToEnd) drive the built app in web/dist. A failed
# build counts as one failure here; the e2e tests then fail too, saying the app is not built.
have_node=0
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && have_node=1
web_built=0
if [ "$have_node" -eq 1 ]; then
  if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    (cd web && npm ci --no-audit --no-fund)
  fi
  if (cd web && npm run build); then
    web_built=1
  else
    echo "Building the web app (npm run build in web/) failed." >&2
    status=1
    failed=$((failed + 1))
  fi
fi

# --- .NET ---------------------------------------------------------------------------------------
if command -v dotnet >/dev/null 2>&1; then
  # The app is built above (or cannot be): the server project's own web build has nothing to do.
  skip_web=""
  [ "$web_built" -eq 1 ] && skip_web="-p:SkipWebBuild=true"
  PARLEY_CONTRACT_SAMPLES="$samples" dotnet test $skip_web 2>&1 | tee "$dotnet_log"
  dotnet_status=${PIPESTATUS[0]}
  # One summary per test assembly: "Passed!  - Failed:     0, Passed:    94, Skipped:     0, ..."
  dotnet_passed=$(sum 'Passed: +[0-9]+' "$dotnet_log")
  dotnet_failed=$(sum 'Failed: +[0-9]+' "$dotnet_log")
  dotnet_skipped=$(sum 'Skipped: +[0-9]+' "$dotnet_log")
  if [ "$dotnet_skipped" -gt 0 ]; then
    echo "$dotnet_skipped .NET test(s) were skipped; every test must run." >&2
    dotnet_failed=$((dotnet_failed + dotnet_skipped))
  fi
  if [ "$dotnet_status" -ne 0 ] && [ "$dotnet_failed" -eq 0 ]; then
    echo "dotnet test failed before any test could report (build or test host)." >&2
    dotnet_failed=1
  fi
  [ "$dotnet_status" -ne 0 ] && status=1
  passed=$((passed + dotnet_passed))
  failed=$((failed + dotnet_failed))
else
  echo "The .NET SDK (dotnet) is not installed; Parley needs .NET SDK 10." >&2
  status=1
  failed=$((failed + 1))
fi

# --- web (Node) ---------------------------------------------------------------------------------
if [ "$have_node" -eq 1 ]; then
  node_status=0
  if [ ! -f web/node_modules/.package-lock.json ]; then
    (cd web && npm ci --no-audit --no-fund) || node_status=1
  fi
  if [ "$node_status" -eq 0 ]; then
    (cd web && NO_COLOR=1 PARLEY_CONTRACT_SAMPLES="$samples" npm test) 2>&1 | tee "$node_log"
    node_status=${PIPESTATUS[0]}
  fi
  # node's test runner closes with "# pass N" and "# fail N" (TAP; "ℹ pass N" from the spec reporter).
  node_passed=$(sum '^(# |ℹ )pass [0-9]+' "$node_log")
  node_failed=$(sum '^(# |ℹ )fail [0-9]+' "$node_log")
  # Vitest closes with "      Tests  26 passed (28)" or "Tests  2 failed | 26 passed (28)" (colours stripped).
  vitest_summary=$(sed -E 's/\x1b\[[0-9;]*m//g' "$node_log" | grep -E '^ *Tests +[0-9]' || true)
  vitest_passed=$(printf '%s\n' "$vitest_summary" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  vitest_failed=$(printf '%s\n' "$vitest_summary" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if [ -z "$vitest_summary" ]; then
    echo "The web component tests (Vitest) did not report a summary." >&2
    vitest_failed=$((vitest_failed + 1))
  fi
  node_passed=$((node_passed + vitest_passed))
  node_failed=$((node_failed + vitest_failed))
  if [ "$node_status" -ne 0 ] && [ "$node_failed" -eq 0 ]; then
    echo "The web tests could not run (npm ci or npm test failed before any test reported)." >&2
    node_failed=1
  fi
  [ "$node_status" -ne 0 ] && status=1
  passed=$((passed + node_passed))
  failed=$((failed + node_failed))
else
  echo "Node.js and npm are not installed; the web contract tests need them (Debian: apt-get install nodejs npm)." >&2
  status=1
  failed=$((failed + 1))
fi

[ "$failed" -gt 0 ] && status=1
echo "${passed} passed, ${failed} failed"
exit "$status"
