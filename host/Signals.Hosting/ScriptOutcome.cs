namespace Signals.Hosting;

/// <summary>How a script ended, as CPython would report it.</summary>
public sealed class ScriptOutcome
{
    /// <summary>How a run ended: exit status, uncaught exception type and traceback (null: none), and whether cancellation ended it.</summary>
    public ScriptOutcome(int exitCode, string? exceptionType, string? traceback, bool cancelled)
    {
        ExitCode = exitCode;
        ExceptionType = exceptionType;
        Traceback = traceback;
        Cancelled = cancelled;
    }

    /// <summary>0 on success; <c>SystemExit</c>'s status; 1 after an uncaught exception.</summary>
    public int ExitCode { get; }

    /// <summary>
    /// The uncaught exception's type as CPython's traceback names it, or null: module-qualified
    /// (<c>json.decoder.JSONDecodeError</c>, <c>mypackage.errors.QuotaExceeded</c>), except built-in
    /// exceptions (<c>ValueError</c>, <c>KeyboardInterrupt</c>) and those the script itself defines.
    /// </summary>
    public string? ExceptionType { get; }

    /// <summary>CPython's traceback text, or null.</summary>
    public string? Traceback { get; }

    /// <summary>The script ended with the exception its cancellation raised.</summary>
    public bool Cancelled { get; }

    /// <summary>"exit N", with the exception type and "(cancelled)" when there are.</summary>
    public override string ToString() => ExceptionType is null ? $"exit {ExitCode}" : $"exit {ExitCode}: {ExceptionType}{(Cancelled ? " (cancelled)" : string.Empty)}";
}
