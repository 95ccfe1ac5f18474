#!/usr/bin/env bash
# Throughput and latency of the reference server against bare Kestrel answering a constant XML
# string, side by side in one run: wrk on loopback, same connections, threads and duration.
# The reference server runs in the configuration a user starts: no environment variables, no
# options but --urls, so its request log is on (50 lines a second, the rest summarised) and the
# GC is the Web SDK's default. Then its memory: RSS after the load (hundreds of thousands of
# requests) and after a flood of 64 KB surveys (bounded by --max-survey-bytes, default 64 MiB).
# Usage: bench/server.sh [duration-seconds=10] [connections=32]
# Prints a table with requests/s, p50 and p99 of both and the ratio; bounded in time (2 x duration + start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/spec.sh
duration=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }

out=$(mktemp -d)
dotnet publish reference-server -c Release -o "$out/server" --nologo -v q >/dev/null
dotnet publish bench/BareKestrel -c Release -o "$out/bare" --nologo -v q >/dev/null

server_port=18080 bare_port=18081
"$out/server/Ece.ReferenceServer" --urls "http://127.0.0.1:$server_port" >"$out/server.log" 2>&1 &
server_pid=$!
ep=$(spec_entry_point)
first=$(spec_operations get | head -1)
"$out/bare/BareKestrel" --urls "http://127.0.0.1:$bare_port" --body "spec/examples/$first.xml" >"$out/bare.log" 2>&1 &
bare_pid=$!
trap 'kill $server_pid $bare_pid 2>/dev/null; rm -rf "$out"' EXIT

wait_for() { for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1" >&2; exit 2; }
# The reference server is asked each GET operation of the spec in turn (a chat button's page asks one or several);
# bare Kestrel answers the first one's example, as a constant.
server_url="http://127.0.0.1:$server_port"
bare_url="http://127.0.0.1:$bare_port/bare/$ep"
wait_for "$server_url$(spec_base_path)$(spec_path "$first" "$ep")"; wait_for "$bare_url"
{
  printf 'local paths = {'
  for op in $(spec_operations get); do printf '"%s%s",' "$(spec_base_path)" "$(spec_path "$op" "$ep")"; done
  printf '}\nlocal i = 0\nrequest = function() i = i %% #paths + 1; return wrk.format("GET", paths[i]) end\n'
} >"$out/gets.lua"

rss() { awk '/VmRSS/ { printf "%.0f", $2/1024 }' "/proc/$1/status"; }
measure() { # url [wrk options] -> "rps p50_ms p99_ms"
  local url=$1; shift
  wrk -t2 -c"$connections" -d2s "$@" "$url" >/dev/null # warm-up: JIT and tiered compilation
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$url" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /requests in/ { total=$1 } /Requests\/sec/ { rps=$2 } /^ +50%/ { p50=ms($2) } /^ +99%/ { p99=ms($2) } /Non-2xx/ { bad=$NF }
    END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.3f %.3f %d\n", rps, p50, p99, total }'
}
read -r bare_rps bare_p50 bare_p99 _ < <(measure "$bare_url")
read -r server_rps server_p50 server_p99 server_total < <(measure "$server_url" -s "$out/gets.lua")

printf '\nwrk -t2 -c%s -d%ss, loopback, %s cores\n\n' "$connections" "$duration" "$(nproc)"
printf '| %-34s | %10s | %8s | %8s |\n' "endpoint" "requests/s" "p50 ms" "p99 ms"
printf '|%s|%s|%s|%s|\n' "------------------------------------" "------------" "----------" "----------"
printf '| %-34s | %10s | %8s | %8s |\n' "bare Kestrel, constant XML" "$bare_rps" "$bare_p50" "$bare_p99"
printf '| %-34s | %10s | %8s | %8s |\n' "reference server, each GET in turn" "$server_rps" "$server_p50" "$server_p99"
ratio=$(awk -v a="$server_rps" -v b="$bare_rps" 'BEGIN { printf "%.1f", 100*a/b }')
printf '\nreference server / bare Kestrel: %s%% of the throughput (target >= 80%%), p99 %s ms (target < 3 ms)\n' "$ratio" "$server_p99"
printf 'request log: %s lines written for %s measured requests (one a request up to 50 a second, then a summary a second)\n' \
  "$(wc -l <"$out/server.log")" "$server_total"
after_load=$(rss $server_pid)

# A flood of 64 KB surveys for 5 s: the store fills to its byte budget, then answers 507; RSS must stay bounded.
answer=$(head -c 65000 /dev/zero | tr '\0' 'a')
post=$(spec_operations post)
spec_example "$post.xml" | sed "0,/Answer 1/s//$answer/" >"$out/survey.xml"
cat >"$out/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/xml"
local f = io.open("$out/survey.xml", "rb"); wrk.body = f:read("*a"); f:close()
LUA
surveys=$(wrk -t2 -c8 -d5s -s "$out/post.lua" "$server_url$(spec_base_path)$(spec_path "$post")" | awk '/requests in/ { print $1 }')
after_surveys=$(rss $server_pid)
printf '\n| %-44s | %8s |\n' "reference server memory (default settings)" "RSS MiB"
printf '|%s|%s|\n' "----------------------------------------------" "----------"
printf '| %-44s | %8s |\n' "after the load above ($server_total requests)" "$after_load"
printf '| %-44s | %8s |\n' "after $surveys survey posts of 64 KB" "$after_surveys"
printf '\nsurvey store budget 64 MiB (--max-survey-bytes); posts past it are answered 507 and not kept\n'
