#!/usr/bin/env bash
# Profiles the server's core during one workshop broadcast run, as in docs/benchmarks.md ("What a broadcast
# touches"): where the core's time goes by thread and by symbol (perf, with the JIT's code named), or the Java
# samples with line numbers and inlined frames (JFR).
#
#   BENCH=/path/to/workshop-copy HUBBUB_DIR=/path/to/clean-clone hubbub-bench/scripts/profile-broadcast.sh \
#     [perf|syscalls|jfr] [PEER CONNS RATE SIZE SECONDS]        # default: perf hubbub 10000 100 100 10
#
# perf: 5 s after the blast starts, `perf record -C $SERVER_CPU -- sleep 6` (the server's core, all processes on
# it), then `jcmd Compiler.perfmap` so perf names the JIT's code; prints the share of each thread (`blast` is the
# hub server peer's sending thread, `hubbub-transpor` its event loops) and the top symbols of each.
# CALLGRAPH=1 records call chains as well (`perf record -g`) and prints, for the loop thread's top kernel symbols,
# the chains that reach them (on a VM without a PMU, perf samples on a timer, so time spent with interrupts off
# shows where they are turned back on: `pvm_irq_enable` and the like).
# syscalls: the same window counted, not sampled: `perf stat` of the server process's system calls (all, and the
# ones a broadcast makes) for 5 s, to compare peers send by send; works for every peer, raw Netty's included.
# jfr: the run under JFR with jdk.ExecutionSample every 2 ms; prints the top methods and lines.
# HUBBUB_BACKLOG_BYTES and JAVA_OPTS pass through to the workshop (JAVA_OPTS defaults to the sittings' flags).
# Needs perf (linux-perf) for perf, python3 for the JFR summary.
set -euo pipefail
: "${BENCH:?BENCH: the workshop copy}" "${HUBBUB_DIR:?HUBBUB_DIR: the clean clone to run}"
MODE=${1:-perf}; shift || true
PEER=${1:-hubbub} CONNS=${2:-10000} RATE=${3:-100} SIZE=${4:-100} SECONDS_=${5:-10}
SERVER_CPU=${SERVER_CPU:-1}
OUT=${OUT:-$(mktemp -d /tmp/profile-broadcast.XXXX)}
mkdir -p "$OUT"
export HUBBUB_DIR JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx4g}
export RESULTS=${RESULTS:-$OUT/records.jsonl}

# Starts the workshop's run in the background and returns 5 s into its blast, with the server's PID in PID.
start_run() {
  (cd "$BENCH" && ./run-broadcast.sh "$PEER" "$CONNS" "$RATE" "$SIZE" "$SECONDS_" >"$OUT/run.log" 2>&1) &
  RUN=$!
  for _ in $(seq 1 180); do grep -q 'blast:' "$OUT/run.log" 2>/dev/null && break; sleep 1; done
  grep -q 'blast:' "$OUT/run.log" || { echo "the blast did not start (see $OUT/run.log)" >&2; exit 1; }
  PID=$(pgrep -f 'java.*bench\.' | head -1)
  sleep 5
}

case $MODE in
  perf)
    start_run
    perf record ${CALLGRAPH:+-g} -o "$OUT/perf.data" -C "$SERVER_CPU" -- sleep 6 >/dev/null 2>&1
    jcmd "$PID" Compiler.perfmap >/dev/null
    wait "$RUN" || true
    grep '^RESULT' "$OUT/run.log" || true
    echo "--- share of the core by thread"
    perf report -i "$OUT/perf.data" --no-children --sort comm -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8 || true
    # the Hubbub peers' sending thread and loops, raw Netty's loop. Filtered from one comm,sym report: perf's own
    # --comm filter loses samples (pvm_irq_enable's, on this machine)
    perf report -i "$OUT/perf.data" --no-children --sort comm,sym -g none 2>/dev/null | grep -v '^#' >"$OUT/by-thread.txt" || true
    for comm in blast hubbub-transpor multiThreadIoEv; do
      awk -v c="$comm" '$2 == c' "$OUT/by-thread.txt" | grep -q . || continue
      echo "--- top symbols of $comm (share of the core)"
      awk -v c="$comm" '$2 == c {$2 = ""; print}' "$OUT/by-thread.txt" | head -20
      if [ -n "${CALLGRAPH:-}" ] && [ "$comm" != blast ]; then
        echo "--- how $comm reaches its top three kernel symbols"
        perf report -i "$OUT/perf.data" --no-children --sort comm,sym -G --percent-limit 2 2>/dev/null | grep -v '^#' \
          | grep -v '^$' | awk -v c="$comm" '/^ +[0-9.]+%/ {keep = ($2 == c && $3 == "[k]"); if (keep) n++} keep && n <= 3' \
          | head -150 || true
      fi
    done ;;
  syscalls)
    start_run
    EVENTS=(-e raw_syscalls:sys_enter)
    for s in sendto write writev sendmsg read recvfrom epoll_wait epoll_pwait epoll_ctl futex; do
      EVENTS+=(-e "syscalls:sys_enter_$s")
    done
    perf stat "${EVENTS[@]}" -p "$PID" -o "$OUT/syscalls.txt" -- sleep 5 >/dev/null 2>&1
    wait "$RUN" || true
    grep '^RESULT' "$OUT/run.log" || true
    echo "--- system calls of the server process in 5 s (RESULT's delivered/s times 5 is the deliveries)"
    grep -E 'sys_enter' "$OUT/syscalls.txt" ;;
  jfr)
    cat >"$OUT/cpu.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">2 ms</setting></event>
</configuration>
JFC
    JAVA_OPTS="$JAVA_OPTS -XX:StartFlightRecording=filename=$OUT/cpu.jfr,settings=$OUT/cpu.jfc,dumponexit=true -XX:FlightRecorderOptions=stackdepth=64" \
      bash -c 'cd "$0" && ./run-broadcast.sh "$@"' "$BENCH" "$PEER" "$CONNS" "$RATE" "$SIZE" "$SECONDS_" 2>&1 | grep '^RESULT' || true
    jfr print --events jdk.ExecutionSample --stack-depth 64 "$OUT/cpu.jfr" >"$OUT/cpu.txt"
    python3 - "$OUT/cpu.txt" <<'PY'
import collections, re, sys
events = open(sys.argv[1]).read().split('jdk.ExecutionSample {')[1:]
top, line, n = collections.Counter(), collections.Counter(), 0
for e in events:
    frames = [f for f in re.findall(r'^\s{4}(\S.*?)\s*$', e.split('stackTrace = [')[1], re.M) if f not in (']', '...')]
    if not frames:
        continue
    n += 1
    first = re.sub(r'\(.*?\)', '', frames[0])
    top[first.split(' line')[0]] += 1
    line[first] += 1
print('samples', n)
print('--- top methods'); [print('%5.1f%% %s' % (100 * v / n, k)) for k, v in top.most_common(20)]
print('--- top lines'); [print('%5.1f%% %s' % (100 * v / n, k)) for k, v in line.most_common(20)]
PY
    ;;
  *) echo "mode must be perf, syscalls or jfr (was $MODE)" >&2; exit 2 ;;
esac
echo "files in $OUT"
