using Signals.Core;

namespace Signals.Module;

/// <summary>The signal names <c>_signal</c> exports on Linux, with their numbers (alias names included).</summary>
public static class SignalNames
{
    /// <summary>
    /// Numbers shared by every Linux architecture the project supports (x86_64, aarch64), in the order
    /// CPython adds them to its module (its <c>__dict__</c>, and <c>signal</c>'s globals, keep it: code
    /// that maps numbers to names by walking them picks the same alias).
    /// </summary>
    private static readonly SignalName[] s_fixed =
    [
        new("SIGHUP", 1), new("SIGINT", 2), new("SIGQUIT", 3), new("SIGILL", 4), new("SIGTRAP", 5), new("SIGIOT", 6),
        new("SIGABRT", 6), new("SIGFPE", 8), new("SIGKILL", 9), new("SIGBUS", 7), new("SIGSEGV", 11), new("SIGSYS", 31),
        new("SIGPIPE", 13), new("SIGALRM", 14), new("SIGTERM", 15), new("SIGUSR1", 10), new("SIGUSR2", 12),
        new("SIGCLD", 17), new("SIGCHLD", 17), new("SIGPWR", 30), new("SIGIO", 29), new("SIGURG", 23),
        new("SIGWINCH", 28), new("SIGPOLL", 29), new("SIGSTOP", 19), new("SIGTSTP", 20), new("SIGCONT", 18),
        new("SIGTTIN", 21), new("SIGTTOU", 22), new("SIGVTALRM", 26), new("SIGPROF", 27), new("SIGXCPU", 24),
        new("SIGXFSZ", 25),
    ];

    /// <summary>Every name, with SIGRTMIN and SIGRTMAX as libc reports them at run time.</summary>
    public static IReadOnlyList<SignalName> All => Entries;

    /// <summary><see cref="All"/> as an array (iterated without an interface, see <see cref="SignalName"/>).</summary>
    internal static readonly SignalName[] Entries = WithRealtimeLimits(s_fixed);

    /// <summary>
    /// The number of a signal named as Python's <c>signal</c> module spells it (<c>SIGTERM</c>,
    /// <c>SIGRTMIN+2</c>, <c>SIGRTMAX-1</c>; the <c>SIG</c> prefix may be left out), or null.
    /// </summary>
    public static int? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string full = name.StartsWith("SIG", StringComparison.Ordinal) ? name : "SIG" + name;
        int offset = 0;
        int sign = full.IndexOfAny(['+', '-']);
        if (sign > 0)
        {
            if (!int.TryParse(full.AsSpan(sign + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset))
            {
                return null;
            }

            offset = full[sign] == '-' ? -offset : offset;
            full = full[..sign];
            if (full is not ("SIGRTMIN" or "SIGRTMAX"))
            {
                return null;
            }
        }

        foreach (SignalName entry in Entries)
        {
            if (entry.Name == full)
            {
                int number = entry.Number + offset;
                bool inRange = offset == 0 || (number >= SignalCore.SigRtMin && number <= SignalCore.SigRtMax);
                return inRange ? number : null;
            }
        }

        return null;
    }

    /// <summary><paramref name="fixedNames"/>, the realtime limits, then SIGSTKFLT (CPython 3.11 added it last).</summary>
    private static SignalName[] WithRealtimeLimits(SignalName[] fixedNames)
    {
        var all = new SignalName[fixedNames.Length + 3];
        Array.Copy(fixedNames, all, fixedNames.Length);
        all[^3] = new SignalName("SIGRTMIN", SignalCore.SigRtMin);
        all[^2] = new SignalName("SIGRTMAX", SignalCore.SigRtMax);
        all[^1] = new SignalName("SIGSTKFLT", 16);
        return all;
    }
}

/// <summary>A signal's name (<c>SIGINT</c>) and its number.</summary>
/// <remarks>A type of the project's own rather than a tuple: its code is precompiled (ReadyToRun) with
/// the assembly, where a framework generic over a value type would be compiled at start-up.</remarks>
public readonly record struct SignalName(string Name, int Number);
