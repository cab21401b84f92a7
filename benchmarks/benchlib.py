"""Shared helpers of the benchmark scripts: PerfTest's classpath from Maven Central, measured child processes."""
import os
import re
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "benchmarks", ".work")
PERFTEST_POM = os.path.join(ROOT, "benchmarks", "perftest", "pom.xml")


def perftest_classpath():
    """Resolves com.rabbitmq:perf-test:2.22.1 and its dependencies; returns the classpath."""
    os.makedirs(WORK, exist_ok=True)
    out = os.path.join(WORK, "perftest.classpath")
    subprocess.run(["mvn", "-q", "-B", "-f", PERFTEST_POM, "dependency:build-classpath",
                    "-Dmdep.outputFile=" + out], check=True)
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
    wall, cpu, rc = run_measured(["java", "-cp", cp, "com.rabbitmq.perf.PerfTest"] + args, log)
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
