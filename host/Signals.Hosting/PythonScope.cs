using Signals.Engine.CPython;

namespace Signals.Hosting;

/// <summary>
/// Python variables that live across runs, shaped like IronPython's <c>ScriptScope</c>: made by
/// <see cref="PythonScriptHost.CreateScope"/>; every member may be called from any thread (it runs on
/// the interpreter thread). Values cross as <see cref="PythonScriptHost"/> describes.
/// </summary>
public sealed class PythonScope : IDisposable
{
    private readonly PythonScriptHost _host;
    private bool _disposed;

    internal PythonScope(PythonScriptHost host, InterpreterScope inner)
    {
        _host = host;
        Inner = inner;
    }

    internal InterpreterScope Inner { get; }

    /// <summary>Binds <paramref name="name"/> to <paramref name="value"/> (IronPython's <c>SetVariable</c>).</summary>
    public void SetVariable(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _host.Call(interpreter => interpreter.SetVariable(Inner, name, value));
    }

    /// <summary>The variable converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="MissingMemberException">The scope has no such variable.</exception>
    /// <exception cref="PythonScriptException">The value cannot be converted to <typeparamref name="T"/>.</exception>
    public T GetVariable<T>(string name) =>
        TryGetVariable(name, out T value) ? value : throw new MissingMemberException($"name '{name}' is not defined");

    /// <summary>The variable converted to <typeparamref name="T"/>; false when the scope has no such variable.</summary>
    public bool TryGetVariable<T>(string name, out T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        (bool found, object? result) = _host.Call(interpreter =>
        {
            bool exists = interpreter.TryGetVariable(Inner, name, typeof(T), out object? converted);
            return (exists, converted);
        });
        value = found ? (T)result! : default!;
        return found;
    }

    /// <summary>Whether the scope has a variable named <paramref name="name"/>.</summary>
    public bool ContainsVariable(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _host.Call(interpreter => interpreter.ContainsVariable(Inner, name));
    }

    /// <summary>Unbinds the variable; false when it was not there.</summary>
    public bool RemoveVariable(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _host.Call(interpreter => interpreter.RemoveVariable(Inner, name));
    }

    /// <summary>The names bound in the scope (without the dunder names Python adds).</summary>
    public IReadOnlyList<string> GetVariableNames() => _host.Call(interpreter => interpreter.GetVariableNames(Inner));

    /// <summary>Releases the scope's variables (on the interpreter thread; nothing to do once the host is disposed).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _host.ReleaseScope(this);
    }
}

/// <summary>Python source compiled once and run in any scope any number of times (IronPython's <c>CompiledCode</c>).</summary>
public sealed class PythonCompiledCode
{
    private readonly PythonScriptHost _host;

    internal PythonCompiledCode(PythonScriptHost host, CompiledCode inner)
    {
        _host = host;
        Inner = inner;
    }

    internal CompiledCode Inner { get; }

    /// <summary>Runs the code in <paramref name="scope"/>.</summary>
    public void Execute(PythonScope scope) => ExecuteAsync(scope).GetAwaiter().GetResult();

    /// <summary>Runs the code in <paramref name="scope"/>; cancellation raises the host's cancellation exception in it.</summary>
    public Task ExecuteAsync(PythonScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _host.CallAsync(interpreter =>
        {
            interpreter.Execute(scope.Inner, Inner);
            return true;
        }, cancellationToken);
    }
}
