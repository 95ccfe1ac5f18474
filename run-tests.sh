#!/usr/bin/env bash
# Runs every test of the suite on a fresh machine: installs what the tests need (xmllint, Debian's
# chromium for the browser tests), runs dotnet test, and prints "N passed, N failed" counted from
# the TRX results. Extra arguments go to dotnet test (for example --filter FullyQualifiedName~Spec).
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
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
