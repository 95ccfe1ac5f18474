# Sourced by the benchmarks: what they need of the API (base path, entry point, operations, paths, an example body),
# read from spec/openapi.yaml and spec/examples, its one home, so no script keeps a copy that could go stale.
spec_file=spec/openapi.yaml

# The default base path (x-ece basePaths.default).
spec_base_path() { awk '/^  basePaths:/ { f = 1 } f && $1 == "default:" { print $2; exit }' "$spec_file"; }

# The spec's example entry point (x-ece exampleEntryPoint).
spec_entry_point() { awk '$1 == "exampleEntryPoint:" { print $2; exit }' "$spec_file"; }

# The operation ids, in the spec's order; with a method (get, post), only the operations of that method.
spec_operations() {
  awk -v m="${1:-}" '/^    (get|post|put|delete|head):$/ { method = substr($1, 1, length($1) - 1) }
    $1 == "operationId:" && (m == "" || m == method) { print $2 }' "$spec_file"
}

# An operation's path under the base path, its {id} replaced by the given entry point: spec_path OPERATION [ID].
spec_path() {
  awk -v op="$1" -v id="${2:-}" '/^  \/[^ ]*:$/ { p = substr($1, 1, length($1) - 1) }
    $1 == "operationId:" && $2 == op { sub(/\{id\}/, id, p); print p; exit }' "$spec_file"
}

# The spec's example request or answer body of that name (spec/examples/NAME).
spec_example() { cat "spec/examples/$1"; }
