#!/usr/bin/env bash
# The fault-injection suite: runs the tests tagged `faults` (real processes on the embedded stack,
# each killed, cut or starved, then the invariants checked) and prints one line per scenario:
# fault, what was checked, result, time to recover, frames or rows redone.
# `./mvnw verify` runs the same tests; this prints their figures as a table.
#   infra/scripts/faults.sh [-o]      (-o: Maven offline)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
find . -path '*/target/faults-report.tsv' -delete 2>/dev/null || true
status=0
./mvnw -q "$@" -pl cli -am test -Dgroups=faults -DexcludedGroups= \
  -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false || status=$?
{
  printf 'when\tfault\tchecked\tresult\trecovered in\tredone\n'
  cat ./*/target/faults-report.tsv 2>/dev/null || true
} | column -t -s $'\t'
if [ "$status" -ne 0 ]; then
  echo "faults: a scenario failed (see the test output above)" >&2
fi
exit "$status"
