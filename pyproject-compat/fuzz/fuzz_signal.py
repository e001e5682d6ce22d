"""Differential fuzz runner for the signal module: runs INSIDE the interpreter under test.

    python fuzz_signal.py --seed N --calls M [--snapshot-every K] [--reset-every R] [--only LIST]

(--only 3,10-12 runs just those calls of the sequence, numbered as in the full run: a way to
reduce a divergence to a few calls.)

Executes the call sequence generate.py derives from the seed and prints one line per call:

    00042 _signal.signal(SIGUSR1, h_rec) -> <Handlers.SIG_DFL: 0>
    00043 _signal.raise_signal(SIGUSR1) -> None
          . ran h_rec(10) in invoke
    00044 _signal.alarm(1.5) !! TypeError: 'float' object cannot be interpreted as an integer

then after every K calls a state line ("== state": pending signals, the thread's mask, the three
itimers, the wakeup fd and getsignal() of every valid signal), and after every R calls a reset to
the start-up state ("== reset"). Lines starting with "      ." are events seen after a call:
handlers that ran (with the frame they were given), warnings, unraisable exceptions (failed
wakeup-fd writes), bytes read from the wakeup descriptors, and the runner's own guards.

Everything printed is normalised to be identical across processes and interpreters: descriptor
numbers become the pool's names (pipe_nb_w, ...), object addresses are removed, process ids
become <pid>, sets are sorted, and times remaining on alarm()/itimers become "armed".

Guards (why the process never dies, stops or hangs; each guard prints what it did):
  - before raise_signal(s)/pthread_kill(t, s): if s's handler is neither a Python callable nor
    SIG_IGN (SIGCHLD, SIGURG, SIGWINCH excepted: their default is to ignore), install h_rec;
  - before alarm()/setitimer(): the same for SIGALRM / SIGVTALRM / SIGPROF;
  - before pthread_sigmask(): a pending signal whose handler is not safe is consumed with
    sigtimedwait(..., 0), so that unblocking it cannot kill the process;
  - after every step: an itimer still armed is disarmed (steps disarm their own timers, so this
    never fires unless something diverged).
Standard library only.
"""

import argparse
import math
import operator
import os
import re
import socket
import sys
import threading
import time
import warnings
from pathlib import Path

import _signal
import signal

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import (NEVER_DELIVER, NSIG, TIMER_NAMES, TIMER_SIGNAL, VALID_SIGNALS,  # noqa: E402
                      Lit, Obj, Seq, Sym, generate)

DEFAULT_IGNORED = {17, 23, 28}  # SIGCHLD, SIGURG, SIGWINCH: harmless to deliver with SIG_DFL
CLOSED_FD = 1000                # a descriptor nothing opens (the kernel hands out the lowest free)
OUT = []                        # output lines, flushed after every step

# ---------------------------------------------------------------- events seen during a call

EVENTS = []  # handler runs, warnings and unraisable exceptions, in the order they happened


def frame_name(frame):
    return frame.f_code.co_name if frame is not None else None


def h_rec(signum, frame):
    EVENTS.append(f"ran h_rec({signum!r}) in {frame_name(frame)}")


def h_raise(signum, frame):
    EVENTS.append(f"ran h_raise({signum!r}) in {frame_name(frame)}")
    raise ValueError(f"h_raise({signum!r})")


def h_arity():  # a handler that cannot take (signum, frame): TypeError when the signal arrives
    EVENTS.append("ran h_arity")


def record_warning(message, category, filename, lineno, file=None, line=None):
    EVENTS.append(f"warning {category.__name__}: {message} ({Path(filename).name}:{lineno})")


class StderrRecorder:
    """Stands in for sys.stderr: text the interpreter writes there becomes an event."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text
        while "\n" in self.text:
            line, self.text = self.text.split("\n", 1)
            EVENTS.append(f"stderr {line}")
        return len(text)

    def flush(self):
        if self.text:
            EVENTS.append(f"stderr {self.text}")
            self.text = ""


def record_unraisable(info):
    EVENTS.append(f"unraisable {type(info.exc_value).__name__}: {info.exc_value} "
                  f"err_msg={info.err_msg!r} object={info.object!r}")


# ---------------------------------------------------------------- helper classes for arguments

class MyInt(int):
    pass


class Idx:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value

    def __repr__(self):
        return f"Idx({self.value!r})"


class IdxBad:
    def __index__(self):
        return "x"

    def __repr__(self):
        return "IdxBad()"


class IdxRaise:
    def __index__(self):
        raise RuntimeError("IdxRaise.__index__")

    def __repr__(self):
        return "IdxRaise()"


class EqTrue:  # equal to everything: signal() takes it for SIG_IGN
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __repr__(self):
        return "EqTrue()"


class EqRaise:
    def __eq__(self, other):
        raise RuntimeError("EqRaise.__eq__")

    __hash__ = object.__hash__

    def __repr__(self):
        return "EqRaise()"


class CallObj:
    def __call__(self, signum, frame):
        EVENTS.append(f"ran CallObj({signum!r}) in {frame_name(frame)}")

    def __repr__(self):
        return "CallObj()"


class Opaque:
    def __repr__(self):
        return "Opaque()"


class BoolRaise:
    def __bool__(self):
        raise RuntimeError("BoolRaise.__bool__")

    def __repr__(self):
        return "BoolRaise()"


class FloatOnly:
    def __init__(self, value):
        self.value = value

    def __float__(self):
        return float(self.value)

    def __repr__(self):
        return f"FloatOnly({self.value!r})"


def genraise(items):
    yield from items
    raise RuntimeError("genraise")


OBJ_CLASSES = {"MyInt": MyInt, "Idx": Idx, "IdxBad": IdxBad, "IdxRaise": IdxRaise,
               "EqTrue": EqTrue, "EqRaise": EqRaise, "CallObj": CallObj, "Opaque": Opaque,
               "BoolRaise": BoolRaise, "FloatOnly": FloatOnly}
HANDLERS = {"h_rec": h_rec, "h_raise": h_raise, "h_arity": h_arity,
            "default_int_handler": _signal.default_int_handler}
NAMES_BY_ID = {id(obj): name for name, obj in HANDLERS.items()}


# ---------------------------------------------------------------- descriptors

class FdPool:
    """Pipes and socket pairs, blocking and not, opened once; plus a closed number."""

    def __init__(self):
        self.sockets = []
        self.fds = {}
        r, w = os.pipe()
        os.set_blocking(r, False)
        os.set_blocking(w, False)
        self.fds.update(pipe_nb_r=r, pipe_nb_w=w)
        r, w = os.pipe()
        self.fds.update(pipe_b_r=r, pipe_b_w=w)
        for prefix, blocking in (("sock_nb", False), ("sock_b", True)):
            a, b = socket.socketpair()
            a.setblocking(blocking)
            b.setblocking(blocking)
            self.sockets += [a, b]
            self.fds.update({f"{prefix}_a": a.fileno(), f"{prefix}_b": b.fileno()})
        self.fds["closed"] = CLOSED_FD
        self.names = {number: name for name, number in self.fds.items()}
        self.readable = [("pipe_nb_r", self.fds["pipe_nb_r"]),
                         ("sock_nb_a", self.sockets[0]), ("sock_nb_b", self.sockets[1])]

    def check_closed(self):
        try:
            os.fstat(CLOSED_FD)
        except OSError:
            return "closed"
        return "OPEN (the 'closed' descriptor is open: results will differ)"

    def drain(self):
        """Bytes waiting on the non-blocking read ends (where wakeup-fd writes land)."""
        found = []
        for name, end in self.readable:
            data = b""
            while True:
                try:
                    chunk = end.recv(4096) if isinstance(end, socket.socket) else os.read(end, 4096)
                except (BlockingIOError, InterruptedError):
                    break
                if not chunk:
                    break
                data += chunk
            if data:
                found.append(f"wakeup bytes on {name}: {data!r}")
        return found

    def name(self, number):
        return self.names.get(number, repr(number))

    def close(self):
        for sock in self.sockets:
            sock.close()
        for name in ("pipe_nb_r", "pipe_nb_w", "pipe_b_r", "pipe_b_w"):
            os.close(self.fds[name])


# ---------------------------------------------------------------- building argument specs

class Builder:
    def __init__(self, pool):
        self.pool = pool

    def build(self, spec):
        if isinstance(spec, Lit):
            return spec.value
        if isinstance(spec, Sym):
            return self.symbol(spec.name)
        if isinstance(spec, Obj):
            cls = OBJ_CLASSES[spec.kind]
            return cls(self.build(spec.arg)) if spec.arg is not None else cls()
        if isinstance(spec, Seq):
            return self.sequence(spec)
        raise TypeError(f"unknown spec {spec!r}")

    def symbol(self, name):
        if name.startswith("fd:"):
            return self.pool.fds[name[3:]]
        if name == "ident":
            return threading.get_ident()
        if name == "valid_signals()":
            return signal.valid_signals()
        if name in HANDLERS:
            return HANDLERS[name]
        if name == "len":
            return len
        return getattr(signal, name)

    def sequence(self, spec):
        items = [self.build(item) for item in spec.items]
        kind = spec.kind
        if kind == "list":
            return items
        if kind == "gen":
            return (item for item in items)
        if kind == "genraise":
            return genraise(items)
        if kind == "dictkeys":
            return dict.fromkeys(items)
        if kind == "range":
            return range(*items)
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)


# ---------------------------------------------------------------- normalising results

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def norm(value):
    """repr() made stable across processes."""
    if id(value) in NAMES_BY_ID:
        return NAMES_BY_ID[id(value)]
    if isinstance(value, (set, frozenset)):
        items = sorted(value, key=lambda x: (0, int(x), "") if isinstance(x, int)
                       else (1, 0, repr(x)))
        inner = ", ".join(norm(item) for item in items)
        return f"{type(value).__name__}({{{inner}}})"
    if type(value) in (tuple, list):
        inner = ", ".join(norm(item) for item in value)
        return f"({inner}{',' if len(value) == 1 else ''})" if type(value) is tuple else f"[{inner}]"
    text = repr(value)
    if type(value).__name__ == "struct_siginfo":
        text = text.replace(f"si_pid={os.getpid()},", "si_pid=<pid>,")
        text = text.replace(f"si_uid={os.getuid()},", "si_uid=<uid>,")
        # si_band shares its storage with si_pid and si_uid: pid | uid << 32
        text = text.replace(f"si_band={os.getpid() | os.getuid() << 32})", "si_band=<pid|uid>)")
    return ADDRESS.sub("", text)


def timer_bucket(value):
    """A time remaining is only "armed" or not: its exact value depends on when it is read."""
    if isinstance(value, float):
        return "0.0" if value == 0.0 else "armed"
    return norm(value)


def norm_result(func, result, pool):
    if func == "alarm" and type(result) is int:
        return "0" if result == 0 else "armed"
    if func in ("getitimer", "setitimer") and type(result) is tuple and len(result) == 2:
        return f"({timer_bucket(result[0])}, {norm(result[1])})"
    if func == "set_wakeup_fd" and type(result) is int:
        return pool.name(result)
    return norm(result)


FD_IN_TEXT = re.compile(r"\bfd (-?\d+)")


def norm_exception(error, pool):
    cls = type(error)
    module = "" if cls.__module__ == "builtins" else cls.__module__ + "."
    text = f"{module}{cls.__qualname__}: {error}"
    if error.args != (str(error),) and not (error.args == () and str(error) == ""):
        text += f" args={error.args!r}"
    for label, linked in (("cause", error.__cause__), ("context", error.__context__)):
        if linked is not None:
            text += f" ({label}: {type(linked).__qualname__}: {linked})"
    text = FD_IN_TEXT.sub(lambda m: "fd " + pool.name(int(m.group(1))), text)
    return ADDRESS.sub("", text)


# ---------------------------------------------------------------- guards

def safe_handler(handler):
    """True if delivering the signal cannot kill, stop or core-dump the process."""
    return callable(handler) or (isinstance(handler, int) and handler == 1)  # SIG_IGN


def int_candidates(obj):
    """Integers an argument might turn into (generously: finite floats count too)."""
    found = set()
    try:
        found.add(operator.index(obj))
    except Exception:
        pass
    if isinstance(obj, float) and math.isfinite(obj):
        found.add(int(obj))
    return found


def candidates(obj):
    """Signal numbers an argument might turn into."""
    return {n for n in int_candidates(obj) if 1 <= n < NSIG}


def may_arm(args, index):
    """False only if the time argument is certainly zero (a disarming call)."""
    if len(args) <= index:
        return True
    value = args[index]
    if isinstance(value, float):
        return value != 0.0
    try:
        return operator.index(value) != 0
    except Exception:
        return True  # the call will fail; guarding costs nothing


def make_deliverable(signum, notes):
    """Install h_rec on signum unless delivering it is already harmless; False if it never is."""
    if signum in NEVER_DELIVER:
        return False
    if signum in DEFAULT_IGNORED:
        return True
    if not safe_handler(_signal.getsignal(signum)):
        _signal.signal(signum, h_rec)
        notes.append(f"guard: signal({signum}, h_rec) before delivering it")
    return True


def guard(call, args, notes):
    """Make `call` harmless; False if it must be skipped (never happens unless generate.py errs)."""
    func = call.func
    if func == "raise_signal" and args:
        return all(make_deliverable(n, notes) for n in sorted(candidates(args[0])))
    if func == "pthread_kill" and len(args) >= 2:
        return all(make_deliverable(n, notes) for n in sorted(candidates(args[1])))
    if func == "alarm" and may_arm(args, 0):
        return make_deliverable(TIMER_SIGNAL[0], notes)
    if func == "setitimer" and args and may_arm(args, 1):
        for which in sorted(int_candidates(args[0]) & set(TIMER_SIGNAL)):
            make_deliverable(TIMER_SIGNAL[which], notes)
        return True
    if func == "pthread_sigmask":
        for signum in sorted(_signal.sigpending()):
            if signum in NEVER_DELIVER or (signum not in DEFAULT_IGNORED
                                           and not safe_handler(_signal.getsignal(signum))):
                consumed = 0
                while _signal.sigtimedwait([signum], 0) is not None:  # real-time ones queue
                    consumed += 1
                notes.append(f"guard: consumed pending {signum} x{consumed} "
                             "before changing the mask")
    return True


def disarm_leftover_timers(notes):
    for which in (0, 1, 2):
        if _signal.getitimer(which)[0] > 0.0:
            _signal.setitimer(which, 0)
            notes.append(f"guard: disarmed {TIMER_NAMES[which]} left armed")


# ---------------------------------------------------------------- pseudo-calls

def wait_timer(which):
    """Wait (at most 3 s) until a one-shot itimer has expired; its handler runs in here."""
    deadline = time.monotonic() + 3.0
    while _signal.getitimer(which)[0] > 0.0:
        if time.monotonic() > deadline:
            return "still armed after 3 s"
        if which == _signal.ITIMER_REAL:
            time.sleep(0.0002)
    for _ in range(3):  # backward jumps: a signal tripped by the last getitimer runs here
        pass
    return "expired"


PSEUDO = {"wait_timer": wait_timer}


# ---------------------------------------------------------------- running calls

def drain_events(pool):
    """The event lines of what happened since the last drain."""
    sys.stderr.flush()
    events = EVENTS[:] + pool.drain()
    EVENTS.clear()
    return [f"      . {e}" for e in events]


def settle():
    """Give tripped handlers and pending calls (unraisable reports) their chance to run.

    A Python call and a loop are check points of the eval loop; str() of an int calls
    PyErr_CheckSignals() explicitly (CPython's int-to-decimal conversion does, once per digit).
    The explicit call matters: when a handler that ran Python code is followed by one that
    raises, CPython leaves the other tripped signals for the next PyErr_CheckSignals() without
    setting the eval breaker again, so no plain check point would run them.
    """
    for _ in range(3):
        pass
    str(SIGCHECK_INT)


SIGCHECK_INT = 10**20


# When a Python handler raises, CPython stops running handlers and leaves the other tripped
# signals for the interpreter's next check, which can be at almost any bytecode (a function's
# entry, a loop's back edge, a call of a C function). So after a call, the runner lets those
# handlers run inside `try` blocks until one settle() passes without exception. A Python loop
# cannot do it (its back edge is itself a check, outside the `try`), so invoke() is unrolled:
# the call, then NSIG times "try: settle() / except: record" with no check point in between.
# Each outcome is ("->", result), ("!!", exception of the call) or ("late", exception of a
# handler that ran after the call).
INVOKE_SOURCE = """
def invoke(function, args, kwargs, outcomes):
    try:
        outcomes += (("->", function(*args, **kwargs)),)
    except BaseException as error:
        outcomes += (("!!", error),)
""" + """    try:
        settle()
        return
    except BaseException as error:
        outcomes += (("late", error),)
""" * NSIG
_namespace = {"settle": settle}  # invoke's only global
exec(compile(INVOKE_SOURCE, "<invoke>", "exec"), _namespace)
invoke = _namespace["invoke"]


def resolve(call):
    if call.module == "fuzz":
        return PSEUDO[call.func]
    return getattr(signal if call.module == "signal" else _signal, call.func)


def run_call(number, call, builder, pool):
    notes = []
    head = f"{number:05d} {call.describe()}"
    try:
        args = [builder.build(a) for a in call.args]
        kwargs = {k: builder.build(v) for k, v in call.kwargs}
        if not guard(call, args, notes):
            OUT.extend(f"      . {n}" for n in notes)
            OUT.append(f"{head} skipped: would deliver a forbidden signal")
            return
        OUT.extend(f"      . {n}" for n in notes)
        outcomes = []
        invoke(resolve(call), args, kwargs, outcomes)
        del args, kwargs
    except BaseException as error:  # raised by the runner itself: a bug in this file
        outcomes = [("!! runner error", error)]
    (kind, value), late = outcomes[0], outcomes[1:]
    if kind == "->":
        line = f"{head} -> {norm_result(call.func, value, pool)}"
    else:
        line = f"{head} {kind} {norm_exception(value, pool)}"
    line += "".join(f"\n      . late: {norm_exception(error, pool)}" for _, error in late)
    OUT.append(line)
    OUT.extend(drain_events(pool))


# ---------------------------------------------------------------- state snapshot and reset

def snapshot(label, pool):
    pending = sorted(int(s) for s in _signal.sigpending())
    mask = sorted(int(s) for s in _signal.pthread_sigmask(_signal.SIG_BLOCK, []))
    timers = ", ".join(f"{TIMER_NAMES[w]}={norm_result('getitimer', _signal.getitimer(w), pool)}"
                       for w in (0, 1, 2))
    wakeup = _signal.set_wakeup_fd(-1)
    if wakeup != -1:
        _signal.set_wakeup_fd(wakeup)  # warn_on_full_buffer goes back to its default, True
    handlers = " ".join(f"{s}:{norm(_signal.getsignal(s))}" for s in VALID_SIGNALS)
    OUT.append(f"== state {label}: pending={pending} mask={mask} {timers} "
               f"wakeup={pool.name(wakeup)} handlers: {handlers}")


class StartState:
    def __init__(self):
        self.handlers = {s: _signal.getsignal(s) for s in VALID_SIGNALS}
        self.mask = _signal.pthread_sigmask(_signal.SIG_BLOCK, [])


def reset(label, start, pool):
    """Back to the start-up state: no pending signal, timers off, no wakeup fd, mask, handlers."""
    problems = []
    consumed = []
    for _ in range(200):
        info = _signal.sigtimedwait(VALID_SIGNALS, 0)
        if info is None:
            break
        consumed.append(info.si_signo)
    for which in (0, 1, 2):
        _signal.setitimer(which, 0)
    _signal.set_wakeup_fd(-1)
    _signal.pthread_sigmask(_signal.SIG_SETMASK, start.mask)
    for signum, handler in start.handlers.items():
        if handler is not None and _signal.getsignal(signum) is not handler:
            try:
                _signal.signal(signum, handler)
            except Exception as error:
                problems.append(f"{signum}: {norm_exception(error, pool)}")
    settle()
    OUT.append(f"== reset {label}: consumed={consumed} problems={problems}")
    OUT.extend(drain_events(pool))


def surface():
    """The module's names, kinds, values and signatures (docstrings are not compared)."""
    lines = []
    for name in sorted(n for n in dir(_signal) if not n.startswith("__")):
        obj = getattr(_signal, name)
        if isinstance(obj, int):
            lines.append(f"== surface {name} = {obj!r}")
        else:
            lines.append(f"== surface {name}: {type(obj).__name__} {norm(obj)} "
                         f"sig={getattr(obj, '__text_signature__', None)!r} "
                         f"module={getattr(obj, '__module__', None)!r}")
    return lines


# ---------------------------------------------------------------- main

def flush():
    if OUT:
        sys.stdout.write("\n".join(OUT) + "\n")
        sys.stdout.flush()
        OUT.clear()


def parse_numbers(text):
    """"3,10-12" -> {3, 10, 11, 12}"""
    numbers = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--snapshot-every", type=int, default=25)
    parser.add_argument("--reset-every", type=int, default=250)
    parser.add_argument("--only", metavar="LIST",
                        help="run only these call numbers, e.g. 3,10-12 (to reduce a divergence)")
    options = parser.parse_args()
    only = parse_numbers(options.only) if options.only else None

    warnings.simplefilter("always")
    warnings.showwarning = record_warning
    sys.unraisablehook = record_unraisable
    sys.stderr = StderrRecorder()
    pool = FdPool()
    builder = Builder(pool)
    start = StartState()

    OUT.append(f"== fuzz_signal seed={options.seed} calls={options.calls} "
               f"closed fd {pool.check_closed()}")
    OUT.extend(surface())
    snapshot("at start", pool)
    number = 0
    next_snapshot = options.snapshot_every
    next_reset = options.reset_every
    for step in generate(options.seed, options.calls):
        for call in step:
            number += 1
            if only is None or number in only:
                run_call(number, call, builder, pool)
        notes = []
        disarm_leftover_timers(notes)
        OUT.extend(f"      . {n}" for n in notes)
        if number >= next_snapshot:
            snapshot(f"after {number}", pool)
            next_snapshot = number + options.snapshot_every
        if number >= next_reset:
            reset(f"after {number}", start, pool)
            next_reset = number + options.reset_every
        flush()
    reset("at end", start, pool)
    snapshot("at end", pool)
    OUT.append(f"== end: {number} calls")
    flush()
    pool.close()


if __name__ == "__main__":
    try:
        main()
    finally:
        sys.stderr = sys.__stderr__  # a crash of the runner itself shows its traceback
