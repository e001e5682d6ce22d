using Signals.Core;

namespace Signals.Module;

public sealed partial class SignalModule
{
    /// <summary>
    /// Checks one member of a signal set as CPython's <c>_Py_Sigset_Converter</c> does, in order:
    /// out of range is a ValueError (<paramref name="overflow"/>: the int did not fit a C long, shown
    /// as -1); a number libc will not put in a set (glibc's 32 and 33) gets a RuntimeWarning and is
    /// left out (null), so idioms such as <c>range(1, NSIG)</c> keep working.
    /// </summary>
    public int? CheckSetMember(long signum, bool overflow)
    {
        if (overflow || signum <= 0 || signum >= NSig)
        {
            throw PythonError.Value(Surface.SetOutOfRange(overflow ? -1 : signum, NSig));
        }

        if (!SignalCore.IsValidInSet((int)signum))
        {
            _engine.WarnRuntime(Messages.InvalidSignalInSet(signum));
            return null;
        }

        return (int)signum;
    }

    /// <summary><c>pthread_sigmask(how, mask, /)</c>: the previous mask; handlers of unblocked signals run before it returns.</summary>
    public IReadOnlyList<int> PthreadSigmask(int how, IReadOnlyList<int> mask)
    {
        IReadOnlyList<int> previous = OSErrors(() => SignalCore.SetThreadMask(how, mask));
        _engine.RunPendingHandlers();
        return previous;
    }

    /// <summary><c>sigpending()</c>.</summary>
    public static IReadOnlyList<int> SigPending() => OSErrors(SignalCore.Pending);

    /// <summary><c>sigwait(sigset, /)</c>: no retry on EINTR, as CPython.</summary>
    public int SigWait(IReadOnlyList<int> signals) =>
        OSErrors(() => _engine.Blocking(() => SignalCore.Wait(signals)));

    /// <summary><c>sigwaitinfo(sigset, /)</c>: retried after EINTR once the handlers ran (PEP 475).</summary>
    public SignalInfo SigWaitInfo(IReadOnlyList<int> signals)
    {
        while (true)
        {
            int errno = 0;
            SignalInfo? info = _engine.Blocking(() => SignalCore.WaitInfo(signals, null, out errno));
            if (info is SignalInfo taken)
            {
                return taken;
            }

            if (errno != Errno.EINTR)
            {
                throw PythonError.OS(errno);
            }

            _engine.RunPendingHandlers();
        }
    }

    /// <summary>
    /// <c>sigtimedwait(sigset, timeout, /)</c>: null (None) on time-out; after EINTR the handlers run
    /// and the wait resumes with the time that is left.
    /// </summary>
    public SignalInfo? SigTimedWait(IReadOnlyList<int> signals, long timeoutNanoseconds)
    {
        if (timeoutNanoseconds < 0)
        {
            throw PythonError.Value(Messages.TimeoutNegative);
        }

        long deadline = MonotonicNanoseconds() + timeoutNanoseconds;
        long remaining = timeoutNanoseconds;
        while (true)
        {
            int errno = 0;
            long wait = remaining;
            SignalInfo? info = _engine.Blocking(() => SignalCore.WaitInfo(signals, wait, out errno));
            if (info is not null)
            {
                return info;
            }

            if (errno == Errno.EAGAIN)
            {
                return null;
            }

            if (errno != Errno.EINTR)
            {
                throw PythonError.OS(errno);
            }

            _engine.RunPendingHandlers();
            remaining = deadline - MonotonicNanoseconds();
            if (remaining < 0)
            {
                return null;
            }
        }
    }

    /// <summary>Valid signal numbers (<c>valid_signals()</c>).</summary>
    public static IReadOnlyList<int> ValidSignals() => SignalCore.ValidSignals();

    private static long MonotonicNanoseconds() =>
        (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency));
}
