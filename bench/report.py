"""Turns one bench/run into a Markdown table (every figure also as a ratio to raw Netty) and chart data."""
import json
import os
import re
import sys

SERVERS = ["netty", "lindy", "vertx", "javalin"]
NAMES = {"netty": "raw Netty", "lindy": "Lindy", "vertx": "Vert.x Web", "javalin": "Javalin"}
LOADS = [
    ("plain64", "plaintext `/hello`, 64 conns", 64),
    ("plain256", "plaintext `/hello`, 256 conns", 256),
    ("async256", "async-immediate `/hello-async`, 256 conns", 256),
    ("json256", "JSON `/json`, 256 conns", 256),
    ("timer1000", "1 s timer, 1,000 conns", 1000),
    ("timer5000", "1 s timer, 5,000 conns", 5000),
    ("timer10000", "1 s timer, 10,000 conns", 10000),
]
PENDING = 10000
START, END = "<!-- results:start -->", "<!-- results:end -->"


def millis(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(path):
    if not os.path.exists(path):
        return None
    text = open(path).read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rps:
        return {"rps": None, "p50": None, "p99": None, "errors": None, "timeouts": None, "failed": True}
    lat = {p: millis(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)}
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = sum(int(x) for x in sock.groups()[:3]) if sock else 0
    timeouts = int(sock.group(4)) if sock else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(rps.group(1)),
        "p50": lat.get("50"),
        "p99": lat.get("99"),
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
        "timeouts": timeouts,
    }


def parse_facts(path):
    facts = {}
    if os.path.exists(path):
        for line in open(path):
            key, _, value = line.strip().partition(" ")
            if value.isdigit():
                facts[key] = int(value)
    return facts


def ratio(value, base):
    if value is None or base in (None, 0):
        return "–"
    return "%.2f×" % (value / base)


def fmt_ms(v):
    return "–" if v is None else ("%.2f ms" % v if v < 100 else "%.0f ms" % v)


def median_run(results, server, name):
    """The run with the median throughput among a load's rounds, or its single run."""
    runs = [parse_wrk(os.path.join(results, f)) for f in sorted(os.listdir(results))
            if re.fullmatch(r"%s\.%s(\.r\d+)?\.txt" % (server, name), f)]
    failed = [r for r in runs if r and r.get("failed")]
    runs = sorted((r for r in runs if r and not r.get("failed")), key=lambda r: r["rps"])
    if not runs and failed:
        return failed[0]
    return runs[len(runs) // 2] if runs else None


def main(results, doc):
    wrk = {s: {name: median_run(results, s, name) for name, _, _ in LOADS} for s in SERVERS}
    facts = {s: parse_facts(os.path.join(results, s + ".facts")) for s in SERVERS}
    lines = ["| load | figure | " + " | ".join(NAMES[s] for s in SERVERS) + " |",
             "|---|---|" + "---|" * len(SERVERS)]

    def row(load, figure, values, fmt, base_key="netty"):
        base = values.get(base_key)
        cells = []
        for s in SERVERS:
            v = values.get(s)
            if v is None:
                cells.append("failed" if failed.get(s) else "–")
            else:
                cells.append("%s (%s)" % (fmt(v), ratio(v, base)))
        lines.append("| %s | %s | %s |" % (load, figure, " | ".join(cells)))

    chart = []
    failed = {}
    for name, label, conns in LOADS:
        failed = {s: bool((wrk[s][name] or {}).get("failed")) for s in SERVERS}
        get = lambda key: {s: (wrk[s][name] or {}).get(key) for s in SERVERS}
        rps = get("rps")
        if name.startswith("timer"):
            row(label, "req/s (of ideal %d)" % conns, rps, lambda v: "%.0f (%.1f%%)" % (v, 100 * v / conns))
        else:
            row(label, "req/s", rps, lambda v: "%.0f" % v)
        row(label, "p50", get("p50"), fmt_ms)
        row(label, "p99", get("p99"), fmt_ms)
        if name.startswith("timer"):
            errs = {s: (wrk[s][name]["errors"] or 0) + (wrk[s][name]["timeouts"] or 0)
                    for s in SERVERS if wrk[s][name] and not failed[s]}
            lines.append("| %s | errors + timeouts | %s |" % (label, " | ".join(
                str(errs[s]) if s in errs else ("failed" if failed[s] else "–") for s in SERVERS)))
        failed = {}
        base = rps.get("netty")
        chart.append([label.split(",")[0].replace("`", "") + " " + str(conns)] +
                     ["%.3f" % (rps[s] / base) if rps.get(s) and base else "0" for s in SERVERS])

    per_request = {}
    for s in SERVERS:
        f = facts[s]
        if "loaded_heap_kb" in f and "baseline_heap_kb" in f:
            per_request[s] = max(0, f["loaded_heap_kb"] - f["baseline_heap_kb"]) * 1024.0 / PENDING
    row("memory", "peak RSS", {s: facts[s].get("peak_rss_kb") for s in SERVERS}, lambda v: "%.0f MB" % (v / 1024.0))
    row("memory", "live heap per pending request", per_request, lambda v: "%.0f B" % v)
    row("startup", "JVM start to first 200", {s: facts[s].get("startup_ms") for s in SERVERS}, lambda v: "%d ms" % v)

    jmh_lines = []
    jmh_path = os.path.join(results, "jmh.json")
    if os.path.exists(jmh_path):
        jmh_lines = ["| benchmark | routes | ns/op |", "|---|---|---|"]
        for b in json.load(open(jmh_path)):
            name = b["benchmark"].rsplit(".", 2)
            jmh_lines.append("| %s.%s | %s | %.0f ± %.0f |" % (name[-2], name[-1], b.get("params", {}).get("routes", "–"),
                                                            b["primaryMetric"]["score"], b["primaryMetric"]["scoreError"]))

    targets = []

    def target(text, ok):
        targets.append("- %s %s" % ("**met**" if ok else "**not met**", text))

    def r(s, load):
        return (wrk[s][load] or {}).get("rps")

    def safe_ratio(a, b):
        return a / b if a and b else 0.0

    t = wrk["lindy"]["timer10000"] or {}
    target("async-immediate ≥ 0.95× raw Netty: %.2f×" % safe_ratio(r("lindy", "async256"), r("netty", "async256")),
           safe_ratio(r("lindy", "async256"), r("netty", "async256")) >= 0.95)
    target("blocking `get` ≥ 0.85× raw Netty (256 conns): %.2f×" % safe_ratio(r("lindy", "plain256"), r("netty", "plain256")),
           safe_ratio(r("lindy", "plain256"), r("netty", "plain256")) >= 0.85)
    target("10,000 pending 1 s timers ≥ 0.99× raw Netty's completed requests: %.3f×"
           % safe_ratio(r("lindy", "timer10000"), r("netty", "timer10000")),
           safe_ratio(r("lindy", "timer10000"), r("netty", "timer10000")) >= 0.99)
    target("… with p99 ≤ 1.10 s: %s" % fmt_ms(t.get("p99")), (t.get("p99") or 1e9) <= 1100)
    target("… with no errors: %d errors, %d timeouts" % (t.get("errors", -1), t.get("timeouts", -1)),
           t.get("errors", 1) == 0 and t.get("timeouts", 1) == 0)
    target("live heap per pending request ≤ 2 KB: %s" % ("%.0f B" % per_request["lindy"] if "lindy" in per_request else "–"),
           per_request.get("lindy", 1e9) <= 2048)
    target("JVM start to first 200 ≤ 400 ms: %s ms" % facts["lindy"].get("startup_ms", "–"),
           facts["lindy"].get("startup_ms", 1e9) <= 400)

    section = "\n".join([START, "", "\n".join(lines), "", "Targets (Lindy):", "", "\n".join(targets), "",
                         "JMH (Lindy alone, no socket):", "", "\n".join(jmh_lines), "", END])
    with open(os.path.join(results, "chart.dat"), "w") as f:
        f.write('"load" ' + " ".join('"%s"' % NAMES[s] for s in SERVERS) + "\n")
        for c in chart:
            f.write('"%s" %s\n' % (c[0], " ".join(c[1:])))
    text = open(doc).read()
    start, end = text.index(START), text.index(END) + len(END)
    open(doc, "w").write(text[:start] + section + text[end:])
    print("\n".join(targets))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
