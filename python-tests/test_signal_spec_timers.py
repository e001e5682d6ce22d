"""alarm, setitimer / getitimer, ItimerError and pause.

Every timer armed here is disarmed at cleanup, after which the previous
SIGALRM/SIGVTALRM/SIGPROF handler is restored.
"""

import errno
import signal
import threading
import time
import unittest

from signal_test_support import (Recorder, SignalTestCase, WAIT, WATCHDOG, wait_until)


def burn_cpu_until(predicate, timeout):
    """Runs Python code (so handlers can run) until predicate() or timeout."""
    deadline = time.monotonic() + timeout
    total = 0
    while not predicate() and time.monotonic() < deadline:
        for i in range(1000):
            total += i
    return predicate()


class AlarmTests(SignalTestCase):

    def setUp(self):
        self.cancel_timers_at_cleanup()
        signal.alarm(0)

    def test_alarm_delivers_sigalrm_after_the_given_number_of_seconds(self):
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        start = time.monotonic()
        self.assertEqual(signal.alarm(1), 0)
        self.assertTrue(wait_until(lambda: handler.count >= 1, WATCHDOG))
        self.assertEqual(handler.signums, [signal.SIGALRM])
        self.assertGreaterEqual(handler.calls[0][3] - start, 0.9)
        self.assertIs(handler.calls[0][2], threading.main_thread())

    def test_alarm_returns_the_seconds_left_on_the_previously_scheduled_alarm(self):
        self.set_handler(signal.SIGALRM, Recorder())
        self.assertEqual(signal.alarm(100), 0)
        left = signal.alarm(50)
        self.assertTrue(90 <= left <= 100, left)
        left = signal.alarm(0)
        self.assertTrue(40 <= left <= 50, left)

    def test_alarm_with_no_scheduled_alarm_returns_zero(self):
        self.assertEqual(signal.alarm(0), 0)
        self.assertEqual(signal.alarm(0), 0)

    def test_alarm_zero_cancels_the_scheduled_alarm(self):
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        signal.alarm(1)
        self.assertGreaterEqual(signal.alarm(0), 1)
        time.sleep(1.5)
        self.assertEqual(handler.count, 0)

    def test_a_new_alarm_replaces_the_previous_one(self):
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        signal.alarm(100)
        signal.alarm(1)
        self.assertTrue(wait_until(lambda: handler.count >= 1, WATCHDOG))
        time.sleep(0.2)
        self.assertEqual(handler.count, 1)
        self.assertEqual(signal.alarm(0), 0)


class IntervalTimerTests(SignalTestCase):

    def setUp(self):
        self.cancel_timers_at_cleanup()
        signal.setitimer(signal.ITIMER_REAL, 0)

    def test_itimer_real_delivers_sigalrm_once_after_a_fractional_delay(self):
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        start = time.monotonic()
        self.arm_timer(0.25)
        self.assertTrue(wait_until(lambda: handler.count >= 1, WATCHDOG))
        self.assertEqual(handler.signums, [signal.SIGALRM])
        self.assertGreaterEqual(handler.calls[0][3] - start, 0.2)
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_itimer_real_with_an_interval_fires_again_every_interval(self):
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        self.arm_timer(0.05, 0.05)
        self.assertTrue(wait_until(lambda: handler.count >= 3, WATCHDOG))
        self.assertEqual(set(handler.signums), {signal.SIGALRM})
        self.assertAlmostEqual(signal.getitimer(signal.ITIMER_REAL)[1], 0.05, places=6)

    def test_setitimer_returns_the_previous_delay_and_interval(self):
        self.set_handler(signal.SIGALRM, Recorder())
        self.assertEqual(signal.setitimer(signal.ITIMER_REAL, 100, 5), (0.0, 0.0))
        delay, interval = signal.setitimer(signal.ITIMER_REAL, 0)
        self.assertIsInstance(delay, float)
        self.assertTrue(90 < delay <= 100, delay)
        self.assertEqual(interval, 5.0)

    def test_getitimer_returns_the_remaining_delay_and_the_interval(self):
        self.set_handler(signal.SIGALRM, Recorder())
        self.arm_timer(100, 2.5)
        delay, interval = signal.getitimer(signal.ITIMER_REAL)
        self.assertTrue(90 < delay <= 100, delay)
        self.assertEqual(interval, 2.5)
        later_delay, _ = signal.getitimer(signal.ITIMER_REAL)
        self.assertLessEqual(later_delay, delay)

    def test_intervals_of_whole_microseconds_come_back_as_the_same_float(self):
        self.set_handler(signal.SIGALRM, Recorder())
        for interval in (0.05, 0.1, 0.3, 2.5, 0.001, 1.000001, 7.123456):
            with self.subTest(interval=interval):
                signal.setitimer(signal.ITIMER_REAL, 100, interval)
                self.assertEqual(signal.getitimer(signal.ITIMER_REAL)[1], interval)
                self.assertEqual(signal.setitimer(signal.ITIMER_REAL, 0)[1], interval)

    def test_setitimer_with_zero_seconds_clears_the_timer(self):
        self.set_handler(signal.SIGALRM, Recorder())
        signal.setitimer(signal.ITIMER_REAL, 100, 1)
        signal.setitimer(signal.ITIMER_REAL, 0)
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_itimer_virtual_delivers_sigvtalrm_while_the_process_runs(self):
        handler = Recorder()
        self.set_handler(signal.SIGVTALRM, handler)
        self.arm_timer(0.05, which=signal.ITIMER_VIRTUAL)
        delay, _ = signal.getitimer(signal.ITIMER_VIRTUAL)
        self.assertGreater(delay, 0)
        self.assertTrue(burn_cpu_until(lambda: handler.count >= 1, 60))
        self.assertEqual(handler.signums, [signal.SIGVTALRM])
        self.assertEqual(signal.getitimer(signal.ITIMER_VIRTUAL), (0.0, 0.0))

    def test_itimer_prof_delivers_sigprof_while_the_process_runs(self):
        handler = Recorder()
        self.set_handler(signal.SIGPROF, handler)
        self.arm_timer(0.05, which=signal.ITIMER_PROF)
        self.assertTrue(burn_cpu_until(lambda: handler.count >= 1, 60))
        self.assertEqual(handler.signums, [signal.SIGPROF])

    def test_itimer_virtual_counts_only_the_time_the_process_runs(self):
        self.set_handler(signal.SIGVTALRM, Recorder())
        cpu_before = time.process_time()
        self.arm_timer(100, which=signal.ITIMER_VIRTUAL)
        time.sleep(0.5)
        delay, _ = signal.getitimer(signal.ITIMER_VIRTUAL)
        cpu_used = time.process_time() - cpu_before
        # The timer went down by at most the CPU time used (plus a clock tick),
        # not by the 0.5 s the process slept.
        self.assertLessEqual(100 - delay, cpu_used + 0.02)
        self.assertGreater(delay, 0)

    def test_itimer_error_for_an_invalid_timer(self):
        for call in (lambda: signal.setitimer(-1, 0), lambda: signal.setitimer(99, 1.0),
                     lambda: signal.getitimer(-1), lambda: signal.getitimer(99)):
            with self.subTest(call=call):
                with self.assertRaises(signal.ItimerError) as caught:
                    call()
                self.assertEqual(caught.exception.errno, errno.EINVAL)

    def test_itimer_error_for_a_negative_time(self):
        with self.assertRaises(signal.ItimerError) as caught:
            signal.setitimer(signal.ITIMER_REAL, -1)
        self.assertEqual(caught.exception.errno, errno.EINVAL)

    def test_itimer_error_is_a_subclass_of_oserror(self):
        self.assertTrue(issubclass(signal.ItimerError, OSError))
        with self.assertRaises(OSError):
            signal.setitimer(-1, 0)


class PauseTests(SignalTestCase):

    def setUp(self):
        self.cancel_timers_at_cleanup()

    def test_pause_sleeps_until_a_signal_arrives_then_the_handler_runs_and_it_returns_none(self):
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        released = self.watchdog(WATCHDOG, lambda: signal.pthread_kill(
            threading.main_thread().ident, signal.SIGALRM))
        start = time.monotonic()
        self.arm_timer(0.3)
        self.assertIsNone(signal.pause())
        self.assertFalse(released.is_set(), 'pause() did not return on the timer signal')
        self.assertEqual(handler.count, 1)
        self.assertGreaterEqual(handler.calls[0][3] - start, 0.25)

    def test_pause_returns_after_an_alarm(self):
        handler = Recorder()
        self.set_handler(signal.SIGALRM, handler)
        released = self.watchdog(WATCHDOG, lambda: signal.pthread_kill(
            threading.main_thread().ident, signal.SIGALRM))
        signal.alarm(1)
        self.assertIsNone(signal.pause())
        self.assertFalse(released.is_set(), 'pause() did not return on the alarm')
        self.assertEqual(handler.signums, [signal.SIGALRM])

    def test_pause_returns_after_a_signal_from_another_thread(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        main = threading.main_thread().ident
        stop = threading.Event()

        def sender():
            # Repeats until the main thread has left pause(): a signal sent just
            # before pause() began would be handled without waking it.
            while not stop.wait(0.2):
                signal.pthread_kill(main, signal.SIGUSR1)

        thread = threading.Thread(target=sender, daemon=True)
        thread.start()
        self.addCleanup(thread.join, WAIT)
        self.addCleanup(stop.set)
        self.assertIsNone(signal.pause())
        stop.set()
        self.assertGreaterEqual(handler.count, 1)
        self.assertEqual(set(handler.signums), {signal.SIGUSR1})


if __name__ == '__main__':
    unittest.main()
