"""SIG_DFL, SIG_IGN, the handlers Python installs at start-up, and SIGINT.

Documentation statements checked here: Python ignores SIGPIPE and translates
SIGINT into KeyboardInterrupt unless the parent process changed SIGINT;
SIG_DFL performs the default function of the signal and SIG_IGN ignores it;
SIGKILL cannot be caught, blocked or ignored; default_int_handler raises
KeyboardInterrupt.  Most tests run a child interpreter, because a default
disposition may end the process.
"""

import signal
import subprocess
import unittest

from signal_test_support import (CHILD_TIMEOUT, SignalTestCase, describe,
                                 python_command, run_python)


class StartupDispositionTests(SignalTestCase):

    def test_a_fresh_interpreter_ignores_sigpipe(self):
        proc = self.run_child('''
            import signal
            print(repr(signal.getsignal(signal.SIGPIPE)))
            ''')
        self.assertEqual(proc.stdout, '<Handlers.SIG_IGN: 1>\n')

    def test_a_fresh_interpreter_handles_sigint_with_default_int_handler(self):
        proc = self.sigint_caught_while(lambda: self.run_child('''
            import signal
            print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
            '''))
        self.assertEqual(proc.stdout, 'True\n')

    def test_a_fresh_interpreter_keeps_sigint_ignored_when_the_parent_ignored_it(self):
        self.set_handler(signal.SIGINT, signal.SIG_IGN)
        proc = self.run_child('''
            import signal
            print(repr(signal.getsignal(signal.SIGINT)))
            ''')
        self.assertEqual(proc.stdout, '<Handlers.SIG_IGN: 1>\n')

    def test_no_other_handler_is_installed_at_start_up(self):
        # A child starts with SIG_IGN where this process ignores the signal
        # (inherited through exec) and with SIG_DFL everywhere else.
        names = ('SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGWINCH')
        expected = []
        for name in names:
            ignored = signal.getsignal(getattr(signal, name)) is signal.Handlers.SIG_IGN
            expected.append('%s %s' % (name, 'SIG_IGN' if ignored else 'SIG_DFL'))
        proc = self.run_child('''
            import signal, sys
            for name in sys.argv[1:]:
                print(name, signal.getsignal(getattr(signal, name)).name)
            ''', *names)
        self.assertEqual(proc.stdout.splitlines(), expected)


class IgnoreAndDefaultTests(SignalTestCase):

    def test_sig_ign_makes_the_process_survive_a_signal_sent_to_itself(self):
        proc = self.run_child('''
            import os, signal
            signal.signal(signal.SIGUSR1, signal.SIG_IGN)
            os.kill(os.getpid(), signal.SIGUSR1)
            signal.raise_signal(signal.SIGUSR1)
            print('survived')
            ''')
        self.assertEqual(proc.stdout, 'survived\n')

    def test_sig_dfl_sigusr1_terminates_the_process(self):
        proc = self.run_child('''
            import signal
            signal.signal(signal.SIGUSR1, lambda signum, frame: None)
            signal.signal(signal.SIGUSR1, signal.SIG_DFL)
            signal.raise_signal(signal.SIGUSR1)
            print('survived')
            ''', expect_returncode=-signal.SIGUSR1)
        self.assertEqual(proc.stdout, '')

    def test_sig_ign_is_inherited_by_a_child_process(self):
        self.set_handler(signal.SIGUSR1, signal.SIG_IGN)
        proc = subprocess.run(['/bin/sh', '-c', 'kill -USR1 $$; echo survived'],
                              capture_output=True, text=True, timeout=CHILD_TIMEOUT)
        self.assertEqual((proc.returncode, proc.stdout), (0, 'survived\n'), describe(proc))

    def test_sig_ign_is_inherited_by_a_child_interpreter(self):
        self.set_handler(signal.SIGUSR1, signal.SIG_IGN)
        proc = self.run_child('''
            import os, signal
            print(repr(signal.getsignal(signal.SIGUSR1)))
            os.kill(os.getpid(), signal.SIGUSR1)
            print('survived')
            ''')
        self.assertEqual(proc.stdout, '<Handlers.SIG_IGN: 1>\nsurvived\n')

    def test_a_python_handler_is_not_inherited_by_a_child_process(self):
        self.set_handler(signal.SIGUSR1, lambda signum, frame: None)
        proc = self.run_child('''
            import signal
            print(repr(signal.getsignal(signal.SIGUSR1)))
            ''')
        self.assertEqual(proc.stdout, '<Handlers.SIG_DFL: 0>\n')

    def start_sleeper(self, setup):
        code = 'import signal, sys, time\n%s\nprint("ready", flush=True)\n' \
               'sys.stdin.readline()\nprint("survived", flush=True)\n' % setup
        proc = subprocess.Popen(python_command('-c', code), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(proc.wait)
        self.addCleanup(proc.kill)
        self.addCleanup(proc.stderr.close)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(proc.stdin.close)
        self.assertEqual(proc.stdout.readline(), 'ready\n')
        return proc

    def test_sig_dfl_sigterm_kills_a_child_with_returncode_minus_15(self):
        proc = self.start_sleeper('signal.signal(signal.SIGTERM, signal.SIG_DFL)')
        proc.terminate()
        self.assertEqual(proc.wait(CHILD_TIMEOUT), -signal.SIGTERM)
        self.assertEqual(proc.returncode, -15)

    def test_a_child_interpreter_is_killed_by_sigterm_without_any_setup(self):
        proc = self.start_sleeper('')
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(CHILD_TIMEOUT), -signal.SIGTERM)

    def test_sig_ign_sigterm_lets_a_child_survive_terminate(self):
        proc = self.start_sleeper('signal.signal(signal.SIGTERM, signal.SIG_IGN)')
        proc.terminate()
        out, err = proc.communicate('go\n', timeout=CHILD_TIMEOUT)
        self.assertEqual((proc.returncode, out, err), (0, 'survived\n', ''))

    def test_sigkill_cannot_be_caught_or_ignored(self):
        proc = self.run_child('''
            import signal
            for handler in (signal.SIG_IGN, lambda signum, frame: None):
                try:
                    signal.signal(signal.SIGKILL, handler)
                except OSError as exc:
                    print(type(exc).__name__, exc.errno)
            print(repr(signal.getsignal(signal.SIGKILL)))
            ''')
        self.assertEqual(proc.stdout, 'OSError 22\nOSError 22\n<Handlers.SIG_DFL: 0>\n')

    def test_sigkill_ends_a_child_with_returncode_minus_9(self):
        proc = self.start_sleeper('signal.signal(signal.SIGTERM, signal.SIG_IGN)')
        proc.kill()
        self.assertEqual(proc.wait(CHILD_TIMEOUT), -signal.SIGKILL)


class KeyboardInterruptTests(SignalTestCase):

    def test_default_int_handler_raises_keyboard_interrupt(self):
        with self.assertRaises(KeyboardInterrupt) as caught:
            signal.default_int_handler(signal.SIGINT, None)
        self.assertEqual(caught.exception.args, ())

    def test_raise_signal_sigint_raises_keyboard_interrupt_with_default_int_handler(self):
        self.set_handler(signal.SIGINT, signal.default_int_handler)
        reached = []
        with self.assertRaises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
            reached.append('next statement')
        self.assertEqual(reached, [])

    def test_custom_sigint_handler_replaces_keyboard_interrupt(self):
        calls = []
        self.set_handler(signal.SIGINT, lambda signum, frame: calls.append(signum))
        signal.raise_signal(signal.SIGINT)
        self.assertEqual(calls, [signal.SIGINT])

    def test_sigint_from_another_process_raises_keyboard_interrupt_in_a_child(self):
        # "ready" is printed inside the try block: the signal may arrive while
        # print() is still returning.
        code = ('import sys, time\n'
                'try:\n    print("ready", flush=True)\n    time.sleep(60)\n'
                'except KeyboardInterrupt:\n'
                '    print("KeyboardInterrupt caught", flush=True)\n')
        proc = self.sigint_caught_while(lambda: subprocess.Popen(
            python_command('-c', code), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True))
        self.addCleanup(proc.kill)
        self.assertEqual(proc.stdout.readline(), 'ready\n')
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=CHILD_TIMEOUT)
        self.assertEqual((proc.returncode, out, err), (0, 'KeyboardInterrupt caught\n', ''))

    def test_uncaught_keyboard_interrupt_ends_the_child_by_sigint(self):
        proc = self.sigint_caught_while(lambda: run_python('''
            import os, signal, time
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(60)
            '''))
        self.assertEqual(proc.returncode, -signal.SIGINT, describe(proc))
        self.assertIn('Traceback (most recent call last):', proc.stderr)
        self.assertTrue(proc.stderr.rstrip().endswith('KeyboardInterrupt'), proc.stderr)


if __name__ == '__main__':
    unittest.main()
