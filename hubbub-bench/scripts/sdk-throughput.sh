#!/usr/bin/env bash
# Runs dev.hubbub.bench.load.SdkThroughput (the management SDK's send throughput, end to end) against a freshly
# started Hubbub service and prints its results. Builds nothing: build first with
#   ./mvnw -q -B -pl hubbub-service,hubbub-bench -am -DskipTests package
#
# Usage: hubbub-bench/scripts/sdk-throughput.sh [SdkThroughput options...]
#   e.g. hubbub-bench/scripts/sdk-throughput.sh --transport rest --target user
#        hubbub-bench/scripts/sdk-throughput.sh --transport persistent --target all --clients 10
#
# Environment: PORT (default 8888), SERVER_CPU (1), TOOL_CPU (0), SERVER_JVM_OPTS (-Xms1g -Xmx1g
# -XX:+UseParallelGC), TOOL_JVM_OPTS (-Xms1g -Xmx1g -XX:+UseParallelGC), SERVER_JFR / TOOL_JFR (a file name:
# record a JFR profile, settings=profile, of that process), RESULTS (JSON lines file, default
# hubbub-bench/target/sdk-throughput-results.jsonl).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=load-lib.sh
. "$(dirname "$0")/load-lib.sh"
SERVICE_JAR="${SERVICE_JAR:-$ROOT/hubbub-service/target/hubbub-service.jar}"
TOOL_JAR="${TOOL_JAR:-$ROOT/hubbub-bench/target/hubbub-loadgen.jar}"
PORT="${PORT:-8888}"
SERVER_CPU="${SERVER_CPU:-1}"
TOOL_CPU="${TOOL_CPU:-0}"
SERVER_JVM_OPTS="${SERVER_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
TOOL_JVM_OPTS="${TOOL_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
RESULTS="${RESULTS:-$ROOT/hubbub-bench/target/sdk-throughput-results.jsonl}"
LOG_DIR="$(mktemp -d /tmp/hubbub-sdk-throughput.XXXXXX)"

require_jars "$SERVICE_JAR" "$TOOL_JAR"
if curl -sf "http://localhost:$PORT/api/health" >/dev/null 2>&1; then
  echo "Something already answers on port $PORT; stop it or set PORT." >&2
  exit 2
fi
server_jfr=()
tool_jfr=()
[[ -n "${SERVER_JFR:-}" ]] && server_jfr=("-XX:StartFlightRecording=filename=$SERVER_JFR,settings=${JFR_SETTINGS:-profile},dumponexit=true")
[[ -n "${TOOL_JFR:-}" ]] && tool_jfr=("-XX:StartFlightRecording=filename=$TOOL_JFR,settings=${JFR_SETTINGS:-profile},dumponexit=true")

# shellcheck disable=SC2086
taskset -c "$SERVER_CPU" java $SERVER_JVM_OPTS "${server_jfr[@]}" -jar "$SERVICE_JAR" start --port "$PORT" \
  >"$LOG_DIR/service.log" 2>&1 &
SERVER_PID=$!
trap 'stop_pid "$SERVER_PID"' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://localhost:$PORT/api/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG_DIR/service.log" >&2; exit 1; }
  sleep 0.1
done

# shellcheck disable=SC2086
taskset -c "$TOOL_CPU" java $TOOL_JVM_OPTS "${tool_jfr[@]}" -cp "$TOOL_JAR" dev.hubbub.bench.load.SdkThroughput \
  --endpoint "http://localhost:$PORT" --server-pid "$SERVER_PID" "$@" | tee "$LOG_DIR/tool.out"
tail -n 1 "$LOG_DIR/tool.out" >>"$RESULTS"
echo "(service log: $LOG_DIR/service.log; appended to $RESULTS)" >&2
