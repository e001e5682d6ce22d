"""The process a storm is aimed at.

    <interpreter> storm_subject.py WORKLOAD SIGNUMS [raise]

Installs a counting Python handler for each of SIGNUMS (comma-separated), then
runs WORKLOAD in short slices until told to stop. Between slices it polls stdin
(without blocking) for one-line commands from the test:

    burst   reply "COUNTS {json}": handler calls per signal since the last
            reply, and the RSS now
    end     reply "RESULT {json}" (totals, RSS at start and end, problems
            seen) and exit 0

It starts with "READY {json}" once its handlers are in place. Workloads:

    bytecode      pure Python arithmetic (signals arrive between bytecodes)
    allocate      lists, dicts and reference cycles, gc.collect() now and then
    spawn         threads started and joined, short subprocesses (/bin/sh,
                  /bin/echo) and, at most twice a second, a child interpreter
                  through sys.executable; every result is checked
    replace       signal.signal() in a loop: the handlers are replaced by a
                  second handler, SIG_IGN and back, while a Python thread spins

With "raise", the handler raises Boom after counting; every Boom must come out
of the workload exactly once (the RESULT has raised == caught). A flag that the
main loop clears before leaving its try block keeps a late handler call from
raising where no except clause is waiting.

Each workload checks its own results; a wrong one is listed in "problems". So
is any unraisable exception other than CPython's "Signal N ignored due to race
condition" (counted apart: signal.signal() racing with delivery may report it).
"""

import gc
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time


class Boom(Exception):
    """Raised by the handler in raise mode."""


WORKLOAD = sys.argv[1]
SIGNUMS = tuple(int(s) for s in sys.argv[2].split(','))
RAISE = len(sys.argv) > 3 and sys.argv[3] == 'raise'

burst_counts = dict.fromkeys(SIGNUMS, 0)
total_counts = dict.fromkeys(SIGNUMS, 0)
armed = False
raised = 0
caught = 0
races = 0
problems = []


def rss_kb():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return -1


# One Boom per signal, made in advance: between "raised += 1" and the raise there must be no
# call (a call is where CPython may run another handler, whose Boom would then replace this one).
BOOMS = {signum: Boom(signum) for signum in SIGNUMS}


def handler(signum, frame):
    global raised
    burst_counts[signum] += 1
    if armed:
        boom = BOOMS[signum]
        boom.__traceback__ = None
        raised += 1
        raise boom


def second_handler(signum, frame):
    burst_counts[signum] += 1


def unraisable(report):
    global races
    text = str(report.exc_value)
    if isinstance(report.exc_value, OSError) and text.endswith('ignored due to race condition'):
        races += 1
    elif len(problems) < 20:
        problems.append('unraisable: %s: %s' % (type(report.exc_value).__name__, text))


# ---- workloads: each call is one slice of a few milliseconds ----

def bytecode_slice():
    total = 0
    for i in range(20000):
        total += (i * i) % 7
    if total != 39998:
        problems.append('bytecode: %d' % total)


allocate_round = [0]


def allocate_slice():
    allocate_round[0] += 1
    records = [{'id': i, 'name': 'r%d' % i, 'tags': [i, i + 1, i + 2]} for i in range(1500)]
    index = {record['name']: record for record in records}
    for record in records:  # reference cycles for the collector
        record['self'] = record
    chunks = [list(range(50)) for _ in range(100)]
    if sum(len(r['tags']) for r in index.values()) != 4500 or sum(map(sum, chunks)) != 122500:
        problems.append('allocate: wrong totals')
    del records, index, chunks
    if allocate_round[0] % 5 == 0:
        gc.collect()


last_interpreter = [0.0]
spawned = {'threads': 0, 'processes': 0, 'interpreters': 0}


def spawn_slice():
    results = []

    def work(n):
        results.append(sum(range(n)))

    threads = [threading.Thread(target=work, args=(1000 * k,)) for k in range(1, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spawned['threads'] += len(threads)
    if sorted(results) != [sum(range(1000 * k)) for k in range(1, 4)]:
        problems.append('threads: %r' % results)
    code = spawned['processes'] % 5
    status = subprocess.run(['/bin/sh', '-c', 'exit %d' % code]).returncode
    if status != code:
        problems.append('sh exit %d gave %r' % (code, status))
    output = subprocess.run(['/bin/echo', 'echo%d' % code], stdout=subprocess.PIPE).stdout
    if output != b'echo%d\n' % code:
        problems.append('echo gave %r' % output)
    spawned['processes'] += 2
    if time.monotonic() - last_interpreter[0] > 0.5:
        child = subprocess.run([sys.executable, '-c', 'print(6 * 7)'], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
        if child.returncode != 0 or child.stdout.strip() != b'42':
            problems.append('interpreter child: %r %r %r' % (child.returncode, child.stdout, child.stderr))
        spawned['interpreters'] += 1
        last_interpreter[0] = time.monotonic()


replacements = [0]
rotation = (second_handler, signal.SIG_IGN, handler)
spinner_stop = threading.Event()


def spin():
    n = 0
    while not spinner_stop.is_set():
        n += 1


def replace_slice():
    k = replacements[0]
    for step in range(300):
        disposition = rotation[(k + step) % 3]
        for signum in SIGNUMS:
            signal.signal(signum, disposition)
    replacements[0] = k + 300
    # leave the counting handler in place between slices
    for signum in SIGNUMS:
        signal.signal(signum, handler)


SLICES = {
    'bytecode': bytecode_slice,
    'allocate': allocate_slice,
    'spawn': spawn_slice,
    'replace': replace_slice,
}


# ---- the command channel ----

pending_input = bytearray()


def next_command():
    """A complete command line from stdin if one is there, else None (never blocks)."""
    while b'\n' not in pending_input:
        readable, _, _ = select.select([0], [], [], 0)
        if not readable:
            return None
        data = os.read(0, 4096)
        if not data:
            return 'end'
        pending_input.extend(data)
    line, _, rest = bytes(pending_input).partition(b'\n')
    pending_input[:] = rest
    return line.decode().strip()


def say(kind, payload):
    sys.stdout.write('%s %s\n' % (kind, json.dumps(payload, sort_keys=True)))
    sys.stdout.flush()


def take_burst_counts():
    counts = {}
    for signum in SIGNUMS:
        counts[str(signum)] = burst_counts[signum]
        total_counts[signum] += burst_counts[signum]
        burst_counts[signum] = 0
    return counts


def main():
    global armed, caught
    work = SLICES[WORKLOAD]
    sys.unraisablehook = unraisable
    for signum in SIGNUMS:
        signal.signal(signum, handler)
    # A first handled signal of each kind (sighost compiles its delivery path on first use).
    for signum in SIGNUMS:
        os.kill(os.getpid(), signum)
    take_burst_counts()
    for signum in SIGNUMS:
        total_counts[signum] = 0
    spinner = None
    if WORKLOAD == 'replace':
        spinner = threading.Thread(target=spin, daemon=True)
        spinner.start()
    rss_start = rss_kb()
    started = time.monotonic()
    say('READY', {'pid': os.getpid(), 'rss_kb': rss_start})
    slices = 0
    while True:
        try:
            armed = RAISE
            work()
            armed = False
        except Boom:
            armed = False
            caught += 1
            continue
        slices += 1
        command = next_command()
        if command == 'burst':
            say('COUNTS', {'counts': take_burst_counts(), 'rss_kb': rss_kb()})
        elif command == 'end':
            break
        elif command is not None:
            problems.append('unknown command %r' % command)
    if spinner is not None:
        spinner_stop.set()
        spinner.join()
    take_burst_counts()
    say('RESULT', {
        'handled': {str(s): n for s, n in total_counts.items()},
        'raised': raised,
        'caught': caught,
        'races': races,
        'problems': problems,
        'slices': slices,
        'seconds': round(time.monotonic() - started, 3),
        'rss_start_kb': rss_start,
        'rss_end_kb': rss_kb(),
        'spawned': spawned,
        'replacements': replacements[0],
    })
    return 0


if __name__ == '__main__':
    sys.exit(main())
