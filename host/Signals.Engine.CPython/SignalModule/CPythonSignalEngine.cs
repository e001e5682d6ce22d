using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.SignalModule;

/// <summary>
/// <see cref="ISignalEngine"/> over CPython's own machinery: its main-thread test, its signal check,
/// its GIL, its warnings and unraisable-exception reporting, and its built-in <c>_signal</c>'s table
/// as the trip table.
/// </summary>
internal sealed unsafe class CPythonSignalEngine : ISignalEngine
{
    public bool IsMainThread => Python._PyOS_IsMainThread() != 0;

    public void RunPendingHandlers()
    {
        if (Python.PyErr_CheckSignals() < 0)
        {
            throw new PendingPythonException();
        }
    }

    public void SetTripTable(int signum, HandlerKind kind)
    {
        nint target = kind == HandlerKind.Callable
            ? PyOwned.NewReference(CPythonSignalModule.TrampolineObject).Steal()
            : PythonApi.NewInt(kind == HandlerKind.Ignore ? 1 : 0);
        using PyOwned args = PyOwned.Of(PythonApi.NewTuple(PythonApi.NewInt(signum), target));
        using PyOwned previous = PyOwned.Of(Python.PyObject_Call(CPythonSignalModule.BuiltinSignalFunction, args.Borrow, 0));
    }

    public HandlerHandle NewReference(HandlerHandle obj) => new(PyOwned.NewReference(obj.Value).Steal());

    public void Release(HandlerHandle obj) => PyOwned.OfNullable(obj.Value).Dispose();

    public T Blocking<T>(Func<T> call)
    {
        nint threadState = Python.PyEval_SaveThread();
        try
        {
            return call();
        }
        finally
        {
            Python.PyEval_RestoreThread(threadState);
        }
    }

    public void WarnRuntime(string message)
    {
        if (Python.PyErr_WarnEx(PythonApi.RuntimeWarning, message, 1) < 0)
        {
            throw new PendingPythonException();
        }
    }

    /// <summary>
    /// As CPython's trip_signal: the report runs as a pending call, at the interpreter's next check
    /// (inside the handler that is about to run, as in CPython), once per failed write.
    /// </summary>
    public void ReportWakeupWriteError(int errno) =>
        Python.Py_AddPendingCall((nint)(delegate* unmanaged<nint, int>)&ReportPending, errno);

    /// <summary>CPython's <c>report_wakeup_write_error</c>: keeps the exception in flight, if any.</summary>
    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static int ReportPending(nint errno)
    {
        nint type, value, traceback;
        Python.PyErr_Fetch(&type, &value, &traceback);
        PythonApi.SetErrno(PythonApi.OSErrorType, (int)errno);
        if (MethodTable.Surface.WakeupErrorAsUnraisableMessage && PythonLibrary.Minor >= 13)
        {
            Python.PyErr_FormatUnraisable(Messages.WakeupWriteFailedUnraisable);
        }
        else if (MethodTable.Surface.WakeupErrorAsUnraisableMessage)
        {
            // 3.12 has no public call that sets err_msg; its private one prepends "Exception ignored ".
            Python._PyErr_WriteUnraisableMsg(Messages.WakeupWriteFailedUnraisable["Exception ignored ".Length..], 0);
        }
        else
        {
            Python.PySys_WriteStderr(Messages.WakeupWriteFailed);
            Python.PyErr_WriteUnraisable(0);
        }
        Python.PyErr_Restore(type, value, traceback);
        return 0;
    }
}
