"""Signals interrupting blocking calls of the main thread (PEP 475 semantics).

A handler that returns lets the interrupted call resume (with what is left of
its timeout); a handler that raises aborts the call with the handler's
exception, which then appears "out of thin air" at the call site.

In the "resume" tests the handler itself releases the blocked call (it writes
to the pipe, releases the lock, sets the event), so the call can only return
its normal result if it resumed after the handler ran.  A watchdog releases a
call that was never interrupted, which makes the test fail instead of hang.
"""

import os
import select
import signal
import threading
import time
import unittest

from signal_test_support import (HandlerError, Recorder, SignalTestCase, WATCHDOG,
                                 describe, run_python)

TIMER = 0.2


class ReturningHandlerLetsTheCallResumeTests(SignalTestCase):

    def test_time_sleep_resumes_until_its_full_duration_after_a_returning_handler(self):
        duration = 2.0
        for attempt in range(3):
            handler = Recorder()
            self.set_handler(signal.SIGALRM, handler)
            start = time.monotonic()
            self.arm_timer(TIMER)
            time.sleep(duration)
            elapsed = time.monotonic() - start
            self.assertEqual(handler.count, 1)
            if handler.calls[0][3] < start + duration:
                break   # the handler ran while the sleep was in progress
        else:
            self.fail('the timer never fired during the sleep')
        self.assertGreaterEqual(elapsed, duration * 0.99)

    def test_os_read_on_a_pipe_resumes_after_a_returning_handler(self):
        r, w = self.make_pipe()
        handler = Recorder(action=lambda: os.write(w, b'h'))
        self.set_handler(signal.SIGALRM, handler)
        released = self.watchdog(WATCHDOG, lambda: os.write(w, b'W'))
        self.arm_timer(TIMER)
        data = os.read(r, 1)
        self.assertFalse(released.is_set(), 'os.read was never interrupted')
        self.assertEqual(data, b'h')
        self.assertEqual(handler.count, 1)

    def test_select_resumes_after_a_returning_handler(self):
        r, w = self.make_pipe()
        handler = Recorder(action=lambda: os.write(w, b'h'))
        self.set_handler(signal.SIGALRM, handler)
        self.arm_timer(TIMER)
        readable, writable, exceptional = select.select([r], [], [], WATCHDOG)
        self.assertEqual((readable, writable, exceptional), ([r], [], []))
        self.assertEqual(handler.count, 1)

    def test_lock_acquire_resumes_after_a_returning_handler(self):
        lock = threading.Lock()
        lock.acquire()
        self.addCleanup(lambda: lock.locked() and lock.release())
        handler = Recorder(action=lock.release)
        self.set_handler(signal.SIGALRM, handler)
        self.arm_timer(TIMER)
        self.assertTrue(lock.acquire(timeout=WATCHDOG))
        self.assertEqual(handler.count, 1)

    def test_lock_acquire_without_timeout_resumes_after_a_returning_handler(self):
        lock = threading.Lock()
        lock.acquire()
        self.addCleanup(lambda: lock.locked() and lock.release())
        handler = Recorder(action=lock.release)
        self.set_handler(signal.SIGALRM, handler)
        released = self.watchdog(WATCHDOG, lambda: lock.locked() and lock.release())
        self.arm_timer(TIMER)
        self.assertTrue(lock.acquire())
        self.assertFalse(released.is_set(), 'Lock.acquire was never interrupted')
        self.assertEqual(handler.count, 1)

    def test_event_wait_resumes_after_a_returning_handler(self):
        event = threading.Event()
        handler = Recorder(action=event.set)
        self.set_handler(signal.SIGALRM, handler)
        self.arm_timer(TIMER)
        self.assertTrue(event.wait(WATCHDOG))
        self.assertEqual(handler.count, 1)

    def test_thread_join_resumes_after_a_returning_handler(self):
        finish = threading.Event()
        worker = threading.Thread(target=finish.wait, daemon=True)
        worker.start()
        self.addCleanup(finish.set)
        released = self.watchdog(WATCHDOG, finish.set)
        handler = Recorder(action=finish.set)
        self.set_handler(signal.SIGALRM, handler)
        self.arm_timer(TIMER)
        worker.join()
        self.assertFalse(released.is_set(), 'Thread.join was never interrupted')
        self.assertEqual(handler.count, 1)


class RaisingHandlerAbortsTheCallTests(SignalTestCase):

    def arm_raising_handler(self):
        handler = Recorder(exception=HandlerError('interrupted'))
        self.set_handler(signal.SIGALRM, handler)
        self.arm_timer(TIMER)
        return handler

    def test_time_sleep_is_aborted_by_a_raising_handler(self):
        handler = self.arm_raising_handler()
        with self.assertRaises(HandlerError):
            time.sleep(WATCHDOG)
        self.assertEqual(handler.count, 1)

    def test_os_read_on_a_pipe_is_aborted_by_a_raising_handler(self):
        r, w = self.make_pipe()
        self.watchdog(WATCHDOG, lambda: os.write(w, b'W'))
        handler = self.arm_raising_handler()
        with self.assertRaises(HandlerError):
            os.read(r, 1)
        self.assertEqual(handler.count, 1)

    def test_select_is_aborted_by_a_raising_handler(self):
        r, w = self.make_pipe()
        handler = self.arm_raising_handler()
        with self.assertRaises(HandlerError):
            select.select([r], [], [], WATCHDOG)
        self.assertEqual(handler.count, 1)

    def test_lock_acquire_is_aborted_by_a_raising_handler(self):
        lock = threading.Lock()
        lock.acquire()
        self.addCleanup(lock.release)
        handler = self.arm_raising_handler()
        with self.assertRaises(HandlerError):
            lock.acquire(timeout=WATCHDOG)
        self.assertEqual(handler.count, 1)
        self.assertTrue(lock.locked())

    def test_event_wait_is_aborted_by_a_raising_handler(self):
        event = threading.Event()
        handler = self.arm_raising_handler()
        with self.assertRaises(HandlerError):
            event.wait(WATCHDOG)
        self.assertEqual(handler.count, 1)
        self.assertFalse(event.is_set())

    def test_signal_pause_is_ended_by_a_raising_handler(self):
        handler = self.arm_raising_handler()
        released = self.watchdog(WATCHDOG, lambda: signal.pthread_kill(
            threading.main_thread().ident, signal.SIGALRM))
        with self.assertRaises(HandlerError):
            signal.pause()
        self.assertFalse(released.is_set(), 'pause() did not return on the timer signal')
        self.assertEqual(handler.count, 1)


# A child that blocks in os.read() on a pipe while a worker thread sends
# SIGALRM to the main thread with pthread_kill, once /proc shows that the main
# thread is inside read(2).  The worker then waits (up to 1 s) for the Python
# handler to run, and only after that writes one byte into the pipe.
#   interruptible: read(2) fails with EINTR, the handler runs at once and
#                  raises; the byte written afterwards is still in the pipe.
#   restarting:    the kernel restarts read(2); the handler cannot run until
#                  the byte arrives, so the read consumes it and the handler's
#                  exception appears only afterwards.
SIGINTERRUPT_CHILD = r'''
import os, platform, select, signal, sys, threading, time

MODE = sys.argv[1]
READ_SYSCALL = {'x86_64': 0, 'aarch64': 63, 'i686': 3, 'armv7l': 3}[platform.machine()]

class Alarm(Exception):
    pass

handler_ran = threading.Event()
def handler(signum, frame):
    handler_ran.set()
    raise Alarm()

signal.signal(signal.SIGALRM, handler)
if MODE == 'siginterrupt-false':
    signal.siginterrupt(signal.SIGALRM, False)
elif MODE == 'siginterrupt-true':
    signal.siginterrupt(signal.SIGALRM, True)
elif MODE == 'siginterrupt-false-then-signal':
    signal.siginterrupt(signal.SIGALRM, False)
    signal.signal(signal.SIGALRM, handler)

r, w = os.pipe()
main_tid = threading.get_native_id()
main_ident = threading.get_ident()
report = {}

def in_read():
    with open('/proc/self/task/%d/syscall' % main_tid) as f:
        return f.read().split()[0] == str(READ_SYSCALL)

def worker():
    deadline = time.monotonic() + 20
    while not in_read():
        if time.monotonic() > deadline:
            report['worker'] = 'main thread never blocked in read'
            os.write(w, b'x')
            return
        time.sleep(0.01)
    signal.pthread_kill(main_ident, signal.SIGALRM)
    report['handler_ran_before_write'] = handler_ran.wait(1.0)
    os.write(w, b'x')

thread = threading.Thread(target=worker)
thread.start()
try:
    os.read(r, 1)
    report['read'] = 'returned'
except Alarm:
    report['read'] = 'Alarm'
thread.join()
report['byte_left_in_pipe'] = bool(select.select([r], [], [], 0)[0])
print(sorted(report.items()))
'''


class SiginterruptTests(unittest.TestCase):

    def run_mode(self, mode):
        proc = run_python(SIGINTERRUPT_CHILD, mode)
        self.assertEqual(proc.returncode, 0, describe(proc))
        return proc.stdout.strip()

    INTERRUPTED = str(sorted({'handler_ran_before_write': True, 'read': 'Alarm',
                              'byte_left_in_pipe': True}.items()))
    RESTARTED = str(sorted({'handler_ran_before_write': False, 'read': 'Alarm',
                            'byte_left_in_pipe': False}.items()))

    def test_handler_installed_by_signal_interrupts_system_calls(self):
        self.assertEqual(self.run_mode('default'), self.INTERRUPTED)

    def test_siginterrupt_true_makes_system_calls_fail_so_the_handler_runs_at_once(self):
        self.assertEqual(self.run_mode('siginterrupt-true'), self.INTERRUPTED)

    def test_siginterrupt_false_makes_system_calls_restart_and_delays_the_handler(self):
        self.assertEqual(self.run_mode('siginterrupt-false'), self.RESTARTED)

    def test_installing_a_handler_with_signal_resets_siginterrupt_to_interrupting(self):
        self.assertEqual(self.run_mode('siginterrupt-false-then-signal'), self.INTERRUPTED)

    def test_siginterrupt_returns_none_and_keeps_the_handler(self):
        proc = run_python('''
            import signal
            def handler(signum, frame):
                pass
            signal.signal(signal.SIGUSR1, handler)
            print(signal.siginterrupt(signal.SIGUSR1, False),
                  signal.siginterrupt(signal.SIGUSR1, True),
                  signal.getsignal(signal.SIGUSR1) is handler)
            ''')
        self.assertEqual(proc.returncode, 0, describe(proc))
        self.assertEqual(proc.stdout, 'None None True\n')


if __name__ == '__main__':
    unittest.main()
