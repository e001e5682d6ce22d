"""The clr benchmark: sighost's `import clr` beside plain pythonnet on the same libpython.

Usage (from the repository root, after the README's set-up):

    /usr/bin/python3.11 tests/benchmarks/clr_interop.py [--rounds N] [--baseline-sighost PATH]

Prints, from one run, medians over alternating rounds:
- the cost of `import clr` under sighost (`-c "import clr"` against `-c pass`);
- Python-to-.NET calls per second (`Math.Abs` from a Python loop) and .NET-to-Python calls per
  second (`List[int].ForEach` calling a Python function through `Action[int]`), under sighost and
  under tests/benchmarks/PlainHost (CPython hosted by pythonnet alone), with the ratio (target >= 0.9x);
- `sighost -c pass` start-up, and with --baseline-sighost (a sighost built without clr support) both
  side by side: scripts that never import clr must not start slower.
Not a test: it prints figures.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SIGHOST = os.path.join(REPO, 'host', 'sighost')
PLAIN_HOST = os.path.join(REPO, 'artifacts', 'bin', 'PlainHost', 'release', 'PlainHost')
CALLS = 200_000

THROUGHPUT = f'''
import time
import clr
from System import Math, Action
from System.Collections.Generic import List
n = {CALLS}
start = time.perf_counter()
for i in range(n):
    Math.Abs(-i)
to_dotnet = n / (time.perf_counter() - start)
items = List[int]()
for i in range(n):
    items.Add(i)
total = [0]
def add(value):
    total[0] += value
callback = Action[int](add)
start = time.perf_counter()
items.ForEach(callback)
to_python = n / (time.perf_counter() - start)
assert total[0] == n * (n - 1) // 2
print(to_dotnet, to_python, flush=True)
'''


def wall(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def throughput(interpreter, script):
    out = subprocess.run([interpreter, script], check=True, capture_output=True, text=True).stdout
    to_dotnet, to_python = map(float, out.split())
    return to_dotnet, to_python


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--rounds', type=int, default=15)
    parser.add_argument('--baseline-sighost', help='a sighost without clr support, for the start-up comparison')
    args = parser.parse_args()
    subprocess.run(['dotnet', 'build', os.path.join(HERE, 'PlainHost'), '-c', 'Release', '--nologo', '-v', 'quiet',
                    '-clp:NoSummary'], check=True, stdout=subprocess.DEVNULL)
    wall([SIGHOST, '-c', 'pass'])  # builds sighost if needed; warms the page cache

    starts = {'pass': [], 'import clr': [], 'baseline pass': []}
    calls = {'sighost': [], 'pythonnet': []}
    with tempfile.NamedTemporaryFile('w', suffix='.py') as script:
        script.write(THROUGHPUT)
        script.flush()
        for _ in range(args.rounds):
            starts['pass'].append(wall([SIGHOST, '-c', 'pass']))
            starts['import clr'].append(wall([SIGHOST, '-c', 'import clr']))
            if args.baseline_sighost:
                starts['baseline pass'].append(wall([args.baseline_sighost, '-c', 'pass']))
        for _ in range(max(3, args.rounds // 3)):
            calls['sighost'].append(throughput(SIGHOST, script.name))
            calls['pythonnet'].append(throughput(PLAIN_HOST, script.name))

    ms = {name: statistics.median(samples) * 1000 for name, samples in starts.items() if samples}
    print(f'{"measure":44} {"sighost":>14} {"pythonnet":>14} {"ratio":>7}')
    print(f'{"import clr (ms, import clr minus pass)":44} {ms["import clr"] - ms["pass"]:14.1f}')
    for index, label in ((0, 'Python -> .NET calls/s (Math.Abs)'), (1, '.NET -> Python calls/s (ForEach)')):
        ours = statistics.median(sample[index] for sample in calls['sighost'])
        theirs = statistics.median(sample[index] for sample in calls['pythonnet'])
        print(f'{label:44} {ours:14,.0f} {theirs:14,.0f} {ours / theirs:6.2f}x')
    if 'baseline pass' in ms:
        print(f'{"sighost -c pass (ms): with clr support":44} {ms["pass"]:14.1f}')
        print(f'{"sighost -c pass (ms): baseline, no clr":44} {ms["baseline pass"]:14.1f} {"":14} '
              f'{ms["pass"] / ms["baseline pass"]:6.2f}x')
    else:
        print(f'{"sighost -c pass (ms)":44} {ms["pass"]:14.1f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
