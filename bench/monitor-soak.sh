#!/usr/bin/env bash
# Whether the monitor's memory stays flat over many cycles: N targets (one reference server on core 1 under N
# loopback addresses) watched every 0.5 s by a monitor on core 0, RSS sampled every 30 s until the given number of
# cycles (ece_cycles) or the time limit; prints a table, then the monitor's exit code on SIGTERM.
# Usage: bench/monitor-soak.sh [targets=200] [cycles=100000] [max-seconds=900]
set -uo pipefail
cd "$(dirname "$0")/.."
targets=${1:-200} cycles=${2:-100000} limit=${3:-900}
out=$(mktemp -d)
dotnet publish conformance -c Release -o "$out/runner" --nologo -v q >/dev/null
port=18190 listen=127.0.0.1:19480
seq 0 $((targets - 1)) | awk -v p=$port '{ printf "http://127.0.%d.%d:%d\n", int($1 / 250), $1 % 250 + 2, p }' > "$out/targets.txt"
taskset -c 1 dotnet "$out/runner/Ece.ReferenceServer.dll" --urls "$(paste -sd';' "$out/targets.txt")" --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1 &
server=$!
taskset -c 0 dotnet "$out/runner/ece-conformance.dll" monitor --targets-file "$out/targets.txt" --interval 0.5s --listen $listen --concurrency 64 >"$out/monitor.log" 2>"$out/monitor.err" &
monitor=$!
trap 'kill $server $monitor 2>/dev/null; rm -rf "$out"' EXIT
start=$(date +%s)
echo "| elapsed s | cycles | RSS MiB |"
echo "|---:|---:|---:|"
while sleep 30; do
  c=$(curl -s "http://$listen/metrics" | awk '$1 ~ /^ece_cycles({|$)/ { s += $NF } END { printf "%d", s }')
  echo "| $(( $(date +%s) - start )) | $c | $(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/$monitor/status) |"
  [ "$c" -ge "$cycles" ] || [ $(( $(date +%s) - start )) -ge "$limit" ] && break
done
kill -TERM $monitor; wait $monitor; echo "monitor exit on SIGTERM: $?"
