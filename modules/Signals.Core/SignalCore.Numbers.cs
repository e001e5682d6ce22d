using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary>One more than the highest signal number (CPython's NSIG), read from libc at run time.</summary>
    public static int NSig { get; } = Libc.__libc_current_sigrtmax() + 1;

    /// <summary>The first real-time signal libc leaves to programs (glibc keeps 32 and 33).</summary>
    public static int SigRtMin { get; } = Libc.__libc_current_sigrtmin();

    public static int SigRtMax { get; } = Libc.__libc_current_sigrtmax();

    /// <summary>Signals a program may name in a mask: every number <c>sigfillset</c> includes.</summary>
    public static IReadOnlyList<int> ValidSignals()
    {
        Libc.SigSet set;
        Libc.sigemptyset(&set);
        Libc.sigfillset(&set);
        return Members(&set);
    }

    /// <summary>libc's description of <paramref name="signum"/>, or null where it has none.</summary>
    public static string? StrSignal(int signum)
    {
        string? text = Marshal.PtrToStringUTF8(Libc.strsignal(signum));
        return text is null || text.Contains("Unknown signal", StringComparison.Ordinal) ? null : text;
    }

    /// <summary>Whether the calling thread is the process's initial thread.</summary>
    public static bool OnInitialThread => Libc.gettid() == Libc.getpid();

    private static IReadOnlyList<int> Members(Libc.SigSet* set)
    {
        var members = new List<int>();
        for (int signum = 1; signum < NSig; signum++)
        {
            if (Libc.sigismember(set, signum) == 1)
            {
                members.Add(signum);
            }
        }

        return members;
    }

    /// <summary>
    /// Builds a native set; numbers libc refuses (glibc's own 32 and 33) are reported through
    /// <paramref name="refused"/> and left out, as CPython's converter does after its warning.
    /// </summary>
    private static Libc.SigSet ToSet(IEnumerable<int> signals, Action<int>? refused = null)
    {
        Libc.SigSet set;
        Libc.sigemptyset(&set);
        foreach (int signum in signals)
        {
            if (Libc.sigaddset(&set, signum) != 0)
            {
                refused?.Invoke(signum);
            }
        }

        return set;
    }
}
