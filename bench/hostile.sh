#!/usr/bin/env bash
# The runner against hostile targets, in the configuration a user runs (all reports, defaults but the
# options named): peak memory against the worst body the cap lets through (~21,800 unclosed elements,
# answered to every GET) at 8 entry points, and wall time against a target that accepts connections
# and never answers, or drips a byte every 100 ms, at --timeout 2. Prints a table.
# Usage: bench/hostile.sh. Goals: peak RSS < 300 MB; a stalled target ends within 4 x --timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
./run-conformance.sh --list >/dev/null # builds .tools/runner if needed, outside the measurement
out=$(mktemp -d)
port=18095
cat >"$out/hostile.py" <<'PY'
import sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
mode, port = sys.argv[1], int(sys.argv[2])
garbage = b"<a>" * 21800
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        if mode == "garbage":
            self.send_response(200); self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(garbage))); self.end_headers(); self.wfile.write(garbage)
        elif mode == "stall":
            time.sleep(3600)
        else:  # drip
            self.send_response(200); self.send_header("Content-Type", "application/xml"); self.end_headers()
            try:
                for _ in range(36000): self.wfile.write(b" "); self.wfile.flush(); time.sleep(0.1)
            except Exception: pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
runner=(.tools/runner/ece-conformance)
eps=(--entry-point 1000 --entry-point 1001 --entry-point 1002 --entry-point 1003 --entry-point 1004 --entry-point 1005 --entry-point 1006 --entry-point 1007)
row() { printf '| %-52s | %6s | %9s | %8s | %11s |\n' "$@"; }
run() { # name mode -- runner args
  local name=$1 mode=$2; shift 3
  python3 "$out/hostile.py" "$mode" "$port" & local pid=$!
  for _ in $(seq 1 50); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  local start end code=0
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$out/rss" "${runner[@]}" --target "http://127.0.0.1:$port" --report-dir "$out/r-$mode" "$@" >"$out/$mode.log" 2>&1 || code=$?
  end=$(date +%s.%N)
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  port=$((port + 1))
  row "$name" "$code" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f s", b - a }')" "$(awk 'END { printf "%.0f MB", $1/1024 }' "$out/rss")" \
    "$(du -sk "$out/r-$mode" | awk '{ printf "%.1f MB", $1/1024 }')"
}
trap 'rm -rf "$out"' EXIT
printf '\n%s cores; the runner with all reports, defaults but the options named\n\n' "$(nproc)"
row "target" "exit" "wall time" "peak RSS" "report size"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------------------------" "--------" "-----------" "----------" "-------------"
run "21,800 unclosed elements on every GET, 8 entry points" garbage -- "${eps[@]}"
run "accepts, never answers (--timeout 2)" stall -- --timeout 2
run "drips a byte every 100 ms (--timeout 2)" drip -- --timeout 2
printf '\ngoals: peak RSS < 300 MB; a stalled or dripping target ends within 4 x --timeout (8 s) with exit 2\n'
