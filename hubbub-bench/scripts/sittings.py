#!/usr/bin/env python3
"""Issue 14's records pooled across sittings, as docs/benchmarks.md quotes them.

    hubbub-bench/scripts/sittings.py [--exclude REGEX] broadcast CONNS RATE FILE.jsonl...
    hubbub-bench/scripts/sittings.py [--exclude REGEX] idle CONNS FILE.jsonl...

Reads the workshop's records (one JSON object per line, labelled with "sitting" by side-by-side.sh or by hand) and
keeps the sittings that measured raw Netty ("netty") beside Hubbub: within one sitting the peers ran minutes apart
on the same machine, so only those compare. For each such sitting it prints each peer's median (p99 and CPU seconds
per million deliveries for broadcasts, RSS KB per connection for idle runs) and the number of runs; then the median
of every run of each peer over those sittings, and in how many sittings each Hubbub peer's median was no worse than
raw Netty's. Records without a sitting label are left out, and so are diagnostic ones: marked
"diagnostic": true, or in a sitting whose label matches REGEX (for sittings run under a profiler or with a
variant of the workshop's script).
"""
import json
import re
import statistics
import sys
from collections import defaultdict


def main(argv):
    exclude = None
    if len(argv) >= 2 and argv[0] == "--exclude":
        exclude = re.compile(argv[1])
        argv = argv[2:]
    if len(argv) < 3 or argv[0] not in ("broadcast", "idle"):
        sys.exit(__doc__)
    kind = argv[0]
    conns = int(argv[1])
    rate = int(argv[2]) if kind == "broadcast" else None
    files = argv[3:] if kind == "broadcast" else argv[2:]
    if not files:
        sys.exit(__doc__)
    metric = "p99_ms" if kind == "broadcast" else "rss_kb_per_conn"
    sittings = defaultdict(lambda: defaultdict(list))
    order = []
    for name in files:
        with open(name) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                r = json.loads(line)
                if r.get("kind") != kind or r.get("conns") != conns or not r.get("sitting"):
                    continue
                if r.get("diagnostic") or (exclude is not None and exclude.search(r["sitting"])):
                    continue
                if kind == "broadcast" and r.get("rate") != rate:
                    continue
                if r.get(metric) is None:
                    continue
                s = r["sitting"]
                if s not in sittings:
                    order.append(s)
                sittings[s][r["peer"]].append(r)

    pooled = defaultdict(list)
    wins = defaultdict(lambda: [0, 0])
    for s in order:
        peers = sittings[s]
        if "netty" not in peers:
            continue
        cells = []
        medians = {}
        for peer in sorted(peers):
            runs = peers[peer]
            m = statistics.median(r[metric] for r in runs)
            medians[peer] = m
            cell = "%s %.2f" % (peer, m)
            if kind == "broadcast":
                cpu = [r["cpu_s_per_m"] for r in runs if r.get("cpu_s_per_m") is not None]
                if cpu:
                    cell += " (%.2f s/M)" % statistics.median(cpu)
            cells.append(cell + " n=%d" % len(runs))
            pooled[peer].extend(runs)
        for peer, m in medians.items():
            if peer != "netty":
                wins[peer][1] += 1
                if m <= medians["netty"]:
                    wins[peer][0] += 1
        print("%-60s %s" % (s[:60], "; ".join(cells)))
    print()
    for peer in sorted(pooled):
        runs = pooled[peer]
        line = "pooled %-15s runs %3d  median %s %.2f" % (peer, len(runs), metric, statistics.median(r[metric] for r in runs))
        if kind == "broadcast":
            cpu = [r["cpu_s_per_m"] for r in runs if r.get("cpu_s_per_m") is not None]
            if cpu:
                line += "  CPU s/M %.2f" % statistics.median(cpu)
        if peer in wins:
            line += "  no worse than raw Netty in %d of %d sittings" % tuple(wins[peer])
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
