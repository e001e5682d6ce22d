"""Runs python-tests/ (unittest discovery, verbose) and ends with one line that tests/run reads:

    python-tests: N passed, M failed

N counts the tests that succeeded, as the result object saw them, and M the failures, errors and
unexpected successes. Skips are neither (they are listed by unittest as usual). The counts do not
come from unittest's "Ran N" line: from 3.12 it leaves skipped tests out, before 3.12 it counts them.

    <python or sighost> python-tests/run_python_tests.py
"""

import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent


class CountingResult(unittest.TextTestResult):
    """unittest's verbose result, counting each success as it is reported."""

    successes = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        CountingResult.successes += 1


def main():
    suite = unittest.defaultTestLoader.discover(str(HERE), top_level_dir=str(HERE))
    result = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"python-tests: {CountingResult.successes} passed, {failed} failed", flush=True)
    return 0 if failed == 0 and CountingResult.successes > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
