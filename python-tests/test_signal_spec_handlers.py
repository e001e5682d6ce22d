"""signal.signal / getsignal, how and where Python handlers run.

Documentation statements checked here: a handler is a callable taking the
signal number and the current frame; signal() returns the previous handler and
getsignal() the current one; a handler stays installed until reset (BSD
style); handlers run in the main thread, never in the low-level C handler, so
an exception they raise appears "out of thin air" in the main thread; only the
main thread may install handlers.
"""

import errno
import functools
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import types
import unittest

from signal_test_support import (CHILD_TIMEOUT, HandlerError, Recorder, SignalTestCase, WAIT,
                                 WATCHDOG, describe, reference_python, wait_until)


class HandlerBookkeepingTests(SignalTestCase):

    def test_signal_returns_the_previous_handler_object(self):
        first = Recorder()
        second = Recorder()
        original = self.set_handler(signal.SIGUSR1, first)
        self.assertIs(original, signal.Handlers.SIG_DFL)
        self.assertIs(signal.signal(signal.SIGUSR1, second), first)
        self.assertIs(signal.signal(signal.SIGUSR1, signal.SIG_IGN), second)
        self.assertIs(signal.signal(signal.SIGUSR1, signal.SIG_DFL), signal.Handlers.SIG_IGN)

    def test_getsignal_returns_the_very_object_that_was_installed(self):
        class Callable:
            def __call__(self, signum, frame):
                pass

        class Owner:
            def method(self, signum, frame):
                pass

        def function(signum, frame):
            pass

        owner = Owner()
        self.set_handler(signal.SIGUSR1, signal.SIG_DFL)
        for handler in (function, lambda signum, frame: None, Callable(), owner.method,
                        functools.partial(function), signal.default_int_handler):
            with self.subTest(handler=handler):
                signal.signal(signal.SIGUSR1, handler)
                self.assertIs(signal.getsignal(signal.SIGUSR1), handler)

    def test_getsignal_reports_sig_dfl_and_sig_ign_as_handlers_members(self):
        self.set_handler(signal.SIGUSR1, signal.SIG_IGN)
        value = signal.getsignal(signal.SIGUSR1)
        self.assertIs(value, signal.Handlers.SIG_IGN)
        self.assertIs(type(value), signal.Handlers)
        signal.signal(signal.SIGUSR1, signal.SIG_DFL)
        value = signal.getsignal(signal.SIGUSR1)
        self.assertIs(value, signal.Handlers.SIG_DFL)
        self.assertEqual(int(value), signal.SIG_DFL)

    def test_plain_integers_0_and_1_are_accepted_as_sig_dfl_and_sig_ign(self):
        self.set_handler(signal.SIGUSR1, 1)
        self.assertIs(signal.getsignal(signal.SIGUSR1), signal.Handlers.SIG_IGN)
        signal.signal(signal.SIGUSR1, 0)
        self.assertIs(signal.getsignal(signal.SIGUSR1), signal.Handlers.SIG_DFL)

    def test_signal_accepts_a_signals_member_as_the_signal_number(self):
        handler = Recorder()
        self.set_handler(signal.Signals.SIGUSR2, handler)
        self.assertIs(signal.getsignal(int(signal.SIGUSR2)), handler)


class HandlerExecutionTests(SignalTestCase):

    def test_handler_is_called_with_the_signal_number_and_the_current_frame(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)

        def trigger():
            signal.raise_signal(signal.SIGUSR1)
            return 'done'

        self.assertEqual(trigger(), 'done')
        self.assertEqual(handler.count, 1)
        signum, frame, _, _ = handler.calls[0]
        self.assertEqual(signum, signal.SIGUSR1)
        self.assertIsInstance(signum, int)
        self.assertIsInstance(frame, types.FrameType)
        self.assertIs(frame.f_code, trigger.__code__)

    def test_raise_signal_runs_the_handler_before_the_next_statement(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        signal.raise_signal(signal.SIGUSR1)
        seen = handler.count
        self.assertEqual(seen, 1)

    def test_os_kill_of_the_own_pid_runs_the_handler_before_the_next_statement(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        os.kill(os.getpid(), signal.SIGUSR1)
        seen = handler.count
        self.assertEqual(seen, 1)
        self.assertIs(handler.calls[0][2], threading.main_thread())

    def test_raising_handler_stops_the_code_right_after_raise_signal(self):
        self.set_handler(signal.SIGUSR1, Recorder(exception=HandlerError('from handler')))
        reached = []
        with self.assertRaises(HandlerError) as caught:
            signal.raise_signal(signal.SIGUSR1)
            reached.append('next statement')
        self.assertEqual(reached, [])
        self.assertEqual(str(caught.exception), 'from handler')

    def test_raising_handler_stops_the_code_right_after_os_kill_of_the_own_pid(self):
        self.set_handler(signal.SIGUSR1, Recorder(exception=HandlerError('from handler')))
        reached = []
        with self.assertRaises(HandlerError):
            os.kill(os.getpid(), signal.SIGUSR1)
            reached.append('next statement')
        self.assertEqual(reached, [])

    def test_pidfd_send_signal_to_the_own_process_runs_the_handler(self):
        try:
            pidfd = os.pidfd_open(os.getpid())
        except (AttributeError, OSError) as exc:
            self.skipTest('pidfd_open is not available: %s' % exc)
        self.addCleanup(os.close, pidfd)
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        try:
            signal.pidfd_send_signal(pidfd, signal.SIGUSR1)
        except OSError as exc:
            if exc.errno in (errno.ENOSYS, errno.EPERM):
                self.skipTest('pidfd_send_signal is not available: %s' % exc)
            raise
        self.assertTrue(wait_until(lambda: handler.count >= 1))
        self.assertEqual(handler.signums, [signal.SIGUSR1])
        self.assertIs(handler.calls[0][2], threading.main_thread())

    def test_handler_stays_installed_after_it_has_run(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        for expected in (1, 2, 3):
            signal.raise_signal(signal.SIGUSR1)
            self.assertEqual(handler.count, expected)
            self.assertIs(signal.getsignal(signal.SIGUSR1), handler)

    def test_handler_exception_is_raised_out_of_thin_air_in_running_python_code(self):
        handler = Recorder(exception=HandlerError('thin air'))
        self.set_handler(signal.SIGALRM, handler)
        iterations = 0
        deadline = time.monotonic() + WATCHDOG

        def spin():
            # The loop runs in a frame of its own: python3.13.0 sometimes raises the handler's
            # exception at the loop's back edge as if outside an enclosing try block in the same
            # frame (seen about once in seven runs), so the try sits in the caller.
            nonlocal iterations
            while time.monotonic() < deadline:
                iterations += 1

        self.arm_timer(0.1)
        try:
            spin()
        except HandlerError as exc:
            caught = exc
        else:
            self.fail('the handler exception never appeared in the loop')
        self.assertEqual(handler.count, 1)
        self.assertGreater(iterations, 0)
        # The traceback leads from this test's loop into the handler.
        frames = []
        tb = caught.__traceback__
        while tb is not None:
            frames.append(tb.tb_frame.f_code)
            tb = tb.tb_next
        self.assertEqual(frames[0], self.test_handler_exception_is_raised_out_of_thin_air_in_running_python_code.__code__)
        self.assertEqual(frames[1], spin.__code__)
        self.assertIn(Recorder.__call__.__code__, frames)

    def test_signal_sent_by_another_process_runs_the_handler_in_this_process(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        subprocess.run(['/bin/sh', '-c', 'kill -USR1 "$0"', str(os.getpid())],
                       check=True, timeout=WATCHDOG)
        self.assertTrue(wait_until(lambda: handler.count >= 1))
        self.assertEqual(handler.signums, [signal.SIGUSR1])
        self.assertIs(handler.calls[0][2], threading.main_thread())

    def test_pending_signals_run_their_handlers_in_ascending_signal_number_order(self):
        order = []
        self.set_handler(signal.SIGUSR1, lambda signum, frame: order.append(signum))
        self.set_handler(signal.SIGUSR2, lambda signum, frame: order.append(signum))
        self.set_handler(signal.SIGHUP, lambda signum, frame: order.append(signum))
        self.block([signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP])
        signal.raise_signal(signal.SIGUSR2)
        signal.raise_signal(signal.SIGUSR1)
        signal.raise_signal(signal.SIGHUP)
        self.assertEqual(order, [])
        signal.pthread_sigmask(signal.SIG_UNBLOCK,
                               [signal.SIGUSR2, signal.SIGUSR1, signal.SIGHUP])
        self.assertEqual(order, [signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2])

    def test_handler_can_be_replaced_while_a_signal_is_blocked_and_the_new_one_runs(self):
        old_handler = Recorder()
        new_handler = Recorder()
        self.set_handler(signal.SIGUSR1, old_handler)
        self.block([signal.SIGUSR1])
        signal.raise_signal(signal.SIGUSR1)
        signal.signal(signal.SIGUSR1, new_handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
        self.assertEqual((old_handler.count, new_handler.count), (0, 1))

    def test_handler_of_a_signal_arriving_during_a_long_c_computation_runs_after_it(self):
        # list.sort() of ints runs entirely in C and empties the list while it
        # sorts, so a handler that ran in the middle would see an empty list.
        import array
        size = 1_000_000
        delay = 0.05
        for attempt in range(5):
            values = array.array('q', os.urandom(8 * size)).tolist()
            expected = sorted(values)
            seen = []
            self.set_handler(signal.SIGALRM,
                             lambda signum, frame: seen.append((len(values), values == expected)))
            armed = time.monotonic()
            self.arm_timer(delay)
            started = time.monotonic()
            values.sort()
            self.assertTrue(wait_until(lambda: seen))
            if started - armed < delay:
                break   # the sort began before the timer expired: conclusive
        else:
            self.skipTest('the timer expired before the sort began five times')
        self.assertEqual(seen, [(size, True)])


class RaiseSignalTests(unittest.TestCase):
    """raise_signal runs the handler before it returns, so handlers that raise the signal again nest
    inside it: they reach RecursionError at the depth the reference CPython reaches."""

    PROBE = textwrap.dedent('''
        import signal
        depth = 0
        def handler(signum, frame):
            global depth
            depth += 1
            signal.raise_signal(signal.SIGUSR1)
        signal.signal(signal.SIGUSR1, handler)
        try:
            signal.raise_signal(signal.SIGUSR1)
        except RecursionError:
            signal.signal(signal.SIGUSR1, signal.SIG_IGN)
            print(depth)
        ''')

    def depth_under(self, interpreter):
        proc = subprocess.run([interpreter, '-c', self.PROBE], capture_output=True, text=True, timeout=CHILD_TIMEOUT)
        self.assertEqual(proc.returncode, 0, describe(proc))
        return int(proc.stdout)

    def test_nested_raise_signal_reaches_recursion_error_at_the_reference_depth(self):
        self.assertEqual(self.depth_under(sys.executable), self.depth_under(reference_python()))


class ThreadTests(SignalTestCase):

    def test_handler_triggered_in_another_thread_runs_in_the_main_thread(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        worker = threading.Thread(target=signal.raise_signal, args=(signal.SIGUSR1,))
        worker.start()
        worker.join(WAIT)
        self.assertFalse(worker.is_alive())
        self.assertTrue(wait_until(lambda: handler.count >= 1))
        self.assertEqual(handler.count, 1)
        self.assertIs(handler.calls[0][2], threading.main_thread())

    def test_pthread_kill_interrupts_a_worker_thread_and_the_handler_runs_in_the_main_thread(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        about_to_pause = threading.Event()
        result = []

        def worker_body():
            about_to_pause.set()
            result.append(signal.pause())

        worker = threading.Thread(target=worker_body, daemon=True)
        worker.start()
        self.assertTrue(about_to_pause.wait(WAIT))
        deadline = time.monotonic() + WATCHDOG
        while worker.is_alive() and time.monotonic() < deadline:
            signal.pthread_kill(worker.ident, signal.SIGUSR1)
            worker.join(0.2)
        self.assertFalse(worker.is_alive(), 'pause() in the worker was never interrupted')
        self.assertEqual(result, [None])
        self.assertTrue(wait_until(lambda: handler.count >= 1))
        self.assertTrue(all(call[2] is threading.main_thread() for call in handler.calls))

    def test_signal_called_from_another_thread_raises_value_error(self):
        self.set_handler(signal.SIGUSR1, signal.SIG_DFL)
        errors = []

        def worker_body():
            try:
                signal.signal(signal.SIGUSR1, signal.SIG_IGN)
            except Exception as exc:
                errors.append(exc)

        worker = threading.Thread(target=worker_body)
        worker.start()
        worker.join(WAIT)
        self.assertEqual(len(errors), 1)
        self.assertIs(type(errors[0]), ValueError)
        self.assertEqual(str(errors[0]), 'signal only works in main thread of the main interpreter')
        self.assertIs(signal.getsignal(signal.SIGUSR1), signal.Handlers.SIG_DFL)

    def test_getsignal_works_from_another_thread(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        seen = []
        worker = threading.Thread(target=lambda: seen.append(signal.getsignal(signal.SIGUSR1)))
        worker.start()
        worker.join(WAIT)
        self.assertEqual(len(seen), 1)
        self.assertIs(seen[0], handler)


if __name__ == '__main__':
    unittest.main()
