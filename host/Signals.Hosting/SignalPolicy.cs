using Signals.Module;

namespace Signals.Hosting;

/// <summary>
/// Decides which signals scripts may handle or ignore with <c>signal.signal</c>. A denied call raises
/// <c>OSError: [Errno 1] ...</c> in the script, naming the policy. Every policy also denies the
/// host's own cancellation signal (SIGRTMAX); the .NET runtime's signals (its GC signal and the
/// hardware faults) are refused by the module itself.
/// </summary>
public sealed class SignalPolicy : ISignalPolicy
{
    private readonly HashSet<int> _denied;

    /// <param name="name">Shown in the script's error.</param>
    /// <param name="denied">Signal numbers scripts may not handle or ignore (restoring SIG_DFL stays allowed).</param>
    public SignalPolicy(string name, IEnumerable<int> denied)
    {
        Name = name;
        _denied = [.. denied];
    }

    /// <summary>Scripts may handle every signal the process allows; only the host's own is kept.</summary>
    public static SignalPolicy Default { get; } = new("Default", []);

    public string Name { get; }

    /// <summary>The signal that carries cancellation to scripts (SIGRTMAX), kept by every policy.</summary>
    public static int CancellationSignal => Signals.Core.SignalCore.SigRtMax;

    public string? Deny(int signum, HandlerKind kind)
    {
        bool denied = signum == CancellationSignal || (_denied.Contains(signum) && kind != HandlerKind.Default);
        return denied ? $"signal {signum} is reserved by the host's signal policy '{Name}'" : null;
    }
}
