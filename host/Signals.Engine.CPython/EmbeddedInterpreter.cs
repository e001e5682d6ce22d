using System.Text;
using Signals.Engine.CPython.Interop;

namespace Signals.Engine.CPython;

/// <summary>
/// CPython running inside a .NET application, with the project's signal handling: the first
/// building block of the embedding library. The thread that calls <see cref="Start"/> becomes the
/// interpreter's main thread (where Python handlers run) and must make every call.
/// </summary>
public sealed class EmbeddedInterpreter : IDisposable
{
    private bool _disposed;

    private EmbeddedInterpreter()
    {
    }

    /// <summary>Loads libpython (see <see cref="PythonLibrary"/>) and starts the interpreter once.</summary>
    /// <param name="argv">Becomes <c>sys.argv</c> (<c>argv[0]</c> also names <c>sys.executable</c>).</param>
    public static EmbeddedInterpreter Start(params string[] argv)
    {
        PythonLibrary.Load();
        string[] arguments = argv.Length > 0 ? argv : [Environment.ProcessPath ?? "embedded"];
        InterpreterStartup.Initialize([.. arguments.Select(Encoding.UTF8.GetBytes)], parseCommandLine: false);
        return new EmbeddedInterpreter();
    }

    /// <summary>
    /// Runs <paramref name="code"/> in <c>__main__</c>. Returns true on success; on an uncaught
    /// exception the traceback goes to <c>sys.stderr</c> and it returns false.
    /// </summary>
    public bool Run(string code)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Python.PyRun_SimpleString(code) == 0;
    }

    /// <summary>Finalises the interpreter (CPython resets the signals it handled to SIG_DFL).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Python.Py_FinalizeEx();
        }
    }
}
