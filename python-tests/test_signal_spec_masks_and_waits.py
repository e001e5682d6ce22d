"""pthread_sigmask, sigpending, sigwait, sigwaitinfo, sigtimedwait, pthread_kill.

In-process tests use signals directed at the main thread (raise_signal,
pthread_kill), which stay pending on that thread while it blocks them.
Signals directed at the whole process (os.kill, alarm, another process) stay
pending only if no thread of the process accepts them, so those tests run in a
child interpreter, which blocks the signal in its main thread.
"""

import os
import signal
import subprocess
import threading
import unittest

from signal_test_support import (CHILD_TIMEOUT, HandlerError, Recorder, SignalTestCase,
                                 WATCHDOG, describe, python_command, run_python)


class SigmaskTests(SignalTestCase):

    def current_mask(self):
        return signal.pthread_sigmask(signal.SIG_BLOCK, [])

    def test_sig_block_with_an_empty_mask_reads_the_mask_without_changing_it(self):
        self.keep_mask()
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
        first = self.current_mask()
        second = self.current_mask()
        self.assertEqual(first, second)
        self.assertIn(signal.SIGUSR1, first)

    def test_sig_block_adds_to_the_mask_and_returns_the_previous_mask(self):
        self.keep_mask()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1, signal.SIGUSR2])
        before = self.current_mask()
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
        self.assertEqual(previous, before)
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})
        self.assertEqual(previous, before | {signal.SIGUSR1})
        self.assertEqual(self.current_mask(), before | {signal.SIGUSR1, signal.SIGUSR2})

    def test_sig_unblock_removes_from_the_mask_and_accepts_unblocked_signals(self):
        self.keep_mask()
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGUSR2])
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGHUP])
        before = self.current_mask()
        previous = signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1, signal.SIGHUP])
        self.assertEqual(previous, before)
        self.assertEqual(self.current_mask(), before - {signal.SIGUSR1})

    def test_sig_setmask_replaces_the_mask(self):
        self.keep_mask()
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
        before = self.current_mask()
        replacement = (before - {signal.SIGUSR1}) | {signal.SIGUSR2}
        previous = signal.pthread_sigmask(signal.SIG_SETMASK, replacement)
        self.assertEqual(previous, before)
        self.assertEqual(self.current_mask(), replacement)

    def test_sigkill_and_sigstop_cannot_be_blocked(self):
        self.keep_mask()
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGKILL, signal.SIGSTOP, signal.SIGUSR1])
        mask = self.current_mask()
        self.assertIn(signal.SIGUSR1, mask)
        self.assertNotIn(signal.SIGKILL, mask)
        self.assertNotIn(signal.SIGSTOP, mask)

    def test_the_mask_is_returned_as_a_set_of_signals_members(self):
        self.keep_mask()
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
        mask = self.current_mask()
        self.assertIs(type(mask), set)
        self.assertTrue(mask)
        for member in mask:
            self.assertIs(type(member), signal.Signals)

    def test_the_mask_belongs_to_the_calling_thread(self):
        self.keep_mask()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
        seen = []

        def worker_body():
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            seen.append(signal.pthread_sigmask(signal.SIG_BLOCK, []))

        worker = threading.Thread(target=worker_body)
        worker.start()
        worker.join(WATCHDOG)
        self.assertIn(signal.SIGUSR1, seen[0])
        self.assertNotIn(signal.SIGUSR1, self.current_mask())

    def test_a_full_mask_from_valid_signals_can_be_set_and_removed(self):
        # Runs in a child: it blocks every signal of the main thread for a moment.
        proc = run_python('''
            import signal
            old = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
            signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
            after = signal.pthread_sigmask(signal.SIG_BLOCK, [])
            expected = signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}
            print(blocked == expected, after == set(), old <= signal.valid_signals())
            ''')
        self.assertEqual((proc.returncode, proc.stdout), (0, 'True True True\n'), describe(proc))


class PendingInProcessTests(SignalTestCase):

    def test_sigpending_is_empty_when_no_signal_is_blocked(self):
        self.assertEqual(signal.sigpending(), set())

    def test_a_blocked_signal_raised_in_this_thread_is_pending_until_unblocked(self):
        handler = Recorder(exception=HandlerError('unblocked'))
        self.set_handler(signal.SIGUSR1, handler)
        self.block([signal.SIGUSR1])
        signal.raise_signal(signal.SIGUSR1)
        self.assertEqual(handler.count, 0)
        pending = signal.sigpending()
        self.assertEqual(pending, {signal.SIGUSR1})
        self.assertIs(type(next(iter(pending))), signal.Signals)
        with self.assertRaises(HandlerError):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
        self.assertEqual(handler.count, 1)
        self.assertEqual(signal.sigpending(), set())

    def test_sigwait_accepts_a_pending_signal_without_calling_its_handler(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        self.block([signal.SIGUSR1])
        signal.raise_signal(signal.SIGUSR1)
        received = signal.sigwait([signal.SIGUSR1])
        self.assertIs(received, signal.Signals.SIGUSR1)
        self.assertEqual(signal.sigpending(), set())
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
        self.assertEqual(handler.count, 0)

    def test_sigwaitinfo_returns_at_once_for_an_already_pending_signal(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR2, handler)
        self.block([signal.SIGUSR2])
        signal.raise_signal(signal.SIGUSR2)
        info = signal.sigwaitinfo([signal.SIGUSR2])
        self.assertEqual(info.si_signo, signal.SIGUSR2)
        self.assertEqual(info.si_pid, os.getpid())
        self.assertEqual(info.si_uid, os.getuid())
        self.assertEqual(signal.sigpending(), set())
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR2])
        self.assertEqual(handler.count, 0)

    def test_sigtimedwait_with_zero_timeout_polls(self):
        self.set_handler(signal.SIGUSR1, Recorder())
        self.block([signal.SIGUSR1])
        self.assertIsNone(signal.sigtimedwait([signal.SIGUSR1], 0))
        signal.raise_signal(signal.SIGUSR1)
        info = signal.sigtimedwait([signal.SIGUSR1], 0)
        self.assertEqual(info.si_signo, signal.SIGUSR1)
        self.assertIsNone(signal.sigtimedwait([signal.SIGUSR1], 0))

    def test_siginfo_has_the_seven_documented_fields(self):
        self.set_handler(signal.SIGUSR1, Recorder())
        self.block([signal.SIGUSR1])
        signal.raise_signal(signal.SIGUSR1)
        info = signal.sigtimedwait([signal.SIGUSR1], 0)
        fields = ('si_signo', 'si_code', 'si_errno', 'si_pid', 'si_uid', 'si_status', 'si_band')
        self.assertEqual(len(info), 7)
        self.assertEqual(tuple(info), tuple(getattr(info, name) for name in fields))
        self.assertEqual(info[0], signal.SIGUSR1)

    def test_pthread_kill_of_the_own_thread_runs_the_handler_and_its_exception_propagates(self):
        handler = Recorder(exception=HandlerError('pthread_kill'))
        self.set_handler(signal.SIGUSR1, handler)
        with self.assertRaises(HandlerError):
            signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
        self.assertEqual(handler.count, 1)

    def test_pthread_kill_with_signal_zero_only_checks_that_the_thread_exists(self):
        handler = Recorder()
        self.set_handler(signal.SIGUSR1, handler)
        self.assertIsNone(signal.pthread_kill(threading.get_ident(), 0))
        stop = threading.Event()
        worker = threading.Thread(target=stop.wait)
        worker.start()
        self.assertIsNone(signal.pthread_kill(worker.ident, 0))
        stop.set()
        worker.join(WATCHDOG)
        self.assertEqual(handler.count, 0)


def run_child_checked(test, code, *args):
    proc = run_python(code, *args)
    test.assertEqual(proc.returncode, 0, describe(proc))
    return proc.stdout


class PendingInChildTests(unittest.TestCase):
    """Process-directed signals: the child blocks them in its main thread."""

    def test_a_signal_sent_with_os_kill_while_blocked_stays_pending_until_unblocked(self):
        out = run_child_checked(self, '''
            import os, signal
            class Unblocked(Exception):
                pass
            def handler(signum, frame):
                raise Unblocked()
            signal.signal(signal.SIGUSR1, handler)
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            os.kill(os.getpid(), signal.SIGUSR1)
            print(signal.sigpending())
            try:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
            except Unblocked:
                print('handler ran when unblocked')
            print(signal.sigpending())
            ''')
        self.assertEqual(out, '{<Signals.SIGUSR1: 10>}\nhandler ran when unblocked\nset()\n')

    def test_sigwait_returns_a_signal_sent_with_os_kill_and_removes_it_from_pending(self):
        out = run_child_checked(self, '''
            import os, signal
            signal.signal(signal.SIGUSR1, lambda signum, frame: print('handler ran'))
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            os.kill(os.getpid(), signal.SIGUSR1)
            print(repr(signal.sigwait([signal.SIGUSR1, signal.SIGUSR2])))
            print(signal.sigpending())
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
            print('end')
            ''')
        self.assertEqual(out, '<Signals.SIGUSR1: 10>\nset()\nend\n')

    def test_sigwait_waits_for_an_alarm(self):
        out = run_child_checked(self, '''
            import signal
            signal.signal(signal.SIGALRM, lambda signum, frame: print('handler ran'))
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            signal.alarm(1)
            print(repr(signal.sigwait([signal.SIGALRM])))
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGALRM])
            print('end')
            ''')
        self.assertEqual(out, '<Signals.SIGALRM: 14>\nend\n')

    def test_sigwaitinfo_reports_the_process_that_sent_the_signal(self):
        code = ('import signal, sys\n'
                'signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\n'
                'print("ready", flush=True)\n'
                'info = signal.sigwaitinfo([signal.SIGUSR1])\n'
                'print(info.si_signo, info.si_pid, info.si_uid, info.si_code, flush=True)\n')
        proc = subprocess.Popen(python_command('-c', code), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        self.addCleanup(proc.kill)
        self.assertEqual(proc.stdout.readline(), 'ready\n')
        os.kill(proc.pid, signal.SIGUSR1)
        out, err = proc.communicate(timeout=CHILD_TIMEOUT)
        self.assertEqual(proc.returncode, 0, err)
        SI_USER = 0
        self.assertEqual(out, '%d %d %d %d\n' % (signal.SIGUSR1, os.getpid(), os.getuid(), SI_USER))

    def test_sigwaitinfo_is_retried_after_a_returning_handler_of_another_signal(self):
        out = run_child_checked(self, '''
            import os, signal
            def on_alarm(signum, frame):
                print('alarm handler ran')
                os.kill(os.getpid(), signal.SIGUSR1)
            signal.signal(signal.SIGALRM, on_alarm)
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            info = signal.sigwaitinfo([signal.SIGUSR1])
            print(info.si_signo)
            ''')
        self.assertEqual(out, 'alarm handler ran\n%d\n' % signal.SIGUSR1)

    def test_sigwaitinfo_is_aborted_by_a_raising_handler_of_another_signal(self):
        out = run_child_checked(self, '''
            import signal
            class Alarm(Exception):
                pass
            def on_alarm(signum, frame):
                raise Alarm()
            signal.signal(signal.SIGALRM, on_alarm)
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            try:
                signal.sigwaitinfo([signal.SIGUSR1])
            except Alarm:
                print('aborted by the handler exception')
            ''')
        self.assertEqual(out, 'aborted by the handler exception\n')

    def test_sigtimedwait_is_retried_with_the_remaining_timeout_after_a_returning_handler(self):
        out = run_child_checked(self, '''
            import signal, time
            calls = []
            signal.signal(signal.SIGALRM, lambda signum, frame: calls.append(signum))
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            start = time.monotonic()
            result = signal.sigtimedwait([signal.SIGUSR1], 1.5)
            elapsed = time.monotonic() - start
            print(result, calls, elapsed >= 1.5 * 0.99)
            ''')
        self.assertEqual(out, 'None [%d] True\n' % signal.SIGALRM)

    def test_sigtimedwait_returns_siginfo_for_an_alarm(self):
        out = run_child_checked(self, '''
            import signal
            signal.signal(signal.SIGALRM, lambda signum, frame: print('handler ran'))
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            signal.alarm(1)
            info = signal.sigtimedwait([signal.SIGALRM], 60)
            print(type(info).__name__, info.si_signo)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGALRM])
            ''')
        self.assertEqual(out, 'struct_siginfo %d\n' % signal.SIGALRM)

    def test_sigtimedwait_returns_none_on_timeout(self):
        out = run_child_checked(self, '''
            import signal, time
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            start = time.monotonic()
            result = signal.sigtimedwait([signal.SIGUSR1], 0.5)
            print(result, time.monotonic() - start >= 0.5 * 0.99)
            ''')
        self.assertEqual(out, 'None True\n')

    def test_sigtimedwait_with_zero_timeout_returns_a_pending_signal_sent_with_os_kill(self):
        out = run_child_checked(self, '''
            import os, signal
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
            print(signal.sigtimedwait([signal.SIGUSR2], 0))
            os.kill(os.getpid(), signal.SIGUSR2)
            info = signal.sigtimedwait([signal.SIGUSR2], 0)
            print(info.si_signo, info.si_pid == os.getpid())
            ''')
        self.assertEqual(out, 'None\n%d True\n' % signal.SIGUSR2)

    def test_sigwait_in_the_main_thread_receives_a_signal_sent_by_another_thread(self):
        out = run_child_checked(self, '''
            import os, signal, threading, time
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            def sender():
                time.sleep(0.5)
                os.kill(os.getpid(), signal.SIGUSR1)
            thread = threading.Thread(target=sender)
            thread.start()
            print(repr(signal.sigwait([signal.SIGUSR1])))
            thread.join()
            ''')
        self.assertEqual(out, '<Signals.SIGUSR1: 10>\n')

    def test_pthread_kill_raises_the_audit_event_with_thread_id_and_signal_number(self):
        out = run_child_checked(self, '''
            import signal, sys, threading
            events = []
            def hook(event, args):
                if event == 'signal.pthread_kill':
                    events.append(args)
            sys.addaudithook(hook)
            ident = threading.get_ident()
            signal.pthread_kill(ident, 0)
            print(events == [(ident, 0)])
            ''')
        self.assertEqual(out, 'True\n')


if __name__ == '__main__':
    unittest.main()
