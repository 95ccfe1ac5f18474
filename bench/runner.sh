#!/usr/bin/env bash
# Wall time of the runner from process start (already built), side by side in one hyperfine run:
#   - a full run against the embedded default (no --target), as a user types it and the built runner itself;
#   - a full run against a reference server on loopback that waits 50 ms before every answer;
#   - start-up alone (--list), as a user types it and the built runner itself;
#   - the floor of the stack: a .NET "hello world" console app, so the table's Relative column gives each ratio.
# Usage: bench/runner.sh [runs=10]. Goals: the embedded run at most 8x the floor, --list at most 3x.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/spec.sh
runs=${1:-10}
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 2; }

./run-conformance.sh --list >/dev/null # builds .tools/runner if needed, outside the timing
out=$(mktemp -d)
dotnet publish reference-server -c Release -o "$out/server" --nologo -v q >/dev/null
dotnet new console -n hello -o "$out/hello" --force >/dev/null 2>&1
dotnet publish "$out/hello" -c Release -o "$out/hello/bin" --nologo -v q >/dev/null
port=18090
"$out/server/Ece.ReferenceServer" --urls "http://127.0.0.1:$port" --scenario default --control --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/chat-button/" && break; sleep 0.1; done
for op in $(spec_operations); do
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"delayMs": 50}' "http://127.0.0.1:$port/control/faults/$op"
done

runner=".tools/runner/ece-conformance"
reports="--format json --report-dir $out/reports"
hyperfine --warmup 2 --runs "$runs" --export-markdown "$out/table.md" \
  -n "hello world (the floor: a .NET console app)" "dotnet $out/hello/bin/hello.dll" \
  -n "embedded default, as a user types it (./run-conformance.sh: every report)" "./run-conformance.sh --report-dir $out/all" \
  -n "embedded default, the built runner (JSON report only)" "$runner $reports" \
  -n "target adding 50 ms to every answer, the built runner" "$runner $reports --target http://127.0.0.1:$port --allow-writes" \
  -n "start-up only (--list), as a user types it" "./run-conformance.sh --list" \
  -n "start-up only (--list), the built runner" "$runner --list" >/dev/null
printf '\n%s cores; each run checks every rule for entry point %s, %s included\n\n' "$(nproc)" "$(spec_entry_point)" "$(spec_operations post)"
cat "$out/table.md"
