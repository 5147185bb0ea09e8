"""Turns one bench/run (results/runs.jsonl, written by rounds.py) into Markdown tables and chart data.

Every comparison is a ratio between two runs of the same round; each figure is the median of those
per-round ratios, with their spread (lowest–highest) in brackets. Medians taken separately for each server
are shown for orientation only, never divided by one another.
"""
import json
import os
import statistics
import sys

NAMES = {"netty": "raw Netty", "lindy": "Lindy", "vertx": "Vert.x Web", "javalin": "Javalin", "nginx": "nginx",
         "lindy200": "Lindy, 200 routes", "handoff": "Raw Netty handing `/hello` to a thread pool"}
LABELS = {
    "async64": "async route answering at once, `/hello-async`",
    "async256": "async route answering at once, `/hello-async`",
    "blocking64": "blocking `get`, `/hello`",
    "blocking256": "blocking `get`, `/hello`",
    "timer0_64": "0 s timer, `/timer0`",
    "timer0_256": "0 s timer, `/timer0`",
    "json256": "JSON, a new object serialized per request, `/json`",
    "pipelined256": "plaintext pipelined 16 deep, `/hello-async`",
    "timer10000": "10,000 pending 1 s timers, `/timer`",
    "static4k": "static file, 4 KiB",
    "static1m": "static file, 1 MiB",
    "template64": "template: a layout and a loop of 20 rows, `/page`",
    "routes64": "200 routes with parameters, the match declared last",
    "tls_async64": "HTTPS (HTTP/1.1 over TLS), async route answering at once, `/hello-async`",
    "tls_blocking64": "HTTPS (HTTP/1.1 over TLS), blocking `get`, `/hello`",
    "h2_async16": "HTTP/2 over TLS, 16 streams per connection, async route answering at once, `/hello-async`",
    "h2_blocking16": "HTTP/2 over TLS, 16 streams per connection, blocking `get`, `/hello`",
}
SHORT = {"async64": "async c64", "async256": "async c256", "blocking64": "blocking c64", "blocking256": "blocking c256",
         "timer0_64": "0 s timer c64", "timer0_256": "0 s timer c256", "json256": "JSON c256",
         "pipelined256": "pipelined c256"}
CONNS = {"timer0_64": 64, "timer0_256": 256, "h2_async16": 16, "h2_blocking16": 16}
CORE = ["async64", "async256", "blocking64", "blocking256", "timer0_64", "timer0_256", "json256", "pipelined256"]
TLS = ["tls_async64", "tls_blocking64", "h2_async16", "h2_blocking16"]
TARGETS = {"async64": 0.95, "async256": 0.95, "blocking64": 0.85, "blocking256": 0.85, "timer0_64": 0.90,
           "timer0_256": 0.90, "pipelined256": 0.95}
START, END = "<!-- results:start -->", "<!-- results:end -->"
# Subjects measured on every core load; any other (the hand-off reference) only on some.
PEERS_AND_LINDY = ("lindy", "vertx", "javalin")


def conns(load):
    return CONNS.get(load, int("".join(c for c in load if c.isdigit()) or 0))


def load_runs(results):
    runs, facts = [], []
    for line in open(os.path.join(results, "runs.jsonl")):
        r = json.loads(line)
        (runs if "load" in r else facts).append(r)
    return runs, facts


def spread(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    if len(values) == 1:
        return fmt(values[0])
    return "%s (%s–%s)" % (fmt(statistics.median(values)), fmt(min(values)), fmt(max(values)))


def x(v):
    return "%.2f×" % v


def per_round(runs, jdk, load, server, key):
    """A figure of one server's run, by round."""
    return {r["round"]: r.get(key) for r in runs
            if r["jdk"] == jdk and r["load"] == load and r["server"] == server and r.get("alive", True)}


def ratios(runs, jdk, load, subject, baseline, key="rps"):
    a, b = per_round(runs, jdk, load, subject, key), per_round(runs, jdk, load, baseline, key)
    return [a[n] / b[n] for n in sorted(a) if n in b and a[n] and b[n]]


def heap_per_pending(runs, jdk, server):
    out = {}
    for r in runs:
        if r["jdk"] == jdk and r["server"] == server and "heap_loaded_kb" in r:
            out[r["round"]] = max(0, r["heap_loaded_kb"] - r["heap_base_kb"]) * 1024.0 / r["conns"]
    return out


def main(results, doc=None):
    runs, facts = load_runs(results)
    meta = json.load(open(os.path.join(results, "meta.json"))) if os.path.exists(os.path.join(results, "meta.json")) else {}
    jdks = sorted({r["jdk"] for r in runs if r["group"] == "core"})
    tls_jdks = sorted({r["jdk"] for r in runs if r["group"] == "tls"})
    subjects = []
    for r in runs:
        if r["group"] == "core" and r["server"] != r["baseline"] and r["server"] not in subjects:
            subjects.append(r["server"])
    out, targets, chart = [], [], []
    rounds = max((r["round"] for r in runs), default=0)
    out.append("Run of %s: %s rounds, %s s per run after %s s of warm-up per path, 10,000-timer runs of %s s; "
               "%s cores; load average %.1f at the start and %.1f at the end; the loads took %s minutes. JDKs: %s."
               % (meta.get("started", "?"), rounds, meta.get("seconds", "?"), meta.get("warm", "?"),
                  meta.get("timer_seconds", "?"), meta.get("cores", "?"), meta.get("loadavg_start", 0),
                  meta.get("loadavg_end", 0), meta.get("minutes", "?"),
                  "; ".join(meta.get("jdks", {}).values()) or "?"))
    out.append("")

    # ---- ratios to raw Netty ----
    for subject in subjects:
        out.append("**%s / raw Netty**, median of the per-round ratios (lowest–highest); above 1 is faster:" % NAMES[subject])
        out.append("")
        out.append("| load | conns | " + " | ".join("JDK %d" % j for j in jdks) + " | target |")
        out.append("|---|---|" + "---|" * len(jdks) + "---|")
        for load in CORE:
            cells = [spread(ratios(runs, j, load, subject, "netty"), x) for j in jdks]
            if subject not in PEERS_AND_LINDY and all(c == "–" for c in cells):
                # A reference measured on some loads only (the hand-off on the blocking ones).
                continue
            t = TARGETS.get(load)
            out.append("| %s | %s | %s | %s |" % (LABELS[load], conns(load), " | ".join(cells),
                                                 "≥ %.2f×" % t if t and subject == "lindy" else ""))
            if subject == "lindy":
                chart.append([SHORT[load]]
                             + [ratios(runs, j, load, subject, "netty") for j in jdks])
                for j in jdks:
                    rs = ratios(runs, j, load, subject, "netty")
                    if t and rs:
                        targets.append((statistics.median(rs) >= t, "%s, %s conns, JDK %d: %s ≥ %.2f×"
                                        % (LABELS[load], conns(load), j, spread(rs, x), t)))
        # Ten thousand pending timers.
        completed = [ratios(runs, j, "timer10000", subject, "netty", "requests") for j in jdks]
        if subject not in PEERS_AND_LINDY:
            out.append("")
            continue
        out.append("| %s: completed requests | 10000 | %s | ≥ 0.99× |" % (LABELS["timer10000"], " | ".join(spread(c, lambda v: "%.3f×" % v) for c in completed)))
        p99 = [list(per_round(runs, j, "timer10000", subject, "p99_ms").values()) for j in jdks]
        out.append("| … %s's p99 | 10000 | %s | ≤ 1100 ms |" % (NAMES[subject], " | ".join(spread(p, lambda v: "%.0f ms" % v) for p in p99)))
        errs = []
        for j in jdks:
            e = [r for r in runs if r["jdk"] == j and r["load"] == "timer10000" and r["server"] == subject]
            errs.append("%d errors, %d timeouts" % (sum(r["errors"] or 0 for r in e), sum(r["timeouts"] or 0 for r in e))
                        if e and all(r.get("alive", True) and r["rps"] for r in e) else "failed")
        out.append("| … %s's errors and timeouts, all rounds | 10000 | %s | none |" % (NAMES[subject], " | ".join(errs)))
        own = []
        for j in jdks:
            a, b = heap_per_pending(runs, j, subject), heap_per_pending(runs, j, "netty")
            own.append([a[n] - b[n] for n in sorted(a) if n in b])
        out.append("| live heap per pending request, %s's own share (%s minus raw Netty, same round) | 10000 | %s | %s |"
                   % (NAMES[subject], NAMES[subject], " | ".join(spread(o, lambda v: "%.0f B" % v) for o in own),
                      "≤ 512 B" if subject == "lindy" else ""))
        out.append("")
        if subject == "lindy":
            for j, c, p, o in zip(jdks, completed, p99, own):
                if c:
                    targets.append((statistics.median(c) >= 0.99, "10,000 pending timers, JDK %d: completed %s ≥ 0.99×"
                                    % (j, spread(c, lambda v: "%.3f×" % v))))
                if p:
                    targets.append((max(p) <= 1100, "… JDK %d: p99 %s ≤ 1100 ms in every round" % (j, spread(p, lambda v: "%.0f ms" % v))))
                if o:
                    targets.append((statistics.median(o) <= 512, "live heap per pending request, Lindy's own share, JDK %d: %s ≤ 512 B"
                                    % (j, spread(o, lambda v: "%.0f B" % v))))

    # ---- HTTPS and HTTP/2 over TLS ----
    tls_runs = [r for r in runs if r["group"] == "tls"]
    tls_subjects = []
    for r in tls_runs:
        if r["server"] != r["baseline"] and r["server"] not in tls_subjects:
            tls_subjects.append(r["server"])
    for subject in tls_subjects:
        out.append("**%s / raw Netty over TLS** (the same certificate, TLS engine, ciphers and ALPN), median of the "
                   "per-round ratios (lowest–highest); above 1 is faster:" % NAMES[subject])
        out.append("")
        out.append("| load | conns | " + " | ".join("JDK %d" % j for j in tls_jdks) + " |")
        out.append("|---|---|" + "---|" * len(tls_jdks))
        for load in TLS:
            if not any(r["load"] == load for r in tls_runs):
                continue
            cells = [spread(ratios(tls_runs, j, load, subject, "netty"), x) for j in tls_jdks]
            out.append("| %s | %s | %s |" % (LABELS[load], conns(load), " | ".join(cells)))
        out.append("")

    # ---- batteries ----
    battery = [r for r in runs if r["group"] == "batteries"]
    if battery:
        bj = battery[0]["jdk"]
        out.append("**Batteries** (JDK %d), median of the per-round ratios (lowest–highest):" % bj)
        out.append("")
        out.append("| load | conns | ratio | of | Lindy req/s | baseline req/s |")
        out.append("|---|---|---|---|---|---|")
        for load in ["static4k", "static1m", "template64", "routes64"]:
            rs = [r for r in battery if r["load"] == load]
            if not rs:
                continue
            base = rs[0]["baseline"]
            subject = [r["server"] for r in rs if r["server"] != base][0]
            out.append("| %s | %d | %s | %s / %s | %s | %s |" % (
                LABELS[load], rs[0]["conns"], spread(ratios(battery, bj, load, subject, base), x),
                NAMES[subject], NAMES[base],
                spread(list(per_round(battery, bj, load, subject, "rps").values()), lambda v: "%.0f" % v),
                spread(list(per_round(battery, bj, load, base, "rps").values()), lambda v: "%.0f" % v)))
        out.append("")

    # ---- absolute figures, for orientation ----
    out.append("Each server's own figures, medians over the rounds (lowest–highest), for orientation: absolute numbers "
               "on a shared machine are not comparable between runs. CPU and context switches are the server "
               "process's, per request.")
    out.append("")
    out.append("| load | conns | JDK | server | req/s | p50 | p99 | CPU µs/request | context switches/request |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    keys = []
    for r in runs:
        k = (r["load"], r["jdk"], r["server"])
        if k not in keys:
            keys.append(k)
    for load, j, s in keys:
        rs = [r for r in runs if (r["load"], r["jdk"], r["server"]) == (load, j, s) and r["requests"]]
        ms = lambda v: "%.2f ms" % v if v < 100 else "%.0f ms" % v
        lat = (lambda k: "–") if load.startswith("pipelined") else (lambda k: spread([r[k] for r in rs], ms))
        out.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s |" % (
            LABELS[load], rs[0]["conns"] if rs else 0, j, NAMES[s], spread([r["rps"] for r in rs], lambda v: "%.0f" % v),
            lat("p50_ms"), lat("p99_ms"), spread([r["cpu_s"] * 1e6 / r["requests"] for r in rs], lambda v: "%.1f" % v),
            spread([r["switches"] / r["requests"] for r in rs], lambda v: "%.2f" % v)))
    out.append("")
    out.append("| server | JDK | JVM start to first 200 | peak RSS | live heap per pending request |")
    out.append("|---|---|---|---|---|")
    seen = []
    for f in facts:
        k = (f["server"], f["jdk"])
        if k in seen:
            continue
        seen.append(k)
        fs = [g for g in facts if (g["server"], g["jdk"]) == k]
        heap = list(heap_per_pending(runs, f["jdk"], f["server"]).values())
        out.append("| %s | %d | %s | %s | %s |" % (
            NAMES[f["server"]], f["jdk"], spread([g["startup_ms"] for g in fs], lambda v: "%.0f ms" % v),
            spread([g["peak_rss_kb"] for g in fs], lambda v: "%.0f MB" % (v / 1024)),
            spread(heap, lambda v: "%.0f B" % v) if heap else "–"))
    out.append("")

    jmh_path = os.path.join(results, "jmh.json")
    if os.path.exists(jmh_path):
        out.append("JMH (Lindy alone, no socket; JDK %d):" % (jdks[0] if jdks else 17))
        out.append("")
        out.append("| benchmark | routes | shape | ns/op |")
        out.append("|---|---|---|---|")
        for b in json.load(open(jmh_path)):
            name = b["benchmark"].rsplit(".", 2)
            params = b.get("params", {})
            score, error = b["primaryMetric"]["score"], b["primaryMetric"]["scoreError"]
            # One measured iteration has no error estimate: JMH writes "NaN".
            error = " ± %.0f" % error if isinstance(error, (int, float)) and error == error else ""
            out.append("| %s.%s | %s | %s | %.0f%s |" % (name[-2], name[-1], params.get("routes", "–"),
                                                        params.get("shape", "–"), score, error))
        out.append("")

    if targets:
        out.append("Targets (judged on the median; the spread says how sure that is):")
        out.append("")
        out += ["- %s %s" % ("**met**" if ok else "**not met**", text) for ok, text in targets]
        out.append("")

    # The chart draws the core loads: without them bench/run draws none.
    chart_link = ["![Lindy / raw Netty, per-round ratios: median and spread](benchmarks.png)", ""] if jdks else []
    section = "\n".join([START, ""] + chart_link + out + [END])
    with open(os.path.join(results, "benchmarks.md"), "w") as f:
        f.write(section + "\n")
    with open(os.path.join(results, "chart.dat"), "w") as f:
        f.write('"load" ' + " ".join('"JDK %d" "lo" "hi"' % j for j in jdks) + "\n")
        for c in chart:
            cells = []
            for rs in c[1:]:
                cells += ["%.3f %.3f %.3f" % (statistics.median(rs), min(rs), max(rs)) if rs else "0 0 0"]
            f.write('"%s" %s\n' % (c[0], " ".join(cells)))
    with open(os.path.join(results, "chart.jdks"), "w") as f:
        f.write("%d\n" % len(jdks))
    if doc:
        text = open(doc).read()
        start, end = text.index(START), text.index(END) + len(END)
        open(doc, "w").write(text[:start] + section + text[end:])
    print("\n".join("- %s %s" % ("met" if ok else "NOT MET", text) for ok, text in targets))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
