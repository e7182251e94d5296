#!/usr/bin/env bash
# The cluster benchmark: the same 4-chunk 1080p timeline (20 s, 600 frames) rendered by 1 and by 2
# render-worker processes (--slots 1) of a cluster started by cluster.sh, then the time from the
# SIGKILL of a render worker mid-chunk to that chunk running on the other worker. Prints the
# figures and the 1/2 ratio; they are appended to cli/target/cluster-bench.txt.
#
#   infra/cluster/bench.sh [-o]        (-o: Maven offline)
#
# It runs ClusterBenchmark (cli tests, enabled by RENDEROWL_BENCH_CLUSTER=1) at low priority; it
# needs the Temporal CLI at .owl/bin/temporal (infra/scripts/build-temporal-cli.sh). Everything
# listens on 127.0.0.1. On a shared machine, run it only when the load allows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mkdir -p cli/target
log=cli/target/cluster-bench.log
rc=0
RENDEROWL_BENCH_CLUSTER=1 nice -n 10 ./mvnw -q "$@" -pl cli -am test \
  -Dtest='ClusterBenchmark' -Dsurefire.failIfNoSpecifiedTests=false -DexcludedGroups= \
  > "$log" 2>&1 || rc=$?
grep -E '^cluster bench:' "$log" || true
if [ "$rc" -ne 0 ]; then
  echo "bench: failed (exit $rc); the end of $log:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
