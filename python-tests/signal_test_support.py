"""Shared helpers for the signal specification tests.

Every test that changes process-wide signal state (a disposition, the signal
mask of the main thread, an interval timer, the wakeup fd) registers the
undo step with ``addCleanup`` through the helpers of ``SignalTestCase``.
Tests that need a process in which a signal stays pending, or that may kill
the process, run their code in a child interpreter: ``sys.executable``, which
under sighost is sighost itself.

Timing rule: waits are generous (``WAIT`` seconds and more) and no test
asserts that something happened quickly; a watchdog turns a hang into a
failure instead.
"""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import unittest

# How long a test waits for an asynchronous event before it fails.
WAIT = 10.0
# How long a blocking call may block before a watchdog releases it (the test then fails).
WATCHDOG = 20.0
# How long a child interpreter may run before the test fails.
CHILD_TIMEOUT = 60.0

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, 'examples')


def python_command(*args):
    """The command line that runs this interpreter (sys.executable) with args."""
    return [sys.executable, *args]


def run_python(code, *args, timeout=CHILD_TIMEOUT, **kwargs):
    """Runs dedented ``code`` in a child interpreter (``sys.executable -c``).

    Returns the CompletedProcess with text stdout/stderr captured, unless the
    caller passes its own stdout/stderr/input arguments.
    """
    if 'stdout' not in kwargs and 'stderr' not in kwargs:
        kwargs['capture_output'] = True
    kwargs.setdefault('text', True)
    return subprocess.run(python_command('-c', textwrap.dedent(code), *args),
                          timeout=timeout, **kwargs)


def reference_python():
    """The CPython this interpreter is judged against, for behaviour that differs between versions.

    Under sighost on a chosen CPython (SIGHOST_PYTHON naming an executable), that python; otherwise
    Debian's python3.X of this version where it exists; otherwise this interpreter itself (the
    reference run of a pyenv python judges itself).
    """
    chosen = os.environ.get('SIGHOST_PYTHON', '')
    if chosen and os.sep in chosen and 'libpython' not in os.path.basename(chosen):
        return chosen
    debian = '/usr/bin/python%d.%d' % sys.version_info[:2]
    return debian if os.path.exists(debian) else sys.executable


def describe(proc):
    """A failure message showing what a child process did."""
    return ('child exited with %r\n--- stdout ---\n%s\n--- stderr ---\n%s'
            % (proc.returncode, proc.stdout, proc.stderr))


def wait_until(predicate, timeout=WAIT, interval=0.01):
    """Polls ``predicate`` (sleeping in the main thread, so Python handlers can
    run) until it is true or ``timeout`` seconds passed; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


class Recorder:
    """A signal handler that records each call.

    Each call is stored as (signum, frame, thread, monotonic time).  ``action``
    (if given) runs inside the handler; ``exception`` (if given) is raised by
    the handler after that.
    """

    def __init__(self, exception=None, action=None):
        self.calls = []
        self.exception = exception
        self.action = action

    def __call__(self, signum, frame):
        self.calls.append((signum, frame, threading.current_thread(), time.monotonic()))
        if self.action is not None:
            self.action()
        if self.exception is not None:
            raise self.exception

    @property
    def signums(self):
        return [call[0] for call in self.calls]

    @property
    def count(self):
        return len(self.calls)


class HandlerError(Exception):
    """Raised by test handlers so a test can recognise its own exception."""


class SignalTestCase(unittest.TestCase):
    """A TestCase whose helpers undo every process-wide signal change."""

    def set_handler(self, signum, handler):
        """Installs ``handler`` for ``signum``; the previous one comes back at cleanup.

        Install handlers before blocking signals or arming timers: cleanups run
        in reverse order, so masks and timers are undone while the test's
        handler is still there to receive a late signal.
        """
        previous = signal.signal(signum, handler)
        self.assertIsNotNone(previous, 'signal %d has a handler not installed from Python'
                             % signum)
        self.addCleanup(signal.signal, signum, previous)
        return previous

    def block(self, signals):
        """Blocks ``signals`` in the calling thread; the old mask comes back at cleanup."""
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
        self.addCleanup(signal.pthread_sigmask, signal.SIG_SETMASK, previous)
        return previous

    def keep_mask(self):
        """Restores the calling thread's current signal mask at cleanup."""
        current = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        self.addCleanup(signal.pthread_sigmask, signal.SIG_SETMASK, current)
        return current

    def cancel_timers_at_cleanup(self):
        """Disarms ITIMER_REAL (and so any alarm()) at cleanup."""
        self.addCleanup(signal.setitimer, signal.ITIMER_REAL, 0)

    def arm_timer(self, seconds, interval=0.0, which=signal.ITIMER_REAL):
        """setitimer(which, seconds, interval), disarmed again at cleanup."""
        self.addCleanup(signal.setitimer, which, 0)
        return signal.setitimer(which, seconds, interval)

    def set_wakeup_fd(self, fd, **kwargs):
        """set_wakeup_fd(fd, **kwargs); the previous wakeup fd comes back at cleanup."""
        previous = signal.set_wakeup_fd(fd, **kwargs)
        self.addCleanup(signal.set_wakeup_fd, previous)
        return previous

    def make_pipe(self, nonblocking_write=False):
        """os.pipe() whose ends are closed at cleanup."""
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        if nonblocking_write:
            os.set_blocking(w, False)
        return r, w

    def watchdog(self, seconds, action):
        """Runs ``action`` in a thread after ``seconds`` unless the test ended first.

        Returns an Event that is set when the watchdog fired: a test asserts it
        is not set, so a call that was released by the watchdog fails the test.
        """
        fired = threading.Event()

        def fire():
            fired.set()
            action()

        timer = threading.Timer(seconds, fire)
        timer.daemon = True
        timer.start()
        self.addCleanup(timer.join, WAIT)
        self.addCleanup(timer.cancel)
        return fired

    def run_child(self, code, *args, expect_returncode=0, **kwargs):
        """run_python(code) and asserts the return code; returns the CompletedProcess."""
        proc = run_python(code, *args, **kwargs)
        if expect_returncode is not None:
            self.assertEqual(proc.returncode, expect_returncode, describe(proc))
        return proc

    def sigint_caught_while(self, func):
        """Calls ``func`` while this process catches SIGINT with a Python handler.

        A child started meanwhile begins with SIGINT at SIG_DFL (exec resets a
        caught signal to SIG_DFL) even if this test runner was started with
        SIGINT ignored, as happens for background jobs of a non-interactive shell.
        """
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            return func()
        finally:
            signal.signal(signal.SIGINT, previous)
