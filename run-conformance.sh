#!/bin/sh
# Runs the ECE conformance suite. Without --target it checks the embedded reference server.
#   ./run-conformance.sh                                   # embedded reference server, all reports
#   ./run-conformance.sh --target https://ece.example.com  # a real deployment (read-only)
#   ./run-conformance.sh --help                            # every option
# The runner is built once into .tools/runner and rebuilt only when its sources change.
# POSIX sh, not bash: a shell that starts in ~1 ms instead of ~4 (it has no pipelines to need pipefail).
set -eu
# The checkout's absolute path from how this script was started, without a subshell where the shell can say it (two
# subshells cost a run ~8 ms); started through PATH, it is looked up.
case $0 in
  /*) root=${0%/*} ;;
  */*) root=$PWD/${0%/*} ;;
  *) root="$(cd "$(dirname "$(command -v "$0")")" && pwd)" ;;
esac
out="$root/.tools/runner"
runner="$out/ece-conformance"

stale() {
  [ ! -f "$runner" ] && return 0
  # bin, obj and dist are pruned, not walked and filtered: the check costs a run milliseconds, not a tenth of a second.
  [ -n "$(find "$root/spec" "$root/conformance" "$root/reference-server" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/run-conformance.sh" \
    \( -name bin -o -name obj -o -name dist \) -prune -o -type f -newer "$runner" -not -name traceability.md -print -quit)" ]
}

if stale; then
  echo "Building the runner into .tools/runner (about two minutes, once; again only when its sources change)..." >&2
  # Self-contained and ReadyToRun as one composite image with the .NET runtime and ASP.NET Core: ahead-of-time code
  # across assembly boundaries (generics, inlining) that per-assembly ReadyToRun leaves to the JIT at every run. An
  # embedded run takes ~0.5 s instead of ~0.7 s; the price is this build, paid once. Optimize=false makes the C#
  # compiler emit async state machines as classes: crossgen2 leaves the code of a Task<T>'s box around a struct state
  # machine to the JIT (~260 methods of a run, ~20 ms), and a class's box shares code it has compiled. The price, our
  # own code unoptimised, is small: the run's time is the runtime's and the framework's, which stay optimised.
  # Built apart (.tools/build), so the tests' builds and this one never take each other's compiled assemblies.
  rid=linux-x64; [ "$(uname -m)" = aarch64 ] && rid=linux-arm64
  rm -rf "$out"
  dotnet publish "$root/conformance/Ece.Conformance.csproj" -c Release -r "$rid" --self-contained true \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:Optimize=false \
    --artifacts-path "$root/.tools/build" -o "$out" --nologo -v quiet >&2
  touch "$runner"
fi
exec "$runner" "$@"
