namespace Signals.Module;

/// <summary>
/// What the module needs from the Python engine it runs in. The CPython adapter implements it with
/// the interpreter's own signal machinery, so handlers run where CPython runs them.
/// </summary>
public interface ISignalEngine
{
    /// <summary>Whether the caller is the main thread of the main interpreter.</summary>
    bool IsMainThread { get; }

    /// <summary>
    /// Runs the Python handlers of signals that have arrived (CPython's <c>PyErr_CheckSignals</c>).
    /// Throws <see cref="PendingPythonException"/> when one raised.
    /// </summary>
    void RunPendingHandlers();

    /// <summary>
    /// Points the interpreter's own trip table at the module for <paramref name="signum"/>
    /// (<see cref="HandlerKind.Callable"/>) or marks it SIG_DFL/SIG_IGN there, so the interpreter's
    /// checks (bytecode boundaries, PEP 475 retries, <c>_thread.interrupt_main</c>) see the same
    /// thing the module holds. Does not change the OS disposition for good: the module sets that next.
    /// Once a signal points at the module the module leaves it there (see <see cref="SignalModule.HandlerToRun"/>).
    /// </summary>
    void SetTripTable(int signum, HandlerKind kind);

    /// <summary>A new reference to <paramref name="obj"/> (the module's table owns one per entry).</summary>
    HandlerHandle NewReference(HandlerHandle obj);

    /// <summary>Releases a reference the module owned.</summary>
    void Release(HandlerHandle obj);

    /// <summary>Runs a blocking call with the interpreter's lock released.</summary>
    T Blocking<T>(Func<T> call);

    /// <summary>Issues a RuntimeWarning; throws <see cref="PendingPythonException"/> if it became an error.</summary>
    void WarnRuntime(string message);

    /// <summary>Has CPython's "Exception ignored when trying to write to the signal wakeup fd" report printed at the next check.</summary>
    void ReportWakeupWriteError(int errno);
}
