"""A pure-Python CPU workload for instruction counts: `units` repetitions of a recursive and a looping
function (argv[1], default 1). startup.py runs it with 1 and 2 units under callgrind; the difference is
the instructions of one unit, without the interpreter's start-up and shut-down. steady_state.py times
the same functions."""
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def loop(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


if __name__ == "__main__":
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
        fib(18)
        loop(100_000)
