"""Start-up and pure-Python speed of sighost against python3.11, side by side in one run.

Start-up: whole-process wall time and peak RSS of `sighost -c pass` against `python3.11 -c pass`.
Pure-Python speed: instructions of one unit of pure_python.py counted by callgrind (runs of 1 and 2
units, subtracted, so start-up and shut-down cancel out); instruction counts are stable on a busy
machine where wall time is not. Skipped when valgrind is not installed.

Runs them alternately (so all see the same machine load), several rounds, and prints medians and the
ratios. `sighost` is the executable (artifacts/sighost/sighost: what sys.executable, venvs and children
run); `host/sighost`, the launcher that checks for stale sources and execs it, is measured too. Not a
test: it prints figures. Usage (from the repository root, after a build):

    /usr/bin/python3.11 tests/benchmarks/startup.py [--runs 40] [--sighost artifacts/sighost/sighost] [--args -c pass]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def run_once(command):
    """Runs command to its end; returns (wall seconds, peak RSS in KiB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{command} exited with {proc.returncode}")
    return elapsed, usage.ru_maxrss


def instructions(command, units):
    """Instructions callgrind counts for `command pure_python.py units`."""
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *command, os.path.join(HERE, "pure_python.py"), str(units)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1])
    sys.exit(f"callgrind gave no count for {command}:\n{proc.stderr[-2000:]}")


def jit_compiled(command):
    """How many methods the JIT compiled while `command` ran (the runtime's own summary)."""
    with tempfile.TemporaryDirectory() as scratch:
        summary = os.path.join(scratch, "jit.txt")
        environment = dict(os.environ, DOTNET_JitDisasmSummary="1", DOTNET_JitStdOutFile=summary)
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=environment, check=True)
        with open(summary) as lines:
            return sum(1 for line in lines if "JIT compiled" in line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="runs of each command (alternating)")
    parser.add_argument("--sighost", default=os.path.join(REPO, "artifacts", "sighost", "sighost"))
    parser.add_argument("--launcher", default=os.path.join(REPO, "host", "sighost"))
    parser.add_argument("--reference", default="/usr/bin/python3.11")
    parser.add_argument("--args", nargs=argparse.REMAINDER, default=["-c", "pass"],
                        help="the command line both run (default: -c pass)")
    options = parser.parse_args()

    commands = {"python3.11": [options.reference, *options.args], "sighost": [options.sighost, *options.args],
                "host/sighost": [options.launcher, *options.args]}
    for command in commands.values():  # warm the page cache and the JIT's disk caches
        run_once(command)
    samples = {name: [] for name in commands}
    for _ in range(options.runs):
        for name, command in commands.items():
            samples[name].append(run_once(command))

    print(f"start-up of `{' '.join(options.args)}`, {options.runs} runs each, alternating, medians")
    print(f"{'':14}{'wall ms':>10}{'peak RSS MiB':>15}")
    medians = {}
    for name, runs in samples.items():
        wall = statistics.median(r[0] for r in runs) * 1000
        rss = statistics.median(r[1] for r in runs) / 1024
        medians[name] = (wall, rss)
        print(f"{name:14}{wall:10.1f}{rss:15.1f}")
    for name in ("sighost", "host/sighost"):
        ratio_wall = medians[name][0] / medians["python3.11"][0]
        ratio_rss = medians[name][1] / medians["python3.11"][1]
        print(f"{'ratio ' + name:14}{ratio_wall:10.2f}{ratio_rss:15.2f}")

    print()
    print(f"methods the JIT compiled during sighost's start-up: {jit_compiled(commands['sighost'])} "
          "(the rest is ReadyToRun code; each adds load time)")

    if shutil.which("valgrind"):
        print()
        print("pure-Python instructions of one unit of pure_python.py (callgrind; 2 units minus 1 unit)")
        per_unit = {}
        for name in ("python3.11", "sighost"):
            command = commands[name][:1]
            per_unit[name] = instructions(command, 2) - instructions(command, 1)
            print(f"{name:14}{per_unit[name] / 1e6:10.2f} M")
        print(f"{'ratio':14}{per_unit['sighost'] / per_unit['python3.11']:10.3f}")


if __name__ == "__main__":
    main()
