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
# SLOTS=N (default 1): the workers render N chunks at once (`--slots N`) and each render is
# submitted as N chunks (`--chunks N`), so that N chunks run side by side in one worker.
# RENDERS=N (default 0: none): then one long-lived worker renders W1 N times in a row, and its
# peak is printed after each render (flat over renders: the last / the first).
#
# OWL: how to run owl (default ./owl, so the workers get its render-only flags); TEMPORAL: the
# Temporal CLI (default $RENDEROWL_HOME/bin/temporal, else .owl/bin/temporal). Everything listens
# on 127.0.0.1. Takes about 2 minutes per round on 2 cores; run it on a quiet machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${1:-}"; ROUNDS="${2:-2}"; SLOTS="${SLOTS:-1}"; RENDERS="${RENDERS:-0}"
[ -n "$DIR" ] || { echo "usage: $0 DIR [ROUNDS]" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || { echo "worker-memory: ROUNDS must be 1 to 99 (got $ROUNDS)" >&2; exit 2; }
[[ "$SLOTS" =~ ^[1-8]$ ]] || { echo "worker-memory: SLOTS must be 1 to 8 (got $SLOTS)" >&2; exit 2; }
[[ "$RENDERS" =~ ^[0-9]{1,2}$ ]] || { echo "worker-memory: RENDERS must be 0 to 99 (got $RENDERS)" >&2; exit 2; }
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
# start_worker: a fresh render-only worker with SLOTS slots; sets WPID, JPID and WHOME
start_worker() {
  n=$((n + 1))
  local home="$C/render-$n" port
  mkdir -p "$home"; touch "$home/.setup-done"; port=$(free_port)
  ( cd "$home" && set -a && . "$C/servers/servers.env" && set +a && \
    exec env RENDEROWL_HOME="$home" RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES=true \
      RENDEROWL_MANAGEMENT_PORT="$port" RENDEROWL_LOG_FORMAT=json \
      RENDEROWL_TOKEN_KEY="$(cat "$C/secrets/token-key")" \
      $OWL worker --render-only --slots "$SLOTS" > "$home/out.log" 2>&1 ) &
  WPID=$!; WHOME="$home"
  local deadline=$((SECONDS + 300))
  until curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$WPID" 2>/dev/null; then
      echo "worker-memory: render worker $n not ready; its log:" >&2; tail -n 30 "$home/out.log" >&2
      kill -TERM "$WPID" 2>/dev/null || true; return 1
    fi
    sleep 1
  done
  # OWL=./owl execs java, so the worker's pid is java's; a wrapper that forks leaves it one below
  JPID=$(pgrep -P "$WPID" java || echo "$WPID")
}
# render_on_worker TIMELINE NAME: a client submits it as SLOTS chunks; sets PEAK (kB, the worker's
# VmHWM so far) and RENDER (s)
render_on_worker() {
  if ! ( set -a && . "$C/servers/servers.env" && set +a && \
    RENDEROWL_HOME="$C/client" RENDEROWL_WORKER=false RENDEROWL_TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" \
      RENDEROWL_TOKEN_KEY="$(cat "$C/secrets/token-key")" \
      $OWL render "$1" --chunks "$SLOTS" --output "$WHOME/$2.mp4" > "$WHOME/$2.log" 2>&1 ); then
    echo "worker-memory: the render failed; the client's log:" >&2; tail -n 20 "$WHOME/$2.log" >&2
    stop_worker; return 1
  fi
  PEAK=$(awk '/VmHWM/ {print $2}' "/proc/$JPID/status")
  RENDER=$(grep -o 'render [0-9.]* s after' "$WHOME/$2.log" | awk '{print $2}' || true)
}
stop_worker() {
  kill -TERM "$WPID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$WPID" 2>/dev/null || break; sleep 0.5; done
}
# worker_peak TIMELINE: a fresh render-only worker renders it; sets PEAK (kB) and RENDER (s)
worker_peak() {
  start_worker
  render_on_worker "$1" out
  stop_worker
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
[ "$SLOTS" = 1 ] || echo "  ($SLOTS slots, each render as $SLOTS chunks side by side; the engine alone renders 1 chunk)"

if [ "$RENDERS" -gt 0 ]; then
  echo
  echo "worker-memory: one long-lived render-only worker rendering W1 $RENDERS times"
  start_worker
  peaks=()
  for k in $(seq 1 "$RENDERS"); do
    render_on_worker "$DIR/samples/w1.json" "long-$k"; peaks+=("$PEAK")
    echo "  render $k: peak so far $(mb "$PEAK") MB (render ${RENDER:-?} s), now $(mb "$(awk '/VmRSS/ {print $2}' "/proc/$JPID/status")") MB"
  done
  stop_worker
  echo "long-lived worker, peak after render $RENDERS / after render 1 (flat over renders: <= 1.05): $(ratio "${peaks[-1]}" "${peaks[0]}")"
fi
