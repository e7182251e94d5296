#!/usr/bin/env bash
# The Temporal Web UI as an operator sees it, checked with a real dev server and headless Chromium:
#   1. starts the Temporal dev server (.owl/bin/temporal) on free loopback ports with Renderowl's
#      search attributes, a SQLite file and its Web UI;
#   2. runs a pipeline (`owl run`, offline providers, 10 s preview) and a render (`owl render` of a
#      2 s text-only timeline) against it (RENDEROWL_TEMPORAL_ADDRESS; PostgreSQL, Redis and S3 stay
#      embedded in a state folder of its own);
#   3. opens the UI's workflow list filtered by a search attribute (the run's RenderowlUser), with
#      Renderowl's search attributes as columns, and the run's User Metadata page, in headless Chromium
#      (temporal-ui-capture.mjs, through the DevTools protocol; Node 20+), checks that they show the
#      runs, their search attribute values and the summary, and saves 1600x1000 screenshots of both.
#
#   infra/scripts/temporal-ui-screenshot.sh [OUT.png]   # default infra/docs/temporal-ui-list.png
#                                                       # (and OUT-detail.png)
#
# Variables: OWL (how to run owl; default java -jar cli/target/owl.jar, built by ./owl or
# `./mvnw -pl cli -am package`), TEMPORAL (the CLI; default .owl/bin/temporal), CHROMIUM (default
# chromium). Exit status 0 when the list shows the summaries; the work folder is kept on failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$ROOT/infra/docs/temporal-ui-list.png}"
. "$ROOT/infra/scripts/java-home.sh"
OWL="${OWL:-$JAVA_HOME/bin/java -Xmx768m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar $ROOT/cli/target/owl.jar}"
TEMPORAL="${TEMPORAL:-$ROOT/.owl/bin/temporal}"
CHROMIUM="${CHROMIUM:-chromium}"
[ -x "$TEMPORAL" ] || { echo "ui-check: no Temporal CLI at $TEMPORAL (infra/scripts/build-temporal-cli.sh)" >&2; exit 1; }
command -v "$CHROMIUM" >/dev/null || { echo "ui-check: no $CHROMIUM (apt-get install chromium)" >&2; exit 1; }
command -v node >/dev/null || { echo "ui-check: no node (Node.js 20+ drives Chromium)" >&2; exit 1; }

WORK="$(mktemp -d -t renderowl-ui-check-XXXXXX)"
TEMPORAL_PID=""
cleanup() {
  local status=$?
  if [ -n "$TEMPORAL_PID" ]; then
    kill -TERM "$TEMPORAL_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$TEMPORAL_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$TEMPORAL_PID" 2>/dev/null || true
  fi
  if [ $status -eq 0 ]; then rm -rf "$WORK"; else echo "ui-check: failed; logs in $WORK" >&2; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
TP=$(free_port); UP=$(free_port)
"$TEMPORAL" server start-dev --ip 127.0.0.1 --port "$TP" --ui-port "$UP" \
  --db-filename "$WORK/temporal.db" --namespace default --log-level warn \
  --dynamic-config-value frontend.enableServerVersionCheck=false \
  --search-attribute RenderowlUser=Keyword --search-attribute RenderowlStage=Keyword \
  --search-attribute RenderowlChannel=Keyword --search-attribute RenderowlBatch=Keyword \
  --search-attribute RenderowlPlatform=KeywordList > "$WORK/temporal.log" 2>&1 &
TEMPORAL_PID=$!
deadline=$((SECONDS + 90))
until "$TEMPORAL" operator cluster health --address "127.0.0.1:$TP" >/dev/null 2>&1 \
    && curl -fsS "http://127.0.0.1:$UP/" >/dev/null 2>&1; do
  [ $SECONDS -lt $deadline ] || { echo "ui-check: Temporal not up in 90 s" >&2; tail -20 "$WORK/temporal.log" >&2; exit 1; }
  sleep 1
done
echo "ui-check: Temporal dev server on 127.0.0.1:$TP, UI http://127.0.0.1:$UP"

export RENDEROWL_HOME="$WORK/home" RENDEROWL_TEMPORAL_ADDRESS="127.0.0.1:$TP" \
  RENDEROWL_TEMPORAL_NAMESPACE=default RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES=true \
  RENDEROWL_SCRIPT_PROVIDER=offline RENDEROWL_VISUAL_PROVIDERS=procedural RENDEROWL_VOICE_PROVIDER=espeak
mkdir -p "$RENDEROWL_HOME"
[ -d "$ROOT/.owl/bin" ] && ln -s "$ROOT/.owl/bin" "$RENDEROWL_HOME/bin"
TOPIC="Why owls fly silently"
echo "ui-check: owl run --topic '$TOPIC' (offline providers, 10 s preview)"
$OWL run --topic "$TOPIC" --duration 10 --aspect 16:9 --preview --output "$WORK/run.mp4" \
  > "$WORK/run.log" 2>&1 || { tail -30 "$WORK/run.log" >&2; exit 1; }
cat > "$WORK/timeline.json" <<'JSON'
{
  "id": "ui-check", "name": "Temporal UI check", "resolution": "320x180", "fps": 30,
  "background_color": "#102040", "duration": 2.0,
  "tracks": [ { "id": "captions", "name": "Captions", "type": "text", "order": 0, "is_visible": true,
    "clips": [ { "id": "hello", "type": "text", "start_time": 0.0, "duration": 2.0, "source_url": null,
      "content": { "text": "Temporal UI check", "color": "#ffffff", "fontSize": 24, "position": "center" } } ] } ]
}
JSON
echo "ui-check: owl render (2 s text timeline)"
$OWL render "$WORK/timeline.json" --output "$WORK/render.mp4" \
  > "$WORK/render.log" 2>&1 || { tail -30 "$WORK/render.log" >&2; exit 1; }

# The workflow list filtered by a search attribute, with Renderowl's search attributes as columns,
# and the run's User Metadata page with its summary (the UI renders it as Markdown: typographic
# quotes) and its render child's; headless Chromium waits until each shows them.
RUN_ID=$(grep -o 'run-[0-9a-f]\{8,\}' "$WORK/run.log" | head -1)
[ -n "$RUN_ID" ] || { echo "ui-check: no run id in the run's output" >&2; tail -20 "$WORK/run.log" >&2; exit 1; }
"$TEMPORAL" workflow describe --address "127.0.0.1:$TP" -w "$RUN_ID" -o json > "$WORK/describe.json"
read -r RUN_UUID USER_ID < <(python3 -c 'import sys,json,base64
d=json.load(open(sys.argv[1]))["workflowExecutionInfo"]
f=d["searchAttributes"]["indexedFields"]["RenderowlUser"]
print(d["execution"]["runId"], json.loads(base64.b64decode(f["data"])))' "$WORK/describe.json")
urlencode() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$1"; }
USER_QUERY="RenderowlUser = '$USER_ID'"
LIST="/namespaces/default/workflows?query=$(urlencode "$USER_QUERY")"
DETAIL="/namespaces/default/workflows/$RUN_ID/$RUN_UUID/user-metadata"
COLUMNS='[{"label":"Status"},{"label":"Workflow ID"},{"label":"Type"},{"label":"RenderowlStage"},{"label":"RenderowlPlatform"},{"label":"Start"},{"label":"End"}]'
mkdir -p "$(dirname "$OUT")"
DETAIL_OUT="${OUT%.png}-detail.png"
node --experimental-websocket --no-warnings "$ROOT/infra/scripts/temporal-ui-capture.mjs" \
  "$(command -v "$CHROMIUM")" "http://127.0.0.1:$UP" default "$COLUMNS" \
  "$LIST" "$OUT" "$RUN_ID|$RUN_ID-render|RenderowlStage|render|local-folder" \
  "$DETAIL" "$DETAIL_OUT" "“$TOPIC” 16:9 10 s -> local-folder|Render of $RUN_ID" 2> "$WORK/capture.log" \
  || { cat "$WORK/capture.log" >&2; exit 1; }
echo "ui-check: the list for $USER_QUERY shows $RUN_ID and its render with their search attributes ($OUT)"
echo "ui-check: the run's User Metadata page shows its summary 'Video “$TOPIC” 16:9 10 s -> local-folder' and its render child's ($DETAIL_OUT)"
