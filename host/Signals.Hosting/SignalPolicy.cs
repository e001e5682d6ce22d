using System.Runtime.InteropServices;

namespace Signals.Hosting;

/// <summary>
/// Decides which signals scripts may handle or ignore with <c>signal.signal</c>. A denied call raises
/// <c>OSError: [Errno 1] ...</c> in the script, naming the policy; setting SIG_DFL stays allowed.
/// Every policy also denies the host's own cancellation signal (SIGRTMAX); the .NET runtime's signals
/// (its GC signal and the hardware faults) are refused by the module itself.
/// </summary>
public sealed class SignalPolicy
{
    private readonly HashSet<int> _denied;

    /// <param name="name">Shown in the script's error.</param>
    /// <param name="denied">Signal numbers scripts may not handle or ignore.</param>
    /// <exception cref="ArgumentOutOfRangeException">A number that is not a signal of this system.</exception>
    public SignalPolicy(string name, IEnumerable<int> denied)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(denied);
        Name = name;
        _denied = [];
        foreach (int signum in denied)
        {
            _denied.Add(Checked(signum, nameof(denied)));
        }
    }

    /// <param name="name">Shown in the script's error.</param>
    /// <param name="denied">
    /// Signals scripts may not handle or ignore: .NET's named ones (<see cref="PosixSignal.SIGTERM"/>,
    /// ...) or any other number cast to <see cref="PosixSignal"/>, as <see cref="PosixSignalRegistration"/> takes them.
    /// </param>
    public SignalPolicy(string name, IEnumerable<PosixSignal> denied)
        : this(name, Numbers(denied))
    {
    }

    /// <param name="name">Shown in the script's error.</param>
    /// <param name="denied">Signal names as Python's <c>signal</c> module spells them: <c>SIGTERM</c>,
    /// <c>SIGRTMIN+2</c>, <c>SIGRTMAX-1</c> (the <c>SIG</c> prefix may be left out).</param>
    /// <exception cref="ArgumentException">A name that is not a signal of this system.</exception>
    public SignalPolicy(string name, IEnumerable<string> denied)
        : this(name, Numbers(denied))
    {
    }

    /// <summary>Scripts may handle every signal the process allows; only the host's own is kept.</summary>
    public static SignalPolicy Default { get; } = new("Default", Array.Empty<int>());

    /// <summary>Shown in the script's error.</summary>
    public string Name { get; }

    /// <summary>The signal numbers scripts may not handle or ignore (besides <see cref="CancellationSignal"/>).</summary>
    public IReadOnlyCollection<int> Denied => _denied;

    /// <summary>The signal that carries cancellation to scripts (SIGRTMAX), kept by every policy.</summary>
    public static int CancellationSignal => Signals.Core.SignalCore.SigRtMax;

    /// <summary>
    /// Null when a script may set <paramref name="signum"/>'s handler (<paramref name="toDefault"/>:
    /// to SIG_DFL); otherwise the explanation its OSError carries.
    /// </summary>
    internal string? Denial(int signum, bool toDefault)
    {
        bool denied = signum == CancellationSignal || (_denied.Contains(signum) && !toDefault);
        return denied ? $"signal {signum} is reserved by the host's signal policy '{Name}'" : null;
    }

    private static int Checked(int signum, string parameter) =>
        signum >= 1 && signum < Signals.Core.SignalCore.NSig
            ? signum
            : throw new ArgumentOutOfRangeException(parameter, signum, $"not a signal number (1 to {Signals.Core.SignalCore.NSig - 1})");

    /// <summary>.NET's <see cref="PosixSignal"/> names are negative stand-ins; other values are raw numbers.</summary>
    private static IEnumerable<int> Numbers(IEnumerable<PosixSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        foreach (PosixSignal signal in signals)
        {
            // PosixSignal's named members are .NET's negative stand-ins (PosixSignal.SIGHUP is -1, ...,
            // SIGTSTP -10, as in System.Runtime.InteropServices); compared by value, since several are
            // marked unsupported on Windows.
            yield return (int)signal switch
            {
                -1 => 1,   // SIGHUP
                -2 => 2,   // SIGINT
                -3 => 3,   // SIGQUIT
                -4 => 15,  // SIGTERM
                -5 => 17,  // SIGCHLD
                -6 => 18,  // SIGCONT
                -7 => 28,  // SIGWINCH
                -8 => 21,  // SIGTTIN
                -9 => 22,  // SIGTTOU
                -10 => 20, // SIGTSTP
                > 0 and int number => number,
                _ => throw new ArgumentOutOfRangeException(nameof(signals), signal, "not a signal"),
            };
        }
    }

    private static IEnumerable<int> Numbers(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (string name in names)
        {
            yield return Signals.Module.SignalNames.Parse(name)
                ?? throw new ArgumentException($"'{name}' is not a signal name of this system (SIGTERM, SIGRTMIN+2, ...)", nameof(names));
        }
    }
}
