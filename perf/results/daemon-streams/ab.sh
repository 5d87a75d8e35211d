#!/bin/bash
# Prerequisites: bin/zstor local-cluster --dir /tmp/lc running; /tmp/lc/z2.toml = socket = "/tmp/lc/zstor.sock"
# followed by /tmp/lc/zstor.toml; /tmp/big1g (1 GiB of /dev/urandom) stored once. Used for perf/RESULTS.md,
# section "Two streamed retrieves ran the daemon out of heap".
# ab.sh ROOT LABEL
root=$1; label=$2
pkill -f "z2.toml monitor"; sleep 1
export ZSTOR_CDS_DIR=/tmp/cds-$label; mkdir -p $ZSTOR_CDS_DIR
$root/bin/zstor -c /tmp/lc/z2.toml monitor > /tmp/daemon-$label.log 2>&1 &
for i in $(seq 50); do [ -S /tmp/lc/zstor.sock ] && break; sleep 0.2; done; sleep 2
P=$(pgrep -f "zstor.jar -c /tmp/lc/z2.toml monitor")
$root/bin/zstor -c /tmp/lc/z2.toml retrieve -f /tmp/big1g -o /tmp/out1g-a # warm
C0=$(awk '{print $14+$15}' /proc/$P/stat)
t=""
for i in 1 2 3; do s=$(date +%s.%N); $root/bin/zstor -c /tmp/lc/z2.toml retrieve -f /tmp/big1g -o /tmp/out1g-a; e=$(date +%s.%N); t="$t $(echo "$e-$s"|bc|cut -c1-5)"; done
C1=$(awk '{print $14+$15}' /proc/$P/stat)
echo "$label walls:$t daemonCPU=$((C1-C0))cs"
pkill -f "z2.toml monitor"; sleep 1
