#!/bin/sh
# Runs the ECE conformance suite. Without --target it checks the embedded reference server.
#   ./run-conformance.sh                                   # embedded reference server, all reports
#   ./run-conformance.sh --target https://ece.example.com  # a real deployment (read-only)
#   ./run-conformance.sh --help                            # every option
# The runner is built once into .tools/runner (native, and the JIT-compiled one for the browser in .tools/runner/full)
# and rebuilt only when its sources change.
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
  echo "Building the runner into .tools/runner (about three minutes, once; again only when its sources change)..." >&2
  rid=linux-x64; [ "$(uname -m)" = aarch64 ] && rid=linux-arm64
  project="$root/conformance/Ece.Conformance.csproj"
  rm -rf "$out"
  # Native AOT links with a C toolchain: clang by default, gcc when that is what the machine has.
  if command -v clang >/dev/null 2>&1; then linker=clang; elif command -v gcc >/dev/null 2>&1; then linker=gcc; else linker=; fi
  mkdir -p "$root/.tools/build"
  native_log="$root/.tools/build/native.log"
  # The runner compiled ahead of time to one native executable: no JIT, no assembly loading, no start-up work of the
  # runtime at every run (an embedded run ~0.15 s instead of ~0.5 s: bench/runner.sh). It has no browser (Playwright
  # needs reflection): it hands button and --browser by exec to the JIT-compiled runner in full/, self-contained like
  # the native one (a framework-dependent one would need to find .NET at every hand-over). Each is built apart
  # (.tools/build/*): the two builds, and the tests', never take each other's compiled files.
  native=
  if [ -n "$linker" ]; then
    dotnet publish "$project" -c Release -r "$rid" --self-contained true \
      --artifacts-path "$root/.tools/build/full" -o "$out/full" --nologo -v quiet >&2
    if dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -p:CppCompilerAndLinker="$linker" \
      --artifacts-path "$root/.tools/build/native" -o "$out" --nologo -v quiet >"$native_log" 2>&1; then
      native=yes
    else
      echo "The native build failed (its log: $native_log): building the ReadyToRun runner instead, which starts in ~0.5 s." >&2
    fi
  else
    echo "No C compiler (clang or gcc) to link the native runner: building the ReadyToRun runner, which starts in ~0.5 s instead of ~0.15 s." >&2
  fi
  if [ -z "$native" ]; then
    rm -rf "$out"
    # Self-contained and ReadyToRun as one composite image with the .NET runtime and ASP.NET Core, browser included:
    # ahead-of-time code across assembly boundaries that per-assembly ReadyToRun leaves to the JIT at every run.
    # Optimize=false makes the C# compiler emit async state machines as classes: crossgen2 leaves the code of a
    # Task<T>'s box around a struct state machine to the JIT (~260 methods of a run, ~20 ms), and a class's box shares
    # code it has compiled.
    dotnet publish "$project" -c Release -r "$rid" --self-contained true \
      -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:Optimize=false \
      --artifacts-path "$root/.tools/build/r2r" -o "$out" --nologo -v quiet >&2
  fi
  touch "$runner"
fi
exec "$runner" "$@"
