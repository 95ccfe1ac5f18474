#!/usr/bin/env bash
# Throughput and latency of the reference server against bare Kestrel answering a constant XML
# string, side by side in one run: wrk on loopback, same connections, threads and duration.
# Usage: bench/server.sh [duration-seconds=10] [connections=32]
# Prints a table with requests/s, p50 and p99 of both and the ratio; bounded in time (2 x duration + start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }

out=$(mktemp -d)
dotnet publish reference-server -c Release -o "$out/server" --nologo -v q >/dev/null
dotnet publish bench/BareKestrel -c Release -o "$out/bare" --nologo -v q >/dev/null

server_port=18080 bare_port=18081
DOTNET_gcServer=1 "$out/server/Ece.ReferenceServer" --urls "http://127.0.0.1:$server_port" --scenario default --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1 &
server_pid=$!
DOTNET_gcServer=1 "$out/bare/BareKestrel" --urls "http://127.0.0.1:$bare_port" >"$out/bare.log" 2>&1 &
bare_pid=$!
trap 'kill $server_pid $bare_pid 2>/dev/null; rm -rf "$out"' EXIT

wait_for() { for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1" >&2; exit 2; }
server_url="http://127.0.0.1:$server_port/system/egain/chat/entrypoint/chatAllowed/1000"
bare_url="http://127.0.0.1:$bare_port/bare/1000"
wait_for "$server_url"; wait_for "$bare_url"

measure() { # url -> "rps p50_ms p99_ms"
  wrk -t2 -c"$connections" -d2s "$1" >/dev/null # warm-up: JIT and tiered compilation
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 } /^ +50%/ { p50=ms($2) } /^ +99%/ { p99=ms($2) } /Non-2xx/ { bad=$NF }
    END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}
read -r bare_rps bare_p50 bare_p99 < <(measure "$bare_url")
read -r server_rps server_p50 server_p99 < <(measure "$server_url")

printf '\nwrk -t2 -c%s -d%ss, loopback, %s cores\n\n' "$connections" "$duration" "$(nproc)"
printf '| %-34s | %10s | %8s | %8s |\n' "endpoint" "requests/s" "p50 ms" "p99 ms"
printf '|%s|%s|%s|%s|\n' "------------------------------------" "------------" "----------" "----------"
printf '| %-34s | %10s | %8s | %8s |\n' "bare Kestrel, constant XML" "$bare_rps" "$bare_p50" "$bare_p99"
printf '| %-34s | %10s | %8s | %8s |\n' "reference server, chatAllowed/1000" "$server_rps" "$server_p50" "$server_p99"
ratio=$(awk -v a="$server_rps" -v b="$bare_rps" 'BEGIN { printf "%.1f", 100*a/b }')
printf '\nreference server / bare Kestrel: %s%% of the throughput (target >= 75%%), p99 %s ms (target < 3 ms)\n' "$ratio" "$server_p99"
