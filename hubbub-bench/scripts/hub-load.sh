#!/usr/bin/env bash
# Runs one bounded hub load scenario (echo or hub-broadcast) against a freshly started bench hub server
# (dev.hubbub.bench.hub.BenchHubServer), self-hosted or behind a freshly started Hubbub service in Default mode,
# and prints the results. Builds nothing: build first with
#   ./mvnw -q -B -pl hubbub-service,hubbub-bench -am -DskipTests package
#
# Usage: hubbub-bench/scripts/hub-load.sh --target self|service [load generator options...]
#   e.g. hubbub-bench/scripts/hub-load.sh --target self --scenario echo --connections 1000 --rate 1000
#        hubbub-bench/scripts/hub-load.sh --target service --scenario hub-broadcast --connections 10000 --rate 5
#
# target self:    clients -> hub server (WebSocket /bench, no negotiate).
# target service: clients -> service (/client/?hub=bench, token signed with the service's key) -> hub server over
#                 its service connections -> service -> clients.
# Pinning: the generator on CPU $LOADGEN_CPU, the server processes on CPU $SERVER_CPU. With target service the
# service AND the hub server share that one CPU (two JVMs, one core), so the figures are for the pair on one
# core, not for either alone. Environment:
#   PORT               service port (default 8888)
#   HUB_PORT           hub server port (default 8080)
#   SERVICE_JAR        the service jar (default hubbub-service/target/hubbub-service.jar)
#   SERVER_CPU         CPU list for the service and the hub server (default 1)
#   LOADGEN_CPU        CPU list for the generator (default 0)
#   SERVICE_JVM_OPTS   JVM flags of the service (default -Xms1g -Xmx1g -XX:+UseParallelGC)
#   HUB_JVM_OPTS       JVM flags of the hub server (default -Xms1g -Xmx1g -XX:+UseParallelGC)
#   LOADGEN_JVM_OPTS   JVM flags of the generator (default -Xms1g -Xmx1g -XX:+UseParallelGC)
#   CONNECTION_COUNT   service connections of the hub server (default 5, as the Azure SignalR SDK)
#   JFR                if set to a path prefix, the hub server (and the service) record JFR profiles to
#                      $JFR-hub.jfr (and $JFR-service.jfr)
#   RESULTS            file the JSON line is appended to (default hubbub-bench/target/hub-load-results.jsonl)
#   RUN_TIMEOUT        seconds after which the generator is killed (default 900)
#   SCALE_OUT          with target self, set to 2 to run two bench hub servers (ports HUB_PORT and HUB_PORT+1) on
#                      one redis-server (REDIS_PORT, default 6390) as their backplane, all three on SERVER_CPU;
#                      odd-numbered clients connect to the second server (--second-port)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=load-lib.sh
. "$HERE/load-lib.sh"
SERVICE_JAR="${SERVICE_JAR:-$ROOT/hubbub-service/target/hubbub-service.jar}"
LOADGEN_JAR="$ROOT/hubbub-bench/target/hubbub-loadgen.jar"
PORT="${PORT:-8888}"
HUB_PORT="${HUB_PORT:-8080}"
SERVER_CPU="${SERVER_CPU:-1}"
LOADGEN_CPU="${LOADGEN_CPU:-0}"
# ParallelGC for sending runs: see docs/benchmarks.md "Choice of collector".
SERVICE_JVM_OPTS="${SERVICE_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
HUB_JVM_OPTS="${HUB_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
LOADGEN_JVM_OPTS="${LOADGEN_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
CONNECTION_COUNT="${CONNECTION_COUNT:-5}"
RESULTS="${RESULTS:-$ROOT/hubbub-bench/target/hub-load-results.jsonl}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
LOG_DIR="$(mktemp -d /tmp/hubbub-hub-load.XXXXXX)"

target="$(target_of "load generator options..." "$@")" || exit 2
jars=("$LOADGEN_JAR")
[[ "$target" == "service" ]] && jars+=("$SERVICE_JAR")
require_jars "${jars[@]}"
for p in "$HUB_PORT" $([[ "$target" == "service" ]] && echo "$PORT"); do
  if curl -s -o /dev/null "http://localhost:$p/" 2>/dev/null; then
    echo "Something already answers on port $p; stop it or set PORT / HUB_PORT." >&2
    exit 2
  fi
done

SERVICE_PID=""
HUB_PID=""
HUB2_PID=""
REDIS_PID=""
SCALE_OUT="${SCALE_OUT:-1}"
REDIS_PORT="${REDIS_PORT:-6390}"
GEN_PID=""
TAIL_PID=""
stop_all() {
  stop_pid "$GEN_PID"
  stop_pid "$TAIL_PID"
  stop_pid "$HUB_PID"
  stop_pid "$HUB2_PID"
  stop_pid "$REDIS_PID"
  stop_pid "$SERVICE_PID"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

jfr() { [[ -n "${JFR:-}" ]] && echo "-XX:StartFlightRecording=filename=$JFR-$1.jfr,settings=profile,dumponexit=true"; true; }

hub_args=(--port "$HUB_PORT")
if [[ "$target" == "service" ]]; then
  # shellcheck disable=SC2086,SC2046
  taskset -c "$SERVER_CPU" java $SERVICE_JVM_OPTS $(jfr service) -jar "$SERVICE_JAR" start --port "$PORT" \
    --mode Default >"$LOG_DIR/service.log" 2>&1 &
  SERVICE_PID=$!
  wait_for_line "$LOG_DIR/service.log" '^Endpoint=' "$SERVICE_PID" 30 "The service"
  connection_string="$(grep -m 1 '^Endpoint=' "$LOG_DIR/service.log")"
  curl -sf "http://localhost:$PORT/api/health" >/dev/null || { echo "The service does not answer /api/health" >&2; exit 1; }
  hub_args+=(--service "$connection_string" --connection-count "$CONNECTION_COUNT")
fi
if [[ "$SCALE_OUT" == "2" ]]; then
  [[ "$target" == "self" ]] || { echo "SCALE_OUT=2 needs --target self" >&2; exit 2; }
  taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    >"$LOG_DIR/redis.log" 2>&1 &
  REDIS_PID=$!
  wait_for_line "$LOG_DIR/redis.log" 'Ready to accept connections' "$REDIS_PID" 30 "redis-server"
  hub_args+=(--redis "redis://127.0.0.1:$REDIS_PORT")
  # shellcheck disable=SC2086,SC2046
  taskset -c "$SERVER_CPU" java $HUB_JVM_OPTS -cp "$LOADGEN_JAR" dev.hubbub.bench.hub.BenchHubServer \
    --port "$((HUB_PORT + 1))" --redis "redis://127.0.0.1:$REDIS_PORT" >"$LOG_DIR/hub2.log" 2>&1 &
  HUB2_PID=$!
  wait_for_line "$LOG_DIR/hub2.log" 'Bench hub server listening on' "$HUB2_PID" 30 "The second hub server"
fi
# shellcheck disable=SC2086,SC2046
taskset -c "$SERVER_CPU" java $HUB_JVM_OPTS $(jfr hub) -cp "$LOADGEN_JAR" dev.hubbub.bench.hub.BenchHubServer \
  "${hub_args[@]}" >"$LOG_DIR/hub.log" 2>&1 &
HUB_PID=$!
if [[ "$target" == "service" ]]; then
  wait_for_line "$LOG_DIR/hub.log" 'Bench hub server connected to the service' "$HUB_PID" 60 "The hub server"
  endpoint="http://localhost:$PORT"
  pids=(--server-pid "$SERVICE_PID" --hub-server-pid "$HUB_PID")
  jvm="service: $SERVICE_JVM_OPTS; hub: $HUB_JVM_OPTS"
else
  wait_for_line "$LOG_DIR/hub.log" 'Bench hub server listening on' "$HUB_PID" 30 "The hub server"
  endpoint="http://localhost:$HUB_PORT"
  pids=(--server-pid "$HUB_PID")
  jvm="hub: $HUB_JVM_OPTS"
  if [[ "$SCALE_OUT" == "2" ]]; then
    pids+=(--second-port "$((HUB_PORT + 1))")
    jvm="two hub servers on redis-server $(redis-server --version | grep -oP 'v=\S+'): $HUB_JVM_OPTS"
  fi
fi
sleep 2 # let start-up JIT work finish before the baseline RSS is read
cat "$LOG_DIR/hub.log"

echo "target $target; hub server pid $HUB_PID${SERVICE_PID:+, service pid $SERVICE_PID}, on CPU $SERVER_CPU; generator on CPU $LOADGEN_CPU"
echo "uptime before: $(uptime)"
# in the background, so that a signal to this script stops the generator and the servers at once (bash runs
# traps only between foreground commands); timeout forwards the SIGTERM of stop_pid to the generator
# shellcheck disable=SC2086
timeout --kill-after=10 "$RUN_TIMEOUT" taskset -c "$LOADGEN_CPU" java $LOADGEN_JVM_OPTS -jar "$LOADGEN_JAR" \
  --endpoint "$endpoint" "${pids[@]}" "$@" >"$LOG_DIR/loadgen.out" &
GEN_PID=$!
tail -n +1 -f --pid="$GEN_PID" "$LOG_DIR/loadgen.out" & # shows the output; ends after the generator
TAIL_PID=$!
set +e
wait "$GEN_PID"
status=$?
wait "$TAIL_PID"
set -e
GEN_PID=""
UPTIME_AFTER="$(uptime)"
echo "uptime after: $UPTIME_AFTER"
stop_all
if grep -qiE 'exception|error' "$LOG_DIR/hub.log" "$LOG_DIR/service.log" 2>/dev/null; then
  echo "Server logs mention errors (first lines; all in $LOG_DIR):"
  grep -hiE 'exception|error' "$LOG_DIR/hub.log" "$LOG_DIR/service.log" 2>/dev/null | head -n 5
fi
if [[ -n "${JFR:-}" ]]; then
  echo "JFR profiles: $JFR-hub.jfr${SERVICE_PID:+ and $JFR-service.jfr}"
fi
prefix=""
[[ "$SCALE_OUT" == "2" ]] && prefix="SCALE_OUT=2 "
append_result "$RESULTS" "$LOG_DIR/loadgen.out" "${prefix}hub-load.sh $*" "$jvm" "$UPTIME_AFTER"
exit "$status"
