#!/usr/bin/env bash
# Runs every test of the suite on a fresh machine: installs what the tests need (xmllint, Debian's
# chromium for the browser tests, gcc for the native runner), runs dotnet test, and prints "N passed, N failed" counted from
# the TRX results. Extra arguments go to dotnet test (for example --filter FullyQualifiedName~Spec).
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
# The old headless shell: what the browser checks use first (a page costs a quarter of the full browser's CPU).
[ -x /usr/bin/chromium-headless-shell ] || need+=(chromium-headless-shell)
# Debian's Prometheus (promtool, and the server the monitor test scrapes with); its service is never started by the tests.
command -v promtool >/dev/null 2>&1 && [ -x /usr/bin/prometheus ] || need+=(prometheus)
command -v npm >/dev/null 2>&1 || need+=(npm)
# A C toolchain links the native runner run-conformance.sh builds (NativeRunnerTests).
command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (Debian packages the tests need)..."
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "error: install ${need[*]} (apt-get install ${need[*]}) and run again." >&2
    exit 2
  fi
fi

# The API tools the spec's tool profile is checked with (README, "Use the spec in your tools"), pinned, installed
# into .tools (the repository's build output, git-ignored), never globally. Installed once; reused after.
tools=.tools
if [ ! -x "$tools/npm/node_modules/.bin/prism" ] || [ ! -x "$tools/npm/node_modules/.bin/redocly" ] || [ ! -x "$tools/npm/node_modules/.bin/spectral" ]; then
  echo "Installing @redocly/cli, @stoplight/spectral-cli and @stoplight/prism-cli into $tools/npm..."
  npm install --prefix "$tools/npm" --no-audit --no-fund --loglevel=error \
    @redocly/cli@2.77.0 @stoplight/spectral-cli@6.16.3 @stoplight/prism-cli@5.14.2 >/dev/null
fi
if [ ! -x "$tools/kiota/kiota" ]; then
  echo "Installing Kiota into $tools/kiota..."
  dotnet tool install Microsoft.OpenApi.Kiota --version 1.38.0 --tool-path "$tools/kiota" >/dev/null
fi

results=TestResults
rm -rf "$results"
status=0
dotnet test EceConformance.sln -c Release --logger trx --results-directory "$results" "$@" || status=$?

passed=0 failed=0 total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$((total + $(value total)))
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
done
echo "$passed passed, $failed failed"
if [ "$total" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
[ "$failed" -eq 0 ] || status=1
exit "$status"
