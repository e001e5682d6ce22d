namespace Signals.Hosting;

/// <summary>How a <see cref="PythonScriptHost"/> starts CPython.</summary>
public sealed class PythonHostOptions
{
    /// <summary>
    /// The CPython to run, 3.10 to 3.13: a python executable (<c>/usr/bin/python3.11</c>, pyenv's
    /// <c>~/.pyenv/versions/3.13.0/bin/python3.13</c>, or a name looked up on PATH) or a libpython (path
    /// or soname). Null: <see cref="LibraryPath"/>, then the <c>SIGHOST_PYTHON</c> variable, then
    /// <c>PYTHONNET_PYDLL</c>, then Debian's and Ubuntu's <c>libpython3.11.so.1.0</c>. <c>sys.prefix</c>
    /// and the standard library are that interpreter's.
    /// </summary>
    public string? Interpreter { get; init; }

    /// <summary>A libpython to load when <see cref="Interpreter"/> is null (the older way to choose).</summary>
    public string? LibraryPath { get; init; }

    /// <summary><c>sys.argv</c> (its first entry also names <c>sys.executable</c>); empty: the process's path.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Which signals scripts may handle or ignore.</summary>
    public SignalPolicy SignalPolicy { get; init; } = SignalPolicy.Default;

    /// <summary>
    /// The exception a cancelled script gets: a built-in name (<c>KeyboardInterrupt</c>,
    /// <c>TimeoutError</c>) or <c>module.Name</c>.
    /// </summary>
    public string CancellationException { get; init; } = "KeyboardInterrupt";

    /// <summary>Where every run's <c>sys.stdout</c>/<c>sys.stderr</c> go and <c>sys.stdin</c> comes from; null: the process's.</summary>
    public PythonStreams? Streams { get; init; }

    /// <summary>Where the host logs signal-policy denials and faults; null: nowhere.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }

    /// <summary>
    /// The host's name: the <c>host</c> tag of its measurements on the meter. Null: <c>python-host-N</c>,
    /// N counting the hosts this process started.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// When true, a run that its <see cref="CancellationToken"/> cancelled ends as a cancelled task (awaiting
    /// it throws <see cref="OperationCanceledException"/>), as .NET APIs do. False (the default): it ends
    /// normally with an outcome whose <see cref="ScriptOutcome.Cancelled"/> is true, so the traceback
    /// and exit code stay readable.
    /// </summary>
    public bool ThrowOnCancellation { get; init; }

    /// <summary>
    /// When false (the default), every <c>RunCodeAsync</c>/<c>RunFileAsync</c> starts with the signal
    /// state the host had when it started: after each run the script's signal handlers, its
    /// <c>pthread_sigmask</c>, wakeup fd and interval timers are undone, and signals that arrive
    /// between runs are dropped (their handlers then are the start-up ones). True: a run keeps what
    /// the previous one set, and a signal between runs reaches the next run's first bytecode.
    /// Scopes (<see cref="PythonScriptHost.Execute(string, PythonScope)"/>, ...) always share state.
    /// </summary>
    public bool KeepSignalStateBetweenRuns { get; init; }

    /// <summary>
    /// How long <see cref="PythonScriptHost.Dispose"/> and <see cref="PythonScriptHost.DisposeAsync()"/>
    /// wait for a running script to stop. They interrupt it with <see cref="CancellationException"/>,
    /// again with <c>SystemExit</c> after half of this time, and give up when it has passed.
    /// Default: 10 seconds.
    /// </summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
