#!/usr/bin/env bash
# Wall time of the runner from process start (already built), beside the floor of the stack:
#   - a full run against the embedded default (no --target), as a user types it, the built (native) runner itself, and
#     the JIT-compiled runner beside it (full/, which button and --browser are handed to), so the native's gain shows;
#   - a full run against a reference server on loopback that waits 50 ms before every answer;
#   - start-up alone (--list), as a user types it and the built runner itself;
#   - the floor: a .NET "hello world" console app, so the Ratio column gives each ratio.
# The commands take turns, one run of each per round, and the table gives medians: on a shared machine whose speed
# drifts by 10% over a minute, runs of one command after another (hyperfine's way) put the drift into the ratios.
# Usage: bench/runner.sh [rounds=15]. Goals: the embedded run at most 8x the floor, --list at most 3x.
set -euo pipefail
# Times read with a point and numbers sorted as numbers, whatever the user's locale.
export LC_ALL=C
cd "$(dirname "$0")/.."
. bench/spec.sh
rounds=${1:-15}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/runner.sh [rounds >= 1]" >&2; exit 2; }
[ -n "${EPOCHREALTIME:-}" ] || { echo "bash 5 or later is needed (EPOCHREALTIME)" >&2; exit 2; }

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
names=(
  "hello world (the floor: a .NET console app)"
  "embedded default, as a user types it (./run-conformance.sh: every report)"
  "embedded default, the built runner (JSON report only)"
  "embedded default, the JIT-compiled runner full/ (JSON report only)"
  "target adding 50 ms to every answer, the built runner"
  "start-up only (--list), as a user types it"
  "start-up only (--list), the built runner"
)
commands=(
  "dotnet $out/hello/bin/hello.dll"
  "./run-conformance.sh --report-dir $out/all"
  "$runner $reports"
  ".tools/runner/full/ece-conformance $reports"
  "$runner $reports --target http://127.0.0.1:$port --allow-writes"
  "./run-conformance.sh --list"
  "$runner --list"
)
# Two rounds of warm-up (page cache, the spec's compact form), then the measured rounds; a failed run stops the bench.
for round in $(seq -1 "$rounds"); do
  for i in "${!commands[@]}"; do
    started=$EPOCHREALTIME
    ${commands[$i]} >"$out/last.log" 2>&1 || { echo "failed: ${commands[$i]}" >&2; tail -20 "$out/last.log" >&2; exit 1; }
    ended=$EPOCHREALTIME
    [ "$round" -ge 1 ] && echo "$i ${started/./} ${ended/./}" >>"$out/times"
  done
done
printf '\n%s cores; %s rounds, the commands in turn; each run checks every rule for entry point %s, %s included\n\n' \
  "$(nproc)" "$rounds" "$(spec_entry_point)" "$(spec_operations post)"
# Median, fastest and slowest of command $1's runs, in ms: "median min max".
stats() {
  awk -v i="$1" '$1 == i { print ($3 - $2) / 1000 }' "$out/times" | sort -n |
    awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR] }'
}
read -r floor _ _ < <(stats 0)
echo "| Command | Median [ms] | Min [ms] | Max [ms] | Ratio (medians) |"
echo "|:---|---:|---:|---:|---:|"
for i in "${!commands[@]}"; do
  read -r median min max < <(stats "$i")
  awk -v name="${names[$i]}" -v m="$median" -v lo="$min" -v hi="$max" -v floor="$floor" \
    'BEGIN { printf "| `%s` | %.1f | %.1f | %.1f | %.2f |\n", name, m, lo, hi, m / floor }'
done
