#!/usr/bin/env bash
# End-to-end benchmark of zstor against the I/O ceiling of a local cluster of embedded 0-db servers.
#
#   perf/run-e2e.sh                      # the full set: 1 and 4 GiB, 4+2 and 10+5, random and compressible,
#                                        # 10,000 small objects, repair of 1 GiB, block size / concurrency
#                                        # sweep with 256 MiB; results in perf/results/e2e/
#   perf/run-e2e.sh --size-mib 256 --shapes 4+2 --data random --small-objects 1000 --out /tmp/e2e
#   perf/run-e2e.sh --size-mib 0 --small-objects 0 --repair-gib 0.125 --sweep-mib 32 --out /tmp/e2e  # quick check
#
# Environment: JAVA_HOME (the JDK to run everything with; default: java on PATH), SKIP_BUILD=1 (use the jars
# already built), TMPDIR (where the clusters' data and the test files go; needs ~24 GiB free for the full set).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q -pl cli,perf -am package -DskipTests
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/zstor-e2e.XXXXXX")"
# on failure the servers' and processes' logs (and the thread dumps of a failed case's 0-dbs) are kept beside it
cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    local keep="$WORK-logs"
    mkdir -p "$keep"
    (cd "$WORK" && find . \( -name '*.log' -o -name '*.threads.txt' \) -exec cp --parents {} "$keep" \;) || true
    rmdir "$keep" 2>/dev/null || echo "e2e failed (exit $rc); logs kept in $keep" >&2 # rmdir: only if none
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
FREE_GIB=$(( $(df -Pk "$WORK" | awk 'NR==2 {print $4}') / 1024 / 1024 ))
echo "work dir $WORK: ${FREE_GIB} GiB free; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -version 2>&1 | head -1
"$JAVA" -Xmx1g "-Dzstor.e2e.command=perf/run-e2e.sh $*" -cp perf/target/benchmarks.jar io.zstor.perf.e2e.EndToEndBenchmark --work "$WORK" "$@"
