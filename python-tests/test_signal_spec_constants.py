"""Module contents: signal constants, the Signals/Handlers/Sigmasks enums,
NSIG, valid_signals(), strsignal() and ItimerError."""

import enum
import signal
import unittest


class EnumTests(unittest.TestCase):

    def test_every_sig_name_is_a_signals_member(self):
        names = [name for name in dir(signal)
                 if name.startswith('SIG') and not name.startswith('SIG_')]
        self.assertIn('SIGINT', names)
        for name in names:
            with self.subTest(name=name):
                value = getattr(signal, name)
                self.assertIsInstance(value, signal.Signals)
                self.assertIs(signal.Signals[name], value)

    def test_signals_is_an_int_enum_whose_members_compare_equal_to_their_numbers(self):
        self.assertTrue(issubclass(signal.Signals, enum.IntEnum))
        self.assertEqual(signal.SIGINT, 2)
        self.assertEqual(signal.SIGKILL, 9)
        self.assertEqual(signal.SIGTERM, 15)
        self.assertEqual(signal.SIGINT.name, 'SIGINT')
        self.assertIs(signal.Signals(2), signal.SIGINT)
        self.assertEqual(repr(signal.SIGUSR1), '<Signals.SIGUSR1: %d>' % int(signal.SIGUSR1))

    def test_sigcld_is_an_alias_for_sigchld(self):
        self.assertEqual(signal.SIGCLD, signal.SIGCHLD)
        self.assertIs(signal.Signals.SIGCLD, signal.Signals.SIGCHLD)

    def test_sig_dfl_and_sig_ign_are_handlers_members(self):
        self.assertTrue(issubclass(signal.Handlers, enum.IntEnum))
        self.assertIs(signal.SIG_DFL, signal.Handlers.SIG_DFL)
        self.assertIs(signal.SIG_IGN, signal.Handlers.SIG_IGN)
        self.assertEqual(sorted(member.name for member in signal.Handlers), ['SIG_DFL', 'SIG_IGN'])
        self.assertNotEqual(signal.SIG_DFL, signal.SIG_IGN)

    def test_sig_block_sig_unblock_and_sig_setmask_are_sigmasks_members(self):
        self.assertTrue(issubclass(signal.Sigmasks, enum.IntEnum))
        for name in ('SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'):
            with self.subTest(name=name):
                self.assertIs(getattr(signal, name), signal.Sigmasks[name])
        self.assertEqual(len({signal.SIG_BLOCK, signal.SIG_UNBLOCK, signal.SIG_SETMASK}), 3)

    def test_functions_return_enum_members(self):
        self.assertIsInstance(signal.getsignal(signal.SIGUSR1), signal.Handlers)
        valid = signal.valid_signals()
        # Numbers with a SIG* name come back as members, the unnamed ones as int.
        self.assertEqual({s for s in valid if type(s) is signal.Signals}, set(signal.Signals))
        self.assertTrue(all(type(s) is int for s in valid if type(s) is not signal.Signals))
        self.assertTrue(all(isinstance(s, signal.Signals)
                            for s in signal.pthread_sigmask(signal.SIG_BLOCK, [])))

    def test_documented_unix_signals_exist(self):
        for name in ('SIGABRT', 'SIGALRM', 'SIGBUS', 'SIGCHLD', 'SIGCONT', 'SIGFPE', 'SIGHUP',
                     'SIGILL', 'SIGINT', 'SIGKILL', 'SIGPIPE', 'SIGSEGV', 'SIGTERM', 'SIGUSR1',
                     'SIGUSR2', 'SIGWINCH', 'SIGVTALRM', 'SIGPROF'):
            with self.subTest(name=name):
                self.assertIsInstance(getattr(signal, name), signal.Signals)

    def test_windows_only_names_are_absent(self):
        for name in ('SIGBREAK', 'CTRL_C_EVENT', 'CTRL_BREAK_EVENT'):
            with self.subTest(name=name):
                self.assertFalse(hasattr(signal, name))

    def test_itimer_constants_are_distinct_integers(self):
        timers = (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF)
        self.assertTrue(all(type(t) is int for t in timers))
        self.assertEqual(len(set(timers)), 3)


class NumbersAndNamesTests(unittest.TestCase):

    def test_nsig_is_one_more_than_the_highest_signal_number(self):
        self.assertEqual(signal.NSIG, max(signal.valid_signals()) + 1)
        self.assertIs(type(signal.NSIG), int)

    def test_valid_signals_is_a_set_within_range_1_to_nsig(self):
        valid = signal.valid_signals()
        self.assertIs(type(valid), set)
        self.assertTrue(valid <= set(range(1, signal.NSIG)))
        self.assertNotIn(0, valid)
        self.assertNotIn(signal.NSIG, valid)
        for signum in (signal.SIGINT, signal.SIGKILL, signal.SIGSTOP, signal.SIGALRM,
                       signal.SIGUSR1):
            self.assertIn(signum, valid)

    def test_every_signal_constant_is_a_valid_signal(self):
        valid = signal.valid_signals()
        for member in signal.Signals:
            with self.subTest(member=member):
                self.assertIn(member, valid)

    def test_strsignal_returns_the_system_description(self):
        self.assertEqual(signal.strsignal(signal.SIGINT), 'Interrupt')
        self.assertEqual(signal.strsignal(signal.SIGSEGV), 'Segmentation fault')
        self.assertEqual(signal.strsignal(signal.SIGTERM), 'Terminated')
        self.assertEqual(signal.strsignal(signal.SIGHUP), 'Hangup')

    def test_strsignal_returns_none_for_an_unrecognised_signal(self):
        unrecognised = sorted(set(range(1, signal.NSIG)) - signal.valid_signals())
        if not unrecognised:
            self.skipTest('every number below NSIG is a valid signal here')
        for signum in unrecognised:
            with self.subTest(signum=signum):
                self.assertIsNone(signal.strsignal(signum))

    def test_itimer_error_is_an_oserror_subclass(self):
        self.assertTrue(issubclass(signal.ItimerError, OSError))
        error = signal.ItimerError('message')
        self.assertEqual(str(error), 'message')

    def test_default_int_handler_is_a_builtin_function(self):
        self.assertTrue(callable(signal.default_int_handler))
        self.assertEqual(type(signal.default_int_handler).__name__, 'builtin_function_or_method')


if __name__ == '__main__':
    unittest.main()
