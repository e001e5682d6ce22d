"""The sample's worker: does units of work until SIGTERM or SIGINT asks it to stop."""
import signal
import sys
import time

stopping = []


def stop(signum, frame):
    print(f'worker: {signal.Signals(signum).name} handler ran, stopping', flush=True)
    stopping.append(signum)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
print('worker: ready', flush=True)
units = 0
try:
    while not stopping:
        time.sleep(0.1)  # a unit of work
        units += 1
except TimeoutError:
    print(f'worker: timed out after {units} units', flush=True)
    raise
print(f'worker: stopped cleanly after {units} units', flush=True)
sys.exit(0)
