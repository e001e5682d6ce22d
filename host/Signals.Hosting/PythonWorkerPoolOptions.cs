namespace Signals.Hosting;

/// <summary>How a <see cref="PythonWorkerPool"/> runs its worker processes.</summary>
public sealed class PythonWorkerPoolOptions
{
    /// <summary>
    /// The interpreter each worker process runs: <c>sighost</c> (the executable, for the project's
    /// signal handling in the worker) or a CPython executable. Null: Debian's <c>/usr/bin/python3.11</c>
    /// when present, else <c>python3</c> on PATH.
    /// </summary>
    public string? Executable { get; init; }

    /// <summary>Worker processes at most (and runs at once). Default: 4.</summary>
    public int Size { get; init; } = 4;

    /// <summary>Runs a worker serves before it is replaced by a fresh process. Default: 100.</summary>
    public int RunsPerWorker { get; init; } = 100;

    /// <summary>Cancellation sends SIGINT (KeyboardInterrupt in the script), and after this long SIGTERM. Default: 2 s.</summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>After SIGTERM, how long before SIGKILL. Default: 2 s.</summary>
    public TimeSpan TerminateGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Each run is cancelled after this long (<see cref="WorkerOutcome.TimedOut"/>); null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// CPU seconds a run may use (<c>RLIMIT_CPU</c>, set before each run): past it the kernel sends
    /// SIGXCPU, which ends the worker (<see cref="WorkerOutcome.Signal"/> 24). Null: no limit.
    /// </summary>
    public int? CpuSecondsPerRun { get; init; }

    /// <summary>
    /// Address space a worker may map (<c>RLIMIT_AS</c>, set when it starts, after the interpreter
    /// has started; sighost's .NET runtime reserves much address space at start, so leave room).
    /// A script past it gets MemoryError. Null: no limit.
    /// </summary>
    public long? AddressSpaceBytes { get; init; }

    /// <summary>The pool's name: the <c>pool</c> tag of its measurements. Null: <c>python-workers-N</c>.</summary>
    public string? Name { get; init; }
}
