#!/usr/bin/env bash
# Builds the Temporal CLI (real dev server with SQLite persistence and the Web UI) from its Go
# module into the state folder, where the embedded stack finds it: ${RENDEROWL_HOME:-.owl}/bin/temporal.
# Needs Go; takes ~3 minutes the first time (module downloads), seconds afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOME_DIR="${RENDEROWL_HOME:-$ROOT/.owl}"
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
TARGET="$HOME_DIR/bin/temporal"
if [ -x "$TARGET" ] && [ "${1:-}" != "--force" ]; then
  echo "Temporal CLI already built: $TARGET"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed: cannot build the Temporal CLI; Renderowl will use the in-process test server." >&2
  exit 1
fi
mkdir -p "$HOME_DIR/bin"
echo "Building the Temporal CLI $VERSION from github.com/temporalio/cli (first time: a few minutes)..."
GOBIN="$HOME_DIR/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$VERSION"
"$TARGET" --version
