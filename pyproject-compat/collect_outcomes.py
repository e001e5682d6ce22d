"""Run CPython test modules inside the interpreter under test; write every test's outcome as JSON.

Run it with the interpreter being measured (sighost, or python3.11 as the reference):

    <interp> -X faulthandler collect_outcomes.py --out FILE.json [module ...]

The default module is test.test_signal. The verbose unittest log goes to stderr. The JSON is

    {"interpreter": sys.executable, "version": sys.version, "finished": bool,
     "tests": {"<test id>": {"outcome": "pass"|"fail"|"error"|"skip"|"xfail"|"xpass",
                             "detail": "<skip reason or traceback tail>", "seconds": float}}}

It is rewritten after every test and once more at the end, so a run that crashes, or is killed,
still leaves the outcomes of the tests it finished; tests never reached are absent, and
"finished" stays false. A fixture that fails (setUpModule, setUpClass, tearDownModule...) is
recorded under unittest's own description of it, e.g. "tearDownModule (test.test_signal)".

Standard library only: this file must run under any CPython 3.10 to 3.13 (and sighost on each).
"""

import argparse
import contextlib
import functools
import json
import os
import sys
import tempfile
import time
import traceback
import unittest

DEFAULT_MODULES = ["test.test_signal"]
TRACEBACK_TAIL_LINES = 15
FAILED_OUTCOMES = ("fail", "error")


class OutcomeRecorder(unittest.TextTestResult):
    """The verbose text result of `python -m unittest -v`, which also records one outcome per test id."""

    def __init__(self, stream, descriptions, verbosity, *, outcomes, save):
        super().__init__(stream, descriptions, verbosity)
        self._outcomes = outcomes  # test id -> {"outcome", "detail", "seconds"}
        self._save = save          # called after every test, so a crash loses at most one test
        self._started = None       # perf_counter() at startTest of the running test

    def startTest(self, test):
        self._started = time.perf_counter()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        self._started = None
        self._save()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "fail", traceback_tail(err))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", traceback_tail(err))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skip", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "xfail", traceback_tail(err))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "xpass", "unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            outcome = "fail" if issubclass(err[0], test.failureException) else "error"
            self._record(test, outcome, f"{subtest}\n{traceback_tail(err)}")

    def _record(self, test, outcome, detail=""):
        # A skip inside a subTest() is reported for the subtest: record it under its test.
        test_id = getattr(test, "test_case", test).id()
        seconds = 0.0 if self._started is None else time.perf_counter() - self._started
        previous = self._outcomes.get(test_id)
        if previous is not None and previous["outcome"] in FAILED_OUTCOMES:
            # A test can be reported more than once (several failed subtests, an error in a
            # cleanup after a failure): keep the first failure and collect every detail.
            previous["detail"] += "\n---\n" + detail
            return
        self._outcomes[test_id] = {"outcome": outcome, "detail": detail, "seconds": round(seconds, 3)}


def traceback_tail(err):
    """The last lines of the formatted exception: enough to see what failed, short enough for a report."""
    lines = "".join(traceback.format_exception(*err)).rstrip("\n").splitlines()
    return "\n".join(lines[-TRACEBACK_TAIL_LINES:])


def write_results(path, outcomes, finished):
    """Write the JSON atomically, so that a kill during the write never leaves a truncated file."""
    document = {
        "interpreter": sys.executable,
        "version": sys.version,
        "finished": finished,
        "tests": outcomes,
    }
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=2, sort_keys=True)
        stream.write("\n")
    os.replace(temporary, path)


def run_modules(modules, outcomes, save):
    """Run the modules as one unittest suite, so setUpModule/tearDownModule and class fixtures run."""
    # loadTestsFromName imports each module and honours its load_tests() protocol.
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromName(name) for name in modules)
    recorder = functools.partial(OutcomeRecorder, outcomes=outcomes, save=save)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=recorder)
    # Like regrtest, run in a fresh temporary working directory: some tests create files in the
    # current directory (test_invalid_fd's os_helper.make_bad_fd() writes TESTFN there).
    with tempfile.TemporaryDirectory(prefix="collect_outcomes_") as work_dir, working_directory(work_dir):
        return runner.run(suite)


@contextlib.contextmanager
def working_directory(path):
    """contextlib.chdir, which 3.10 lacks."""
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--import-first", action="append", default=[], metavar="MODULE",
                        help="import MODULE before the tests load (e.g. clr: the tests then run with it attached)")
    parser.add_argument("modules", nargs="*", default=DEFAULT_MODULES,
                        help="test modules to run (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    for name in args.import_first:
        __import__(name)
    out_path = os.path.abspath(args.out)  # the tests run in another working directory
    outcomes = {}
    finished = False
    try:
        result = run_modules(args.modules, outcomes, lambda: write_results(out_path, outcomes, False))
        finished = True
    finally:
        write_results(out_path, outcomes, finished)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
