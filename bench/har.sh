#!/usr/bin/env bash
# --har on a large HAR as a whole browsing session saves it: a synthetic file of SIZE MB (default 500), almost all of
# it other sites' traffic (4 KB bodies), with a recording of the chat API (the record command against the reference
# server) spliced in. Prints the wall time and the runner's peak resident memory (goal: well under 300 MB).
# Usage: bench/har.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-500}
./run-conformance.sh --list >/dev/null # builds .tools/runner if needed, outside the timing
out=$(mktemp -d)
trap 'rm -rf "$out"; kill "$server" 2>/dev/null || true' EXIT
port=$((20000 + RANDOM % 20000))
dotnet reference-server/bin/Release/net10.0/Ece.ReferenceServer.dll --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
.tools/runner/ece-conformance record --target "http://127.0.0.1:$port" --duration 0 --out "$out/ece.har" >/dev/null
python3 - "$out/ece.har" "$out/big.har" "$size" <<'PY'
import json, sys
ece = json.load(open(sys.argv[1]))["log"]["entries"]
target = int(sys.argv[3]) * 1024 * 1024
body = "a" * 4096
with open(sys.argv[2], "w") as f:
    f.write('{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[')
    written, i = 0, 0
    while written < target:
        e = {"startedDateTime": "2026-12-01T10:00:00.000Z", "time": 5, "request": {"method": "GET", "url": f"https://cdn.example.com/{i}.js", "headers": []},
             "response": {"status": 200, "statusText": "OK", "headers": [], "content": {"size": 4096, "mimeType": "text/javascript", "text": body}}, "timings": {"wait": 4}}
        line = json.dumps(e) + ","
        f.write(line); written += len(line); i += 1
        if i % 20000 == 0:
            for x in ece: f.write(json.dumps(x) + ",")
    f.write(",".join(json.dumps(x) for x in ece))
    f.write("]}}")
PY
printf '\n| HAR | Size | Wall | Exit | Runner peak RSS |\n|---|---:|---:|---:|---:|\n'
/usr/bin/time -f "%e %M" -o "$out/time" .tools/runner/ece-conformance --har "$out/big.har" --format json --report-dir "$out/report" >/dev/null 2>&1 && code=0 || code=$?
read -r wall rss <"$out/time"
printf '| synthetic, other sites with the chat API spliced in | %s MB | %s s | %s | %d MiB |\n' "$(( $(stat -c %s "$out/big.har") / 1048576 ))" "$wall" "$code" "$((rss / 1024))"
