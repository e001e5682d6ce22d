"""Conformance ratchet: run CPython's test_signal under a reference python and sighost, check sighost against the manifest.

    python3.11 pyproject-compat/run_conformance.py --sighost host/sighost \\
        --reference /usr/bin/python3.11 --report artifacts/conformance/report.md

The reference names the CPython version: sighost runs on the same interpreter (SIGHOST_PYTHON is set
to --reference for its run), each run loads that version's own test module, and the manifest is
manifest/<reference's version>/<module>.toml (3.11.2 for Debian's python3.11, 3.13.0 for pyenv's).

Each interpreter runs collect_outcomes.py (one after the other, never in parallel: the tests are
timing-sensitive), in its own process group, killed as a whole after --timeout seconds. The
interpreter under test's outcomes are compared with manifest/<module>.toml, and every deviation
fails the run (exit 1): an expected pass that did not pass, an xfail that passed, a skip that did
not skip, any other outcome than the expected one, a test id missing from the manifest (unknown) or
from the results (missing). The reference run is only shown side by side in the report.
The last line printed is exactly "conformance: N passed, M failed". Exit 0 only without deviation;
exit 2 for a usage or manifest error.

Standard library only (tomllib: Python 3.11+).
"""

import argparse
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLLECTOR = HERE / "collect_outcomes.py"
DEFAULT_MODULE = "test.test_signal"
SIGHOST_LABEL = "sighost"

# Which outcomes of collect_outcomes.py satisfy each manifest expectation. An "xfail" outcome is
# unittest's own expectedFailure; an "xpass" (unexpected success) satisfies nothing.
SATISFIES = {
    "pass": {"pass"},
    "skip": {"skip"},
    "xfail": {"fail", "error", "xfail"},
}
# The expectation --write-manifest-skeleton writes for an observed outcome.
EXPECT_FOR_OUTCOME = {"pass": "pass", "skip": "skip", "fail": "xfail", "error": "xfail",
                      "xfail": "xfail", "xpass": "pass"}
MAX_DEVIATIONS_PRINTED = 20


class ManifestError(Exception):
    pass


@dataclasses.dataclass
class Run:
    """The outcome of running collect_outcomes.py under one interpreter."""
    label: str
    interpreter: str
    ran: bool = False
    version: str = ""
    tests: dict = dataclasses.field(default_factory=dict)  # test id -> {"outcome", "detail", "seconds"}
    status: str = "not run"                                 # how the run ended, one line


@dataclasses.dataclass
class Row:
    test_id: str
    expected: dict | None  # the manifest entry, None for an unknown id
    result: dict | None    # sighost's outcome, None for a missing id
    ok: bool
    verdict: str


# ---------------------------------------------------------------- running the interpreters

def run_interpreter(label, interpreter, module, json_dir, timeout, import_first=(), environment=None):
    """Run collect_outcomes.py under `interpreter`; output goes to <json_dir>/<label>.{json,log}.
    `import_first` modules are imported before the tests load; `environment` is added to os.environ."""
    run = Run(label, interpreter, ran=True)
    json_path = json_dir / f"{label}.json"
    log_path = json_dir / f"{label}.log"
    json_path.unlink(missing_ok=True)  # never read a previous run's results
    command = [interpreter, "-X", "faulthandler", str(COLLECTOR), "--out", str(json_path),
               *(f"--import-first={name}" for name in import_first), module]
    print(f"running {label}: {' '.join(command)} (log: {log_path})", file=sys.stderr, flush=True)
    started = time.monotonic()
    with open(log_path, "wb") as log:
        try:
            # A new session makes the interpreter a process-group leader, so that a timeout can
            # kill it together with every child interpreter the tests started.
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True,
                                       env={**os.environ, **(environment or {})})
        except OSError as error:
            run.status = f"could not start: {error}"
            return run
        returncode = wait_then_kill_group(process, timeout)
    elapsed = time.monotonic() - started
    document = read_json(json_path)
    run.version = document.get("version", "")
    run.tests = document.get("tests", {})
    run.status = describe_end(returncode, document.get("finished", False), elapsed, timeout)
    print(f"{label}: {run.status}", file=sys.stderr, flush=True)
    return run


def wait_then_kill_group(process, timeout):
    """Wait for the process; return its exit code, or None on timeout.

    Whatever happens (normal end, timeout, Ctrl+C in this script), SIGKILL its process group
    afterwards, so that no stray child interpreter outlives the run and disturbs the next one.
    """
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        return None
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the group is already empty: the usual case
        process.wait()


def read_json(path):
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError):
        return {}


def describe_end(returncode, finished, elapsed, timeout):
    """One line saying how the run ended: finished, crashed, or timed out."""
    if returncode is None:
        return f"TIMED OUT after {timeout:g} s; process group killed"
    ending = f"killed by signal {-returncode}" if returncode < 0 else f"exit code {returncode}"
    if not finished:
        return f"CRASHED before the end of the run ({ending}) after {elapsed:.1f} s"
    return f"finished in {elapsed:.1f} s ({ending})"


# ---------------------------------------------------------------- the manifest

def load_manifest(path):
    """{test id: {"expect": ..., "reason": ...}} from the TOML manifest; {} if it does not exist."""
    try:
        with open(path, "rb") as stream:
            manifest = tomllib.load(stream)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path}: {error}") from None
    for test_id, entry in manifest.items():
        check_entry(path, test_id, entry)
    return manifest


def check_entry(path, test_id, entry):
    if not isinstance(entry, dict) or entry.get("expect") not in SATISFIES:
        raise ManifestError(f'{path}: [{test_id!r}] needs expect = one of {", ".join(SATISFIES)}')
    if entry["expect"] != "pass" and not str(entry.get("reason", "")).strip():
        raise ManifestError(f'{path}: [{test_id!r}] expect = "{entry["expect"]}" needs a reason')


def from_reference(results, version):
    """A manifest that expects what the reference did: sighost must do as that version's own python."""
    return {test_id: expected_entry(result, f"fails under CPython {version} itself")
            for test_id, result in results.items()}


def expected_entry(result, xfail_reason):
    """The manifest entry that expects `result`'s outcome: a skip keeps CPython's own skip text, an
    xfail gets `xfail_reason` followed by the last line of the failure."""
    expect = EXPECT_FOR_OUTCOME[result["outcome"]]
    entry = {"expect": expect}
    if expect == "skip":
        entry["reason"] = result["detail"]
    elif expect == "xfail":
        last_line = (result["detail"].strip().splitlines() or ["?"])[-1]
        entry["reason"] = f"{xfail_reason}: {last_line}"
    return entry


def python_version(interpreter):
    """"3.11.2": the version of `interpreter` (a python executable), or "" if it does not run."""
    try:
        return subprocess.run([interpreter, "-c", "import platform; print(platform.python_version())"],
                              capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def skeleton(results, old_manifest):
    """A manifest that expects the outcomes of `results`, keeping existing reasons of unchanged kinds.

    Entries for ids without a result (e.g. after a crash) are kept as they were.
    """
    manifest = {test_id: entry for test_id, entry in old_manifest.items() if test_id not in results}
    for test_id, result in results.items():
        entry = expected_entry(result, "TODO explain why it fails under sighost")
        old = old_manifest.get(test_id, {})
        if old.get("expect") == entry["expect"] and old.get("reason"):
            entry["reason"] = old["reason"]
        manifest[test_id] = entry
    return manifest


def write_manifest(path, manifest, module, version):
    lines = [
        f"# Expected outcome under sighost of every test id of CPython's {module}.",
        '# expect = "pass" | "skip" | "xfail"; reason: for skip, CPython\'s own skip text; for xfail, why',
        "# the test fails under sighost today. run_conformance.py fails on any deviation from this file.",
        "# Generated with run_conformance.py --write-manifest-from-reference (the version's own python's outcomes),",
        "# or --write-manifest-skeleton (sighost's outcomes; reasons of unchanged entries are kept);",
        f"# last generated from {version.split()[0] if version else 'an unknown interpreter'}.",
    ]
    for test_id in sorted(manifest):
        entry = manifest[test_id]
        lines += ["", f"[{toml_string(test_id)}]", f"expect = {toml_string(entry['expect'])}"]
        if entry.get("reason"):
            lines.append(f"reason = {toml_string(entry['reason'])}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def toml_string(text):
    """A TOML basic string: escape backslash, quote and control characters."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char < " " or char == "\x7f":
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


# ---------------------------------------------------------------- comparing

def compare(manifest, results):
    """One Row per test id of the manifest or of the results, sorted by id."""
    rows = []
    for test_id in sorted(manifest.keys() | results.keys()):
        expected, result = manifest.get(test_id), results.get(test_id)
        verdict = judge(expected, result)
        rows.append(Row(test_id, expected, result, verdict == "ok", verdict))
    return rows


def judge(expected, result):
    """Return "ok", or what is wrong with this result for this manifest entry."""
    if expected is None:
        return "UNKNOWN id: not in the manifest, add an entry for it"
    if result is None:
        return "MISSING: no result (not collected, or the run stopped before it)"
    expect, outcome = expected["expect"], result["outcome"]
    if outcome in SATISFIES[expect]:
        return "ok"
    if expect == "xfail" and outcome == "pass":
        return 'XFAIL PASSED: it works now, remove the xfail from the manifest (set expect = "pass")'
    return f"DEVIATION: expected {expect}, got {outcome}"


# ---------------------------------------------------------------- reporting

def outcome_cell(run, test_id):
    if not run.ran:
        return "not run"
    result = run.tests.get(test_id)
    return result["outcome"] if result else "missing"


def expectation_kind(expected):
    return expected["expect"] if expected else "not in manifest"


def expectation_cell(expected):
    reason = expected and expected.get("reason")
    return f"{expectation_kind(expected)}: {reason}" if reason else expectation_kind(expected)


def totals(values):
    """Count the values of a column, e.g. "51 pass, 4 skip"."""
    return ", ".join(f"{count} {value}" for value, count in sorted(Counter(values).items()))


def summary_line(rows):
    passed = sum(row.ok for row in rows)
    return f"conformance: {passed} passed, {len(rows) - passed} failed"


def markdown_report(module, manifest_path, reference, sighost, rows):
    def cell(text):
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = [
        f"# Conformance of sighost to CPython's `{module}`",
        "",
        f"| | {reference.label} | {SIGHOST_LABEL} |",
        "|---|---|---|",
        f"| interpreter | `{reference.interpreter}` | `{sighost.interpreter}` |",
        f"| version | {cell(reference.version or '—')} | {cell(sighost.version or '—')} |",
        f"| run | {cell(reference.status)} | {cell(sighost.status)} |",
        "",
        f"Manifest: `{manifest_path}`. Verdicts compare the {SIGHOST_LABEL} outcome with the manifest.",
        "",
        f"**{summary_line(rows)}**",
        "",
        f"| test id | {reference.label} outcome | {SIGHOST_LABEL} outcome | manifest expectation | verdict |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| `{row.test_id}` | {outcome_cell(reference, row.test_id)} | "
                     f"{outcome_cell(sighost, row.test_id)} | {cell(expectation_cell(row.expected))} | "
                     f"{cell(row.verdict)} |")
    lines.append(
        f"| **totals** | {totals(outcome_cell(reference, row.test_id) for row in rows)} | "
        f"{totals(outcome_cell(sighost, row.test_id) for row in rows)} | "
        f"{totals(expectation_kind(row.expected) for row in rows)} | "
        f"{totals('ok' if row.ok else 'deviation' for row in rows)} |")
    deviations = [row for row in rows if not row.ok]
    if deviations:
        lines += ["", "## Deviations"]
        for row in deviations:
            lines += ["", f"### `{row.test_id}`", "", row.verdict]
            if row.result and row.result["detail"]:
                lines += ["", "```text", row.result["detail"], "```"]
    return "\n".join(lines) + "\n"


def print_summary(reference, sighost, rows, report_path):
    for run in (reference, sighost):
        print(f"{run.label}: {run.interpreter}: {run.version.split(' ')[0] or '-'}: {run.status}")
    print(f"report: {report_path}")
    deviations = [row for row in rows if not row.ok]
    for row in deviations[:MAX_DEVIATIONS_PRINTED]:
        print(f"  {row.test_id}: {row.verdict}")
    if len(deviations) > MAX_DEVIATIONS_PRINTED:
        print(f"  ... and {len(deviations) - MAX_DEVIATIONS_PRINTED} more (see the report)")
    print(summary_line(rows))


# ---------------------------------------------------------------- main

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sighost", required=True, help="the interpreter under test")
    parser.add_argument("--reference", default="/usr/bin/python3.11",
                        help="the reference interpreter (default: %(default)s)")
    parser.add_argument("--only", choices=[SIGHOST_LABEL], help="run only sighost (no reference run)")
    parser.add_argument("--import-first", action="append", default=[], metavar="MODULE",
                        help="sighost imports MODULE before the tests load (e.g. clr); the reference does not")
    parser.add_argument("--module", default=DEFAULT_MODULE, help="test module (default: %(default)s)")
    parser.add_argument("--manifest", type=Path,
                        help="expected outcomes (default: manifest/<reference's version>/<last part of --module>.toml "
                             "beside this script)")
    parser.add_argument("--report", type=Path, default=Path("artifacts/conformance/report.md"),
                        help="Markdown report to write (default: %(default)s)")
    parser.add_argument("--json-dir", type=Path,
                        help="where to keep each run's raw JSON and log (default: the report's directory)")
    parser.add_argument("--timeout", type=float, default=15 * 60,
                        help="seconds allowed to each interpreter's whole run (default: %(default)g)")
    parser.add_argument("--write-manifest-skeleton", action="store_true",
                        help="rewrite the manifest from sighost's outcomes (keeping existing reasons), then check against it")
    parser.add_argument("--write-manifest-from-reference", action="store_true",
                        help="write the manifest from the reference's outcomes, then check sighost against it")
    args = parser.parse_args(argv)
    args.version = python_version(args.reference)
    if not args.version:
        parser.error(f"the reference {args.reference} does not run")
    args.manifest = args.manifest or HERE / "manifest" / args.version / f"{args.module.rpartition('.')[2]}.toml"
    args.json_dir = args.json_dir or args.report.parent
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        manifest = load_manifest(args.manifest)
    except ManifestError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not manifest and not (args.write_manifest_skeleton or args.write_manifest_from_reference):
        print(f"error: no manifest at {args.manifest} (create it with --write-manifest-skeleton)", file=sys.stderr)
        return 2
    args.json_dir.mkdir(parents=True, exist_ok=True)
    args.report.parent.mkdir(parents=True, exist_ok=True)

    def run(label, interpreter, import_first=(), environment=None):
        return run_interpreter(label, interpreter, args.module, args.json_dir, args.timeout, import_first, environment)

    label = "python" + ".".join(args.version.split(".")[:2])
    reference = (Run(label, args.reference) if args.only else run(label, args.reference))
    sighost = run(SIGHOST_LABEL, args.sighost, args.import_first, {"SIGHOST_PYTHON": args.reference})

    if args.write_manifest_from_reference:
        if not reference.tests:
            print(f"error: the reference run gave no outcomes ({reference.status})", file=sys.stderr)
            return 2
        manifest = from_reference(reference.tests, args.version)
        write_manifest(args.manifest, manifest, args.module, reference.version)
        print(f"wrote {len(manifest)} entries to {args.manifest}", file=sys.stderr)

    if args.write_manifest_skeleton:
        manifest = skeleton(sighost.tests, manifest)
        write_manifest(args.manifest, manifest, args.module, sighost.version)
        print(f"wrote {len(manifest)} entries to {args.manifest}", file=sys.stderr)

    rows = compare(manifest, sighost.tests)
    args.report.write_text(markdown_report(args.module, args.manifest, reference, sighost, rows), encoding="utf-8")
    print_summary(reference, sighost, rows, args.report)
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
