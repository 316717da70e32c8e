#!/usr/bin/env bash
# Runs the load generator's soak (hubbub-loadgen soak) against freshly started servers: the bench hub server
# self-hosted (--target self), or a Hubbub service in Default mode with the bench hub server behind it (--target
# service). Prints the soak's JSON lines, keeps them in $RESULTS, and exits with the soak's code (0: nothing lost,
# duplicated or reordered). Builds nothing: build first with
#   ./mvnw -q -B -pl hubbub-service,hubbub-bench -am -DskipTests package
#
# Usage: hubbub-bench/scripts/soak.sh --target self|service [soak options...]
#   e.g. hubbub-bench/scripts/soak.sh --target service --connections 2000 --duration 300
#        hubbub-bench/scripts/soak.sh --target self --connections 10000 --duration 3600 --connect-rate 500
# Environment:
#   PORT              service port (default 18888)
#   HUB_PORT          hub server port (default 18080)
#   SERVICE_JAR       the service jar (default hubbub-service/target/hubbub-service.jar)
#   LOADGEN_JAR       the load generator's jar, which also runs the bench hub server
#                     (default hubbub-bench/target/hubbub-loadgen.jar)
# Do not rebuild the jars while a soak runs from them (a JVM that loads a class from a jar rewritten under it
# can fail in odd places): for long runs, copy them elsewhere and name the copies with SERVICE_JAR/LOADGEN_JAR.
#   SERVICE_JVM_OPTS  JVM flags of the service (default -Xms1g -Xmx1g -XX:+UseG1GC)
#   HUB_JVM_OPTS      JVM flags of the hub server (default -Xms1g -Xmx1g -XX:+UseG1GC)
#   LOADGEN_JVM_OPTS  JVM flags of the generator (default -Xms1g -Xmx1g -XX:+UseG1GC)
#   RESULTS           file the JSON lines go to (default hubbub-bench/target/soak-<target>-<UTC time>.jsonl)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=load-lib.sh
. "$HERE/load-lib.sh"
SERVICE_JAR="${SERVICE_JAR:-$ROOT/hubbub-service/target/hubbub-service.jar}"
LOADGEN_JAR="${LOADGEN_JAR:-$ROOT/hubbub-bench/target/hubbub-loadgen.jar}"
PORT="${PORT:-18888}"
HUB_PORT="${HUB_PORT:-18080}"
SERVICE_JVM_OPTS="${SERVICE_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
HUB_JVM_OPTS="${HUB_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
LOADGEN_JVM_OPTS="${LOADGEN_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
LOG_DIR="$(mktemp -d /tmp/hubbub-soak.XXXXXX)"

target="$(target_of "soak options..." "$@")" || exit 2
RESULTS="${RESULTS:-$ROOT/hubbub-bench/target/soak-$target-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
require_jars "$LOADGEN_JAR" $([[ "$target" == "service" ]] && echo "$SERVICE_JAR")

SERVICE_PID=""
HUB_PID=""
GEN_PID=""
TAIL_PID=""
stop_all() {
  stop_pid "$GEN_PID"
  stop_pid "$TAIL_PID"
  stop_pid "$HUB_PID"
  stop_pid "$SERVICE_PID"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

hub_args=(--port "$HUB_PORT")
if [[ "$target" == "service" ]]; then
  # shellcheck disable=SC2086
  java $SERVICE_JVM_OPTS -jar "$SERVICE_JAR" start --port "$PORT" --mode Default >"$LOG_DIR/service.log" 2>&1 &
  SERVICE_PID=$!
  wait_for_line "$LOG_DIR/service.log" '^Endpoint=' "$SERVICE_PID" 30 "The service"
  connection_string="$(grep -m 1 '^Endpoint=' "$LOG_DIR/service.log")"
  hub_args+=(--service "$connection_string")
fi
# shellcheck disable=SC2086
java $HUB_JVM_OPTS -cp "$LOADGEN_JAR" dev.hubbub.bench.hub.BenchHubServer "${hub_args[@]}" >"$LOG_DIR/hub.log" 2>&1 &
HUB_PID=$!
if [[ "$target" == "service" ]]; then
  wait_for_line "$LOG_DIR/hub.log" 'Bench hub server connected to the service' "$HUB_PID" 60 "The hub server"
  endpoint="http://127.0.0.1:$PORT"
  pids=(--server-pid "$SERVICE_PID" --hub-server-pid "$HUB_PID")
else
  wait_for_line "$LOG_DIR/hub.log" 'Bench hub server listening on' "$HUB_PID" 30 "The hub server"
  endpoint="http://127.0.0.1:$HUB_PORT"
  pids=(--server-pid "$HUB_PID")
fi
echo "soak.sh $*: hub server pid $HUB_PID${SERVICE_PID:+, service pid $SERVICE_PID}; logs in $LOG_DIR; uptime $(uptime)"
# in the background, so that a signal to this script stops the generator and the servers at once (bash runs
# traps only between foreground commands)
# shellcheck disable=SC2086
java $LOADGEN_JVM_OPTS -jar "$LOADGEN_JAR" soak --endpoint "$endpoint" "${pids[@]}" "$@" >"$LOG_DIR/soak.out" &
GEN_PID=$!
tail -n +1 -f --pid="$GEN_PID" "$LOG_DIR/soak.out" & # shows the lines as they come; ends after the generator
TAIL_PID=$!
set +e
wait "$GEN_PID"
status=$?
wait "$TAIL_PID"
set -e
GEN_PID=""
mkdir -p "$(dirname "$RESULTS")"
grep '^{' "$LOG_DIR/soak.out" >"$RESULTS" || true
echo "uptime after: $(uptime); JSON lines in $RESULTS"
stop_all
if grep -qiE 'exception|error' "$LOG_DIR/hub.log" "$LOG_DIR/service.log" 2>/dev/null; then
  echo "Server logs mention errors (first lines; all in $LOG_DIR):"
  grep -hiE 'exception|error' "$LOG_DIR/hub.log" "$LOG_DIR/service.log" 2>/dev/null | head -n 5
fi
exit "$status"
