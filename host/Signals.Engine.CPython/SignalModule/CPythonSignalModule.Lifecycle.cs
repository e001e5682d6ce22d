using Signals.Core;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.SignalModule;

internal static unsafe partial class CPythonSignalModule
{
    private static string? s_cancellation;
    private static nint s_cancelFunction;

    /// <summary>The host's signal policy for <c>signal.signal</c> (applies from the next call on).</summary>
    public static ISignalPolicy? Policy
    {
        get => s_module?.Policy;
        set => Module.Policy = value;
    }

    /// <summary>
    /// Makes <paramref name="carrier"/> the signal that carries cancellation requests to the
    /// interpreter's main thread: its handler raises the requested exception. Call with the GIL held.
    /// </summary>
    public static void EnableCancellation(int carrier)
    {
        s_cancelFunction = NewFunction(MethodTable.Cancel);
        nint stored = PyOwned.NewReference(s_cancelFunction).Steal(); // the module's table owns one reference
        using PyOwned previous = PyOwned.OfNullable(PythonApi.Guard(() => Module.InstallHostHandler(carrier, new(stored)).Value, s_itimerError));
        if (previous.IsNull)
        {
            Python.PyErr_Print();
            throw new InvalidOperationException($"signal {carrier} cannot carry cancellation requests");
        }
    }

    /// <summary>
    /// Records the exception (a type name: <c>KeyboardInterrupt</c>, <c>TimeoutError</c>,
    /// <c>package.module.Error</c>) the next trip of the carrier raises. Any thread.
    /// </summary>
    public static void RequestCancellation(string? exceptionType) => Volatile.Write(ref s_cancellation, exceptionType);

    /// <summary>A cancellation was requested and the carrier's handler has not raised it yet.</summary>
    public static bool CancellationPending => Volatile.Read(ref s_cancellation) is not null;

    /// <summary>
    /// Records <paramref name="signum"/> for delivery to its Python handler at the carrier's next
    /// trip, as if the signal had arrived (without the OS sending it). Any thread.
    /// </summary>
    public static void RequestRaise(int signum) => Raised.Queue.Enqueue(signum);

    /// <summary>
    /// The carrier's handler: trips the signals the host raised (their Python handlers run right
    /// after, in ascending order, as CPython runs pending handlers), then raises the requested
    /// cancellation exception, if one is pending.
    /// </summary>
    internal static nint RaiseCancellation()
    {
        while (Raised.Queue.TryDequeue(out int signum))
        {
            Python.PyErr_SetInterruptEx(signum);
        }

        string? requested = Interlocked.Exchange(ref s_cancellation, null);
        if (requested is null)
        {
            return PythonApi.NewNone();
        }

        using PyOwned type = PyOwned.OfNullable(PythonApi.Resolve(requested));
        if (!type.IsNull)
        {
            Python.PyErr_SetString(type.Borrow, "cancelled by the host");
        }

        return 0;
    }

    /// <summary>
    /// Before <c>Py_FinalizeEx</c>: CPython's finalisation resets every signal its trip table
    /// handles to SIG_DFL, which would drop the .NET handlers the core chains to; the table is
    /// emptied first, and the OS handler stops tripping.
    /// </summary>
    public static void BeforeFinalize()
    {
        s_module?.DetachFromEngine();
        SignalCore.DisconnectEngine();
    }

    /// <summary>
    /// After <c>Py_FinalizeEx</c>: forgets every object of the finished interpreter, so the next
    /// one creates the module afresh (CPython keeps a single-phase module's definition between
    /// runs and would free the old interpreter's objects through it: a new definition is made).
    /// </summary>
    public static void AfterFinalize()
    {
        s_module = null;
        s_engine = null;
        s_builtin = 0;
        s_builtinSignal = 0;
        s_trampoline = 0;
        s_itimerError = 0;
        s_siginfoType = 0;
        s_defaultIntHandler = 0;
        s_cancelFunction = 0;
        s_cancellation = null;
        s_definition = null;
    }

    /// <summary>
    /// The signals the host raised, not yet tripped. In a holder class so that the queue (a framework
    /// generic over int, compiled when first used) is made on the first raise, not at start-up.
    /// </summary>
    private static class Raised
    {
        public static readonly System.Collections.Concurrent.ConcurrentQueue<int> Queue = new();
    }
}
