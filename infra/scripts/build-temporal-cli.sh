#!/usr/bin/env bash
# Builds the Temporal dev server: the Temporal CLI (the real server with SQLite persistence and the
# Web UI) from infra/temporal-dev-server, whose go.mod pins the CLI's version, into the state
# folder, where the embedded stack finds it: ${RENDEROWL_HOME:-.owl}/bin/temporal.
# Needs Go; takes ~3 minutes the first time (module downloads), seconds afterwards. A binary older
# than those sources (one an earlier version built) is built again; --force builds it regardless.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOME_DIR="${RENDEROWL_HOME:-$ROOT/.owl}"
SRC="$ROOT/infra/temporal-dev-server"
TARGET="$HOME_DIR/bin/temporal"
stale() {
  local f
  for f in "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum"; do
    [ "$f" -nt "$TARGET" ] && return 0
  done
  return 1
}
if [ -x "$TARGET" ] && [ "${1:-}" != "--force" ] && ! stale; then
  echo "Temporal CLI already built: $TARGET"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed: cannot build the Temporal CLI; Renderowl will use the in-process test server." >&2
  exit 1
fi
mkdir -p "$HOME_DIR/bin"
echo "Building the Temporal dev server ($(sed -n 's|^\s*github.com/temporalio/cli \(v[^ ]*\).*|Temporal CLI \1|p' "$SRC/go.mod")) from $SRC (first time: a few minutes)..."
# into a new file, then renamed: a server still running the old binary keeps it
(cd "$SRC" && go build -trimpath -o "$TARGET.new.$$" .)
mv -f "$TARGET.new.$$" "$TARGET"
"$TARGET" --version
