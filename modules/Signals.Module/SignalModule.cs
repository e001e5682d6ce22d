using Signals.Core;

namespace Signals.Module;

/// <summary>
/// CPython's <c>_signal</c> (3.10 to 3.13, see <see cref="ModuleSurface"/>): the handler table and every function's semantics, in CPython's
/// order of checks. Engine objects (handlers, SIG_DFL, ...) are opaque <see cref="HandlerHandle"/>s here; the adapter owns their
/// references (a stored handler is handed in owned, a replaced one is handed back owned).
/// Split by aspect: handlers, wakeup fd, masks and waits, timers, sending.
/// </summary>
public sealed partial class SignalModule
{
    /// <summary>SIGINT's number, whose default Python handler is <c>default_int_handler</c>.</summary>
    public const int SigInt = 2;

    private readonly ISignalEngine _engine;
    private readonly HandlerHandle[] _handlers;
    private readonly HandlerKind[] _kinds;

    /// <summary>What the engine's trip table holds per signal (null: not set by the module yet).</summary>
    private readonly HandlerKind?[] _tripKinds;

    /// <param name="none">The engine's None: recorded for dispositions the module did not set.</param>
    /// <param name="sigDfl">The object recorded for SIG_DFL (the int 0).</param>
    /// <param name="sigIgn">The object recorded for SIG_IGN (the int 1).</param>
    /// <param name="defaultIntHandler">The module's default_int_handler.</param>
    /// <param name="surface">What the running CPython version's module shows differently.</param>
    public SignalModule(ISignalEngine engine, HandlerHandle none, HandlerHandle sigDfl, HandlerHandle sigIgn, HandlerHandle defaultIntHandler, ModuleSurface surface)
    {
        _engine = engine;
        Surface = surface;
        None = none;
        SigDfl = sigDfl;
        SigIgn = sigIgn;
        DefaultIntHandler = defaultIntHandler;
        _handlers = new HandlerHandle[SignalCore.NSig];
        _kinds = new HandlerKind[SignalCore.NSig];
        _tripKinds = new HandlerKind?[SignalCore.NSig];
    }

    /// <summary>The engine's None.</summary>
    public HandlerHandle None { get; }

    /// <summary>The running CPython version's names, messages and docs where they differ between versions.</summary>
    public ModuleSurface Surface { get; }

    /// <summary>The engine's <c>signal.SIG_DFL</c> object.</summary>
    public HandlerHandle SigDfl { get; }

    /// <summary>The engine's <c>signal.SIG_IGN</c> object.</summary>
    public HandlerHandle SigIgn { get; }

    /// <summary>The engine's <c>signal.default_int_handler</c>.</summary>
    public HandlerHandle DefaultIntHandler { get; }

    /// <summary>CPython's NSIG: one more than the highest signal number.</summary>
    public static int NSig => SignalCore.NSig;

    /// <summary>Checks a signal number as CPython does for <c>signal</c>, <c>getsignal</c>, <c>siginterrupt</c>, <c>strsignal</c>.</summary>
    private static void CheckRange(int signum)
    {
        if (signum < 1 || signum >= NSig)
        {
            throw PythonError.Value(Messages.SignalNumberOutOfRange);
        }
    }

    private void CheckMainThread(string message)
    {
        if (!_engine.IsMainThread)
        {
            throw PythonError.Value(message);
        }
    }

    /// <summary>Runs <paramref name="call"/>, turning a failed libc call into OSError.</summary>
    private static T OSErrors<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SignalSystemException e)
        {
            throw PythonError.OS(e.Errno);
        }
    }

    private static void OSErrors(Action call) => OSErrors(() =>
    {
        call();
        return 0;
    });
}
