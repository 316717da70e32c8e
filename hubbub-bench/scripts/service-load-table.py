#!/usr/bin/env python3
"""Prints the JSON lines of service-load.sh as the Markdown tables of docs/benchmarks.md (## Service load), and
those of hub-load.sh as the table of ## Hub server load (only when there are any)."""
import json,sys
def f(v,d=1):
    if v is None: return "n/a"
    if isinstance(v,bool): return "yes" if v else "no"
    if isinstance(v,float): return f"{v:,.{d}f}"
    if isinstance(v,int): return f"{v:,}"
    return str(v)
recs=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def load(rec): return " / ".join(rec["uptime"].split("load average:")[1].strip().split(", "))
def cmd(rec): return "`"+rec["command"].replace("service-load.sh ","").replace("hub-load.sh ","")+"`"
def jvm(rec): return rec["server_jvm"].replace("-Xms1g -Xmx1g ","").replace("-XX:+Use","")
def lat(r): return " / ".join(f(r.get(k)) for k in ["latency_p50_ms","latency_p90_ms","latency_p99_ms","latency_p999_ms","latency_max_ms"])
def sysshare(r): return f"{f(r['server_cpu_util'],2)} ({round(100*r['server_cpu_system_s']/max(r['server_cpu_s'],1e-9))} % kernel)"
print("#### Idle density (target b: 19,000 connections, < 4 KB each)\n")
print("| command | service JVM | open | RSS before → settled (KB) | **RSS per connection** | connect p50 / p99 ms | load avg 1/5/15 |")
print("|---|---|---:|---|---:|---|---|")
for rec in recs:
    r=rec["result"]
    if r["scenario"]!="idle": continue
    print(f"| {cmd(rec)} | {jvm(rec)} | {f(r['open_connections'])} | {f(r['server_rss_before_kb'])} → {f(r['server_rss_settled_kb'])} | **{f(r['server_rss_per_connection_kb'],2)} KB** | {f(r['connect_p50_ms'])} / {f(r['connect_p99_ms'])} | {load(rec)} |")
print("\n#### Broadcast (target a: 10,000 connections, 1,000,000 deliveries/s, p99 < 250 ms)\n")
print("| command | open | broadcasts/s offered → accepted | **delivered/s** | msgs per frame | latency p50 / p90 / p99 / p99.9 / max ms | undelivered / errors | service CPU util | service CPU s per M | generator CPU util (s per M) | load avg 1/5/15 |")
print("|---|---:|---|---:|---:|---|---|---|---:|---|---|")
for rec in recs:
    r=rec["result"]
    if r["scenario"]!="broadcast": continue
    print(f"| {cmd(rec)} | {f(r['open_connections'])} | {f(r['rate_target'])} → {f(r['rest_accepted_per_s'])} | **{f(r['delivered_per_s'],0)}** | {f(r['messages_per_frame'])} | {lat(r)} | {f(r['undelivered'])} / {f(r['errors'])} | {sysshare(r)} | {f(r['server_cpu_s_per_million'],2)} | {f(r['generator_cpu_util'],2)} ({f(r['generator_cpu_s_per_million'],2)}) | {load(rec)} |")
print("\n#### REST sends to one user, a group, one connection (target c: send-to-user at 20,000 requests/s)\n")
print("| command | open | sends/s offered → **accepted** | delivered/s | latency p50 / p90 / p99 / p99.9 / max ms | REST reply p50 / p99 ms | undelivered / errors | service CPU util | service CPU µs per send | generator CPU util | load avg 1/5/15 |")
print("|---|---:|---|---:|---|---|---|---|---:|---:|---|")
for rec in recs:
    r=rec["result"]
    if r["scenario"] not in ("user","group","connection"): continue
    per=r['server_cpu_s']/max(r['rest_accepted_per_s']*r['duration_s'],1e-9)*1e6
    print(f"| {cmd(rec)} | {f(r['open_connections'])} | {f(r['rate_target'])} → **{f(r['rest_accepted_per_s'],0)}** | {f(r['delivered_per_s'],0)} | {lat(r)} | {f(r['rest_response_p50_ms'])} / {f(r['rest_response_p99_ms'])} | {f(r['undelivered'])} / {f(r['errors'])} | {sysshare(r)} | {f(per,0)} | {f(r['generator_cpu_util'],2)} | {load(rec)} |")
hub=[rec for rec in recs if rec["result"]["scenario"] in ("echo","hub-broadcast")]
if hub:
    def cpu(r,p): return f"{f(r[p+'cpu_util'],2)} ({f(r[p+'cpu_s_per_million'],2)})"
    print("\n#### Hub server: echo and broadcast, self-hosted and through the service\n")
    print("| command | open | invocations/s offered → sent | **delivered/s** | msgs per frame | latency p50 / p90 / p99 / p99.9 / max ms | undelivered / errors | sender kept up | hub server CPU util (s per M) | service CPU util (s per M) | generator CPU util | load avg 1/5/15 |")
    print("|---|---:|---|---:|---:|---|---|---|---|---|---|---|")
    for rec in hub:
        r=rec["result"]; svc=r["target"]=="service"
        print(f"| {cmd(rec)} | {f(r['open_connections'])} | {f(r['rate_target'])} → {f(r['invocation_sends_per_s'],0)} | **{f(r['delivered_per_s'],0)}** | {f(r['messages_per_frame'],2)} | {lat(r)} | {f(r['undelivered'])} / {f(r['errors'])} | {f(r['sender_kept_up'])} | {cpu(r,'hub_server_' if svc else 'server_')} | {cpu(r,'server_') if svc else '–'} | {f(r['generator_cpu_util'],2)} | {load(rec)} |")
