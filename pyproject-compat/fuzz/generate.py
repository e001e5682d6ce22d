"""Seeded generator of call sequences over every function of `signal` / `_signal`.

The sequence depends on the seed only: it uses one random.Random(seed), constant tables (Linux
x86-64 signal numbers are hard-coded, never read from the module under test) and no hash-ordered
collection of strings. It never looks at the interpreter it runs in, so python3.11 and sighost
run the very same calls.

A call's arguments are value *specs* (Lit, Sym, Obj, Seq below): plain data that describe()
prints the same way everywhere and that fuzz_signal.py builds into real objects at run time
(file descriptors, handlers and thread ids differ from one process to the next).

Steps. generate() yields steps: a step is a list of Calls run back to back. Most steps hold one
call; "compounds" keep dangerous state short-lived and deterministic:
  - alarm(n) ... alarm(0): an alarm is always disarmed by the next calls of the same step;
  - setitimer(which, t) [wait_timer(which)] [getitimer(which)] setitimer(which, 0): a small delay
    is followed by a pseudo-call that waits until the one-shot timer has expired (so the handler
    runs at a fixed point), a large one is simply disarmed;
  - a few scenario steps (block + raise + sigpending/sigtimedwait, SIG_IGN + raise, wakeup fd +
    raise, handler + pthread_kill) that random single calls would rarely assemble.

What is never generated, because it would kill, stop or hang the process:
  - pause(): it blocks until a signal arrives (left out entirely);
  - sigwait()/sigwaitinfo() with a set that converts: every set given to them has a member that
    fails the conversion (or is not iterable), so they raise before waiting;
  - sigtimedwait() with a timeout other than 0, a few microseconds, or an invalid value;
  - raise_signal()/pthread_kill() of SIGKILL, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, the hardware
    faults (which the .NET runtime handles in sighost), 32/33 (glibc's internal signals) and
    SIGRTMIN (CoreCLR's GC signal); any other signal may be delivered, and the runner makes sure
    a Python handler or SIG_IGN is installed first (see fuzz_signal.py, "guards");
  - pthread_kill() to any thread but the caller (an invalid pthread_t crashes glibc), and
    pidfd_send_signal() with a real pidfd (only invalid or non-pidfd descriptors are used);
  - a callable handler for SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP or SIGRTMIN: sighost refuses
    it by design (README, "Differences from CPython"); SIG_DFL/SIG_IGN for them are generated.
"""

import math
import random
from dataclasses import dataclass, field

# ---------------------------------------------------------------- constant tables (Linux x86-64)

SIGNAL_NAMES = {
    1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
    8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
    14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP",
    20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ",
    26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGIO", 30: "SIGPWR", 31: "SIGSYS",
    34: "SIGRTMIN", 64: "SIGRTMAX",
}
ALIASES = {"SIGIOT": 6, "SIGCLD": 17, "SIGPOLL": 29}
NSIG = 65
VALID_SIGNALS = [n for n in range(1, NSIG) if n not in (32, 33)]
# sighost refuses a callable handler for these (documented difference): never generate one.
NO_CALLABLE = {4, 5, 7, 8, 11, 34}
# Never delivered to the process (see the module docstring).
NEVER_DELIVER = {4, 5, 7, 8, 9, 11, 19, 20, 21, 22, 32, 33, 34}
DELIVERABLE = [n for n in VALID_SIGNALS if n not in NEVER_DELIVER]
# Signals most steps pick, so that calls on the same signal meet (block, then raise, then wait...).
HOT = [10, 12, 14, 2, 15, 1, 17, 26, 27, 28, 35, 50, 64]
HOT_DELIVERABLE = [n for n in HOT if n not in NEVER_DELIVER]
TIMER_SIGNAL = {0: 14, 1: 26, 2: 27}  # ITIMER_REAL/VIRTUAL/PROF -> SIGALRM/SIGVTALRM/SIGPROF
TIMER_NAMES = {0: "ITIMER_REAL", 1: "ITIMER_VIRTUAL", 2: "ITIMER_PROF"}
MASK_HOW_NAMES = {0: "SIG_BLOCK", 1: "SIG_UNBLOCK", 2: "SIG_SETMASK"}

# Positional parameter names (CPython 3.11 Argument Clinic / signal.py), for keyword mutations.
PARAMS = {
    "signal": ["signalnum", "handler"], "getsignal": ["signalnum"], "strsignal": ["signalnum"],
    "valid_signals": [], "raise_signal": ["signalnum"], "alarm": ["seconds"],
    "setitimer": ["which", "seconds", "interval"], "getitimer": ["which"],
    "siginterrupt": ["signalnum", "flag"], "set_wakeup_fd": ["fd"],
    "pthread_sigmask": ["how", "mask"], "sigpending": [], "sigwait": ["sigset"],
    "sigwaitinfo": ["sigset"], "sigtimedwait": ["sigset", "timeout"],
    "pthread_kill": ["thread_id", "signalnum"],
    "pidfd_send_signal": ["pidfd", "sig", "siginfo", "flags"], "default_int_handler": [],
}
# Functions whose arguments may be mutated (dropped, extra, keywords) without risk: a call that
# could block or deliver keeps a shape whose mutations still fail before blocking/delivering.
MUTABLE = set(PARAMS)


# ---------------------------------------------------------------- value specs

class Spec:
    """A value to build at run time; describe() is its stable text."""


@dataclass(frozen=True)
class Lit(Spec):
    """A plain literal: int, float, str, bytes, bool or None."""
    value: object

    def describe(self):
        v = self.value
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**64:
            return ("-" if v < 0 else "") + f"(1<<{abs(v).bit_length() - 1})"
        if isinstance(v, float) and not math.isfinite(v):
            return f"float('{v}')"
        return repr(v)


@dataclass(frozen=True)
class Sym(Spec):
    """A name resolved by the runner: a module constant (SIGUSR1, SIG_IGN, ITIMER_REAL, NSIG),
    a handler (h_rec, ...), 'ident' (threading.get_ident()), 'fd:NAME' (a descriptor of the pool)."""
    name: str

    def describe(self):
        return self.name


@dataclass(frozen=True)
class Obj(Spec):
    """An instance of one of the runner's helper classes: MyInt(x), Idx(x), IdxBad(), IdxRaise(),
    EqTrue(), EqRaise(), CallObj(), Opaque(), BoolRaise(), FloatOnly(x). `arg` is a Spec or None."""
    kind: str
    arg: Spec | None = None

    def describe(self):
        return f"{self.kind}({self.arg.describe() if self.arg is not None else ''})"


@dataclass(frozen=True)
class Seq(Spec):
    """A container or iterable: list, tuple, set, frozenset, gen (a generator), genraise (a
    generator that raises after its items), range (items = start, stop), dictkeys (a dict)."""
    kind: str
    items: tuple = ()

    def describe(self):
        inner = ", ".join(i.describe() for i in self.items)
        if self.kind == "list":
            return f"[{inner}]"
        if self.kind == "tuple":
            return f"({inner}{',' if len(self.items) == 1 else ''})"
        if self.kind == "set":
            return f"{{{inner}}}" if self.items else "set()"
        if self.kind == "frozenset":
            return f"frozenset({{{inner}}})" if self.items else "frozenset()"
        return f"{self.kind}({inner})"


def int_value(spec):
    """The integer a spec converts to with __index__, or None (used to steer generation only)."""
    if isinstance(spec, Lit) and isinstance(spec.value, int):
        return int(spec.value)
    if isinstance(spec, Sym):
        if spec.name in ALIASES:
            return ALIASES[spec.name]
        named = {name: number for number, name in SIGNAL_NAMES.items()}
        named.update({name: number for number, name in TIMER_NAMES.items()})
        named.update({name: number for number, name in MASK_HOW_NAMES.items()})
        named["NSIG"] = NSIG
        return named.get(spec.name)
    if isinstance(spec, Obj) and spec.kind in ("MyInt", "Idx") and spec.arg is not None:
        return int_value(spec.arg)
    return None


@dataclass
class Call:
    """One call: `module` is "signal", "_signal" or "fuzz" (a pseudo-call of the runner)."""
    module: str
    func: str
    args: list = field(default_factory=list)
    kwargs: list = field(default_factory=list)  # [(name, Spec)], in order

    def describe(self):
        parts = [a.describe() for a in self.args]
        parts += [f"{k}={v.describe()}" for k, v in self.kwargs]
        return f"{self.module}.{self.func}({', '.join(parts)})"


# ---------------------------------------------------------------- value generators

BIG_INTS = [2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**32, 2**63, 2**64, -2**63 - 1, 1 << 1000,
            -(1 << 1000)]
WRONG_TYPES = [Lit(10.0), Lit(10.5), Lit(float("nan")), Lit(float("inf")), Lit(float("-inf")),
               Lit("10"), Lit("SIGUSR1"), Lit(b"\n"), Lit(None), Seq("list", (Lit(10),)),
               Obj("Opaque"), Obj("IdxBad"), Obj("IdxRaise"), Obj("FloatOnly", Lit(10.0))]


class Gen:
    """All value and call generators, drawing from one random.Random."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p):
        return self.rng.random() < p

    # -- integers in the guise of the different int-like types
    def wrap_int(self, n):
        r = self.rng.random()
        if r < 0.62:
            return Lit(n)
        if r < 0.80 and n in SIGNAL_NAMES:
            return Sym(SIGNAL_NAMES[n])
        if r < 0.86 and n in ALIASES.values():
            return Sym(next(a for a, v in ALIASES.items() if v == n))
        if r < 0.92:
            return Obj("MyInt", Lit(n))
        if r < 0.97:
            return Obj("Idx", Lit(n))
        return Lit(bool(n)) if n in (0, 1) else Lit(n)

    def signum(self, deliver=False):
        """A signal number argument; deliver=True keeps valid numbers deliverable."""
        r = self.rng.random()
        if r < 0.68:
            pool = (HOT_DELIVERABLE if deliver else HOT) if self.chance(0.55) else \
                (DELIVERABLE if deliver else VALID_SIGNALS)
            return self.wrap_int(self.pick(pool))
        if r < 0.87:
            boundary = [0, -1, 64, 65, NSIG, 2**31 - 1, -2**31] + BIG_INTS
            if not deliver:
                boundary += [32, 33]
            n = self.pick(boundary)
            if n == NSIG and self.chance(0.5):
                return Sym("NSIG")
            return Obj(self.pick(["MyInt", "Idx"]), Lit(n)) if self.chance(0.15) else Lit(n)
        return self.pick(WRONG_TYPES)

    def handler(self, callable_ok=True):
        callables = [Sym("h_rec"), Sym("h_rec"), Sym("h_rec"), Sym("h_raise"),
                     Sym("default_int_handler"), Sym("h_arity"), Obj("CallObj"), Sym("len")]
        plain = [Sym("SIG_DFL"), Sym("SIG_DFL"), Sym("SIG_IGN"), Sym("SIG_IGN"), Lit(0), Lit(1),
                 Lit(True), Lit(False), Lit(1.0), Lit(0.0), Obj("MyInt", Lit(1)),
                 Obj("MyInt", Lit(0)), Lit(2), Lit(-1), Lit(None), Lit("SIG_IGN"),
                 Obj("EqTrue"), Obj("EqRaise"), Obj("Opaque"), Obj("Idx", Lit(1))]
        if callable_ok and self.chance(0.45):
            return self.pick(callables)
        return self.pick(plain)

    def handler_for(self, sig_spec):
        n = int_value(sig_spec)
        return self.handler(callable_ok=n not in NO_CALLABLE)

    def sig_member(self):
        """A member of a signal set that converts (possibly warning for 32/33)."""
        if self.chance(0.08):
            return Lit(self.pick([32, 33]))
        n = self.pick(HOT) if self.chance(0.6) else self.pick(VALID_SIGNALS)
        return self.wrap_int(n)

    def bad_member(self, ints_only=False):
        """A member of a signal set that makes the conversion fail."""
        ints = [0, -1, 65, NSIG, 2**64, -(2**64), 1 << 1000, 2**31]
        if ints_only or self.chance(0.5):
            return Lit(self.pick(ints))
        return self.pick([Lit("x"), Lit(1.5), Lit(None), Obj("IdxRaise"), Obj("IdxBad"),
                          Obj("Idx", Lit(0)), Obj("MyInt", Lit(65)), Lit(float("nan"))])

    def sigset(self, must_fail=False):
        """An iterable of signals for pthread_sigmask/sigwait*/sigtimedwait.

        must_fail: guaranteed to make the argument conversion fail (sigwait, sigwaitinfo).
        Sets hold plain ints only: their order must not depend on string hashing.
        """
        if self.chance(0.08):  # not iterable at all
            return self.pick([Lit(None), Lit(5), Lit(1.5), Obj("Opaque"), Obj("MyInt", Lit(10))])
        if not must_fail and self.chance(0.06):
            return self.pick([Sym("valid_signals()"), Seq("range", (Lit(1), Sym("NSIG"))),
                              Seq("range", (Lit(1), Lit(32)))])
        kind = self.pick(["list", "list", "tuple", "set", "frozenset", "gen", "genraise",
                          "dictkeys"])
        count = self.pick([0, 1, 1, 1, 2, 2, 3, 5])
        ints_only = kind in ("set", "frozenset")
        items = []
        for _ in range(count):
            item = self.sig_member()
            if ints_only:
                item = Lit(int_value(item) if int_value(item) is not None else 10)
            items.append(item)
        if (not must_fail and self.chance(0.12)) or (must_fail and kind != "genraise"):
            items.insert(self.rng.randrange(len(items) + 1), self.bad_member(ints_only))
        if ints_only:  # a set drops duplicates: keep the spec equal to what gets built
            items = list(dict.fromkeys(items))
        return Seq(kind, tuple(items))

    def which(self):
        if self.chance(0.8):
            n = self.pick([0, 0, 1, 2])
            r = self.rng.random()
            if r < 0.5:
                return Sym(TIMER_NAMES[n])
            if r < 0.85:
                return Lit(n)
            return Obj(self.pick(["MyInt", "Idx"]), Lit(n))
        return self.pick([Lit(3), Lit(-1), Lit(2**31), Lit(2**64), Lit("x"), Lit(None),
                          Lit(1.0), Obj("IdxRaise")])

    def fd(self):
        r = self.rng.random()
        if r < 0.55:
            name = self.pick(["pipe_nb_w", "pipe_nb_w", "pipe_nb_r", "pipe_b_w", "pipe_b_r",
                              "sock_nb_a", "sock_nb_b", "sock_b_a", "closed"])
            spec = Sym(f"fd:{name}")
            return Obj(self.pick(["MyInt", "Idx"]), spec) if self.chance(0.1) else spec
        if r < 0.75:
            return Lit(-1)
        return self.pick([Lit(0), Lit(1), Lit(2), Lit(-2), Lit(20000), Lit(2**31), Lit(2**63),
                          Lit(1.5), Lit("3"), Lit(None), Obj("IdxRaise"), Lit(True)])

    def timeout(self):
        """sigtimedwait timeouts: zero, a few microseconds, or invalid (never a real wait)."""
        return self.pick([Lit(0), Lit(0), Lit(0.0), Lit(-0.0), Lit(1e-9), Lit(2e-6),
                          Obj("MyInt", Lit(0)), Lit(False), Lit(-1), Lit(-0.5),
                          Lit(float("nan")), Lit(float("inf")), Lit(float("-inf")), Lit("0"),
                          Lit(None), Lit(2**64), Lit(-(2**64)), Obj("Idx", Lit(0)),
                          Obj("FloatOnly", Lit(0.0))])

    # -- module choice: the signal.py wrapper or the C/C# function itself
    def mod(self):
        return "signal" if self.chance(0.5) else "_signal"

    def mutate(self, call):
        """Sometimes change a call's shape: drop an argument, add one, or use keywords."""
        if call.func not in MUTABLE or not self.chance(0.08):
            return call
        names = PARAMS[call.func]
        how = self.pick(["drop", "extra", "keyword", "bogus"])
        if how == "drop" and call.args:
            call.args.pop()
        elif how == "extra":
            call.args.append(self.pick([Lit(0), Lit(None), Lit(1)]))
        elif how == "keyword" and call.args and len(call.args) <= len(names):
            index = len(call.args) - 1
            call.kwargs.append((names[index], call.args.pop()))
        else:
            call.kwargs.append((self.pick(["bogus", "signum", "fd", "timeout"]), Lit(1)))
        return call

    # ---------------------------------------------------------------- steps

    def step(self):
        makers = [
            (14, self.s_signal), (9, self.s_getsignal), (4, self.s_strsignal),
            (2, self.s_valid_signals), (8, self.s_raise_signal), (4, self.s_alarm),
            (6, self.s_setitimer), (3, self.s_getitimer), (4, self.s_siginterrupt),
            (6, self.s_set_wakeup_fd), (9, self.s_pthread_sigmask), (3, self.s_sigpending),
            (2, self.s_sigwait), (2, self.s_sigwaitinfo), (5, self.s_sigtimedwait),
            (5, self.s_pthread_kill), (3, self.s_pidfd_send_signal),
            (2, self.s_default_int_handler), (9, self.s_scenario),
        ]
        total = sum(w for w, _ in makers)
        r = self.rng.randrange(total)
        for weight, maker in makers:
            if r < weight:
                return maker()
            r -= weight
        raise AssertionError("unreachable")

    def one(self, func, args, kwargs=None, module=None):
        call = Call(module or self.mod(), func, list(args), list(kwargs or []))
        return [self.mutate(call)]

    def s_signal(self):
        sig = self.signum()
        return self.one("signal", [sig, self.handler_for(sig)])

    def s_getsignal(self):
        return self.one("getsignal", [self.signum()])

    def s_strsignal(self):
        return self.one("strsignal", [self.signum()], module="_signal")

    def s_valid_signals(self):
        return self.one("valid_signals", [])

    def s_raise_signal(self):
        return self.one("raise_signal", [self.signum(deliver=True)], module="_signal")

    def s_alarm(self):
        seconds = self.pick([Lit(1), Lit(2), Lit(3), Lit(0), Lit(True), Obj("MyInt", Lit(2)),
                             Obj("Idx", Lit(1)), Lit(-1), Lit(2**31 - 1), Lit(2**31), Lit(2**64),
                             Lit(1.5), Lit("1"), Lit(None), Obj("IdxRaise")])
        calls = self.one("alarm", [seconds], module="_signal")
        if self.chance(0.4):
            calls.append(Call("_signal", "alarm", [Lit(self.pick([1, 2, 3]))]))
        if self.chance(0.3):
            calls.append(Call("_signal", "getitimer", [Sym("ITIMER_REAL")]))
        calls.append(Call("_signal", "alarm", [Lit(0)]))  # always disarm
        return calls

    def s_setitimer(self):
        which = self.which()
        category = self.pick(["zero", "small", "small", "big", "bad"])
        if category == "small" and int_value(which) in (1, 2):
            # ITIMER_VIRTUAL and ITIMER_PROF count the CPU time of every thread of the process:
            # when they expire depends on the process's other threads (sighost's .NET runtime
            # threads among them), so a short one is not compared (README: differences).
            category = "zero"
        seconds = self.pick({
            "zero": [Lit(0), Lit(0.0), Obj("MyInt", Lit(0)), Lit(False)],
            # 1e-6/1e-7 fire at once; the others (20-50 ms) well after the call's own check points,
            # so neither interpreter's speed decides in which step the handler runs.
            "small": [Lit(0.02), Lit(0.03), Lit(1e-6), Lit(1e-7), Lit(0.05)],
            "big": [Lit(100), Lit(1000.5), Lit(50.25), Lit(2**31 - 1), Lit(2**40),
                    Obj("Idx", Lit(100)), Obj("MyInt", Lit(600))],
            "bad": [Lit(-1), Lit(-0.5), Lit(float("nan")), Lit(float("inf")), Lit("x"),
                    Lit(None), Lit(2**64), Lit(1 << 1000), Obj("IdxRaise"),
                    Obj("FloatOnly", Lit(1.0))],
        }[category])
        args = [which, seconds]
        if self.chance(0.6):
            if category == "small":  # a small one-shot timer: no interval, or a failing one
                args.append(self.pick([Lit(0), Lit(0.0), Lit(-1), Lit(float("nan")), Lit("x"),
                                       Lit(None)]))
            else:
                args.append(self.pick([Lit(0), Lit(50), Lit(0.5), Lit(1e-6), Lit(-1),
                                       Lit(float("inf")), Lit("x"), Lit(None)]))
        if category == "small":  # no mutation: an extra argument could make it periodic
            calls = [Call("_signal", "setitimer", args)]
        else:
            calls = self.one("setitimer", args, module="_signal")
        n = int_value(which)
        if n in TIMER_NAMES:
            if category == "small":
                calls.append(Call("fuzz", "wait_timer", [Sym(TIMER_NAMES[n])]))
            if self.chance(0.4):
                calls.append(Call("_signal", "getitimer", [Sym(TIMER_NAMES[n])]))
            calls.append(Call("_signal", "setitimer", [Sym(TIMER_NAMES[n]), Lit(0)]))
        return calls

    def s_getitimer(self):
        return self.one("getitimer", [self.which()], module="_signal")

    def s_siginterrupt(self):
        flag = self.pick([Lit(0), Lit(1), Lit(True), Lit(False), Lit(2), Lit(-1), Lit(2**31),
                          Lit("x"), Lit(None), Lit(1.5), Obj("MyInt", Lit(1)), Obj("Idx", Lit(0))])
        return self.one("siginterrupt", [self.signum(), flag], module="_signal")

    def s_set_wakeup_fd(self):
        kwargs = []
        if self.chance(0.3):
            kwargs.append(("warn_on_full_buffer",
                           self.pick([Lit(True), Lit(False), Lit(0), Lit(1), Lit(None), Lit("x"),
                                      Obj("BoolRaise"), Lit(2.5)])))
        return self.one("set_wakeup_fd", [self.fd()], kwargs, module="_signal")

    def mask_how(self):
        if self.chance(0.85):
            n = self.pick([0, 0, 1, 1, 2])
            return Sym(MASK_HOW_NAMES[n]) if self.chance(0.6) else self.wrap_int(n)
        return self.pick([Lit(3), Lit(-1), Lit(2**31), Lit("x"), Lit(None), Lit(0.0)])

    def s_pthread_sigmask(self):
        return self.one("pthread_sigmask", [self.mask_how(), self.sigset()])

    def s_sigpending(self):
        return self.one("sigpending", [])

    def s_sigwait(self):
        return self.one("sigwait", [self.sigset(must_fail=True)])

    def s_sigwaitinfo(self):
        return self.one("sigwaitinfo", [self.sigset(must_fail=True)], module="_signal")

    def s_sigtimedwait(self):
        return self.one("sigtimedwait", [self.sigset(), self.timeout()], module="_signal")

    def thread_id(self):
        if self.chance(0.85):
            return Sym("ident") if self.chance(0.8) else Obj("MyInt", Sym("ident"))
        return self.pick([Lit("x"), Lit(1.5), Lit(None), Obj("Idx", Sym("ident")),
                          Obj("FloatOnly", Lit(1.0))])

    def s_pthread_kill(self):
        r = self.rng.random()
        if r < 0.3:
            sig = self.wrap_int(0)
        elif r < 0.7:
            sig = self.signum(deliver=True)
        else:
            sig = self.pick([Lit(65), Lit(-1), Lit(2**31), Lit(2**64), Lit("x"), Lit(None),
                             Lit(1.5), Obj("IdxRaise")])
        return self.one("pthread_kill", [self.thread_id(), sig], module="_signal")

    def s_pidfd_send_signal(self):
        pidfd = self.pick([Lit(-1), Sym("fd:closed"), Sym("fd:pipe_nb_r"), Sym("fd:sock_b_a"),
                           Lit(0), Lit(20000), Lit(2**31), Lit("x"), Lit(None), Lit(1.5),
                           Obj("MyInt", Lit(-1))])
        sig = self.signum()
        if int_value(sig) in (9, 19):
            sig = Lit(10)
        args = [pidfd, sig]
        if self.chance(0.5):
            args.append(self.pick([Lit(None), Lit(None), Lit(0), Seq("list"), Lit("x")]))
            if self.chance(0.5):
                args.append(self.pick([Lit(0), Lit(0), Lit(1), Lit(-1), Lit(2**31), Lit("x")]))
        return self.one("pidfd_send_signal", args, module="_signal")

    def s_default_int_handler(self):
        args = self.pick([[], [Sym("SIGINT"), Lit(None)], [Lit(2), Lit(None)], [Lit("x")],
                          [Lit(1), Lit(2), Lit(3)]])
        return self.one("default_int_handler", args)

    # -- scenarios: short sequences on one deliverable signal
    def s_scenario(self):
        n = self.pick(HOT_DELIVERABLE) if self.chance(0.7) else self.pick(DELIVERABLE)
        sig = self.wrap_int(n)
        kind = self.pick(["ign_raise", "block_raise", "block_raise", "wakeup_raise",
                          "handler_raise", "handler_kill"])
        raise_call = Call("_signal", "raise_signal", [sig])
        if kind == "ign_raise":
            return [Call(self.mod(), "signal", [sig, Sym("SIG_IGN")]), raise_call]
        if kind == "block_raise":
            calls = [Call(self.mod(), "pthread_sigmask", [Sym("SIG_BLOCK"), Seq("list", (sig,))]),
                     raise_call, Call(self.mod(), "sigpending")]
            end = self.pick(["wait", "unblock", "none"])
            if end == "wait":
                calls.append(Call("_signal", "sigtimedwait", [Seq("list", (sig,)), Lit(0)]))
            elif end == "unblock":
                calls.append(Call(self.mod(), "pthread_sigmask",
                                  [Sym("SIG_UNBLOCK"), Seq("list", (sig,))]))
            return calls
        if kind == "wakeup_raise":
            fd = Sym("fd:" + self.pick(["pipe_nb_w", "sock_nb_a", "sock_nb_b", "pipe_nb_r"]))
            warn = [("warn_on_full_buffer", Lit(False))] if self.chance(0.3) else []
            return [Call("_signal", "set_wakeup_fd", [fd], warn),
                    Call(self.mod(), "signal", [sig, self.handler(callable_ok=True)]),
                    raise_call, Call("_signal", "set_wakeup_fd", [Lit(-1)])]
        if kind == "handler_raise":
            return [Call(self.mod(), "signal", [sig, self.handler(callable_ok=True)]), raise_call]
        return [Call(self.mod(), "signal", [sig, self.handler(callable_ok=True)]),
                Call("_signal", "pthread_kill", [Sym("ident"), sig])]


def generate(seed, calls):
    """Yield steps (lists of Calls) until at least `calls` calls have been yielded."""
    gen = Gen(seed)
    count = 0
    while count < calls:
        step = gen.step()
        count += len(step)
        yield step


if __name__ == "__main__":  # print a seed's sequence: python3.11 generate.py SEED CALLS
    import sys
    number = 0
    for step in generate(int(sys.argv[1]), int(sys.argv[2])):
        for call in step:
            number += 1
            print(f"{number:05d} {call.describe()}")
