#!/usr/bin/env bash
# A render-only worker's peak RSS, as operators run it: a cluster of separate processes
# (cluster.sh, shared servers, an API and a pipeline worker), then for every render a fresh
# `owl worker --render-only --slots 1` started through OWL, W1 (30 s, 1080p) and W1 x2 (60 s)
# submitted by `owl render … --chunks 1` from a client process, and the worker's VmHWM read from
# /proc when the render is done. The baseline, in the same script: the render engine alone on W1
# in its own process (`owl bench render-child`, one chunk) with the JVM flags `./owl` gives a
# render-only worker (below), so the ratio is what the worker process adds (settings, Temporal,
# the JDBC, Redis and S3 clients, the management port). Prints every peak, the medians and the
# ratios worker / engine, 60 s / 30 s (flat in length) and worker / 0.5 GB (the target).
#
#   infra/cluster/worker-memory.sh DIR [ROUNDS]    # ROUNDS fresh workers per timeline, default 2
#
# OWL: how to run owl (default ./owl, so the workers get its render-only flags); TEMPORAL: the
# Temporal CLI (default $RENDEROWL_HOME/bin/temporal, else .owl/bin/temporal). Everything listens
# on 127.0.0.1. Takes about 2 minutes per round on 2 cores; run it on a quiet machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${1:-}"; ROUNDS="${2:-2}"
[ -n "$DIR" ] || { echo "usage: $0 DIR [ROUNDS]" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || { echo "worker-memory: ROUNDS must be 1 to 99 (got $ROUNDS)" >&2; exit 2; }
mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"
export OWL="${OWL:-$ROOT/owl}"
if [ -z "${TEMPORAL:-}" ]; then
  TEMPORAL="${RENDEROWL_HOME:-$ROOT/.owl}/bin/temporal"
  [ -x "$TEMPORAL" ] || TEMPORAL="$ROOT/.owl/bin/temporal"
fi
export TEMPORAL
C="$DIR/cluster"
. "$ROOT/infra/scripts/java-home.sh"
# ./owl's flags for `owl worker --render-only` (no start-up cache, C1 only, its heap and caps)
ENGINE=("$JAVA_HOME/bin/java" -Xmx192m -Xmn16m -Xss512k -XX:MaxDirectMemorySize=64m
  -XX:ReservedCodeCacheSize=64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  -Dorg.bytedeco.javacpp.maxBytes=0 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0
  -Dio.grpc.netty.shaded.io.netty.allocator.type=unpooled
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -jar "$ROOT/cli/target/owl.jar" bench render-child)

# x264's threading as the workers get it: a render-only worker's "auto" is sliced threads
ENGINE_THREADING="${RENDEROWL_X264_THREADING:-auto}"
[ "$ENGINE_THREADING" = auto ] && ENGINE_THREADING=sliced

# peak_kb COMMAND...: runs it and prints its peak RSS in kB (the largest of its waited-for children)
peak_kb() {
  python3 -c 'import resource,subprocess,sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if rc != 0: sys.exit(rc)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k/1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

echo "worker-memory: sample timelines in $DIR/samples"
$OWL bench samples "$DIR/samples" --w1-repeats 2 >/dev/null

cleanup() { "$ROOT/infra/cluster/cluster.sh" down "$C" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup; rm -rf "$C"; mkdir -p "$C"
# each part's own state folder, with this machine's setup already done by ./owl
for part in servers api pipeline client; do mkdir -p "$C/$part"; touch "$C/$part/.setup-done"; done
"$ROOT/infra/cluster/cluster.sh" up "$C" 0
# shellcheck disable=SC1091
. "$C/cluster.env"

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
n=0
# worker_peak TIMELINE: a fresh render-only worker renders it; sets PEAK (kB) and RENDER (s)
worker_peak() {
  n=$((n + 1))
  local home="$C/render-$n" port wpid
  mkdir -p "$home"; touch "$home/.setup-done"; port=$(free_port)
  ( cd "$home" && set -a && . "$C/servers/servers.env" && set +a && \
    exec env RENDEROWL_HOME="$home" RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES=true \
      RENDEROWL_MANAGEMENT_PORT="$port" RENDEROWL_LOG_FORMAT=json \
      RENDEROWL_TOKEN_KEY="$(cat "$C/secrets/token-key")" \
      $OWL worker --render-only --slots 1 > "$home/out.log" 2>&1 ) &
  wpid=$!
  local deadline=$((SECONDS + 300))
  until curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$wpid" 2>/dev/null; then
      echo "worker-memory: render worker $n not ready; its log:" >&2; tail -n 30 "$home/out.log" >&2
      kill -TERM "$wpid" 2>/dev/null || true; return 1
    fi
    sleep 1
  done
  # OWL=./owl execs java, so the worker's pid is java's; a wrapper that forks leaves it one below
  local jpid; jpid=$(pgrep -P "$wpid" java || echo "$wpid")
  if ! ( set -a && . "$C/servers/servers.env" && set +a && \
    RENDEROWL_HOME="$C/client" RENDEROWL_WORKER=false RENDEROWL_TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" \
      RENDEROWL_TOKEN_KEY="$(cat "$C/secrets/token-key")" \
      $OWL render "$1" --chunks 1 --output "$home/out.mp4" > "$home/client.log" 2>&1 ); then
    echo "worker-memory: the render failed; the client's log:" >&2; tail -n 20 "$home/client.log" >&2
    kill -TERM "$wpid" 2>/dev/null || true; return 1
  fi
  PEAK=$(awk '/VmHWM/ {print $2}' "/proc/$jpid/status")
  RENDER=$(grep -o 'render [0-9.]* s after' "$home/client.log" | awk '{print $2}' || true)
  kill -TERM "$wpid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$wpid" 2>/dev/null || break; sleep 0.5; done
}

engine=(); w30=(); w60=()
for round in $(seq 1 "$ROUNDS"); do
  echo "worker-memory: round $round of $ROUNDS"
  engine+=("$(MALLOC_ARENA_MAX=2 RENDEROWL_X264_THREADING="$ENGINE_THREADING" \
    peak_kb "${ENGINE[@]}" "$DIR/samples/w1.json" "$DIR/engine.mp4" 1)")
  worker_peak "$DIR/samples/w1.json"; w30+=("$PEAK")
  echo "  W1 (30 s): engine alone $(mb "${engine[-1]}") MB, render-only worker $(mb "$PEAK") MB (render ${RENDER:-?} s)"
  worker_peak "$DIR/samples/w1-long.json"; w60+=("$PEAK")
  echo "  W1 x2 (60 s): render-only worker $(mb "$PEAK") MB (render ${RENDER:-?} s)"
done

e=$(median "${engine[@]}"); a=$(median "${w30[@]}"); b=$(median "${w60[@]}")
echo
echo "peak RSS (VmHWM), medians of $ROUNDS fresh process(es) each, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  engine alone, W1 (worker flags): $(mb "$e") MB   ($(for k in "${engine[@]}"; do printf '%s ' "$(mb "$k")"; done)MB)"
echo "  render-only worker, W1:         $(mb "$a") MB   ($(for k in "${w30[@]}"; do printf '%s ' "$(mb "$k")"; done)MB)"
echo "  render-only worker, W1 x2:      $(mb "$b") MB   ($(for k in "${w60[@]}"; do printf '%s ' "$(mb "$k")"; done)MB)"
echo "worker / engine alone (W1): $(ratio "$a" "$e")"
echo "worker 60 s / 30 s (flat in length: <= 1.05): $(ratio "$b" "$a")"
echo "worker W1 / 0.5 GB (500 MB; target <= 1.00): $(ratio "$a" 512000)"
