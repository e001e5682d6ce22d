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
}
