"""Runs the storm and fault suites under python3.11 and under sighost, and prints figures.

    /usr/bin/python3.11 python-tests/reliability/run_reliability.py [--sighost PATH]
        [--reference PATH] [--only NAME] [--repeat N] [-v]

Each interpreter runs `-m unittest test_storms test_faults` from this folder
(each scenario then starts its own children through sys.executable). The tests
append figures to a file named by $RELIABILITY_FIGURES; this runner adds them up:
signals sent (by sender processes, the test process or the child itself),
handler calls counted, faults survived (exceptions from handlers that surfaced,
RecursionErrors, race-condition and wakeup-fd reports, SIGINT outcomes), RSS at
the start and end of the RSS scenarios, and wall time.

An expected failure (a difference of sighost reported to the project, see the
reasons printed) counts as passed, an unexpected success as failed. The last
line is "reliability: N passed, M failed" over every run; the exit status is 0
only when M is 0.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULES = ('test_storms', 'test_faults')
# A verbose unittest line ("test_x (module.Class.test_x) ... ok") and the verdicts it ends with. A
# child process or a handler may write to the shared output while a test runs, pushing its verdict to
# the end of that line or alone onto a later one. A failing test still fails the run: unittest's exit
# status is checked too.
STARTED = re.compile(r'^(test\w+) \(([\w.]+)\) \.\.\. (.*)$')
VERDICTS = r'(ok|FAIL|ERROR|expected failure|unexpected success|skipped.*)'
VERDICT = re.compile(r'(?:^|\s)' + VERDICTS + '$')


def run_suite(name, interpreter, reference, verbose):
    """One unittest run; returns a dict of counts, outcomes per test, figures and seconds."""
    with tempfile.TemporaryDirectory() as scratch:
        figures_path = os.path.join(scratch, 'figures.jsonl')
        env = dict(os.environ, RELIABILITY_FIGURES=figures_path, RELIABILITY_REFERENCE=reference)
        started = time.monotonic()
        proc = subprocess.run([interpreter, '-m', 'unittest', '-v', *MODULES], cwd=HERE, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seconds = time.monotonic() - started
        figures = []
        if os.path.exists(figures_path):
            with open(figures_path) as lines:
                figures = [json.loads(line) for line in lines if line.strip()]
    output = proc.stdout
    if verbose or proc.returncode != 0:
        print(output)
    outcomes = {}
    pending = None  # a test whose verdict a child's output pushed to a later line
    for line in output.splitlines():
        started = STARTED.match(line)
        if started:
            pending = '%s.%s' % (started.group(2).rsplit('.', 1)[0], started.group(1))
            if re.fullmatch(VERDICTS, started.group(3)):
                outcomes[pending] = started.group(3)
                pending = None
                continue
            verdict = VERDICT.search(started.group(3))
        else:
            verdict = VERDICT.fullmatch(line.strip()) if pending else None
        if pending and verdict:
            print('%s: the verdict of %s came after other output: %r' % (name, pending, line))
            outcomes[pending] = verdict.group(1)
            pending = None
    ran = re.findall(r'^Ran (\d+) tests? in', output, re.M)
    ran = int(ran[-1]) if ran else 0
    counts = {key: sum(1 for o in outcomes.values() if o == key)
              for key in ('ok', 'FAIL', 'ERROR', 'expected failure', 'unexpected success')}
    counts['skipped'] = sum(1 for o in outcomes.values() if o.startswith('skipped'))
    failed = counts['FAIL'] + counts['ERROR'] + counts['unexpected success']
    passed = counts['ok'] + counts['expected failure']
    if ran == 0 or ran != len(outcomes) or (proc.returncode != 0 and failed == 0):
        # The run itself broke (a crash of the runner, unparsed output): count it as a failure.
        print('%s: unittest exited with %d after %d of %d results' % (name, proc.returncode, len(outcomes), ran))
        failed += max(1, ran - len(outcomes))
    return {'name': name, 'passed': passed, 'failed': failed, 'counts': counts, 'outcomes': outcomes,
            'figures': figures, 'seconds': seconds}


def summarise(run):
    figures = run['figures']
    total = lambda key: sum(f.get(key, 0) for f in figures)
    return {'sent': total('sent'), 'handled': total('handled'), 'faults': total('faults'),
            'forks': total('forks')}


def expected_failure_reasons():
    """{test id: reason} for the tests marked expected_failure_under_sighost."""
    sys.path.insert(0, HERE)
    reasons = {}
    for module_name in MODULES:
        module = __import__(module_name)
        for value in vars(module).values():
            if isinstance(value, type):
                for attribute, member in vars(value).items():
                    reason = getattr(member, 'sighost_expected_failure', None)
                    if reason:
                        reasons['%s.%s.%s' % (module_name, value.__name__, attribute)] = reason
    return reasons


def print_report(runs):
    print()
    print('%-12s %6s %7s %7s %6s %14s %9s %8s %6s %8s'
          % ('interpreter', 'tests', 'passed', 'failed', 'xfail', 'signals sent', 'handled', 'faults',
             'forks', 'time s'))
    for run in runs:
        s = summarise(run)
        print('%-12s %6d %7d %7d %6d %14d %9d %8d %6d %8.1f'
              % (run['name'], len(run['outcomes']), run['passed'], run['failed'],
                 run['counts']['expected failure'], s['sent'], s['handled'], s['faults'], s['forks'],
                 run['seconds']))
    print()
    print('RSS (kB, VmRSS of the child)                              start      end   growth   signals')
    for run in runs:
        for f in run['figures']:
            if 'rss_start_kb' in f and 'test_rss' in f['test']:
                print('%-12s %-40s %9d %8d %8d %9d'
                      % (run['name'], f['test'].rsplit('.', 1)[-1], f['rss_start_kb'], f['rss_end_kb'],
                         f['rss_end_kb'] - f['rss_start_kb'], f.get('handled', 0) if 'handled_signals' in f['test']
                         else f.get('sent', 0)))
    extras = []
    for run in runs:
        for f in run['figures']:
            if 'outcomes' in f:
                extras.append('%-12s SIGINT during start-up (start-up %.3fs): %s'
                              % (run['name'], f['startup_seconds'],
                                 ', '.join('%s x%d' % item for item in sorted(f['outcomes'].items()))))
            if 'recursion_depths' in f:
                extras.append('%-12s nested handler depth at RecursionError: %s'
                              % (run['name'], f['recursion_depths']))
    if extras:
        print()
        print('\n'.join(extras))
    reasons = expected_failure_reasons()
    marked = sorted({test for run in runs for test, outcome in run['outcomes'].items()
                     if outcome == 'expected failure'})
    if marked:
        print()
        print('Expected failures under sighost (differences reported to the project):')
        for test in marked:
            print('  %s\n      %s' % (test, reasons.get(test, '?')))
    bad = sorted('%s: %s %s' % (run['name'], test, outcome) for run in runs
                 for test, outcome in run['outcomes'].items()
                 if outcome in ('FAIL', 'ERROR', 'unexpected success'))
    if bad:
        print()
        print('Failed:')
        print('\n'.join('  ' + line for line in bad))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--reference', default='/usr/bin/python3.11')
    parser.add_argument('--sighost', default=os.path.join(REPO, 'host', 'sighost'))
    parser.add_argument('--only', choices=('python3.11', 'sighost'))
    parser.add_argument('--repeat', type=int, default=1, help='run each suite this many times')
    parser.add_argument('-v', '--verbose', action='store_true', help='print unittest\'s output')
    options = parser.parse_args()
    interpreters = [('python3.11', options.reference), ('sighost', os.path.abspath(options.sighost))]
    if options.only:
        interpreters = [(n, p) for n, p in interpreters if n == options.only]
    runs = []
    for repetition in range(options.repeat):
        for name, interpreter in interpreters:
            print('== %s (%s)%s' % (name, interpreter, ' run %d' % (repetition + 1) if options.repeat > 1 else ''),
                  flush=True)
            runs.append(run_suite(name, interpreter, options.reference, options.verbose))
            print('   %d passed, %d failed, %.1f s' % (runs[-1]['passed'], runs[-1]['failed'], runs[-1]['seconds']),
                  flush=True)
    print_report(runs)
    passed = sum(run['passed'] for run in runs)
    failed = sum(run['failed'] for run in runs)
    print()
    print('reliability: %d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
