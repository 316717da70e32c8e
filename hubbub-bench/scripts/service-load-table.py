#!/usr/bin/env python3
"""Prints the JSON lines service-load.sh appends as Markdown table rows (docs/benchmarks.md, ## Service load)."""
import json
import sys


def f(v, digits=1):
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def main(path):
    print("| command (service-load.sh ...) | server JVM | conns open | REST sends/s accepted (offered) | sender kept up | "
          "delivered/s | msgs per frame | p50 / p90 / p99 / p99.9 / max ms | undelivered | errors | "
          "server CPU util (kernel s) | server CPU s per M | generator CPU util | RSS per conn KB | load avg (1/5/15) |")
    print("|" + "---|" * 15)
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        rec = json.loads(line)
        r = rec["result"]
        load = " / ".join(rec["uptime"].split("load average:")[1].strip().split(", "))
        jvm = rec["server_jvm"].replace("-Xms1g -Xmx1g ", "").replace("-XX:+Use", "")
        cmd = rec["command"].replace("service-load.sh ", "")
        if r["scenario"] == "idle":
            print(f"| `{cmd}` | {jvm} | {f(r['open_connections'])} | – | – | – | – | connect p50/p99 {f(r.get('connect_p50_ms'))}"
                  f" / {f(r.get('connect_p99_ms'))} ms | – | {f(r['errors'])} | – | – | – | "
                  f"**{f(r.get('server_rss_per_connection_kb'), 2)}** ({f(r['server_rss_before_kb'])} → "
                  f"{f(r['server_rss_settled_kb'])} KB, settled {f(r.get('rss_settled'))}) | {load} |")
            continue
        lat = " / ".join(f(r.get(k)) for k in
                         ["latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "latency_p999_ms", "latency_max_ms"])
        print(f"| `{cmd}` | {jvm} | {f(r['open_connections'])} | {f(r.get('rest_accepted_per_s'))} ({f(r['rate_target'])}) | "
              f"{f(r.get('sender_kept_up'))} | **{f(r['delivered_per_s'], 0)}** | {f(r.get('messages_per_frame'))} | {lat} | "
              f"{f(r.get('undelivered'))} | {f(r['errors'])} | {f(r.get('server_cpu_util'), 2)} ({f(r.get('server_cpu_system_s'))}) | "
              f"{f(r.get('server_cpu_s_per_million'), 2)} | {f(r.get('generator_cpu_util'), 2)} | "
              f"{f(r.get('server_rss_per_connection_kb'))} | {load} |")


if __name__ == "__main__":
    main(sys.argv[1])
