#!/usr/bin/env bash
# API load benchmark: starts `owl serve` on a fresh state folder, creates two timelines and a
# finished render, then drives the API with vegeta (Go module, installed on first use) for 60 s at
# 200 requests/s, an even mix of GET /timelines/{id}, GET /render/{id}, GET /templates (or, where
# no templates endpoint is served, GET /timelines) and POST /timelines/{id}/clips. Prints p50/p99
# per request kind, errors, and the server's CPU and heap.
#
#   infra/scripts/bench-api.sh [--rate 200] [--duration 60s] [--port 18080]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RATE=200
DURATION=60s
PORT=18080
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "usage: $0 [--rate N] [--duration 60s] [--port P]" >&2; exit 2 ;;
  esac
done
. "$ROOT/infra/scripts/java-home.sh"
TOOLS="$ROOT/.owl/tools/bin"
VEGETA="$TOOLS/vegeta"
if [ ! -x "$VEGETA" ]; then
  command -v go >/dev/null 2>&1 || { echo "bench-api: needs Go to install vegeta" >&2; exit 1; }
  echo "bench-api: installing vegeta v12.13.0 (go install)..." >&2
  GOBIN="$TOOLS" go install github.com/tsenart/vegeta/v12@v12.13.0
fi
WORK="$(mktemp -d -t renderowl-bench-api-XXXXXX)"
BASE="http://127.0.0.1:$PORT"
export RENDEROWL_HOME="$WORK/home"
# One user sends every request: the per-user rate limit (120 at once by default) would answer
# most of them 429, so it is raised; each request still goes through the limiter's Redis calls.
export RENDEROWL_API_RATE_BURST="${RENDEROWL_API_RATE_BURST:-1000000}"
export RENDEROWL_API_RATE_PER_MINUTE="${RENDEROWL_API_RATE_PER_MINUTE:-1000000}"
"$ROOT/owl" serve --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
# The local user's API key is written to $RENDEROWL_HOME/api-key on first start (there is no
# well-known development token any more).
TOKEN=""
for _ in $(seq 1 300); do
  [ -z "$TOKEN" ] && [ -s "$RENDEROWL_HOME/api-key" ] && TOKEN="$(tr -d '[:space:]' < "$RENDEROWL_HOME/api-key")"
  [ -n "$TOKEN" ] && curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/timelines" && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 1
done
[ -n "$TOKEN" ] || { echo "bench-api: the server wrote no API key to $RENDEROWL_HOME/api-key" >&2; exit 1; }
AUTH="Authorization: Bearer $TOKEN"
# The JVM is the child of the owl script.
PID="$(pgrep -P $SERVER java || echo $SERVER)"

timeline() { # duration
  cat <<JSON
{"name": "bench", "resolution": "320x240", "fps": 10, "duration": $1,
 "tracks": [{"id": "t", "name": "Captions", "type": "text", "order": 0,
             "clips": [{"id": "c", "type": "text", "start_time": 0, "duration": 1,
                        "content": {"text": "Owls"}}]}]}
JSON
}
post() { curl -sf -X POST -H "$AUTH" -H 'Content-Type: application/json' "$BASE$1" -d "$2"; }
READ_ID=$(post /api/v1/timelines "$(timeline 2)" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
EDIT=$(post /api/v1/timelines "$(timeline 3600)")
EDIT_ID=$(echo "$EDIT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
EDIT_TRACK=$(echo "$EDIT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["tracks"][0]["id"])')
RENDER_ID=$(post /api/v1/render "{\"timeline_id\": \"$READ_ID\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
for _ in $(seq 1 300); do
  status=$(curl -sf -H "$AUTH" "$BASE/api/v1/render/$RENDER_ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["status"])')
  [ "$status" = completed ] && break
  [ "$status" = failed ] && { echo "bench-api: the setup render failed" >&2; exit 1; }
  sleep 1
done
LIST=/api/v1/templates
if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE$LIST")" != 200 ]; then
  echo "bench-api: no /api/v1/templates on this server; GET /api/v1/timelines stands in for it" >&2
  LIST=/api/v1/timelines
fi

# One target per request, in turn; the clips go one after another on the long timeline.
SECONDS_TOTAL=${DURATION%s}
BENCH_TOKEN="$TOKEN" python3 - "$BASE" "$READ_ID" "$RENDER_ID" "$LIST" "$EDIT_ID" "$EDIT_TRACK" \
  $((RATE * SECONDS_TOTAL + RATE)) > "$WORK/targets.jsonl" <<'PY'
import base64, json, os, sys
base, read_id, render_id, listing, edit_id, track, count = sys.argv[1:8]
headers = {"Authorization": ["Bearer " + os.environ["BENCH_TOKEN"]],
           "Content-Type": ["application/json"]}
clip = 0
for i in range(int(count)):
    kind = i % 4
    if kind == 0:
        t = {"method": "GET", "url": f"{base}/api/v1/timelines/{read_id}"}
    elif kind == 1:
        t = {"method": "GET", "url": f"{base}/api/v1/render/{render_id}"}
    elif kind == 2:
        t = {"method": "GET", "url": f"{base}{listing}"}
    else:
        clip += 1
        body = {"track_id": track, "type": "text", "start_time": 1 + clip * 0.5,
                "duration": 0.5, "content": {"text": f"clip {clip}"}}
        t = {"method": "POST", "url": f"{base}/api/v1/timelines/{edit_id}/clips",
             "body": base64.b64encode(json.dumps(body).encode()).decode()}
    t["header"] = headers
    print(json.dumps(t))
PY

cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
TICKS=$(getconf CLK_TCK)
CPU_BEFORE=$(cpu)
echo "bench-api: $RATE requests/s for $DURATION against $BASE (server pid $PID)" >&2
"$VEGETA" attack -format=json -lazy -rate="$RATE/s" -duration="$DURATION" -timeout=10s \
  -max-workers=256 < "$WORK/targets.jsonl" > "$WORK/results.bin"
CPU_AFTER=$(cpu)
HEAP="$("$JAVA_HOME/bin/jcmd" "$PID" GC.heap_info 2>/dev/null | head -3 | tr -s ' ' || true)"
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
"$VEGETA" encode -to=csv < "$WORK/results.bin" > "$WORK/results.csv"
python3 - "$WORK/results.csv" "$CPU_BEFORE" "$CPU_AFTER" "$TICKS" "$SECONDS_TOTAL" "$RSS_KB" <<'PY'
import csv, sys
path, before, after, ticks, seconds, rss = sys.argv[1:7]
kinds = {}
for row in csv.reader(open(path)):
    code, latency_ns, error, method, url = int(row[1]), int(row[2]), row[5], row[9], row[10]
    if method == "POST":
        kind = "POST /timelines/{id}/clips"
    elif "/render/" in url:
        kind = "GET /render/{id}"
    elif url.rstrip("/").endswith(("/templates", "/timelines")):
        kind = "GET " + url[url.index("/api/v1") + 7:]
    else:
        kind = "GET /timelines/{id}"
    k = kinds.setdefault(kind, {"lat": [], "errors": 0, "codes": {}})
    k["lat"].append(latency_ns / 1e6)
    k["codes"][code] = k["codes"].get(code, 0) + 1
    if error or code >= 400 or code == 0:
        k["errors"] += 1
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
total = sum(len(k["lat"]) for k in kinds.values())
errors = sum(k["errors"] for k in kinds.values())
print(f"{'request':32} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  status codes")
for name, k in sorted(kinds.items()):
    print(f"{name:32} {len(k['lat']):6d} {pct(k['lat'], 50):8.1f} {pct(k['lat'], 99):8.1f} {k['errors']:7d}  {k['codes']}")
reads = [l for n, k in kinds.items() if n.startswith("GET") for l in k["lat"]]
print(f"{'all reads':32} {len(reads):6d} {pct(reads, 50):8.1f} {pct(reads, 99):8.1f}")
cpu_s = (float(after) - float(before)) / float(ticks)
print(f"requests {total}, errors {errors}; server CPU {cpu_s:.1f} s over {seconds} s"
      f" ({100 * cpu_s / float(seconds):.0f}% of one core), RSS {int(rss) // 1024} MB")
PY
echo "server heap: $HEAP"
echo "(work folder: $WORK)"
