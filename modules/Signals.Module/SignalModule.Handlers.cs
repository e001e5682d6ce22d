using Signals.Core;

namespace Signals.Module;

public sealed partial class SignalModule
{
    /// <summary>
    /// First half of what <c>_signal</c>'s execution does (CPython's <c>signal_get_set_handlers</c>):
    /// records each signal's disposition as the process has it. A handler of the .NET runtime's own
    /// (fault signals, its GC signal) is recorded as SIG_DFL: a Python program sees the process as
    /// python3.11 would. Other foreign handlers (faulthandler's, say) are recorded as None, as CPython does.
    /// </summary>
    public void RecordDispositionsOnly()
    {
        for (int signum = 1; signum < NSig; signum++)
        {
            (HandlerHandle recorded, _kinds[signum]) = Disposition(signum) switch
            {
                DispositionKind.Default => (SigDfl, HandlerKind.Default),
                DispositionKind.Ignored => (SigIgn, HandlerKind.Ignore),
                _ => (None, HandlerKind.Invalid),
            };
            _handlers[signum] = _engine.NewReference(recorded);
        }
    }

    /// <summary>Second half: <c>default_int_handler</c> for SIGINT if SIGINT was at its default.</summary>
    public void InstallStartupHandlers()
    {
        if (_kinds[SigInt] == HandlerKind.Default)
        {
            _engine.Release(Install(SigInt, _engine.NewReference(DefaultIntHandler), HandlerKind.Callable));
        }
    }

    private static DispositionKind? Disposition(int signum)
    {
        try
        {
            DispositionKind kind = SignalCore.Current(signum);
            return kind == DispositionKind.Foreign && SignalCore.HeldByRuntime(signum) ? DispositionKind.Default : kind;
        }
        catch (SignalSystemException)
        {
            return null; // glibc refuses its own 32 and 33: CPython records None.
        }
    }

    /// <summary><c>signal(signalnum, handler, /)</c>: returns the previous handler (owned by the caller).</summary>
    public HandlerHandle Signal(int signum, HandlerHandle handler, HandlerKind kind)
    {
        CheckMainThread(Messages.SignalOnlyInMainThread);
        CheckRange(signum);
        if (kind == HandlerKind.Invalid)
        {
            throw PythonError.Type(Messages.BadHandler);
        }

        if (Policy?.Deny(signum, kind) is string denial)
        {
            throw PythonError.OS(Errno.EPERM, denial);
        }

        _engine.RunPendingHandlers();
        return Install(signum, handler, kind);
    }

    /// <summary>The host's signal policy; null: every signal the process allows.</summary>
    public ISignalPolicy? Policy { get; set; }

    /// <summary>
    /// Installs a handler of the host's own (bypassing <see cref="Policy"/>), e.g. the carrier of
    /// cancellation requests. Returns the previous handler (owned by the caller).
    /// </summary>
    public HandlerHandle InstallHostHandler(int signum, HandlerHandle handler) => Install(signum, handler, HandlerKind.Callable);

    /// <summary>
    /// Before the engine shuts down: points the engine's trip table back at SIG_DFL for every
    /// signal, without touching OS dispositions, so the engine's own finalisation (which resets the
    /// signals its table handles) leaves the process's handlers alone; the core then restores them.
    /// </summary>
    public void DetachFromEngine()
    {
        for (int signum = 1; signum < NSig; signum++)
        {
            if (_tripKinds[signum] == HandlerKind.Callable)
            {
                using (SignalCore.Block(signum))
                using (SignalCore.PreserveDisposition(signum))
                {
                    _engine.SetTripTable(signum, HandlerKind.Default);
                }

                _tripKinds[signum] = HandlerKind.Default;
            }
        }
    }

    private HandlerHandle Install(int signum, HandlerHandle handler, HandlerKind kind)
    {
        if (SignalCore.IsReservedByRuntime(signum))
        {
            // The runtime's handler stays; SIG_DFL and SIG_IGN are recorded, a Python handler cannot be.
            if (kind == HandlerKind.Callable)
            {
                throw PythonError.OS(Errno.EINVAL);
            }

            // Real faults stay .NET's; a fault signal someone sends follows SIG_DFL or SIG_IGN.
            SignalCore.SetSentFaultKills(signum, kills: kind == HandlerKind.Default);
        }
        else
        {
            // The trip table only tells "run the module's handler" from SIG_DFL and SIG_IGN. Once
            // it points at the module for a signal, it stays so: a later SIG_DFL or SIG_IGN is the
            // kernel's action and the native flags (no trip happens), and a trip still pending is
            // served by HandlerToRun as CPython serves it ("ignored due to race condition"). So
            // replacing handlers in a loop costs what it costs in CPython: one sigaction. Filling
            // it goes through CPython's built-in signal.signal, which sets a disposition of its
            // own: a handler it replaced is put back at once (SIG_DFL/SIG_IGN are not re-set: that
            // would discard a pending signal), and the core sets the final disposition right after.
            if (_tripKinds[signum] != kind && _tripKinds[signum] != HandlerKind.Callable)
            {
                using (SignalCore.PreserveDisposition(signum))
                {
                    _engine.SetTripTable(signum, kind);
                }

                _tripKinds[signum] = kind;
            }

            try
            {
                if (kind == HandlerKind.Callable)
                {
                    SignalCore.InstallPythonHandler(signum);
                }
                else
                {
                    SignalCore.SetDefaultOrIgnored(signum, ignore: kind == HandlerKind.Ignore);
                }
            }
            catch (SignalSystemException e)
            {
                throw PythonError.OS(e.Errno); // as OSErrors, without a closure on signal()'s path
            }
        }

        HandlerHandle previous = _handlers[signum].IsEmpty ? _engine.NewReference(None) : _handlers[signum];
        _handlers[signum] = handler;
        _kinds[signum] = kind;
        if (CheckStateAfterChanges && CheckState(signum) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("signal state read back differs: " + string.Join("; ", problems));
        }

        return previous;
    }

    /// <summary>
    /// Whether every handler change is read back and compared (<see cref="CheckState"/>); a debugging
    /// aid, on when SIGHOST_CHECK_SIGNAL_STATE=1. A difference fails the <c>signal.signal</c> call
    /// (SystemError in Python).
    /// </summary>
    public static bool CheckStateAfterChanges { get; set; } = Environment.GetEnvironmentVariable("SIGHOST_CHECK_SIGNAL_STATE") == "1";

    /// <summary>
    /// Reads every place that holds <paramref name="signum"/>'s state back and compares them: the
    /// module's handler and kind, what the engine's trip table was set to, and the core's record
    /// against the native flags and the kernel (<see cref="SignalCore.CheckRecords"/>). Empty when
    /// they agree.
    /// </summary>
    public IReadOnlyList<string> CheckState(int signum)
    {
        var problems = new List<string>();
        HandlerKind kind = _kinds[signum];
        if (kind == HandlerKind.Callable && _tripKinds[signum] != HandlerKind.Callable && !SignalCore.IsReservedByRuntime(signum))
        {
            problems.Add($"signal {signum}: a Python handler, but the engine's trip table does not point at the module");
        }

        if ((kind is HandlerKind.Callable or HandlerKind.Default or HandlerKind.Ignore) == _handlers[signum].IsEmpty)
        {
            problems.Add($"signal {signum}: kind {kind} with {(_handlers[signum].IsEmpty ? "no" : "a")} recorded object");
        }

        problems.AddRange(SignalCore.CheckRecords(signum, pythonHandles: kind == HandlerKind.Callable));
        return problems;
    }

    /// <summary><c>getsignal(signalnum, /)</c>: the very object recorded.</summary>
    public HandlerHandle GetSignal(int signum)
    {
        CheckRange(signum);
        return _handlers[signum].IsEmpty ? None : _handlers[signum];
    }

    /// <summary>
    /// Called by the interpreter (through the trip table) when <paramref name="signum"/> was tripped:
    /// reports a failed wakeup write first, then returns the Python handler to call, or the empty
    /// handle when the signal's handler is SIG_DFL or SIG_IGN. <paramref name="ignoredByRace"/> is then
    /// true when a delivered signal was pending as its handler was replaced (CPython reports "Signal N
    /// ignored due to race condition"), false when the trip was not a delivery (<c>interrupt_main</c>
    /// of a signal at SIG_DFL/SIG_IGN does nothing in CPython) or the handlers were let go at shutdown.
    /// </summary>
    public HandlerHandle HandlerToRun(int signum, out bool ignoredByRace)
    {
        ReportWakeupWriteError();
        ignoredByRace = false;
        if (signum <= 0 || signum >= NSig)
        {
            return default;
        }

        bool delivered = SignalCore.TakeDelivered(signum);
        if (_kinds[signum] == HandlerKind.Callable)
        {
            return _handlers[signum];
        }

        ignoredByRace = delivered && !HandlersReleased;
        return default;
    }

    /// <summary>
    /// The handlers were let go at shutdown: a signal tripped just before that is dropped silently
    /// (signals arriving during shutdown do not run Python handlers; README, differences).
    /// </summary>
    public bool HandlersReleased { get; private set; }

    /// <summary>
    /// At shutdown (after the program's atexit callbacks, once signals no longer trip the engine):
    /// lets go of every recorded handler, as CPython's finalisation does, so what a handler keeps
    /// alive (its module's globals, open files) is collected and flushed.
    /// </summary>
    public void ReleaseHandlers()
    {
        HandlersReleased = true;
        for (int signum = 1; signum < NSig; signum++)
        {
            if (_handlers[signum] is { IsEmpty: false } handler)
            {
                _handlers[signum] = default;
                _engine.Release(handler);
            }
        }
    }

    /// <summary><c>siginterrupt(signalnum, flag, /)</c>.</summary>
    public void SigInterrupt(int signum, bool flag)
    {
        CheckRange(signum);
        OSErrors(() => SignalCore.SetInterrupt(signum, flag));
    }

    /// <summary><c>strsignal(signalnum, /)</c>: the description, or null (None).</summary>
    public static string? StrSignal(int signum)
    {
        CheckRange(signum);
        return SignalCore.StrSignal(signum);
    }
}
