using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary><c>sigwait</c>: the signal taken, or <see cref="SignalSystemException"/>.</summary>
    public static int Wait(IEnumerable<int> signals)
    {
        Libc.SigSet set = ToSet(signals);
        int signum;
        CheckReturned(Libc.sigwait(&set, &signum));
        return signum;
    }

    /// <summary>
    /// One <c>sigwaitinfo</c> (no <paramref name="timeoutNanoseconds"/>) or <c>sigtimedwait</c> call.
    /// Returns the signal's info, or null with <paramref name="errno"/> set (EINTR: interrupted by a
    /// handler, EAGAIN: timed out); the caller decides whether to retry.
    /// </summary>
    public static SignalInfo? WaitInfo(IEnumerable<int> signals, long? timeoutNanoseconds, out int errno)
    {
        Libc.SigSet set = ToSet(signals);
        Libc.SigInfo info;
        int result;
        if (timeoutNanoseconds is long nanoseconds)
        {
            var timeout = new Libc.TimeSpec
            {
                Seconds = nanoseconds / 1_000_000_000,
                Nanoseconds = nanoseconds % 1_000_000_000,
            };
            result = Libc.sigtimedwait(&set, &info, &timeout);
        }
        else
        {
            result = Libc.sigwaitinfo(&set, &info);
        }

        if (result == -1)
        {
            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new SignalInfo(info.Signo, info.Code, info.Errno, info.Pid, info.Uid, info.Status, info.Band);
    }

    /// <summary><c>pause()</c>: returns when a handler has run.</summary>
    public static void Pause() => Libc.pause();
}
