"""Exact exception types and messages for bad input.

The expected texts are CPython 3.11's; the product must produce the same.
Nothing here changes a disposition successfully except where the test
restores it.
"""

import errno
import signal
import sys
import threading
import unittest

from signal_test_support import SignalTestCase


def noop(signum, frame):
    pass


class OutOfRangeSignalNumberTests(SignalTestCase):

    def test_signal_rejects_out_of_range_numbers(self):
        for signum in (0, -1, signal.NSIG, 4242):
            with self.subTest(signum=signum):
                with self.assertRaises(ValueError) as caught:
                    signal.signal(signum, noop)
                self.assertEqual(str(caught.exception), 'signal number out of range')

    def test_getsignal_rejects_out_of_range_numbers(self):
        for signum in (0, -1, signal.NSIG, 4242):
            with self.subTest(signum=signum):
                with self.assertRaises(ValueError) as caught:
                    signal.getsignal(signum)
                self.assertEqual(str(caught.exception), 'signal number out of range')

    def test_strsignal_rejects_out_of_range_numbers(self):
        for signum in (0, signal.NSIG, 4242):
            with self.subTest(signum=signum):
                with self.assertRaises(ValueError) as caught:
                    signal.strsignal(signum)
                self.assertEqual(str(caught.exception), 'signal number out of range')

    def test_siginterrupt_rejects_out_of_range_numbers(self):
        with self.assertRaises(ValueError) as caught:
            signal.siginterrupt(4242, True)
        self.assertEqual(str(caught.exception), 'signal number out of range')

    def test_raise_signal_and_pthread_kill_report_invalid_numbers_as_oserror(self):
        for call in (lambda: signal.raise_signal(-1), lambda: signal.raise_signal(4242),
                     lambda: signal.pthread_kill(threading.get_ident(), 4242)):
            with self.subTest(call=call):
                with self.assertRaises(OSError) as caught:
                    call()
                self.assertEqual(caught.exception.errno, errno.EINVAL)
                self.assertEqual(str(caught.exception), '[Errno 22] Invalid argument')

    def test_sigset_arguments_reject_out_of_range_numbers(self):
        # Version-specific: from 3.11 the message names the valid range; 3.10's does not.
        bounds = ' [1; %d]' % (signal.NSIG - 1) if sys.version_info >= (3, 11) else ''
        cases = [
            (lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [0]), 'signal number 0 out of range' + bounds),
            (lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [signal.NSIG]),
             'signal number %d out of range' % signal.NSIG + bounds),
            (lambda: signal.sigwait([0]), 'signal number 0 out of range' + bounds),
            (lambda: signal.sigtimedwait([signal.NSIG], 0), 'signal number %d out of range' % signal.NSIG + bounds),
        ]
        for call, message in cases:
            with self.subTest(message=message):
                with self.assertRaises(ValueError) as caught:
                    call()
                self.assertEqual(str(caught.exception), message)


class WrongHandlerTests(SignalTestCase):

    def test_signal_rejects_a_handler_that_is_neither_callable_nor_sig_dfl_or_sig_ign(self):
        self.set_handler(signal.SIGUSR1, signal.SIG_DFL)
        for handler in (None, 2, -1, 'handler', object()):
            with self.subTest(handler=handler):
                with self.assertRaises(TypeError) as caught:
                    signal.signal(signal.SIGUSR1, handler)
                self.assertEqual(str(caught.exception),
                                 'signal handler must be signal.SIG_IGN, signal.SIG_DFL, '
                                 'or a callable object')
        self.assertIs(signal.getsignal(signal.SIGUSR1), signal.Handlers.SIG_DFL)

    def test_signal_rejects_sigkill_and_sigstop_with_oserror(self):
        for signum in (signal.SIGKILL, signal.SIGSTOP):
            for handler in (noop, signal.SIG_IGN):
                with self.subTest(signum=signum, handler=handler):
                    with self.assertRaises(OSError) as caught:
                        signal.signal(signum, handler)
                    self.assertEqual(str(caught.exception), '[Errno 22] Invalid argument')

    def test_signal_rejects_a_string_as_signal_number(self):
        with self.assertRaises(TypeError) as caught:
            signal.signal('SIGUSR1', noop)
        self.assertEqual(str(caught.exception),
                         "'str' object cannot be interpreted as an integer")

    def test_siginterrupt_on_sigkill_raises_oserror(self):
        with self.assertRaises(OSError) as caught:
            signal.siginterrupt(signal.SIGKILL, True)
        self.assertEqual(caught.exception.errno, errno.EINVAL)

    def test_sigset_arguments_must_be_iterables_of_integers(self):
        with self.assertRaises(TypeError) as caught:
            signal.pthread_sigmask(signal.SIG_BLOCK, 5)
        self.assertEqual(str(caught.exception), "'int' object is not iterable")
        with self.assertRaises(TypeError) as caught:
            signal.pthread_sigmask(signal.SIG_BLOCK, ['SIGUSR1'])
        self.assertEqual(str(caught.exception),
                         "'str' object cannot be interpreted as an integer")

    def test_pthread_sigmask_rejects_an_unknown_how_with_oserror(self):
        with self.assertRaises(OSError) as caught:
            signal.pthread_sigmask(1700, [])
        self.assertEqual(caught.exception.errno, errno.EINVAL)

    def test_sigtimedwait_rejects_a_negative_timeout(self):
        for timeout in (-1, -0.5):
            with self.subTest(timeout=timeout):
                with self.assertRaises(ValueError) as caught:
                    signal.sigtimedwait([signal.SIGUSR1], timeout)
                self.assertEqual(str(caught.exception), 'timeout must be non-negative')

    def test_pthread_kill_requires_an_integer_thread_id(self):
        with self.assertRaises(TypeError) as caught:
            signal.pthread_kill(1.5, 0)
        self.assertEqual(str(caught.exception), 'pthread_kill() argument 1 must be int, not float')

    def test_alarm_requires_an_integer(self):
        with self.assertRaises(TypeError) as caught:
            signal.alarm(1.5)
        self.assertEqual(str(caught.exception),
                         "'float' object cannot be interpreted as an integer")

    def test_setitimer_rejects_a_string_time(self):
        with self.assertRaises(TypeError) as caught:
            signal.setitimer(signal.ITIMER_REAL, 'soon')
        self.assertEqual(str(caught.exception),
                         "'str' object cannot be interpreted as an integer")

    def test_pidfd_send_signal_requires_siginfo_to_be_none(self):
        with self.assertRaises(TypeError) as caught:
            signal.pidfd_send_signal(0, signal.SIGUSR1, 1)
        self.assertEqual(str(caught.exception), 'siginfo must be None')

    def test_pidfd_send_signal_reports_a_bad_pidfd_as_oserror(self):
        with self.assertRaises(OSError) as caught:
            signal.pidfd_send_signal(-1, signal.SIGUSR1)
        if caught.exception.errno in (errno.ENOSYS, errno.EPERM):
            self.skipTest('pidfd_send_signal is not available here')
        self.assertEqual(caught.exception.errno, errno.EBADF)


class WrongArgumentCountTests(unittest.TestCase):

    def check(self, call, message):
        with self.assertRaises(TypeError) as caught:
            call()
        self.assertEqual(str(caught.exception), message)

    def test_signal_and_getsignal_wrappers_report_missing_arguments(self):
        self.check(lambda: signal.signal(),
                   "signal() missing 2 required positional arguments: 'signalnum' and 'handler'")
        self.check(lambda: signal.signal(signal.SIGUSR1),
                   "signal() missing 1 required positional argument: 'handler'")
        self.check(lambda: signal.getsignal(),
                   "getsignal() missing 1 required positional argument: 'signalnum'")
        self.check(lambda: signal.pthread_sigmask(signal.SIG_BLOCK),
                   "pthread_sigmask() missing 1 required positional argument: 'mask'")
        self.check(lambda: signal.valid_signals(1),
                   'valid_signals() takes 0 positional arguments but 1 was given')
        self.check(lambda: signal.sigpending(1),
                   'sigpending() takes 0 positional arguments but 1 was given')

    def test_one_argument_functions_report_the_count_given(self):
        self.check(lambda: signal.alarm(), '_signal.alarm() takes exactly one argument (0 given)')
        self.check(lambda: signal.alarm(1, 2),
                   '_signal.alarm() takes exactly one argument (2 given)')
        self.check(lambda: signal.raise_signal(),
                   '_signal.raise_signal() takes exactly one argument (0 given)')
        self.check(lambda: signal.getitimer(),
                   '_signal.getitimer() takes exactly one argument (0 given)')
        self.check(lambda: signal.sigwaitinfo(),
                   '_signal.sigwaitinfo() takes exactly one argument (0 given)')
        self.check(lambda: signal.pause(1), '_signal.pause() takes no arguments (1 given)')

    def test_several_argument_functions_report_the_count_given(self):
        self.check(lambda: signal.siginterrupt(signal.SIGUSR1),
                   'siginterrupt expected 2 arguments, got 1')
        self.check(lambda: signal.setitimer(signal.ITIMER_REAL),
                   'setitimer expected at least 2 arguments, got 1')
        self.check(lambda: signal.setitimer(signal.ITIMER_REAL, 1, 2, 3),
                   'setitimer expected at most 3 arguments, got 4')
        self.check(lambda: signal.sigtimedwait([signal.SIGUSR1]),
                   'sigtimedwait expected 2 arguments, got 1')
        self.check(lambda: signal.pthread_kill(threading.get_ident()),
                   'pthread_kill expected 2 arguments, got 1')
        self.check(lambda: signal.pidfd_send_signal(1),
                   'pidfd_send_signal expected at least 2 arguments, got 1')
        self.check(lambda: signal.default_int_handler(),
                   'default_int_handler expected 2 arguments, got 0')

    def test_functions_take_no_keyword_arguments(self):
        self.check(lambda: signal.alarm(seconds=1), '_signal.alarm() takes no keyword arguments')
        self.check(lambda: signal.strsignal(signalnum=2),
                   '_signal.strsignal() takes no keyword arguments')


if __name__ == '__main__':
    unittest.main()
