"""signal.set_wakeup_fd: the wakeup file descriptor.

Documentation statements checked here: when a signal is received, the signal
number is written as a single byte into the fd; the previous wakeup fd is
returned (-1 if none); -1 disables; the fd must be non-blocking; only the
main thread may call it; the two ways of using it (read the bytes as signal
numbers, with a warning when the buffer is full; or use the fd only to wake
up, with warn_on_full_buffer=False so that a full buffer stays silent).
"""

import os
import select
import selectors
import signal
import socket
import sys
import threading
import unittest

from signal_test_support import (Recorder, SignalTestCase, WAIT, WATCHDOG,
                                 run_python, describe)


class WakeupFdBookkeepingTests(SignalTestCase):

    def test_set_wakeup_fd_returns_the_previous_fd_and_minus_one_disables(self):
        r1, w1 = self.make_pipe(nonblocking_write=True)
        r2, w2 = self.make_pipe(nonblocking_write=True)
        self.assertEqual(self.set_wakeup_fd(w1), -1)
        self.assertEqual(signal.set_wakeup_fd(w2), w1)
        self.assertEqual(signal.set_wakeup_fd(-1), w2)
        self.assertEqual(signal.set_wakeup_fd(-1), -1)

    def test_set_wakeup_fd_refuses_a_blocking_fd_with_the_exact_message(self):
        r, w = self.make_pipe()
        self.addCleanup(signal.set_wakeup_fd, -1)
        with self.assertRaises(ValueError) as caught:
            signal.set_wakeup_fd(w)
        self.assertEqual(str(caught.exception), 'the fd %d must be in non-blocking mode' % w)
        os.set_blocking(w, False)
        self.assertEqual(signal.set_wakeup_fd(w), -1)

    def test_set_wakeup_fd_refuses_a_blocking_socket(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        self.addCleanup(signal.set_wakeup_fd, -1)
        with self.assertRaises(ValueError) as caught:
            signal.set_wakeup_fd(b.fileno())
        self.assertEqual(str(caught.exception),
                         'the fd %d must be in non-blocking mode' % b.fileno())

    def test_set_wakeup_fd_refuses_a_closed_fd(self):
        r, w = os.pipe()
        os.close(r)
        os.close(w)
        self.addCleanup(signal.set_wakeup_fd, -1)
        with self.assertRaises(OSError) as caught:
            signal.set_wakeup_fd(w)
        self.assertEqual(caught.exception.errno, 9)   # EBADF

    def test_set_wakeup_fd_from_another_thread_raises_value_error(self):
        r, w = self.make_pipe(nonblocking_write=True)
        self.addCleanup(signal.set_wakeup_fd, -1)
        errors = []

        def worker_body():
            try:
                signal.set_wakeup_fd(w)
            except Exception as exc:
                errors.append(exc)

        worker = threading.Thread(target=worker_body)
        worker.start()
        worker.join(WAIT)
        self.assertEqual([type(exc) for exc in errors], [ValueError])
        self.assertEqual(str(errors[0]),
                         'set_wakeup_fd only works in main thread of the main interpreter')
        self.assertEqual(signal.set_wakeup_fd(-1), -1)

    def test_fd_is_positional_only_and_warn_on_full_buffer_is_keyword_only(self):
        r, w = self.make_pipe(nonblocking_write=True)
        self.addCleanup(signal.set_wakeup_fd, -1)
        with self.assertRaises(TypeError) as caught:
            signal.set_wakeup_fd(fd=w)
        self.assertEqual(str(caught.exception),
                         'set_wakeup_fd() takes exactly 1 positional argument (0 given)')
        with self.assertRaises(TypeError) as caught:
            signal.set_wakeup_fd(w, False)
        # Version-specific: 3.13's Argument Clinic parser says "exactly", older getargs "at most".
        self.assertEqual(str(caught.exception),
                         'set_wakeup_fd() takes %s 1 positional argument (2 given)'
                         % ('exactly' if sys.version_info >= (3, 13) else 'at most'))
        self.assertEqual(signal.set_wakeup_fd(w, warn_on_full_buffer=False), -1)
        self.assertEqual(signal.set_wakeup_fd(-1, warn_on_full_buffer=True), w)


class WakeupByteTests(SignalTestCase):

    def test_the_signal_number_is_written_as_one_byte_to_a_pipe(self):
        r, w = self.make_pipe(nonblocking_write=True)
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        self.set_wakeup_fd(w)
        signal.raise_signal(signal.SIGUSR1)
        self.assertEqual(handler.count, 1)
        self.assertEqual(os.read(r, 100), bytes([signal.SIGUSR1]))

    def test_one_byte_is_written_per_signal_in_delivery_order(self):
        r, w = self.make_pipe(nonblocking_write=True)
        self.set_handler(signal.SIGUSR1, Recorder())
        self.set_handler(signal.SIGALRM, Recorder())
        self.set_wakeup_fd(w)
        signal.raise_signal(signal.SIGALRM)
        signal.raise_signal(signal.SIGUSR1)
        signal.raise_signal(signal.SIGALRM)
        self.assertEqual(list(os.read(r, 100)),
                         [signal.SIGALRM, signal.SIGUSR1, signal.SIGALRM])

    def test_the_byte_is_written_even_when_the_handler_raises(self):
        r, w = self.make_pipe(nonblocking_write=True)
        self.set_handler(signal.SIGUSR1, Recorder(exception=KeyError('handler')))
        self.set_wakeup_fd(w)
        with self.assertRaises(KeyError):
            signal.raise_signal(signal.SIGUSR1)
        self.assertEqual(os.read(r, 100), bytes([signal.SIGUSR1]))

    def test_no_byte_is_written_for_an_ignored_signal(self):
        r, w = self.make_pipe(nonblocking_write=True)
        self.set_handler(signal.SIGUSR2, signal.SIG_IGN)
        self.set_handler(signal.SIGUSR1, Recorder())
        self.set_wakeup_fd(w)
        signal.raise_signal(signal.SIGUSR2)
        signal.raise_signal(signal.SIGUSR1)
        self.assertEqual(os.read(r, 100), bytes([signal.SIGUSR1]))

    def test_no_byte_is_written_after_minus_one_disabled_the_wakeup_fd(self):
        r, w = self.make_pipe(nonblocking_write=True)
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        self.set_wakeup_fd(w)
        signal.set_wakeup_fd(-1)
        signal.raise_signal(signal.SIGUSR1)
        self.assertEqual(handler.count, 1)
        self.assertEqual(select.select([r], [], [], 0)[0], [])

    def test_a_socketpair_end_receives_the_signal_number(self):
        reader, writer = socket.socketpair()
        self.addCleanup(reader.close)
        self.addCleanup(writer.close)
        writer.setblocking(False)
        self.set_handler(signal.SIGUSR1, Recorder())
        self.set_wakeup_fd(writer.fileno())
        signal.raise_signal(signal.SIGUSR1)
        reader.settimeout(WAIT)
        self.assertEqual(reader.recv(100), bytes([signal.SIGUSR1]))

    def test_first_way_a_program_selects_on_its_own_pipe_and_reads_signal_numbers(self):
        r, w = self.make_pipe(nonblocking_write=True)
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        self.set_wakeup_fd(w, warn_on_full_buffer=True)
        self.arm_timer(0.2)
        readable = select.select([r], [], [], WATCHDOG)[0]
        self.assertEqual(readable, [r])
        received = [signal.Signals(byte) for byte in os.read(r, 100)]
        self.assertEqual(received, [signal.Signals.SIGALRM])
        self.assertEqual(handler.count, 1)

    def test_second_way_a_socketpair_only_wakes_a_selector_and_its_bytes_are_ignored(self):
        reader, writer = socket.socketpair()
        self.addCleanup(reader.close)
        self.addCleanup(writer.close)
        reader.setblocking(False)
        writer.setblocking(False)
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        self.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        selector = selectors.DefaultSelector()
        self.addCleanup(selector.close)
        selector.register(reader, selectors.EVENT_READ, 'wakeup')
        self.arm_timer(0.2)
        events = selector.select(WATCHDOG)
        self.assertEqual([key.data for key, mask in events], ['wakeup'])
        while True:
            try:
                if not reader.recv(4096):
                    break
            except BlockingIOError:
                break
        self.assertEqual(handler.count, 1)


# The child fills a socketpair's buffer, makes the full end the wakeup fd and
# raises SIGUSR1 three times; the default unraisable hook reports on stderr.
FULL_BUFFER_CHILD = r'''
import signal, socket, sys
mode = sys.argv[1]
reader, writer = socket.socketpair()
writer.setblocking(False)
try:
    while True:
        writer.send(b'x' * 4096)
except BlockingIOError:
    pass
try:
    while True:
        writer.send(b'x')
except BlockingIOError:
    pass
calls = []
signal.signal(signal.SIGUSR1, lambda signum, frame: calls.append(signum))
if mode == 'default':
    signal.set_wakeup_fd(writer.fileno())
else:
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=(mode == 'warn'))
for _ in range(3):
    signal.raise_signal(signal.SIGUSR1)
    for _ in range(1000):
        pass
print(len(calls))
'''


class FullBufferTests(unittest.TestCase):

    def run_mode(self, mode):
        proc = run_python(FULL_BUFFER_CHILD, mode)
        self.assertEqual((proc.returncode, proc.stdout), (0, '3\n'), describe(proc))
        return proc.stderr

    def test_a_full_wakeup_buffer_prints_a_warning_by_default(self):
        stderr = self.run_mode('default')
        self.assertIn('Exception ignored when trying to write to the signal wakeup fd', stderr)
        self.assertIn('BlockingIOError: [Errno 11] Resource temporarily unavailable', stderr)

    def test_warn_on_full_buffer_true_prints_a_warning(self):
        stderr = self.run_mode('warn')
        self.assertIn('Exception ignored when trying to write to the signal wakeup fd', stderr)

    def test_warn_on_full_buffer_false_keeps_a_full_buffer_silent(self):
        self.assertEqual(self.run_mode('quiet'), '')


if __name__ == '__main__':
    unittest.main()
