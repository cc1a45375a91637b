#!/bin/bash
# Times readiness of `monsoon run --embedded` after SIGKILL (three in a row) and after a clean stop.
# Usage: src/test/scripts/restart-after-kill.sh [DATA-DIR]   (build first: mvn -B -q -DskipTests package)
set -u
JAR=${JAR:-target/monsoon.jar}
D=${1:-$(mktemp -d)}
start() { java -Xmx1g -jar "$JAR" run --embedded --data-dir "$D" --http-port 8199 --kafka-port 9399 --registry-port 8398 \
  > "$D/run-$(date +%s%N).log" 2>&1 & echo $!; }
ready() { local t0=$1; until curl -sf -o /dev/null http://127.0.0.1:8199/health/ready; do sleep 0.2; done
  echo "ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms"; }
t0=$(date +%s%N); pid=$(start); echo -n "first start: "; ready "$t0"
sleep 5
for i in 1 2 3; do
  kill -9 "$pid"; sleep 1
  t0=$(date +%s%N); pid=$(start); echo -n "after SIGKILL: "; ready "$t0"
  sleep 3
done
kill "$pid"; wait "$pid" 2>/dev/null
t0=$(date +%s%N); pid=$(start); echo -n "after a clean stop: "; ready "$t0"
kill "$pid"; wait "$pid" 2>/dev/null
