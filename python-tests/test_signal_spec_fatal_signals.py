"""Fault signals that are sent, not caused, take their default action.

Documentation statement checked here: SIG_DFL "performs the default function
for the signal" and SIG_IGN ignores it. For SIGSEGV, SIGBUS, SIGFPE, SIGILL,
SIGABRT and SIGTRAP the default function is to end the process (with a core
dump where enabled), whether a fault raised the signal or another process (or
the process itself) sent it. Every case runs in a child interpreter with core
dumps off.
"""

import os
import resource
import signal
import subprocess
import unittest

from signal_test_support import CHILD_TIMEOUT, SignalTestCase, describe, python_command

FAULT_SIGNALS = ['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGABRT', 'SIGTRAP']


def no_core_dumps():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_without_core(*args):
    return subprocess.run(python_command(*args), capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT, preexec_fn=no_core_dumps)


class SentFaultSignalTests(SignalTestCase):

    def test_a_fault_signal_sent_to_itself_ends_the_process_by_that_signal(self):
        for name in FAULT_SIGNALS:
            with self.subTest(signal=name):
                proc = run_without_core('-c', f'import os, signal\nos.kill(os.getpid(), signal.{name})\nprint("survived")')
                self.assertEqual(proc.returncode, -getattr(signal, name), describe(proc))
                self.assertEqual(proc.stdout, '')

    def test_raise_signal_of_a_fault_signal_ends_the_process_by_that_signal(self):
        for name in ('SIGSEGV', 'SIGABRT'):
            with self.subTest(signal=name):
                proc = run_without_core('-c', f'import signal\nsignal.raise_signal(signal.{name})\nprint("survived")')
                self.assertEqual(proc.returncode, -getattr(signal, name), describe(proc))

    def test_a_sent_fault_signal_is_dropped_under_sig_ign(self):
        for name in FAULT_SIGNALS:
            with self.subTest(signal=name):
                proc = run_without_core('-c', f'import os, signal\nsignal.signal(signal.{name}, signal.SIG_IGN)\n'
                                        f'os.kill(os.getpid(), signal.{name})\nprint("survived")')
                self.assertEqual(proc.returncode, 0, describe(proc))
                self.assertEqual(proc.stdout, 'survived\n')

    def test_sig_dfl_after_sig_ign_ends_the_process_again(self):
        proc = run_without_core('-c', 'import os, signal\nsignal.signal(signal.SIGSEGV, signal.SIG_IGN)\n'
                                'signal.signal(signal.SIGSEGV, signal.SIG_DFL)\nos.kill(os.getpid(), signal.SIGSEGV)\nprint("survived")')
        self.assertEqual(proc.returncode, -signal.SIGSEGV, describe(proc))

    def test_faulthandler_dumps_the_traceback_then_the_process_dies_of_the_signal(self):
        for name in ('SIGSEGV', 'SIGABRT', 'SIGFPE'):
            with self.subTest(signal=name):
                proc = run_without_core('-X', 'faulthandler', '-c',
                                        f'import os, signal\nos.kill(os.getpid(), signal.{name})\nprint("survived")')
                self.assertEqual(proc.returncode, -getattr(signal, name), describe(proc))
                self.assertIn('Fatal Python error', proc.stderr)
                self.assertIn('File "<string>", line 2 in <module>', proc.stderr)
                self.assertNotIn('stack smashing', proc.stderr)


class ClosedStandardStreamsTests(SignalTestCase):
    """Not signals, but start-up state a program sees: a standard descriptor closed when the
    interpreter starts is still closed when Python runs, and its sys stream is None."""

    def run_with_closed(self, fds, code):
        def close_them():
            for fd in fds:
                os.close(fd)
        return subprocess.run(python_command('-c', code), capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT, preexec_fn=close_them)

    def test_closed_stdin_is_none(self):
        proc = self.run_with_closed([0], 'import sys\nprint(sys.stdin is None, sys.__stdin__ is None)')
        self.assertEqual(proc.stdout, 'True True\n', describe(proc))

    def test_closed_stdout_is_none(self):
        proc = self.run_with_closed([1], 'import sys\nsys.stderr.write(f"{sys.stdout is None}\\n")')
        self.assertEqual(proc.stderr, 'True\n', describe(proc))

    def test_closed_stderr_alone_is_none(self):
        proc = self.run_with_closed([2], 'import os, sys\nos._exit(42 if sys.stderr is None else 1)')
        self.assertEqual(proc.returncode, 42, describe(proc))

    def test_closed_stdout_and_stderr_are_none_and_the_exit_status_is_kept(self):
        proc = self.run_with_closed([1, 2], 'import sys\nsys.exit(0 if sys.stdout is None and sys.stderr is None else 3)')
        self.assertEqual(proc.returncode, 0, describe(proc))

    def test_the_launchers_variable_does_not_reach_python(self):
        proc = self.run_with_closed([0], 'import os\nprint(sorted(k for k in os.environ if k.startswith("SIGHOST_CLOSED")))')
        self.assertEqual(proc.stdout, '[]\n', describe(proc))


if __name__ == '__main__':
    unittest.main()
