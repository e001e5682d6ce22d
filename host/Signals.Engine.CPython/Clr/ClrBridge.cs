extern alias PythonNet;

namespace Signals.Engine.CPython.Clr;

/// <summary>
/// The one place that calls pythonnet: attaches its runtime to the interpreter this process already
/// started (as pythonnet's own <c>clr</c> extension module does when CPython imports it), and detaches
/// it before the interpreter finalises. Kept apart so that pythonnet's assembly is loaded only when a
/// script imports <c>clr</c>.
/// </summary>
internal static class ClrBridge
{
    private static int s_state; // 0: never attached, 1: attached, 2: detached (pythonnet cannot attach again)

    /// <summary>True while pythonnet serves this process's interpreter.</summary>
    public static bool IsAttached => Volatile.Read(ref s_state) == 1;

    /// <summary>
    /// Attaches pythonnet to the running interpreter and returns its <c>clr</c> module (a new
    /// reference), or 0 with the Python exception set. Call with the GIL held, from an import.
    /// </summary>
    public static nint Attach()
    {
        if (Volatile.Read(ref s_state) == 2)
        {
            throw new ClrUnavailableException(
                "pythonnet cannot attach to a second interpreter in one process; import clr in the first one only");
        }

        // A CPython linked into the program: pythonnet then finds its functions in the program itself (null).
        PythonNet::Python.Runtime.Runtime.PythonDLL = PythonLibrary.IsBuiltIn ? null : PythonLibrary.LoadedFrom;
#pragma warning disable CS0618 // InitExt is pythonnet's entry point for an interpreter that is already running.
        nint module = PythonNet::Python.Runtime.PythonEngine.InitExt();
#pragma warning restore CS0618
        if (module != 0)
        {
            Volatile.Write(ref s_state, 1);
        }

        return module;
    }

    /// <summary>Imports <c>clr</c> (attaching pythonnet) unless it is attached. GIL held.</summary>
    public static void EnsureAttached()
    {
        if (IsAttached)
        {
            return;
        }

        using Interop.PyOwned module = Interop.PyOwned.OfNullable(Interop.Python.PyImport_ImportModule("clr"));
        if (module.IsNull)
        {
            Interop.Python.PyErr_Print();
            throw new ClrUnavailableException("import clr failed (its traceback went to sys.stderr)");
        }
    }

    /// <summary>Detaches pythonnet (its objects stop working). Call with the GIL held, before finalisation.</summary>
    public static void Detach()
    {
        if (Interlocked.CompareExchange(ref s_state, 2, 1) == 1)
        {
            PythonNet::Python.Runtime.PythonEngine.Shutdown();
        }
    }
}

/// <summary>pythonnet cannot serve this interpreter (in a script: the <c>ImportError</c> of <c>import clr</c>).</summary>
public sealed class ClrUnavailableException(string message) : Exception(message);
