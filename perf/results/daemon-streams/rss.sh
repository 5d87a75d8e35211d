#!/bin/bash
# Prerequisites: bin/zstor local-cluster --dir /tmp/lc running; /tmp/lc/z2.toml = socket = "/tmp/lc/zstor.sock"
# followed by /tmp/lc/zstor.toml; /tmp/big1g (1 GiB of /dev/urandom) stored once. Used for perf/RESULTS.md,
# section "Two streamed retrieves ran the daemon out of heap".
# usage: rss.sh LABEL [env assignments...]; ZJO = extra java opts
label=$1; shift
cd /work/main
pkill -f "zstor.jar -c /tmp/lc/z2.toml monitor"; sleep 1
env "$@" ZSTOR_JAVA_OPTS="$ZJO" bin/zstor -c /tmp/lc/z2.toml monitor > /tmp/daemon-$label.log 2>&1 &
for i in $(seq 50); do [ -S /tmp/lc/zstor.sock ] && break; sleep 0.2; done; sleep 2
P=$(pgrep -f "zstor.jar -c /tmp/lc/z2.toml monitor")
C0=$(awk '{print $14+$15}' /proc/$P/stat)
t0=$(date +%s.%N)
for i in 1 2 3 4 5 6; do bin/zstor -c /tmp/lc/z2.toml retrieve -f /tmp/big1g -o /tmp/out1g || echo FAIL; done
t1=$(date +%s.%N)
C1=$(awk '{print $14+$15}' /proc/$P/stat)
echo "$label wall=$(echo "$t1-$t0"|bc) daemonCPU=$(( (C1-C0) ))cs $(grep -E 'VmRSS|VmHWM' /proc/$P/status | tr -s ' \n' ' ')"
pkill -f "zstor.jar -c /tmp/lc/z2.toml monitor"; sleep 1
