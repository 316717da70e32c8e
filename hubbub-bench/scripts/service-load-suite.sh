#!/usr/bin/env bash
# The runs behind docs/benchmarks.md "## Service load": every target scenario once, each against a fresh
# service (service-load.sh), results appended as JSON lines to $RESULTS. Builds nothing. Takes ~13 minutes.
#
# Usage: hubbub-bench/scripts/service-load-suite.sh            # the documented runs
#        SMOKE=1 hubbub-bench/scripts/service-load-suite.sh    # the same runs, tiny, to check the script
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export RESULTS="${RESULTS:-$ROOT/hubbub-bench/target/service-load-suite-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
PARALLEL="-Xms1g -Xmx1g -XX:+UseParallelGC"
G1="-Xms1g -Xmx1g -XX:+UseG1GC"

if [[ -n "${SMOKE:-}" ]]; then
  BIG=300; IDLE=500; TIME=(--warmup 1 --duration 2 --drain 3)
else
  BIG=10000; IDLE=19000; TIME=(--warmup 15 --duration 15 --drain 10)
fi

run() {
  local jvm="$1"; shift
  echo "=== $(date -u +%T) $* [$jvm]"
  SERVER_JVM_OPTS="$jvm" "$HERE/service-load.sh" "$@" 2>&1 | grep -vE '^(\{|  server_threads_cpu_s|  error_samples)'
}

# (b) idle density
run "$G1" --scenario idle --connections "$IDLE" --connect-rate 1500 --idle-settle 20
# (a) broadcast to 10,000: the target rate (100 broadcasts/s = 1 M deliveries/s), then below it
run "$PARALLEL" --scenario broadcast --connections "$BIG" --connect-rate 2000 --rate 100 "${TIME[@]}"
run "$PARALLEL" --scenario broadcast --connections "$BIG" --connect-rate 2000 --rate 10 "${TIME[@]}"
run "$PARALLEL" --scenario broadcast --connections "$BIG" --connect-rate 2000 --rate 5 "${TIME[@]}"
# (c) REST send-to-user: the target rate, then a rate below saturation
run "$PARALLEL" --scenario user --connections "$BIG" --connect-rate 2000 --rate 20000 --rest-connections 64 "${TIME[@]}"
run "$PARALLEL" --scenario user --connections "$BIG" --connect-rate 2000 --rate 4000 --rest-connections 64 "${TIME[@]}"
# small groups (Azure's "small group": 10 members) and send-to-connection
run "$PARALLEL" --scenario group --connections "$BIG" --connect-rate 2000 --group-size 10 --rate 2000 --rest-connections 64 "${TIME[@]}"
run "$PARALLEL" --scenario connection --connections "$BIG" --connect-rate 2000 --rate 4000 --rest-connections 64 "${TIME[@]}"
# side by side with the peers of performance-facts.md: saturated broadcast at 5,000 and 1,000 connections,
# and p99 at 20,000 deliveries/s offered to 5,000 connections
run "$PARALLEL" --scenario broadcast --connections "$((BIG / 2))" --connect-rate 2000 --rate 200 "${TIME[@]}"
run "$PARALLEL" --scenario broadcast --connections "$((BIG / 10))" --connect-rate 2000 --rate 1000 "${TIME[@]}"
run "$PARALLEL" --scenario broadcast --connections "$((BIG / 2))" --connect-rate 2000 --rate 4 "${TIME[@]}"
# the other collector for density, and MessagePack clients
run "$PARALLEL" --scenario idle --connections "$IDLE" --connect-rate 1500 --idle-settle 20
run "$PARALLEL" --scenario broadcast --connections "$BIG" --connect-rate 2000 --rate 10 --protocol messagepack "${TIME[@]}"
echo "=== $(date -u +%T) done; results in $RESULTS"
