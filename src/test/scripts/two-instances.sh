#!/bin/bash
# Two instances (the first with --embedded): SIGKILL the second and time until the first runs every
# task; restart it; then SIGKILL and restart it at once. Build first: mvn -B -q -DskipTests package
set -u
A_DIR=$(mktemp -d); B_DIR=$(mktemp -d)
J="java -Xmx768m -jar ${JAR:-target/monsoon.jar} run"
$J --embedded --data-dir $A_DIR --http-port 8201 --kafka-port 9401 --registry-port 8401 > $A_DIR/run.log 2>&1 &
A=$!
until curl -sf -o /dev/null http://127.0.0.1:8201/health/ready; do sleep 0.5; done
startb() { $J --bootstrap-servers 127.0.0.1:9401 --schema-registry-url http://127.0.0.1:8401 --data-dir $B_DIR --http-port 8202 > $B_DIR/run-$(date +%s).log 2>&1 & echo $!; }
B=$(startb)
until curl -sf -o /dev/null http://127.0.0.1:8202/health/ready; do sleep 0.5; done
tasks() { curl -s http://127.0.0.1:$1/metrics | grep '^monsoon_streams_tasks{kind="active"}' | awk '{print $2}'; }
sleep 15
echo "A active tasks: $(tasks 8201), B: $(tasks 8202)"
total=$(python3 -c "print(int(float('$(tasks 8201)')+float('$(tasks 8202)')))")
kill -9 $B; t0=$(date +%s%N)
while [ "$(python3 -c "print(int(float('$(tasks 8201)')))")" -lt "$total" ]; do sleep 0.5; done
echo "B killed: A runs all $total tasks after $(( ($(date +%s%N)-t0)/1000000 )) ms"
sleep 10
B=$(startb); t0=$(date +%s%N)
until curl -sf -o /dev/null http://127.0.0.1:8202/health/ready; do sleep 0.5; done
echo "B restarted (after its session expired): ready after $(( ($(date +%s%N)-t0)/1000000 )) ms"
sleep 20
kill -9 $B; sleep 1
B=$(startb); t0=$(date +%s%N)
until curl -sf -o /dev/null http://127.0.0.1:8202/health/ready; do sleep 0.5; done
echo "B killed and restarted at once: ready after $(( ($(date +%s%N)-t0)/1000000 )) ms; A tasks $(tasks 8201), B $(tasks 8202)"
kill $B; wait $B 2>/dev/null; kill $A; wait $A 2>/dev/null
