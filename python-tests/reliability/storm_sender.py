"""A storm sender: kill(2) in a tight loop, aimed at one process.

    <interpreter> storm_sender.py PID COUNT SIGNUMS [SECONDS]

Sends COUNT signals to PID, cycling through SIGNUMS (comma-separated numbers),
as fast as os.kill goes, and stops early after SECONDS (default 30: a guard, not
a pace) or when its stdin reaches end of file (checked every few thousand
kills; the tests close it to end an open-ended storm). Prints "SENDING" when the loop starts and "SENT n" at the end, n being
the number of kill() calls that succeeded. Exits 0, or 3 when the target is gone
(ESRCH: it was reaped, which the tests never let happen while a sender runs).

The tests start several of these at once, through sys.executable: under sighost
the senders are sighost processes too.
"""

import os
import select
import sys
import time


def stdin_closed():
    """True once stdin is at end of file (or unusable); never blocks."""
    try:
        readable, _, _ = select.select([0], [], [], 0)
        return bool(readable) and not os.read(0, 4096)
    except (OSError, ValueError):
        return True


def main():
    pid = int(sys.argv[1])
    count = int(sys.argv[2])
    signums = tuple(int(s) for s in sys.argv[3].split(','))
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
    kill = os.kill
    per_round = len(signums)
    batch = max(1, 4096 // per_round)
    sent = 0
    status = 0
    deadline = time.monotonic() + seconds
    sys.stdout.write('SENDING\n')
    sys.stdout.flush()
    try:
        while sent < count:
            rounds = min(batch, (count - sent + per_round - 1) // per_round)
            for _ in range(rounds):
                for signum in signums:
                    kill(pid, signum)
                    sent += 1
            if time.monotonic() > deadline or stdin_closed():
                break
    except ProcessLookupError:
        status = 3
    sys.stdout.write('SENT %d\n' % sent)
    sys.stdout.flush()
    return status


if __name__ == '__main__':
    sys.exit(main())
