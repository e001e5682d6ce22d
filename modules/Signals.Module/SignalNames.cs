using Signals.Core;

namespace Signals.Module;

/// <summary>The signal names <c>_signal</c> exports on Linux, with their numbers (alias names included).</summary>
public static class SignalNames
{
    /// <summary>Numbers shared by every Linux architecture the project supports (x86_64, aarch64).</summary>
    private static readonly SignalName[] s_fixed =
    [
        new("SIGHUP", 1), new("SIGINT", 2), new("SIGQUIT", 3), new("SIGILL", 4), new("SIGTRAP", 5), new("SIGABRT", 6),
        new("SIGIOT", 6), new("SIGBUS", 7), new("SIGFPE", 8), new("SIGKILL", 9), new("SIGUSR1", 10), new("SIGSEGV", 11),
        new("SIGUSR2", 12), new("SIGPIPE", 13), new("SIGALRM", 14), new("SIGTERM", 15), new("SIGSTKFLT", 16),
        new("SIGCHLD", 17), new("SIGCLD", 17), new("SIGCONT", 18), new("SIGSTOP", 19), new("SIGTSTP", 20),
        new("SIGTTIN", 21), new("SIGTTOU", 22), new("SIGURG", 23), new("SIGXCPU", 24), new("SIGXFSZ", 25),
        new("SIGVTALRM", 26), new("SIGPROF", 27), new("SIGWINCH", 28), new("SIGIO", 29), new("SIGPOLL", 29),
        new("SIGPWR", 30), new("SIGSYS", 31),
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

    private static SignalName[] WithRealtimeLimits(SignalName[] fixedNames)
    {
        var all = new SignalName[fixedNames.Length + 2];
        Array.Copy(fixedNames, all, fixedNames.Length);
        all[^2] = new SignalName("SIGRTMIN", SignalCore.SigRtMin);
        all[^1] = new SignalName("SIGRTMAX", SignalCore.SigRtMax);
        return all;
    }
}

/// <summary>A signal's name (<c>SIGINT</c>) and its number.</summary>
/// <remarks>A type of the project's own rather than a tuple: its code is precompiled (ReadyToRun) with
/// the assembly, where a framework generic over a value type would be compiled at start-up.</remarks>
public readonly record struct SignalName(string Name, int Number);
