#!/usr/bin/env bash
# Runs one bounded load scenario against a freshly started Hubbub service and prints the results.
# Builds nothing: build first with
#   ./mvnw -q -B -pl hubbub-service,hubbub-bench -am -DskipTests package
#
# Usage: hubbub-bench/scripts/service-load.sh [load generator options...]
#   e.g. hubbub-bench/scripts/service-load.sh --scenario broadcast --connections 10000 --rate 100
#        hubbub-bench/scripts/service-load.sh --scenario idle --connections 19000
#
# The service runs on CPU $SERVER_CPU, the generator on CPU $LOADGEN_CPU (separate processes: each may hold
# at most 20,000 open files on this machine kind). Environment:
#   PORT               service port (default 8888)
#   SERVICE_JAR        the service jar (default hubbub-service/target/hubbub-service.jar)
#   SERVER_CPU         CPU list for the service (default 1)
#   LOADGEN_CPU        CPU list for the generator (default 0)
#   SERVER_JVM_OPTS    JVM flags of the service (default below)
#   LOADGEN_JVM_OPTS   JVM flags of the generator (default -Xms1g -Xmx1g -XX:+UseParallelGC)
#   JFR                if set to a file name, the service records a JFR profile (settings=profile) there
#   RESULTS            file the JSON line is appended to (default hubbub-bench/target/service-load-results.jsonl)
#   RUN_TIMEOUT        seconds after which the generator is killed (default 900)
#   NODES              1, 2 or 3 service nodes on one redis-server (REDIS_PORT, default 6391), started from
#                      hubbub-service-redis/target/hubbub-service-redis.jar with --redis on ports PORT, PORT+1, ...,
#                      all on SERVER_CPU with Redis; clients are spread over them in turn (--extra-ports) and REST
#                      sends go to the first. Unset: one node without Redis, from SERVICE_JAR
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=load-lib.sh
. "$(dirname "$0")/load-lib.sh"
NODES="${NODES:-}"
REDIS_PORT="${REDIS_PORT:-6391}"
if [[ -n "$NODES" ]]; then
  SERVICE_JAR="${SERVICE_JAR:-$ROOT/hubbub-service-redis/target/hubbub-service-redis.jar}"
else
  SERVICE_JAR="${SERVICE_JAR:-$ROOT/hubbub-service/target/hubbub-service.jar}"
fi
LOADGEN_JAR="$ROOT/hubbub-bench/target/hubbub-loadgen.jar"
PORT="${PORT:-8888}"
SERVER_CPU="${SERVER_CPU:-1}"
LOADGEN_CPU="${LOADGEN_CPU:-0}"
# G1 with a fixed 1 GiB heap: see docs/benchmarks.md (## Service load) for the ParallelGC comparison.
SERVER_JVM_OPTS="${SERVER_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
LOADGEN_JVM_OPTS="${LOADGEN_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
RESULTS="${RESULTS:-$ROOT/hubbub-bench/target/service-load-results.jsonl}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
LOG_DIR="$(mktemp -d /tmp/hubbub-service-load.XXXXXX)"

require_jars "$SERVICE_JAR" "$LOADGEN_JAR"
if curl -sf "http://localhost:$PORT/api/health" >/dev/null 2>&1; then
  echo "Something already answers on port $PORT; stop it or set PORT." >&2
  exit 2
fi

jfr_opts=()
if [[ -n "${JFR:-}" ]]; then
  jfr_opts=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true")
fi

REDIS_PID=""
EXTRA_PIDS=()
node_args=()
extra_ports=()
if [[ -n "$NODES" ]]; then
  taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    >"$LOG_DIR/redis.log" 2>&1 &
  REDIS_PID=$!
  wait_for_line "$LOG_DIR/redis.log" 'Ready to accept connections' "$REDIS_PID" 30 "redis-server"
  node_args=(--redis "redis://127.0.0.1:$REDIS_PORT")
fi
# shellcheck disable=SC2086
taskset -c "$SERVER_CPU" java $SERVER_JVM_OPTS "${jfr_opts[@]}" -jar "$SERVICE_JAR" start --port "$PORT" \
  "${node_args[@]}" >"$LOG_DIR/service.log" 2>&1 &
SERVER_PID=$!
stop_server() {
  stop_pid "$SERVER_PID"
  for pid in "${EXTRA_PIDS[@]}"; do stop_pid "$pid"; done
  stop_pid "$REDIS_PID"
}
trap stop_server EXIT
if [[ -n "$NODES" ]]; then
  for n in $(seq 2 "$NODES"); do
    node_port=$((PORT + n - 1))
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" java $SERVER_JVM_OPTS -jar "$SERVICE_JAR" start --port "$node_port" "${node_args[@]}" \
      >"$LOG_DIR/service-$n.log" 2>&1 &
    EXTRA_PIDS+=($!)
    wait_for_line "$LOG_DIR/service-$n.log" '^Endpoint=' "$!" 60 "Service node $n"
    extra_ports+=("$node_port")
  done
fi

for _ in $(seq 1 120); do
  curl -sf "http://localhost:$PORT/api/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "The service exited:" >&2; cat "$LOG_DIR/service.log" >&2; exit 1; }
  sleep 0.25
done
curl -sf "http://localhost:$PORT/api/health" >/dev/null || { echo "The service did not answer /api/health in 30 s" >&2; exit 1; }
sleep 2 # let start-up JIT work finish before the baseline RSS is read

echo "service pid $SERVER_PID on CPU $SERVER_CPU ($SERVER_JVM_OPTS); generator on CPU $LOADGEN_CPU"
echo "uptime before: $(uptime)"
# shellcheck disable=SC2086
extra=()
if [[ ${#extra_ports[@]} -gt 0 ]]; then
  extra=(--extra-ports "$(IFS=,; echo "${extra_ports[*]}")")
fi
timeout --kill-after=10 "$RUN_TIMEOUT" taskset -c "$LOADGEN_CPU" java $LOADGEN_JVM_OPTS -jar "$LOADGEN_JAR" \
  --endpoint "http://localhost:$PORT" --server-pid "$SERVER_PID" "${extra[@]}" "$@" | tee "$LOG_DIR/loadgen.out"
status=${PIPESTATUS[0]}
UPTIME_AFTER="$(uptime)"
echo "uptime after: $UPTIME_AFTER"
stop_server
if [[ -n "${JFR:-}" ]]; then
  echo "JFR profile of the service: $JFR (e.g. jfr print --events jdk.ExecutionSample $JFR)"
fi

append_result "$RESULTS" "$LOG_DIR/loadgen.out" "${NODES:+NODES=$NODES }service-load.sh $*" "$SERVER_JVM_OPTS" "$UPTIME_AFTER"
exit "$status"
