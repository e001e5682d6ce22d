"""Dumps what a program can see of `_signal` without a signal arriving: every name with its kind and
value, each function's text signature and doc, the module's doc, and the exact outcome (exception type
and message, or result) of calls with bad arguments. Run it under a CPython and under sighost on that
CPython: the two outputs must be equal, line for line.

    python3.13 pyproject-compat/signal_surface.py > a
    SIGHOST_PYTHON=python3.13 host/sighost pyproject-compat/signal_surface.py > b
    diff a b

Standard library only; runs on 3.10 to 3.13. tests/run runs it for every version (stage versions).
"""

import _signal
import signal

# Calls whose outcome must not depend on the machine's state (no signal is sent, no handler changes
# for good: the few calls that would succeed restore what they changed or act on nothing).
BAD_CALLS = [
    "signal.signal(0, signal.SIG_DFL)", "signal.signal(65, signal.SIG_DFL)", "signal.signal(-1, signal.SIG_DFL)",
    "signal.signal(2)", "signal.signal(2, 3, 4)", "signal.signal('a', signal.SIG_DFL)", "signal.signal(2, 5)",
    "signal.signal(2**40, signal.SIG_DFL)",
    "signal.getsignal(0)", "signal.getsignal(65)", "signal.getsignal('x')", "signal.getsignal(2**70)",
    "signal.strsignal(0)", "signal.strsignal(65)",
    "signal.pthread_sigmask(5, [])", "signal.pthread_sigmask(0, [0])", "signal.pthread_sigmask(0, [65])",
    "signal.pthread_sigmask(0, ['a'])", "signal.pthread_sigmask(0, 1)",
    "signal.sigtimedwait([], -1)", "signal.sigtimedwait([], 'x')", "signal.sigtimedwait([], float('nan'))",
    "signal.sigtimedwait([], 1e300)",
    "signal.alarm('x')", "signal.alarm(2**70)", "signal.alarm(-1)",
    "signal.setitimer(99, 1)", "signal.setitimer(0, 'x')", "signal.getitimer(99)",
    "signal.siginterrupt(0, 1)", "signal.siginterrupt(2, 'x')",
    "signal.pthread_kill('x', 2)", "signal.pidfd_send_signal(-1, 2)", "signal.pidfd_send_signal(0, 2, 1)",
    "signal.raise_signal(0)", "signal.raise_signal(2**40)", "signal.default_int_handler()",
    "signal.valid_signals(1)", "signal.sigpending(1)", "signal.sigwait()", "signal.sigwait(1)",
    "signal.struct_siginfo((1, 2))",
    "signal.set_wakeup_fd()", "signal.set_wakeup_fd(1, 2)", "signal.set_wakeup_fd(1, 2, 3)", "signal.set_wakeup_fd('x')",
    "signal.set_wakeup_fd(-1, bad=1)", "signal.set_wakeup_fd(2**40)", "signal.set_wakeup_fd(-2**40)",
    "signal.set_wakeup_fd(fd=-1)", "signal.set_wakeup_fd(1.5)", "signal.set_wakeup_fd('x', bad=1)",
    "signal.set_wakeup_fd(1, 2, bad=3)", "signal.set_wakeup_fd(-1, warn_on_full_buffer=[])",
    "signal.set_wakeup_fd(-1, warn_on_full_buffer=1, x=2)", "signal.set_wakeup_fd(-1, x=2, y=3)",
    "signal.set_wakeup_fd('x', warn_on_full_buffer=1)", "signal.set_wakeup_fd(-1, **{1: 2})",
    "signal.set_wakeup_fd(-1, fd=2)", "signal.set_wakeup_fd(bad=1)", "signal.set_wakeup_fd(-1, warn_on_full_buffer=True)",
    "signal.set_wakeup_fd(2**63, warn_on_full_buffer=BoolRaises())",
]


class BoolRaises:
    """An object whose truth value cannot be taken: shows the order in which arguments are converted."""

    def __bool__(self):
        raise RuntimeError("BoolRaises.__bool__")


def names():
    for name in sorted(dir(_signal)):
        value = getattr(_signal, name)
        if isinstance(value, int):
            yield f"constant {name} {type(value).__name__} {int(value)}"
        elif callable(value) and not isinstance(value, type):
            yield f"function {name} signature={getattr(value, '__text_signature__', None)!r} doc={value.__doc__!r}"
        else:
            yield f"object {name} {type(value).__name__}"
    yield f"module doc {_signal.__doc__!r}"
    # The order of the module's namespace: `from _signal import *` carries it into signal's globals,
    # so code that maps numbers to names by walking them picks the alias it picks under CPython.
    yield f"namespace order {list(vars(_signal))}"
    yield f"number to name by walking signal's globals {dict((v, k) for k, v in vars(signal).items() if k.startswith('SIG') and not k.startswith('SIG_'))}"


def outcome(expression):
    try:
        return f"returned {eval(expression)!r}"
    except BaseException as error:  # every outcome is data here
        return f"{type(error).__name__}: {error}"


def main():
    for line in names():
        print(line)
    for expression in BAD_CALLS:
        print(f"{expression} -> {outcome(expression)}")


if __name__ == "__main__":
    main()
