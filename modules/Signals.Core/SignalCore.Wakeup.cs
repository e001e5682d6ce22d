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

    /// <summary>The errno of the last failed wakeup write since the previous call, or 0.</summary>
    public static int TakeWakeupWriteError() => SignalsNative.signals_native_take_wakeup_errno();

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
