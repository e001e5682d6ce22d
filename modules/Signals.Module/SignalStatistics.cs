using Signals.Core;

namespace Signals.Module;

/// <summary>
/// Process-wide counts of what happened to signals, for observability: received (by the OS-level
/// handler), delivered (Python handlers run), failed wakeup writes; and an event per handler run.
/// </summary>
public static class SignalStatistics
{
    private static readonly long[] s_delivered = new long[SignalCore.NSig];
    private static long s_wakeupWriteFailures;
    private static long s_ignoredByRace;

    /// <summary>Raised on the interpreter's main thread after each Python handler ran: (signum, seconds).</summary>
    public static event Action<int, double>? HandlerRan;

    /// <summary>Times the OS-level handler ran for <paramref name="signum"/>.</summary>
    public static ulong Received(int signum) => SignalCore.Received(signum);

    /// <summary>Python handler runs for <paramref name="signum"/> (fewer than received when signals coalesced).</summary>
    public static long Delivered(int signum) => Interlocked.Read(ref s_delivered[signum]);

    /// <summary>Failed writes to the wakeup fd since start-up.</summary>
    public static long WakeupWriteFailures => Interlocked.Read(ref s_wakeupWriteFailures);

    /// <summary>Signals that arrived for a handler replaced by SIG_DFL/SIG_IGN before it ran.</summary>
    public static long IgnoredByRace => Interlocked.Read(ref s_ignoredByRace);

    /// <summary>Records one handler call for <paramref name="signum"/> and how long it took.</summary>
    public static void RecordDelivery(int signum, double seconds)
    {
        if (signum > 0 && signum < s_delivered.Length)
        {
            Interlocked.Increment(ref s_delivered[signum]);
        }

        HandlerRan?.Invoke(signum, seconds);
    }

    /// <summary>Records one failed write to the wakeup fd.</summary>
    public static void RecordWakeupWriteFailure() => Interlocked.Increment(ref s_wakeupWriteFailures);

    /// <summary>Records one signal ignored because its handler was being replaced.</summary>
    public static void RecordIgnoredByRace() => Interlocked.Increment(ref s_ignoredByRace);
}
