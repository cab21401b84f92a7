"""Shared helpers of the benchmark scripts: PerfTest's classpath from Maven Central, measured child processes, the
broker's own counters (Prometheus endpoint), its management API, and CPU/socket facts of a process from /proc."""
import base64
import glob
import json
import os
import re
import resource
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "benchmarks", ".work")
PERFTEST_POM = os.path.join(ROOT, "benchmarks", "perftest", "pom.xml")
PERFTEST_MAIN = "com.rabbitmq.perf.PerfTest"
PROMETHEUS_URL = os.environ.get("BENCH_PROMETHEUS_URL", "http://localhost:15692/metrics")
MANAGEMENT_URL = os.environ.get("BENCH_MANAGEMENT_URL", "http://localhost:15672/api")
MANAGEMENT_AUTH = ("guest", "guest")
AMQP_PORT = 5672
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def perftest_classpath():
    """Resolves com.rabbitmq:perf-test:2.22.1 and its dependencies; returns the classpath."""
    os.makedirs(WORK, exist_ok=True)
    out = os.path.join(WORK, "perftest.classpath")
    done = subprocess.run(["mvn", "-q", "-B", "-f", PERFTEST_POM, "dependency:build-classpath",
                           "-Dmdep.outputFile=" + out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.exit("resolving PerfTest's classpath failed:\n" + done.stdout)
    with open(out) as f:
        return f.read().strip()


def run_measured(cmd, log):
    """Runs cmd with output to log; returns (wall seconds, user+system CPU seconds of the child, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    with open(log, "w") as out:
        rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.time() - start, cpu, rc


def perftest(cp, args, log):
    """Runs PerfTest with args; returns its text output, exiting when it failed."""
    wall, cpu, rc = run_measured(["java", "-cp", cp, PERFTEST_MAIN] + args, log)
    text = open(log).read()
    if rc != 0:
        sys.exit(f"PerfTest failed (exit {rc}), see {log}")
    return text, cpu


def perftest_rate(text, which):
    """'sending' or 'receiving' average rate from PerfTest's final lines."""
    match = re.search(which + r" rate avg: (\d+)", text)
    return float(match.group(1)) if match else 0.0


def start_broker():
    subprocess.run([os.path.join(ROOT, "scripts", "broker"), "start"], check=True, stdout=subprocess.DEVNULL)


def delete_queue(name):
    subprocess.run(["rabbitmqctl", "-q", "delete_queue", name], capture_output=True)


# ------------------------------------------------------------------------------------ the broker's own counters --

_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)')
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def retrying(call, patience=60):
    """Calls call(), again every second for up to patience seconds while the broker's HTTP listener refuses or
    answers 5xx (another user of a shared broker restarting it); client errors (4xx) are raised at once."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return call()
        except urllib.error.HTTPError as e:
            if e.code < 500 or time.monotonic() >= deadline:
                raise
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() >= deadline:
                raise
        time.sleep(1)


def scrape_prometheus(url=PROMETHEUS_URL, timeout=10):
    """The node's aggregated /metrics as {name: [(labels dict, value)]}."""
    def get():
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")

    text = retrying(get)
    metrics = {}
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        match = _SAMPLE.match(line)
        if not match:
            continue
        labels = dict(_LABEL.findall(match.group(2) or ""))
        try:
            value = float(match.group(3))
        except ValueError:
            continue
        metrics.setdefault(match.group(1), []).append((labels, value))
    return metrics


def metric_sum(metrics, name, **labels):
    """Sum of a metric's samples whose labels include all of labels (e.g. protocol="amqp091"); None if absent."""
    samples = metrics.get(name)
    if samples is None:
        return None
    return sum(v for l, v in samples if all(l.get(k) == want for k, want in labels.items()))


# ----------------------------------------------------------------------------------------------- management API --

def management(method, path, body=None, timeout=30):
    """Calls the management HTTP API; returns the decoded JSON (or None), raising urllib.error.HTTPError."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(MANAGEMENT_URL + path, data=data, method=method)
    token = base64.b64encode(("%s:%s" % MANAGEMENT_AUTH).encode()).decode()
    request.add_header("Authorization", "Basic " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    def call():
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()

    raw = retrying(call)
    return json.loads(raw) if raw else None


def _queue_path(name, vhost="/"):
    return "/queues/%s/%s" % (urllib.parse.quote(vhost, safe=""), urllib.parse.quote(name, safe=""))


def declare_queue_http(name, queue_type="classic", durable=True, auto_delete=False):
    """Declares a queue through the management API (so that both tools get exactly the same queue)."""
    arguments = {"x-queue-type": queue_type} if queue_type != "classic" else {}
    management("PUT", _queue_path(name), {"durable": durable, "auto_delete": auto_delete, "arguments": arguments})


def queue_depth_http(name):
    """Messages in a queue now (live: one basic.get through the management API, rejected back into the queue),
    where the queue's `messages` field lags by up to the statistics interval; None if the queue is gone."""
    try:
        got = management("POST", _queue_path(name) + "/get",
                         {"count": 1, "ackmode": "reject_requeue_true", "encoding": "auto", "truncate": 16})
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise
    return got[0]["message_count"] + 1 if got else 0


def delete_queue_http(name):
    """Deletes a queue; True when it existed."""
    try:
        management("DELETE", _queue_path(name))
        return True
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return False
        raise


def exchange_exists_http(name, vhost="/"):
    try:
        management("GET", "/exchanges/%s/%s" % (urllib.parse.quote(vhost, safe=""), urllib.parse.quote(name, safe="")))
        return True
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return False
        raise


def delete_exchange_if_unused_http(name, vhost="/"):
    try:
        management("DELETE", "/exchanges/%s/%s?if-unused=true"
                   % (urllib.parse.quote(vhost, safe=""), urllib.parse.quote(name, safe="")))
        return True
    except urllib.error.HTTPError:
        return False


# ---------------------------------------------------------------------------------------------- process facts --

def process_cpu_seconds(pid):
    """utime + stime of the whole process (every thread, live or exited) from /proc/<pid>/stat; None if gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rpartition(")")[2].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # after "pid (comm)": state is field 3, utime 14, stime 15 (proc(5)), i.e. indexes 0, 11, 12 here
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def host_cpu_seconds():
    """(busy, total) CPU seconds of the whole machine, all cores, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal (guest is inside user)
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


def _socket_inodes(pid):
    inodes = set()
    for fd in glob.glob("/proc/%d/fd/*" % pid):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _tcp_table():
    """Rows (local port, remote port, state, inode) of /proc/net/tcp and tcp6."""
    rows = []
    for path in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    rows.append((int(parts[1].rsplit(":", 1)[1], 16), int(parts[2].rsplit(":", 1)[1], 16),
                                 parts[3], parts[9]))
        except FileNotFoundError:
            pass
    return rows


def amqp_connections_of(pid, port=AMQP_PORT):
    """Established TCP connections of process pid to the broker's AMQP port."""
    inodes = _socket_inodes(pid)
    return sum(1 for _, remote, state, inode in _tcp_table() if remote == port and state == "01" and inode in inodes)


def listener_pid(port=AMQP_PORT):
    """The process listening on port (the broker's Erlang VM for 5672), or None."""
    listening = {inode for local, _, state, inode in _tcp_table() if local == port and state == "0A"}
    if not listening:
        return None
    for proc in glob.glob("/proc/[0-9]*"):
        try:
            if _socket_inodes(int(os.path.basename(proc))) & listening:
                return int(os.path.basename(proc))
        except (PermissionError, ValueError):
            continue
    return None


def command_line(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except FileNotFoundError:
        return []


def mapped_archives(pid):
    """Class-data-sharing archives (*.jsa) mapped by a JVM, as file paths."""
    paths = set()
    try:
        with open("/proc/%d/maps" % pid) as f:
            for line in f:
                if line.rstrip().endswith(".jsa"):
                    paths.add(line.split()[-1])
    except FileNotFoundError:
        pass
    return sorted(paths)


def launcher_java_options(launcher=os.path.join(ROOT, "bin", "rabbittune")):
    """The JVM options bin/rabbittune uses by default (its ${RABBITTUNE_JAVA_OPTS:-...} fallback)."""
    with open(launcher) as f:
        text = f.read()
    match = re.search(r"\$\{RABBITTUNE_JAVA_OPTS:-([^}]*)\}", text)
    if not match:
        raise RuntimeError("cannot find the default JVM options (RABBITTUNE_JAVA_OPTS:-...) in " + launcher)
    return match.group(1).split()


def launcher_archive_flags(launcher=os.path.join(ROOT, "bin", "rabbittune")):
    """The flags bin/rabbittune puts beside -XX:SharedArchiveFile=ARCHIVE when it uses its archive."""
    with open(launcher) as f:
        text = f.read()
    match = re.search(r'JAVA_OPTS\+=\(-XX:SharedArchiveFile="\$ARCHIVE"([^)]*)\)', text)
    if not match:
        raise RuntimeError("cannot find how " + launcher + " uses its class-data archive (-XX:SharedArchiveFile)")
    return match.group(1).split()
