"""Runs bench/run's loads in alternating rounds and writes every run to results/runs.jsonl.

A group is a set of servers measured together; each of its loads names a baseline and the servers
compared with it. Every round starts the group's servers fresh, warms each of them with the same traffic,
then measures each load on each of its servers back to back, in an order that flips every round (so no
server always goes first, right after the warm-up, or last, when the machine may have drifted). A ratio
is only ever taken between two runs of the same round; report.py gives the median and the spread
(min–max) of those per-round ratios.

The tls group serves HTTPS from both servers on a second port, with one certificate made for the run
(BenchCertificate, the code of Lindy's devTls) and handed to both: HTTP/1.1 over TLS is loaded by wrk, HTTP/2
over TLS (ALPN h2) by h2load.

Loads go to 127.0.0.1 only; every run is bounded in time by wrk's -d or h2load's -D.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
JAR = os.path.join(BENCH, "target", "lindy-bench.jar")
PIPELINE = os.path.join(BENCH, "pipeline.lua")

# TechEmpower's request headers for its plaintext and JSON tests.
ACCEPT_PLAIN = "text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7"
ACCEPT_JSON = "application/json,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7"

PEERS = ["vertx", "javalin"]

# A load generator still running this long after its run should have ended is killed, and its run gives no
# figure: wrk's -d and h2load's -D end a healthy run, but h2load waits for every connection's answers first.
GRACE_SECONDS = 20


class Load:
    """One measured load: a path at a number of connections, on a baseline and the servers beside it.

    proto is "http" (wrk, clear text), "https" (wrk, HTTP/1.1 over TLS) or "h2" (h2load, HTTP/2 over TLS with
    ALPN h2, `streams` concurrent streams per connection).
    """

    def __init__(self, key, path, conns, baseline, subjects, accept=None, pipeline=0, timer=False, proto="http",
                 streams=1):
        self.key, self.path, self.conns = key, path, conns
        self.baseline, self.subjects = baseline, subjects
        self.accept, self.pipeline, self.timer = accept, pipeline, timer
        self.proto, self.streams = proto, streams

    def servers(self):
        return [self.baseline] + self.subjects


def core_loads(peers):
    subjects = ["lindy"] + (PEERS if peers else [])
    loads = []
    for c in (64, 256):
        loads.append(Load("async%d" % c, "/hello-async", c, "netty", subjects))
        # Beside Lindy, raw Netty handing /hello to a thread pool: what one hand-off each way costs by itself.
        loads.append(Load("blocking%d" % c, "/hello", c, "netty", subjects + ["handoff"]))
        loads.append(Load("timer0_%d" % c, "/timer0", c, "netty", subjects))
    loads.append(Load("json256", "/json", 256, "netty", subjects, accept=ACCEPT_JSON))
    loads.append(Load("pipelined256", "/hello-async", 256, "netty", subjects, accept=ACCEPT_PLAIN, pipeline=16))
    loads.append(Load("timer10000", "/timer", 10000, "netty", subjects, timer=True))
    return loads


def tls_loads():
    """HTTPS and HTTP/2 over TLS: Lindy beside raw Netty, the same certificate, engine, ciphers and ALPN."""
    return [
        Load("tls_async64", "/hello-async", 64, "netty", ["lindy"], proto="https"),
        Load("tls_blocking64", "/hello", 64, "netty", ["lindy"], proto="https"),
        Load("h2_async16", "/hello-async", 16, "netty", ["lindy"], proto="h2", streams=16),
        Load("h2_blocking16", "/hello", 16, "netty", ["lindy"], proto="h2", streams=16),
    ]


def battery_loads():
    return [
        Load("static4k", "/4k.bin", 64, "nginx", ["lindy"]),
        Load("static1m", "/1m.bin", 64, "nginx", ["lindy"]),
        Load("template64", "/page", 64, "vertx", ["lindy"]),
        Load("routes64", "/api/acme/last/42", 64, "lindy", ["lindy200"]),
    ]


# ---- processes ---------------------------------------------------------------------------------------

started = []


def stop_all():
    for p in started:
        if p.poll() is None:
            p.terminate()
    for p in started:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
    started.clear()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jvm_flags(jdk):
    flags = ["-Xmx256m"]
    if jdk["feature"] >= 24:
        # Netty loads its epoll library through JNI; say so, rather than have the JVM warn about it.
        flags.append("--enable-native-access=ALL-UNNAMED")
    return flags


def command(server, jdk, port, app, tls=None):
    """The server's command line; with tls (TLS port, certificate, key) it serves HTTPS on that port too."""
    java = [os.path.join(jdk["home"], "bin", "java")] + jvm_flags(jdk) + ["-cp", JAR]
    https = [str(tls[0]), tls[1], tls[2]] if tls else []
    if tls and server not in ("netty", "lindy"):
        sys.exit("%s has no TLS listener in the bench" % server)
    main = {
        "netty": ["dev.lindy.bench.RawNettyBench", str(port)] + https,
        "handoff": ["-Dbench.handoff=true", "dev.lindy.bench.RawNettyBench", str(port)],
        "lindy": ["dev.lindy.bench.LindyBench", str(port), app, "0"] + https,
        "lindy200": ["dev.lindy.bench.LindyBench", str(port), app, "199"],
        "vertx": ["dev.lindy.bench.VertxBench", str(port), app],
        "javalin": ["dev.lindy.bench.JavalinBench", str(port)],
    }
    return java + main[server]


def nginx_config(port, app, run_dir):
    os.makedirs(os.path.join(run_dir, "tmp"), exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = os.path.join(run_dir, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""daemon off;
%(user)sworker_processes auto;
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  open_file_cache max=64 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path %(dir)s/tmp/body;
  proxy_temp_path %(dir)s/tmp/proxy;
  fastcgi_temp_path %(dir)s/tmp/fastcgi;
  uwsgi_temp_path %(dir)s/tmp/uwsgi;
  scgi_temp_path %(dir)s/tmp/scgi;
  types { application/octet-stream bin; }
  server {
    listen 127.0.0.1:%(port)d;
    root %(root)s;
  }
}
""" % {"user": user, "dir": run_dir, "port": port, "root": os.path.join(app, "public")})
    return ["nginx", "-p", run_dir, "-c", conf]


def probe_path(server):
    return {"nginx": "/4k.bin", "lindy200": "/api/acme/last/42"}.get(server, "/hello")


def http_status(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path).encode())
            head = s.recv(64).decode("latin-1")
            m = re.match(r"HTTP/1\.[01] (\d+)", head)
            return int(m.group(1)) if m else None
    except OSError:
        return None


def https_status(port, path):
    """The status of a GET over TLS (HTTP/1.1; the bench's certificate is self-signed, so it is not checked)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as s:
                s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path).encode())
                head = s.recv(64).decode("latin-1")
                m = re.match(r"HTTP/1\.[01] (\d+)", head)
                return int(m.group(1)) if m else None
    except (OSError, ssl.SSLError):
        return None


def make_certificate(jdk, out):
    """A self-signed certificate for the run's TLS loads: the paths of its certificate and key PEM files."""
    made = subprocess.run([os.path.join(jdk["home"], "bin", "java"), "-cp", JAR, "dev.lindy.bench.BenchCertificate",
                           os.path.join(out, "tls")], capture_output=True, text=True, check=True)
    return made.stdout.split()[:2]


def start(server, jdk, app, out, tag, certificate=None):
    """Starts a server on a free port; with certificate (its PEM files), on a free TLS port too."""
    port = free_port()
    tls_port = free_port() if certificate else None
    log = open(os.path.join(out, "%s.%s.log" % (server, tag)), "w")
    if server == "nginx":
        cmd = nginx_config(port, app, os.path.join(out, "nginx-" + tag))
    else:
        cmd = command(server, jdk, port, app, (tls_port,) + tuple(certificate) if certificate else None)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    started.append(p)
    while http_status(port, probe_path(server)) != 200 or (tls_port and https_status(tls_port, probe_path(server)) != 200):
        if p.poll() is not None:
            sys.exit("%s did not start; see %s" % (server, log.name))
        if time.monotonic() - t0 > 60:
            sys.exit("%s did not answer within 60 s; see %s" % (server, log.name))
        time.sleep(0.005)
    return {"proc": p, "port": port, "tls_port": tls_port, "startup_ms": round((time.monotonic() - t0) * 1000)}


def pids_of(proc):
    """The process and its children (nginx's workers)."""
    pids = [proc.pid]
    try:
        out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout
        pids += [int(x) for x in out.split()]
    except OSError:
        pass
    return pids


def cpu_and_switches(proc):
    """CPU seconds (user + system) of the process and its children, and each of their threads' context switches.

    The CPU time of a process counts its ended threads too; context switches are only kept per thread, so they
    are returned per thread and compared thread by thread (see switches_between).
    """
    ticks, switches = 0, {}
    hz = os.sysconf("SC_CLK_TCK")
    for pid in pids_of(proc):
        try:
            ticks += sum(int(x) for x in open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[11:13])
            tasks = os.listdir("/proc/%d/task" % pid)
        except OSError:
            continue
        for task in tasks:
            # A thread that ends while it is read is left out alone, not with the threads listed after it.
            try:
                n = 0
                for line in open("/proc/%d/task/%s/status" % (pid, task)):
                    if "ctxt_switches:" in line:
                        n += int(line.split()[-1])
                switches[(pid, task)] = n
            except OSError:
                pass
    return ticks / hz, switches


def switches_between(before, after):
    """The context switches of a run: each live thread's change, a thread born in the run counted from zero.

    A thread that ended during the run takes its count with it (a worker pool's idle thread, say), so the
    figure can fall short, but never below zero; a thread id reused by a new thread counts from zero too.
    """
    total = 0
    for task, n in after.items():
        was = before.get(task, 0)
        total += n - was if n >= was else n
    return total


def peak_rss_kb(proc):
    total = 0
    for pid in pids_of(proc):
        try:
            for line in open("/proc/%d/status" % pid):
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def heap_used_kb(jdk, proc, save):
    """The live heap: the class histogram's total, counted in the same pause as its full GC.

    Reading GC.heap_info after a separate GC.run would also count what the server allocated in between,
    which under load is far from nothing, and more for a server that allocates more per request. The
    histogram is kept in the file `save`, so that two runs can be compared class by class.
    """
    jcmd = os.path.join(jdk["home"], "bin", "jcmd")
    out = subprocess.run([jcmd, str(proc.pid), "GC.class_histogram"], capture_output=True, text=True,
                         timeout=120).stdout
    with open(save, "w") as f:
        f.write(out)
    m = re.search(r"^Total\s+\d+\s+(\d+)", out, re.M)
    return int(m.group(1)) // 1024 if m else None


# ---- wrk ---------------------------------------------------------------------------------------------

def wrk_command(load, port, seconds, conns=None, scheme="http"):
    cmd = ["wrk", "-t2", "-c%d" % (conns or load.conns), "-d%ds" % seconds, "--latency"]
    if load.timer:
        cmd.append("--timeout=5s")
    if load.accept:
        cmd += ["-H", "Host: localhost", "-H", "Accept: " + load.accept, "-H", "Connection: keep-alive"]
    cmd.append("%s://127.0.0.1:%d%s" % (scheme, port, load.path))
    if load.pipeline:
        cmd += ["-s", PIPELINE, "--", str(load.pipeline)]
    return cmd


def h2load_command(load, port, seconds, conns=None):
    """HTTP/2 over TLS: h2load offers only h2 by ALPN and counts a connection that gets anything else as failed."""
    conns = conns or load.conns
    return ["h2load", "-t%d" % min(2, conns), "-c%d" % conns, "-m%d" % load.streams, "-D%d" % seconds,
            "https://127.0.0.1:%d%s" % (port, load.path)]


def load_command(load, srv, seconds, conns=None):
    """The load generator's command for a load on a started server."""
    if load.proto == "h2":
        return h2load_command(load, srv["tls_port"], seconds, conns)
    if load.proto == "https":
        return wrk_command(load, srv["tls_port"], seconds, conns, "https")
    return wrk_command(load, srv["port"], seconds, conns)


def millis(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(text):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    done = re.search(r"(\d+) requests in", text)
    lat = {p: millis(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)}
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "requests": int(done.group(1)) if done else None,
        "p50_ms": lat.get("50"),
        "p99_ms": lat.get("99"),
        "errors": (sum(int(x) for x in sock.groups()[:3]) if sock else 0) + (int(non2xx.group(1)) if non2xx else 0),
        "timeouts": int(sock.group(4)) if sock else 0,
    }


def parse_h2load(text):
    """h2load's summary as parse_wrk's figures; h2load gives min, max, mean and sd of latency, no percentiles."""
    rps = re.search(r"^finished in [\d.]+\w+, ([\d.]+) req/s", text, re.M)
    reqs = re.search(r"^requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                     r"(\d+) errored, (\d+) timeout", text, re.M)
    mean = re.search(r"^time for request:\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)\s", text, re.M)
    proto = re.search(r"^Application protocol: (\S+)", text, re.M)
    cipher = re.search(r"^Cipher: (\S+)", text, re.M)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "requests": int(reqs.group(4)) if reqs else None,
        "p50_ms": None,
        "p99_ms": None,
        "mean_ms": millis(*mean.groups()) if mean else None,
        "errors": int(reqs.group(5)) if reqs else 0,
        "timeouts": int(reqs.group(7)) if reqs else 0,
        "protocol": proto.group(1) if proto else None,
        "cipher": cipher.group(1) if cipher else None,
    }


def measure(load, server, srv, jdk, seconds, out, name):
    histogram = os.path.join(out, name.replace(".txt", ""))
    base_kb = heap_used_kb(jdk, srv["proc"], histogram + ".heap-idle.txt") if load.timer and server != "nginx" else None
    cpu0, sw0 = cpu_and_switches(srv["proc"])
    wrk = subprocess.Popen(load_command(load, srv, seconds), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    loaded_kb = None
    if load.timer and base_kb is not None:
        # Halfway through, about one request per connection is pending: read the live heap then.
        time.sleep(seconds / 2)
        loaded_kb = heap_used_kb(jdk, srv["proc"], histogram + ".heap-loaded.txt")
    killed = False
    try:
        text = wrk.communicate(timeout=seconds + GRACE_SECONDS)[0]
    except subprocess.TimeoutExpired:
        wrk.kill()
        text = wrk.communicate()[0] + "\n(killed: still running %d s after its end)\n" % GRACE_SECONDS
        killed = True
        print("   %s on %s did not end; killed, no figure for this run" % (load.key, server), flush=True)
    cpu1, sw1 = cpu_and_switches(srv["proc"])
    with open(os.path.join(out, name), "w") as f:
        f.write(text)
    r = parse_h2load(text) if load.proto == "h2" else parse_wrk(text)
    if killed or (load.proto == "h2" and r["protocol"] != "h2"):
        # Cut short, or not the protocol this load is about: no figure rather than a wrong one.
        r["rps"], r["requests"] = None, None
    if killed:
        r["killed"] = True
    r.update({"cpu_s": round(cpu1 - cpu0, 3), "switches": switches_between(sw0, sw1), "alive": srv["proc"].poll() is None})
    if base_kb is not None and loaded_kb is not None:
        r.update({"heap_base_kb": base_kb, "heap_loaded_kb": loaded_kb})
    return r


def warm(loads, servers, seconds, round_no):
    """The same warm-up traffic on every server: each path a load uses, at its connections (at most 256)."""
    seen = []
    for load in loads:
        if load.timer:
            continue
        for server in ordered(load.servers(), round_no):
            if (load.path, load.pipeline, load.proto, server) in seen or server not in servers:
                continue
            seen.append((load.path, load.pipeline, load.proto, server))
            try:
                subprocess.run(load_command(load, servers[server], seconds, min(load.conns, 256)), capture_output=True,
                               timeout=seconds + GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                print("   warm-up of %s on %s did not end; killed" % (load.key, server), flush=True)


def ordered(names, round_no):
    return names if round_no % 2 == 1 else list(reversed(names))


# ---- a group's rounds --------------------------------------------------------------------------------

def run_group(group, loads, jdk, args, app, out, log, certificate=None):
    """A group's rounds on one JDK; certificate (PEM files) when its loads go over TLS."""
    names = []
    for load in loads:
        for s in load.servers():
            if s not in names:
                names.append(s)
    for round_no in range(1, args.rounds + 1):
        tag = "%s.jdk%s.r%d" % (group, jdk["feature"], round_no)
        print("== %s, JDK %s, round %d of %d: %s" % (group, jdk["feature"], round_no, args.rounds, " ".join(names)),
              flush=True)
        servers = {}
        for s in ordered(names, round_no):
            servers[s] = start(s, jdk, app, out, tag,
                               certificate if any(load.proto != "http" for load in loads) else None)
        warm(loads, servers, args.warm, round_no)
        for load in loads:
            seconds = args.timer_seconds if load.timer else args.seconds
            for s in ordered(load.servers(), round_no):
                r = measure(load, s, servers[s], jdk, seconds, out, "%s.%s.%s.txt" % (s, load.key, tag))
                r.update({"group": group, "jdk": jdk["feature"], "round": round_no, "load": load.key,
                          "server": s, "conns": load.conns, "baseline": load.baseline,
                          "loadavg": os.getloadavg()[0]})
                log.write(json.dumps(r) + "\n")
                log.flush()
                if load.timer:
                    # Let the closed connections' sockets settle before the next server's ten thousand.
                    time.sleep(2)
        for s, srv in servers.items():
            log.write(json.dumps({"group": group, "jdk": jdk["feature"], "round": round_no, "server": s,
                                  "startup_ms": srv["startup_ms"], "peak_rss_kb": peak_rss_kb(srv["proc"])}) + "\n")
        log.flush()
        stop_all()


# ---- set-up ------------------------------------------------------------------------------------------

def find_jdks(wanted):
    """JDK homes by feature version: the java on the PATH, then the JDKs installed beside it."""
    found = {}
    candidates = []
    java = shutil.which("java")
    if java:
        candidates.append(os.path.dirname(os.path.dirname(os.path.realpath(java))))
    for base in ("/usr/lib/jvm", "/usr/java", "/opt/java"):
        if os.path.isdir(base):
            candidates += sorted(os.path.join(base, d) for d in os.listdir(base))
    for home in candidates:
        release = os.path.join(home, "release")
        if not (os.path.isfile(release) and os.access(os.path.join(home, "bin", "jcmd"), os.X_OK)):
            continue
        m = re.search(r'JAVA_VERSION="(\d+)', open(release).read())
        if m and int(m.group(1)) in wanted and int(m.group(1)) not in found:
            found[int(m.group(1))] = {"feature": int(m.group(1)), "home": home}
    return [found[f] for f in wanted if f in found]


def make_app(out):
    """The app directory every server reads: views and Vert.x templates from bench/app, generated files."""
    app = os.path.join(out, "app")
    shutil.copytree(os.path.join(BENCH, "app"), app)
    public = os.path.join(app, "public")
    os.makedirs(public)
    for name, size in (("4k.bin", 4096), ("1m.bin", 1024 * 1024)):
        with open(os.path.join(public, name), "wb") as f:
            f.write(os.urandom(size))
    return app


def estimate_seconds(args, groups):
    total = 0
    for _, loads, jdks in groups:
        servers = {s for load in loads for s in load.servers()}
        paths = {(load.path, load.pipeline, load.proto, s) for load in loads if not load.timer for s in load.servers()}
        per_round = 3 * len(servers) + args.warm * len(paths)
        for load in loads:
            per_round += len(load.servers()) * ((args.timer_seconds + 6) if load.timer else (args.seconds + 0.3))
        total += per_round * args.rounds * len(jdks)
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--warm", type=int, default=5)
    ap.add_argument("--timer-seconds", type=int, default=10)
    ap.add_argument("--jdks", default="17,25")
    ap.add_argument("--groups", default="core,batteries,tls")
    ap.add_argument("--loads", default="", help="only these loads (comma-separated keys, e.g. tls_async64,h2_async16)")
    ap.add_argument("--peers", action="store_true", help="add Vert.x Web and Javalin to the core loads")
    ap.add_argument("--estimate", action="store_true", help="print the expected seconds and stop")
    args = ap.parse_args()

    wanted = [int(x) for x in args.jdks.split(",") if x]
    jdks = find_jdks(wanted)
    missing = sorted(set(wanted) - {j["feature"] for j in jdks})
    groups = []
    if "core" in args.groups:
        groups.append(("core", core_loads(args.peers), jdks))
    if "batteries" in args.groups:
        # Static files and templates are Java-version-neutral comparisons: the first JDK is enough.
        groups.append(("batteries", battery_loads(), jdks[:1]))
    if "tls" in args.groups:
        # The JDK's TLS engine changes between versions: every JDK, like the core loads.
        groups.append(("tls", tls_loads(), jdks))
    if args.loads:
        wanted_loads = set(args.loads.split(","))
        known = {load.key for _, loads, _ in groups for load in loads}
        if wanted_loads - known:
            sys.exit("no such load in groups %s: %s" % (args.groups, ", ".join(sorted(wanted_loads - known))))
        groups = [(g, [load for load in loads if load.key in wanted_loads], js) for g, loads, js in groups]
        groups = [g for g in groups if g[1]]
    if not groups or not jdks:
        sys.exit("nothing to run: groups %r, JDKs %r found of %r" % (args.groups, [j["feature"] for j in jdks], wanted))
    seconds = estimate_seconds(args, groups)
    if args.estimate:
        print(int(seconds))
        return
    for f in missing:
        print("JDK %d not found; its runs are skipped" % f, flush=True)
    if any(load.proto == "h2" for _, loads, _ in groups for load in loads) and not shutil.which("h2load"):
        sys.exit("the HTTP/2 loads need h2load (Debian's nghttp2-client)")
    print("rounds %d, %d s per run, %d s warm-up per path, %d s timer runs; about %d minutes"
          % (args.rounds, args.seconds, args.warm, args.timer_seconds, round(seconds / 60)), flush=True)

    # Absolute, because nginx resolves its paths against its own prefix.
    out = os.path.abspath(args.out)
    app = make_app(out)
    certificate = None
    if any(load.proto != "http" for _, loads, _ in groups for load in loads):
        # One certificate for the run, handed to every server that serves TLS.
        certificate = make_certificate(jdks[0], out)
    meta = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cores": os.cpu_count(),
            "rounds": args.rounds, "seconds": args.seconds, "warm": args.warm, "timer_seconds": args.timer_seconds,
            "jdks": {j["feature"]: subprocess.run([os.path.join(j["home"], "bin", "java"), "-version"],
                                                  capture_output=True, text=True).stderr.splitlines()[0]
                     for j in jdks},
            "loadavg_start": os.getloadavg()[0]}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.monotonic()
    try:
        with open(os.path.join(out, "runs.jsonl"), "w") as log:
            for group, loads, group_jdks in groups:
                for jdk in group_jdks:
                    run_group(group, loads, jdk, args, app, out, log, certificate)
    finally:
        stop_all()
    meta.update({"minutes": round((time.monotonic() - t0) / 60, 1), "loadavg_end": os.getloadavg()[0]})
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print("loads done in %.1f minutes" % meta["minutes"], flush=True)


if __name__ == "__main__":
    main()
