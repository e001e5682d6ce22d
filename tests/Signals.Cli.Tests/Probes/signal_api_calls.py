"""Calls every _signal function with good and bad arguments and prints each result or exception.

Run under python3.11 and under sighost by ApiDifferentialTests: the two outputs must be identical
(CPython's exact exception types and messages, return values and module attributes).
"""
import _signal

calls = """_signal.set_wakeup_fd()
_signal.set_wakeup_fd(1,2)
_signal.set_wakeup_fd(signum=2)
_signal.set_wakeup_fd(fd=2)
_signal.set_wakeup_fd(-1, foo=1)
_signal.set_wakeup_fd(2**40)
_signal.set_wakeup_fd(-2**40)
_signal.set_wakeup_fd(1.5)
_signal.set_wakeup_fd('x')
_signal.set_wakeup_fd(-1, warn_on_full_buffer=1, x=2)
_signal.set_wakeup_fd(-1, 1, warn_on_full_buffer=1)
_signal.set_wakeup_fd(-2)
_signal.set_wakeup_fd(999)
_signal.set_wakeup_fd(0)
_signal.set_wakeup_fd(-1)
_signal.alarm()
_signal.alarm(x=1)
_signal.alarm(0)
_signal.alarm(1.5)
_signal.signal(1)
_signal.signal()
_signal.signal(1, 2, 3)
_signal.signal(2**40, 0)
_signal.signal(0, 0)
_signal.signal(65, 0)
_signal.signal(9, 0)
_signal.signal(9, print)
_signal.signal(19, 1)
_signal.signal(32, 0)
_signal.signal(33, print)
_signal.signal(10, None)
_signal.signal(10, 2)
_signal.signal(10, True)
_signal.signal(10, 0.0)
_signal.signal('a', 0)
_signal.signal(a=1)
_signal.pause(1)
_signal.default_int_handler(1)
_signal.default_int_handler(1, None)
_signal.default_int_handler('x', None)
_signal.pthread_kill(1.0, 1)
_signal.pthread_kill(None, 1)
_signal.pthread_kill(1)
_signal.sigwait(5)
_signal.sigwait(['a'])
_signal.sigwait([0])
_signal.sigwait([65])
_signal.sigwait([1<<1000])
_signal.sigwait([-(1<<1000)])
_signal.setitimer(0, 'x')
_signal.setitimer(0, None)
_signal.setitimer(0, float('nan'))
_signal.setitimer(0, 1e300)
_signal.setitimer(-1, 0)
_signal.setitimer(99, 0)
_signal.setitimer(0, -1)
_signal.setitimer(0)
_signal.setitimer(0,0,0,0)
_signal.getitimer(-1)
_signal.getitimer(0)
_signal.setitimer(1, 100, 0.05)
_signal.setitimer(1, 0)[1]
_signal.setitimer(1, 0)
_signal.getitimer('x')
_signal.sigtimedwait([1], None)
_signal.sigtimedwait([1], -1)
_signal.sigtimedwait([1], -1.0)
_signal.sigtimedwait([1])
_signal.sigtimedwait(5, 1)
_signal.pthread_sigmask(0, [1<<1000])
_signal.pthread_sigmask(1700, [])
_signal.pthread_sigmask(0)
_signal.pthread_sigmask(0, [0])
_signal.pthread_sigmask(0, None)
_signal.pthread_sigmask(0, ['x'])
sorted(_signal.pthread_sigmask(0, []))
sorted(_signal.pthread_sigmask(0, [32, 33]))
_signal.getsignal(1.5)
_signal.getsignal(0)
_signal.getsignal(65)
_signal.getsignal()
_signal.alarm(2**40)
_signal.strsignal(0)
_signal.strsignal(65)
_signal.strsignal(64)
_signal.strsignal(34)
_signal.strsignal(32)
_signal.strsignal(2)
_signal.siginterrupt(1)
_signal.siginterrupt(0, 1)
_signal.siginterrupt(9, 1)
_signal.siginterrupt(10, 'x')
_signal.pidfd_send_signal(1)
_signal.pidfd_send_signal(0, 2)
_signal.pidfd_send_signal(-1, 2, None, 0)
_signal.pidfd_send_signal(0, 2, 1)
_signal.pidfd_send_signal(0, 2, None, 0, 5)
_signal.valid_signals(1)
len(_signal.valid_signals())
_signal.sigpending(x=1)
_signal.raise_signal(-1)
_signal.raise_signal(4242)
_signal.raise_signal(0)
_signal.raise_signal('x')
_signal.NSIG
_signal.SIGRTMIN
_signal.SIGRTMAX
_signal.ItimerError
_signal.ItimerError.__name__
_signal.ItimerError.__qualname__
_signal.ItimerError.__module__
_signal.ItimerError.__bases__
_signal.ItimerError.__doc__
_signal.struct_siginfo
_signal.struct_siginfo.n_fields
_signal.struct_siginfo.__module__
_signal.struct_siginfo.__doc__[:40]
_signal.default_int_handler.__module__
_signal.default_int_handler.__text_signature__
_signal.signal.__text_signature__
_signal.setitimer.__text_signature__
_signal.set_wakeup_fd.__text_signature__
_signal.pidfd_send_signal.__text_signature__
_signal.alarm.__module__
_signal.alarm.__self__.__name__
_signal.__name__
sorted(n for n in dir(_signal) if not n.startswith('__'))
[(n, getattr(_signal, n)) for n in sorted(dir(_signal)) if n.startswith('SIG')]
_signal.getsignal(2) is _signal.default_int_handler
[_signal.getsignal(i) for i in range(1, 65)]
repr(_signal.getsignal(2))""".splitlines()
for call in calls:
    try:
        print(call, '->', repr(eval(call)))
    except BaseException as e:  # noqa: B902 - every exception is the result being compared
        print(call, '!!', type(e).__name__, e)
