# Shared by service-load.sh and hub-load.sh (sourced, not run).

# stop_pid PID: SIGTERM (graceful stop), up to 10 s to exit, then SIGKILL.
stop_pid() {
  local pid="$1"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

# append_result RESULTS GENERATOR_OUTPUT COMMAND JVM_OPTS UPTIME: appends the generator's JSON line (its last
# line starting with '{'), wrapped with the time, command, server JVM flags and load average.
append_result() {
  local results="$1" output="$2" command="$3" jvm="$4" uptime="$5" json
  json="$(grep '^{' "$output" | tail -n 1 || true)"
  if [[ -n "$json" ]]; then
    mkdir -p "$(dirname "$results")"
    printf '{"utc":"%s","command":"%s","server_jvm":"%s","uptime":"%s","result":%s}\n' \
      "$(date -u +%FT%TZ)" "$command" "$jvm" "$uptime" "$json" >>"$results"
    echo "appended to $results"
  fi
}

# wait_for_line LOG PATTERN PID SECONDS WHAT: waits until LOG holds PATTERN; fails when PID exits first or
# after SECONDS, showing the log.
wait_for_line() {
  local log="$1" pattern="$2" pid="$3" seconds="$4" what="$5"
  for _ in $(seq 1 $((seconds * 4))); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$what exited:" >&2; cat "$log" >&2; return 1
    fi
    sleep 0.25
  done
  echo "$what did not print '$pattern' in $seconds s:" >&2; cat "$log" >&2; return 1
}

# The value of --target (or --target=) among the arguments; exits with the usage line unless it is self or service.
# $1: what follows --target in the usage line; the rest: the script's arguments.
target_of() {
  local usage_rest=$1 target="" i
  shift
  local args=("$@")
  for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
      --target) target="${args[i + 1]:-}" ;;
      --target=*) target="${args[i]#--target=}" ;;
    esac
  done
  if [[ "$target" != "self" && "$target" != "service" ]]; then
    echo "Usage: $0 --target self|service [$usage_rest] (got target '${target}')" >&2
    exit 2
  fi
  echo "$target"
}

# Exits naming the build command unless every jar given exists.
require_jars() {
  local jar
  for jar in "$@"; do
    if [[ ! -f "$jar" ]]; then
      echo "Missing $jar: build first with ./mvnw -q -B -pl hubbub-service,hubbub-bench -am -DskipTests package" >&2
      exit 2
    fi
  done
}
