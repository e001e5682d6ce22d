# The script-worker process of Signals.Hosting's PythonWorkerPool (run as `python -c <this file>
# [address-space limit]`).
#
# Protocol, one JSON object per line: requests come on stdin ({"code", "filename", "cpu_seconds"}),
# results go out on the descriptor stdout had at start ({"exit", "type", "traceback", "stdout",
# "stderr"}). Each run gets a fresh __main__ module, its print output captured; what C code writes
# to descriptor 1 goes to stderr, so it cannot break the protocol. After each run the signal
# handlers, the main thread's mask, the wakeup fd and the interval timers return to the start-up
# state (reset(), from the embedded host's baseline code, which the pool runs before this file).
# The pool cancels a run with SIGINT (KeyboardInterrupt), then SIGTERM, then SIGKILL.
import builtins
import io
import json
import os
import resource
import sys
import traceback
import types

if len(sys.argv) > 1 and sys.argv[1]:  # the pool's address-space limit, in bytes
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_AS)[1]))
control = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
requests = sys.stdin
startup_main = sys.modules["__main__"]


def type_name(error_type):
    module = error_type.__module__
    name = error_type.__qualname__
    return name if module in ("builtins", "__main__") else f"{module}.{name}"


def exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run(request):
    cpu = request.get("cpu_seconds")
    if cpu:
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = int(used.ru_utime + used.ru_stime) + 1
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        soft = spent + int(cpu)
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    out, err = io.StringIO(), io.StringIO()
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    if not request["filename"].startswith("<"):
        main.__file__ = request["filename"]
    sys.modules["__main__"] = main
    sys.stdout, sys.stderr = out, err
    result = {"exit": 0, "type": None, "traceback": None}
    try:
        exec(compile(request["code"], request["filename"], "exec"), main.__dict__)
    except SystemExit as stop:
        result["exit"] = exit_status(stop.code)
    except BaseException as error:
        result.update(exit=1, type=type_name(type(error)), traceback="".join(traceback.format_exception(error)))
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        sys.modules["__main__"] = startup_main
        reset()  # from EmbeddedInterpreter.SignalBaselineCode, run before this file
    result.update(stdout=out.getvalue(), stderr=err.getvalue())
    return result


def serve():
    while True:
        try:
            line = requests.readline()
        except KeyboardInterrupt:
            continue  # a cancellation that came after its run had ended
        if not line:
            return
        try:
            result = run(json.loads(line))
        except KeyboardInterrupt:
            result = {"exit": 1, "type": "KeyboardInterrupt", "traceback": None, "stdout": "", "stderr": ""}
        control.write(json.dumps(result) + "\n")
        control.flush()


serve()
