namespace Signals.Hosting;

/// <summary>How a script run by a <see cref="PythonWorkerPool"/> ended.</summary>
public sealed class WorkerOutcome
{
    /// <summary>How a run in a worker process ended (see the properties).</summary>
    public WorkerOutcome(int exitCode, string? exceptionType, string? traceback, string output, string error,
        bool cancelled, bool timedOut, int? signal, bool workerEnded)
    {
        ExitCode = exitCode;
        ExceptionType = exceptionType;
        Traceback = traceback;
        Output = output;
        Error = error;
        Cancelled = cancelled;
        TimedOut = timedOut;
        Signal = signal;
        WorkerEnded = workerEnded;
    }

    /// <summary>
    /// 0 on success; <c>SystemExit</c>'s status; 1 after an uncaught exception; when the worker
    /// process ended during the run, its exit status (128 + N for death by signal N).
    /// </summary>
    public int ExitCode { get; }

    /// <summary>The uncaught exception's type as CPython's traceback names it, or null.</summary>
    public string? ExceptionType { get; }

    /// <summary>CPython's traceback text, or null.</summary>
    public string? Traceback { get; }

    /// <summary>What the script printed to <c>sys.stdout</c>.</summary>
    public string Output { get; }

    /// <summary>What the script printed to <c>sys.stderr</c>, then what the worker process wrote to its stderr during the run.</summary>
    public string Error { get; }

    /// <summary>The run was cancelled (its token, or the pool's timeout) and ended by it.</summary>
    public bool Cancelled { get; }

    /// <summary>The pool's <see cref="PythonWorkerPoolOptions.Timeout"/> cancelled the run.</summary>
    public bool TimedOut { get; }

    /// <summary>
    /// The signal that ended the worker process during the run (SIGSEGV 11 for a crash, SIGKILL 9
    /// after escalation, ...), or null. Read from the exit status as the shell does (above 128).
    /// </summary>
    public int? Signal { get; }

    /// <summary>The worker process ended during the run (crash, <c>os._exit</c>, signal): the pool replaced it.</summary>
    public bool WorkerEnded { get; }

    /// <summary>"exit N", or the signal that ended the worker, with the exception type and the cancellation or timeout when there are.</summary>
    public override string ToString() =>
        (Signal is int signal ? $"killed by signal {signal}" : ExceptionType is null ? $"exit {ExitCode}" : $"exit {ExitCode}: {ExceptionType}")
        + (Cancelled ? " (cancelled)" : string.Empty) + (TimedOut ? " (timed out)" : string.Empty);
}
