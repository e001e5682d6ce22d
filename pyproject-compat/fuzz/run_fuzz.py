"""Differential fuzzing of the signal module: python3.11 against sighost, seed by seed.

    /usr/bin/python3.11 pyproject-compat/fuzz/run_fuzz.py --sighost host/sighost \\
        [--seeds 1-40] [--calls 1000] [--jobs 2] [--timeout 60] [--out DIR] [--reference PY]

For every seed, fuzz_signal.py runs under the reference interpreter (/usr/bin/python3.11) and
under sighost with the same command line, stdin from /dev/null and PYTHONHASHSEED=0, each in its
own process group, killed after --timeout seconds. Their outputs (stdout, then stderr) are
compared line by line: every differing hunk is a divergence. A seed passes when both runs exit 0
with identical output; it fails when the outputs differ, or either run crashes (killed by a
signal, or a non-zero exit) or hangs (timeout). Up to --jobs seeds run at the same time.
--reference and --sighost may name the same interpreter: a check that the harness itself is
deterministic.

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
DEFAULT_SEEDS = "1-40"
DEFAULT_CALLS = 1000
DEFAULT_OUT = HERE / "out"
HUNKS_SHOWN = 3      # divergences printed per failing seed
CONTEXT = 3          # lines of context around each
HUNK_LINES = 12      # lines shown of each side of a divergence


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

    def compared_lines(self):
        """stdout, then stderr (normally empty: the runner turns Python's stderr into events)."""
        return self.stdout.splitlines() + [f"stderr| {line}" for line in self.stderr.splitlines()]


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


# The reference's name in reports ("python3.11", "python3.13"); set from --reference.
LABEL = "python3.11"

# ---------------------------------------------------------------- running

def run_one(interpreter, seed, calls, timeout, extra_env=None):
    command = [interpreter, str(RUNNER), "--seed", str(seed), "--calls", str(calls)]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", **(extra_env or {}))
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
    # sighost runs on the reference's own CPython (its version, its stdlib).
    tested = run_one(sighost, seed, calls, timeout, {"SIGHOST_PYTHON": reference_interpreter})
    result = SeedResult(seed, reference, tested)
    matcher = difflib.SequenceMatcher(None, reference.compared_lines(),
                                      tested.compared_lines(), autojunk=False)
    result.hunks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    return result


# ---------------------------------------------------------------- reporting

def clipped(prefix, lines):
    """At most HUNK_LINES lines of one side of a divergence (a crash cuts off the whole rest)."""
    shown = [prefix + line for line in lines[:HUNK_LINES]]
    if len(lines) > HUNK_LINES:
        shown.append(f"{prefix}... {len(lines) - HUNK_LINES} more lines")
    return shown


def hunk_text(result, hunk):
    """A divergence with CONTEXT lines before it, in unified-diff style."""
    tag, a0, a1, b0, b1 = hunk
    ref = result.reference.compared_lines()
    new = result.sighost.compared_lines()
    lines = [f"  @@ {LABEL} line {a0 + 1}, sighost line {b0 + 1} @@"]
    lines += [f"    {line}" for line in ref[max(0, a0 - CONTEXT):a0]]
    lines += clipped("  - ", ref[a0:a1])
    lines += clipped("  + ", new[b0:b1])
    lines += [f"    {line}" for line in ref[a1:a1 + CONTEXT]]
    return "\n".join(lines)


def hunk_function(result, hunk):
    """What a divergence belongs to: the function of its call line (or of the call line above
    it), or "state snapshot" / "reset" / "end"."""
    tag, a0, a1, b0, b1 = hunk
    ref = result.reference.compared_lines()
    new = result.sighost.compared_lines()
    for line in ref[a0:a1] + new[b0:b1] + list(reversed(ref[:a0])):
        if line[:5].isdigit():
            return line.split(" ", 1)[1].split("(", 1)[0]
        if line.startswith("stderr| "):
            return "stderr"
        if line.startswith("== "):
            kind = line.split()[1]
            return {"state": "state snapshot"}.get(kind, kind)
    return "?"


def describe_failure(result):
    parts = []
    for label, run in ((LABEL, result.reference), ("sighost", result.sighost)):
        if run.ending() != "ok":
            tail = run.stderr.strip().splitlines()[-5:]
            parts.append(f"  {label}: {run.ending()}" + "".join(f"\n    | {t}" for t in tail))
    if result.hunks:
        parts.append(f"  {len(result.hunks)} divergence(s); first ones:")
        parts += [hunk_text(result, h) for h in result.hunks[:HUNKS_SHOWN]]
    return "\n".join(parts)


def coverage(results):
    """{function: Counter(calls, returned, raised)} over the reference runs' call lines."""
    table = {}
    for r in results:
        for line in r.reference.stdout.splitlines():
            if not line[:5].isdigit():
                continue
            function = line.split(" ", 1)[1].split("(", 1)[0]
            returned, raised = line.find(" -> "), line.find(" !! ")
            outcome = "returned" if returned != -1 and (raised == -1 or returned < raised) else "raised"
            table.setdefault(function, Counter()).update(["calls", outcome])
    return table


def summary_markdown(results, options, seconds, counts):
    passed = sum(r.passed for r in results)
    lines = [
        f"# Differential fuzzing of `signal`: {LABEL} vs sighost", "",
        f"Seeds {options.seeds}, {options.calls} calls each; {seconds:.1f} s wall clock "
        f"with {options.jobs} parallel jobs.", "",
        "| seeds | calls | calls sighost ran | passed | failed | divergences | crashes | hangs |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(results)} | {counts['calls']} | {counts['sighost calls']} | {passed} | "
        f"{len(results) - passed} | {counts['divergences']} | {counts['crashes']} | "
        f"{counts['hangs']} |", "",
        f"Calls: {LABEL}'s; a crash or hang cuts sighost's run short. A divergence is one hunk "
        "of the line-by-line diff; a crash is a death by signal or a non-zero exit.", "",
        f"| seed | calls | {LABEL} | sighost | divergences | s ({LABEL} / sighost) |",
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
    lines += ["", f"Calls per function ({LABEL}'s runs): how many returned, how many raised.", "",
              "| function | calls | returned | raised |", "| --- | ---: | ---: | ---: |"]
    for function, tally in sorted(coverage(results).items()):
        lines.append(f"| `{function}` | {tally['calls']} | {tally['returned']} | {tally['raised']} |")
    for r in results:
        if not r.passed:
            lines += ["", f"## Seed {r.seed}", "", "```", describe_failure(r), "```"]
    return "\n".join(lines) + "\n"


def save_outputs(out, result):
    for label, run in ((LABEL, result.reference), ("sighost", result.sighost)):
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
    parser.add_argument("--reference", default=REFERENCE,
                        help=f"the reference interpreter (default {REFERENCE})")
    parser.add_argument("--seeds", default=DEFAULT_SEEDS, help=f"default {DEFAULT_SEEDS}")
    parser.add_argument("--calls", type=int, default=DEFAULT_CALLS,
                        help=f"calls per seed (default {DEFAULT_CALLS})")
    parser.add_argument("--jobs", type=int, default=2, help="seeds run in parallel (default 2)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per run (default 60)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="summary.md and failing seeds' outputs (default fuzz/out)")
    options = parser.parse_args()
    global LABEL
    LABEL = os.path.basename(options.reference)
    try:
        seeds = parse_seeds(options.seeds)
    except ValueError:
        parser.error(f"--seeds: expected e.g. 1-10 or 1,4,7-9, got {options.seeds!r}")
    options.out.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max(1, options.jobs)) as pool:
        futures = [pool.submit(run_seed, seed, options.reference, options.sighost, options.calls,
                               options.timeout) for seed in seeds]
        results = []
        for future in futures:  # in seed order
            result = future.result()
            results.append(result)
            verdict = "ok" if result.passed else "FAILED"
            print(f"seed {result.seed}: {result.reference.calls()} calls, "
                  f"{len(result.hunks)} divergence(s), {LABEL} {result.reference.ending()}, "
                  f"sighost {result.sighost.ending()}: {verdict}", flush=True)
            if not result.passed:
                print(describe_failure(result), flush=True)
                save_outputs(options.out, result)
    seconds = time.monotonic() - started

    counts = Counter()
    for r in results:
        counts["calls"] += r.reference.calls()
        counts["sighost calls"] += r.sighost.calls()
        counts["divergences"] += len(r.hunks)
        for run in (r.reference, r.sighost):
            counts["crashes"] += run.ending().startswith("crash")
            counts["hangs"] += run.returncode is None
    (options.out / "summary.md").write_text(summary_markdown(results, options, seconds, counts),
                                            encoding="utf-8")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    print(f"{len(results)} seeds, {counts['calls']} calls ({counts['sighost calls']} reached "
          f"by sighost), {counts['divergences']} divergences, "
          f"{counts['crashes']} crashes, {counts['hangs']} hangs in {seconds:.1f} s; "
          f"summary: {options.out / 'summary.md'}")
    print(f"fuzz: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
