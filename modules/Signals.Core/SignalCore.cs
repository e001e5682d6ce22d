using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>
/// The native-signal core: process-wide signal state (dispositions, masks, waits, timers, sending)
/// over real libc calls, engine-neutral. The OS-level handler it installs is native
/// (native/signal_handler.c); this class makes every decision and publishes it there.
/// </summary>
public static unsafe partial class SignalCore
{
    /// <summary>Throws <see cref="SignalSystemException"/> with the last errno when <paramref name="result"/> is -1.</summary>
    private static int Check(int result)
    {
        if (result == -1)
        {
            throw new SignalSystemException(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        return result;
    }

    /// <summary>For calls that return an error number instead of setting errno.</summary>
    private static void CheckReturned(int error)
    {
        if (error != 0)
        {
            throw new SignalSystemException(error);
        }
    }
}
