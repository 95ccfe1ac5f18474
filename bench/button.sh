#!/usr/bin/env bash
# A full button check of a page (every step) as a user runs it, on this machine's cores: wall time, the number of
# steps and of the page's seconds watched, and the peak resident memory of the runner, of Playwright's driver and of
# Chromium (all its processes added up), sampled every 0.5 s. Each page with the headless shell (the default) and,
# for the first, with the full browser, so the table gives their ratio in one run.
# Usage: bench/button.sh. Goal: at most 20 s a page on 2 cores; the runner well under 300 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
./run-conformance.sh --list >/dev/null # builds .tools/runner if needed, outside the timing
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pages=tests/Ece.Conformance.Tests/Button
# good.html as GOV.UK times it: a poll every 15 s, a 5 s time-out (minutes of page time per step).
sed -e 's/setTimeout(poll, 1000)/setTimeout(poll, 15000)/' -e 's/abort.abort(); }, 2000)/abort.abort(); }, 5000)/' "$pages/Pages/good.html" >"$out/slow.html"
# Hostile pages: one that sends 10,000 requests as it loads; one whose script freezes it 5 s into every step.
. bench/spec.sh
ece="https://ece.acme.example$(spec_base_path)$(spec_path "$(spec_operations get | head -n 1)" 1)"
echo "<!doctype html><button id=\"chat\">Chat</button><script>for (var i = 0; i < 10000; i++) { fetch('$ece').catch(function () {}); }</script>" >"$out/flood.html"
sed -e 's|^poll();$|poll(); setTimeout(function () { while (true) {} }, 5000);|' "$pages/Pages/good.html" >"$out/freeze.html"

# The resident set of a process, and of its descendants whose command line names Playwright's driver (node) or
# Chromium, each added up, in MiB: "runner driver chromium", from one ps a sample (so sampling costs little CPU).
rss() {
  ps -eo pid=,ppid=,rss=,args= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3; args[$1] = $0 }
    END {
      for (p in parent) {
        q = p; while (q != "" && q != root && q > 1) q = parent[q]
        if (q != root) continue
        if (p == root) r += rss[p]; else if (args[p] ~ /chrom/) c += rss[p]; else if (args[p] ~ /node/) d += rss[p]
      }
      printf "%d %d %d\n", r / 1024, d / 1024, c / 1024
    }'
}

run() { # run NAME ARGS...
  local name=$1; shift
  local start; start=$(date +%s%N)
  .tools/runner/ece-conformance button "$@" --format json --report-dir "$out/report" >"$out/console" 2>&1 &
  local pid=$! runner=0 driver=0 chromium=0
  while kill -0 "$pid" 2>/dev/null; do
    read -r r d c < <(rss "$pid")
    [ "$r" -gt "$runner" ] && runner=$r; [ "$d" -gt "$driver" ] && driver=$d; [ "$c" -gt "$chromium" ] && chromium=$c
    sleep 0.5
  done
  wait "$pid" && code=0 || code=$?
  local wall; wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  local steps seconds
  steps=$(grep -c '^  [a-z0-9-]*: [0-9]* requests' "$out/console" || true)
  seconds=$(grep -o 'in [0-9.]* s of page time' "$out/console" | awk '{ s += $2 } END { printf "%d", s }')
  printf '| %s | %d | %s s | %s s | %d | %d MiB | %d MiB | %d MiB |\n' "$name" "$steps" "$seconds" "$wall" "$code" "$runner" "$driver" "$chromium"
}

printf '\n%s cores, %s\n\n' "$(nproc)" "$(/usr/bin/chromium-headless-shell --version 2>/dev/null || /usr/bin/chromium --version)"
echo "| Page (browser) | Steps | Page time watched | Wall | Exit | Runner peak RSS | Driver peak RSS | Chromium peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
run "good.html, a poll a second (headless shell)" --page "$pages/Pages/good.html" --button '#chat' --reason '#why'
[ -x /usr/bin/chromium ] && run "good.html, a poll a second (full chromium)" --page "$pages/Pages/good.html" --button '#chat' --reason '#why' --chromium /usr/bin/chromium
run "good.html, a poll every 15 s (headless shell)" --page "$out/slow.html" --button '#chat' --reason '#why'
run "the sample page, --page sample (headless shell)" --page sample
run "GOV.UK webchat.js, unchanged (headless shell)" --page "$pages/Public/govuk-contacts-frontend/page.html" --button .js-webchat-open-button
run "hostile: 10,000 requests as it loads (headless shell)" --page "$out/flood.html" --button '#chat'
run "hostile: freezes 5 s into each step (headless shell)" --page "$out/freeze.html" --button '#chat' --reason '#why'
