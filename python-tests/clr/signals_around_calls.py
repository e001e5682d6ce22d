# Signals stay exact through interop: the order of a handler around a .NET call, and a handler's
# exception or KeyboardInterrupt crossing a .NET frame back to the script's except.
import os
import signal
import time

before = {s: signal.getsignal(s) for s in signal.valid_signals()}
import clr
from System import Action
from System.Collections.Generic import List
from System.Threading import Thread
after = {s: signal.getsignal(s) for s in signal.valid_signals()}
print("import clr changes no handler:", before == after)

order = []
signal.signal(signal.SIGALRM, lambda signum, frame: order.append("handler"))
signal.setitimer(signal.ITIMER_REAL, 0.05)
start = time.monotonic()
Thread.Sleep(300)  # the timer fires inside the .NET call; the call is not cut short
order.append("after the call")
print("order around a .NET call:", order, "slept through:", time.monotonic() - start >= 0.29)


class FromHandler(Exception):
    pass

def raising_handler(signum, frame):
    raise FromHandler(f"handler for {signal.Signals(signum).name}")

signal.signal(signal.SIGUSR1, raising_handler)
items = List[int]()
items.Add(1)

def send_usr1(value):
    os.kill(os.getpid(), signal.SIGUSR1)
    for _ in range(100):
        pass

try:
    items.ForEach(Action[int](send_usr1))
    print("not reached")
except FromHandler as e:
    print("handler exception through a .NET frame:", e)

signal.signal(signal.SIGINT, signal.default_int_handler)

def send_int(value):
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(100):
        pass

try:
    items.ForEach(Action[int](send_int))
    print("not reached")
except KeyboardInterrupt:
    print("KeyboardInterrupt through a .NET frame")
print("done")
