#!/usr/bin/env bash
# How many target checks a second the monitor sustains on one core, and whether its memory stays flat.
# One reference server (pinned to core 1) answers as many targets as loopback addresses it is bound to
# (127.0.0.2, 127.0.0.3, ..., then 127.0.1.2, ...: the same server under many URLs); the monitor is pinned to core 0 (taskset -c 0).
#   run 1 "goal": N targets at an interval that offers 67 checks/s (1,000 targets at 15 s, scaled);
#   run 2 "saturated": the same targets every 0.5 s, more than one core can do: what it achieves is its ceiling.
# Each run: checks/s achieved (ece_cycles from /metrics over the measured window), CPU of the monitor (its
# process_cpu_seconds_total), cycle p50 from the histogram, and RSS sampled every 5 s (first, last, max).
# Usage: bench/monitor.sh [targets=200] [seconds=60]   (bounded: about 2 x seconds + start-up)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=${1:-200}
seconds=${2:-60}
command -v taskset >/dev/null || { echo "taskset is needed (util-linux)" >&2; exit 2; }

out=$(mktemp -d)
dotnet publish conformance -c Release -o "$out/runner" --nologo -v q >/dev/null
port=18180 listen=127.0.0.1:19470
# Loopback addresses 127.0.0.2, ..., 127.0.0.251, 127.0.1.2, ...: an octet past 255 is no address (Kestrel then
# binds every interface, and the server does not start), so more than 250 targets spill into the next /24.
seq 0 $((targets - 1)) | awk -v p=$port '{ printf "http://127.0.%d.%d:%d\n", int($1 / 250), $1 % 250 + 2, p }' > "$out/targets.txt"
urls=$(paste -sd';' "$out/targets.txt")
taskset -c 1 dotnet "$out/runner/Ece.ReferenceServer.dll" --urls "$urls" --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1 &
server_pid=$!
monitor_pid=
trap 'kill $server_pid $monitor_pid 2>/dev/null || true; rm -rf "$out"' EXIT
# Any answer says the server listens (curl exits 0 on any HTTP status).
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.2:$port/" && break; sleep 0.1; done
kill -0 $server_pid 2>/dev/null || { echo "the reference server did not start:" >&2; tail -3 "$out/server.log" >&2; exit 2; }

metric() { curl -s "http://$listen/metrics" | awk -v n="$1" '$1 ~ "^"n"({|$)" { s += $NF } END { printf "%.3f", s }'; }
rss() { awk '/VmRSS/ { printf "%.0f", $2/1024 }' "/proc/$1/status"; }

run() { # name interval -> one table row
  local name=$1 interval=$2
  taskset -c 0 dotnet "$out/runner/ece-conformance.dll" monitor --targets-file "$out/targets.txt" --interval "$interval" \
    --listen "$listen" --concurrency 64 >"$out/$name.log" 2>"$out/$name.err" &
  monitor_pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://$listen/healthz" && break; sleep 0.1; done
  # Warm-up: JIT, connections, and the first cycle of every target, which are spread over one interval: measured
  # from there, the window sees the steady state a long-running monitor is in, not its start.
  sleep "$(awk -v i="$interval" 'BEGIN { w = i + 5; printf "%.0f", (w < 10 ? 10 : w) }')"
  local c0 cpu0 t0 samples=() c1 cpu1 t1
  c0=$(metric ece_cycles); cpu0=$(metric process_cpu_seconds_total); t0=$(date +%s.%N)
  for _ in $(seq 1 $((seconds / 5))); do sleep 5; samples+=("$(rss $monitor_pid)"); done
  c1=$(metric ece_cycles); cpu1=$(metric process_cpu_seconds_total); t1=$(date +%s.%N)
  local p50 total
  p50=$(curl -s "http://$listen/metrics" | awk '/^ece_cycle_duration_seconds_bucket/ { match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); b[le] += $NF } /^ece_cycle_duration_seconds_count/ { n += $NF }
    END { m = 1e9; for (le in b) if (b[le] >= n / 2 && le != "+Inf" && le + 0 < m) m = le + 0; printf "%s", (m == 1e9 ? "+Inf" : m * 1000) }')
  total=$(metric ece_cycles)
  kill -TERM $monitor_pid; wait $monitor_pid || true; monitor_pid=
  local sorted max
  sorted=$(printf '%s\n' "${samples[@]}" | sort -n); max=$(echo "$sorted" | tail -1)
  awk -v n="$name" -v t="$targets" -v i="$interval" -v c0="$c0" -v c1="$c1" -v cpu0="$cpu0" -v cpu1="$cpu1" -v t0="$t0" -v t1="$t1" \
      -v p50="$p50" -v first="${samples[0]}" -v last="${samples[-1]}" -v max="$max" -v total="$total" 'BEGIN {
    offered = t / (i + 0); w = t1 - t0; rate = (c1 - c0) / w; cpu = (cpu1 - cpu0) / w
    printf "| %s | %d × %s | %.0f | %.1f | %.0f%% | %.0f | <= %s ms | %s / %s / %s | %d |\n", n, t, i, offered, rate, cpu * 100, (cpu > 0 ? rate / cpu : 0), p50, first, last, max, total }'
}

echo "| Run | Targets × interval | Offered checks/s | Achieved checks/s | CPU of core 0 | Checks per CPU-second | Cycle p50 | RSS MiB first / last / max | Cycles in all |"
echo "|---|---|---:|---:|---:|---:|---:|---|---:|"
run goal "$(awk -v t="$targets" 'BEGIN { printf "%.3fs", t / 67 }')"
run saturated 0.5s
