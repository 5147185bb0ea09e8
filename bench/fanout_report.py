#!/usr/bin/env python3
"""Writes docs/fanout.md from the fan-out results: Lindy beside Vert.x, with ratios and the goals."""
import datetime
import os
import platform
import sys

results, target, ns = sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3].split()]


def read(server, n):
    facts = {}
    with open(os.path.join(results, "%s.%d.txt" % (server, n))) as f:
        for line in f:
            key, _, value = line.strip().partition(" ")
            facts[key] = float(value)
    return facts


ROWS = [
    ("delivery p50 (ms)", "latency_p50_ms", "%.2f"),
    ("delivery p99 (ms)", "latency_p99_ms", "%.2f"),
    ("delivery max (ms)", "latency_max_ms", "%.2f"),
    ("messages expected", "expected", "%d"),
    ("messages lost", "lost", "%d"),
    ("messages duplicated", "duplicates", "%d"),
    ("heap per idle keep-alive connection (bytes)", "bytes_per_idle_connection", "%d"),
    ("heap per subscriber (bytes)", "bytes_per_subscriber", "%d"),
    ("heap per subscriber above its connection (bytes)", "bytes_per_subscriber_above_connection", "%d"),
    ("long polls answered", "poll_answered", "%d"),
    ("long poll, publish to answer p50 (ms)", "poll_p50_ms", "%.2f"),
    ("long poll, publish to answer p99 (ms)", "poll_p99_ms", "%.2f"),
]

lines = [
    "# Fan-out: the hub beside Vert.x",
    "",
    "Produced by `bench/fanout` (also run by `bench/run`) on %s, %s, %d cores, over loopback." % (
        datetime.date.today().isoformat(), platform.system(), os.cpu_count()),
    "",
    "N clients follow one topic as server-sent events, each on its own keep-alive connection, while one publisher",
    "sends 10 messages a second over HTTP; every message carries the time it was published, so each receipt gives",
    "the delivery latency from publish to receipt (the load client, a Netty client in its own process, reads the",
    "same monotonic clock). Then N long polls wait and one message wakes them all. Heap is the server's live heap",
    "after full collections, per connection: N idle keep-alive connections, then N subscribers; the difference is",
    "what a subscription costs above its connection. Vert.x Web 5 serves the same load with its event bus (a",
    "consumer per stream or poll). Ratios are Lindy / Vert.x: below 1 is better for Lindy.",
    "",
]
for n in ns:
    lindy, vertx = read("lindy", n), read("vertx", n)
    lines += ["## %s subscribers" % format(n, ","), "", "| | Lindy | Vert.x | ratio |", "|---|---:|---:|---:|"]
    for label, key, fmt in ROWS:
        a, b = lindy.get(key, float("nan")), vertx.get(key, float("nan"))
        ratio = "%.2f" % (a / b) if b not in (0, 0.0) and a == a and b == b else "-"
        lines.append("| %s | %s | %s | %s |" % (label, fmt % a, fmt % b, ratio))
    lines.append("")

big = read("lindy", max(ns))
goals = [
    ("p99 delivery under 50 ms at %s subscribers" % format(max(ns), ","), big["latency_p99_ms"] < 50),
    ("no message lost", all(read("lindy", n)["lost"] == 0 for n in ns)),
    ("heap per idle subscriber under 2 KiB above its connection",
     big["bytes_per_subscriber_above_connection"] < 2048),
    ("every long poll answered", all(read("lindy", n)["poll_answered"] == n for n in ns)),
]
lines += ["## Goals", ""] + ["- %s: **%s**" % (g, "met" if ok else "not met") for g, ok in goals] + [""]
with open(target, "w") as f:
    f.write("\n".join(lines))
