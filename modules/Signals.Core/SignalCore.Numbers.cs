using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary>One more than the highest signal number (CPython's NSIG), read from libc at run time.</summary>
    public static int NSig => Limits.NSig;

    /// <summary>The first real-time signal libc leaves to programs (glibc keeps 32 and 33).</summary>
    public static int SigRtMin => Limits.SigRtMin;

    public static int SigRtMax => Limits.SigRtMax;

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

    /// <summary>
    /// Read once, on first use. A nested class, so other static fields of <see cref="SignalCore"/>
    /// (in other files, whose initialisation order C# leaves open) can size arrays with them.
    /// </summary>
    private static class Limits
    {
        public static readonly int SigRtMin = Libc.__libc_current_sigrtmin();
        public static readonly int SigRtMax = Libc.__libc_current_sigrtmax();
        public static readonly int NSig = SigRtMax + 1;
    }

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
