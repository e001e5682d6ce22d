"""The benchmark subject: runs inside the interpreter under test (python3.11 or sighost).

run_benchmarks.py starts it as `<interpreter> subject.py KIND [MODE]` and talks to it over stdin and
stdout. Timestamps are CLOCK_MONOTONIC nanoseconds, taken at the handler's first line (delivery) or
where the exception surfaces (interruption), written to stdout as 8-byte little-endian integers.
"""
import json
import os
import select
import signal
import struct
import sys
import threading
import time

MONOTONIC = time.CLOCK_MONOTONIC
OUT = sys.stdout.fileno()


class Interrupted(Exception):
    """Raised by the interrupting handler."""


def stamp():
    return time.clock_gettime_ns(MONOTONIC)


def report(nanoseconds):
    os.write(OUT, struct.pack('<q', nanoseconds))


def ready():
    os.write(OUT, b'READY\n')


def delivery(mode):
    """A returning SIGUSR1 handler stamps its first line; the main thread stays in MODE."""
    def handler(signum, frame):
        report(stamp())

    signal.signal(signal.SIGUSR1, handler)
    idle_r, idle_w = os.pipe()  # never written: os.read on it blocks for good
    if mode == 'select':
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
    ready()
    if mode == 'bytecode':
        counter = 0
        while True:
            counter += 1
    elif mode == 'sleep':
        while True:
            time.sleep(60)
    elif mode == 'read':
        while True:
            os.read(idle_r, 1)
    elif mode == 'select':
        while True:
            readable, _, _ = select.select([wake_r], [], [], 60)
            if readable:
                os.read(wake_r, 64)


def interruption(mode):
    """A raising SIGUSR1 handler; the stamp is taken where the exception comes out of MODE's call."""
    def handler(signum, frame):
        raise Interrupted

    signal.signal(signal.SIGUSR1, handler)
    idle_r, idle_w = os.pipe()
    held = threading.Lock()
    held.acquire()
    calls = {
        'sleep': lambda: time.sleep(60),
        'read': lambda: os.read(idle_r, 1),
        'lock': lambda: held.acquire(),
        'select': lambda: select.select([idle_r], [], [], 60),
    }
    call = calls[mode]
    ready()
    while True:
        try:
            call()
        except Interrupted:
            report(stamp())


def self_signal(seconds):
    """Round trips per second: os.kill(os.getpid()) and raise_signal, each with its handler run."""
    count = [0]

    def handler(signum, frame):
        count[0] += 1

    signal.signal(signal.SIGUSR1, handler)
    pid = os.getpid()
    results = {}
    for name, send in (('os.kill(getpid)', lambda: os.kill(pid, signal.SIGUSR1)),
                       ('raise_signal', lambda: signal.raise_signal(signal.SIGUSR1))):
        count[0] = 0
        end = time.perf_counter() + seconds
        sent = 0
        start = time.perf_counter()
        while time.perf_counter() < end:
            for _ in range(100):
                send()
            sent += 100
        elapsed = time.perf_counter() - start
        results[name] = {'per_second': sent / elapsed, 'handled': count[0], 'sent': sent}
    print(json.dumps(results))


def module_calls(seconds):
    """Calls per second of signal module functions (the enum-wrapping signal.py layer included)."""
    handler = lambda signum, frame: None  # noqa: E731
    calls = {
        'getsignal': lambda: signal.getsignal(signal.SIGUSR1),
        'signal': lambda: signal.signal(signal.SIGUSR1, handler),
        'pthread_sigmask': lambda: signal.pthread_sigmask(signal.SIG_BLOCK, ()),
        'valid_signals': lambda: signal.valid_signals(),
    }
    results = {}
    for name, call in calls.items():
        calls_made = 0
        start = time.perf_counter()
        end = start + seconds
        while time.perf_counter() < end:
            for _ in range(200):
                call()
            calls_made += 200
        results[name] = calls_made / (time.perf_counter() - start)
    print(json.dumps(results))


def storm():
    """Counts SIGUSR1/SIGUSR2 handler runs while the main thread runs bytecode, until stdin closes."""
    counts = {signal.SIGUSR1: 0, signal.SIGUSR2: 0}

    def handler(signum, frame):
        counts[signum] += 1

    signal.signal(signal.SIGUSR1, handler)
    signal.signal(signal.SIGUSR2, handler)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    ready()
    spins = 0
    while not done.is_set():
        spins += 1
    print(json.dumps({'SIGUSR1': counts[signal.SIGUSR1], 'SIGUSR2': counts[signal.SIGUSR2]}))


def main():
    kind = sys.argv[1]
    if kind == 'delivery':
        delivery(sys.argv[2])
    elif kind == 'interruption':
        interruption(sys.argv[2])
    elif kind == 'self-signal':
        self_signal(float(sys.argv[2]))
    elif kind == 'calls':
        module_calls(float(sys.argv[2]))
    elif kind == 'storm':
        storm()
    else:
        sys.exit(f'unknown kind {kind}')


if __name__ == '__main__':
    main()
