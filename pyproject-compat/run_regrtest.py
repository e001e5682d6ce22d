"""CPython's whole regression suite as the judge: Debian's `test` package under python3.11 and sighost.

    python3.11 pyproject-compat/run_regrtest.py --sighost host/sighost              # the CI set
    python3.11 pyproject-compat/run_regrtest.py --sighost host/sighost --all        # every module
    python3.11 pyproject-compat/run_regrtest.py --sighost host/sighost test_os test_posix

Each test module runs once under each interpreter, in its own process (`-m test -u RESOURCES
--junit-xml FILE MODULE`, the same options and environment for both), two processes at a time. The
per-test outcomes of sighost are compared with python3.11's from the same run. A module whose
outcomes differ is run again under both, once, to rule out a flake; what still differs is a
difference. Every difference must be listed, with its reason and test ids, in
manifest/regrtest.toml; a listed difference that no longer shows fails the run too (the ratchet: take
it out of the manifest). python3.11's own failures (how this machine is set up) are not differences
as long as sighost fails the same way.

The report (per module and per test, both columns) goes to artifacts/regrtest/report.md; the last
line printed is exactly "regrtest: N passed, M failed", counting modules. Exit 0 only when every module
run matched python3.11 or the manifest.

--time-box SECONDS adds, after the named modules, further modules of the suite (in the order of
`-m test --list-tests`, starting where the day of the year points), each started while the whole run
has taken less than SECONDS.

Standard library only (tomllib: Python 3.11+).
"""

import argparse
import concurrent.futures
import dataclasses
import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
MANIFEST = HERE / "manifest" / "regrtest.toml"

# The modules CI always runs: the signal-, process- and thread-related ones (issue "Existing programs
# run unchanged"), test_asyncio by the three submodules that concern signals and children.
CI_MODULES = [
    "test_signal", "test_threadsignals", "test_eintr", "test_file_eintr", "test_select",
    "test_selectors", "test_poll", "test_epoll", "test_time", "test_thread", "test_pty", "test_sys",
    "test_atexit", "test_builtin", "test_ctypes", "test_readline", "test_sched", "test_pdb",
    "test_tempfile", "test_regrtest", "test_asyncio.test_unix_events", "test_asyncio.test_events",
    "test_asyncio.test_subprocess", "test_os", "test_threading", "test_posix", "test_subprocess",
    "test_faulthandler", "test_cmd_line", "test_concurrent_futures",
]
# Left out of the time-boxed slice (the full run, --all, still runs them): modules that take a minute
# or more under either interpreter on this 2-core machine (the full run of 2026-12-04), and test_socket,
# which hangs until regrtest's timeout under python3.11 here too.
SLICE_SKIPS = {
    "test_asyncio", "test_concurrent_futures", "test_multiprocessing_fork", "test_multiprocessing_forkserver",
    "test_multiprocessing_spawn", "test_socket",
}
OUTCOMES = ("pass", "fail", "error", "skip")


@dataclasses.dataclass
class ModuleRun:
    """One module under one interpreter."""
    status: str                                      # "ok", "failed", "timeout", "crashed (rc N)"
    seconds: float
    tests: dict = dataclasses.field(default_factory=dict)  # test id -> outcome
    log_tail: str = ""


@dataclasses.dataclass
class Verdict:
    module: str
    reference: ModuleRun
    sighost: ModuleRun
    differences: list                                # test ids (or "<module>") whose outcome differs
    ok: bool
    note: str


# ---------------------------------------------------------------- running one module

def run_module(interpreter, module, use, timeout, work):
    """Run `module` under `interpreter` with regrtest; per-test outcomes come from its JUnit XML."""
    work.mkdir(parents=True, exist_ok=True)
    junit = work / "junit.xml"
    junit.unlink(missing_ok=True)
    command = [interpreter, "-m", "test", "-u", use, "--timeout", str(timeout), "--junit-xml", str(junit), module]
    started = time.monotonic()
    with open(work / "log.txt", "wb") as log:
        process = subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            # regrtest's own --timeout dumps the stacks and exits; the margin covers start and exit.
            rc = process.wait(timeout + 120)
            status = "ok" if rc == 0 else "failed" if rc in (2, 3, 4, 5) else f"crashed (rc {rc})"
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            status = "timeout"
    run = ModuleRun(status, time.monotonic() - started)
    run.log_tail = "\n".join((work / "log.txt").read_text(errors="replace").splitlines()[-25:])
    if junit.exists():
        try:
            run.tests = read_junit(junit)
        except ElementTree.ParseError:
            run.status += ", unreadable JUnit XML"
    return run


def read_junit(path):
    """Test id -> outcome from regrtest's --junit-xml file."""
    outcomes = {}
    unnamed = 0
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        kinds = {child.tag for child in case}
        outcome = ("error" if "error" in kinds else "fail" if "failure" in kinds
                   else "skip" if "skipped" in kinds else "pass")
        name = case.get("name")
        if name is None:
            # regrtest writes an empty <testcase/> where a test class or module failed to set up.
            unnamed += 1
            name, outcome = f"<unnamed testcase {unnamed}>", "error"
        outcomes[name] = outcome
    return outcomes


def differences(reference, sighost):
    """The test ids whose outcome differs, and "<module>" when the module itself ended otherwise."""
    found = sorted(test for test in reference.tests.keys() | sighost.tests.keys()
                   if reference.tests.get(test, "absent") != sighost.tests.get(test, "absent"))
    if module_ending(reference) != module_ending(sighost):
        found.insert(0, "<module>")
    return found


def module_ending(run):
    """How a module's process ended, ignoring failures already visible test by test."""
    return "ok" if run.status == "failed" and any(o in ("fail", "error") for o in run.tests.values()) else run.status


# ---------------------------------------------------------------- judging against the manifest

def load_manifest(path):
    if not path.exists():
        return {}
    with open(path, "rb") as f:
        data = tomllib.load(f)
    modules = data.get("modules", {})
    for name, entry in modules.items():
        if not entry.get("reason") or not isinstance(entry.get("tests"), list) or not entry["tests"]:
            raise SystemExit(f"regrtest: manifest entry {name!r} needs a reason and a list of test ids")
    return modules


def judge(module, reference, sighost, manifest):
    diff = differences(reference, sighost)
    entry = manifest.get(module)
    if entry is None:
        if diff:
            return Verdict(module, reference, sighost, diff, False, "differs from python3.11; not in the manifest")
        return Verdict(module, reference, sighost, diff, True, "same outcomes")
    listed = set(entry["tests"])
    unlisted = [test for test in diff if test not in listed]
    if unlisted:
        return Verdict(module, reference, sighost, diff, False, f"differs beyond the manifest: {', '.join(unlisted[:5])}")
    if not diff:
        return Verdict(module, reference, sighost, diff, False, "matches python3.11 now: take it out of the manifest")
    gone = sorted(listed - set(diff))
    note = f"known difference: {entry['reason']}"
    if gone:
        note += f" (listed ids that matched this time: {', '.join(gone[:5])})"
    return Verdict(module, reference, sighost, diff, True, note)


# ---------------------------------------------------------------- the run

def list_modules(reference):
    output = subprocess.run([reference, "-m", "test", "--list-tests"], capture_output=True, text=True, check=True)
    return [line.strip() for line in output.stdout.splitlines() if line.strip()]


def further_modules(reference, named):
    """The suite's other modules, starting where the day of the year points (a different slice each day)."""
    rest = [m for m in list_modules(reference)
            if m not in named and m.split(".")[0] not in named and m not in SLICE_SKIPS]
    if not rest:
        return []
    start = datetime.date.today().timetuple().tm_yday * 7 % len(rest)
    return rest[start:] + rest[:start]


def run_pair(module, args, out):
    """Both interpreters on one module, one after the other (the pool runs two modules at once)."""
    reference = run_module(args.reference, module, args.use, args.timeout, out / module / "python3.11")
    sighost = run_module(args.sighost, module, args.use, args.timeout, out / module / "sighost")
    if differences(reference, sighost):
        # Rerun once, under both, to rule out a flake (timing-sensitive tests on a busy machine).
        reference = run_module(args.reference, module, args.use, args.timeout, out / module / "python3.11-rerun")
        sighost = run_module(args.sighost, module, args.use, args.timeout, out / module / "sighost-rerun")
    return reference, sighost


def write_report(path, verdicts, args, elapsed):
    lines = [
        "# CPython regression suite: python3.11 and sighost side by side", "",
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}, `-u {args.use}`, {len(verdicts)} modules, {elapsed:.0f} s", "",
        "| module | python3.11 | sighost | tests (pass/fail/error/skip) python3.11 | sighost | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for v in verdicts:
        lines.append(f"| {v.module} | {v.reference.status} | {v.sighost.status} | {counts(v.reference)} | "
                     f"{counts(v.sighost)} | {'ok' if v.ok else 'FAIL'}: {v.note} |")
    matched = [v for v in verdicts if not v.differences]
    tests_same = sum(1 for v in verdicts for t in v.reference.tests if v.reference.tests[t] == v.sighost.tests.get(t))
    tests_all = sum(len(v.reference.tests.keys() | v.sighost.tests.keys()) for v in verdicts)
    lines += ["", f"Modules with python3.11's outcomes: {len(matched)} of {len(verdicts)}; "
                  f"tests with python3.11's outcome: {tests_same} of {tests_all}.", ""]
    for v in verdicts:
        if v.differences:
            lines += [f"## {v.module}", ""]
            for test in v.differences[:40]:
                if test == "<module>":
                    lines.append(f"- the module's process: python3.11 {v.reference.status}, sighost {v.sighost.status}")
                else:
                    lines.append(f"- `{test}`: python3.11 {v.reference.tests.get(test, 'absent')}, "
                                 f"sighost {v.sighost.tests.get(test, 'absent')}")
            lines += ["", "sighost's log, last lines:", "", "```", v.sighost.log_tail, "```", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


def counts(run):
    return "/".join(str(sum(1 for o in run.tests.values() if o == kind)) for kind in OUTCOMES)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="modules to run (default: the CI set)")
    parser.add_argument("--sighost", required=True)
    parser.add_argument("--reference", default="/usr/bin/python3.11")
    parser.add_argument("--all", action="store_true", help="every module of the suite")
    parser.add_argument("--time-box", type=float, default=0, help="add further modules for this many seconds")
    parser.add_argument("--use", default="none", help="regrtest's -u resources, the same for both (default: none)")
    parser.add_argument("--timeout", type=int, default=600, help="per-module timeout in seconds")
    parser.add_argument("--jobs", type=int, default=2, help="modules run at once")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--out", type=Path, default=REPOSITORY / "artifacts" / "regrtest")
    args = parser.parse_args()
    args.sighost = str(Path(args.sighost).resolve())

    manifest = load_manifest(args.manifest)
    named = list_modules(args.reference) if args.all else (args.modules or CI_MODULES)
    extra = further_modules(args.reference, named) if args.time_box > 0 else []
    shutil.rmtree(args.out / "runs", ignore_errors=True)
    runs = args.out / "runs"

    started = time.monotonic()
    verdicts = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_pair, module, args, runs): module for module in named}
        pending_extra = list(extra)
        while futures:
            done, _ = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                module = futures.pop(future)
                reference, sighost = future.result()
                verdict = judge(module, reference, sighost, manifest)
                verdicts.append(verdict)
                print(f"{'ok  ' if verdict.ok else 'FAIL'} {module}: python3.11 {reference.status} "
                      f"{counts(reference)}, sighost {sighost.status} {counts(sighost)}; {verdict.note}", flush=True)
            # A further module starts only on a free worker (never queued behind others), while the
            # run has taken less than the time box.
            while pending_extra and len(futures) < args.jobs and time.monotonic() - started < args.time_box:
                next_module = pending_extra.pop(0)
                futures[pool.submit(run_pair, next_module, args, runs)] = next_module

    verdicts.sort(key=lambda v: v.module)
    elapsed = time.monotonic() - started
    write_report(args.out / "report.md", verdicts, args, elapsed)
    passed = sum(v.ok for v in verdicts)
    print(f"report: {args.out / 'report.md'} ({elapsed:.0f} s)")
    print(f"regrtest: {passed} passed, {len(verdicts) - passed} failed")
    return 0 if passed == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
