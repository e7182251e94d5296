#!/usr/bin/env bash
# A real Renderowl cluster on one machine, every part its own process with its own state folder:
#   shared servers: the Temporal dev server, and `owl servers` (PostgreSQL and Redis processes, S3)
#   then: one API (`owl serve`, no workers), one pipeline worker (`owl worker`, pipeline queue only)
#   and N render-only workers (`owl worker --render-only --slots 1`).
#
#   infra/cluster/cluster.sh up DIR [RENDER_WORKERS]   # default 2; waits until all are ready
#   infra/cluster/cluster.sh down DIR                  # SIGTERM to all, servers last
#
# DIR/cluster.env then holds the API's URL, every process's pid and management port
# (RENDER_1_PID, RENDER_1_MANAGEMENT...), and DIR/<part>/out.log its output.
# Variables: OWL (how to run owl; default java -jar cli/target/owl.jar, built by ./owl),
# TEMPORAL (the CLI; default .owl/bin/temporal), CLUSTER_ENV (extra RENDEROWL_* for every owl
# process, e.g. "RENDEROWL_RENDER_CHUNK_FRAMES=150 RENDEROWL_RENDER_HEARTBEAT_SECONDS=5").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cmd="${1:-}"; DIR="${2:-}"
[ -n "$cmd" ] && [ -n "$DIR" ] || { echo "usage: $0 up|down DIR [RENDER_WORKERS]" >&2; exit 2; }
mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"
ENV_FILE="$DIR/cluster.env"

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }

wait_for() { # NAME SECONDS COMMAND...
  local name="$1" limit="$2"; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "cluster: $name not ready after ${limit}s; its log:" >&2
      tail -n 30 "$DIR/$name/out.log" >&2 || true
      exit 1
    fi
    sleep 1
  done
}

ready() { curl -fsS "http://127.0.0.1:$1/actuator/health/readiness"; }

if [ "$cmd" = down ]; then
  [ -f "$ENV_FILE" ] || exit 0
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  for pid in ${APP_PIDS:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${APP_PIDS:-}; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for pid in ${SERVERS_PID:-} ${TEMPORAL_PID:-}; do
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  exit 0
fi
[ "$cmd" = up ] || { echo "usage: $0 up|down DIR [RENDER_WORKERS]" >&2; exit 2; }

RENDER_WORKERS="${3:-2}"
. "$ROOT/infra/scripts/java-home.sh"
OWL="${OWL:-$JAVA_HOME/bin/java -Xmx768m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar $ROOT/cli/target/owl.jar}"
TEMPORAL="${TEMPORAL:-$ROOT/.owl/bin/temporal}"
[ -x "$TEMPORAL" ] || { echo "cluster: no Temporal CLI at $TEMPORAL (infra/scripts/build-temporal-cli.sh)" >&2; exit 1; }
: > "$ENV_FILE"
record() { echo "$1=\"$2\"" >> "$ENV_FILE"; }

# 1. Temporal dev server (SQLite file, Web UI) with Renderowl's search attributes.
TP=$(free_port); UP=$(free_port)
mkdir -p "$DIR/temporal"
"$TEMPORAL" server start-dev --ip 127.0.0.1 --port "$TP" --ui-port "$UP" \
  --db-filename "$DIR/temporal/temporal.db" --namespace default --log-level warn \
  --dynamic-config-value frontend.enableServerVersionCheck=false \
  --search-attribute RenderowlUser=Keyword --search-attribute RenderowlStage=Keyword \
  --search-attribute RenderowlChannel=Keyword --search-attribute RenderowlBatch=Keyword \
  --search-attribute RenderowlPlatform=KeywordList > "$DIR/temporal/out.log" 2>&1 &
record TEMPORAL_PID $!; record TEMPORAL_ADDRESS "127.0.0.1:$TP"; record TEMPORAL_UI "http://127.0.0.1:$UP"
wait_for temporal 90 "$TEMPORAL" operator cluster health --address "127.0.0.1:$TP"

# 2. PostgreSQL, Redis and S3 behind `owl servers`.
mkdir -p "$DIR/servers"
( cd "$DIR/servers" && exec env RENDEROWL_HOME="$DIR/servers" RENDEROWL_TEMPORAL_ADDRESS="127.0.0.1:$TP" \
    $OWL servers --env-file "$DIR/servers/servers.env" > "$DIR/servers/out.log" 2>&1 ) &
record SERVERS_PID $!
wait_for servers 180 test -f "$DIR/servers/servers.env"

# One key seals social tokens in every process (the API seals what the workers' publishers open);
# generated once into DIR/secrets unless RENDEROWL_TOKEN_KEY is set.
if [ -z "${RENDEROWL_TOKEN_KEY:-}" ]; then
  mkdir -p "$DIR/secrets" && chmod 700 "$DIR/secrets"
  [ -s "$DIR/secrets/token-key" ] || ( umask 077 && head -c 32 /dev/urandom | base64 > "$DIR/secrets/token-key" )
  RENDEROWL_TOKEN_KEY="$(cat "$DIR/secrets/token-key")"
fi
export RENDEROWL_TOKEN_KEY

# Every owl process: the shared servers, its own state folder and management port.
start_owl() { # NAME MGMT_PORT ARGS...
  local name="$1" port="$2"; shift 2
  mkdir -p "$DIR/$name"
  ( cd "$DIR/$name" && set -a && . "$DIR/servers/servers.env" && set +a && \
    exec env RENDEROWL_HOME="$DIR/$name" RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES=true \
      RENDEROWL_MANAGEMENT_PORT="$port" RENDEROWL_LOG_FORMAT="${RENDEROWL_LOG_FORMAT:-json}" \
      ${CLUSTER_ENV:-} $OWL "$@" > "$DIR/$name/out.log" 2>&1 ) &
  echo $!
}

AP=$(free_port); AM=$(free_port)
API_PID=$(RENDEROWL_WORKER=false start_owl api "$AM" serve --port "$AP")
record API_PID "$API_PID"; record API_URL "http://127.0.0.1:$AP"; record API_MANAGEMENT "$AM"
# The API runs Liquibase first; the workers start once the schema is there.
wait_for api 600 ready "$AM"

PM=$(free_port)
PIPELINE_PID=$(RENDEROWL_WORKER_ROLE=pipeline start_owl pipeline "$PM" worker)
record PIPELINE_PID "$PIPELINE_PID"; record PIPELINE_MANAGEMENT "$PM"
pids="$API_PID $PIPELINE_PID"
render_ports=()
for i in $(seq 1 "$RENDER_WORKERS"); do
  RM=$(free_port)
  RPID=$(start_owl "render-$i" "$RM" worker --render-only --slots 1)
  record "RENDER_${i}_PID" "$RPID"; record "RENDER_${i}_MANAGEMENT" "$RM"
  pids="$pids $RPID"; render_ports+=("$RM")
done
record APP_PIDS "$pids"
wait_for pipeline 600 ready "$PM"
for i in $(seq 1 "$RENDER_WORKERS"); do
  wait_for "render-$i" 600 ready "${render_ports[$((i-1))]}"
done
echo "cluster up in $DIR: API http://127.0.0.1:$AP/api/v1, Temporal UI http://127.0.0.1:$UP, $RENDER_WORKERS render worker(s)"
