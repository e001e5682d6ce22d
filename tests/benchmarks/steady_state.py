"""A pure-Python CPU workload, timed inside the interpreter (start-up excluded): prints seconds."""
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def loop(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


start = time.perf_counter()
fib(27)
loop(8_000_000)
print(time.perf_counter() - start, flush=True)
