"""Differential fuzzing of the signal module: python3.11 against sighost, seed by seed.

    /usr/bin/python3.11 pyproject-compat/fuzz/run_fuzz.py --sighost host/sighost \\
        [--seeds 1-16] [--calls 1000] [--jobs 2] [--timeout 60] [--out DIR]

For every seed, fuzz_signal.py runs under the reference interpreter and under sighost (same
command line, stdin from /dev/null, PYTHONHASHSEED=0, each in its own process group killed after
--timeout seconds). Their outputs are compared line by line: every differing hunk is a divergence.
A seed passes when both runs exit 0 and print identical output; it fails when the outputs differ,
either run crashes (killed by a signal, or a non-zero exit) or hangs (timeout).

Prints the first divergences of each failing seed with context, totals, writes a Markdown summary
and both outputs of every failing seed to --out, and ends with exactly one line
"fuzz: N passed, M failed". Exit status 0 only if M == 0; 2 for a usage error.
Standard library only.
"""

import argparse
import concurrent.futures
import difflib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "fuzz_signal.py"
REFERENCE = "/usr/bin/python3.11"
DEFAULT_SEEDS = "1-16"
DEFAULT_CALLS = 1000
DEFAULT_OUT = HERE / "out"
HUNKS_SHOWN = 3      # divergences printed per failing seed
CONTEXT = 3          # lines of context around each


@dataclass
class Run:
    """One interpreter's run of one seed."""
    returncode: int | None  # None: timed out
    stdout: str
    stderr: str
    seconds: float

    def ending(self):
        if self.returncode is None:
            return "hang (timeout)"
        if self.returncode < 0:
            return f"crash (killed by signal {-self.returncode})"
        if self.returncode != 0:
            return f"crash (exit status {self.returncode})"
        return "ok"

    def calls(self):
        return sum(1 for line in self.stdout.splitlines() if line[:5].isdigit())


@dataclass
class SeedResult:
    seed: int
    reference: Run
    sighost: Run
    hunks: list = field(default_factory=list)  # difflib opcodes that are not "equal"

    @property
    def passed(self):
        return (not self.hunks and self.reference.ending() == "ok"
                and self.sighost.ending() == "ok")


# ---------------------------------------------------------------- running

def run_one(interpreter, seed, calls, timeout):
    command = [interpreter, str(RUNNER), "--seed", str(seed), "--calls", str(calls)]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True, env=env)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        returncode = process.returncode
    except subprocess.TimeoutExpired:
        returncode = None
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # a hung run, or anything it left behind
        except ProcessLookupError:
            pass
    if returncode is None:
        stdout, stderr = process.communicate()
    return Run(returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"),
               time.monotonic() - started)


def run_seed(seed, reference_interpreter, sighost, calls, timeout):
    reference = run_one(reference_interpreter, seed, calls, timeout)
    tested = run_one(sighost, seed, calls, timeout)
    result = SeedResult(seed, reference, tested)
    matcher = difflib.SequenceMatcher(None, reference.stdout.splitlines(),
                                      tested.stdout.splitlines(), autojunk=False)
    result.hunks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    return result


# ---------------------------------------------------------------- reporting

def hunk_text(result, hunk):
    """A divergence with CONTEXT lines before it, in unified-diff style."""
    tag, a0, a1, b0, b1 = hunk
    ref = result.reference.stdout.splitlines()
    new = result.sighost.stdout.splitlines()
    lines = [f"  @@ python3.11 line {a0 + 1}, sighost line {b0 + 1} @@"]
    lines += [f"    {line}" for line in ref[max(0, a0 - CONTEXT):a0]]
    lines += [f"  - {line}" for line in ref[a0:a1]]
    lines += [f"  + {line}" for line in new[b0:b1]]
    lines += [f"    {line}" for line in ref[a1:a1 + CONTEXT]]
    return "\n".join(lines)


def hunk_function(result, hunk):
    """The function of the call a divergence belongs to (its line, or the call line above it)."""
    tag, a0, a1, b0, b1 = hunk
    ref = result.reference.stdout.splitlines()
    for line in ref[a0:a1] + list(reversed(ref[:a0])):
        if line[:5].isdigit():
            return line.split(" ", 1)[1].split("(", 1)[0]
        if line.startswith("== "):
            return line.split(":", 1)[0]
    return "?"


def describe_failure(result):
    parts = []
    for label, run in (("python3.11", result.reference), ("sighost", result.sighost)):
        if run.ending() != "ok":
            tail = run.stderr.strip().splitlines()[-5:]
            parts.append(f"  {label}: {run.ending()}" + "".join(f"\n    | {t}" for t in tail))
    if result.hunks:
        parts.append(f"  {len(result.hunks)} divergence(s); first ones:")
        parts += [hunk_text(result, h) for h in result.hunks[:HUNKS_SHOWN]]
    return "\n".join(parts)


def summary_markdown(results, options, seconds, counts):
    passed = sum(r.passed for r in results)
    lines = [
        "# Differential fuzzing of `signal`: python3.11 vs sighost", "",
        f"Seeds {options.seeds}, {options.calls} calls each; {seconds:.1f} s wall clock "
        f"with {options.jobs} parallel jobs.", "",
        "| seeds | calls | passed | failed | divergences | crashes | hangs |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(results)} | {counts['calls']} | {passed} | {len(results) - passed} | "
        f"{counts['divergences']} | {counts['crashes']} | {counts['hangs']} |", "",
        "| seed | calls | python3.11 | sighost | divergences | s (python3.11 / sighost) |",
        "| ---: | ---: | --- | --- | ---: | --- |",
    ]
    for r in results:
        lines.append(f"| {r.seed} | {r.reference.calls()} | {r.reference.ending()} | "
                     f"{r.sighost.ending()} | {len(r.hunks)} | "
                     f"{r.reference.seconds:.1f} / {r.sighost.seconds:.1f} |")
    by_function = Counter(hunk_function(r, h) for r in results for h in r.hunks)
    if by_function:
        lines += ["", "Divergences by function:", ""]
        lines += [f"- `{name}`: {n}" for name, n in by_function.most_common()]
    for r in results:
        if not r.passed:
            lines += ["", f"## Seed {r.seed}", "", "```", describe_failure(r), "```"]
    return "\n".join(lines) + "\n"


def save_outputs(out, result):
    for label, run in (("python3.11", result.reference), ("sighost", result.sighost)):
        (out / f"seed{result.seed}.{label}.out").write_text(run.stdout, encoding="utf-8")
        (out / f"seed{result.seed}.{label}.err").write_text(run.stderr, encoding="utf-8")


# ---------------------------------------------------------------- main

def parse_seeds(text):
    """"1-10", "3", "1,5,9-12" -> list of ints."""
    seeds = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += range(int(low), int(high or low) + 1)
    if not seeds:
        raise ValueError("no seeds")
    return seeds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sighost", required=True, help="the interpreter under test")
    parser.add_argument("--reference", default=REFERENCE, help=argparse.SUPPRESS)
    parser.add_argument("--seeds", default=DEFAULT_SEEDS, help=f"default {DEFAULT_SEEDS}")
    parser.add_argument("--calls", type=int, default=DEFAULT_CALLS,
                        help=f"calls per seed (default {DEFAULT_CALLS})")
    parser.add_argument("--jobs", type=int, default=2, help="seeds run in parallel (default 2)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per run (default 60)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="summary.md and failing seeds' outputs (default fuzz/out)")
    options = parser.parse_args()
    try:
        seeds = parse_seeds(options.seeds)
    except ValueError:
        parser.error(f"--seeds: expected e.g. 1-10 or 1,4,7-9, got {options.seeds!r}")
    options.out.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max(1, options.jobs)) as pool:
        futures = [pool.submit(run_seed, seed, options.reference, options.sighost, options.calls, options.timeout)
                   for seed in seeds]
        results = []
        for future in futures:  # in seed order
            result = future.result()
            results.append(result)
            verdict = "ok" if result.passed else "FAILED"
            print(f"seed {result.seed}: {result.reference.calls()} calls, "
                  f"{len(result.hunks)} divergence(s), python3.11 {result.reference.ending()}, "
                  f"sighost {result.sighost.ending()}: {verdict}", flush=True)
            if not result.passed:
                print(describe_failure(result), flush=True)
                save_outputs(options.out, result)
    seconds = time.monotonic() - started

    counts = Counter()
    for r in results:
        counts["calls"] += r.reference.calls()
        counts["divergences"] += len(r.hunks)
        for run in (r.reference, r.sighost):
            counts["crashes"] += run.ending().startswith("crash")
            counts["hangs"] += run.returncode is None
    (options.out / "summary.md").write_text(summary_markdown(results, options, seconds, counts),
                                            encoding="utf-8")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    print(f"{len(results)} seeds, {counts['calls']} calls, {counts['divergences']} divergences, "
          f"{counts['crashes']} crashes, {counts['hangs']} hangs in {seconds:.1f} s; "
          f"summary: {options.out / 'summary.md'}")
    print(f"fuzz: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
