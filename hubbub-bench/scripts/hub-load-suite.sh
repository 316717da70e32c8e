#!/usr/bin/env bash
# The runs behind docs/benchmarks.md "## Hub server load": echo and broadcast through the bench hub server,
# self-hosted and behind the Hubbub service (Default mode), each against fresh processes (hub-load.sh), results
# appended as JSON lines to $RESULTS. Builds nothing. Takes ~20 minutes; run it on a quiet machine.
#
# Usage: hubbub-bench/scripts/hub-load-suite.sh            # the documented runs
#        SMOKE=1 hubbub-bench/scripts/hub-load-suite.sh    # the same runs, tiny, to check the scripts
#        TARGETS=self hubbub-bench/scripts/hub-load-suite.sh   # one target only
# Table: python3 hubbub-bench/scripts/service-load-table.py "$RESULTS"
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export RESULTS="${RESULTS:-$ROOT/hubbub-bench/target/hub-load-suite-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
read -r -a targets <<<"${TARGETS:-self service}"

if [[ -n "${SMOKE:-}" ]]; then
  SMALL=200; BIG=1000; SCALE=10; TIME=(--warmup 1 --duration 3 --drain 3)
else
  SMALL=1000; BIG=10000; SCALE=1; TIME=(--warmup 15 --duration 15 --drain 10)
fi

run() {
  echo "=== $(date -u +%T) $*"
  "$HERE/hub-load.sh" "$@" 2>&1 | grep -vE '^(\{|  server_threads_cpu_s|  hub_server_threads_cpu_s|  error_samples)'
}

for target in "${targets[@]}"; do
  # echo: Azure's unit is 1,000 connections echoing 1,000 messages/s in and out; then higher rates to the knee
  for rate in 1000 5000 10000 20000; do
    run --target "$target" --scenario echo --connections "$SMALL" --connect-rate 2000 --rate $((rate / SCALE)) "${TIME[@]}"
  done
  # broadcast from 4 sending clients to 1,000 connections: 2,000 (Azure's unit), 20,000 and 100,000 deliveries/s
  for rate in 2 20 100; do
    run --target "$target" --scenario hub-broadcast --connections "$SMALL" --connect-rate 2000 --senders 4 --rate "$rate" "${TIME[@]}"
  done
  # broadcast to 10,000 connections: 20,000, 50,000 and 100,000 deliveries/s
  for rate in 2 5 10; do
    run --target "$target" --scenario hub-broadcast --connections "$BIG" --connect-rate 2000 --senders 4 --rate "$rate" "${TIME[@]}"
  done
  # MessagePack clients
  run --target "$target" --scenario echo --connections "$SMALL" --connect-rate 2000 --rate $((5000 / SCALE)) --protocol messagepack "${TIME[@]}"
  run --target "$target" --scenario hub-broadcast --connections "$BIG" --connect-rate 2000 --senders 4 --rate 5 --protocol messagepack "${TIME[@]}"
done
echo "=== $(date -u +%T) done; results in $RESULTS"
echo "table: python3 $HERE/service-load-table.py $RESULTS"
