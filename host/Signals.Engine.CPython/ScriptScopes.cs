namespace Signals.Engine.CPython;

/// <summary>
/// A namespace of Python variables that lives across runs (IronPython's <c>ScriptScope</c>): made by
/// <see cref="EmbeddedInterpreter.CreateScope"/>, used and disposed on the interpreter's thread.
/// </summary>
public sealed class InterpreterScope : IDisposable
{
    internal InterpreterScope(object handle) => Handle = handle;

    internal object Handle { get; }

    internal bool Disposed { get; private set; }

    /// <summary>Releases the scope's variables. Call on the interpreter's thread (the hosting library does).</summary>
    public void Dispose()
    {
        if (!Disposed)
        {
            Disposed = true;
            Clr.ClrScopes.Dispose(Handle);
        }
    }
}

/// <summary>Python source compiled once, run in any scope any number of times (IronPython's <c>CompiledCode</c>).</summary>
public sealed class CompiledCode
{
    internal CompiledCode(object handle) => Handle = handle;

    internal object Handle { get; }
}

/// <summary>
/// A Python exception that ended a call from .NET: its type (qualified, e.g. <c>ValueError</c>,
/// <c>json.decoder.JSONDecodeError</c>), its message (<c>str(exception)</c>) and CPython's traceback.
/// </summary>
public sealed class PythonScriptException : Exception
{
    /// <summary>A Python exception: its type as tracebacks name it, its message, CPython's traceback text, and the .NET exception behind it, if any.</summary>
    public PythonScriptException(string pythonType, string pythonMessage, string pythonTraceback, Exception? inner = null)
        : base($"{pythonType}: {pythonMessage}", inner)
    {
        PythonType = pythonType;
        PythonMessage = pythonMessage;
        PythonTraceback = pythonTraceback;
    }

    /// <summary>The exception's type, qualified by its module unless it is a built-in.</summary>
    public string PythonType { get; }

    /// <summary><c>str()</c> of the exception.</summary>
    public string PythonMessage { get; }

    /// <summary>The traceback as CPython prints it.</summary>
    public string PythonTraceback { get; }
}
