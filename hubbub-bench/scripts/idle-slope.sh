#!/usr/bin/env bash
# Idle memory per connection with the process's one-off costs left out: what MORE further idle connections add to
# a peer that already holds FIRST, in the same process. The workshop's run-idle.sh divides (RSS with CONNS
# connections - RSS before any) by CONNS, so whatever the first connects cause once (the JIT compiling the connect
# path, classes loaded, young-generation pages touched for the first time) is counted per connection; here those
# costs fall in the first step and the second step is (nearly) memory per connection alone.
#
#   BENCH=/path/to/workshop-copy [HUBBUB_DIR=/path/to/clean-clone] [RESULTS=records.jsonl] \
#     hubbub-bench/scripts/idle-slope.sh PEER FIRST MORE [HOLD]        # e.g. hubbub 10000 9000
#
# The workshop's own steps and helpers (its lib/common.sh; server on SERVER_CPU, generators on CLIENT_CPU): start
# the peer, collect garbage (GET /stats?gc=1), read RSS and used heap; open FIRST idle connections with one
# generator, wait until the peer counts them, settle 3 s, collect, read; open MORE with a second generator (each
# generator stays under the per-process file limit), the same again. Prints and appends one JSON record (kind
# "idle-slope") with both steps' RSS and heap per connection. HOLD (default 60) bounds how long the generators
# keep their connections open. JAVA_OPTS defaults to the sittings' flags.
set -euo pipefail
: "${BENCH:?BENCH: the workshop copy}"
[ $# -ge 3 ] || { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
PEER=$1 FIRST=$2 MORE=$3 HOLD=${4:-60}
export JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx4g}
RESULTS=${RESULTS:-$BENCH/results/idle-slope.jsonl}
# shellcheck disable=SC1091
source "$BENCH/lib/common.sh"
check_conns "$FIRST"
check_conns "$MORE"
load_peer "$PEER"
build_loadgen
peer_build

RUN_DIR=$(mktemp -d /tmp/idle-slope.XXXX)
GEN2_PID=""
trap 'stop_pid "$GEN2_PID" "second generator"; cleanup' EXIT

start_peer "$RUN_DIR/peer.log"
wait_listen
sleep 2

# reading: collect garbage, then "RSS_KB HEAP_MB"
reading() {
  peer_stats "?gc=1" >/dev/null
  sleep 1
  echo "$(proc_rss_kb "$SERVER_PID") $(peer_stats | jq '.heap_used_mb')"
}

# generate N TAG: one generator of N idle connections in the background, its pid in GEN_STARTED
generate() {
  taskset -c "$CLIENT_CPU" "$BENCH/loadgen/wsload" "${GEN_ARGS[@]}" --conns "$1" --idle-hold "$HOLD" \
    --ready-file "$RUN_DIR/ready-$2" --server-pid "$SERVER_PID" --connect-timeout 180 \
    --max-time $((180 + HOLD + 30)) >"$RUN_DIR/generator-$2.json" 2>"$RUN_DIR/generator-$2.log" &
  GEN_STARTED=$!
  wait_file "$RUN_DIR/ready-$2" 195 "$GEN_STARTED" || fail "generator $2 did not get ready (see $RUN_DIR)"
}

read -r RSS0 HEAP0 < <(reading)
generator_args
generate "$FIRST" first
GEN_PID=$GEN_STARTED
READY1=$(sed -n 's/^ready=\([0-9]*\).*/\1/p' "$RUN_DIR/ready-first")
wait_conns "$READY1"
sleep 3
read -r RSS1 HEAP1 < <(reading)
generate "$MORE" more
GEN2_PID=$GEN_STARTED
READY2=$(sed -n 's/^ready=\([0-9]*\).*/\1/p' "$RUN_DIR/ready-more")
wait_conns $((READY1 + READY2))
sleep 3
read -r RSS2 HEAP2 < <(reading)
PEER_CONNS=$(peer_stats | jq '.conns')
kill -0 "$GEN_PID" 2>/dev/null && kill -0 "$GEN2_PID" 2>/dev/null \
  || fail "a generator ended before the last reading (HOLD too short?)"

jq -c -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg peer "$PEER" \
  --argjson first "$READY1" --argjson more "$READY2" --argjson peer_conns "$PEER_CONNS" \
  --argjson rss0 "$RSS0" --argjson rss1 "$RSS1" --argjson rss2 "$RSS2" \
  --argjson heap0 "$HEAP0" --argjson heap1 "$HEAP1" --argjson heap2 "$HEAP2" '
  {
    date: $date, kind: "idle-slope", peer: $peer, first: $first, more: $more, peer_conns: $peer_conns,
    rss_mb: [($rss0 / 1024), ($rss1 / 1024), ($rss2 / 1024)],
    first_rss_kb_per_conn: (($rss1 - $rss0) / $first),
    more_rss_kb_per_conn: (($rss2 - $rss1) / $more),
    first_heap_kb_per_conn: ((($heap1 - $heap0) * 1024) / $first),
    more_heap_kb_per_conn: ((($heap2 - $heap1) * 1024) / $more)
  }' | tee -a "$RESULTS"
