#!/usr/bin/env bash
# One sitting of issue 14's comparison, as recorded in docs/benchmarks.md: the workshop's own scripts, run in a
# fixed order, each record labelled with the sitting and the code it measured.
#
#   BENCH=/path/to/workshop-copy NEW=/path/to/clean-clone [OLD=/path/to/other-clean-clone] \
#     OUT=records.jsonl SITTING="2026-12-04T23:45 ..." hubbub-bench/scripts/side-by-side.sh [PARTS]
#
# BENCH is a writable copy of ../shared/bench with docs/bench-peers.diff applied; OLD_BENCH (default BENCH) is the
# copy OLD runs in, for an OLD whose API the current peers do not compile against (with the diff of OLD's day,
# `git -C OLD show HEAD:docs/bench-peers.diff`). NEW and OLD are clean clones,
# each built with `./mvnw -q -o -B package -DskipTests` and not edited during the sitting (the workshop rebuilds a
# checkout whose sources are newer than its jars). PARTS (default "low high ten idle") picks what runs:
#   low   ROUNDS rounds (default 3) of 20,000 deliveries/s to 5,000: raw Netty, hub server, service
#   high  1,000,000/s to 5,000: hub server, service
#   ten   1,000,000/s to 10,000: raw Netty once, then PAIRS pairs (default 3) of the hub server at OLD and NEW
#         (NEW alone without OLD), then the service at NEW twice
#   idle  run-idle.sh at 10,000 and 19,000: raw Netty, then the hub server and the service, each at OLD (when
#         given) and then at NEW
# The service peer runs with HUBBUB_BACKLOG_BYTES=-1 (its SDK sends carry no backlog check); the hub server peer
# with the workshop's default. Every run uses JAVA_OPTS="-XX:+UseSerialGC -Xmx4g" unless JAVA_OPTS is set.
set -euo pipefail
: "${BENCH:?BENCH: the workshop copy}" "${NEW:?NEW: the clean clone to measure}" "${OUT:?OUT: where records go}"
SITTING=${SITTING:-$(date -u +%Y-%m-%dT%H:%M)}
PARTS=${*:-low high ten idle}
ROUNDS=${ROUNDS:-3}
PAIRS=${PAIRS:-3}
export JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx4g}
code_of() { git -C "$1" rev-parse --short HEAD; }

# run KIND DIR PEER ARGS...: one workshop run, its record appended to OUT with "sitting" and "code"
run() {
  local kind=$1 dir=$2 peer=$3; shift 3
  local tmp; tmp=$(mktemp)
  local backlog=()
  [ "$peer" = hubbub-service ] && backlog=(HUBBUB_BACKLOG_BYTES=-1)
  local bench=$BENCH
  [ "$dir" = "${OLD:-}" ] && bench=${OLD_BENCH:-$BENCH}
  (cd "$bench" && env "${backlog[@]}" HUBBUB_DIR="$dir" RESULTS="$tmp" "./run-$kind.sh" "$peer" "$@") | grep '^RESULT' || true
  local code=none
  [ "$peer" = netty ] || code=$(code_of "$dir")
  jq -c --arg s "$SITTING" --arg c "$code" '. + {sitting: $s, code: $c}' "$tmp" >> "$OUT"
  rm -f "$tmp"
}

for part in $PARTS; do
  case $part in
    low)
      for r in $(seq 1 "$ROUNDS"); do
        run broadcast "$NEW" netty 5000 4 100 10
        run broadcast "$NEW" hubbub 5000 4 100 10
        run broadcast "$NEW" hubbub-service 5000 4 100 10
      done ;;
    high)
      run broadcast "$NEW" hubbub 5000 200 100 10
      run broadcast "$NEW" hubbub-service 5000 200 100 10 ;;
    ten)
      run broadcast "$NEW" netty 10000 100 100 10
      for p in $(seq 1 "$PAIRS"); do
        [ -n "${OLD:-}" ] && run broadcast "$OLD" hubbub 10000 100 100 10
        run broadcast "$NEW" hubbub 10000 100 100 10
      done
      run broadcast "$NEW" hubbub-service 10000 100 100 10
      run broadcast "$NEW" hubbub-service 10000 100 100 10 ;;
    idle)
      for n in 10000 19000; do
        run idle "$NEW" netty "$n"
        for peer in hubbub hubbub-service; do
          [ -n "${OLD:-}" ] && run idle "$OLD" "$peer" "$n"
          run idle "$NEW" "$peer" "$n"
        done
      done ;;
    *) echo "unknown part: $part (low, high, ten, idle)" >&2; exit 2 ;;
  esac
done
