"""The first example of the signal documentation: bound a blocking open() with alarm().

The documentation opens a serial device ('/dev/ttyS0') that may hang; this
script opens a FIFO that has no writer instead, which blocks in the same way
(opening a FIFO for reading waits until a writer opens it).  The SIGALRM
handler raises OSError, which ends the blocked open().

Usage: alarm_open.py [SECONDS] [PATH]
    SECONDS  alarm delay (default 5, as in the documentation)
    PATH     file to open for reading; default: a new FIFO in a temporary directory
Prints what happened and exits 0 in both outcomes (timed out or opened).
"""

import os
import signal
import sys
import tempfile


def handler(signum, frame):
    print('Signal handler called with signal', signum)
    raise OSError("Couldn't open device!")


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if len(sys.argv) > 2:
        path = sys.argv[2]
    else:
        directory = tempfile.mkdtemp()
        path = os.path.join(directory, 'device')
        os.mkfifo(path)
    print('Opening %s with a %d-second alarm' % (path, seconds), flush=True)

    # Set the signal handler and the alarm
    signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)

    try:
        # This open() may hang indefinitely
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        print('open() timed out:', exc)
    else:
        signal.alarm(0)          # Disable the alarm
        print('open() succeeded before the alarm')
        os.close(fd)
    finally:
        if len(sys.argv) <= 2:
            os.unlink(path)
            os.rmdir(directory)


if __name__ == '__main__':
    main()
