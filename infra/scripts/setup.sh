#!/usr/bin/env bash
# Installs what a fresh machine lacks for Renderowl's offline providers: espeak-ng (speech) and
# DejaVu fonts (captions) and the ffmpeg CLI (`owl bench render` compares with it; tests check the
# loudness meter against its ebur128 filter), then builds the Temporal CLI dev server when Go is
# present.
# Safe to run again: it only installs what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing ${missing[*]} (apt-get)..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} (sudo apt-get)..."
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install: ${missing[*]} (Renderowl's offline speech and captions, and its render benchmark, need them)" >&2
    exit 1
  fi
fi
if [ "${RENDEROWL_SKIP_TEMPORAL_BUILD:-0}" != "1" ] && command -v go >/dev/null 2>&1; then
  "$ROOT/infra/scripts/build-temporal-cli.sh"
fi
# helm, kubernetes-validate and compose-check for the deployment checks (HelmChartTest,
# ComposeFileTest): in CI (CI=true) or when asked (RENDEROWL_DEPLOY_TOOLS=1); `./owl`'s first run
# does not wait for the helm build.
if [ "${CI:-}" = "true" ] || [ "${RENDEROWL_DEPLOY_TOOLS:-0}" = "1" ]; then
  "$ROOT/infra/scripts/install-deploy-tools.sh"
fi
# Schemathesis, the API fuzzer of ApiFuzzSystemTest, pinned, in its own virtual environment: in CI
# (CI=true) or when asked (RENDEROWL_FUZZ_TOOLS=1), so `./owl`'s first run does not wait for pip.
SCHEMATHESIS_VERSION=4.32.5
if { [ "${CI:-}" = "true" ] || [ "${RENDEROWL_FUZZ_TOOLS:-0}" = "1" ]; } \
  && [ "${RENDEROWL_SKIP_SCHEMATHESIS:-0}" != "1" ] && command -v python3 >/dev/null 2>&1; then
  venv="$ROOT/.owl/tools/schemathesis"
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "Installing Schemathesis $SCHEMATHESIS_VERSION (pip) into $venv..."
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi
