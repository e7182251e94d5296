#!/usr/bin/env bash
# Installs the tools the deployment checks use (HelmChartTest): helm, built from its Go module into
# ${RENDEROWL_HOME:-.owl}/bin/helm, and kubernetes-validate (PyPI; it ships the Kubernetes JSON
# schemas, so validation needs no network) in a virtual environment at
# ${RENDEROWL_HOME:-.owl}/tools/venv; and compose-check (infra/deploy/compose-check, compose-go's
# loader: what `docker compose config` runs, for machines whose docker has no compose plugin)
# into ${RENDEROWL_HOME:-.owl}/bin/compose-check (ComposeFileTest). Safe to run again: it only
# installs what is missing.
# First time: a few minutes (Go module downloads and the helm build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOME_DIR="${RENDEROWL_HOME:-$ROOT/.owl}"
HELM_VERSION="${HELM_VERSION:-v3.19.0}"
VALIDATE_VERSION="${KUBERNETES_VALIDATE_VERSION:-1.37.0}"
mkdir -p "$HOME_DIR/bin" "$HOME_DIR/tools"
if [ ! -x "$HOME_DIR/bin/helm" ]; then
  if command -v go >/dev/null 2>&1; then
    echo "Building helm $HELM_VERSION from helm.sh/helm/v3 (first time: a few minutes)..."
    GOBIN="$HOME_DIR/bin" GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  else
    echo "Go is not installed: no helm; the Helm chart checks will be skipped." >&2
  fi
fi
if [ ! -x "$HOME_DIR/bin/compose-check" ]; then
  if command -v go >/dev/null 2>&1; then
    echo "Building compose-check (compose-go $(grep -o 'compose-go/v2 v[0-9.]*' "$ROOT/infra/deploy/compose-check/go.mod" | cut -d' ' -f2))..."
    (cd "$ROOT/infra/deploy/compose-check" && go build -o "$HOME_DIR/bin/compose-check" .)
  else
    echo "Go is not installed: no compose-check; the Compose file check will be skipped." >&2
  fi
fi
if [ ! -x "$HOME_DIR/tools/venv/bin/kubernetes-validate" ]; then
  if ! python3 -m venv "$HOME_DIR/tools/venv" >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$HOME_DIR/tools/venv"
    fi
  fi
  if [ -x "$HOME_DIR/tools/venv/bin/pip" ]; then
    echo "Installing kubernetes-validate $VALIDATE_VERSION (Kubernetes schemas)..."
    "$HOME_DIR/tools/venv/bin/pip" install -q "kubernetes-validate==$VALIDATE_VERSION"
  else
    echo "No python3 venv: no kubernetes-validate; manifest validation will be skipped." >&2
  fi
fi
