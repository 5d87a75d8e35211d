#!/usr/bin/env bash
# A/B of small-object stores: before = a clean clone of 91630a2 built by .ci/run in /tmp/ci1, after = 938c7b4 built
# with `mvn -B -ntp -q install -pl cli,perf -am -DskipTests`; two alternated rounds, 3,000 x 4 KiB each
set -u
for round in 1 2; do
  for which in before after; do
    jar=/tmp/ci1/perf/target/benchmarks.jar
    [[ $which == after ]] && jar=/work/main/perf/target/benchmarks.jar
    out=/tmp/ab-small/$which-$round
    rm -rf $out; mkdir -p $out
    java -Xmx1g -cp $jar io.zstor.perf.e2e.EndToEndBenchmark --size-mib 0 --small-objects 3000 --repair-gib 0 --sweep-mib 0 --out $out > $out/log 2>&1
    echo "== $which $round"; grep -iE "^\| (daemon|facade)" $out/results.md 2>/dev/null | head -8
  done
done
