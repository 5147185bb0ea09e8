"""Profiles raw Netty and Lindy under the same loads with async-profiler, attached to each running server.

For every load and server: a CPU flame graph and an allocation flame graph (HTML), their collapsed stacks,
and a summary (summary.json): requests served while profiling, CPU samples, allocated bytes per request
(async-profiler's sampled estimate), the top allocation sites, lock contention, and the server's threads by
name. Servers start fresh for each load and are warmed as bench/run warms them. Loopback only, bounded.

    python3 bench/profile.py OUT_DIR LIB [--seconds 8] [--loads async256,blocking64,...] [--work DIR]

OUT_DIR gets the flame graphs and summary.json; the work directory (bench/target/profile-work) the logs and
collapsed stacks. LIB is libasyncProfiler.so; bench/profile fetches it from Maven Central.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rounds  # noqa: E402

LOADS = {
    "async256": rounds.Load("async256", "/hello-async", 256, "netty", ["lindy"]),
    "blocking64": rounds.Load("blocking64", "/hello", 64, "netty", ["lindy", "handoff"]),
    "blocking256": rounds.Load("blocking256", "/hello", 256, "netty", ["lindy", "handoff"]),
    "timer0_256": rounds.Load("timer0_256", "/timer0", 256, "netty", ["lindy"]),
    "pipelined256": rounds.Load("pipelined256", "/hello-async", 256, "netty", ["lindy"], accept=rounds.ACCEPT_PLAIN,
                                pipeline=16),
    "json256": rounds.Load("json256", "/json", 256, "netty", ["lindy"], accept=rounds.ACCEPT_JSON),
    "static4k": rounds.Load("static4k", "/4k.bin", 64, "nginx", ["lindy"]),
    "routes64": rounds.Load("routes64", "/api/acme/last/42", 64, "lindy", ["lindy200"]),
    "tls_async64": rounds.Load("tls_async64", "/hello-async", 64, "netty", ["lindy"], proto="https"),
    "h2_async16": rounds.Load("h2_async16", "/hello-async", 16, "netty", ["lindy"], proto="h2", streams=16),
}


def agent(jdk, proc, lib, options):
    jcmd = os.path.join(jdk["home"], "bin", "jcmd")
    # Quoted, or jcmd would split the options at their '=' signs.
    r = subprocess.run([jcmd, str(proc.pid), "JVMTI.agent_load", lib, '"%s"' % options], capture_output=True, text=True)
    if "return code: 0" not in r.stdout:
        raise SystemExit("async-profiler did not load: %s %s" % (r.stdout, r.stderr))


def threads(jdk, proc):
    jcmd = os.path.join(jdk["home"], "bin", "jcmd")
    dump = subprocess.run([jcmd, str(proc.pid), "Thread.print"], capture_output=True, text=True).stdout
    names = re.findall(r'^"([^"]+)"', dump, re.M)
    by_kind = collections.Counter(re.sub(r"[-#]?\d+$", "", n).strip() for n in names)
    return {"total": len(names), "by_name": dict(by_kind.most_common())}


def collapsed_summary(path, top=25):
    total, sites, frames = 0, collections.Counter(), collections.Counter()
    for line in open(path):
        stack, _, n = line.rstrip("\n").rpartition(" ")
        n = int(n)
        total += n
        parts = stack.split(";")
        # The allocation site: the innermost Java frame that allocated (async-profiler puts the class last).
        site = next((p for p in reversed(parts[:-1]) if "/" in p or "." in p), parts[-1])
        sites[parts[-1] + " at " + site] += n
        for f in set(parts):
            frames[f] += n
    return total, sites.most_common(top), frames


def profile(load, server, jdk, lib, seconds, warm, out, work, app):
    tag = "%s-%s" % (server, load.key)
    certificate = rounds.make_certificate(jdk, work) if load.proto != "http" else None
    srv = rounds.start(server, jdk, app, work, tag, certificate)
    try:
        rounds.warm([load], {server: srv}, warm, 1)
        result = {"server": server, "load": load.key, "jdk": jdk["feature"], "warm_s": warm}
        # CPU in samples (1 ms of CPU each); allocations in bytes and locks in nanoseconds waited, both totals.
        for event, opts, dump in (("cpu", "event=cpu,interval=1ms", "collapsed"), ("alloc", "event=alloc", "collapsed,total"),
                                  ("lock", "event=lock", "collapsed,total")):
            agent(jdk, srv["proc"], lib, "start," + opts)
            cpu0, sw0 = rounds.cpu_and_switches(srv["proc"])
            text = subprocess.run(rounds.load_command(load, srv, seconds), capture_output=True, text=True,
                                  timeout=seconds + rounds.GRACE_SECONDS).stdout
            cpu1, sw1 = rounds.cpu_and_switches(srv["proc"])
            collapsed = os.path.join(work, "%s-%s.collapsed" % (tag, event))
            agent(jdk, srv["proc"], lib, "dump,%s,file=%s" % (dump, collapsed))
            graph = os.path.join(out if event != "lock" else work, "%s-%s.html" % (tag, event))
            agent(jdk, srv["proc"], lib, "stop,%sfile=%s" % ("total," if event != "cpu" else "", graph))
            figures = rounds.parse_h2load(text) if load.proto == "h2" else rounds.parse_wrk(text)
            requests = figures["requests"] or 1
            total, top, _ = collapsed_summary(collapsed)
            result[event] = {"requests": requests, "rps": figures["rps"],
                             "cpu_us_per_request": round((cpu1 - cpu0) * 1e6 / requests, 2),
                             "switches_per_request": round(rounds.switches_between(sw0, sw1) / requests, 3),
                             "total": total, "per_request": round(total / requests, 1),
                             "top": [[site, n, round(n / requests, 1)] for site, n in top]}
        result["threads"] = threads(jdk, srv["proc"])
        return result
    finally:
        rounds.stop_all()


def histogram(jdk, proc):
    """Live objects by class after a full GC: {class: (instances, bytes)}."""
    jcmd = os.path.join(jdk["home"], "bin", "jcmd")
    out = subprocess.run([jcmd, str(proc.pid), "GC.class_histogram"], capture_output=True, text=True).stdout
    found = {}
    for m in re.finditer(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", out, re.M):
        found[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return found


def pending_heap(server, jdk, seconds, work, app, conns=10000):
    """What each of `conns` pending 1 s timers holds: live heap by class, loaded minus idle, per request."""
    load = rounds.Load("timer10000", "/timer", conns, "netty", ["lindy"], timer=True)
    srv = rounds.start(server, jdk, app, work, server + "-heap")
    try:
        rounds.warm([rounds.Load("timer0_256", "/timer0", 256, "netty", ["lindy"])], {server: srv}, seconds, 1)
        idle = histogram(jdk, srv["proc"])
        wrk = subprocess.Popen(rounds.wrk_command(load, srv["port"], seconds), stdout=subprocess.PIPE, text=True)
        time.sleep(seconds / 2)
        loaded = histogram(jdk, srv["proc"])
        wrk.communicate()
        rows = []
        for cls in set(idle) | set(loaded):
            n0, b0 = idle.get(cls, (0, 0))
            n1, b1 = loaded.get(cls, (0, 0))
            if b1 - b0 > conns * 4:
                rows.append([cls, round((n1 - n0) / conns, 2), round((b1 - b0) / conns, 1)])
        rows.sort(key=lambda r: -r[2])
        total = (sum(b for _, b in loaded.values()) - sum(b for _, b in idle.values())) / conns
        return {"server": server, "jdk": jdk["feature"], "pending": conns, "bytes_per_pending": round(total, 1),
                "classes": rows}
    finally:
        rounds.stop_all()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("lib")
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--warm", type=int, default=None, help="seconds of warm-up per load (default: --seconds)")
    ap.add_argument("--loads", default="async256,blocking64,timer0_256,pipelined256")
    ap.add_argument("--jdk", type=int, default=17)
    ap.add_argument("--heap", action="store_true", help="also take class histograms with 10,000 pending timers")
    ap.add_argument("--work", default=os.path.join(rounds.BENCH, "target", "profile-work"),
                    help="logs and collapsed stacks")
    args = ap.parse_args()
    jdk = rounds.find_jdks([args.jdk])[0]
    os.makedirs(args.out, exist_ok=True)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    app = os.path.join(work, "app")
    if not os.path.isdir(app):
        app = rounds.make_app(work)
    summary = []
    for key in [k for k in args.loads.split(",") if k]:
        load = LOADS[key]
        for server in load.servers():
            if server == "nginx":
                continue
            print("== profiling %s under %s" % (server, key), flush=True)
            summary.append(profile(load, server, jdk, args.lib, args.seconds, args.warm or args.seconds, args.out, work,
                                   app))
            # Written after each profile, so that a run cut short keeps what it measured.
            with open(os.path.join(args.out, "summary.json"), "w") as f:
                json.dump(summary, f, indent=1)
    if args.heap:
        heap = []
        for server in ("netty", "lindy"):
            print("== live heap of %s with 10,000 pending timers" % server, flush=True)
            heap.append(pending_heap(server, jdk, max(args.seconds, 10), work, app))
            with open(os.path.join(args.out, "heap.json"), "w") as f:
                json.dump(heap, f, indent=1)
    print("profiles in %s" % args.out)


if __name__ == "__main__":
    main()
