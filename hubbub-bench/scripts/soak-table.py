#!/usr/bin/env python3
"""Summarises the JSON lines of a soak (hubbub-bench/scripts/soak.sh, hubbub-loadgen soak) as Markdown for
docs/reliability.md: the summary, then one row per --every seconds (default 300) with the interval's checked
deliveries, losses and latency, and each server's RSS, heap used, open fds and GCs at that point.

Usage: soak-table.py SOAK.jsonl [--every SECONDS]"""
import json, sys

def num(v, d=0):
    if v is None:
        return "n/a"
    return f"{v:,.{d}f}" if isinstance(v, float) else f"{v:,}"

args = sys.argv[1:]
if not args or args[0] in ("-h", "--help"):
    print(__doc__)
    sys.exit(2)
every = float(args[args.index("--every") + 1]) if "--every" in args else 300.0
lines = [json.loads(l) for l in open(args[0]) if l.strip().startswith("{")]
summary = next((l for l in lines if l.get("summary")), None)
intervals = [l for l in lines if "t_s" in l]
if not intervals:
    sys.exit("no interval lines in " + args[0])
servers = [p for p in ("server", "hub_server") if f"{p}_rss_kb" in intervals[0]]

if summary:
    keys = ["connections", "duration_s", "sends", "checked", "lost", "duplicated", "out_of_order", "unchecked",
            "connects", "churned", "connect_failures", "unexpected_closes", "send_failures", "p50_ms", "p99_ms",
            "p999_ms", "max_ms", "ok"]
    print("| " + " | ".join(keys) + " |")
    print("|" + "---:|" * len(keys))
    print("| " + " | ".join(num(summary.get(k), 1 if isinstance(summary.get(k), float) else 0)
                            if not isinstance(summary.get(k), bool) else str(summary.get(k)) for k in keys) + " |")
    print()

p99 = [l["p99_ms"] for l in intervals if l.get("checked", 0) > 0]
warm = [l for l in intervals if l["t_s"] >= 600]
print(f"p99 per {num(intervals[1]['t_s'] - intervals[0]['t_s'] if len(intervals) > 1 else 0.0, 0)} s interval: "
      f"lowest {num(min(p99), 0)} ms, median {num(sorted(p99)[len(p99) // 2], 0)} ms, highest {num(max(p99), 0)} ms "
      f"over {len(p99)} intervals")
for p in servers:
    gcs = sum(l.get(f"{p}_gc_count", 0) for l in intervals)
    gc_ms = sum(l.get(f"{p}_gc_ms", 0.0) for l in intervals)
    rss = [l[f"{p}_rss_kb"] / 1024 for l in warm] or [0]
    heap = [l[f"{p}_heap_used_kb"] / 1024 for l in warm if l.get(f"{p}_heap_used_kb", -1) >= 0] or [0]
    fds = [l[f"{p}_fds"] for l in intervals]
    print(f"{p}: {gcs} GCs, {num(gc_ms, 0)} ms in all; after 10 min RSS {num(min(rss), 0)}-{num(max(rss), 0)} MB, "
          f"heap used {num(min(heap), 0)}-{num(max(heap), 0)} MB; fds {min(fds)}-{max(fds)}")
print()

cols = ["t (s)", "checked", "lost", "p50 ms", "p99 ms"]
for p in servers:
    n = "service" if p == "server" and len(servers) > 1 else ("hub" if p == "hub_server" else "server")
    cols += [f"{n} RSS MB", f"{n} heap MB (lowest in the row's span)", f"{n} fds", f"{n} GCs (ms)"]
print("| " + " | ".join(cols) + " |")
print("|" + " ---: |" * len(cols))
next_t = every
acc = {"gc": {p: 0 for p in servers}, "gcms": {p: 0.0 for p in servers}, "low": {p: None for p in servers}}
for l in intervals:
    for p in servers:
        acc["gc"][p] += l.get(f"{p}_gc_count", 0)
        acc["gcms"][p] += l.get(f"{p}_gc_ms", 0.0)
        h = l.get(f"{p}_heap_used_kb", -1)
        if h >= 0 and (acc["low"][p] is None or h < acc["low"][p]):
            acc["low"][p] = h
    if l["t_s"] + 1e-6 < next_t and not l.get("final"):
        continue
    next_t += every
    row = [num(l["t_s"], 0), num(l["checked"]), num(l["lost"]), num(l["p50_ms"], 0), num(l["p99_ms"], 0)]
    for p in servers:
        low = acc["low"][p]
        row += [num(l[f"{p}_rss_kb"] / 1024, 0),
                f"{num(l.get(f'{p}_heap_used_kb', 0) / 1024, 0)} ({num((low or 0) / 1024, 0)})",
                num(l[f"{p}_fds"]), f"{acc['gc'][p]} ({num(acc['gcms'][p], 0)})"]
        acc["gc"][p] = 0
        acc["gcms"][p] = 0.0
        acc["low"][p] = None
    print("| " + " | ".join(row) + " |")
