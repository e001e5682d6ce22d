namespace Signals.Engine.CPython;

/// <summary>How a script ended, as CPython would report it.</summary>
/// <param name="ExitCode">0 on success; <c>SystemExit</c>'s code; 1 after an uncaught exception.</param>
/// <param name="ExceptionType">The uncaught exception's type as CPython's traceback names it (<c>KeyboardInterrupt</c>,
/// <c>json.decoder.JSONDecodeError</c>: module-qualified except for built-in ones and those of <c>__main__</c>), or null.</param>
/// <param name="Traceback">CPython's traceback text for it, or null.</param>
public sealed record ScriptResult(int ExitCode, string? ExceptionType, string? Traceback)
{
    /// <summary>Whether the script ended with exit status 0 and no uncaught exception.</summary>
    public bool Succeeded => ExitCode == 0 && ExceptionType is null;
}
