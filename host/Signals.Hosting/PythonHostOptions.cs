namespace Signals.Hosting;

/// <summary>How a <see cref="PythonScriptHost"/> starts CPython.</summary>
public sealed class PythonHostOptions
{
    /// <summary>libpython3.11 to load; null: <c>PYTHONNET_PYDLL</c>, else the Debian/Ubuntu soname.</summary>
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
