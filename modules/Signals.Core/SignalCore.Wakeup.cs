using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary>
    /// The fd the OS-level handler writes each Python-handled signal's number to (-1: none).
    /// </summary>
    public static void SetWakeupFd(int fd, bool warnOnFullBuffer) =>
        SignalsNative.signals_native_set_wakeup(fd, warnOnFullBuffer ? 1 : 0);

    /// <summary>
    /// The failed wakeup writes since the previous call (each is reported once, as CPython reports
    /// each) and the errno of the last one; (0, 0) when none failed.
    /// </summary>
    public static (int Failures, int Errno) TakeWakeupWriteFailures()
    {
        int errno;
        int failures = SignalsNative.signals_native_take_wakeup_failures(&errno);
        return (failures, failures == 0 ? 0 : errno);
    }

    /// <summary>
    /// Whether <paramref name="fd"/> is open and non-blocking; throws <see cref="SignalSystemException"/>
    /// when it is not open (CPython checks it with fstat, then fcntl).
    /// </summary>
    public static bool IsNonBlocking(int fd)
    {
        int flags = Libc.fcntl_getfl(fd, Libc.F_GETFL);
        if (flags == -1)
        {
            throw new SignalSystemException(Marshal.GetLastPInvokeError());
        }

        return (flags & Libc.O_NONBLOCK) != 0;
    }
}
