#!/bin/bash
# Prerequisites as in rss.sh, and /tmp/c1.bin .. /tmp/c4.bin (copies of /tmp/big1g) stored through the daemon.
label=$1; shift
cd /work/main
pkill -f "z2.toml monitor"; sleep 1
env "$@" bin/zstor -c /tmp/lc/z2.toml monitor > /tmp/daemon-$label.log 2>&1 &
for i in $(seq 50); do [ -S /tmp/lc/zstor.sock ] && break; sleep 0.2; done; sleep 2
P=$(pgrep -f "zstor.jar -c /tmp/lc/z2.toml monitor")
C0=$(awk '{print $14+$15}' /proc/$P/stat); s=$(date +%s.%N)
for r in 1 2; do pids=""; for j in 1 2 3 4; do bin/zstor -c /tmp/lc/z2.toml retrieve -f /tmp/c$j.bin & pids="$pids $!"; done; wait $pids; done
e=$(date +%s.%N); C1=$(awk '{print $14+$15}' /proc/$P/stat)
echo "$label wall=$(echo "$e-$s"|bc|cut -c1-5) cpu=$((C1-C0))cs $(grep VmHWM /proc/$P/status|tr -s ' ')"
pkill -f "z2.toml monitor"; sleep 1
