#!/usr/bin/env python3
"""IronPython-style scripts that import clr, run under sighost and judged against pythonnet.

Each script here runs under host/sighost and under CPython hosted by plain pythonnet 3.2.1 on the
same libpython (tests/benchmarks/PlainHost); its standard output must be the same under both and end
with "done". A script with a sibling NAME.out uses what only sighost offers (IronPython's clr
functions that pythonnet lacks): its output must equal that file instead.

    python3 python-tests/clr/run_clr.py [SCRIPT...]

Ends with the line "clr: N passed, M failed"; exit status 1 if anything failed.
"""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SIGHOST = os.path.join(REPO, 'host', 'sighost')
PLAIN_PROJECT = os.path.join(REPO, 'tests', 'benchmarks', 'PlainHost')
PLAIN_HOST = os.path.join(REPO, 'artifacts', 'bin', 'PlainHost', 'release', 'PlainHost')


def run(command):
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=HERE)
    return completed.returncode, completed.stdout, completed.stderr


def main(argv):
    scripts = argv or sorted(glob.glob(os.path.join(HERE, '*.py')))
    # A bare name is one of this folder's scripts.
    scripts = [os.path.abspath(s if os.path.exists(s) else os.path.join(HERE, s))
               for s in scripts if os.path.basename(s) != 'run_clr.py']
    subprocess.run(['dotnet', 'build', PLAIN_PROJECT, '-c', 'Release', '--nologo', '-v', 'quiet',
                    '-clp:NoSummary'], check=True, stdout=subprocess.DEVNULL)
    passed = failed = 0
    for script in scripts:
        name = os.path.basename(script)
        code, out, err = run([SIGHOST, script])
        expected_file = os.path.splitext(script)[0] + '.out'
        if os.path.exists(expected_file):
            with open(expected_file) as f:
                expected, against = f.read(), os.path.basename(expected_file)
        else:
            _, expected, plain_err = run([PLAIN_HOST, script])
            against = 'pythonnet'
            if not expected.endswith('done\n'):
                print(f'  pythonnet did not finish {name}:\n{plain_err}')
        ok = code == 0 and out == expected and out.endswith('done\n')
        passed += ok
        failed += not ok
        print(f'{"ok  " if ok else "FAIL"} {name} (against {against})')
        if not ok:
            print(f'  sighost exit status {code}\n  sighost printed:\n{out}{err}\n  expected:\n{expected}')
    print(f'clr: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
