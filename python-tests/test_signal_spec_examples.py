"""The three examples of the signal documentation, run as scripts
(python-tests/examples/), plus the statements around them: the SIGPIPE note
and the note on handlers and exceptions."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from signal_test_support import (CHILD_TIMEOUT, EXAMPLES, Recorder,
                                 SignalTestCase, WAIT, WATCHDOG, describe, python_command,
                                 run_python)

ALARM_OPEN = os.path.join(EXAMPLES, 'alarm_open.py')
SIGPIPE_HEAD = os.path.join(EXAMPLES, 'sigpipe_head.py')
HTTP_SERVER = os.path.join(EXAMPLES, 'http_server_sigint.py')


def run_script(script, *args, **kwargs):
    kwargs.setdefault('capture_output', True)
    kwargs.setdefault('text', True)
    return subprocess.run(python_command(script, *args), timeout=CHILD_TIMEOUT, **kwargs)


class AlarmBoundedOpenExampleTests(SignalTestCase):

    def test_the_example_script_reports_that_open_timed_out(self):
        proc = run_script(ALARM_OPEN, '1')
        self.assertEqual(proc.returncode, 0, describe(proc))
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 3, proc.stdout)
        self.assertTrue(lines[0].startswith('Opening ') and lines[0].endswith(' with a 1-second alarm'))
        self.assertEqual(lines[1:], ['Signal handler called with signal 14',
                                     "open() timed out: Couldn't open device!"])
        self.assertEqual(proc.stderr, '')

    def test_the_example_script_disables_the_alarm_when_open_succeeds(self):
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        path = os.path.join(directory, 'fifo')
        os.mkfifo(path)
        child = subprocess.Popen(python_command(ALARM_OPEN, '30', path),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(child.kill)
        # Become the FIFO's writer once the child opened it for reading.
        deadline = time.monotonic() + WATCHDOG
        while True:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:
                if time.monotonic() > deadline or child.poll() is not None:
                    self.fail('the example never opened the FIFO')
                time.sleep(0.02)
        os.close(fd)
        out, err = child.communicate(timeout=CHILD_TIMEOUT)
        self.assertEqual((child.returncode, err), (0, ''))
        self.assertEqual(out.splitlines()[1:], ['open() succeeded before the alarm'])

    def test_the_example_pattern_interrupts_a_blocked_open_in_this_process(self):
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        path = os.path.join(directory, 'device')
        os.mkfifo(path)
        handler = Recorder(exception=OSError("Couldn't open device!"))
        self.set_handler(signal.SIGALRM, handler)
        self.cancel_timers_at_cleanup()
        # If the alarm never interrupts open(), a writer releases it and the test fails.
        released = self.watchdog(WATCHDOG, lambda: os.close(os.open(path, os.O_WRONLY)))
        signal.alarm(1)
        with self.assertRaises(OSError) as caught:
            fd = os.open(path, os.O_RDONLY)
            os.close(fd)
        self.assertEqual(str(caught.exception), "Couldn't open device!")
        self.assertFalse(released.is_set())
        self.assertEqual(handler.signums, [signal.SIGALRM])


class SigpipeNoteTests(unittest.TestCase):

    def test_piping_the_example_into_head_ends_cleanly_with_empty_stderr(self):
        for attempt in range(3):
            with self.subTest(attempt=attempt):
                producer = subprocess.Popen(python_command(SIGPIPE_HEAD), stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE)
                head = subprocess.Popen(['head', '-1'], stdin=producer.stdout,
                                        stdout=subprocess.PIPE)
                producer.stdout.close()
                out, _ = head.communicate(timeout=CHILD_TIMEOUT)
                err = producer.stderr.read()
                producer.stderr.close()
                status = producer.wait(CHILD_TIMEOUT)
                self.assertEqual(out, b'y\n')
                self.assertEqual(head.returncode, 0)
                self.assertEqual(err, b'')
                # 1 when the write hit the closed pipe, 0 when all fit in it first.
                self.assertIn(status, (0, 1))

    def test_the_shell_pipeline_with_head_prints_one_line_and_nothing_on_stderr(self):
        proc = subprocess.run(['/bin/sh', '-c', '"$0" "$1" | head -1', *python_command(SIGPIPE_HEAD)],
                              capture_output=True, timeout=CHILD_TIMEOUT)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, b'y\n', b''))

    def write_into_closed_pipe(self, command):
        r, w = os.pipe()
        os.close(r)
        try:
            return subprocess.run(command, stdout=w, stderr=subprocess.PIPE, text=True,
                                  timeout=CHILD_TIMEOUT)
        finally:
            os.close(w)

    def test_the_example_exits_with_status_1_and_no_traceback_when_the_reader_is_gone(self):
        proc = self.write_into_closed_pipe(python_command(SIGPIPE_HEAD))
        self.assertEqual((proc.returncode, proc.stderr), (1, ''))

    def test_without_the_try_block_the_write_raises_broken_pipe_error(self):
        proc = self.write_into_closed_pipe(python_command(
            '-c', 'import sys\nsys.stdout.write("y\\n" * 10000)\nsys.stdout.flush()\n'))
        self.assertEqual(proc.returncode, 1)
        self.assertIn('BrokenPipeError: [Errno 32] Broken pipe', proc.stderr)

    def test_sigpipe_set_to_sig_dfl_kills_the_writer_instead(self):
        proc = self.write_into_closed_pipe(python_command(
            '-c', 'import signal, sys\nsignal.signal(signal.SIGPIPE, signal.SIG_DFL)\n'
                  'sys.stdout.write("y\\n" * 10000)\nsys.stdout.flush()\n'))
        self.assertEqual((proc.returncode, proc.stderr), (-signal.SIGPIPE, ''))

    def test_a_socket_peer_closing_gives_an_oserror_not_a_dead_process(self):
        proc = run_python('''
            import socket
            a, b = socket.socketpair()
            b.close()
            try:
                for _ in range(100):
                    a.send(b'x' * 65536)
            except OSError as exc:
                print(type(exc).__name__, exc.errno)
            ''')
        self.assertEqual((proc.returncode, proc.stdout), (0, 'BrokenPipeError 32\n'), describe(proc))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class HttpServerExampleTests(unittest.TestCase):

    def test_the_http_server_example_shuts_down_cleanly_on_sigint(self):
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        with open(os.path.join(directory, 'hello.txt'), 'w') as f:
            f.write('hello from the example\n')
        port = free_port()
        server = subprocess.Popen(python_command('-u', HTTP_SERVER, str(port)), cwd=directory,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(server.kill)
        self.assertEqual(server.stdout.readline(), 'Serving on port %d\n' % port)
        # The example prints before it binds: retry until the server answers.
        deadline = time.monotonic() + WATCHDOG
        while True:
            try:
                connection = http.client.HTTPConnection('127.0.0.1', port, timeout=WAIT)
                try:
                    connection.request('GET', '/hello.txt')
                    response = connection.getresponse()
                    status, body = response.status, response.read()
                finally:
                    connection.close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.05)
        self.assertEqual((status, body), (200, b'hello from the example\n'))
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=CHILD_TIMEOUT)
        self.assertEqual(server.returncode, 0, err)
        self.assertEqual(out, 'Signal handler called with signal 2\nShutdown...\n')
        self.assertNotIn('Traceback', err)
        self.assertNotIn('KeyboardInterrupt', err)
        self.assertIn('"GET /hello.txt HTTP/1.1" 200', err)


class HandlerExceptionNoteTests(SignalTestCase):
    """The note: an exception from a handler may appear after any bytecode."""

    def test_keyboard_interrupt_can_appear_between_lock_acquire_and_the_with_body(self):
        class SpamContext:
            def __init__(self):
                self.lock = threading.Lock()

            def __enter__(self):
                self.lock.acquire()
                signal.raise_signal(signal.SIGINT)   # "If KeyboardInterrupt occurs here..."
                return self

            def __exit__(self, exc_type, exc_val, exc_tb):
                self.lock.release()

        self.set_handler(signal.SIGINT, signal.default_int_handler)
        spam = SpamContext()
        with self.assertRaises(KeyboardInterrupt):
            with spam:
                pass
        # "... __exit__ will not be called": the lock stays held.
        self.assertTrue(spam.lock.locked())

    def test_own_sigint_handler_avoids_keyboard_interrupt(self):
        requested = threading.Event()
        self.set_handler(signal.SIGINT, lambda signum, frame: requested.set())
        signal.raise_signal(signal.SIGINT)
        self.assertTrue(requested.is_set())


if __name__ == '__main__':
    unittest.main()
