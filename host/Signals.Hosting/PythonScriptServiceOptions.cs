namespace Signals.Hosting;

/// <summary>What <see cref="PythonScriptService"/> runs, and how it stops it.</summary>
public sealed class PythonScriptServiceOptions
{
    /// <summary>Options to run the script at <paramref name="scriptPath"/>.</summary>
    public PythonScriptServiceOptions(string scriptPath)
    {
        ScriptPath = scriptPath;
    }

    /// <summary>The Python file to run as <c>__main__</c>.</summary>
    public string ScriptPath { get; }

    /// <summary>How CPython starts (library, argv, signal policy, cancellation exception, logger).</summary>
    public PythonHostOptions Host { get; init; } = new();

    /// <summary>After the application starts stopping, how long the script may take to end by itself.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest the script may run before it is cancelled; null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }
}
