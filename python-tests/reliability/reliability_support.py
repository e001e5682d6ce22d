"""Helpers of the storm and fault suites.

Every scenario runs in a child process started through sys.executable (under
sighost, the child is sighost), and is judged by that child's exit status and
output. Signals come from sender processes (storm_sender.py, also started
through sys.executable) or from the child itself.

Rules the helpers keep:
- A child is never reaped while a sender may still aim at its pid (pid reuse):
  senders are stopped and waited for first; a child that died early stays a
  zombie, and signals to a zombie are harmless.
- Timeouts are hang guards only (HANG_GUARD seconds and more); nothing asserts
  that something was fast.
- Figures (signals sent and handled, faults survived, RSS) are appended as JSON
  lines to the file named by $RELIABILITY_FIGURES, when set; run_reliability.py
  adds them up.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SENDER = os.path.join(HERE, 'storm_sender.py')
SUBJECT = os.path.join(HERE, 'storm_subject.py')

# How long a child may take before the test calls it hung.
HANG_GUARD = 120.0

UNDER_SIGHOST = os.path.basename(sys.executable) == 'sighost'

# The reference interpreter a test compares figures with in the same run (run_reliability.py sets it).
REFERENCE = os.environ.get('RELIABILITY_REFERENCE', '/usr/bin/python3.11')

# The known crash signatures: none may appear in any child's output.
CRASH_MARKERS = ('Segmentation fault', 'Fatal error.', 'Unhandled exception', 'Process terminated',
                 'core dumped', 'Stack overflow')


def expected_failure_under_sighost(reason):
    """unittest.expectedFailure when this interpreter is sighost; nothing under python3.11.

    ``reason`` says which difference (reported to the project) makes it fail.
    """
    def decorate(test):
        test.sighost_expected_failure = reason
        return unittest.expectedFailure(test) if UNDER_SIGHOST else test
    return decorate


def record_figures(test, **figures):
    """Appends one JSON line of figures for ``test`` to $RELIABILITY_FIGURES (if set)."""
    path = os.environ.get('RELIABILITY_FIGURES')
    if not path:
        return
    figures['test'] = test.id()
    figures['interpreter'] = os.path.basename(sys.executable)
    with open(path, 'a') as out:
        out.write(json.dumps(figures, sort_keys=True) + '\n')


def describe(returncode, stdout, stderr):
    """A failure message showing what a child did."""
    return ('child exited with %r\n--- stdout ---\n%s\n--- stderr ---\n%s'
            % (returncode, stdout[-4000:], stderr[-4000:]))


def run_script(code, *args, timeout=HANG_GUARD, env=None):
    """Runs dedented ``code`` with ``sys.executable -c``; returns (returncode, stdout, stderr).

    A child still running after ``timeout`` seconds is killed and reported as hung.
    """
    proc = subprocess.Popen([sys.executable, '-c', textwrap.dedent(code), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        raise AssertionError('child hung (killed after %ss)\n%s'
                             % (timeout, describe(proc.returncode, stdout, stderr)))
    return proc.returncode, stdout, stderr


def result_line(stdout, prefix='RESULT '):
    """The JSON payload of the last line of ``stdout`` that starts with ``prefix``, or None."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(prefix):
            return json.loads(line[len(prefix):])
    return None


class Child:
    """A child process with its stdout read line by line (and stderr kept) by threads.

    ``expect(prefix)`` waits for the next stdout line starting with ``prefix``.
    ``close()`` never reaps before ``before_reap`` (stopping senders) ran.
    """

    def __init__(self, command, **popen_args):
        self.command = command
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, **popen_args)
        self.lines = queue.Queue()
        self.stdout_lines = []
        self.stderr_chunks = []
        self.readers = [threading.Thread(target=self._read_stdout, daemon=True),
                        threading.Thread(target=self._read_stderr, daemon=True)]
        for reader in self.readers:
            reader.start()

    @property
    def pid(self):
        return self.proc.pid

    def _read_stdout(self):
        for line in self.proc.stdout:
            self.stdout_lines.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def _read_stderr(self):
        for chunk in self.proc.stderr:
            self.stderr_chunks.append(chunk)

    @property
    def stdout(self):
        return ''.join(self.stdout_lines)

    @property
    def stderr(self):
        return ''.join(self.stderr_chunks)

    def expect(self, prefix, timeout=HANG_GUARD):
        """The next stdout line that starts with ``prefix`` (its remainder); fails on EOF or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(remaining, 0.001))
            except queue.Empty:
                raise AssertionError('no %r line from the child within %ss (hung?)\n%s'
                                     % (prefix, timeout, self.transcript())) from None
            if line is None:
                self.lines.put(None)
                raise AssertionError('the child closed its stdout before a %r line (died?)\n%s'
                                     % (prefix, self.transcript()))
            if line.startswith(prefix):
                return line[len(prefix):].strip()

    def expect_json(self, prefix, timeout=HANG_GUARD):
        return json.loads(self.expect(prefix + ' ', timeout))

    def send(self, line):
        try:
            self.proc.stdin.write(line + '\n')
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # the child died; expect() reports it

    def wait_output_end(self, timeout=HANG_GUARD):
        """Waits until the child closed stdout and stderr (normally: it exited); False on timeout."""
        deadline = time.monotonic() + timeout
        for reader in self.readers:
            reader.join(max(deadline - time.monotonic(), 0.001))
        return not any(reader.is_alive() for reader in self.readers)

    def transcript(self):
        # Not poll(): that would reap the child while senders may still aim at its pid.
        return describe(self.proc.returncode, self.stdout, self.stderr)

    def close(self, timeout=HANG_GUARD):
        """Closes stdin, waits for the exit (killing a hung child) and reaps; returns the status."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        if not self.wait_output_end(timeout):
            self.proc.kill()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.wait_output_end(10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if not any(reader.is_alive() for reader in self.readers):
                stream.close()
        return self.proc.returncode


class Storm:
    """Sender processes aimed at one pid, started together.

    ``wait()`` returns the number of signals they sent. ``stop()`` kills and
    reaps whatever still runs (always call it before reaping the target).
    """

    def __init__(self, pid, signums, senders=3, per_sender=100_000, seconds=30.0):
        self.senders = []
        arguments = [str(pid), str(per_sender), ','.join(str(int(s)) for s in signums), str(seconds)]
        for _ in range(senders):
            self.senders.append(subprocess.Popen([sys.executable, SENDER, *arguments],
                                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                 stderr=subprocess.PIPE, text=True))

    def started(self, timeout=HANG_GUARD):
        """Waits until every sender printed SENDING (its loop is running)."""
        for sender in self.senders:
            line = self._readline(sender, timeout)
            if line.strip() != 'SENDING':
                raise AssertionError('a sender did not start: %r %r' % (line, sender.stderr.read()))

    @staticmethod
    def _readline(sender, timeout):
        box = []
        reader = threading.Thread(target=lambda: box.append(sender.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not box:
            raise AssertionError('a sender printed nothing within %ss' % timeout)
        return box[0]

    def finish(self, timeout=HANG_GUARD):
        """Tells every sender to stop now (end of file on its stdin); returns the total sent."""
        for sender in self.senders:
            try:
                sender.stdin.close()
            except OSError:
                pass
        return self.wait(timeout)

    def wait(self, timeout=HANG_GUARD):
        """Waits for every sender to finish; returns the total sent."""
        total = 0
        problems = []
        deadline = time.monotonic() + timeout
        for sender in self.senders:
            # Not communicate(): it would close the sender's stdin, which tells it to stop.
            try:
                sender.wait(max(deadline - time.monotonic(), 0.001))
            except subprocess.TimeoutExpired:
                sender.kill()
                sender.wait()
                problems.append('a sender hung')
            stdout, stderr = sender.stdout.read(), sender.stderr.read()
            sent = [line for line in stdout.splitlines() if line.startswith('SENT ')]
            if sent:
                total += int(sent[-1].split()[1])
            if sender.returncode != 0:
                problems.append('a sender exited with %r: %s %s' % (sender.returncode, stdout, stderr))
        if problems:
            raise AssertionError('; '.join(problems))
        return total

    def stop(self):
        for sender in self.senders:
            if sender.poll() is None:
                sender.kill()
            sender.wait()
            for stream in (sender.stdin, sender.stdout, sender.stderr):
                try:
                    stream.close()
                except OSError:
                    pass


class ReliabilityTestCase(unittest.TestCase):
    """Asserts on children's outcomes; records figures."""

    maxDiff = None

    def assertNoCrashMarkers(self, text, context=''):
        for marker in CRASH_MARKERS:
            self.assertNotIn(marker, text, context or text[-4000:])

    def assertClean(self, returncode, stdout, stderr, expected_returncode=0):
        """The child exited with ``expected_returncode`` and wrote nothing on stderr."""
        self.assertEqual(returncode, expected_returncode, describe(returncode, stdout, stderr))
        self.assertEqual(stderr, '', describe(returncode, stdout, stderr))

    def start_subject(self, workload, signums, raise_in_handler=False, interpreter=None, env=None):
        """storm_subject.py under ``interpreter`` (default: this one); returns (Child, READY payload)."""
        command = [interpreter or sys.executable, SUBJECT, workload, ','.join(str(int(s)) for s in signums)]
        if raise_in_handler:
            command.append('raise')
        child = Child(command, env=env)
        self.addCleanup(child.close)
        return child, child.expect_json('READY')

    def storm(self, pid, signums, **kwargs):
        """A Storm aimed at ``pid``, stopped at cleanup (before the target is reaped)."""
        storm = Storm(pid, signums, **kwargs)
        self.addCleanup(storm.stop)
        return storm

    def run_bursts(self, child, pid, signums, bursts, senders=3, per_sender=100_000):
        """``bursts`` storms of ``senders`` x ``per_sender`` signals; after each, every signal
        number must have been handled at least once. Returns (sent, handled, last COUNTS)."""
        sent = handled = 0
        report = None
        for burst in range(bursts):
            storm = self.storm(pid, signums, senders=senders, per_sender=per_sender)
            sent += storm.wait()
            child.send('burst')
            report = child.expect_json('COUNTS')
            counts = {signum: report['counts'][str(int(signum))] for signum in signums}
            for signum in signums:
                self.assertGreater(counts[signum], 0, 'burst %d: no call of the %s handler\n%s'
                                   % (burst, signal.Signals(signum).name, child.transcript()))
                handled += counts[signum]
        return sent, handled, report

    def end_subject(self, child):
        """Sends 'end'; returns the RESULT payload after checking a clean exit."""
        child.send('end')
        result = child.expect_json('RESULT')
        returncode = child.close()
        self.assertEqual(returncode, 0, child.transcript())
        self.assertEqual(child.stderr, '', child.transcript())
        self.assertEqual(result['problems'], [], child.transcript())
        return result
