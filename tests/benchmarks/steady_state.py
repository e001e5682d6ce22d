"""A pure-Python CPU workload, timed inside the interpreter (start-up excluded): prints seconds."""
import time

from pure_python import fib, loop  # beside this file: the workload startup.py counts instructions of

start = time.perf_counter()
fib(27)
loop(8_000_000)
print(time.perf_counter() - start, flush=True)
